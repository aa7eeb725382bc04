//! `export`: a family's whole record as a ZIP archive, built in the background.
//!
//! - `POST /api/export`: queue an export (owner or parent) → 202
//! - `GET /api/export/{id}`: status, progress, and when ready a presigned download URL
//! - `GET /api/export?family_id=`: the family's recent exports
//!
//! AWS: the export queue (through the outbox), the media bucket (download URL).
//! The archive itself is built by `export-worker`.

mod exports;
mod model;

use axum::Router;
use shared::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub use model::{Export, ExportStatus, archive_name};

/// The API Gateway route keys this function owns, exactly as in `template.yaml`.
pub const ROUTES: &[&str] = &["ANY /api/export", "ANY /api/export/{proxy+}"];

/// The router and its OpenAPI description.
pub fn api() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    OpenApiRouter::new()
        .routes(routes!(exports::start, exports::list))
        .routes(routes!(exports::get))
        .split_for_parts()
}

pub fn router() -> Router<AppState> {
    api().0
}

pub fn openapi() -> utoipa::openapi::OpenApi {
    api().1
}
