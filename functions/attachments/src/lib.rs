//! `attachments`: files on a child's records (PDF and images), uploaded and
//! downloaded straight to and from S3 with presigned URLs.
//!
//! - `POST /api/attachments/upload`: a presigned PUT for one file
//! - `POST /api/attachments`: confirm an uploaded object after checking it
//! - `GET /api/{children|visits|measurements|illnesses}/{id}/attachments`: list
//! - `GET /api/attachments/{id}`: 302 to a presigned GET; `PATCH` renames; `DELETE` removes
//!
//! AWS: the media bucket.

mod files;
mod input;
mod model;
mod upload;

use axum::Router;
use shared::AppState;
use shared::routes;
use shared::routing::{ApiRouter, Docs};

pub use input::{MAX_ATTACHMENT_BYTES, OwnerType};
pub use model::Attachment;

/// The API Gateway route keys this function owns, exactly as in `template.yaml`.
pub const ROUTES: &[&str] = &[
    "ANY /api/attachments",
    "ANY /api/attachments/{proxy+}",
    "GET /api/children/{id}/attachments",
    "GET /api/visits/{id}/attachments",
    "GET /api/measurements/{id}/attachments",
    "GET /api/illnesses/{id}/attachments",
];

/// The routes, each with its OpenAPI description.
fn routes() -> ApiRouter<impl Docs> {
    ApiRouter::new()
        .routes(routes!(upload::upload))
        .routes(routes!(upload::confirm))
        .routes(routes!(files::download, files::update, files::delete))
        .routes(routes!(files::list_for_child))
        .routes(routes!(files::list_for_visit))
        .routes(routes!(files::list_for_measurement))
        .routes(routes!(files::list_for_illness))
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
