//! `export-worker`: consumes the SQS export queue and builds each family's archive
//! (data.json, one CSV per record type, a printable report.html, and every
//! attachment and avatar under its original name) into the media bucket at
//! `exports/<family_id>/<export_id>.zip`. The archive is streamed to the bucket
//! in multipart parts as it is written; the worker never writes to local disk.
//! A ready archive is kept seven days (`expires_at`).
//!
//! The batch loop is `shared::jobs::worker`'s; this crate builds one export. An
//! export is claimed by moving it from `queued` to `running`; progress updates
//! double as a heartbeat, so a build whose worker died can be claimed again after
//! ten minutes, while a running export with a recent heartbeat sends its message
//! back to wait. A ready or failed export is never rebuilt, and the job id goes to
//! `processed_jobs` in the transaction that writes the final status, so a
//! redelivered message does nothing. A file missing from storage does not fail the
//! export: the archive lists it in `MISSING_FILES.txt` and the export carries a
//! warning. An export withdrawn while it is built (a child or the family was
//! deleted) is not made ready, and its archive is deleted.

mod archive;
mod build;
mod csv;
mod data;
mod report;
mod values;

use shared::error::cause_chain;
use shared::jobs::ExportJob;
use shared::jobs::worker::{self, JobError, Worker};
use shared::lambda::{SqsBatchResponse, SqsEvent};
use shared::{ApiError, AppState, db, storage};
use uuid::Uuid;

use build::Built;

/// Builds the archives of the export queue.
struct ExportWorker;

impl Worker for ExportWorker {
    type Job = ExportJob;
    /// The build's outcome; `None` when there was nothing to build.
    type Done = Option<Outcome>;

    async fn run(
        &self,
        state: &AppState,
        _: Uuid,
        &ExportJob { export_id }: &ExportJob,
    ) -> Result<Option<Outcome>, JobError> {
        let client = db::client(&state.db).await?;
        let claimed = claim(&client, export_id).await?;
        drop(client);
        let Some(family_id) = claimed else {
            return Ok(None);
        };
        tracing::info!(%export_id, %family_id, "building export");
        // Boxed: the build's future is large and deeply nested; on the heap it keeps
        // the handler's future small (and within the compiler's layout depth limit).
        let outcome = match Box::pin(build::build(state, export_id, family_id)).await {
            Ok(built) => Outcome::Ready(built),
            Err(e) => {
                tracing::error!(%export_id, error = %cause_chain(&e), "export failed");
                Outcome::Failed(failure_message(&e))
            }
        };
        Ok(Some(outcome))
    }

    async fn record(
        &self,
        tx: &db::Transaction<'_>,
        job: &ExportJob,
        done: Option<Outcome>,
    ) -> Result<(), JobError> {
        match done {
            Some(outcome) => finish(tx, job.export_id, &outcome).await,
            None => Ok(()),
        }
    }
}

/// Handles one SQS batch; answers the ids of the messages that failed.
pub async fn handle(state: &AppState, event: SqsEvent) -> SqsBatchResponse {
    worker::handle(state, &ExportWorker, event).await
}

/// Moves the export to `running`; `None` when there is nothing to do (already
/// ready or failed, or gone with its family). An export running elsewhere with a
/// recent heartbeat is not claimed, and the message comes back later.
async fn claim(client: &db::Client, export_id: Uuid) -> Result<Option<Uuid>, JobError> {
    let claimed = client
        .query_opt(
            "update exports set status = 'running', progress = 0, error = null
             where id = $1 and (status = 'queued'
                 or (status = 'running' and updated_at < now() - interval '10 minutes'))
             returning family_id",
            &[&export_id],
        )
        .await?;
    if let Some(row) = claimed {
        return Ok(Some(row.try_get(0)?));
    }
    let status: Option<String> = client
        .query_opt("select status from exports where id = $1", &[&export_id])
        .await?
        .map(|row| row.try_get(0))
        .transpose()?;
    unclaimed(export_id, status.as_deref()).map(|()| None)
}

/// What a job does with an export it could not claim, given the export's status:
/// waits while another worker builds it, and does nothing once it is finished or
/// gone with its family.
fn unclaimed(export_id: Uuid, status: Option<&str>) -> Result<(), JobError> {
    match status {
        Some("running") => Err(JobError::Retry(format!(
            "export {export_id} is being built by another worker"
        ))),
        Some(other) => {
            tracing::info!(%export_id, status = other, "export already finished; not rebuilt");
            Ok(())
        }
        None => {
            tracing::info!(%export_id, "export no longer exists");
            Ok(())
        }
    }
}

/// How a build ended.
enum Outcome {
    Ready(Built),
    Failed(String),
}

/// What the family is told when the archive could not be built; the cause is logged.
fn failure_message(e: &ApiError) -> String {
    if e.code() == build::FAMILY_GONE {
        e.message().to_string()
    } else if e.status().as_u16() == 503 {
        "Storage or the database was unavailable while the archive was being built. \
         Start a new export to try again."
            .into()
    } else {
        "The archive could not be built because of an error on our side. \
         Start a new export to try again."
            .into()
    }
}

/// How many days a ready archive is kept before the scheduler deletes it.
const KEPT_DAYS: i32 = 7;

/// Writes the final status, in the transaction that records the job id. An
/// export withdrawn while it was being built (a child of the family was deleted,
/// so the archive may hold their records; or the family itself) keeps its
/// status, and the archive just stored is deleted.
async fn finish(
    tx: &db::Transaction<'_>,
    export_id: Uuid,
    outcome: &Outcome,
) -> Result<(), JobError> {
    match outcome {
        Outcome::Ready(built) => {
            let stored = tx
                .execute(
                    "update exports set status = 'ready', progress = 100, object_key = $2,
                         error = $3, completed_at = now(),
                         expires_at = now() + make_interval(days => $4)
                     where id = $1 and status = 'running'",
                    &[&export_id, &built.key, &built.warning, &KEPT_DAYS],
                )
                .await?;
            if stored == 1 {
                tracing::info!(%export_id, size = built.size, "export ready");
            } else if !ready_elsewhere(tx, export_id, &built.key).await? {
                tracing::info!(%export_id, "export withdrawn while it was built; archive deleted");
                storage::delete_later(tx, std::slice::from_ref(&built.key)).await?;
            }
        }
        Outcome::Failed(message) => {
            tx.execute(
                "update exports set status = 'failed', error = $2, completed_at = now()
                 where id = $1 and status = 'running'",
                &[&export_id, message],
            )
            .await?;
        }
    };
    Ok(())
}

/// Whether another worker (which claimed the export when this one looked dead)
/// already made it ready at the same key: then the archive stays.
async fn ready_elsewhere(
    tx: &db::Transaction<'_>,
    export_id: Uuid,
    key: &str,
) -> Result<bool, JobError> {
    let row = tx
        .query_one(
            "select exists (select 1 from exports
                            where id = $1 and status = 'ready' and object_key = $2)",
            &[&export_id, &key],
        )
        .await?;
    Ok(row.try_get(0)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_export_that_could_not_be_claimed_waits_only_while_it_is_being_built() {
        let id = Uuid::new_v4();
        assert!(matches!(
            unclaimed(id, Some("running")),
            Err(JobError::Retry(_))
        ));
        for finished in [Some("ready"), Some("failed"), None] {
            assert!(unclaimed(id, finished).is_ok(), "{finished:?}");
        }
    }
}
