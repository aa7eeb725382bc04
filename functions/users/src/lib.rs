//! `users`: the signed-in user's profile and the site administration.
//!
//! - `GET|PATCH /api/me`
//! - `GET /api/admin/users`, `PATCH /api/admin/users/{id}` (SUPER_ADMIN)
//! - `GET /api/admin/stats`, `GET|PATCH /api/admin/settings`, `POST /api/admin/invites` (SUPER_ADMIN)
//! - `GET /api/admin/dead-letters`, `POST /api/admin/dead-letters/redrive` (SUPER_ADMIN)
//! - `GET|POST /api/admin/oidc-providers`, `PATCH|DELETE /api/admin/oidc-providers/{id}`:
//!   the identity providers of single sign-on (SUPER_ADMIN)
//!
//! AWS: the email queue (invitation emails, redrive) and its dead-letter queue;
//! outside AWS, the identity providers' discovery documents.

mod admin_users;
mod dead_letters;
mod me;
mod oidc_providers;
mod site;

use axum::Router;
use shared::AppState;
use shared::routes;
use shared::routing::{ApiRouter, Docs};

/// The API Gateway route keys this function owns, exactly as in `template.yaml`.
pub const ROUTES: &[&str] = &["GET /api/me", "PATCH /api/me", "ANY /api/admin/{proxy+}"];

/// The routes, each with its OpenAPI description.
fn routes() -> ApiRouter<impl Docs> {
    ApiRouter::new()
        .routes(routes!(me::get_me, me::update_me))
        .routes(routes!(admin_users::list))
        .routes(routes!(admin_users::update))
        .routes(routes!(site::stats))
        .routes(routes!(site::get_settings, site::update_settings))
        .routes(routes!(site::invite))
        .routes(routes!(dead_letters::list))
        .routes(routes!(dead_letters::redrive))
        .routes(routes!(oidc_providers::list, oidc_providers::create))
        .routes(routes!(oidc_providers::update, oidc_providers::delete))
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
