//! A video as stored and as the library shows it to its admins.

use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::Serialize;
use shared::db::GenericClient;
use shared::storage::Storage;
use shared::{ApiError, AppState};
use tokio_postgres::Row;
use uuid::Uuid;

/// How long the thumbnail URLs in an answer stay valid.
const THUMBNAIL_WINDOW: Duration = Duration::from_secs(3600);

/// Where a video is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum VideoStatus {
    /// Its parts are on their way to storage.
    Uploading,
    /// Uploaded; the video worker is probing it.
    Processing,
    /// Probed, with a thumbnail: it can be published.
    Ready,
    /// Not usable; `failure_reason` says why.
    Failed,
}

impl VideoStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            VideoStatus::Uploading => "uploading",
            VideoStatus::Processing => "processing",
            VideoStatus::Ready => "ready",
            VideoStatus::Failed => "failed",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, ApiError> {
        match raw {
            "uploading" => Ok(VideoStatus::Uploading),
            "processing" => Ok(VideoStatus::Processing),
            "ready" => Ok(VideoStatus::Ready),
            "failed" => Ok(VideoStatus::Failed),
            other => Err(ApiError::internal(format!(
                "unknown video status {other:?}"
            ))),
        }
    }
}

/// A video of the library, as its admins see it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Video {
    pub id: Uuid,
    pub title: String,
    pub description: String,
    pub tags: Vec<String>,
    pub category: Option<String>,
    /// A locked video cannot be changed, rescheduled or deleted until unlocked.
    pub locked: bool,
    pub status: VideoStatus,
    /// Why the video is `failed`, in words for its producer.
    pub failure_reason: Option<String>,
    /// The earlier video with the same bytes, when this one failed as its duplicate.
    pub duplicate_of: Option<Uuid>,
    pub original_filename: String,
    pub size_bytes: i64,
    /// The container the probe found: mp4, mov, m4v, avi, mkv, webm or flv.
    pub container: Option<String>,
    pub duration_seconds: Option<f64>,
    /// As displayed (a phone video recorded upright is taller than wide).
    pub width: Option<i32>,
    pub height: Option<i32>,
    /// landscape, portrait or square.
    pub orientation: Option<String>,
    /// 4K, 1080p, 720p, 480p or lower.
    pub quality: Option<String>,
    pub video_codec: Option<String>,
    pub audio_codec: Option<String>,
    pub has_audio: Option<bool>,
    /// A short-lived URL of the thumbnail, once processed.
    pub thumbnail_url: Option<String>,
    /// Set while the video is public in the gallery.
    pub published_at: Option<DateTime<Utc>>,
    /// When the scheduler publishes it (UTC).
    pub publish_at: Option<DateTime<Utc>>,
    /// When the scheduler withdraws it (UTC).
    pub unpublish_at: Option<DateTime<Utc>>,
    /// The time zone the schedule was entered in (IANA name).
    pub schedule_time_zone: Option<String>,
    pub processed_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The columns [`Video::from_row`] reads.
pub const COLUMNS: &str = "id, title, description, tags, category, locked, status, failure_reason,
    duplicate_of, original_filename, size_bytes, container, duration_seconds, width, height,
    orientation, quality, video_codec, audio_codec, has_audio, thumbnail_key, published_at,
    publish_at, unpublish_at, schedule_time_zone, processed_at, created_at, updated_at";

impl Video {
    /// The video of `row`, with a fresh thumbnail URL.
    pub async fn from_row(state: &AppState, row: &Row) -> Result<Self, ApiError> {
        let thumbnail_key: Option<String> = row.try_get("thumbnail_key")?;
        Ok(Self {
            id: row.try_get("id")?,
            title: row.try_get("title")?,
            description: row.try_get("description")?,
            tags: row.try_get("tags")?,
            category: row.try_get("category")?,
            locked: row.try_get("locked")?,
            status: VideoStatus::parse(row.try_get("status")?)?,
            failure_reason: row.try_get("failure_reason")?,
            duplicate_of: row.try_get("duplicate_of")?,
            original_filename: row.try_get("original_filename")?,
            size_bytes: row.try_get("size_bytes")?,
            container: row.try_get("container")?,
            duration_seconds: row.try_get("duration_seconds")?,
            width: row.try_get("width")?,
            height: row.try_get("height")?,
            orientation: row.try_get("orientation")?,
            quality: row.try_get("quality")?,
            video_codec: row.try_get("video_codec")?,
            audio_codec: row.try_get("audio_codec")?,
            has_audio: row.try_get("has_audio")?,
            thumbnail_url: Storage::new(state)
                .presign_get_url(thumbnail_key.as_deref(), THUMBNAIL_WINDOW)
                .await?,
            published_at: row.try_get("published_at")?,
            publish_at: row.try_get("publish_at")?,
            unpublish_at: row.try_get("unpublish_at")?,
            schedule_time_zone: row.try_get("schedule_time_zone")?,
            processed_at: row.try_get("processed_at")?,
            created_at: row.try_get("created_at")?,
            updated_at: row.try_get("updated_at")?,
        })
    }
}

/// Video `id`; 404 when there is none.
pub async fn load(
    state: &AppState,
    client: &impl GenericClient,
    id: Uuid,
) -> Result<Video, ApiError> {
    let row = client
        .query_opt(
            &format!("select {COLUMNS} from videos where id = $1"),
            &[&id],
        )
        .await?
        .ok_or_else(|| ApiError::not_found("Video"))?;
    Video::from_row(state, &row).await
}

/// 404 unless video `id` exists.
pub async fn exists(client: &impl GenericClient, id: Uuid) -> Result<(), ApiError> {
    client
        .query_opt("select 1 from videos where id = $1", &[&id])
        .await?
        .ok_or_else(|| ApiError::not_found("Video"))?;
    Ok(())
}

/// 409 `VIDEO_LOCKED`: a locked video is not changed.
pub fn locked() -> ApiError {
    ApiError::conflict("VIDEO_LOCKED", "This video is locked: unlock it first")
}
