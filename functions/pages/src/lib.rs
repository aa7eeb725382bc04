//! `pages`: Changemaker's landing pages and email templates.
//!
//! - `/api/pages`, `/api/pages/{id}`, `/api/pages/{id}/submissions`: landing pages
//!   built from ordered, typed blocks, and the messages their contact forms
//!   received (PAGES_ADMIN)
//! - `/api/public/pages/{slug}`, `/api/public/pages/{slug}/contact`: a published
//!   page, and its contact form (anyone)
//! - `/api/email-templates/...`: email templates, their versions, diffs,
//!   rollbacks, previews and test emails (PAGES_ADMIN; system templates are
//!   changed by SUPER_ADMIN only)
//!
//! AWS: the email queue (contact messages, test emails), through the outbox.

mod blocks;
mod model;
mod pages;
mod public;
mod submissions;
mod templates;

use axum::Router;
use shared::AppState;
use shared::routes;
use shared::routing::{ApiRouter, Docs};

use templates::{diff, manage, trial, versions};

/// The API Gateway route keys this function owns, exactly as in `template.yaml`.
pub const ROUTES: &[&str] = &[
    "ANY /api/pages",
    "ANY /api/pages/{proxy+}",
    "ANY /api/public/pages/{proxy+}",
    "ANY /api/email-templates",
    "ANY /api/email-templates/{proxy+}",
];

/// The routes, each with its OpenAPI description.
fn routes() -> ApiRouter<impl Docs> {
    ApiRouter::new()
        .routes(routes!(pages::list, pages::create))
        .routes(routes!(pages::get, pages::update, pages::delete))
        .routes(routes!(submissions::list))
        .routes(routes!(public::get))
        .routes(routes!(public::contact))
        .routes(routes!(manage::list, manage::create))
        .routes(routes!(manage::get, manage::update, manage::delete))
        .routes(routes!(versions::list, versions::create))
        .routes(routes!(versions::get))
        .routes(routes!(versions::restore))
        .routes(routes!(diff::get))
        .routes(routes!(trial::preview))
        .routes(routes!(trial::send_test))
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
