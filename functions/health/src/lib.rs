//! `health`: a child's health records.
//!
//! - visits, measurements (with WHO z-scores and percentiles), medical events and
//!   illnesses: lists and creation per child at `/api/children/{id}/<records>`, single
//!   records at `/api/<records>/{id}`
//! - `GET /api/children/{id}/growth?indicator=`: points and WHO reference curves
//! - `GET /api/illnesses/heatmap`: illness days per calendar day
//! - `GET /api/children/{id}/history`, `GET /api/<records>/{id}/history`: the audit trail
//!
//! AWS: none beyond the database.

use axum::Router;
use shared::AppState;
use utoipa_axum::router::OpenApiRouter;

/// The API Gateway route keys this function owns, exactly as in `template.yaml`.
pub const ROUTES: &[&str] = &[
    "ANY /api/children/{id}/visits",
    "ANY /api/children/{id}/measurements",
    "ANY /api/children/{id}/medical-events",
    "ANY /api/children/{id}/illnesses",
    "GET /api/children/{id}/growth",
    "GET /api/children/{id}/history",
    "ANY /api/visits/{proxy+}",
    "ANY /api/measurements/{proxy+}",
    "ANY /api/medical-events/{proxy+}",
    "ANY /api/illnesses/{proxy+}",
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
