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
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

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

/// The router and its OpenAPI description.
pub fn api() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    let (mut router, mut doc) = OpenApiRouter::new()
        .routes(routes!(heatmap::get))
        .routes(routes!(growth::get))
        .routes(routes!(history::child))
        .routes(routes!(
            calendar::status,
            calendar::create,
            calendar::revoke
        ))
        .routes(routes!(calendar::feed))
        .split_for_parts();
    for (kind_router, kind_doc) in [
        records::api::api::<Visits>(),
        records::api::api::<Measurements>(),
        records::api::api::<MedicalEvents>(),
        records::api::api::<Illnesses>(),
    ] {
        router = router.merge(kind_router);
        doc.merge(kind_doc);
    }
    (router, doc)
}

pub fn router() -> Router<AppState> {
    api().0
}

pub fn openapi() -> utoipa::openapi::OpenApi {
    api().1
}
