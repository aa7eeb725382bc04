//! `attachments`: files on a child's records (PDF and images), uploaded and
//! downloaded straight to and from S3 with presigned URLs.
//!
//! - `POST /api/attachments/upload`: a presigned PUT for one file
//! - `POST /api/attachments`: confirm an uploaded object after checking it
//! - `GET /api/{children|visits|measurements|illnesses}/{id}/attachments`: list
//! - `GET /api/attachments/{id}`: 302 to a presigned GET; `PATCH` renames; `DELETE` removes
//!
//! AWS: the media bucket.

use axum::Router;
use shared::AppState;
use utoipa_axum::router::OpenApiRouter;

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
    OpenApiRouter::new().split_for_parts()
}

pub fn router() -> Router<AppState> {
    api().0
}

pub fn openapi() -> utoipa::openapi::OpenApi {
    api().1
}
