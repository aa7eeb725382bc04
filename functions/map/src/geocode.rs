//! Sending a location's address to the geocoder: a job in the outbox, in the
//! transaction that saved the address, pushed to the queue after commit.

use shared::db::Transaction;
use shared::jobs::{self, Job};
use shared::{ApiError, AppState};
use uuid::Uuid;

/// Writes a geocoding job for location `id` when it waits for a point.
pub async fn request_if_pending(
    tx: &Transaction<'_>,
    id: Uuid,
    status: &str,
) -> Result<Option<Job>, ApiError> {
    if status != "pending" {
        return Ok(None);
    }
    let job = Job::geocode(id);
    jobs::enqueue(tx, &job).await?;
    Ok(Some(job))
}

/// Pushes committed jobs now; the scheduler's relay sends any that fail.
pub async fn dispatch(state: &AppState, jobs: impl IntoIterator<Item = Job>) {
    let jobs: Vec<Job> = jobs.into_iter().collect();
    if !jobs.is_empty() {
        jobs::dispatch(state, &jobs).await;
    }
}
