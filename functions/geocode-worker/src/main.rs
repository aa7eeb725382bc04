//! Lambda entry point of the `geocode-worker` function (SQS event source).

#[tokio::main]
async fn main() -> Result<(), shared::lambda::Error> {
    shared::telemetry::init_from_env();
    let state = shared::AppState::from_env().await?;
    shared::lambda::run_sqs(|event| {
        let state = state.clone();
        async move { Ok(geocode_worker::handle(&state, event).await) }
    })
    .await
}
