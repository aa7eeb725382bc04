//! The messages a page's contact form received, for its editors.

use axum::extract::State;
use chrono::{DateTime, Utc};
use serde::Serialize;
use shared::auth::{AuthUser, Role};
use shared::http::ApiPath;
use shared::paging::{self, PageOf, Paged, Paging};
use shared::{ApiError, ApiResult, AppState, db};
use uuid::Uuid;

/// A message sent through a contact form.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ContactSubmission {
    id: Uuid,
    name: String,
    email: String,
    message: String,
    /// Who was emailed; null when nobody could be.
    notify_email: Option<String>,
    created_at: DateTime<Utc>,
}

/// The messages of a page, newest first.
#[utoipa::path(get, path = "/api/pages/{id}/submissions", tag = "pages", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Page id"), Paging),
    responses((status = 200, description = "The messages", body = PageOf<ContactSubmission>),
              (status = 403, description = "Not PAGES_ADMIN")))]
pub async fn list(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
    Paging(page): Paging,
) -> ApiResult<Paged<ContactSubmission>> {
    user.require(Role::PagesAdmin)?;
    let client = db::client(&state.db).await?;
    let exists = client
        .query_opt("select 1 from landing_pages where id = $1", &[&id])
        .await?;
    if exists.is_none() {
        return Err(ApiError::not_found("Page"));
    }
    let rows = paging::fetch(
        &client,
        "s.id, s.name, s.email, s.message, s.notify_email, s.created_at",
        "from contact_submissions s where s.page_id = $1",
        "s.created_at desc, s.id",
        &[&id],
        page,
    )
    .await?;
    Paged::from_rows(rows, page, |row| {
        Ok(ContactSubmission {
            id: row.try_get("id")?,
            name: row.try_get("name")?,
            email: row.try_get("email")?,
            message: row.try_get("message")?,
            notify_email: row.try_get("notify_email")?,
            created_at: row.try_get("created_at")?,
        })
    })
}
