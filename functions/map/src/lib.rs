//! `map`: Changemaker's field organising (the Map module of DESIGN.md).
//!
//! - `/api/shifts/*`: volunteer shifts (`shifts`). Map admins plan shifts,
//!   single or recurring, and see who signed up; any signed-in account sees the
//!   upcoming shifts, signs up, cancels and keeps a personal calendar feed.
//! - `/api/public/shifts/*`: the public sign-up page, cancel links and feeds.
//!
//! AWS: the email queue (confirmations, waitlist promotions, reminders).

mod shifts;

use axum::Router;
use shared::AppState;

/// The API Gateway route keys this function owns, exactly as in `template.yaml`.
pub const ROUTES: &[&str] = &[
    "ANY /api/shifts",
    "ANY /api/shifts/{proxy+}",
    "ANY /api/public/shifts",
    "ANY /api/public/shifts/{proxy+}",
];

/// The router and its OpenAPI description.
pub fn api() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    shifts::routes().split_for_parts()
}

pub fn router() -> Router<AppState> {
    api().0
}

pub fn openapi() -> utoipa::openapi::OpenApi {
    api().1
}
