//! Background jobs: their types, the transactional outbox, and the SQS sender.
//!
//! A handler writes a job into `outbox` inside the transaction that needs it,
//! then calls [`dispatch`] after commit. If that push fails (queue down, function
//! stopped), the scheduler's [`relay`] sends it later; workers deduplicate by job
//! id ([`worker`] runs every queue consumer), so a job sent twice is done once.

pub mod worker;

use aws_sdk_sqs::types::SendMessageBatchRequestEntry;
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
    Video(VideoJob),
}

/// Find the point of one location's address (`locations` row `location_id`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct GeocodeJob {
    pub location_id: Uuid,
}

/// Probe one uploaded video and make its thumbnail (the Media module).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct VideoJob {
    pub video_id: Uuid,
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
    /// A supporter's email to a representative: `campaign_emails` row
    /// `campaign_email_id`, rendered from the templates the row holds.
    CampaignEmail { campaign_email_id: Uuid },
    /// The request to a representative to confirm (or report) the response of
    /// `campaign_responses` row `response_id`, with links minted at send time.
    ResponseVerification { response_id: Uuid },
    /// To the volunteer of `shift_signups` row `signup_id`, about their shift;
    /// a cancel link is minted at send time.
    Shift {
        signup_id: Uuid,
        notice: ShiftNotice,
    },
}

/// What an email about a volunteer's shift says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ShiftNotice {
    /// They signed up: confirmed (with a calendar invitation) or waitlisted.
    SignedUp,
    /// A place opened and they moved from the waitlist to confirmed.
    Promoted,
    /// Their shift is tomorrow.
    Reminder,
    /// Their sign-up is cancelled.
    Cancelled,
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
            JobKind::Export(_) | JobKind::Geocode(_) | JobKind::Video(_) => None,
        }
    }
}

impl Payload for ExportJob {
    const QUEUE: Queue = Queue::Export;

    fn of(kind: JobKind) -> Option<Self> {
        match kind {
            JobKind::Export(export) => Some(export),
            JobKind::Email(_) | JobKind::Geocode(_) | JobKind::Video(_) => None,
        }
    }
}

impl Payload for GeocodeJob {
    const QUEUE: Queue = Queue::Geocode;

    fn of(kind: JobKind) -> Option<Self> {
        match kind {
            JobKind::Geocode(geocode) => Some(geocode),
            JobKind::Email(_) | JobKind::Export(_) | JobKind::Video(_) => None,
        }
    }
}

impl Payload for VideoJob {
    const QUEUE: Queue = Queue::Video;

    fn of(kind: JobKind) -> Option<Self> {
        match kind {
            JobKind::Video(video) => Some(video),
            JobKind::Geocode(_) | JobKind::Email(_) | JobKind::Export(_) => None,
        }
    }
}

/// The queues jobs go to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Queue {
    Email,
    Export,
    Geocode,
    Video,
}

