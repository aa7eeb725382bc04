//! Claiming a slot on confirmation: taken once, its object made the served
//! object and checked there, then handed to the module's transaction. Whatever
//! fails on the way deletes the object and the slot, except an upload that is
//! simply not there yet.

use crate::db::{self, GenericClient, Transaction};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::storage::{self, SNIFF_BYTES, Storage};

use super::issue::OPEN_SLOT;
use super::rules::Refusal;
use super::{Owner, Purpose};

/// The checked object, as the module's transaction sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claimed {
    /// Where the object is served from: the key the client presented. Nothing
    /// the client holds can write it.
    pub key: String,
    /// The type found in the object's first bytes.
    pub content_type: &'static str,
    /// Bytes.
    pub size: i64,
}

/// A slot taken by one confirmation.
struct Taken {
    /// Where the client's PUT wrote (the final key for a multipart upload).
    object_key: String,
    final_key: String,
    announced: i64,
    multipart: bool,
}

impl Taken {
    fn keys(&self) -> Vec<String> {
        let mut keys = vec![self.final_key.clone()];
        if self.object_key != self.final_key {
            keys.push(self.object_key.clone());
        }
        keys
    }
}

impl Purpose {
    /// Claims the slot issued under `key` for this purpose and owner, checks its
    /// object and runs `finish` with it in one transaction that also closes the
    /// slot. The caller checks access to `owner` first and holds no connection
    /// (this takes its own).
    ///
    /// Answers 404 `UPLOAD_NOT_FOUND` when the slot does not exist, is for
    /// another purpose or owner, has expired, or is being or was claimed (so
    /// only one of two simultaneous confirmations wins); 422 when nothing was
    /// uploaded yet (the slot stays); 413 and 415 when the object is larger
    /// than announced or allowed, or not of an accepted type (the object and
    /// the slot are deleted, as they are when `finish` fails).
    pub async fn claim<T>(
        &self,
        state: &AppState,
        owner: &Owner,
        key: &str,
        finish: impl AsyncFnOnce(&Transaction<'_>, &Claimed) -> ApiResult<T>,
    ) -> ApiResult<T> {
        let slot = self.take(state, owner, key).await?;
        let claimed = match self.check(state, &slot).await {
            Ok(claimed) => claimed,
            Err(Refusal::NotUploaded) => {
                release(state, &slot).await?;
                return Err(Refusal::NotUploaded.into_error());
            }
            Err(Refusal::Rejected(err)) => return Err(discard(state, &slot, err).await),
        };
        match close(state, &slot, &claimed, finish).await {
            Ok(value) => {
                if !slot.multipart {
                    // The slot stays until it expires, so a PUT repeated after
                    // this is deleted by the scheduler even if this fails.
                    if let Err(err) = Storage::new(state).delete(&slot.object_key).await {
                        tracing::warn!(error = %err, "claimed upload not deleted; the scheduler will");
                    }
                }
                Ok(value)
            }
            Err(err) => Err(discard(state, &slot, err).await),
        }
    }

    /// Marks the slot as being claimed, so no other confirmation can take it.
    async fn take(&self, state: &AppState, owner: &Owner, key: &str) -> ApiResult<Taken> {
        let row = db::client(&state.db)
            .await?
            .query_opt(
                &format!(
                    "update upload_slots set state = 'claiming' where {OPEN_SLOT}
                     returning object_key, size_bytes, upload_id is not null"
                ),
                &[&key, &self.name, &owner.kind, &owner.id, &owner.child_id()],
            )
            .await?
            .ok_or_else(|| self.not_found())?;
        Ok(Taken {
            object_key: row.try_get(0)?,
            final_key: key.to_string(),
            announced: row.try_get(1)?,
            multipart: row.try_get(2)?,
        })
    }

    /// Puts the uploaded bytes where they are served, then judges them there:
    /// what was checked is what is served, whatever is PUT afterwards.
    async fn check(&self, state: &AppState, slot: &Taken) -> Result<Claimed, Refusal> {
        let storage = Storage::new(state);
        if !slot.multipart
            && !storage
                .copy(&slot.object_key, &slot.final_key)
                .await
                .map_err(Refusal::Rejected)?
        {
            return Err(Refusal::NotUploaded);
        }
        let info = storage
            .head(&slot.final_key)
            .await
            .map_err(Refusal::Rejected)?;
        let size = self.judge_size(slot.announced, info.map(|info| info.size))?;
        let first_bytes = storage
            .read_prefix(&slot.final_key, SNIFF_BYTES)
            .await
            .map_err(Refusal::Rejected)?;
        let content_type = self.judge_type(&first_bytes)?;
        Ok(Claimed {
            key: slot.final_key.clone(),
            content_type,
            size,
        })
    }
}

/// Runs the module's transaction and closes the slot in it: the object is the
/// owner's exactly when the module's records say so.
async fn close<T>(
    state: &AppState,
    slot: &Taken,
    claimed: &Claimed,
    finish: impl AsyncFnOnce(&Transaction<'_>, &Claimed) -> ApiResult<T>,
) -> ApiResult<T> {
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    let value = finish(&tx, claimed).await?;
    // A multipart object has no other key left to clean up.
    let close = if slot.multipart {
        "delete from upload_slots where object_key = $1"
    } else {
        "update upload_slots set state = 'claimed' where object_key = $1"
    };
    tx.execute(close, &[&slot.object_key]).await?;
    tx.commit().await?;
    Ok(value)
}

/// Nothing is there yet: the slot reopens for the client to upload and confirm.
async fn release(state: &AppState, slot: &Taken) -> ApiResult<()> {
    if !slot.multipart {
        // A copy of an empty object may have been made.
        Storage::new(state).delete(&slot.final_key).await?;
    }
    db::client(&state.db)
        .await?
        .execute(
            "update upload_slots set state = 'open' where object_key = $1",
            &[&slot.object_key],
        )
        .await?;
    Ok(())
}

/// Deletes the slot and its objects after `err`, which is returned. The
/// deletions are queued in the same transaction that removes the slot, so
/// what cannot be deleted now is deleted by the scheduler.
async fn discard(state: &AppState, slot: &Taken, err: ApiError) -> ApiError {
    let keys = slot.keys();
    let forgotten = async {
        let mut client = db::client(&state.db).await?;
        let tx = client.transaction().await?;
        tx.execute(
            "delete from upload_slots where object_key = $1",
            &[&slot.object_key],
        )
        .await?;
        storage::delete_later(&tx, &keys).await?;
        tx.commit().await?;
        drop(client);
        storage::drain_deletions(state, Some(&keys)).await
    };
    if let Err(cleanup) = forgotten.await {
        tracing::warn!(error = %cleanup, "refused upload not cleaned up");
    }
    err
}

/// Deletes slots a day past their expiry, with the objects nobody uses: what
/// was uploaded for them and, unless the slot was claimed, the copy made for a
/// claim that never finished. Returns how many slots were purged. Called by the
/// scheduler; the objects go through the deletion queue. The parts of a
/// multipart upload never completed are dropped by the bucket's lifecycle rule
/// (`AbortIncompleteMultipartUpload`).
pub async fn purge_expired(client: &impl GenericClient) -> ApiResult<u64> {
    let row = client
        .query_one(
            "with gone as (
                 delete from upload_slots where expires_at < now() - interval '1 day'
                 returning object_key, final_key, state
             ), queued as (
                 insert into object_deletions (object_key)
                 select object_key from gone
                 union select final_key from gone where state <> 'claimed'
                 on conflict do nothing
             )
             select count(*) from gone",
            &[],
        )
        .await?;
    let purged: i64 = row.try_get(0)?;
    Ok(u64::try_from(purged).unwrap_or_default())
}
