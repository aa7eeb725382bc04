//! Creates what the fleet expects to exist in AWS (or an emulator: moto or
//! LocalStack): the media bucket with browser CORS, the email, export, video and geocode queues
//! with their dead-letter queues and redrive policies, and, when email goes out
//! through SES, the sender identity. Every step is idempotent.

use std::collections::HashMap;

use aws_sdk_s3::error::ProvideErrorMetadata;
use aws_sdk_s3::types::{CorsConfiguration, CorsRule};
use aws_sdk_ses::types::IdentityType;
use aws_sdk_sqs::types::QueueAttributeName;
use shared::state::AwsClients;

/// Names and settings of what to create.
#[derive(Debug, Clone)]
pub struct Spec {
    pub bucket: String,
    /// Prefix of the queue names (empty locally; unique per test).
    pub queue_prefix: String,
    /// How long a received message stays hidden before it is retried.
    pub visibility_timeout_secs: u32,
    /// Receives before a message moves to the dead-letter queue.
    pub max_receive_count: u32,
    /// The sender (`EMAIL_FROM`) to verify in SES; `None` when email goes out
    /// through SMTP, where SES has nothing to do.
    pub ses_sender: Option<String>,
    /// Origin allowed to upload from the browser.
    pub site_origin: String,
}

/// Where the queues are.
#[derive(Debug, Clone)]
pub struct Resources {
    pub email_queue_url: String,
    pub email_dlq_url: String,
    pub export_queue_url: String,
    pub export_dlq_url: String,
    pub geocode_queue_url: String,
    pub geocode_dlq_url: String,
    pub video_queue_url: String,
    pub video_dlq_url: String,
}

/// A provisioning step failed.
#[derive(Debug, thiserror::Error)]
#[error("provisioning {step} failed: {message}")]
pub struct ProvisionError {
    step: &'static str,
    message: String,
}

fn fail<E: std::error::Error>(step: &'static str) -> impl FnOnce(E) -> ProvisionError {
    move |e| ProvisionError {
        step,
        message: format!("{}", aws_sdk_sqs::error::DisplayErrorContext(e)),
    }
}

/// Creates the bucket, queues and sender identity when missing.
pub async fn ensure(aws: &AwsClients, spec: &Spec) -> Result<Resources, ProvisionError> {
    ensure_bucket(aws, spec).await?;
    let (email_queue_url, email_dlq_url) = ensure_queue_pair(aws, spec, "email-jobs").await?;
    let (export_queue_url, export_dlq_url) = ensure_queue_pair(aws, spec, "export-jobs").await?;
    let (geocode_queue_url, geocode_dlq_url) = ensure_queue_pair(aws, spec, "geocode-jobs").await?;
    let (video_queue_url, video_dlq_url) = ensure_queue_pair(aws, spec, "video-jobs").await?;
    if let Some(sender) = &spec.ses_sender {
        ensure_sender(aws, sender).await?;
    }
    Ok(Resources {
        email_queue_url,
        email_dlq_url,
        export_queue_url,
        export_dlq_url,
        geocode_queue_url,
        geocode_dlq_url,
        video_queue_url,
        video_dlq_url,
    })
}

/// A queue and its dead-letter queue, joined by a redrive policy.
async fn ensure_queue_pair(
    aws: &AwsClients,
    spec: &Spec,
    name: &str,
) -> Result<(String, String), ProvisionError> {
    let dlq_url = create_queue(
        aws,
        &format!("{}{name}-dlq", spec.queue_prefix),
        HashMap::new(),
    )
    .await?;
    let dlq_arn = queue_arn(aws, &dlq_url).await?;
    let redrive = serde_json::json!({
        "deadLetterTargetArn": dlq_arn,
        "maxReceiveCount": spec.max_receive_count.to_string(),
    })
    .to_string();
    let attributes = HashMap::from([
        (
            QueueAttributeName::VisibilityTimeout,
            spec.visibility_timeout_secs.to_string(),
        ),
        (QueueAttributeName::RedrivePolicy, redrive),
    ]);
    let queue_url = create_queue(
        aws,
        &format!("{}{name}", spec.queue_prefix),
        attributes.clone(),
    )
    .await?;
    // An existing queue keeps its old attributes on create: set them explicitly.
    aws.sqs()
        .set_queue_attributes()
        .queue_url(&queue_url)
        .set_attributes(Some(attributes))
        .send()
        .await
        .map_err(fail("queue attributes"))?;
    Ok((queue_url, dlq_url))
}

