//! Comments on published videos. Signed-in viewers write them (a TEMP account
//! may not, nor may a visitor without an account), a few an hour per account;
//! each waits `pending` until a media admin approves it (`/api/media/comments`,
//! in the `media` function). The public sees approved comments; an author
//! also sees their own pending ones, marked so, and may delete their own.

use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use shared::auth::{AuthUser, Role};
use shared::domain::Text;
use shared::http::{ApiJson, ApiPath, Created, DataOf};
use shared::paging::{self, PageOf, Paged, Paging};
use shared::{ApiError, ApiResult, AppState, db, rate_limit};
use tokio_postgres::Row;
use uuid::Uuid;

use crate::model;

/// The longest comment, in characters.
pub const MAX_CHARS: usize = 2000;
/// Comments one account may post per hour.
pub const PER_HOUR: u32 = 10;

/// Where a comment is in moderation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CommentStatus {
    /// Waiting for a media admin; seen only by its author.
    Pending,
    /// Public.
    Approved,
    /// Seen by nobody but the admins.
    Rejected,
}

impl CommentStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            CommentStatus::Pending => "pending",
            CommentStatus::Approved => "approved",
            CommentStatus::Rejected => "rejected",
        }
    }

    pub fn parse(raw: &str) -> ApiResult<Self> {
        match raw {
            "pending" => Ok(CommentStatus::Pending),
            "approved" => Ok(CommentStatus::Approved),
            "rejected" => Ok(CommentStatus::Rejected),
            other => Err(ApiError::internal(format!(
                "unknown comment status {other:?}"
            ))),
        }
    }
}

/// A comment's text as stored: control characters taken out (line breaks and
/// tabs are text), trimmed, 1 to [`MAX_CHARS`] characters.
pub fn tidy(raw: &str) -> Result<String, String> {
    let kept: String = raw
        .replace("\r\n", "\n")
        .chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .collect();
    let text = Text::<MAX_CHARS>::parse(&kept)?;
    if text.is_empty() {
        return Err("Is required".into());
    }
    Ok(text.into_string())
}

/// A comment as viewers see it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Comment {
    pub id: Uuid,
    pub video_id: Uuid,
    /// The author's display name; null when they have none.
    pub author_name: Option<String>,
    pub body: String,
    /// `approved`, or `pending` on the caller's own comments.
    pub status: CommentStatus,
    /// The caller wrote it (and may delete it).
    pub mine: bool,
    pub created_at: DateTime<Utc>,
}

/// The columns of [`Comment::from_row`], of `video_comments c join users u`;
/// `$2` is the caller's account (or null).
const COLUMNS: &str = "c.id, c.video_id, nullif(u.display_name, '') as author_name, c.body,
    c.status, c.author_id is not distinct from $2 as mine, c.created_at";

impl Comment {
    fn from_row(row: &Row) -> ApiResult<Self> {
        Ok(Self {
            id: row.try_get("id")?,
            video_id: row.try_get("video_id")?,
            author_name: row.try_get("author_name")?,
            body: row.try_get("body")?,
            status: CommentStatus::parse(row.try_get("status")?)?,
            mine: row.try_get("mine")?,
            created_at: row.try_get("created_at")?,
        })
    }
}

/// Comments are read under the video: twenty at a time.
type CommentPaging = Paging<20>;

/// A published video's approved comments, newest first, with the caller's
/// own pending ones (public).
#[utoipa::path(get, path = "/api/gallery/videos/{id}/comments", tag = "gallery",
    params(("id" = Uuid, Path, description = "Video id"), CommentPaging),
    responses((status = 200, description = "A page of comments", body = PageOf<Comment>),
              (status = 404, description = "No such published video")))]
