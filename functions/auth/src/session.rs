//! Sessions: access token + rotating refresh token, the refresh cookie, and the
//! `refresh` and `logout` routes.
//!
//! Each login starts a chain of refresh tokens. Using a token rotates it (in one
//! transaction, row-locked, so two concurrent refreshes cannot fork the chain);
//! presenting an already rotated token revokes the whole chain, except within
//! [`REUSE_GRACE_SECS`] of its rotation while its successor is still unused: then
//! the same successor is answered again, so a client whose answer was lost (or
//! two tabs refreshing at once) keeps its session.
//!
//! The refresh token travels in the HttpOnly cookie; the answer's body carries it
//! only to callers that are not browsers (see [`BodyToken`]), so no script in a
//! page can read it.

use axum::body::Bytes;
use axum::extract::{FromRequestParts, State};
use axum::http::header::{CACHE_CONTROL, COOKIE, ORIGIN, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{AppendHeaders, IntoResponse, Response};
use chrono::{Duration, Utc};
use serde::{Deserialize, Serialize};
use shared::auth::account::{USER_COLUMNS, UserView};
use shared::auth::jwt::ACCESS_TOKEN_TTL_SECS;
use shared::auth::tokens;
use shared::db::Transaction;
use shared::http::DataOf;
use shared::rate_limit::AuthRateLimit;
use shared::{ApiError, AppState, db};
use uuid::Uuid;

/// How long a refresh token lives.
pub const REFRESH_TTL_DAYS: i64 = 7;
/// The refresh cookie's name; it is scoped to `/api/auth`.
pub const COOKIE_NAME: &str = "refresh_token";
/// How long after its rotation a refresh token still yields its (unused) successor.
pub const REUSE_GRACE_SECS: f64 = 10.0;

/// What register, login and refresh answer.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Session {
    pub user: UserView,
    pub access_token: String,
    /// Always set as an HttpOnly cookie. In the body only for callers that are not
    /// browsers (no `Origin` or `Sec-Fetch-Site` header), `null` otherwise.
    pub refresh_token: Option<String>,
    pub token_type: &'static str,
    /// Seconds until the access token expires.
    pub expires_in: i64,
}

/// Whether the caller may read the refresh token from the body. Browsers always
/// send `Origin` on a POST, or at least `Sec-Fetch-Site`, and a page's script can
/// remove neither: the SPA, or a script injected into it, gets the token only as
/// the HttpOnly cookie. API clients (apps, scripts) send neither and keep getting it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BodyToken(pub bool);

impl BodyToken {
    pub fn from_headers(headers: &HeaderMap) -> Self {
        Self(!(headers.contains_key(ORIGIN) || headers.contains_key("sec-fetch-site")))
    }
}

impl<S: Send + Sync> FromRequestParts<S> for BodyToken {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Self::from_headers(&parts.headers))
    }
}

/// A session answered as `{"data": session}` with the refresh cookie set, never
/// stored by a cache.
pub struct SessionResponse {
    session: Session,
    status: StatusCode,
    cookie_secure: bool,
    body_token: BodyToken,
}

impl SessionResponse {
    pub fn new(
        session: Session,
        status: StatusCode,
        state: &AppState,
        body_token: BodyToken,
    ) -> Self {
        Self {
            session,
            status,
            cookie_secure: state.config.cookie_secure,
            body_token,
        }
    }
}

impl IntoResponse for SessionResponse {
    fn into_response(self) -> Response {
        let mut session = self.session;
        let token = session.refresh_token.clone().unwrap_or_default();
        let cookie = refresh_cookie(&token, self.cookie_secure);
        if !self.body_token.0 {
            session.refresh_token = None;
        }
        (
            self.status,
            AppendHeaders([
                (SET_COOKIE, cookie),
                (CACHE_CONTROL, HeaderValue::from_static("no-store")),
            ]),
            shared::http::Data(session),
        )
            .into_response()
    }
}

