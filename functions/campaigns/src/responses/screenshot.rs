//! A response's screenshot (an image of the email or post), through the upload
//! kit (`shared::uploads`). Its poster adds it while the response waits for
//! moderation, when they posted it signed in (uploads belong to an account);
//! an admin may add or replace it any time. The public sees it once the
//! response is approved.

use axum::extract::State;
use axum::response::Response;
use shared::auth::AuthUser;
use shared::http::{ApiJson, ApiPath, Data, DataOf};
use shared::storage;
use shared::uploads::{ObjectColumn, Owner, Purpose, Ticket};
use shared::{ApiError, ApiResult, AppState, db};
use uuid::Uuid;

use super::{ModerationStatus, ResponseRecord, load};
use crate::campaign::is_admin;
use crate::images::{self, ConfirmImage, ImageUpload};

const SCREENSHOTS: Purpose = images::purpose("response_screenshot", "screenshots", "response");

const SCREENSHOT: ObjectColumn = ObjectColumn {
    table: "campaign_responses",
    column: "screenshot_key",
    noun: "Response",
};

fn owner(id: Uuid) -> Owner {
    Owner {
        kind: "campaign_response",
        id,
        scope: None,
    }
}

/// 404 unless `user` may change response `id`'s screenshot: an admin, or its
/// poster while it waits for moderation.
async fn may_change(
    client: &impl shared::db::GenericClient,
    user: &AuthUser,
    id: Uuid,
) -> ApiResult<ResponseRecord> {
    let record = load(client, id, false).await?;
    let poster = record.submitted_by == Some(user.id) && record.status == ModerationStatus::Pending;
    if is_admin(user) || poster {
        Ok(record)
    } else {
        Err(ApiError::not_found("Response"))
    }
}

/// A presigned PUT for a screenshot (JPEG, PNG or WebP, at most 5 MB).
#[utoipa::path(post, path = "/api/responses/{id}/screenshot/upload", tag = "responses", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Response id")),
    request_body = ImageUpload,
    responses((status = 200, description = "Where to upload", body = DataOf<Ticket>),
              (status = 404, description = "No such response, or not the caller's pending one"),
              (status = 413, description = "Larger than 5 MB"),
              (status = 415, description = "Not JPEG, PNG or WebP")))]
pub async fn upload(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<ImageUpload>,
) -> ApiResult<Data<Ticket>> {
    let client = db::client(&state.db).await?;
    may_change(&client, &user, id).await?;
    let ticket = SCREENSHOTS
        .issue(&state, &client, &owner(id), user.id, input.announced())
        .await?;
    Ok(Data(ticket))
}

/// Uses an uploaded image as the response's screenshot after checking it.
#[utoipa::path(put, path = "/api/responses/{id}/screenshot", tag = "responses", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Response id")),
    request_body = ConfirmImage,
    responses((status = 200, description = "The response with its screenshot", body = DataOf<ResponseRecord>),
              (status = 404, description = "No such response, not the caller's pending one, or no upload with this key"),
              (status = 413, description = "Larger than announced or than 5 MB"),
              (status = 415, description = "Not really a JPEG, PNG or WebP image"),
              (status = 422, description = "Nothing was uploaded under this key")))]
pub async fn confirm(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<ConfirmImage>,
) -> ApiResult<Data<ResponseRecord>> {
    {
        let client = db::client(&state.db).await?;
        may_change(&client, &user, id).await?;
    }
    let (record, stale) = SCREENSHOTS
        .claim(&state, &owner(id), &input.key, async |tx, image| {
            let stale = SCREENSHOT.replace(tx, id, Some(&image.key)).await?;
            Ok((load(tx, id, false).await?, stale))
        })
        .await?;
    storage::drain_deletions(&state, Some(&stale)).await?;
    Ok(Data(record))
}

/// Redirects to the screenshot of a response (admins; its poster while pending).
#[utoipa::path(get, path = "/api/responses/{id}/screenshot", tag = "responses", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Response id")),
    responses((status = 302, description = "Redirect to the image"),
              (status = 404, description = "No such response or screenshot")))]
pub async fn view(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Response> {
    let client = db::client(&state.db).await?;
    may_change(&client, &user, id).await?;
    let key: Option<String> = client
        .query_one(
            "select screenshot_key from campaign_responses where id = $1",
            &[&id],
        )
        .await?
        .try_get(0)?;
    drop(client);
    images::redirect(&state, key, "Screenshot").await
}

/// Redirects to the screenshot of an approved response (public).
#[utoipa::path(get, path = "/api/public/responses/{id}/screenshot", tag = "public",
    params(("id" = Uuid, Path, description = "Response id")),
    responses((status = 302, description = "Redirect to the image"),
              (status = 404, description = "No such approved response, or no screenshot")))]
pub async fn public_view(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Response> {
    let key: Option<String> = db::client(&state.db)
        .await?
        .query_opt(
            "select p.screenshot_key from campaign_responses p join campaigns c on c.id = p.campaign_id
             where p.id = $1 and p.status = 'approved' and c.show_response_wall",
            &[&id],
        )
        .await?
        .and_then(|row| row.get(0));
    images::redirect(&state, key, "Screenshot").await
}
