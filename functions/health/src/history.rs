//! The audit trail: who created, changed or deleted what, field by field, newest first.

use axum::extract::State;
use chrono::{DateTime, Utc};
use serde::Serialize;
use shared::auth::AuthUser;
use shared::http::{ApiPath, ApiQuery, PageParams, Paged};
use shared::{ApiError, ApiResult, AppState, db};
use tokio_postgres::Row;
use tokio_postgres::types::ToSql;
use trajectory::access::{self, RecordKind};
use uuid::Uuid;

use crate::common;

/// One audit event.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct HistoryEntry {
    pub id: Uuid,
    /// `create`, `update` or `delete`.
    pub action: String,
    /// `child`, `visit`, `measurement`, `medical_event`, `illness`, `attachment`.
    pub entity_type: String,
    pub entity_id: Uuid,
    /// Who did it (null once that account is deleted).
    pub actor_id: Option<Uuid>,
    pub actor_username: Option<String>,
    /// `{field: {before, after}}`; a creation has only `after`s, a deletion only `before`s.
    #[schema(value_type = Object)]
    pub changes: serde_json::Value,
    pub created_at: DateTime<Utc>,
}

fn from_row(row: &Row) -> Result<HistoryEntry, ApiError> {
    Ok(HistoryEntry {
        id: row.try_get("id")?,
        action: row.try_get("action")?,
        entity_type: row.try_get("entity_type")?,
        entity_id: row.try_get("entity_id")?,
        actor_id: row.try_get("actor_id")?,
        actor_username: row.try_get("username")?,
        changes: row.try_get("changes")?,
        created_at: row.try_get("created_at")?,
    })
}

async fn entries(
    client: &db::Client,
    condition: &str,
    filters: &[&(dyn ToSql + Sync)],
    page: PageParams,
) -> ApiResult<Paged<HistoryEntry>> {
    let params = page.validated()?;
    let (rows, total) = common::fetch_page(
        client,
        "a.id, a.action, a.entity_type, a.entity_id, a.actor_id, u.username, a.changes, a.created_at",
        &format!("from audit_events a left join users u on u.id = a.actor_id where {condition}"),
        "a.created_at desc, a.id",
        filters,
        params,
    )
    .await?;
    let items = rows.iter().map(from_row).collect::<Result<_, _>>()?;
    Ok(Paged {
        items,
        params,
        total,
    })
}

/// Everything that happened to a child and their records.
#[utoipa::path(get, path = "/api/children/{id}/history", tag = "health", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Child id"), PageParams),
    responses((status = 200, description = "Audit events, newest first", body = [HistoryEntry]),
              (status = 404, description = "No such child, or not in the caller's families")))]
pub async fn child(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(page): ApiQuery<PageParams>,
) -> ApiResult<Paged<HistoryEntry>> {
    let client = db::client(&state.db).await?;
    let access = access::child(&client, &user, id).await?;
    entries(&client, "a.scope_id = $1", &[&access.child_id], page).await
}

async fn record(
    state: AppState,
    user: AuthUser,
    kind: RecordKind,
    id: Uuid,
    page: PageParams,
) -> ApiResult<Paged<HistoryEntry>> {
    let client = db::client(&state.db).await?;
    access::record(&client, &user, kind, id).await?;
    let condition = "a.entity_type = $1 and a.entity_id = $2";
    entries(&client, condition, &[&kind.entity_type(), &id], page).await
}

/// Everything that happened to a visit.
#[utoipa::path(get, path = "/api/visits/{id}/history", tag = "health", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Visit id"), PageParams),
    responses((status = 200, description = "Audit events, newest first", body = [HistoryEntry]),
              (status = 404, description = "No such visit, or not in the caller's families")))]
pub async fn visit(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(page): ApiQuery<PageParams>,
) -> ApiResult<Paged<HistoryEntry>> {
    record(state, user, RecordKind::Visit, id, page).await
}

/// Everything that happened to a measurement.
#[utoipa::path(get, path = "/api/measurements/{id}/history", tag = "health", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Measurement id"), PageParams),
    responses((status = 200, description = "Audit events, newest first", body = [HistoryEntry]),
              (status = 404, description = "No such measurement, or not in the caller's families")))]
pub async fn measurement(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(page): ApiQuery<PageParams>,
) -> ApiResult<Paged<HistoryEntry>> {
    record(state, user, RecordKind::Measurement, id, page).await
}

/// Everything that happened to a medical event.
#[utoipa::path(get, path = "/api/medical-events/{id}/history", tag = "health", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Medical event id"), PageParams),
    responses((status = 200, description = "Audit events, newest first", body = [HistoryEntry]),
              (status = 404, description = "No such event, or not in the caller's families")))]
pub async fn medical_event(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(page): ApiQuery<PageParams>,
) -> ApiResult<Paged<HistoryEntry>> {
    record(state, user, RecordKind::MedicalEvent, id, page).await
}

/// Everything that happened to an illness.
#[utoipa::path(get, path = "/api/illnesses/{id}/history", tag = "health", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Illness id"), PageParams),
    responses((status = 200, description = "Audit events, newest first", body = [HistoryEntry]),
              (status = 404, description = "No such illness, or not in the caller's families")))]
pub async fn illness(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(page): ApiQuery<PageParams>,
) -> ApiResult<Paged<HistoryEntry>> {
    record(state, user, RecordKind::Illness, id, page).await
}
