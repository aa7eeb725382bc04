//! Avatars: the browser uploads the image straight to S3 through the upload
//! kit (`shared::uploads`), which checks the object (present, size, real type)
//! before the child uses it. What is the avatar's own: images of at most 5 MB,
//! filed under the child, replacing the previous avatar.

use std::time::Duration;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use shared::auth::AuthUser;
use shared::db::Transaction;
use shared::http::{ApiJson, ApiPath, Data, DataOf};
use shared::storage::{self, Storage};
use shared::uploads::{Announced, Owner, Purpose, Scope, Ticket};
use shared::{ApiError, ApiResult, AppState, db};
use trajectory::access;
use uuid::Uuid;

use crate::children::{Child, load};

/// Largest avatar accepted.
pub const MAX_AVATAR_BYTES: i64 = 5 * 1024 * 1024;

/// What an avatar may be.
const AVATARS: Purpose = Purpose {
    name: "avatar",
    prefix: "avatars",
    types: &["image/jpeg", "image/png", "image/webp"],
    types_label: "JPEG, PNG and WebP",
    max_bytes: MAX_AVATAR_BYTES,
    owner_label: "child",
    window: Duration::from_secs(10 * 60),
};

/// An avatar belongs to its child, and is filed under it.
fn owner(child: Uuid) -> Owner {
    Owner {
        kind: "child",
        id: child,
        scope: Some(Scope::Child(child)),
    }
}

/// The child's current avatar key, the child locked until the transaction ends.
async fn avatar_for_update(tx: &Transaction<'_>, child: Uuid) -> ApiResult<Option<String>> {
    Ok(tx
        .query_one(
            "select avatar_key from children where id = $1 for update",
            &[&child],
        )
        .await?
        .try_get(0)?)
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UploadRequest {
    content_type: String,
    /// Bytes.
    size: i64,
}

/// A presigned PUT for a new avatar (JPEG, PNG or WebP, at most 5 MB).
#[utoipa::path(post, path = "/api/children/{id}/avatar/upload", tag = "children", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Child id")),
    request_body = UploadRequest,
    responses((status = 200, description = "Where to upload", body = DataOf<Ticket>),
              (status = 403, description = "Read-only member"),
              (status = 413, description = "Larger than 5 MB"),
              (status = 415, description = "Not JPEG, PNG or WebP")))]
pub async fn upload(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<UploadRequest>,
) -> ApiResult<Data<Ticket>> {
    let client = db::client(&state.db).await?;
    access::child(&client, &user, id).await?.require_write()?;
    let announced = Announced {
        content_type: &input.content_type,
        size: input.size,
    };
    let ticket = AVATARS
        .issue(&state, &client, &owner(id), user.id, announced)
        .await?;
    Ok(Data(ticket))
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
    {
        let client = db::client(&state.db).await?;
        access::child(&client, &user, id).await?.require_write()?;
    }
    let (child, stale) = AVATARS
        .claim(&state, &owner(id), &input.key, async |tx, avatar| {
            let previous = avatar_for_update(tx, id).await?;
            tx.execute(
                "update children set avatar_key = $2 where id = $1",
                &[&id, &avatar.key],
            )
            .await?;
            let stale: Vec<String> = previous.into_iter().collect();
            storage::delete_later(tx, &stale).await?;
            Ok((load(tx, &user, id).await?, stale))
        })
        .await?;
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
    let (link, reuse) = (Duration::from_secs(300), Duration::from_secs(240));
    Storage::new(&state)
        .redirect(&key, None, link, Some(reuse))
        .await
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
        let key = avatar_for_update(&tx, id).await?;
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