/// The `Set-Cookie` value carrying a refresh token.
pub(crate) fn refresh_cookie(token: &str, secure: bool) -> HeaderValue {
    let max_age = REFRESH_TTL_DAYS * 24 * 3600;
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{COOKIE_NAME}={token}; HttpOnly{secure}; SameSite=Strict; Path=/api/auth; Max-Age={max_age}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// A `Set-Cookie` that removes the refresh cookie.
pub fn clear_cookie(secure: bool) -> AppendHeaders<[(axum::http::HeaderName, HeaderValue); 1]> {
    let secure = if secure { "; Secure" } else { "" };
    let value = HeaderValue::from_str(&format!(
        "{COOKIE_NAME}=; HttpOnly{secure}; SameSite=Strict; Path=/api/auth; Max-Age=0"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static(""));
    AppendHeaders([(SET_COOKIE, value)])
}

/// Starts a new chain for `user` inside the caller's transaction.
pub async fn start(
    tx: &Transaction<'_>,
    state: &AppState,
    user: UserView,
) -> Result<Session, ApiError> {
    let refresh_token = tokens::generate();
    issue_refresh(tx, user.id, Uuid::new_v4(), &refresh_token).await?;
    finish(state, user, refresh_token)
}

fn finish(state: &AppState, user: UserView, refresh_token: String) -> Result<Session, ApiError> {
    let access_token = state
        .jwt
        .issue(user.id, user.role, Utc::now().timestamp())
        .map_err(ApiError::internal)?;
    Ok(Session {
        user,
        access_token,
        refresh_token: Some(refresh_token),
        token_type: "Bearer",
        expires_in: ACCESS_TOKEN_TTL_SECS,
    })
}

async fn issue_refresh(
    tx: &Transaction<'_>,
    user_id: Uuid,
    chain_id: Uuid,
    token: &str,
) -> Result<(), ApiError> {
    let expires_at = Utc::now() + Duration::days(REFRESH_TTL_DAYS);
    tx.execute(
        "insert into refresh_tokens (user_id, chain_id, token_hash, expires_at) values ($1, $2, $3, $4)",
        &[&user_id, &chain_id, &tokens::hash(token), &expires_at],
    )
    .await?;
    Ok(())
}

/// Revokes every live refresh token of a user (password change or reset).
pub async fn revoke_all(tx: &Transaction<'_>, user_id: Uuid) -> Result<(), ApiError> {
    tx.execute(
        "update refresh_tokens set revoked_at = now() where user_id = $1 and revoked_at is null",
        &[&user_id],
    )
    .await?;
    Ok(())
}

#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct TokenBody {
    /// Optional when the refresh cookie is sent.
    refresh_token: Option<String>,
}

/// The refresh token from the body (API clients) or the cookie (the SPA).
fn presented_token(headers: &HeaderMap, body: &Bytes) -> Result<Option<String>, ApiError> {
    let from_body = if body.iter().all(u8::is_ascii_whitespace) {
        None
    } else {
        serde_json::from_slice::<TokenBody>(body)
            .map_err(|_| {
                ApiError::bad_request("MALFORMED_JSON", "The request body is not valid JSON")
            })?
            .refresh_token
    };
    Ok(from_body.or_else(|| cookie_value(headers, COOKIE_NAME)))
}

/// The value of cookie `name`, when the request sends a non-empty one.
pub(crate) fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, value)| *key == name && !value.is_empty())
        .map(|(_, value)| value.to_string())
}

fn invalid() -> ApiError {
    ApiError::unauthorized(
        "INVALID_REFRESH_TOKEN",
        "The session has ended, please sign in again",
    )
}

/// Exchanges a refresh token for a new access token and a new refresh token.
#[utoipa::path(post, path = "/api/auth/refresh", tag = "auth",
    request_body(content = TokenBody, description = "Empty when the refresh cookie is sent"),
    responses(
        (status = 200, description = "New tokens", body = DataOf<Session>),
        (status = 401, description = "Invalid, expired, revoked or reused token"),
        (status = 429, description = "Too many requests")))]
pub async fn refresh(
    _limit: AuthRateLimit,
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let secure = state.config.cookie_secure;
    match rotate(&state, &headers, &body).await {
        Ok(session) => SessionResponse::new(
            session,
            StatusCode::OK,
            &state,
            BodyToken::from_headers(&headers),
        )
        .into_response(),
        Err(err) if err.status() == StatusCode::UNAUTHORIZED => {
            (clear_cookie(secure), err).into_response()
        }
        Err(err) => err.into_response(),
    }
}

async fn rotate(state: &AppState, headers: &HeaderMap, body: &Bytes) -> Result<Session, ApiError> {
    let token = presented_token(headers, body)?.ok_or_else(|| {
        ApiError::unauthorized("MISSING_REFRESH_TOKEN", "No refresh token was sent")
    })?;
    let successor = tokens::successor(&state.config.jwt_secret, &token);
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    let row = tx
        .query_opt(
            "select id, user_id, chain_id, expires_at < now() as expired, rotated_at is not null as rotated,
                    coalesce(rotated_at > now() - make_interval(secs => $2), false) as just_rotated,
                    revoked_at is not null as revoked
             from refresh_tokens where token_hash = $1 for update",
            &[&tokens::hash(&token), &REUSE_GRACE_SECS],
        )
        .await?
        .ok_or_else(invalid)?;
    let (id, user_id, chain_id): (Uuid, Uuid, Uuid) =
        (row.get("id"), row.get("user_id"), row.get("chain_id"));
    if row.get::<_, bool>("revoked") {
        return Err(invalid());
    }
    if row.get::<_, bool>("just_rotated") && unused(&tx, chain_id, &successor).await? {
        // The answer of the rotation a moment ago was lost, or another tab did it:
        // the same successor again, so the chain does not fork.
        let user = active_user(&tx, user_id).await?;
        tx.commit().await?;
        return finish(state, user, successor);
    }
    if row.get::<_, bool>("rotated") {
        // A token that was already exchanged is being used again: someone holds a
        // copy. End the whole login so neither copy works any more.
        tx.execute(
            "update refresh_tokens set revoked_at = now() where chain_id = $1 and revoked_at is null",
            &[&chain_id],
        )
        .await?;
        tx.commit().await?;
        tracing::warn!(%user_id, "refresh token reuse detected; session chain revoked");
        return Err(ApiError::unauthorized(
            "TOKEN_REUSED",
            "This session was ended for your safety, please sign in again",
        ));
    }
    if row.get::<_, bool>("expired") {
        return Err(ApiError::unauthorized(
            "REFRESH_TOKEN_EXPIRED",
            "The session has expired, please sign in again",
        ));
    }
    let user = active_user(&tx, user_id).await?;
    tx.execute(
        "update refresh_tokens set rotated_at = now() where id = $1",
        &[&id],
    )
    .await?;
    issue_refresh(&tx, user_id, chain_id, &successor).await?;
    let session = finish(state, user, successor)?;
    tx.commit().await?;
    Ok(session)
}