impl Queue {
    /// The queue's name in `outbox.queue`, and the kind of its jobs in `processed_jobs.kind`.
    pub fn as_str(self) -> &'static str {
        match self {
            Queue::Email => "email",
            Queue::Export => "export",
            Queue::Geocode => "geocode",
            Queue::Video => "video",
        }
    }

    fn url(self, state: &AppState) -> &str {
        match self {
            Queue::Email => &state.config.email_queue_url,
            Queue::Export => &state.config.export_queue_url,
            Queue::Geocode => &state.config.geocode_queue_url,
            Queue::Video => &state.config.video_queue_url,
        }
    }

    fn of(kind: &JobKind) -> Self {
        match kind {
            JobKind::Email(_) => Queue::Email,
            JobKind::Export(_) => Queue::Export,
            JobKind::Geocode(_) => Queue::Geocode,
            JobKind::Video(_) => Queue::Video,
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

    pub fn video(video_id: Uuid) -> Self {
        Self::new(JobKind::Video(VideoJob { video_id }))
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
    push(state, jobs).await;
}

/// Most messages SQS takes in one `SendMessageBatch`.
const SQS_BATCH: usize = 10;

/// Sends `jobs` to their queues, up to ten per request to each queue, and
/// records each job's attempt in the outbox (two statements per request at
/// most); answers how many went and how many did not.
async fn push(state: &AppState, jobs: &[Job]) -> RelayReport {
    let mut report = RelayReport::default();
    let mut queues: Vec<Queue> = Vec::new();
    for job in jobs {
        let queue = Queue::of(&job.kind);
        if !queues.contains(&queue) {
            queues.push(queue);
        }
    }
    for queue in queues {
        let of_queue: Vec<&Job> = jobs
            .iter()
            .filter(|j| Queue::of(&j.kind) == queue)
            .collect();
        for batch in of_queue.chunks(SQS_BATCH) {
            let outcome = send_batch(state, queue, batch).await;
            report.sent += outcome.sent.len();
            report.failed += outcome.failed.len();
            if let Err(e) = record_attempts(state, &outcome).await {
                tracing::warn!(error = %e, "could not record outbox attempts");
            }
        }
    }
    report
}

/// What became of one batch: the ids that went, and the others with the reason.
#[derive(Debug, Default)]
struct BatchOutcome {
    sent: Vec<Uuid>,
    failed: Vec<(Uuid, String)>,
}

async fn send_batch(state: &AppState, queue: Queue, jobs: &[&Job]) -> BatchOutcome {
    let mut outcome = BatchOutcome::default();
    let mut entries = Vec::with_capacity(jobs.len());
    for job in jobs {
        let entry = serde_json::to_string(job)
            .map_err(|e| e.to_string())
            .and_then(|body| {
                SendMessageBatchRequestEntry::builder()
                    .id(job.id.simple().to_string())
                    .message_body(body)
                    .build()
                    .map_err(|e| e.to_string())
            });
        match entry {
            Ok(entry) => entries.push(entry),
            Err(e) => outcome.failed.push((job.id, e)),
        }
    }
    if entries.is_empty() {
        return outcome;
    }
    let answer = state
        .aws
        .sqs()
        .send_message_batch()
        .queue_url(queue.url(state))
        .set_entries(Some(entries))
        .send()
        .await;
    let by_entry = |entry_id: &str| jobs.iter().find(|j| j.id.simple().to_string() == entry_id);
    match answer {
        Ok(answer) => {
            for ok in answer.successful() {
                if let Some(job) = by_entry(ok.id()) {
                    outcome.sent.push(job.id);
                }
            }
            for failed in answer.failed() {
                if let Some(job) = by_entry(failed.id()) {
                    let message = failed.message().unwrap_or(failed.code()).to_string();
                    tracing::warn!(job_id = %job.id, error = %message, "queue push failed; the relay will retry");
                    outcome.failed.push((job.id, message));
                }
            }
        }
        Err(e) => {
            let message = aws_sdk_sqs::error::DisplayErrorContext(&e).to_string();
            tracing::warn!(jobs = jobs.len(), error = %message, "queue push failed; the relay will retry");
            for job in jobs {
                if !outcome.failed.iter().any(|(id, _)| *id == job.id) {
                    outcome.failed.push((job.id, message.clone()));
                }
            }
        }
    }
    outcome
}

async fn record_attempts(state: &AppState, outcome: &BatchOutcome) -> Result<(), ApiError> {
    let client = crate::db::client(&state.db).await?;
    if !outcome.sent.is_empty() {
        client
            .execute(
                "update outbox set sent_at = now(), attempts = attempts + 1, last_error = null
                 where id = any($1)",
                &[&outcome.sent],
            )
            .await?;
    }
    if !outcome.failed.is_empty() {
        let (ids, messages): (Vec<Uuid>, Vec<String>) = outcome
            .failed
            .iter()
            .map(|(id, message)| (*id, message.chars().take(500).collect()))
            .unzip();
        client
            .execute(
                "update outbox o set attempts = o.attempts + 1, last_error = f.message
                 from unnest($1::uuid[], $2::text[]) as f (id, message)
                 where o.id = f.id",
                &[&ids, &messages],
            )
            .await?;
    }
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
    let mut jobs = Vec::with_capacity(rows.len());
    for row in rows {
        let payload: serde_json::Value = row.get(0);
        match serde_json::from_value(payload) {
            Ok(job) => jobs.push(job),
            Err(e) => {
                tracing::error!(error = %e, "unreadable outbox row");
                report.failed += 1;
            }
        }
    }
    let pushed = push(state, &jobs).await;
    report.sent += pushed.sent;
    report.failed += pushed.failed;
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
