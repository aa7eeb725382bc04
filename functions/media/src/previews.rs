//! Preview links (MEDIA_ADMIN): a link to watch one unpublished video for 24
//! hours, for someone to review it before it goes public. Its token (256
//! random bits) is shown once, in the answer that creates it; only its SHA-256
//! is stored. A link can be revoked before it expires. The gallery plays it
//! (`GET /api/gallery/preview/{token}`, in `functions/gallery`); the scheduler
//! forgets links a week after they expired ([`purge_expired`]).

use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde::Serialize;
use shared::audit::{self, Subject};
use shared::auth::{AuthUser, Role, tokens};
use shared::db::GenericClient;
use shared::http::{ApiPath, Created, Data, DataOf};
use shared::{ApiError, ApiResult, AppState, db};
use tokio_postgres::Row;
use uuid::Uuid;

use crate::model::{self, VideoStatus};

/// How long a preview link works.
pub const LIFETIME_HOURS: i32 = 24;
/// How long an expired link is kept (so it answers 410, not 404).
pub const KEPT_DAYS: i32 = 7;

/// A preview link, without its token.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PreviewLink {
    pub id: Uuid,
    pub video_id: Uuid,
    pub expires_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
    /// Neither expired nor revoked.
    pub active: bool,
    pub created_at: DateTime<Utc>,
}

const COLUMNS: &str = "id, video_id, expires_at, revoked_at,
    revoked_at is null and expires_at > now() as active, created_at";

impl PreviewLink {
    fn from_row(row: &Row) -> ApiResult<Self> {
        Ok(Self {
            id: row.try_get("id")?,
            video_id: row.try_get("video_id")?,
            expires_at: row.try_get("expires_at")?,
            revoked_at: row.try_get("revoked_at")?,
            active: row.try_get("active")?,
            created_at: row.try_get("created_at")?,
        })
    }
}

/// A new preview link, with the only copy of its token.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CreatedPreviewLink {
    #[serde(flatten)]
    pub link: PreviewLink,
    /// The page that plays the video; shown this once.
    pub url: String,
    pub token: String,
}

/// What the audit keeps of a link (never its token).
#[derive(Serialize)]
struct Audited {
    video_id: Uuid,
    expires_at: DateTime<Utc>,
    revoked_at: Option<DateTime<Utc>>,
}

impl From<&PreviewLink> for Audited {
    fn from(link: &PreviewLink) -> Self {
        Self {
            video_id: link.video_id,
            expires_at: link.expires_at,
            revoked_at: link.revoked_at,
        }
    }
}

/// Makes a 24-hour preview link for a processed video that is not published.
#[utoipa::path(post, path = "/api/media/videos/{id}/preview-links", tag = "media", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Video id")),
    responses((status = 201, description = "The link, with its token shown once", body = DataOf<CreatedPreviewLink>),
              (status = 403, description = "Not MEDIA_ADMIN"),
              (status = 404, description = "No such video"),
              (status = 409, description = "Not processed yet, or already published")))]
pub async fn create(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Created<CreatedPreviewLink>> {
    user.require(Role::MediaAdmin)?;
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    let video = model::load(&state, &tx, id).await?;
    if video.status != VideoStatus::Ready {
        return Err(ApiError::conflict(
            "VIDEO_NOT_READY",
            "Only a processed (ready) video can be previewed",
        ));
    }
    if video.published_at.is_some() {
        return Err(ApiError::conflict(
            "VIDEO_PUBLISHED",
            "This video is public: share its gallery page instead",
        ));
    }
    let token = tokens::generate();
    let row = tx
        .query_one(
            &format!(
                "insert into video_preview_links (video_id, token_hash, expires_at, created_by)
                 values ($1, $2, now() + make_interval(hours => $3), $4)
                 returning {COLUMNS}"
            ),
            &[&id, &tokens::hash(&token), &LIFETIME_HOURS, &user.id],
        )
        .await?;
    let link = PreviewLink::from_row(&row)?;
    audit::change(
        &tx,
        subject(&user, link.id),
        None,
        Some(&Audited::from(&link)),
    )
    .await?;
    tx.commit().await?;
    let base = state.config.public_base_url.trim_end_matches('/');
    Ok(Created(CreatedPreviewLink {
        url: format!("{base}/gallery/preview/{token}"),
        token,
        link,
    }))
}

/// A video's preview links, newest first (their tokens are never shown again).
#[utoipa::path(get, path = "/api/media/videos/{id}/preview-links", tag = "media", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Video id")),
    responses((status = 200, description = "The links", body = DataOf<Vec<PreviewLink>>),
              (status = 403, description = "Not MEDIA_ADMIN"),
              (status = 404, description = "No such video")))]
pub async fn list(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Data<Vec<PreviewLink>>> {
    user.require(Role::MediaAdmin)?;
    let client = db::client(&state.db).await?;
    model::exists(&client, id).await?;
    let rows = client
        .query(
            &format!(
                "select {COLUMNS} from video_preview_links where video_id = $1
                 order by created_at desc, id"
            ),
            &[&id],
        )
        .await?;
    let links = rows
        .iter()
        .map(PreviewLink::from_row)
        .collect::<ApiResult<_>>()?;
    Ok(Data(links))
}

/// Revokes a preview link: from now on it answers 410. Revoking twice is harmless.
#[utoipa::path(delete, path = "/api/media/videos/{id}/preview-links/{link_id}", tag = "media", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Video id"),
           ("link_id" = Uuid, Path, description = "Preview link id")),
    responses((status = 204, description = "Revoked"),
              (status = 403, description = "Not MEDIA_ADMIN"),
              (status = 404, description = "No such link of this video")))]
pub async fn revoke(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath((id, link_id)): ApiPath<(Uuid, Uuid)>,
) -> ApiResult<StatusCode> {
    user.require(Role::MediaAdmin)?;
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    let before = tx
        .query_opt(
            &format!(
                "select {COLUMNS} from video_preview_links where id = $1 and video_id = $2 for update"
            ),
            &[&link_id, &id],
        )
        .await?
        .ok_or_else(|| ApiError::not_found("Preview link"))?;
    let before = PreviewLink::from_row(&before)?;
    if before.revoked_at.is_none() {
        let row = tx
            .query_one(
                &format!(
                    "update video_preview_links set revoked_at = now() where id = $1
                     returning {COLUMNS}"
                ),
                &[&link_id],
            )
            .await?;
        let after = PreviewLink::from_row(&row)?;
        audit::change(
            &tx,
            subject(&user, link_id),
            Some(&Audited::from(&before)),
            Some(&Audited::from(&after)),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Forgets links that expired more than [`KEPT_DAYS`] ago (a revoked link
/// expires within a day of its revocation anyway); answers how many. Called by
/// the scheduler.
pub async fn purge_expired(client: &impl GenericClient) -> ApiResult<u64> {
    Ok(client
        .execute(
            "delete from video_preview_links where expires_at < now() - make_interval(days => $1)",
            &[&KEPT_DAYS],
        )
        .await?)
}

fn subject(user: &AuthUser, id: Uuid) -> Subject<'static> {
    Subject {
        actor_id: user.id,
        entity_type: "video_preview_link",
        entity_id: id,
        scope_id: None,
    }
}
