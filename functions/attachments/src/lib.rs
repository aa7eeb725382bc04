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
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

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

/// The router and its OpenAPI description.
pub fn api() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    OpenApiRouter::new()
        .routes(routes!(upload::upload))
        .routes(routes!(upload::confirm))
        .routes(routes!(files::download, files::update, files::delete))
        .routes(routes!(files::list_for_child))
        .routes(routes!(files::list_for_visit))
        .routes(routes!(files::list_for_measurement))
        .routes(routes!(files::list_for_illness))
        .split_for_parts()
}

pub fn router() -> Router<AppState> {
    api().0
}

pub fn openapi() -> utoipa::openapi::OpenApi {
    api().1
}
