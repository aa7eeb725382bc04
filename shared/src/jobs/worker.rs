//! The SQS batch runner every queue consumer is built on. A worker writes only
//! what one job does (a [`Worker`]); [`handle`] does the rest, message by message:
//!
//! 1. decodes the [`Job`] into the worker's [`Payload`]; a message that is not a
//!    job of the worker's queue fails, and after five receives the queue moves it
//!    to its dead-letter queue;
//! 2. skips a job whose id is already in `processed_jobs` (a redelivery);
//! 3. runs [`Worker::run`]: the work, with its network calls (SES, S3), while no
//!    transaction is open;
//! 4. in one transaction, [`Worker::record`] writes what the work produced (an
//!    export's final status) and the job id goes into `processed_jobs`;
//! 5. reports the messages that failed (`batchItemFailures`), so only they come
//!    back, and logs each failure once with its whole cause chain.
//!
//! # Redelivery
//! SQS delivers at least once, and a transaction is never held open across a
//! network call: it would pin one connection of a small pool, and the locks it
//! holds, for as long as SES or S3 takes to answer (or to time out). So a job is
//! recorded only once its work is done, and a crash or a timeout between the work
//! and the record means the work runs again when the message comes back:
//! - **email**: one duplicate email (at-least-once). Two copies of one message
//!   handled at the same moment can likewise both send. A rare duplicate is better
//!   than a transaction held across SES, or an email lost. An email with a link
//!   mints its token when it is sent and replaces the hash on its row, so of two
//!   copies only the link of the later one works: never two.
//! - **export**: the export row guards the work. Claiming moves it from `queued`
//!   to `running`; a running export with a recent heartbeat is busy, and its
//!   message is retried later; a ready or failed export is never rebuilt. So a
//!   redelivery after a crash finds the export finished and only records the job.

use std::future::Future;

use tracing::Instrument;
use uuid::Uuid;

use super::{Job, Payload, Queue};
use crate::db::{self, Transaction};
use crate::error::{ApiError, cause_chain};
use crate::lambda::{SqsBatchResponse, SqsEvent, batch_failures};
use crate::state::AppState;

type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// What one queue's worker does with one job. The runner calls [`Worker::run`]
/// with no transaction open, then [`Worker::record`] inside the transaction that
/// records the job id, and commits both together.
pub trait Worker: Sync {
    /// The payload of this worker's jobs; its queue's name is the
    /// `processed_jobs.kind` of the jobs the worker records ('email', 'export').
    type Job: Payload;
    /// What the work produced, for [`Worker::record`] to write.
    type Done: Send;

    /// Does the work of job `id`. No transaction is open: network calls belong here.
    fn run(
        &self,
        state: &AppState,
        id: Uuid,
        job: &Self::Job,
    ) -> impl Future<Output = Result<Self::Done, JobError>> + Send;

    /// Writes what the work produced, in the transaction that records the job as
    /// processed. Nothing, unless the worker has something to write.
    fn record(
        &self,
        tx: &Transaction<'_>,
        job: &Self::Job,
        done: Self::Done,
    ) -> impl Future<Output = Result<(), JobError>> + Send {
        let _ = (tx, job, done);
        async { Ok(()) }
    }
}

