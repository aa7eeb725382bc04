//! `media`: the Media module's library for its admins (MEDIA_ADMIN).
//!
//! - `/api/media/uploads...`: multipart uploads straight to S3 (create, fresh
//!   part URLs, complete, abort)
//! - `/api/media/videos...`: the library (metadata, tags, category, lock,
//!   delete), publishing now or on a schedule in the admin's time zone, and
//!   the schedule's history
//! - `/api/media/analytics`, `/api/media/videos/{id}/analytics`: views, watch
//!   time, completion, by day, and the most viewed videos
//! - `/api/media/comments...`: moderation of the gallery's comments
//! - `/api/media/playlists...`: playlists, their videos and their order
//! - `/api/media/videos/{id}/preview-links...`: 24-hour links to watch an
//!   unpublished video, and their revocation
//!
//! The scheduler calls [`schedule::apply_due`], [`uploads::forget_abandoned`],
//! [`analytics::purge_old_views`] and [`previews::purge_expired`]; the video
//! worker (`functions/video-worker`)
//! moves uploaded videos from `processing` to `ready` or `failed`.
//! AWS: the media bucket (multipart uploads, thumbnails), the video queue
//! (through the outbox).

pub mod analytics;
mod comments;
mod model;
mod playlist_videos;
mod playlists;
pub mod previews;
pub mod schedule;
pub mod uploads;
mod videos;

use axum::Router;
use shared::AppState;
use shared::routes;
use shared::routing::{ApiRouter, Docs};

pub use model::{Video, VideoStatus};

/// The API Gateway route keys this function owns, exactly as in `template.yaml`.
pub const ROUTES: &[&str] = &["ANY /api/media/{proxy+}"];

/// The routes, each with its OpenAPI description.
fn routes() -> ApiRouter<impl Docs> {
    ApiRouter::new()
        .routes(routes!(uploads::create))
        .routes(routes!(uploads::parts))
        .routes(routes!(uploads::complete))
        .routes(routes!(uploads::abort))
        .routes(routes!(videos::list))
        .routes(routes!(videos::get, videos::update, videos::delete))
        .routes(routes!(schedule::set, schedule::list))
        .routes(routes!(schedule::publish))
        .routes(routes!(schedule::unpublish))
        .routes(routes!(analytics::video))
        .routes(routes!(analytics::dashboard))
        .routes(routes!(comments::list))
        .routes(routes!(comments::approve))
        .routes(routes!(comments::reject))
        .routes(routes!(comments::delete))
        .routes(routes!(playlists::list, playlists::create))
        .routes(routes!(
            playlists::get,
            playlists::update,
            playlists::delete
        ))
        .routes(routes!(playlist_videos::add))
        .routes(routes!(playlist_videos::remove))
        .routes(routes!(playlist_videos::reorder))
        .routes(routes!(previews::create, previews::list))
        .routes(routes!(previews::revoke))
}

/// The router and its OpenAPI description.
pub fn api() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    routes().split_for_parts()
}

/// The router alone: the description is never built.
pub fn router() -> Router<AppState> {
    routes().into_router()
}

pub fn openapi() -> utoipa::openapi::OpenApi {
    api().1
}