/// Whether `successor` is the live head of the chain: issued, not yet used, not
/// revoked, not expired.
async fn unused(tx: &Transaction<'_>, chain_id: Uuid, successor: &str) -> Result<bool, ApiError> {
    let row = tx
        .query_opt(
            "select 1 from refresh_tokens
             where token_hash = $1 and chain_id = $2 and rotated_at is null
               and revoked_at is null and expires_at > now()
             for update",
            &[&tokens::hash(successor), &chain_id],
        )
        .await?;
    Ok(row.is_some())
}

/// The session's user, refused when disabled.
pub(crate) async fn active_user(tx: &Transaction<'_>, user_id: Uuid) -> Result<UserView, ApiError> {
    let user_row = tx
        .query_one(
            &format!("select {USER_COLUMNS} from users where id = $1"),
            &[&user_id],
        )
        .await?;
    let user = UserView::from_row(&user_row)?;
    if user.disabled {
        return Err(ApiError::unauthorized(
            "ACCOUNT_DISABLED",
            "This account is disabled",
        ));
    }
    Ok(user)
}

/// Ends the session the refresh token belongs to; always succeeds.
#[utoipa::path(post, path = "/api/auth/logout", tag = "auth",
    request_body(content = TokenBody, description = "Empty when the refresh cookie is sent"),
    responses((status = 204, description = "Signed out")))]
pub async fn logout(
    _limit: AuthRateLimit,
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    if let Some(token) = presented_token(&headers, &body)? {
        let client = db::client(&state.db).await?;
        client
            .execute(
                "update refresh_tokens set revoked_at = now()
                 where chain_id = (select chain_id from refresh_tokens where token_hash = $1)
                   and revoked_at is null",
                &[&tokens::hash(&token)],
            )
            .await?;
    }
    Ok((
        StatusCode::NO_CONTENT,
        clear_cookie(state.config.cookie_secure),
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_refresh_cookie_among_others() {
        let mut headers = HeaderMap::new();
        headers.insert(
            COOKIE,
            HeaderValue::from_static("theme=dark; refresh_token=abc123; x=y"),
        );
        assert_eq!(
            cookie_value(&headers, COOKIE_NAME).as_deref(),
            Some("abc123")
        );
        headers.insert(COOKIE, HeaderValue::from_static("refresh_token="));
        assert_eq!(cookie_value(&headers, COOKIE_NAME), None);
    }

    #[test]
    fn body_token_wins_over_cookie_and_empty_bodies_are_fine() {
        let mut headers = HeaderMap::new();
        headers.insert(COOKIE, HeaderValue::from_static("refresh_token=cookie"));
        let body = Bytes::from_static(br#"{"refresh_token":"body"}"#);
        assert_eq!(
            presented_token(&headers, &body).unwrap().as_deref(),
            Some("body")
        );
        assert_eq!(
            presented_token(&headers, &Bytes::new()).unwrap().as_deref(),
            Some("cookie")
        );
        assert_eq!(
            presented_token(&headers, &Bytes::from_static(b"{}"))
                .unwrap()
                .as_deref(),
            Some("cookie")
        );
        assert!(presented_token(&headers, &Bytes::from_static(b"{nope")).is_err());
    }

    #[test]
    fn browsers_never_get_the_refresh_token_in_the_body() {
        let mut headers = HeaderMap::new();
        assert_eq!(BodyToken::from_headers(&headers), BodyToken(true));
        headers.insert("sec-fetch-site", HeaderValue::from_static("same-origin"));
        assert_eq!(BodyToken::from_headers(&headers), BodyToken(false));
        let mut headers = HeaderMap::new();
        headers.insert(ORIGIN, HeaderValue::from_static("https://app.example.org"));
        assert_eq!(BodyToken::from_headers(&headers), BodyToken(false));
    }

    #[test]
    fn the_cookie_is_http_only_strict_and_scoped() {
        let cookie = refresh_cookie("tok", true);
        let cookie = cookie.to_str().unwrap();
        assert!(cookie.starts_with("refresh_token=tok;"));
        for part in [
            "HttpOnly",
            "Secure",
            "SameSite=Strict",
            "Path=/api/auth",
            "Max-Age=604800",
        ] {
            assert!(cookie.contains(part), "{cookie}");
        }
        assert!(
            !refresh_cookie("tok", false)
                .to_str()
                .unwrap()
                .contains("Secure")
        );
    }
}
