//! `health`: a child's health records.
//!
//! - visits, measurements (with WHO z-scores and percentiles), medical events and
//!   illnesses: lists and creation per child at `/api/children/{id}/<records>`, single
//!   records at `/api/<records>/{id}`
//! - `GET /api/children/{id}/growth?indicator=`: points and WHO reference curves
//! - `GET /api/illnesses/heatmap`: illness days per calendar day
//! - `GET /api/children/{id}/history`, `GET /api/<records>/{id}/history`: the audit trail
//!
//! AWS: none beyond the database. The files of deleted records are queued in
//! `object_deletions` for the scheduler to remove from the bucket.

mod common;
mod event_fields;
mod growth;
mod heatmap;
mod history;
mod illness_fields;
mod illnesses;
mod measurement_fields;
mod measurements;
mod medical_events;
mod rules;
mod visit_fields;
mod visit_parts;
mod visit_rules;
mod visits;

use axum::Router;
use shared::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

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
    OpenApiRouter::new()
        .routes(routes!(visits::list, visits::create))
        .routes(routes!(visits::get, visits::update, visits::delete))
        .routes(routes!(history::visit))
        .routes(routes!(measurements::list, measurements::create))
        .routes(routes!(
            measurements::get,
            measurements::update,
            measurements::delete
        ))
        .routes(routes!(history::measurement))
        .routes(routes!(medical_events::list, medical_events::create))
        .routes(routes!(
            medical_events::get,
            medical_events::update,
            medical_events::delete
        ))
        .routes(routes!(history::medical_event))
        .routes(routes!(illnesses::list, illnesses::create))
        .routes(routes!(
            illnesses::get,
            illnesses::update,
            illnesses::delete
        ))
        .routes(routes!(history::illness))
        .routes(routes!(heatmap::get))
        .routes(routes!(growth::get))
        .routes(routes!(history::child))
        .split_for_parts()
}

pub fn router() -> Router<AppState> {
    api().0
}

pub fn openapi() -> utoipa::openapi::OpenApi {
    api().1
}
