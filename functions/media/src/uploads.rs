//! Uploading a video (MEDIA_ADMIN): straight to S3 in parts, the server never
//! holding a byte.
//!
//! 1. `POST /api/media/uploads` records the video (`uploading`) and answers a
//!    multipart ticket: the part size and one presigned PUT per part. The
//!    browser sends several parts at once and keeps each part's `ETag`.
//! 2. `POST /api/media/uploads/{id}/parts` presigns parts again, to resume
//!    after a pause (or once the first URLs expired); parts already sent are
//!    not sent again.
//! 3. `POST /api/media/uploads/{id}/complete` assembles the parts, claims the
//!    object (its first bytes must be a video container's) and queues the
//!    video job in the same transaction that moves the video to `processing`.
//! 4. `DELETE /api/media/uploads/{id}` gives up; an upload nobody finishes is
//!    aborted by the scheduler when its slot expires (a day).
//!
//! Which container a file really is, is decided by probing it, never by its
//! name: the claim reads its magic bytes, the video worker runs ffprobe.
//!
//! De-duplication by SHA-256 is computed by the video worker, which streams the
//! stored object once after probing it. In the browser, hashing a 10 GB file
//! takes minutes before the first byte could be sent (Web Crypto has no
//! streaming digest, so a script hash runs at a few hundred MB/s at best, on
//! top of the upload); in the worker it costs one read inside AWS. The price is
//! that a duplicate is found after its upload: it ends `failed`, naming the
//! video it duplicates, and its bytes are deleted.

use std::time::Duration;

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use shared::auth::{AuthUser, Role};
use shared::domain::Filename;
use shared::http::{ApiJson, ApiPath, Created, Data, DataOf};
use shared::jobs::{self, Job};
use shared::storage::CompletedPart;
use shared::uploads::{Announced, MultipartTicket, Owner, PartUrl, Purpose};
use shared::{ApiError, ApiResult, AppState, db};
use uuid::Uuid;

use crate::model::{self, Video};

/// Uploaded videos: any accepted container up to 50 GB, their URLs valid a day.
pub const VIDEO: Purpose = Purpose {
    name: "video",
    prefix: "videos",
    types: &[
        "video/mp4",
        "video/quicktime",
        "video/x-m4v",
        "video/x-msvideo",
        "video/x-matroska",
        "video/webm",
        "video/x-flv",
        // Browsers name no type for many videos (MKV, FLV); what the file is
        // is decided by its bytes anyway.
        "application/octet-stream",
    ],
    types_label: "MP4, MOV, M4V, AVI, MKV, WebM and FLV",
    max_bytes: 50 * 1000 * 1000 * 1000,
    owner_label: "video",
    window: Duration::from_secs(24 * 3600),
};

fn owner(id: Uuid) -> Owner {
    Owner {
        kind: "video",
        id,
        scope: None,
    }
}

/// A file to upload.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewUpload {
    /// The file's name: shown in the library and the first title; never used
    /// to decide what the file is.
    filename: String,
    /// Bytes.
    size: i64,
    /// The browser's idea of the type, if any; absent or unknown: sent as
    /// `application/octet-stream`.
    #[serde(default)]
    content_type: Option<String>,
}

/// A video being uploaded, and how.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct UploadStarted {
    pub video: Video,
    pub upload: MultipartTicket,
}

/// Starts uploading a video.
#[utoipa::path(post, path = "/api/media/uploads", tag = "media", security(("bearer" = [])),
    request_body = NewUpload,
    responses((status = 201, description = "The video, and where to PUT its parts", body = DataOf<UploadStarted>),
              (status = 403, description = "Not MEDIA_ADMIN"),
              (status = 413, description = "Larger than 50 GB"),
              (status = 415, description = "Announced as something other than a video"),
              (status = 422, description = "A field is invalid, named in details")))]
pub async fn create(
    user: AuthUser,
    State(state): State<AppState>,
    ApiJson(input): ApiJson<NewUpload>,
) -> ApiResult<Created<UploadStarted>> {
    user.require(Role::MediaAdmin)?;
    let filename = Filename::parse(&input.filename)
        .map_err(|message| ApiError::invalid_field("filename", message))?;
    let content_type = input
        .content_type
        .filter(|t| VIDEO.types.contains(&t.as_str()))
        .unwrap_or_else(|| "application/octet-stream".into());
    VIDEO.check_announced(&content_type, input.size)?;
    let id = Uuid::new_v4();
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    let announced = Announced {
        content_type: &content_type,
        size: input.size,
    };
    let ticket = VIDEO
        .issue_multipart(&state, &tx, &owner(id), user.id, announced)
        .await?;
    tx.execute(
        "insert into videos (id, title, original_filename, object_key, size_bytes, created_by, updated_by)
         values ($1, $2, $3, $4, $5, $6, $6)",
        &[&id, &title_of(filename.as_str()), &filename.as_str(), &ticket.key, &input.size, &user.id],
    )
    .await?;
    let video = model::load(&state, &tx, id).await?;
    tx.commit().await?;
    Ok(Created(UploadStarted {
        video,
        upload: ticket,
    }))
}

