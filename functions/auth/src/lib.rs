//! `auth`: the `/api/auth/*` routes.
//!
//! - `GET  /api/auth/status`: whether the site still needs its first admin, and the registration mode
//! - `POST /api/auth/register`, `POST /api/auth/login`: start a session
//! - `POST /api/auth/refresh`: rotate the refresh token; `POST /api/auth/logout`: end the session
//! - `POST /api/auth/password`: change the password (signed in)
//! - `POST /api/auth/password-reset`, `POST /api/auth/password-reset/confirm`: reset by email
//! - `POST /api/auth/verify-email`: confirm an address with an emailed link;
//!   `POST /api/auth/verify-email/send`: a new link for the signed-in account's address
//! - `/api/auth/oidc/*`: single sign-on with the configured OpenID Connect
//!   providers, and a signed-in user's linked identities (see `oidc`)
//!
//! Password sign-in and self-registration answer 403 `LOCAL_LOGIN_DISABLED`
//! while the site setting `local_login` is off.
//!
//! AWS: the email queue (reset, confirmation and notice emails, through the
//! outbox); outside AWS, the identity providers (discovery, keys, code
//! exchange). Every route is limited per client IP (PostgreSQL counters),
//! sign-in failures are throttled per name and client (`throttle`), and the
//! emails per address (`rate_limit::allow_mail`).

mod login;
mod oidc;
mod password;
mod register;
pub mod session;
mod status;
mod throttle;
mod verify;

use axum::Router;
use shared::AppState;
use shared::routes;
use shared::routing::{ApiRouter, Docs};

/// The API Gateway route keys this function owns, exactly as in `template.yaml`.
pub const ROUTES: &[&str] = &["ANY /api/auth/{proxy+}"];

/// The routes, each with its OpenAPI description.
fn routes() -> ApiRouter<impl Docs> {
    ApiRouter::new()
        .routes(routes!(status::status))
        .routes(routes!(register::register))
        .routes(routes!(login::login))
        .routes(routes!(session::refresh))
        .routes(routes!(session::logout))
        .routes(routes!(password::change))
        .routes(routes!(password::request_reset))
        .routes(routes!(password::confirm_reset))
        .routes(routes!(verify::verify))
        .routes(routes!(verify::send))
        .routes(routes!(oidc::start::providers))
        .routes(routes!(oidc::start::start))
        .routes(routes!(oidc::callback::callback))
        .routes(routes!(oidc::link::describe_link))
        .routes(routes!(oidc::link::confirm_link))
        .routes(routes!(oidc::identities::list_identities))
        .routes(routes!(oidc::identities::link_start))
        .routes(routes!(oidc::identities::unlink))
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
