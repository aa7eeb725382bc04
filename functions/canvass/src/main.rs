//! Lambda entry point of the `canvass` function.

#[tokio::main]
async fn main() -> Result<(), shared::lambda::Error> {
    shared::telemetry::init_from_env();
    let state = shared::AppState::from_env().await?;
    shared::lambda::run_http(shared::http::app(canvass::router(), state)).await
}
