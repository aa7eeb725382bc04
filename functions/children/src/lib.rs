//! `children`: the children of Trajectory families and their avatars.
//!
//! - `GET /api/children?family_id=`, `POST /api/children`
//! - `GET|PATCH|DELETE /api/children/{id}` (deleting removes every record and file)
//! - `POST /api/children/{id}/move`: to another family the caller owns, with every
//!   record, file and its history
//! - `POST /api/children/{id}/avatar/upload`: a presigned PUT for a new avatar
//! - `PUT|GET|DELETE /api/children/{id}/avatar`: confirm, view (302), remove
//!
//! AWS: the media bucket (avatars; objects of deleted records).

mod avatar;
mod children;
mod fields;

use axum::Router;
use shared::AppState;
use shared::routes;
use shared::routing::{ApiRouter, Docs};

pub use children::Child;

/// The API Gateway route keys this function owns, exactly as in `template.yaml`.
pub const ROUTES: &[&str] = &["ANY /api/children", "ANY /api/children/{proxy+}"];

/// The routes, each with its OpenAPI description.
fn routes() -> ApiRouter<impl Docs> {
    ApiRouter::new()
        .routes(routes!(children::list, children::create))
        .routes(routes!(children::get, children::update, children::delete))
        .routes(routes!(children::move_to))
        .routes(routes!(avatar::upload))
        .routes(routes!(avatar::confirm, avatar::view, avatar::remove))
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
