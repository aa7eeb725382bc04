//! The deferred deletion queue (`object_deletions`): a transaction that removes
//! records also records their objects, and the objects are deleted after it
//! commits. A deletion that fails stays queued and the scheduler retries it, so
//! an object is never deleted while its record survives, nor kept forever.

use crate::db::Transaction;
use crate::error::ApiError;
use crate::state::AppState;

use super::Storage;

/// Records objects to delete once the transaction that removed their records
/// commits; [`drain_deletions`] deletes them (and the scheduler retries).
pub async fn delete_later(tx: &Transaction<'_>, keys: &[String]) -> Result<(), ApiError> {
    if keys.is_empty() {
        return Ok(());
    }
    tx.execute(
        "insert into object_deletions (object_key) select unnest($1::text[]) on conflict do nothing",
        &[&keys],
    )
    .await?;
    Ok(())
}

/// Deletes recorded objects: the given keys, or up to 200 of any when `None`.
/// Returns how many were deleted; failures stay recorded for the next pass.
pub async fn drain_deletions(state: &AppState, keys: Option<&[String]>) -> Result<u64, ApiError> {
    let client = crate::db::client(&state.db).await?;
    let rows = match keys {
        Some(keys) => {
            client
                .query(
                    "select object_key from object_deletions where object_key = any($1)",
                    &[&keys],
                )
                .await?
        }
        None => {
            client
                .query(
                    "select object_key from object_deletions order by created_at limit 200",
                    &[],
                )
                .await?
        }
    };
    let storage = Storage::new(state);
    let mut deleted = 0;
    for row in rows {
        let key: String = row.get(0);
        match storage.delete(&key).await {
            Ok(()) => {
                client
                    .execute(
                        "delete from object_deletions where object_key = $1",
                        &[&key],
                    )
                    .await?;
                deleted += 1;
            }
            Err(e) => {
                tracing::warn!(error = %e, "object deletion failed; will retry");
                client
                    .execute(
                        "update object_deletions set attempts = attempts + 1 where object_key = $1",
                        &[&key],
                    )
                    .await?;
            }
        }
    }
    Ok(deleted)
}
