//! Lambda entry point of the `migrate` function (invoked directly, once per deploy).

#[tokio::main]
async fn main() -> Result<(), shared::lambda::Error> {
    shared::telemetry::init_from_env();
    let config = shared::config::Config::from_env()?;
    shared::lambda::run_invoked(|| {
        let url = config.database_url.clone();
        async move {
            let report = migrate::run(&url).await?;
            tracing::info!(?report, "migrations done");
            Ok(report)
        }
    })
    .await
}
