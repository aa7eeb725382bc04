//! `health`: a child's health records.
//!
//! - visits, measurements (with WHO z-scores and percentiles), medical events and
//!   illnesses: lists and creation per child at `/api/children/{id}/<records>`, single
//!   records at `/api/<records>/{id}`
//! - `GET /api/children/{id}/growth?indicator=`: points and WHO reference curves
//! - `GET /api/illnesses/heatmap`: illness days per calendar day
//! - `GET /api/children/{id}/history`, `GET /api/<records>/{id}/history`: the audit trail
//! - `GET|POST|DELETE /api/families/{id}/calendar-feed` and `GET /api/calendar/{token}`:
//!   the family's visits as a private iCalendar feed
//!
//! AWS: none beyond the database. The files of deleted records are queued in
//! `object_deletions` for the scheduler to remove from the bucket.

mod calendar;
mod event_fields;
mod growth;
mod heatmap;
mod history;
mod illness_fields;
mod illnesses;
mod measurement_fields;
mod measurements;
mod medical_events;
mod records;
mod rules;
mod visit_fields;
mod visit_parts;
mod visit_rules;
mod visits;

use axum::Router;
use shared::AppState;
use shared::routes;
use shared::routing::{ApiRouter, Docs};

use illnesses::Illnesses;
use measurements::Measurements;
use medical_events::MedicalEvents;
use visits::Visits;

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
    "ANY /api/families/{id}/calendar-feed",
    "GET /api/calendar/{token}",
];

/// The routes, each with its OpenAPI description.
fn routes() -> ApiRouter<impl Docs> {
    ApiRouter::new()
        .routes(routes!(heatmap::get))
        .routes(routes!(growth::get))
        .routes(routes!(history::child))
        .routes(routes!(
            calendar::status,
            calendar::create,
            calendar::revoke
        ))
        .routes(routes!(calendar::feed))
        .merge(records::api::api::<Visits>())
        .merge(records::api::api::<Measurements>())
        .merge(records::api::api::<MedicalEvents>())
        .merge(records::api::api::<Illnesses>())
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
