//! A location's history: who changed what, and when, newest first. Contacts
//! appear only as `"[encrypted]"`, never as their text.

use axum::extract::State;
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;
use shared::auth::{AuthUser, Role};
use shared::http::ApiPath;
use shared::paging::{self, PageOf, Paged, Paging};
use shared::{ApiResult, AppState, db};
use uuid::Uuid;

/// One change.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct LocationChange {
    pub id: Uuid,
    /// `create`, `update`, `delete`, `import` or `geocode`.
    pub action: String,
    /// Who made it; null for the geocoder, or an account since deleted.
    pub actor_id: Option<Uuid>,
    pub actor_name: Option<String>,
    /// `{field: {before, after}}`.
    #[schema(value_type = Object)]
    pub changes: Value,
    pub created_at: DateTime<Utc>,
}

/// The history of a location (also after its deletion).
#[utoipa::path(get, path = "/api/locations/{id}/history", tag = "map", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Location id"), Paging<50>),
    responses((status = 200, description = "Its changes, newest first", body = PageOf<LocationChange>),
              (status = 403, description = "Not MAP_ADMIN")))]
pub async fn list(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
    Paging(page): Paging,
) -> ApiResult<Paged<LocationChange>> {
    user.require(Role::MapAdmin)?;
    let client = db::client(&state.db).await?;
    let rows = paging::fetch(
        &client,
        "h.id, h.action, h.actor_id, u.username as actor_name, h.changes, h.created_at",
        "from location_history h left join users u on u.id = h.actor_id where h.location_id = $1",
        "h.created_at desc, h.id",
        &[&id],
        page,
    )
    .await?;
    Paged::from_rows(rows, page, |row| {
        Ok(LocationChange {
            id: row.try_get("id")?,
            action: row.try_get("action")?,
            actor_id: row.try_get("actor_id")?,
            actor_name: row.try_get("actor_name")?,
            changes: row.try_get("changes")?,
            created_at: row.try_get("created_at")?,
        })
    })
}
