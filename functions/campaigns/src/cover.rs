//! A campaign's cover image, through the upload kit (`shared::uploads`): the
//! browser PUTs it straight to S3, the kit checks it (size, real type) before
//! the campaign uses it, and the previous cover is deleted. Everyone may see a
//! cover: it is made for the public page.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use shared::auth::AuthUser;
use shared::http::{ApiJson, ApiPath, Data, DataOf};
use shared::storage;
use shared::uploads::{ObjectColumn, Owner, Purpose, Ticket};
use shared::{ApiResult, AppState, db};
use uuid::Uuid;

use crate::campaign::{self, Campaign, admin};
use crate::images::{self, ConfirmImage, ImageUpload};

const COVERS: Purpose = images::purpose("campaign_cover", "covers", "campaign");

const COVER: ObjectColumn = ObjectColumn {
    table: "campaigns",
    column: "cover_key",
    noun: "Campaign",
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

/// A presigned PUT for a new cover (JPEG, PNG or WebP, at most 5 MB; admins).
#[utoipa::path(post, path = "/api/campaigns/{id}/cover/upload", tag = "campaigns", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Campaign id")),
    request_body = ImageUpload,
    responses((status = 200, description = "Where to upload", body = DataOf<Ticket>),
              (status = 403, description = "Not an Influence admin"),
              (status = 404, description = "No such campaign"),
              (status = 413, description = "Larger than 5 MB"),
              (status = 415, description = "Not JPEG, PNG or WebP")))]
pub async fn upload(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<ImageUpload>,
) -> ApiResult<Data<Ticket>> {
    admin(&user)?;
    let client = db::client(&state.db).await?;
    campaign::load(&client, &user, id, false).await?;
    let ticket = COVERS
        .issue(&state, &client, &owner(id), user.id, input.announced())
        .await?;
    Ok(Data(ticket))
}

/// Uses an uploaded image as the cover after checking it (admins).
#[utoipa::path(put, path = "/api/campaigns/{id}/cover", tag = "campaigns", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Campaign id")),
    request_body = ConfirmImage,
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
    ApiJson(input): ApiJson<ConfirmImage>,
) -> ApiResult<Data<Campaign>> {
    admin(&user)?;
    let (campaign, stale) = COVERS
        .claim(&state, &owner(id), &input.key, async |tx, cover| {
            let stale = COVER.replace(tx, id, Some(&cover.key)).await?;
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
    COVER.clear(&state, id).await?;
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
    images::redirect(&state, key, "Cover").await
}
