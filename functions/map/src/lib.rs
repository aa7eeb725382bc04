//! `map`: Changemaker's field organising (the Map module of DESIGN.md):
//! households on PostGIS, the turf drawn over them, and volunteer shifts.
//!
//! - `/api/locations`, `/api/locations/{id}`, `/api/locations/{id}/history`:
//!   households, their contacts sealed at rest, and every change to them
//!   (MAP_ADMIN); `/api/locations/points` (markers), `/api/locations/import`,
//!   `/api/locations/address-points` (the offline geocoder's reference data)
//!   and `/api/locations/export` (CSV); `/api/locations/rotate-keys`
//!   (SUPER_ADMIN: re-seals contacts after a key rotation)
//! - `/api/cuts`, `/api/cuts/{id}`, `/api/cuts/{id}/locations`, `/stats`,
//!   `/walk-sheet`, `/walk-sheet/print`, `/walk-sheet/pdf`: cuts (MAP_ADMIN)
//! - `/api/public/map/settings`, `/signs`, `/cuts`: the public map (anyone),
//!   which names no household
//! - `/api/shifts/*`: volunteer shifts (`shifts`). Map admins plan shifts,
//!   single or recurring, and see who signed up; any signed-in account sees the
//!   upcoming shifts, signs up, cancels and keeps a personal calendar feed.
//! - `/api/public/shifts/*`: the public sign-up page, cancel links and feeds.
//!
//! AWS: the geocode queue (addresses without a point) and the email queue
//! (confirmations, waitlist promotions, reminders), through the outbox.

mod cuts;
mod geocode;
mod locations;
mod public;
mod shifts;

use axum::Router;
use shared::AppState;
use shared::routes;
use shared::routing::{ApiRouter, Docs};

/// The API Gateway route keys this function owns, exactly as in `template.yaml`.
pub const ROUTES: &[&str] = &[
    "ANY /api/locations",
    "ANY /api/locations/{proxy+}",
    "ANY /api/cuts",
    "ANY /api/cuts/{proxy+}",
    "ANY /api/public/map/{proxy+}",
    "ANY /api/shifts",
    "ANY /api/shifts/{proxy+}",
    "ANY /api/public/shifts",
    "ANY /api/public/shifts/{proxy+}",
];

/// The routes, each with its OpenAPI description.
fn routes() -> ApiRouter<impl Docs> {
    ApiRouter::new()
        .routes(routes!(locations::list, locations::create))
        .routes(routes!(
            locations::get,
            locations::update,
            locations::delete
        ))
        .routes(routes!(locations::history::list))
        .routes(routes!(locations::points::list))
        .routes(routes!(locations::import::import))
        .routes(routes!(locations::export::export))
        .routes(routes!(locations::address_points::import))
        .routes(routes!(locations::rotate::rotate))
        .routes(routes!(cuts::list, cuts::create))
        .routes(routes!(cuts::get, cuts::update, cuts::delete))
        .routes(routes!(cuts::inside::locations))
        .routes(routes!(cuts::inside::stats))
        .routes(routes!(cuts::walk::get))
        .routes(routes!(cuts::walk::print))
        .routes(routes!(cuts::walk::pdf))
        .routes(routes!(public::settings))
        .routes(routes!(public::signs))
        .routes(routes!(public::cuts))
        .merge(shifts::routes())
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
