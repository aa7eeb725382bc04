//! `email-worker`: consumes the SQS email queue, renders each email and sends it
//! through the SES v2 API. A job id is recorded in `processed_jobs` in the same
//! transaction that confirms the send, so a redelivered message sends nothing twice.
//! Failed messages are reported as partial batch failures; after five receives
//! the queue moves them to its dead-letter queue.

mod render;

use aws_lambda_events::event::sqs::{SqsBatchResponse, SqsEvent, SqsMessage};
use aws_sdk_sesv2::types::{Body, Content, Destination, EmailContent, Message};
use shared::jobs::{EmailJob, Job, JobKind};
use shared::{AppState, db};

pub use render::{Rendered, render};

/// Why one message failed.
#[derive(Debug, thiserror::Error)]
pub enum EmailError {
    #[error("the message is not an email job: {0}")]
    Unreadable(String),
    #[error("database: {0}")]
    Database(String),
    #[error("sending failed: {0}")]
    Send(String),
}

impl From<shared::ApiError> for EmailError {
    fn from(e: shared::ApiError) -> Self {
        Self::Database(e.to_string())
    }
}

impl From<tokio_postgres::Error> for EmailError {
    fn from(e: tokio_postgres::Error) -> Self {
        Self::Database(e.to_string())
    }
}

/// Handles one SQS batch; answers the ids of the messages that failed.
pub async fn handle(state: &AppState, event: SqsEvent) -> SqsBatchResponse {
    let mut failed = Vec::new();
    for message in &event.records {
        if let Err(e) = process(state, message).await {
            let id = message.message_id.clone().unwrap_or_default();
            tracing::warn!(message_id = %id, error = %e, "email job failed");
            failed.push(id);
        }
    }
    shared::lambda::batch_failures(failed)
}

async fn process(state: &AppState, message: &SqsMessage) -> Result<(), EmailError> {
    let body = message.body.as_deref().unwrap_or_default();
    let job: Job = serde_json::from_str(body).map_err(|e| EmailError::Unreadable(e.to_string()))?;
    let JobKind::Email(email) = &job.kind else {
        return Err(EmailError::Unreadable(format!(
            "job {} is not an email",
            job.id
        )));
    };
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    let fresh = tx
        .execute(
            "insert into processed_jobs (job_id, kind) values ($1, 'email') on conflict (job_id) do nothing",
            &[&job.id],
        )
        .await?;
    if fresh == 0 {
        tracing::info!(job_id = %job.id, "email job already done; skipping the redelivery");
        return Ok(());
    }
    send(state, email).await?;
    tx.commit().await?;
    tracing::info!(job_id = %job.id, "email sent");
    Ok(())
}

async fn send(state: &AppState, email: &EmailJob) -> Result<(), EmailError> {
    let rendered = render(&email.message);
    let text = |data: &str| {
        Content::builder()
            .data(data)
            .charset("UTF-8")
            .build()
            .map_err(|e| EmailError::Send(e.to_string()))
    };
    let content = EmailContent::builder()
        .simple(
            Message::builder()
                .subject(text(&rendered.subject)?)
                .body(
                    Body::builder()
                        .html(text(&rendered.html)?)
                        .text(text(&rendered.text)?)
                        .build(),
                )
                .build(),
        )
        .build();
    state
        .aws
        .ses
        .send_email()
        .from_email_address(&state.config.email_from)
        .destination(Destination::builder().to_addresses(&email.to).build())
        .content(content)
        .send()
        .await
        .map_err(|e| EmailError::Send(aws_sdk_sesv2::error::DisplayErrorContext(&e).to_string()))?;
    Ok(())
}