/// The first title of a video: its file name without the extension, at most
/// 200 characters.
fn title_of(filename: &str) -> String {
    let stem = match filename.rsplit_once('.') {
        Some((stem, _)) if !stem.trim().is_empty() => stem,
        _ => filename,
    };
    stem.trim().chars().take(200).collect()
}

/// Parts to presign again.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PartNumbers {
    part_numbers: Vec<i32>,
}

/// Fresh URLs for parts still to send, to resume an upload.
#[utoipa::path(post, path = "/api/media/uploads/{id}/parts", tag = "media", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Video id")),
    request_body = PartNumbers,
    responses((status = 200, description = "One URL per part asked for", body = DataOf<Vec<PartUrl>>),
              (status = 403, description = "Not MEDIA_ADMIN"),
              (status = 404, description = "No upload in progress for this video"),
              (status = 422, description = "A part number the upload does not have")))]
pub async fn parts(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<PartNumbers>,
) -> ApiResult<Data<Vec<PartUrl>>> {
    user.require(Role::MediaAdmin)?;
    let key = uploading_key(&state, id).await?;
    Ok(Data(
        VIDEO
            .presign_parts(&state, &owner(id), &key, &input.part_numbers)
            .await?,
    ))
}

/// The uploaded parts, in order.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Completion {
    parts: Vec<CompletedPart>,
}

/// Assembles the parts and hands the video to the video worker.
#[utoipa::path(post, path = "/api/media/uploads/{id}/complete", tag = "media", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Video id")),
    request_body = Completion,
    responses((status = 200, description = "The video, now processing", body = DataOf<Video>),
              (status = 403, description = "Not MEDIA_ADMIN"),
              (status = 404, description = "No upload in progress for this video"),
              (status = 413, description = "Larger than announced"),
              (status = 415, description = "The file is not a video"),
              (status = 422, description = "The parts do not form the upload")))]
pub async fn complete(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<Completion>,
) -> ApiResult<Data<Video>> {
    user.require(Role::MediaAdmin)?;
    let key = uploading_key(&state, id).await?;
    let owner = owner(id);
    VIDEO.complete(&state, &owner, &key, &input.parts).await?;
    let job = Job::video(id);
    let claimed = VIDEO
        .claim(&state, &owner, &key, async |tx, claimed| {
            tx.execute(
                "update videos set status = 'processing', size_bytes = $2, updated_by = $3
                 where id = $1 and status = 'uploading'",
                &[&id, &claimed.size, &user.id],
            )
            .await?;
            jobs::enqueue(tx, &job).await
        })
        .await;
    if let Err(err) = claimed {
        // A refused file takes its video with it: nothing of it is kept.
        if matches!(
            err.status(),
            StatusCode::PAYLOAD_TOO_LARGE | StatusCode::UNSUPPORTED_MEDIA_TYPE
        ) {
            forget(&state, id).await?;
        }
        return Err(err);
    }
    jobs::dispatch(&state, std::slice::from_ref(&job)).await;
    let client = db::client(&state.db).await?;
    Ok(Data(model::load(&state, &client, id).await?))
}

/// Gives up an upload: its parts are dropped and the video forgotten.
#[utoipa::path(delete, path = "/api/media/uploads/{id}", tag = "media", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Video id")),
    responses((status = 204, description = "Abandoned"),
              (status = 403, description = "Not MEDIA_ADMIN"),
              (status = 404, description = "No upload in progress for this video")))]
pub async fn abort(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<StatusCode> {
    user.require(Role::MediaAdmin)?;
    let key = uploading_key(&state, id).await?;
    VIDEO.abort(&state, &owner(id), &key).await?;
    forget(&state, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The object key of video `id` while it is uploading; 404 otherwise.
async fn uploading_key(state: &AppState, id: Uuid) -> ApiResult<String> {
    let row = db::client(&state.db)
        .await?
        .query_opt(
            "select object_key from videos where id = $1 and status = 'uploading'",
            &[&id],
        )
        .await?
        .ok_or_else(|| VIDEO.not_found())?;
    Ok(row.try_get(0)?)
}

/// Deletes a video that never got past its upload.
async fn forget(state: &AppState, id: Uuid) -> ApiResult<()> {
    db::client(&state.db)
        .await?
        .execute(
            "delete from videos where id = $1 and status = 'uploading'",
            &[&id],
        )
        .await?;
    Ok(())
}

/// Forgets the videos whose upload was abandoned (the scheduler aborted it, or
/// its slot is gone): `uploading` with no upload slot left. An upload never
/// completed left no object behind. Called by the scheduler after
/// [`shared::uploads::abort_abandoned`]; answers how many.
pub async fn forget_abandoned(client: &impl db::GenericClient) -> ApiResult<u64> {
    Ok(client
        .execute(
            "delete from videos v where v.status = 'uploading'
               and v.created_at < now() - interval '1 hour'
               and not exists (select 1 from upload_slots s
                               where s.owner_type = 'video' and s.owner_id = v.id)",
            &[],
        )
        .await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_come_from_file_names() {
        assert_eq!(title_of("Rally at city hall.mp4"), "Rally at city hall");
        assert_eq!(title_of("clip.final.mov"), "clip.final");
        assert_eq!(title_of("noextension"), "noextension");
        assert_eq!(title_of(".mkv"), ".mkv");
        assert_eq!(title_of(&"a".repeat(300)).chars().count(), 200);
    }
}