/// Why a job failed; its message comes back after the visibility timeout.
#[derive(Debug, thiserror::Error)]
pub enum JobError {
    /// The message body is not a job.
    #[error("the message is not a job")]
    Unreadable(#[source] serde_json::Error),
    /// A job of another queue reached this worker.
    #[error("job {id} is for the {found} queue, not the {expected} queue")]
    OtherQueue {
        id: Uuid,
        found: &'static str,
        expected: &'static str,
    },
    /// The job cannot be done now (another worker holds it); later it can.
    #[error("{0}")]
    Retry(String),
    /// The work failed.
    #[error("{context}")]
    Failed {
        context: &'static str,
        #[source]
        source: BoxError,
    },
    #[error(transparent)]
    Api(#[from] ApiError),
}

impl JobError {
    /// The work failed while `context` ("sending the email"), because of `source`.
    pub fn failed(context: &'static str, source: impl Into<BoxError>) -> Self {
        Self::Failed {
            context,
            source: source.into(),
        }
    }
}

impl From<tokio_postgres::Error> for JobError {
    fn from(e: tokio_postgres::Error) -> Self {
        Self::Api(e.into())
    }
}

/// Handles one SQS batch with `worker`; answers the ids of the messages that failed.
pub async fn handle<W: Worker>(state: &AppState, worker: &W, event: SqsEvent) -> SqsBatchResponse {
    let mut failed = Vec::new();
    for message in event.records {
        // A message without an id cannot be reported alone: an empty id makes
        // Lambda retry the whole batch, which is the safe way to fail.
        let message_id = message.message_id.unwrap_or_default();
        let span = tracing::info_span!(
            "job",
            queue = W::Job::QUEUE.as_str(),
            message_id = %message_id,
            job_id = tracing::field::Empty,
        );
        let outcome = process(state, worker, message.body.as_deref())
            .instrument(span.clone())
            .await;
        if let Err(e) = outcome {
            span.in_scope(|| {
                tracing::warn!(error = %cause_chain(&e), "job failed; its message will come back");
            });
            failed.push(message_id);
        }
    }
    batch_failures(failed)
}

async fn process<W: Worker>(
    state: &AppState,
    worker: &W,
    body: Option<&str>,
) -> Result<(), JobError> {
    let (id, job) = decode::<W::Job>(body)?;
    tracing::Span::current().record("job_id", tracing::field::display(id));
    if is_processed(state, id).await? {
        tracing::info!("job already done; skipping the redelivery");
        return Ok(());
    }
    // Boxed: a worker's future (an SDK call, an archive build) is large and deeply
    // nested; on the heap it keeps the runner's future small, and within the
    // compiler's layout depth limit.
    let done = Box::pin(worker.run(state, id, &job)).await?;
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    worker.record(&tx, &job, done).await?;
    let fresh = tx
        .execute(
            "insert into processed_jobs (job_id, kind) values ($1, $2)
             on conflict (job_id) do nothing",
            &[&id, &W::Job::QUEUE.as_str()],
        )
        .await?;
    tx.commit().await?;
    if fresh == 0 {
        tracing::info!("job done; another delivery of it was recorded first");
    } else {
        tracing::info!("job done");
    }
    Ok(())
}

/// Reads a message body as a job of `P`'s queue.
fn decode<P: Payload>(body: Option<&str>) -> Result<(Uuid, P), JobError> {
    let job: Job = serde_json::from_str(body.unwrap_or_default()).map_err(JobError::Unreadable)?;
    let found = Queue::of(&job.kind);
    P::of(job.kind)
        .map(|payload| (job.id, payload))
        .ok_or(JobError::OtherQueue {
            id: job.id,
            found: found.as_str(),
            expected: P::QUEUE.as_str(),
        })
}

async fn is_processed(state: &AppState, id: Uuid) -> Result<bool, JobError> {
    let client = db::client(&state.db).await?;
    Ok(client
        .query_opt("select 1 from processed_jobs where job_id = $1", &[&id])
        .await?
        .is_some())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jobs::EmailJob;

    fn body(job: &Job) -> String {
        serde_json::to_string(job).unwrap()
    }

    #[test]
    fn a_job_of_the_workers_queue_is_decoded_with_its_id() {
        let user_id = Uuid::new_v4();
        let job = Job::email(EmailJob::PasswordChanged { user_id });
        let (id, email) = decode::<EmailJob>(Some(&body(&job))).unwrap();
        assert_eq!(id, job.id);
        assert_eq!(email, EmailJob::PasswordChanged { user_id });
    }

    #[test]
    fn a_message_that_is_not_a_job_fails() {
        for raw in [
            None,
            Some(""),
            Some("this is not a job"),
            Some(r#"{"id":"x"}"#),
        ] {
            let err = decode::<EmailJob>(raw).map(|_| ()).unwrap_err();
            assert!(matches!(err, JobError::Unreadable(_)), "{raw:?}: {err}");
        }
    }

    #[test]
    fn a_job_of_another_queue_fails_and_says_which() {
        let job = Job::export(Uuid::new_v4());
        let err = decode::<EmailJob>(Some(&body(&job)))
            .map(|_| ())
            .unwrap_err();
        assert!(matches!(err, JobError::OtherQueue { .. }));
        assert_eq!(
            err.to_string(),
            format!(
                "job {} is for the export queue, not the email queue",
                job.id
            )
        );
    }

    #[test]
    fn a_failure_is_logged_with_its_causes() {
        let io = std::io::Error::other("connection reset");
        let err = JobError::failed("sending the email", io);
        assert_eq!(cause_chain(&err), "sending the email: connection reset");
        let err = JobError::from(ApiError::internal("disk full"));
        assert_eq!(
            cause_chain(&err),
            "500 INTERNAL: Something went wrong on our side: disk full"
        );
    }
}
