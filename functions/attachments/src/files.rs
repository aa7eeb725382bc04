//! Attachments once confirmed: listed per record, downloaded through a short-lived
//! URL under their original name, renamed, deleted with their object.

use std::time::Duration;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use shared::audit::Action;
use shared::auth::AuthUser;
use shared::http::{ApiJson, ApiPath, Data, DataOf};
use shared::paging::{self, Page, PageOf, Paged, Paging};
use shared::records;
use shared::storage::{self, Storage};
use shared::{ApiResult, AppState, db};
use trajectory::access::{self, RecordKind};
use uuid::Uuid;

use crate::input::{OwnerType, document_type, filename, owner_access};
use crate::model::{self, Attachment, COLUMNS};

/// How long a download link works.
const DOWNLOAD_WINDOW: Duration = Duration::from_secs(5 * 60);

/// The attachments of one record, newest first. A child's list holds every file
/// of the child, including those whose record was deleted since.
async fn list(
    state: &AppState,
    user: &AuthUser,
    owner_type: OwnerType,
    owner_id: Uuid,
    page: Page,
) -> ApiResult<Paged<Attachment>> {
    let client = db::client(&state.db).await?;
    owner_access(&client, user, owner_type, owner_id).await?;
    let kind = (owner_type != OwnerType::Child).then_some(owner_type.as_str());
    let rows = paging::fetch(
        &client,
        COLUMNS,
        // A child's list is by child; a record's by owner (no owner type for a child).
        "from attachments a
         where (($2::text is null and a.child_id = $1) or (a.owner_type = $2 and a.owner_id = $1))",
        "a.created_at desc, a.id",
        &[&owner_id, &kind],
        page,
    )
    .await?;
    Paged::from_rows(rows, page, model::from_row)
}

/// Every file of a child, whatever record it is attached to.
#[utoipa::path(get, path = "/api/children/{id}/attachments", tag = "attachments", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Child id"), Paging),
    responses((status = 200, description = "Attachments", body = PageOf<Attachment>),
              (status = 404, description = "No such child, or not in the caller's families")))]
pub async fn list_for_child(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
    Paging(page): Paging,
) -> ApiResult<Paged<Attachment>> {
    list(&state, &user, OwnerType::Child, id, page).await
}

/// The files of one visit.
#[utoipa::path(get, path = "/api/visits/{id}/attachments", tag = "attachments", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Visit id"), Paging),
    responses((status = 200, description = "Attachments", body = PageOf<Attachment>),
              (status = 404, description = "No such visit, or not in the caller's families")))]
pub async fn list_for_visit(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
    Paging(page): Paging,
) -> ApiResult<Paged<Attachment>> {
    list(&state, &user, OwnerType::Visit, id, page).await
}

/// The files of one measurement.
#[utoipa::path(get, path = "/api/measurements/{id}/attachments", tag = "attachments", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Measurement id"), Paging),
    responses((status = 200, description = "Attachments", body = PageOf<Attachment>),
              (status = 404, description = "No such measurement, or not in the caller's families")))]
pub async fn list_for_measurement(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
    Paging(page): Paging,
) -> ApiResult<Paged<Attachment>> {
    list(&state, &user, OwnerType::Measurement, id, page).await
}

/// The files of one illness.
#[utoipa::path(get, path = "/api/illnesses/{id}/attachments", tag = "attachments", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Illness id"), Paging),
    responses((status = 200, description = "Attachments", body = PageOf<Attachment>),
              (status = 404, description = "No such illness, or not in the caller's families")))]
pub async fn list_for_illness(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
    Paging(page): Paging,
) -> ApiResult<Paged<Attachment>> {
    list(&state, &user, OwnerType::Illness, id, page).await
}

/// Redirects to a short-lived URL that downloads the file under its original name.
#[utoipa::path(get, path = "/api/attachments/{id}", tag = "attachments", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Attachment id")),
    responses((status = 302, description = "Redirect to the file"),
              (status = 404, description = "No such attachment, or not in the caller's families")))]
pub async fn download(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Response> {
    let client = db::client(&state.db).await?;
    access::record(&client, &user, RecordKind::Attachment, id).await?;
    let (attachment, key) = model::load(&client, id).await?;
    Storage::new(&state)
        .redirect(&key, Some(&attachment.filename), DOWNLOAD_WINDOW, None)
        .await
}

/// Fields to change; absent fields stay.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AttachmentPatch {
    filename: Option<String>,
    document_type: Option<String>,
    /// The `updated_at` the client last saw; a newer one answers 409 `STALE`.
    updated_at: Option<DateTime<Utc>>,
}

/// Renames an attachment or changes its document type (owner or parent).
#[utoipa::path(patch, path = "/api/attachments/{id}", tag = "attachments", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Attachment id")),
    request_body = AttachmentPatch,
    responses((status = 200, description = "Updated", body = DataOf<Attachment>),
              (status = 403, description = "Read-only member"),
              (status = 404, description = "No such attachment, or not in the caller's families"),
              (status = 409, description = "Changed by someone else (STALE)"),
              (status = 422, description = "Invalid file name or document type")))]
pub async fn update(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
    headers: HeaderMap,
    ApiJson(patch): ApiJson<AttachmentPatch>,
) -> ApiResult<Data<Attachment>> {
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    access::record(&tx, &user, RecordKind::Attachment, id)
        .await?
        .require_write()?;
    records::lock(&tx, "attachments", id, "Attachment").await?;
    let (before, _) = model::load(&tx, id).await?;
    records::check_fresh(patch.updated_at, &headers, before.updated_at)?;
    let filename = match patch.filename.as_deref() {
        Some(raw) => filename(raw)?.as_str().to_string(),
        None => before.filename.clone(),
    };
    let document_type = match patch.document_type.as_deref() {
        Some(raw) => document_type(Some(raw))?,
        None => before.document_type.clone(),
    };
    tx.execute(
        "update attachments set filename = $2, document_type = $3 where id = $1",
        &[&id, &filename, &document_type],
    )
    .await?;
    let (after, _) = model::load(&tx, id).await?;
    model::record(&tx, &user, Action::Update, Some(&before), Some(&after)).await?;
    tx.commit().await?;
    Ok(Data(after))
}

/// Deletes an attachment and its stored file (owner or parent).
#[utoipa::path(delete, path = "/api/attachments/{id}", tag = "attachments", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Attachment id")),
    responses((status = 204, description = "Deleted with its file"),
              (status = 403, description = "Read-only member"),
              (status = 404, description = "No such attachment, or not in the caller's families")))]
pub async fn delete(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<StatusCode> {
    let keys = {
        let mut client = db::client(&state.db).await?;
        let tx = client.transaction().await?;
        access::record(&tx, &user, RecordKind::Attachment, id)
            .await?
            .require_write()?;
        tx.execute("select 1 from attachments where id = $1 for update", &[&id])
            .await?;
        let (before, key) = model::load(&tx, id).await?;
        tx.execute("delete from attachments where id = $1", &[&id])
            .await?;
        let keys = vec![key];
        storage::delete_later(&tx, &keys).await?;
        model::record(&tx, &user, Action::Delete, Some(&before), None).await?;
        tx.commit().await?;
        keys
    };
    storage::drain_deletions(&state, Some(&keys)).await?;
    Ok(StatusCode::NO_CONTENT)
}
