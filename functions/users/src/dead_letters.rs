//! Dead letters of the email queue: list them, and move them back to the queue.
//! (Moved by receive → send → delete, which every SQS implementation supports.)
//!
//! A job names rows by id and carries no link (`shared::jobs::EmailJob`), so the
//! listing shows nothing that grants access. A body that is not such a job (a
//! message of an older release, say) is shown as text with every run that could
//! be a token blanked out.

use aws_sdk_sqs::types::{MessageSystemAttributeName, QueueAttributeName};
use axum::extract::State;
use serde::Serialize;
use shared::auth::{AuthUser, Role};
use shared::http::{Data, DataOf};
use shared::jobs::Job;
use shared::{ApiError, ApiResult, AppState};

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct DeadLetter {
    message_id: String,
    /// The job as it was queued (JSON when it is a job, else its text with
    /// anything that could be a token blanked out).
    body: serde_json::Value,
    receive_count: Option<i64>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct DeadLetters {
    /// Approximate number of messages waiting in the dead-letter queue.
    approximate_count: i64,
    /// Up to 10 of them.
    messages: Vec<DeadLetter>,
}

fn dlq_url(state: &AppState) -> Result<&str, ApiError> {
    state
        .config
        .email_dlq_url
        .as_deref()
        .ok_or_else(|| ApiError::not_found("Dead-letter queue"))
}

/// Shows what is waiting in the email dead-letter queue.
#[utoipa::path(get, path = "/api/admin/dead-letters", tag = "admin", security(("bearer" = [])),
    responses((status = 200, description = "Dead letters", body = DataOf<DeadLetters>),
              (status = 403, description = "Not SUPER_ADMIN")))]
pub async fn list(user: AuthUser, State(state): State<AppState>) -> ApiResult<Data<DeadLetters>> {
    user.require(Role::SuperAdmin)?;
    let url = dlq_url(&state)?;
    let sqs = state.aws.sqs();
    let attributes = sqs
        .get_queue_attributes()
        .queue_url(url)
        .attribute_names(QueueAttributeName::ApproximateNumberOfMessages)
        .send()
        .await
        .map_err(ApiError::unavailable)?;
    let approximate_count = attributes
        .attributes()
        .and_then(|a| a.get(&QueueAttributeName::ApproximateNumberOfMessages))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    // A short visibility timeout: looking must not hide them for long.
    let received = sqs
        .receive_message()
        .queue_url(url)
        .max_number_of_messages(10)
        .visibility_timeout(1)
        .message_system_attribute_names(MessageSystemAttributeName::ApproximateReceiveCount)
        .send()
        .await
        .map_err(ApiError::unavailable)?;
    let messages = received
        .messages()
        .iter()
        .map(|m| {
            let raw = m.body().unwrap_or_default();
            DeadLetter {
                message_id: m.message_id().unwrap_or_default().to_string(),
                body: shown(raw),
                receive_count: m
                    .attributes()
                    .and_then(|a| a.get(&MessageSystemAttributeName::ApproximateReceiveCount))
                    .and_then(|v| v.parse().ok()),
            }
        })
        .collect();
    Ok(Data(DeadLetters {
        approximate_count,
        messages,
    }))
}

/// A dead letter's body as the listing shows it.
fn shown(raw: &str) -> serde_json::Value {
    match serde_json::from_str::<Job>(raw) {
        Ok(job) => serde_json::to_value(job).unwrap_or_else(|_| redacted(raw).into()),
        Err(_) => redacted(raw).into(),
    }
}

/// The shortest run of URL-safe characters that is blanked out: a token is 43
/// (256 bits); 32 also covers hex and shorter secrets.
const SECRET_LEN: usize = 32;

/// `raw` with every run of at least [`SECRET_LEN`] URL-safe characters replaced.
fn redacted(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        if run.chars().count() >= SECRET_LEN {
            out.push_str("[redacted]");
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    for c in raw.chars() {
        if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Redriven {
    moved: usize,
}

/// Moves every dead letter back to the email queue for another try.
#[utoipa::path(post, path = "/api/admin/dead-letters/redrive", tag = "admin", security(("bearer" = [])),
    responses((status = 200, description = "How many were moved", body = DataOf<Redriven>),
              (status = 403, description = "Not SUPER_ADMIN")))]
pub async fn redrive(user: AuthUser, State(state): State<AppState>) -> ApiResult<Data<Redriven>> {
    user.require(Role::SuperAdmin)?;
    let url = dlq_url(&state)?;
    let sqs = state.aws.sqs();
    let mut moved = 0;
    // Bounded so one request stays within the function's timeout.
    for _ in 0..20 {
        let received = sqs
            .receive_message()
            .queue_url(url)
            .max_number_of_messages(10)
            .visibility_timeout(30)
            .send()
            .await
            .map_err(ApiError::unavailable)?;
        if received.messages().is_empty() {
            break;
        }
        for message in received.messages() {
            sqs.send_message()
                .queue_url(&state.config.email_queue_url)
                .message_body(message.body().unwrap_or_default())
                .send()
                .await
                .map_err(ApiError::unavailable)?;
            if let Some(handle) = message.receipt_handle() {
                sqs.delete_message()
                    .queue_url(url)
                    .receipt_handle(handle)
                    .send()
                    .await
                    .map_err(ApiError::unavailable)?;
            }
            moved += 1;
        }
    }
    Ok(Data(Redriven { moved }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_job_is_shown_as_json() {
        let job = Job::email(shared::jobs::EmailJob::PasswordChanged {
            user_id: uuid::Uuid::nil(),
        });
        let raw = serde_json::to_string(&job).unwrap();
        assert_eq!(shown(&raw), serde_json::to_value(&job).unwrap());
    }

    #[test]
    fn anything_else_is_text_without_its_tokens() {
        assert_eq!(shown("this is not a job"), "this is not a job");
        let legacy = r#"{"type":"email","to":"a@example.org","message":{"reset_url":"http://x/reset-password?token=Q2hhbmdlLW1lLXBsZWFzZS0xMjM0NTY3ODkwYWJjZGVm"}}"#;
        let shown = shown(legacy);
        let text = shown.as_str().unwrap();
        assert!(!text.contains("Q2hhbmdl"), "{text}");
        assert!(text.contains("reset-password?token=[redacted]"), "{text}");
        assert!(text.contains("a@example.org"));
    }
}
