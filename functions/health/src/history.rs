//! The audit trail: who created, changed or deleted what, field by field, newest first.

use axum::extract::State;
use chrono::{DateTime, Utc};
use serde::Serialize;
use shared::auth::AuthUser;
use shared::http::ApiPath;
use shared::paging::{self, Page, PageOf, Paged, Paging};
use shared::{ApiError, ApiResult, AppState, db};
use tokio_postgres::Row;
use tokio_postgres::types::ToSql;
use trajectory::access::{self, RecordKind};
use uuid::Uuid;

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
    page: Page,
) -> ApiResult<Paged<HistoryEntry>> {
    let rows = paging::fetch(
        client,
        "a.id, a.action, a.entity_type, a.entity_id, a.actor_id, u.username, a.changes, a.created_at",
        &format!("from audit_events a left join users u on u.id = a.actor_id where {condition}"),
        "a.created_at desc, a.id",
        filters,
        page,
    )
    .await?;
    Paged::from_rows(rows, page, from_row)
}

/// Everything that happened to a child and their records.
#[utoipa::path(get, path = "/api/children/{id}/history", tag = "health", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Child id"), Paging),
    responses((status = 200, description = "Audit events, newest first", body = PageOf<HistoryEntry>),
              (status = 404, description = "No such child, or not in the caller's families")))]
pub async fn child(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
    Paging(page): Paging,
) -> ApiResult<Paged<HistoryEntry>> {
    let client = db::client(&state.db).await?;
    let access = access::child(&client, &user, id).await?;
    entries(&client, "a.scope_id = $1", &[&access.child_id], page).await
}

/// The history of one record of kind `kind`.
pub async fn record(
    state: AppState,
    user: AuthUser,
    kind: RecordKind,
    id: Uuid,
    page: Page,
) -> ApiResult<Paged<HistoryEntry>> {
    let client = db::client(&state.db).await?;
    access::record(&client, &user, kind, id).await?;
    let condition = "a.entity_type = $1 and a.entity_id = $2";
    entries(&client, condition, &[&kind.entity_type(), &id], page).await
}
