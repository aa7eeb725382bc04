//! `export`: a family's whole record as a ZIP archive, built in the background.
//!
//! - `POST /api/export`: queue an export (owner or parent; one per family per
//!   hour) → 202, or 429 with `Retry-After`
//! - `GET /api/export/{id}`: status, progress, and when ready the archive's name
//!   and when it is deleted
//! - `GET /api/export/{id}/download`: access check, then 302 to a five-minute link
//! - `GET /api/export?family_id=`: the family's recent exports
//!
//! AWS: the export queue (through the outbox), the media bucket (download links).
//! The archive itself is built by `export-worker`; archives are kept seven days
//! (the scheduler deletes them) and go when a child or the family is deleted.

mod exports;
mod model;

use axum::Router;
use shared::AppState;
use shared::routes;
use shared::routing::{ApiRouter, Docs};

pub use model::{Export, ExportStatus, archive_name};

/// The API Gateway route keys this function owns, exactly as in `template.yaml`.
pub const ROUTES: &[&str] = &["ANY /api/export", "ANY /api/export/{proxy+}"];

/// The routes, each with its OpenAPI description.
fn routes() -> ApiRouter<impl Docs> {
    ApiRouter::new()
        .routes(routes!(exports::start, exports::list))
        .routes(routes!(exports::get))
        .routes(routes!(exports::download))
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
