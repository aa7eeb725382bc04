//! Moderation of the gallery's comments (MEDIA_ADMIN): the queue by status and
//! video, approving, rejecting and deleting. Viewers post comments through the
//! gallery (`functions/gallery`); only approved ones are public.

use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use gallery::CommentStatus;
use serde::{Deserialize, Serialize};
use shared::audit::{self, Subject};
use shared::auth::{AuthUser, Role};
use shared::db::GenericClient;
use shared::http::{ApiPath, ApiQuery, Data, DataOf};
use shared::paging::{self, PageOf, Paged, Paging};
use shared::{ApiError, ApiResult, AppState, db};
use tokio_postgres::Row;
use uuid::Uuid;

/// A comment as its moderators see it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CommentRecord {
    pub id: Uuid,
    pub video_id: Uuid,
    pub video_title: String,
    pub author_id: Uuid,
    /// The author's display name, else their username.
    pub author_name: String,
    pub body: String,
    pub status: CommentStatus,
    /// Who approved or rejected it last.
    pub moderated_by: Option<Uuid>,
    pub moderated_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

const COLUMNS: &str = "c.id, c.video_id, v.title as video_title, c.author_id,
    coalesce(nullif(u.display_name, ''), u.username) as author_name, c.body, c.status,
    c.moderated_by, c.moderated_at, c.created_at";

const FROM: &str = "from video_comments c join videos v on v.id = c.video_id
    join users u on u.id = c.author_id";

impl CommentRecord {
    fn from_row(row: &Row) -> ApiResult<Self> {
        Ok(Self {
            id: row.try_get("id")?,
            video_id: row.try_get("video_id")?,
            video_title: row.try_get("video_title")?,
            author_id: row.try_get("author_id")?,
            author_name: row.try_get("author_name")?,
            body: row.try_get("body")?,
            status: CommentStatus::parse(row.try_get("status")?)?,
            moderated_by: row.try_get("moderated_by")?,
            moderated_at: row.try_get("moderated_at")?,
            created_at: row.try_get("created_at")?,
        })
    }
}

/// Comment `id`; 404 when there is none.
async fn load(client: &impl GenericClient, id: Uuid) -> ApiResult<CommentRecord> {
    let row = client
        .query_opt(&format!("select {COLUMNS} {FROM} where c.id = $1"), &[&id])
        .await?
        .ok_or_else(|| ApiError::not_found("Comment"))?;
    CommentRecord::from_row(&row)
}

/// Filters of the moderation queue.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CommentFilter {
    status: Option<CommentStatus>,
    video_id: Option<Uuid>,
}

/// Comments, oldest first (the queue), by status and video.
#[utoipa::path(get, path = "/api/media/comments", tag = "media", security(("bearer" = [])),
    params(CommentFilter, Paging),
    responses((status = 200, description = "A page of comments", body = PageOf<CommentRecord>),
              (status = 403, description = "Not MEDIA_ADMIN")))]
pub async fn list(
    user: AuthUser,
    State(state): State<AppState>,
    ApiQuery(filter): ApiQuery<CommentFilter>,
    Paging(page): Paging,
) -> ApiResult<Paged<CommentRecord>> {
    user.require(Role::MediaAdmin)?;
    let client = db::client(&state.db).await?;
    let rows = paging::fetch(
        &client,
        COLUMNS,
        &format!(
            "{FROM} where ($1::text is null or c.status = $1) and ($2::uuid is null or c.video_id = $2)"
        ),
        "c.created_at, c.id",
        &[&filter.status.map(CommentStatus::as_str), &filter.video_id],
        page,
    )
    .await?;
    Paged::from_rows(rows, page, CommentRecord::from_row)
}

/// Approves a comment: it becomes public.
#[utoipa::path(post, path = "/api/media/comments/{id}/approve", tag = "media", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Comment id")),
    responses((status = 200, description = "The comment, approved", body = DataOf<CommentRecord>),
              (status = 403, description = "Not MEDIA_ADMIN"),
              (status = 404, description = "No such comment")))]
pub async fn approve(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Data<CommentRecord>> {
    moderate(user, state, id, CommentStatus::Approved).await
}

/// Rejects a comment: only its moderators see it.
#[utoipa::path(post, path = "/api/media/comments/{id}/reject", tag = "media", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Comment id")),
    responses((status = 200, description = "The comment, rejected", body = DataOf<CommentRecord>),
              (status = 403, description = "Not MEDIA_ADMIN"),
              (status = 404, description = "No such comment")))]
pub async fn reject(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Data<CommentRecord>> {
    moderate(user, state, id, CommentStatus::Rejected).await
}

/// What the audit keeps of a comment: its status, never its text.
#[derive(Serialize)]
struct Audited {
    video_id: Uuid,
    status: CommentStatus,
}

async fn moderate(
    user: AuthUser,
    state: AppState,
    id: Uuid,
    status: CommentStatus,
) -> ApiResult<Data<CommentRecord>> {
    user.require(Role::MediaAdmin)?;
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    let before = tx
        .query_opt(
            "select video_id, status from video_comments where id = $1 for update",
            &[&id],
        )
        .await?
        .ok_or_else(|| ApiError::not_found("Comment"))?;
    let before = Audited {
        video_id: before.try_get(0)?,
        status: CommentStatus::parse(before.try_get(1)?)?,
    };
    if before.status != status {
        tx.execute(
            "update video_comments set status = $2, moderated_by = $3, moderated_at = now()
             where id = $1",
            &[&id, &status.as_str(), &user.id],
        )
        .await?;
        let after = Audited {
            video_id: before.video_id,
            status,
        };
        audit::change(&tx, subject(&user, id), Some(&before), Some(&after)).await?;
    }
    let comment = load(&tx, id).await?;
    tx.commit().await?;
    Ok(Data(comment))
}

/// Deletes a comment.
#[utoipa::path(delete, path = "/api/media/comments/{id}", tag = "media", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Comment id")),
    responses((status = 204, description = "Deleted"),
              (status = 403, description = "Not MEDIA_ADMIN"),
              (status = 404, description = "No such comment")))]
pub async fn delete(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<StatusCode> {
    user.require(Role::MediaAdmin)?;
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    let row = tx
        .query_opt(
            "delete from video_comments where id = $1 returning video_id, status",
            &[&id],
        )
        .await?
        .ok_or_else(|| ApiError::not_found("Comment"))?;
    let before = Audited {
        video_id: row.try_get(0)?,
        status: CommentStatus::parse(row.try_get(1)?)?,
    };
    audit::change(&tx, subject(&user, id), Some(&before), None).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

fn subject(user: &AuthUser, id: Uuid) -> Subject<'static> {
    Subject {
        actor_id: user.id,
        entity_type: "video_comment",
        entity_id: id,
        scope_id: None,
    }
}
