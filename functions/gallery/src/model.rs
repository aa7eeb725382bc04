//! A published video as the gallery shows it, and how it is played: through a
//! short-lived presigned GET of the stored file, which S3 serves with range
//! requests, so the player seeks without downloading what it skips.

use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::Serialize;
use shared::db::GenericClient;
use shared::storage::Storage;
use shared::{ApiError, AppState};
use tokio_postgres::Row;
use tokio_postgres::types::ToSql;
use uuid::Uuid;

/// A video of the gallery.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct GalleryVideo {
    pub id: Uuid,
    pub title: String,
    pub description: String,
    pub tags: Vec<String>,
    pub category: Option<String>,
    pub duration_seconds: Option<f64>,
    pub width: Option<i32>,
    pub height: Option<i32>,
    /// landscape, portrait or square.
    pub orientation: Option<String>,
    /// 4K, 1080p, 720p, 480p or lower.
    pub quality: Option<String>,
    /// A short-lived URL of the thumbnail.
    pub thumbnail_url: Option<String>,
    /// Null for a preview of an unpublished video.
    pub published_at: Option<DateTime<Utc>>,
    /// Counted plays.
    pub views: i64,
    pub upvotes: i64,
}

/// The columns [`GalleryVideo::from_row`] reads, of `videos v`.
pub const COLUMNS: &str = "v.id, v.title, v.description, v.tags, v.category, v.duration_seconds,
    v.width, v.height, v.orientation, v.quality, v.thumbnail_key, v.published_at, v.object_key,
    (select count(*) from video_views w where w.video_id = v.id) as views,
    (select count(*) from video_upvotes u where u.video_id = v.id) as upvotes";

/// The videos the public sees.
pub const PUBLISHED: &str = "v.published_at is not null and v.status = 'ready'";

/// How long thumbnail URLs stay valid.
const THUMBNAIL_WINDOW: Duration = Duration::from_secs(3600);

impl GalleryVideo {
    pub async fn from_row(state: &AppState, row: &Row) -> Result<Self, ApiError> {
        let thumbnail_key: Option<String> = row.try_get("thumbnail_key")?;
        let thumbnail_url = Storage::new(state)
            .presign_get_url(thumbnail_key.as_deref(), THUMBNAIL_WINDOW)
            .await?;
        Ok(Self {
            id: row.try_get("id")?,
            title: row.try_get("title")?,
            description: row.try_get("description")?,
            tags: row.try_get("tags")?,
            category: row.try_get("category")?,
            duration_seconds: row.try_get("duration_seconds")?,
            width: row.try_get("width")?,
            height: row.try_get("height")?,
            orientation: row.try_get("orientation")?,
            quality: row.try_get("quality")?,
            thumbnail_url,
            published_at: row.try_get("published_at")?,
            views: row.try_get("views")?,
            upvotes: row.try_get("upvotes")?,
        })
    }
}

/// Reads videos from rows of [`COLUMNS`].
pub async fn from_rows(state: &AppState, rows: &[Row]) -> Result<Vec<GalleryVideo>, ApiError> {
    let mut videos = Vec::with_capacity(rows.len());
    for row in rows {
        videos.push(GalleryVideo::from_row(state, row).await?);
    }
    Ok(videos)
}

/// How to play a video.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Playback {
    /// GET (with `Range` headers to seek) until `expires_at`.
    pub url: String,
    pub expires_at: DateTime<Utc>,
}

/// How long a playback URL lives: long enough to watch the video twice over
/// with pauses, at least 15 minutes, at most 12 hours. A player that outlives
/// it asks again.
pub fn playback_window(duration_seconds: Option<f64>) -> Duration {
    let seconds = duration_seconds.unwrap_or(0.0).max(0.0) * 2.0 + 600.0;
    Duration::from_secs_f64(seconds.clamp(900.0, 12.0 * 3600.0))
}

/// A presigned GET of the video's file, valid no later than `until` when given
/// (a preview link's expiry).
pub async fn playback(
    state: &AppState,
    row: &Row,
    until: Option<DateTime<Utc>>,
) -> Result<Playback, ApiError> {
    let key: String = row.try_get("object_key")?;
    let duration: Option<f64> = row.try_get("duration_seconds")?;
    let mut window = playback_window(duration);
    if let Some(until) = until {
        let left = (until - Utc::now()).to_std().unwrap_or_default();
        window = window.min(left).max(Duration::from_secs(1));
    }
    let presigned = Storage::new(state).presign_get(&key, None, window).await?;
    Ok(Playback {
        url: presigned.url,
        expires_at: presigned.expires_at,
    })
}

/// The caller as a viewer of published video `id` (404 when it is not
/// published), with the connection that found it.
pub async fn viewer_of(
    state: &AppState,
    user: Option<shared::auth::AuthUser>,
    ip: shared::http::ClientIp,
    id: Uuid,
) -> Result<(shared::db::Client, Vec<u8>), ApiError> {
    let client = shared::db::client(&state.db).await?;
    published(&client, id).await?;
    let viewer = shared::visitors::viewer(&client, user.map(|u| u.id), ip).await?;
    Ok((client, viewer))
}

/// As [`viewer_of`], then runs `sql` for the viewer (`$1` the video, `$2` the
/// viewer's hash, `$3`... `more`): a viewer's own mark on a video (a reaction,
/// an upvote) set or taken back. Answers the connection and the viewer.
pub async fn mark(
    state: &AppState,
    user: Option<shared::auth::AuthUser>,
    ip: shared::http::ClientIp,
    id: Uuid,
    sql: &str,
    more: &[&(dyn ToSql + Sync)],
) -> Result<(shared::db::Client, Vec<u8>), ApiError> {
    let (client, viewer) = viewer_of(state, user, ip, id).await?;
    {
        let mut params: Vec<&(dyn ToSql + Sync)> = vec![&id, &viewer];
        params.extend_from_slice(more);
        client.execute(sql, &params).await?;
    }
    Ok((client, viewer))
}

/// Published video `id`, as a row of [`COLUMNS`]; 404 otherwise.
pub async fn published(client: &impl GenericClient, id: Uuid) -> Result<Row, ApiError> {
    client
        .query_opt(
            &format!("select {COLUMNS} from videos v where v.id = $1 and {PUBLISHED}"),
            &[&id],
        )
        .await?
        .ok_or_else(|| ApiError::not_found("Video"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn playback_urls_outlive_the_video_but_not_by_much() {
        assert_eq!(playback_window(None).as_secs(), 900);
        assert_eq!(playback_window(Some(5.0)).as_secs(), 900);
        assert_eq!(playback_window(Some(3600.0)).as_secs(), 7800);
        assert_eq!(playback_window(Some(100_000.0)).as_secs(), 12 * 3600);
        assert_eq!(playback_window(Some(f64::NAN)).as_secs(), 900);
    }
}
