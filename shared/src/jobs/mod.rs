//! Background jobs: their types, the transactional outbox, and the SQS sender.
//!
//! A handler writes a job into `outbox` inside the transaction that needs it,
//! then calls [`dispatch`] after commit. If that push fails (queue down, function
//! stopped), the scheduler's [`relay`] sends it later; workers deduplicate by job
//! id ([`worker`] runs every queue consumer), so a job sent twice is done once.

pub mod worker;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::db::Transaction;
use crate::error::ApiError;
use crate::state::AppState;

/// A job as it travels on a queue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Job {
    pub id: Uuid,
    #[serde(flatten)]
    pub kind: JobKind,
}

/// Every kind of job, tagged by `type`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum JobKind {
    Email(EmailJob),
    Export(ExportJob),
    Geocode(GeocodeJob),
}

/// Find the point of one location's address (`locations` row `location_id`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct GeocodeJob {
    pub location_id: Uuid,
}

/// Build the export archive of one family.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportJob {
    pub export_id: Uuid,
}

/// An email to send, by reference: the ids of the rows it is about, never its
/// text. The email worker loads what it needs when it sends, and mints any link
/// then, storing only the link's hash on the row; so the outbox, the queue and
/// the dead-letter queue never hold anything that grants access.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "template", rename_all = "snake_case")]
pub enum EmailJob {
    /// A reset link for the account of `password_resets` row `reset_id`.
    PasswordReset { reset_id: Uuid },
    /// The notice that the account's password was changed.
    PasswordChanged { user_id: Uuid },
    /// A link to register, for `registration_invites` row `invite_id`.
    RegistrationInvite { invite_id: Uuid },
    /// A link to join a family, for `family_invites` row `invite_id`.
    FamilyInvite { invite_id: Uuid },
    /// A link that confirms the address of `email_confirmations` row
    /// `confirmation_id` (a registration, a verification or a new address).
    ConfirmEmail { confirmation_id: Uuid },
    /// The notice to an account's current address that a change of address to
    /// the one of `email_confirmations` row `confirmation_id` was asked for.
    EmailChangeRequested { confirmation_id: Uuid },
    /// The notice that someone tried to register with the account's address.
    AccountExists { user_id: Uuid },
    /// A message sent through a landing page's contact form, to its recipient.
    ContactMessage { submission_id: Uuid },
    /// Version `version_id` of an email template, rendered with sample values,
    /// to the admin `user_id` who asked for a test.
    TemplateTest { version_id: Uuid, user_id: Uuid },
}

/// The payload of one queue's jobs: what a worker of that queue handles.
pub trait Payload: Sized + Send + Sync {
    /// The queue this payload travels on.
    const QUEUE: Queue;

    /// The payload of a job, or `None` for a job of another queue.
    fn of(kind: JobKind) -> Option<Self>;
}

impl Payload for EmailJob {
    const QUEUE: Queue = Queue::Email;

    fn of(kind: JobKind) -> Option<Self> {
        match kind {
            JobKind::Email(email) => Some(email),
            JobKind::Export(_) | JobKind::Geocode(_) => None,
        }
    }
}

impl Payload for ExportJob {
    const QUEUE: Queue = Queue::Export;

    fn of(kind: JobKind) -> Option<Self> {
        match kind {
            JobKind::Export(export) => Some(export),
            JobKind::Email(_) | JobKind::Geocode(_) => None,
        }
    }
}

impl Payload for GeocodeJob {
    const QUEUE: Queue = Queue::Geocode;

    fn of(kind: JobKind) -> Option<Self> {
        match kind {
            JobKind::Geocode(geocode) => Some(geocode),
            JobKind::Email(_) | JobKind::Export(_) => None,
        }
    }
}

/// The queues jobs go to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Queue {
    Email,
    Export,
    Geocode,
}

impl Queue {
    /// The queue's name in `outbox.queue`, and the kind of its jobs in `processed_jobs.kind`.
    pub fn as_str(self) -> &'static str {
        match self {
            Queue::Email => "email",
            Queue::Export => "export",
            Queue::Geocode => "geocode",
        }
    }

    fn url(self, state: &AppState) -> &str {
        match self {
            Queue::Email => &state.config.email_queue_url,
            Queue::Export => &state.config.export_queue_url,
            Queue::Geocode => &state.config.geocode_queue_url,
        }
    }

    fn of(kind: &JobKind) -> Self {
        match kind {
            JobKind::Email(_) => Queue::Email,
            JobKind::Export(_) => Queue::Export,
            JobKind::Geocode(_) => Queue::Geocode,
        }
    }
}

