//! Lambda entry point of the `scheduler` function (EventBridge schedule).

#[tokio::main]
async fn main() -> Result<(), shared::lambda::Error> {
    shared::telemetry::init_from_env();
    let state = shared::AppState::from_env().await?;
    shared::lambda::run_invoked(|| {
        let state = state.clone();
        async move { Ok(scheduler::tick(&state).await?) }
    })
    .await
}
