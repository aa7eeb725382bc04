//! Lambda entry point of the `migrate` function (invoked directly, once per deploy).

use lambda_runtime::{LambdaEvent, service_fn};

#[tokio::main]
async fn main() -> Result<(), shared::lambda::Error> {
    shared::telemetry::init_from_env();
    let config = shared::config::Config::from_env()?;
    lambda_runtime::run(service_fn(|_: LambdaEvent<serde_json::Value>| {
        let url = config.database_url.clone();
        async move {
            let report = migrate::run(&url).await?;
            tracing::info!(?report, "migrations done");
            Ok::<_, shared::lambda::Error>(report)
        }
    }))
    .await
}
