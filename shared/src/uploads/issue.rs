//! Handing out uploads: a slot recorded for an owner, and the presigned URLs
//! the client writes to.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::db::{self, GenericClient};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::storage::{CompletedPart, Storage};

use super::rules::{SINGLE_PUT_MAX, plan_parts};
use super::{MultipartTicket, Owner, PartUrl, Purpose, Ticket};

/// What the client says it will upload, checked against the purpose before
/// anything is handed out (and against the stored object on claim).
#[derive(Debug, Clone, Copy)]
pub struct Announced<'a> {
    pub content_type: &'a str,
    /// Bytes.
    pub size: i64,
}

/// The slot columns that pick an open slot of one purpose and owner by the
/// key the client presents (`$1` to `$5`).
pub(super) const OPEN_SLOT: &str = "final_key = $1 and purpose = $2 and owner_type = $3
    and owner_id = $4 and child_id is not distinct from $5
    and state = 'open' and expires_at > now()";

/// One new slot.
struct NewSlot<'a> {
    object_key: &'a str,
    final_key: &'a str,
    upload_id: Option<&'a str>,
    expires_at: DateTime<Utc>,
}

impl Purpose {
    /// Issues a slot for one object written by a single presigned PUT. The
    /// claim copies the object inside S3 within the confirming request, so
    /// this suits files of up to a few hundred MB (S3 stops at 5 GiB); larger
    /// ones go in parts. `client` is the connection the caller checked access
    /// with.
    pub async fn issue(
        &self,
        state: &AppState,
        client: &impl GenericClient,
        owner: &Owner,
        created_by: Uuid,
        announced: Announced<'_>,
    ) -> ApiResult<Ticket> {
        self.check_announced(announced.content_type, announced.size)?;
        if announced.size > SINGLE_PUT_MAX {
            return Err(ApiError::invalid_field(
                "size",
                "Files over 5 GiB must be uploaded in parts",
            ));
        }
        let object_key = self.upload_key();
        let final_key = self.final_key(owner);
        let presigned = Storage::new(state)
            .presign_put(
                &object_key,
                announced.content_type,
                announced.size,
                self.window,
            )
            .await?;
        let slot = NewSlot {
            object_key: &object_key,
            final_key: &final_key,
            upload_id: None,
            expires_at: presigned.expires_at,
        };
        self.record(client, owner, created_by, announced, slot)
            .await?;
        Ok(Ticket {
            key: final_key,
            upload_url: presigned.url,
            expires_at: presigned.expires_at,
        })
    }

    /// Issues a slot for one object uploaded in parts, for objects beyond what
    /// one PUT holds (or too large to send in one go). The parts are assembled
    /// at the final key by [`Purpose::complete`]: no URL the client holds can
    /// write the object afterwards.
    pub async fn issue_multipart(
        &self,
        state: &AppState,
        client: &impl GenericClient,
        owner: &Owner,
        created_by: Uuid,
        announced: Announced<'_>,
    ) -> ApiResult<MultipartTicket> {
        self.check_announced(announced.content_type, announced.size)?;
        let (part_size, count) = plan_parts(announced.size).ok_or_else(|| self.too_large())?;
        let key = self.final_key(owner);
        let storage = Storage::new(state);
        let upload_id = storage
            .create_multipart(&key, announced.content_type)
            .await?;
        let mut parts = Vec::with_capacity(usize::try_from(count).unwrap_or_default());
        let mut expires_at = chrono::Utc::now();
        for part_number in 1..=count {
            let presigned = storage
                .presign_part(&key, &upload_id, part_number, self.window)
                .await?;
            expires_at = presigned.expires_at;
            parts.push(PartUrl {
                part_number,
                url: presigned.url,
            });
        }
        let slot = NewSlot {
            object_key: &key,
            final_key: &key,
            upload_id: Some(&upload_id),
            expires_at,
        };
        self.record(client, owner, created_by, announced, slot)
            .await?;
        Ok(MultipartTicket {
            key,
            part_size,
            parts,
            expires_at,
        })
    }

    /// Assembles a multipart upload from the parts the client PUT, in order,
    /// with the ETags their PUTs answered. 404 `UPLOAD_NOT_FOUND` unless `key`
    /// is an open multipart slot of this purpose and owner; 422 on `parts` when
    /// they do not make the upload.
    pub async fn complete(
        &self,
        state: &AppState,
        owner: &Owner,
        key: &str,
        parts: &[CompletedPart],
    ) -> ApiResult<()> {
        let row = db::client(&state.db)
            .await?
            .query_opt(
                &format!(
                    "select upload_id from upload_slots where {OPEN_SLOT} and upload_id is not null"
                ),
                &[&key, &self.name, &owner.kind, &owner.id, &owner.child_id()],
            )
            .await?
            .ok_or_else(|| self.not_found())?;
        let upload_id: String = row.try_get(0)?;
        Storage::new(state)
            .complete_multipart(key, &upload_id, parts)
            .await
    }

    async fn record(
        &self,
        client: &impl GenericClient,
        owner: &Owner,
        created_by: Uuid,
        announced: Announced<'_>,
        slot: NewSlot<'_>,
    ) -> ApiResult<()> {
        client
            .execute(
                "insert into upload_slots (object_key, final_key, upload_id, purpose, owner_type, owner_id,
                                           child_id, content_type, size_bytes, created_by, expires_at)
                 values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                &[
                    &slot.object_key,
                    &slot.final_key,
                    &slot.upload_id,
                    &self.name,
                    &owner.kind,
                    &owner.id,
                    &owner.child_id(),
                    &announced.content_type,
                    &announced.size,
                    &created_by,
                    &slot.expires_at,
                ],
            )
            .await?;
        Ok(())
    }
}
