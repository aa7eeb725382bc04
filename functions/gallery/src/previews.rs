//! Preview links: whoever holds one watches that one video, published or not,
//! until the link expires (24 hours after a media admin made it, in the
//! `media` function) or is revoked. The token is looked up by its SHA-256;
//! an unknown token is 404, an expired or revoked one 410. Previews are not
//! views: they are not counted in the analytics.

use axum::extract::State;
use chrono::{DateTime, Utc};
use serde::Serialize;
use shared::auth::tokens;
use shared::http::{ApiPath, Data, DataOf};
use shared::{ApiError, ApiResult, AppState, db};

use crate::model::{self, COLUMNS, GalleryVideo, Playback};

/// A video watched through a preview link.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct VideoPreview {
    pub video: GalleryVideo,
    /// Valid no longer than the link.
    pub playback: Playback,
    /// When the link stops working.
    pub expires_at: DateTime<Utc>,
}

/// The video of a preview link, and how to play it (anyone with the link).
#[utoipa::path(get, path = "/api/gallery/preview/{token}", tag = "gallery",
    params(("token" = String, Path, description = "The token of the preview link")),
    responses((status = 200, description = "The video", body = DataOf<VideoPreview>),
              (status = 404, description = "No such preview link"),
              (status = 410, description = "The link expired or was revoked")))]
pub async fn get(
    State(state): State<AppState>,
    ApiPath(token): ApiPath<String>,
) -> ApiResult<Data<VideoPreview>> {
    let client = db::client(&state.db).await?;
    let row = client
        .query_opt(
            &format!(
                "select {COLUMNS}, l.expires_at as link_expires_at, l.revoked_at,
                        l.expires_at <= now() as expired
                 from video_preview_links l join videos v on v.id = l.video_id
                 where l.token_hash = $1 and v.status = 'ready'"
            ),
            &[&tokens::hash(&token)],
        )
        .await?
        .ok_or_else(|| ApiError::not_found("Preview link"))?;
    if row
        .try_get::<_, Option<DateTime<Utc>>>("revoked_at")?
        .is_some()
    {
        return Err(ApiError::gone(
            "PREVIEW_REVOKED",
            "This preview link was revoked",
        ));
    }
    if row.try_get::<_, bool>("expired")? {
        return Err(ApiError::gone(
            "PREVIEW_EXPIRED",
            "This preview link has expired",
        ));
    }
    let expires_at: DateTime<Utc> = row.try_get("link_expires_at")?;
    Ok(Data(VideoPreview {
        video: GalleryVideo::from_row(&state, &row).await?,
        playback: model::playback(&state, &row, Some(expires_at)).await?,
        expires_at,
    }))
}