pub async fn list(
    user: Option<AuthUser>,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
    Paging(page): CommentPaging,
) -> ApiResult<Paged<Comment>> {
    let client = db::client(&state.db).await?;
    model::published(&client, id).await?;
    let caller = user.map(|u| u.id);
    let rows = paging::fetch(
        &client,
        COLUMNS,
        "from video_comments c join users u on u.id = c.author_id
         where c.video_id = $1
           and (c.status = 'approved' or (c.status = 'pending' and c.author_id = $2))",
        "c.created_at desc, c.id",
        &[&id, &caller],
        page,
    )
    .await?;
    Paged::from_rows(rows, page, Comment::from_row)
}

/// A comment to post.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewComment {
    /// 1 to 2,000 characters once trimmed; control characters are dropped.
    body: String,
}

/// Comments on a published video, waiting for moderation (any account but TEMP).
#[utoipa::path(post, path = "/api/gallery/videos/{id}/comments", tag = "gallery", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Video id")),
    request_body = NewComment,
    responses((status = 201, description = "Posted, pending moderation", body = DataOf<Comment>),
              (status = 403, description = "A TEMP account"),
              (status = 404, description = "No such published video"),
              (status = 422, description = "The text is empty or too long"),
              (status = 429, description = "Too many comments from this account this hour")))]
pub async fn post(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<NewComment>,
) -> ApiResult<Created<Comment>> {
    if user.role == Role::Temp {
        return Err(ApiError::forbidden());
    }
    let body = tidy(&input.body).map_err(|message| ApiError::invalid_field("body", message))?;
    {
        let client = db::client(&state.db).await?;
        model::published(&client, id).await?;
    }
    rate_limit::hit(
        &state,
        &format!("comments:user:{}", user.id),
        PER_HOUR,
        3600,
    )
    .await?;
    let client = db::client(&state.db).await?;
    let row = client
        .query_one(
            &format!(
                "with posted as (
                     insert into video_comments (video_id, author_id, body) values ($1, $2, $3)
                     returning *
                 )
                 select {COLUMNS} from posted c join users u on u.id = c.author_id"
            ),
            &[&id, &user.id, &body],
        )
        .await?;
    Ok(Created(Comment::from_row(&row)?))
}

/// Deletes one of the caller's own comments. Someone else's public comment is
/// 403; one the caller cannot see is 404.
#[utoipa::path(delete, path = "/api/gallery/comments/{id}", tag = "gallery", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Comment id")),
    responses((status = 204, description = "Deleted"),
              (status = 403, description = "Someone else's comment"),
              (status = 404, description = "No such comment")))]
pub async fn delete(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<StatusCode> {
    let client = db::client(&state.db).await?;
    let row = client
        .query_opt(
            "delete from video_comments where id = $1 and author_id = $2 returning id",
            &[&id, &user.id],
        )
        .await?;
    if row.is_some() {
        return Ok(StatusCode::NO_CONTENT);
    }
    let public = client
        .query_opt(
            "select 1 from video_comments where id = $1 and status = 'approved'",
            &[&id],
        )
        .await?;
    Err(match public {
        Some(_) => ApiError::forbidden(),
        None => ApiError::not_found("Comment"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_are_trimmed_stripped_of_control_characters_and_bounded() {
        assert_eq!(tidy("  Great rally!  ").unwrap(), "Great rally!");
        assert_eq!(
            tidy("two\r\nlines\tand\u{7}bell\u{1b}[31m").unwrap(),
            "two\nlines\tandbell[31m"
        );
        assert_eq!(tidy("\u{0}ok\u{7f}").unwrap(), "ok");
        for (case, bad) in [
            ("empty", String::new()),
            ("blank", " \n\t ".into()),
            ("only control characters", "\u{0}\u{7}".into()),
            ("too long", "é".repeat(MAX_CHARS + 1)),
        ] {
            assert!(tidy(&bad).is_err(), "{case}");
        }
        assert_eq!(
            tidy(&"é".repeat(MAX_CHARS)).unwrap().chars().count(),
            MAX_CHARS
        );
    }
}
