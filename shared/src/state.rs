//! `AppState`: everything a handler needs, built once per cold start.

use std::sync::Arc;
use std::time::Duration;

use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, SdkConfig};
use deadpool_postgres::Pool;

use crate::auth::JwtKeys;
use crate::config::{Config, ConfigError};
use crate::db;

/// Shared, cheaply cloned application state.
#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    pub db: Pool,
    pub jwt: Arc<JwtKeys>,
    pub aws: AwsClients,
}

/// Clients for the AWS services the fleet uses. Building them does no I/O.
#[derive(Clone)]
pub struct AwsClients {
    pub s3: aws_sdk_s3::Client,
    pub sqs: aws_sdk_sqs::Client,
    pub ses: aws_sdk_sesv2::Client,
}

/// Start-up failed: the message names what is wrong.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Database(#[from] db::DbSetupError),
}

impl AwsClients {
    /// Builds the clients from the SDK's standard environment (endpoints, region,
    /// credentials), with short timeouts so an outage fails fast.
    pub async fn from_env() -> Self {
        Self::from_sdk_config(&load_sdk_config().await)
    }

    pub fn from_sdk_config(sdk: &SdkConfig) -> Self {
        let overridden =
            sdk.endpoint_url().is_some() || std::env::var_os("AWS_ENDPOINT_URL_S3").is_some();
        let s3_config = aws_sdk_s3::config::Builder::from(sdk)
            .force_path_style(overridden)
            .build();
        Self {
            s3: aws_sdk_s3::Client::from_conf(s3_config),
            sqs: aws_sdk_sqs::Client::new(sdk),
            ses: aws_sdk_sesv2::Client::new(sdk),
        }
    }
}

/// The SDK configuration from the standard AWS environment variables.
pub async fn load_sdk_config() -> SdkConfig {
    aws_config::defaults(BehaviorVersion::latest())
        .timeout_config(
            TimeoutConfig::builder()
                .connect_timeout(Duration::from_secs(2))
                .operation_attempt_timeout(Duration::from_secs(10))
                .build(),
        )
        .load()
        .await
}

impl AppState {
    /// Reads the configuration and the AWS environment; the usual cold start.
    pub async fn from_env() -> Result<Self, StartupError> {
        let config = Config::from_env()?;
        let aws = AwsClients::from_env().await;
        let state = Self::new(config, aws)?;
        state.warm_up().await;
        Ok(state)
    }

    /// Opens the first database connection during the cold start, so the first
    /// request does not pay for it. A failure is logged; requests retry.
    pub async fn warm_up(&self) {
        if let Err(e) = self.db.get().await {
            tracing::warn!(error = %e, "database not reachable at start-up");
        }
    }

    /// Builds the state from parts (tests and the local runner use this).
    pub fn new(config: Config, aws: AwsClients) -> Result<Self, StartupError> {
        let pool = db::pool(&config)?;
        Ok(Self {
            jwt: Arc::new(JwtKeys::from_config(&config)),
            config: Arc::new(config),
            db: pool,
            aws,
        })
    }
}
