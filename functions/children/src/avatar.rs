//! Avatars: the browser uploads the image straight to S3 with a presigned PUT; the
//! server then checks the object (exists, size, real type) before using it.

use std::time::Duration;

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use shared::auth::AuthUser;
use shared::http::{ApiJson, ApiPath, Data};
use shared::storage::{self, Storage};
use shared::{ApiError, ApiResult, AppState, db};
use trajectory::access;
use uuid::Uuid;

use crate::children::{Child, load};
use shared::http::DataOf;

/// Largest avatar accepted.
pub const MAX_AVATAR_BYTES: i64 = 5 * 1024 * 1024;
const AVATAR_TYPES: &[&str] = &["image/jpeg", "image/png", "image/webp"];
const UPLOAD_WINDOW: Duration = Duration::from_secs(10 * 60);

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UploadRequest {
    content_type: String,
    /// Bytes.
    size: i64,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct UploadTicket {
    /// PUT the bytes here with the same Content-Type and Content-Length.
    upload_url: String,
    key: String,
    expires_at: DateTime<Utc>,
}

fn unsupported(allowed: &str) -> ApiError {
    ApiError::new(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "UNSUPPORTED_MEDIA_TYPE",
        format!("Only {allowed} files are accepted"),
    )
}

fn too_large(max: i64) -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "FILE_TOO_LARGE",
        format!("The file is larger than {} MB", max / (1024 * 1024)),
    )
}

/// A presigned PUT for a new avatar (JPEG, PNG or WebP, at most 5 MB).
#[utoipa::path(post, path = "/api/children/{id}/avatar/upload", tag = "children", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Child id")),
    request_body = UploadRequest,
    responses((status = 200, description = "Where to upload", body = DataOf<UploadTicket>),
              (status = 403, description = "Read-only member"),
              (status = 413, description = "Larger than 5 MB"),
              (status = 415, description = "Not JPEG, PNG or WebP")))]
pub async fn upload(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<UploadRequest>,
) -> ApiResult<Data<UploadTicket>> {
    let client = db::client(&state.db).await?;
    access::child(&client, &user, id).await?.require_write()?;
    if !AVATAR_TYPES.contains(&input.content_type.as_str()) {
        return Err(unsupported("JPEG, PNG and WebP"));
    }
    if input.size > MAX_AVATAR_BYTES {
        return Err(too_large(MAX_AVATAR_BYTES));
    }
    if input.size < 1 {
        return Err(ApiError::invalid_field("size", "The file is empty"));
    }
    let key = format!("avatars/{id}/{}", Uuid::new_v4());
    let presigned = Storage::new(&state)
        .presign_put(&key, &input.content_type, input.size, UPLOAD_WINDOW)
        .await?;
    client
        .execute(
            "insert into upload_slots (object_key, purpose, child_id, content_type, size_bytes, created_by, expires_at)
             values ($1, 'avatar', $2, $3, $4, $5, $6)",
            &[&key, &id, &input.content_type, &input.size, &user.id, &presigned.expires_at],
        )
        .await?;
    Ok(Data(UploadTicket {
        upload_url: presigned.url,
        key,
        expires_at: presigned.expires_at,
    }))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConfirmAvatar {
    key: String,
}

/// Uses an uploaded object as the child's avatar after checking it; the previous
/// avatar is deleted.
#[utoipa::path(put, path = "/api/children/{id}/avatar", tag = "children", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Child id")),
    request_body = ConfirmAvatar,
    responses((status = 200, description = "The child with its avatar", body = DataOf<Child>),
              (status = 404, description = "No upload with this key for this child"),
              (status = 413, description = "Larger than announced or than 5 MB"),
              (status = 415, description = "Not really a JPEG, PNG or WebP image"),
              (status = 422, description = "Nothing was uploaded under this key")))]
pub async fn confirm(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<ConfirmAvatar>,
) -> ApiResult<Data<Child>> {
    let client = db::client(&state.db).await?;
    access::child(&client, &user, id).await?.require_write()?;
    let slot = client
        .query_opt(
            "select size_bytes from upload_slots where object_key = $1 and child_id = $2 and purpose = 'avatar'",
            &[&input.key, &id],
        )
        .await?
        .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, "UPLOAD_NOT_FOUND", "No upload with this key for this child"))?;
    let announced: i64 = slot.get(0);
    drop(client);
    let storage = Storage::new(&state);
    let info = storage
        .head(&input.key)
        .await?
        .ok_or_else(|| ApiError::invalid_field("key", "Nothing was uploaded under this key yet"))?;
    if info.size > MAX_AVATAR_BYTES || info.size > announced {
        storage.delete(&input.key).await?;
        return Err(too_large(MAX_AVATAR_BYTES));
    }
    let real = storage::sniff(&storage.read_prefix(&input.key, 16).await?);
    if !real.is_some_and(|t| AVATAR_TYPES.contains(&t)) {
        storage.delete(&input.key).await?;
        return Err(unsupported("JPEG, PNG and WebP"));
    }

    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    let previous: Option<String> = tx
        .query_one(
            "select avatar_key from children where id = $1 for update",
            &[&id],
        )
        .await?
        .get(0);
    tx.execute(
        "update children set avatar_key = $2 where id = $1",
        &[&id, &input.key],
    )
    .await?;
    tx.execute(
        "delete from upload_slots where object_key = $1",
        &[&input.key],
    )
    .await?;
    let stale: Vec<String> = previous.into_iter().filter(|k| *k != input.key).collect();
    storage::delete_later(&tx, &stale).await?;
    let child = load(&tx, &user, id).await?;
    tx.commit().await?;
    storage::drain_deletions(&state, Some(&stale)).await?;
    Ok(Data(child))
}

/// Redirects to a short-lived URL of the avatar.
#[utoipa::path(get, path = "/api/children/{id}/avatar", tag = "children", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Child id")),
    responses((status = 302, description = "Redirect to the image"),
              (status = 404, description = "No avatar, or no such child")))]
pub async fn view(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Response> {
    let client = db::client(&state.db).await?;
    access::child(&client, &user, id).await?;
    let key: Option<String> = client
        .query_one("select avatar_key from children where id = $1", &[&id])
        .await?
        .get(0);
    let key = key.ok_or_else(|| ApiError::not_found("Avatar"))?;
    let url = Storage::new(&state)
        .presign_get(&key, None, Duration::from_secs(300))
        .await?
        .url;
    Ok((
        StatusCode::FOUND,
        [
            (header::LOCATION, url),
            (header::CACHE_CONTROL, "private, max-age=240".into()),
        ],
    )
        .into_response())
}

/// Removes the avatar and its object.
#[utoipa::path(delete, path = "/api/children/{id}/avatar", tag = "children", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Child id")),
    responses((status = 204, description = "Removed"),
              (status = 403, description = "Read-only member")))]
pub async fn remove(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<StatusCode> {
    let keys = {
        let mut client = db::client(&state.db).await?;
        let tx = client.transaction().await?;
        access::child(&tx, &user, id).await?.require_write()?;
        let key: Option<String> = tx
            .query_one(
                "select avatar_key from children where id = $1 for update",
                &[&id],
            )
            .await?
            .get(0);
        tx.execute(
            "update children set avatar_key = null where id = $1",
            &[&id],
        )
        .await?;
        let keys: Vec<String> = key.into_iter().collect();
        storage::delete_later(&tx, &keys).await?;
        tx.commit().await?;
        keys
    };
    storage::drain_deletions(&state, Some(&keys)).await?;
    Ok(StatusCode::NO_CONTENT)
}