async fn ensure_bucket(aws: &AwsClients, spec: &Spec) -> Result<(), ProvisionError> {
    if aws
        .s3()
        .head_bucket()
        .bucket(&spec.bucket)
        .send()
        .await
        .is_err()
    {
        aws.s3()
            .create_bucket()
            .bucket(&spec.bucket)
            .send()
            .await
            .map_err(fail("bucket"))?;
    }
    let rule = CorsRule::builder()
        .allowed_origins(&spec.site_origin)
        .allowed_methods("GET")
        .allowed_methods("PUT")
        .allowed_methods("HEAD")
        .allowed_headers("*")
        .expose_headers("ETag")
        .max_age_seconds(3600)
        .build()
        .map_err(fail("bucket CORS rule"))?;
    let cors = CorsConfiguration::builder()
        .cors_rules(rule)
        .build()
        .map_err(fail("bucket CORS"))?;
    let set = aws
        .s3()
        .put_bucket_cors()
        .bucket(&spec.bucket)
        .cors_configuration(cors)
        .send()
        .await;
    match set {
        // MinIO sets CORS for the whole server (MINIO_API_CORS_ALLOW_ORIGIN, any
        // origin by default), not per bucket.
        Err(e) if e.code() == Some("NotImplemented") => {
            tracing::warn!(
                "the S3 store sets no CORS per bucket; it must allow the site's origin itself"
            );
            Ok(())
        }
        set => set.map(|_| ()).map_err(fail("bucket CORS")),
    }
}

async fn create_queue(
    aws: &AwsClients,
    name: &str,
    attributes: HashMap<QueueAttributeName, String>,
) -> Result<String, ProvisionError> {
    let out = aws
        .sqs()
        .create_queue()
        .queue_name(name)
        .set_attributes((!attributes.is_empty()).then_some(attributes))
        .send()
        .await;
    let url = match out {
        Ok(out) => out.queue_url().map(str::to_string),
        // Exists with other attributes: look it up instead.
        Err(_) => aws
            .sqs()
            .get_queue_url()
            .queue_name(name)
            .send()
            .await
            .map_err(fail("queue"))?
            .queue_url()
            .map(str::to_string),
    };
    url.ok_or(ProvisionError {
        step: "queue",
        message: format!("no URL for {name}"),
    })
}

async fn queue_arn(aws: &AwsClients, url: &str) -> Result<String, ProvisionError> {
    let out = aws
        .sqs()
        .get_queue_attributes()
        .queue_url(url)
        .attribute_names(QueueAttributeName::QueueArn)
        .send()
        .await
        .map_err(fail("queue ARN"))?;
    out.attributes()
        .and_then(|a| a.get(&QueueAttributeName::QueueArn))
        .cloned()
        .ok_or(ProvisionError {
            step: "queue ARN",
            message: "missing".into(),
        })
}

/// SES v1 `VerifyEmailIdentity`, unless the address is already an identity
/// (pending or verified): emulators verify at once, AWS mails the address one
/// confirmation link. (LocalStack calls any address verified when asked, so the
/// list of identities is what tells.)
async fn ensure_sender(aws: &AwsClients, email_from: &str) -> Result<(), ProvisionError> {
    // "Name <address>" → address.
    let address = email_from
        .rsplit_once('<')
        .map(|(_, rest)| rest.trim_end_matches('>'))
        .unwrap_or(email_from)
        .trim();
    let known = aws
        .ses()
        .list_identities()
        .identity_type(IdentityType::EmailAddress)
        .max_items(1000)
        .send()
        .await
        .map_err(fail("SES identities"))?;
    if known.identities().iter().any(|i| i == address) {
        return Ok(());
    }
    aws.ses()
        .verify_email_identity()
        .email_address(address)
        .send()
        .await
        .map_err(fail("SES sender identity"))?;
    Ok(())
}
