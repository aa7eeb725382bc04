//! Single sign-on with the identity providers the site administrator
//! configured (see `shared::oidc`), under `/api/auth/oidc/`:
//!
//! - `GET  providers`: the enabled providers and whether password sign-in is on
//! - `GET  {provider}/start?return_to=`: to the provider, with `state`, `nonce`
//!   and a PKCE `S256` challenge; the browser keeps `state` in a cookie
//! - `GET  {provider}/callback?code&state`: back from the provider; consumes the
//!   state once, exchanges the code, verifies the ID token, then signs in,
//!   asks for the password of an existing account to link, or registers
//! - `POST link/describe`, `POST link/confirm`: the link confirmation step
//! - `GET  identities`, `POST {provider}/link`, `DELETE identities/{id}`: a
//!   signed-in user's linked identities
//!
//! Start and callback are browser navigations: their answers are redirects,
//! to the provider or back to the SPA (`/sso/done?next=…` signed in, with the
//! same refresh cookie as a password sign-in; `/sso/done?error=CODE` refused;
//! `/sso/link#ticket=…` to confirm a link). Nothing here logs a token, a code
//! or an address.

mod accounts;
pub mod callback;
pub mod identities;
pub mod link;
pub mod start;

use axum::http::header::{CACHE_CONTROL, LOCATION, SET_COOKIE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use shared::AppState;

/// How long a sign-in at a provider, and a link confirmation, may take.
pub const PENDING_TTL_MINUTES: i64 = 10;
/// The cookie that binds a sign-in's `state` to the browser that started it.
pub const STATE_COOKIE: &str = "oidc_state";
const STATE_COOKIE_PATH: &str = "/api/auth/oidc";

/// The cookie holding `state` for the callback. `SameSite=Lax`: the callback
/// arrives as a top-level navigation from the provider's site, which a
/// `Strict` cookie would not accompany.
fn state_cookie(value: &str, secure: bool) -> HeaderValue {
    let max_age = if value.is_empty() {
        0
    } else {
        PENDING_TTL_MINUTES * 60
    };
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{STATE_COOKIE}={value}; HttpOnly{secure}; SameSite=Lax; Path={STATE_COOKIE_PATH}; Max-Age={max_age}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// A 302 to `location` setting `cookies`, never cached.
fn redirect(location: &str, cookies: Vec<HeaderValue>) -> Response {
    let mut response = StatusCode::FOUND.into_response();
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(location) {
        headers.insert(LOCATION, value);
    }
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    for cookie in cookies {
        headers.append(SET_COOKIE, cookie);
    }
    response
}

/// A page of the SPA, with its query or fragment.
fn spa_url(state: &AppState, path_and_rest: &str) -> String {
    format!("{}{path_and_rest}", state.config.public_base_url)
}

fn encode(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// Back to the SPA with the machine code of why the sign-in stopped.
fn refused(state: &AppState, code: &str, cookies: Vec<HeaderValue>) -> Response {
    redirect(
        &spa_url(state, &format!("/sso/done?error={}", encode(code))),
        cookies,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_state_cookie_is_http_only_lax_and_scoped() {
        let cookie = state_cookie("abc", true);
        let cookie = cookie.to_str().unwrap();
        for part in [
            "oidc_state=abc;",
            "HttpOnly",
            "Secure",
            "SameSite=Lax",
            "Path=/api/auth/oidc",
            "Max-Age=600",
        ] {
            assert!(cookie.contains(part), "{cookie}");
        }
        let cleared = state_cookie("", false);
        let cleared = cleared.to_str().unwrap();
        assert!(cleared.contains("Max-Age=0") && !cleared.contains("Secure"));
    }
}
