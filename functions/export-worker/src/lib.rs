//! `export-worker`: consumes the SQS export queue and builds each family's archive
//! (data.json, one CSV per record type, a printable report.html, and every
//! attachment and avatar under its original name) into the media bucket at
//! `exports/<family_id>/<export_id>.zip`.
//!
//! An export is claimed by moving it from `queued` to `running`; progress updates
//! double as a heartbeat, so a build whose worker died can be claimed again after
//! ten minutes. A ready or failed export is never rebuilt, and the job id goes to
//! `processed_jobs` with the final status, so a redelivered message does nothing.
//! A file missing from storage does not fail the export: the archive lists it in
//! `MISSING_FILES.txt` and the export carries a warning.

mod archive;
mod build;
mod csv;
mod data;
mod report;

use aws_lambda_events::event::sqs::{SqsBatchResponse, SqsEvent, SqsMessage};
use shared::jobs::{ExportJob, Job, JobKind};
use shared::{ApiError, AppState, db};
use uuid::Uuid;

use build::Built;

/// Why one message failed (and will be delivered again).
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("the message is not an export job: {0}")]
    Unreadable(String),
    #[error("export {0} is being built by another worker")]
    Busy(Uuid),
    #[error(transparent)]
    Api(#[from] ApiError),
}

impl From<tokio_postgres::Error> for ExportError {
    fn from(e: tokio_postgres::Error) -> Self {
        Self::Api(e.into())
    }
}

/// Handles one SQS batch; answers the ids of the messages that failed.
pub async fn handle(state: &AppState, event: SqsEvent) -> SqsBatchResponse {
    let mut failed = Vec::new();
    for message in &event.records {
        if let Err(e) = process(state, message).await {
            let id = message.message_id.clone().unwrap_or_default();
            tracing::warn!(message_id = %id, error = %e, "export job failed; it will be retried");
            failed.push(id);
        }
    }
    shared::lambda::batch_failures(failed)
}

async fn process(state: &AppState, message: &SqsMessage) -> Result<(), ExportError> {
    let body = message.body.as_deref().unwrap_or_default();
    let job: Job =
        serde_json::from_str(body).map_err(|e| ExportError::Unreadable(e.to_string()))?;
    let JobKind::Export(ExportJob { export_id }) = job.kind else {
        return Err(ExportError::Unreadable(format!(
            "job {} is not an export",
            job.id
        )));
    };
    let client = db::client(&state.db).await?;
    let done = client
        .query_opt("select 1 from processed_jobs where job_id = $1", &[&job.id])
        .await?;
    if done.is_some() {
        tracing::info!(job_id = %job.id, "export job already done; skipping the redelivery");
        return Ok(());
    }
    let Some(family_id) = claim(&client, export_id).await? else {
        return Ok(());
    };
    drop(client);
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
    finish(state, job.id, export_id, outcome).await
}

/// Moves the export to `running`; `None` when there is nothing to do (already
/// ready or failed, or gone with its family). An export running elsewhere with a
/// recent heartbeat is `Busy`, so the message comes back later.
async fn claim(client: &db::Client, export_id: Uuid) -> Result<Option<Uuid>, ExportError> {
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
        return Ok(Some(row.get(0)));
    }
    let status: Option<String> = client
        .query_opt("select status from exports where id = $1", &[&export_id])
        .await?
        .map(|row| row.get(0));
    match status.as_deref() {
        Some("running") => Err(ExportError::Busy(export_id)),
        Some(other) => {
            tracing::info!(%export_id, status = other, "export already finished; not rebuilt");
            Ok(None)
        }
        None => {
            tracing::info!(%export_id, "export no longer exists");
            Ok(None)
        }
    }
}

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

/// An error with its causes, for the log.
fn cause_chain(e: &dyn std::error::Error) -> String {
    let mut chain = e.to_string();
    let mut cause = e.source();
    while let Some(inner) = cause {
        chain.push_str(": ");
        chain.push_str(&inner.to_string());
        cause = inner.source();
    }
    chain
}

/// Records the final status and the job id in one transaction.
async fn finish(
    state: &AppState,
    job_id: Uuid,
    export_id: Uuid,
    outcome: Outcome,
) -> Result<(), ExportError> {
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    match &outcome {
        Outcome::Ready(built) => {
            tx.execute(
                "update exports set status = 'ready', progress = 100, object_key = $2, error = $3,
                     completed_at = now()
                 where id = $1",
                &[&export_id, &built.key, &built.warning],
            )
            .await?
        }
        Outcome::Failed(message) => {
            tx.execute(
                "update exports set status = 'failed', error = $2, completed_at = now() where id = $1",
                &[&export_id, message],
            )
            .await?
        }
    };
    tx.execute(
        "insert into processed_jobs (job_id, kind) values ($1, 'export') on conflict (job_id) do nothing",
        &[&job_id],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