impl Job {
    pub fn new(kind: JobKind) -> Self {
        Self {
            id: Uuid::new_v4(),
            kind,
        }
    }

    pub fn email(email: EmailJob) -> Self {
        Self::new(JobKind::Email(email))
    }

    pub fn export(export_id: Uuid) -> Self {
        Self::new(JobKind::Export(ExportJob { export_id }))
    }

    pub fn geocode(location_id: Uuid) -> Self {
        Self::new(JobKind::Geocode(GeocodeJob { location_id }))
    }
}

/// Writes a job into the outbox within the caller's transaction.
pub async fn enqueue(tx: &Transaction<'_>, job: &Job) -> Result<(), ApiError> {
    let payload = serde_json::to_value(job).map_err(ApiError::internal)?;
    tx.execute(
        "insert into outbox (id, queue, payload) values ($1, $2, $3)",
        &[&job.id, &Queue::of(&job.kind).as_str(), &payload],
    )
    .await?;
    Ok(())
}

/// Pushes committed jobs to their queues now. Failures are recorded and left for
/// the scheduler's relay; they never fail the request that created the jobs.
pub async fn dispatch(state: &AppState, jobs: &[Job]) {
    for job in jobs {
        let outcome = send(state, job).await;
        if let Err(e) = record_attempt(state, job.id, outcome).await {
            tracing::warn!(job_id = %job.id, error = %e, "could not record an outbox attempt");
        }
    }
}

async fn send(state: &AppState, job: &Job) -> Result<(), String> {
    let body = serde_json::to_string(job).map_err(|e| e.to_string())?;
    state
        .aws
        .sqs
        .send_message()
        .queue_url(Queue::of(&job.kind).url(state))
        .message_body(body)
        .send()
        .await
        .map(|_| ())
        .map_err(|e| {
            let message = aws_sdk_sqs::error::DisplayErrorContext(&e).to_string();
            tracing::warn!(job_id = %job.id, error = %message, "queue push failed; the relay will retry");
            message
        })
}

async fn record_attempt(
    state: &AppState,
    id: Uuid,
    outcome: Result<(), String>,
) -> Result<(), ApiError> {
    let client = crate::db::client(&state.db).await?;
    match outcome {
        Ok(()) => {
            client
                .execute(
                    "update outbox set sent_at = now(), attempts = attempts + 1, last_error = null where id = $1",
                    &[&id],
                )
                .await?
        }
        Err(message) => {
            let message: String = message.chars().take(500).collect();
            client
                .execute(
                    "update outbox set attempts = attempts + 1, last_error = $2 where id = $1",
                    &[&id, &message],
                )
                .await?
        }
    };
    Ok(())
}

/// What one relay pass did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RelayReport {
    pub sent: usize,
    pub failed: usize,
}

/// Sends outbox rows that were not pushed: at once when a push already failed,
/// after 10 seconds for rows whose request may still be pushing them.
pub async fn relay(state: &AppState, limit: i64) -> Result<RelayReport, ApiError> {
    let client = crate::db::client(&state.db).await?;
    let rows = client
        .query(
            "select payload from outbox
             where sent_at is null
               and (attempts > 0 or created_at < now() - interval '10 seconds')
             order by created_at
             limit $1",
            &[&limit],
        )
        .await?;
    drop(client);
    let mut report = RelayReport::default();
    for row in rows {
        let payload: serde_json::Value = row.get(0);
        let job: Job = match serde_json::from_value(payload) {
            Ok(job) => job,
            Err(e) => {
                tracing::error!(error = %e, "unreadable outbox row");
                report.failed += 1;
                continue;
            }
        };
        let outcome = send(state, &job).await;
        if outcome.is_ok() {
            report.sent += 1;
        } else {
            report.failed += 1;
        }
        record_attempt(state, job.id, outcome).await?;
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jobs_serialize_as_tagged_json_and_back() {
        let reset_id = Uuid::new_v4();
        let job = Job::email(EmailJob::PasswordReset { reset_id });
        let json = serde_json::to_value(&job).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "id": job.id,
                "type": "email",
                "template": "password_reset",
                "reset_id": reset_id,
            })
        );
        let back: Job = serde_json::from_value(json).unwrap();
        assert_eq!(back, job);
    }

    #[test]
    fn unknown_job_types_do_not_parse() {
        let raw = r#"{"id":"6f2b2a36-0f0b-4a8e-9c59-1d2f1f9a7b11","type":"fax","to":"x"}"#;
        assert!(serde_json::from_str::<Job>(raw).is_err());
    }
}
