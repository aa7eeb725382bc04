//! `AppState`: everything a handler needs, built once per cold start.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, SdkConfig};
use deadpool_postgres::Pool;

use crate::auth::JwtKeys;
use crate::config::{Config, ConfigError};
use crate::db;
use crate::email::Mailer;

/// Shared, cheaply cloned application state.
#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    pub db: Pool,
    pub jwt: Arc<JwtKeys>,
    pub aws: AwsClients,
    /// Sends email by the configured transport.
    pub mailer: Mailer,
}

/// Clients for the AWS services the fleet uses, each built at its first use, so
/// a function links and sets up only the ones it calls (a function that sends
/// no email has no SES client). Building them does no I/O.
#[derive(Clone)]
pub struct AwsClients {
    sdk: Arc<SdkConfig>,
    s3: Arc<OnceLock<aws_sdk_s3::Client>>,
    sqs: Arc<OnceLock<aws_sdk_sqs::Client>>,
    ses: Arc<OnceLock<aws_sdk_ses::Client>>,
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
        Self {
            sdk: Arc::new(sdk.clone()),
            s3: Arc::default(),
            sqs: Arc::default(),
            ses: Arc::default(),
        }
    }

    /// S3, for the media bucket.
    pub fn s3(&self) -> &aws_sdk_s3::Client {
        self.s3.get_or_init(|| {
            let overridden = self.sdk.endpoint_url().is_some()
                || std::env::var_os("AWS_ENDPOINT_URL_S3").is_some();
            aws_sdk_s3::Client::from_conf(s3_config(&self.sdk, overridden))
        })
    }

    /// SQS, for the job queues.
    pub fn sqs(&self) -> &aws_sdk_sqs::Client {
        self.sqs.get_or_init(|| aws_sdk_sqs::Client::new(&self.sdk))
    }

    /// SES v1: `SendRawEmail` and `VerifyEmailIdentity` are what AWS, LocalStack
    /// and moto all answer.
    pub fn ses(&self) -> &aws_sdk_ses::Client {
        self.ses.get_or_init(|| aws_sdk_ses::Client::new(&self.sdk))
    }

    /// These clients with `sqs` for SQS (a test's proxy in front of the queues).
    pub fn with_sqs(self, sqs: aws_sdk_sqs::Client) -> Self {
        Self {
            sqs: Arc::new(OnceLock::from(sqs)),
            ..self
        }
    }

    /// These clients with `ses` for SES.
    pub fn with_ses(self, ses: aws_sdk_ses::Client) -> Self {
        Self {
            ses: Arc::new(OnceLock::from(ses)),
            ..self
        }
    }
}

/// S3 settings every S3-compatible store accepts (MinIO, Garage, LocalStack, moto,
/// AWS itself): checksums only where an operation requires one (several stores
/// reject the SDK's default CRC headers and trailers, and a presigned PUT would
/// carry the checksum of an empty body), and path-style addressing whenever the
/// endpoint is overridden (such stores rarely serve `bucket.host` names).
fn s3_config(sdk: &SdkConfig, endpoint_overridden: bool) -> aws_sdk_s3::Config {
    use aws_sdk_s3::config::{RequestChecksumCalculation, ResponseChecksumValidation};
    aws_sdk_s3::config::Builder::from(sdk)
        .request_checksum_calculation(RequestChecksumCalculation::WhenRequired)
        .response_checksum_validation(ResponseChecksumValidation::WhenRequired)
        .force_path_style(endpoint_overridden)
        .build()
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
        crate::telemetry::log_requests_slower_than(config.slow_request);
        let pool = db::pool(&config)?;
        let mailer = Mailer::new(&config, &aws)?;
        Ok(Self {
            jwt: Arc::new(JwtKeys::from_config(&config)),
            config: Arc::new(config),
            db: pool,
            aws,
            mailer,
        })
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use aws_config::{BehaviorVersion, Region, SdkConfig};
    use aws_sdk_s3::config::{Credentials, SharedCredentialsProvider};
    use aws_sdk_s3::presigning::PresigningConfig;

    use super::*;

    fn sdk(endpoint: Option<&str>) -> SdkConfig {
        let mut builder = SdkConfig::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new("us-east-1"))
            .credentials_provider(SharedCredentialsProvider::new(Credentials::new(
                "key", "secret", None, None, "test",
            )));
        if let Some(url) = endpoint {
            builder = builder.endpoint_url(url);
        }
        builder.build()
    }

    async fn presigned_put(sdk: &SdkConfig, overridden: bool) -> String {
        let s3 = aws_sdk_s3::Client::from_conf(s3_config(sdk, overridden));
        let config = PresigningConfig::expires_in(Duration::from_secs(60)).unwrap();
        let request = s3
            .put_object()
            .bucket("media")
            .key("uploads/a.png")
            .content_type("image/png")
            .content_length(42)
            .presigned(config)
            .await
            .unwrap();
        request.uri().to_string()
    }

    #[tokio::test]
    async fn presigned_puts_carry_no_checksum_and_address_the_bucket_by_path() {
        let url = presigned_put(&sdk(Some("http://127.0.0.1:9000")), true).await;
        assert!(
            url.starts_with("http://127.0.0.1:9000/media/uploads/a.png?"),
            "{url}"
        );
        let lower = url.to_ascii_lowercase();
        assert!(!lower.contains("checksum"), "{url}");
        assert!(lower.contains("content-type"), "the type is signed: {url}");
    }

    #[tokio::test]
    async fn without_an_endpoint_override_the_bucket_is_a_host_name() {
        let url = presigned_put(&sdk(None), false).await;
        assert!(
            url.starts_with("https://media.s3.us-east-1.amazonaws.com/uploads/a.png?"),
            "{url}"
        );
        assert!(!url.to_ascii_lowercase().contains("checksum"), "{url}");
    }
}
