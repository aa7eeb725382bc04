//! What a client does with a multipart upload between its ticket and its
//! completion: fresh URLs for parts still to send (resuming after a pause or
//! once the first URLs expired), or giving up. An upload nobody finishes is
//! aborted by the scheduler ([`abort_abandoned`]) once its slot expires, so its
//! parts stop costing storage the same day rather than when the bucket's
//! lifecycle rule gets to them.

use crate::db::{self, GenericClient};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::storage::Storage;

use super::issue::OPEN_SLOT;
use super::{Owner, rules::plan_parts};
use super::{PartUrl, Purpose};

impl Purpose {
    /// Presigns `part_numbers` again for the open multipart slot under `key`,
    /// each URL valid for the purpose's window (but never past the slot's
    /// expiry, which stays). 404 `UPLOAD_NOT_FOUND` as for [`Purpose::complete`];
    /// 422 on `part_numbers` for a number the upload does not have.
    pub async fn presign_parts(
        &self,
        state: &AppState,
        owner: &Owner,
        key: &str,
        part_numbers: &[i32],
    ) -> ApiResult<Vec<PartUrl>> {
        let (upload_id, size) = self.open_multipart(state, owner, key).await?;
        let count = plan_parts(size).map_or(0, |(_, count)| count);
        if part_numbers.is_empty() || part_numbers.iter().any(|n| !(1..=count).contains(n)) {
            return Err(ApiError::invalid_field(
                "part_numbers",
                format!("Part numbers go from 1 to {count}"),
            ));
        }
        let storage = Storage::new(state);
        let mut parts = Vec::with_capacity(part_numbers.len());
        for &part_number in part_numbers {
            let presigned = storage
                .presign_part(key, &upload_id, part_number, self.window)
                .await?;
            parts.push(PartUrl {
                part_number,
                url: presigned.url,
            });
        }
        Ok(parts)
    }

    /// Gives up the open multipart upload under `key`: S3 drops its parts and
    /// the slot goes. 404 `UPLOAD_NOT_FOUND` as for [`Purpose::complete`].
    pub async fn abort(&self, state: &AppState, owner: &Owner, key: &str) -> ApiResult<()> {
        let (upload_id, _) = self.open_multipart(state, owner, key).await?;
        Storage::new(state).abort_multipart(key, &upload_id).await?;
        db::client(&state.db)
            .await?
            .execute("delete from upload_slots where object_key = $1", &[&key])
            .await?;
        Ok(())
    }

    /// The upload id and announced size of the open multipart slot under `key`.
    async fn open_multipart(
        &self,
        state: &AppState,
        owner: &Owner,
        key: &str,
    ) -> ApiResult<(String, i64)> {
        let row = db::client(&state.db)
            .await?
            .query_opt(
                &format!(
                    "select upload_id, size_bytes from upload_slots
                     where {OPEN_SLOT} and upload_id is not null"
                ),
                &[&key, &self.name, &owner.kind, &owner.id, &owner.child_id()],
            )
            .await?
            .ok_or_else(|| self.not_found())?;
        Ok((row.try_get(0)?, row.try_get(1)?))
    }
}

/// Aborts the multipart uploads whose slots expired before they were
/// completed, and deletes those slots; returns how many. Called by the
/// scheduler. An upload S3 no longer knows (aborted by the lifecycle rule, or
/// by an earlier pass that failed to delete its slot) counts as aborted.
pub async fn abort_abandoned(state: &AppState, limit: i64) -> ApiResult<u64> {
    let rows = db::client(&state.db)
        .await?
        .query(
            "select object_key, upload_id from upload_slots
             where upload_id is not null and state = 'open' and expires_at < now()
             order by expires_at limit $1",
            &[&limit],
        )
        .await?;
    let storage = Storage::new(state);
    let mut aborted = 0;
    for row in rows {
        let (key, upload_id): (String, String) = (row.try_get(0)?, row.try_get(1)?);
        if let Err(err) = storage.abort_multipart(&key, &upload_id).await
            && err.status().as_u16() == 503
        {
            tracing::warn!(error = %err, "abandoned upload not aborted; the next tick retries");
            continue;
        }
        aborted += forget(&db::client(&state.db).await?, &key).await?;
    }
    Ok(aborted)
}

async fn forget(client: &impl GenericClient, key: &str) -> ApiResult<u64> {
    Ok(client
        .execute(
            "delete from upload_slots where object_key = $1 and state = 'open'",
            &[&key],
        )
        .await?)
}
