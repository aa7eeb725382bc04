//! A campaign's cover image, through the upload kit (`shared::uploads`): the
//! browser PUTs it straight to S3, the kit checks it (size, real type) before
//! the campaign uses it, and the previous cover is deleted. Everyone may see a
//! cover: it is made for the public page.

use std::time::Duration;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use shared::auth::AuthUser;
use shared::db::Transaction;
use shared::http::{ApiJson, ApiPath, Data, DataOf};
use shared::storage::{self, Storage};
use shared::uploads::{Announced, Owner, Purpose, Ticket};
use shared::{ApiError, ApiResult, AppState, db};
use uuid::Uuid;

use crate::campaign::{self, Campaign, admin};

/// What a cover may be.
const COVERS: Purpose = Purpose {
    name: "campaign_cover",
    prefix: "covers",
    types: &["image/jpeg", "image/png", "image/webp"],
    types_label: "JPEG, PNG and WebP",
    max_bytes: 5 * 1024 * 1024,
    owner_label: "campaign",
    window: Duration::from_secs(10 * 60),
};

fn owner(id: Uuid) -> Owner {
    Owner {
        kind: "campaign",
        id,
        scope: None,
    }
}

/// A fresh key for a copy of a cover (a duplicated campaign's).
pub fn copy_key() -> String {
    format!("{}/{}/{}", COVERS.prefix, Uuid::new_v4(), Uuid::new_v4())
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CoverUpload {
    content_type: String,
    /// Bytes.
    size: i64,
}

/// A presigned PUT for a new cover (JPEG, PNG or WebP, at most 5 MB; admins).
#[utoipa::path(post, path = "/api/campaigns/{id}/cover/upload", tag = "campaigns", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Campaign id")),
    request_body = CoverUpload,
    responses((status = 200, description = "Where to upload", body = DataOf<Ticket>),
              (status = 403, description = "Not an Influence admin"),
              (status = 404, description = "No such campaign"),
              (status = 413, description = "Larger than 5 MB"),
              (status = 415, description = "Not JPEG, PNG or WebP")))]
pub async fn upload(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<CoverUpload>,
) -> ApiResult<Data<Ticket>> {
    admin(&user)?;
    let client = db::client(&state.db).await?;
    campaign::load(&client, &user, id, false).await?;
    let announced = Announced {
        content_type: &input.content_type,
        size: input.size,
    };
    let ticket = COVERS
        .issue(&state, &client, &owner(id), user.id, announced)
        .await?;
    Ok(Data(ticket))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConfirmCover {
    key: String,
}

/// The current cover key, the campaign locked until the transaction ends.
async fn cover_for_update(tx: &Transaction<'_>, id: Uuid) -> ApiResult<Option<String>> {
    Ok(tx
        .query_opt(
            "select cover_key from campaigns where id = $1 for update",
            &[&id],
        )
        .await?
        .ok_or_else(|| ApiError::not_found("Campaign"))?
        .try_get(0)?)
}

/// Uses an uploaded image as the cover after checking it (admins).
#[utoipa::path(put, path = "/api/campaigns/{id}/cover", tag = "campaigns", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Campaign id")),
    request_body = ConfirmCover,
    responses((status = 200, description = "The campaign with its cover", body = DataOf<Campaign>),
              (status = 403, description = "Not an Influence admin"),
              (status = 404, description = "No such campaign, or no upload with this key"),
              (status = 413, description = "Larger than announced or than 5 MB"),
              (status = 415, description = "Not really a JPEG, PNG or WebP image"),
              (status = 422, description = "Nothing was uploaded under this key")))]
pub async fn confirm(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<ConfirmCover>,
) -> ApiResult<Data<Campaign>> {
    admin(&user)?;
    let (campaign, stale) = COVERS
        .claim(&state, &owner(id), &input.key, async |tx, cover| {
            let previous = cover_for_update(tx, id).await?;
            tx.execute(
                "update campaigns set cover_key = $2 where id = $1",
                &[&id, &cover.key],
            )
            .await?;
            let stale: Vec<String> = previous.into_iter().collect();
            storage::delete_later(tx, &stale).await?;
            Ok((campaign::load(tx, &user, id, false).await?, stale))
        })
        .await?;
    storage::drain_deletions(&state, Some(&stale)).await?;
    Ok(Data(campaign))
}

/// Removes the cover and its image (admins).
#[utoipa::path(delete, path = "/api/campaigns/{id}/cover", tag = "campaigns", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Campaign id")),
    responses((status = 204, description = "Removed"),
              (status = 403, description = "Not an Influence admin"),
              (status = 404, description = "No such campaign")))]
pub async fn remove(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<StatusCode> {
    admin(&user)?;
    let keys = {
        let mut client = db::client(&state.db).await?;
        let tx = client.transaction().await?;
        let keys: Vec<String> = cover_for_update(&tx, id).await?.into_iter().collect();
        tx.execute(
            "update campaigns set cover_key = null where id = $1",
            &[&id],
        )
        .await?;
        storage::delete_later(&tx, &keys).await?;
        tx.commit().await?;
        keys
    };
    storage::drain_deletions(&state, Some(&keys)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Redirects to a short-lived URL of a campaign's cover (public).
#[utoipa::path(get, path = "/api/public/campaigns/{slug}/cover", tag = "public",
    params(("slug" = String, Path, description = "Campaign slug")),
    responses((status = 302, description = "Redirect to the image"),
              (status = 404, description = "No such campaign, or no cover")))]
pub async fn view(
    State(state): State<AppState>,
    ApiPath(slug): ApiPath<String>,
) -> ApiResult<Response> {
    let key: Option<String> = db::client(&state.db)
        .await?
        .query_opt("select cover_key from campaigns where slug = $1", &[&slug])
        .await?
        .and_then(|row| row.get(0));
    let key = key.ok_or_else(|| ApiError::not_found("Cover"))?;
    let (link, reuse) = (Duration::from_secs(3600), Duration::from_secs(3000));
    Storage::new(&state)
        .redirect(&key, None, link, Some(reuse))
        .await
}
