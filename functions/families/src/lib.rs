//! `families`: Trajectory families, their members and invitations.
//!
//! - `GET|POST /api/families`, `GET|PATCH|DELETE /api/families/{id}`
//! - `GET /api/families/{id}/members`, `PATCH|DELETE /api/families/{id}/members/{user_id}`
//! - `POST /api/families/{id}/transfer`
//! - `GET|POST /api/families/{id}/invites`, `DELETE /api/families/{id}/invites/{invite_id}`
//! - `POST /api/invites/preview`, `POST /api/invites/accept`
//!
//! AWS: the email queue (invitation emails, through the outbox).

mod families;
mod invites;
mod members;

use axum::Router;
use shared::AppState;
use shared::routes;
use shared::routing::{ApiRouter, Docs};

/// The API Gateway route keys this function owns, exactly as in `template.yaml`.
pub const ROUTES: &[&str] = &[
    "ANY /api/families",
    "ANY /api/families/{proxy+}",
    "ANY /api/invites/{proxy+}",
];

/// The routes, each with its OpenAPI description.
fn routes() -> ApiRouter<impl Docs> {
    ApiRouter::new()
        .routes(routes!(families::list, families::create))
        .routes(routes!(families::get, families::rename, families::delete))
        .routes(routes!(members::list))
        .routes(routes!(members::change_role, members::remove))
        .routes(routes!(members::transfer))
        .routes(routes!(invites::list, invites::create))
        .routes(routes!(invites::revoke))
        .routes(routes!(invites::preview))
        .routes(routes!(invites::accept))
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
