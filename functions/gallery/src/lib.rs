//! `gallery`: the Media module's public side (anyone; signed-in viewers are
//! told apart by account, others by a daily-salted hash of their address).
//!
//! - `/api/gallery/videos`, `/api/gallery/videos/{id}`: published videos, one
//!   with a short-lived playback URL (S3 serves its ranges, so seeking works),
//!   its reactions and related videos
//! - `/api/gallery/videos/{id}/reaction`: six reactions, one per viewer
//! - `/api/gallery/videos/{id}/plays`, `/api/gallery/views/{id}/progress`:
//!   views (a repeat within the hour is not counted), watch time, completion
//! - `/api/gallery/videos/{id}/upvote`: one upvote per viewer
//! - `/api/gallery/videos/{id}/comments`, `/api/gallery/comments/{id}`:
//!   comments by signed-in viewers, public once a media admin approved them
//! - `/api/gallery/playlists...`: public playlists and their published videos
//! - `/api/gallery/preview/{token}`: one video through a 24-hour preview link
//!
//! AWS: the media bucket (presigned GETs only).

mod comments;
mod model;
mod playlists;
mod previews;
mod reactions;
mod upvotes;
mod videos;
mod views;

pub use comments::CommentStatus;

use axum::Router;
use shared::AppState;
use shared::routes;
use shared::routing::{ApiRouter, Docs};

/// The API Gateway route keys this function owns, exactly as in `template.yaml`.
pub const ROUTES: &[&str] = &["ANY /api/gallery/{proxy+}"];

/// The routes, each with its OpenAPI description.
fn routes() -> ApiRouter<impl Docs> {
    ApiRouter::new()
        .routes(routes!(videos::list))
        .routes(routes!(videos::get))
        .routes(routes!(reactions::put, reactions::delete))
        .routes(routes!(views::play))
        .routes(routes!(views::progress))
        .routes(routes!(upvotes::put, upvotes::delete))
        .routes(routes!(comments::list, comments::post))
        .routes(routes!(comments::delete))
        .routes(routes!(playlists::list))
        .routes(routes!(playlists::get))
        .routes(routes!(previews::get))
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
