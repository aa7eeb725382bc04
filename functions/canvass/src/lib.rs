//! `canvass`: Changemaker's door-to-door canvassing (the Canvass module of
//! DESIGN.md), on the households and cuts of the Map module.
//!
//! - `/api/canvass/cuts`: the cuts to walk, with their progress (any canvasser)
//! - `/api/canvass/sessions`, `/current`, `/{id}`, `/{id}/complete`: a
//!   volunteer's walk of a cut, one active at a time (`sessions`)
//! - `/api/canvass/sessions/{id}/households`: the cut's households in a
//!   suggested walking order (`households`, `walk`), without contacts
//! - `/api/canvass/sessions/{id}/track`: GPS points and the distance walked
//! - `/api/canvass/visits`: a door knocked, and the live feed (`visits`)
//! - `/api/canvass/sync`: what the phone recorded offline (`sync`)
//! - `/api/canvass/dashboard`: the organisers' view (MAP_ADMIN)
//!
//! Any signed-in account but `TEMP` canvasses and sees its own sessions and
//! visits; MAP_ADMIN (and SUPER_ADMIN) see everyone's (`access`). Canvassing
//! changes only a household's support data, never its personal fields, and
//! never reads its sealed contacts. The scheduler abandons sessions idle for
//! 12 hours ([`abandon_idle`]). AWS: none beyond the database.

mod access;
mod cuts;
mod dashboard;
mod households;
mod sessions;
mod sync;
mod track;
mod visits;
mod walk;

pub use sessions::abandon_idle;

use axum::Router;
use shared::AppState;
use shared::routes;
use shared::routing::{ApiRouter, Docs};

/// The API Gateway route keys this function owns, exactly as in `template.yaml`.
pub const ROUTES: &[&str] = &["ANY /api/canvass", "ANY /api/canvass/{proxy+}"];

/// The routes, each with its OpenAPI description.
fn routes() -> ApiRouter<impl Docs> {
    ApiRouter::new()
        .routes(routes!(cuts::list))
        .routes(routes!(sessions::list, sessions::start))
        .routes(routes!(sessions::current))
        .routes(routes!(sessions::get))
        .routes(routes!(sessions::complete))
        .routes(routes!(households::list))
        .routes(routes!(track::get, track::add))
        .routes(routes!(visits::list, visits::create))
        .routes(routes!(sync::sync))
        .routes(routes!(dashboard::get))
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
