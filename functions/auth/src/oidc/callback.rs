//! `GET /api/auth/oidc/{provider}/callback`: the browser back from the provider.
//!
//! In order: the `state` must be the one this browser's cookie holds; the
//! pending sign-in it names is consumed (committed before anything else, so a
//! replayed or concurrent callback finds it used); the provider's own error,
//! the `iss` of the answer (RFC 9207) and the code are looked at; the code is
//! exchanged and the ID token verified; then [`super::accounts`] decides what
//! the person may do. Every refusal is a redirect with a code, never a session.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Deserialize;
use shared::auth::tokens;
use shared::http::{ApiPath, ApiQuery};
use shared::oidc::flow::{self, Client};
use shared::oidc::{ReturnPath, discovery, providers};
use shared::rate_limit::AuthRateLimit;
use shared::{ApiResult, AppState, db};
use uuid::Uuid;

use super::accounts::{self, Outcome};
use super::{STATE_COOKIE, redirect, refused, spa_url, state_cookie};
use crate::session;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
    /// Set by the provider when the sign-in failed there (`access_denied`, …).
    error: Option<String>,
    /// The provider's issuer (RFC 9207), when it says.
    iss: Option<String>,
}

/// A sign-in that was under way, as `start` recorded it.
pub(super) struct Pending {
    pub provider_id: Uuid,
    pub code_verifier: String,
    pub nonce: String,
    pub return_to: ReturnPath,
    /// A signed-in user linking this identity to their account.
    pub link_user: Option<Uuid>,
}

/// Finishes signing in with a provider and sends the browser back to the SPA:
/// signed in (`/sso/done?next=…`, with the refresh cookie), linked
/// (`/sso/done?linked=…`), asked for a password to link an existing account
/// (`/sso/link#ticket=…`), or refused (`/sso/done?error=CODE`).
#[utoipa::path(get, path = "/api/auth/oidc/{provider}/callback", tag = "auth",
    params(("provider" = String, Path, description = "The provider's slug"), CallbackQuery),
    responses(
        (status = 302, description = "Back to the SPA: signed in (with the refresh cookie), asked to confirm a link, or with an error code",
         headers(("Location" = String, description = "The SPA page to show"))),
        (status = 429, description = "Too many requests"),
        (status = 503, description = "No data key is configured to open the client secret")))]
pub async fn callback(
    _limit: AuthRateLimit,
    State(state): State<AppState>,
    ApiPath(slug): ApiPath<String>,
    headers: HeaderMap,
    ApiQuery(query): ApiQuery<CallbackQuery>,
) -> ApiResult<Response> {
    let secure = state.config.cookie_secure;
    let outcome = finish(&state, &slug, &headers, query).await?;
    let mut cookies = vec![state_cookie("", secure)];
    let location = match outcome {
        Outcome::SignedIn {
            refresh_token,
            return_to,
        } => {
            cookies.push(session::refresh_cookie(&refresh_token, secure));
            spa_url(
                &state,
                &format!("/sso/done?next={}", super::encode(return_to.as_str())),
            )
        }
        Outcome::Linked { return_to } => spa_url(
            &state,
            &format!(
                "/sso/done?linked={}&next={}",
                super::encode(&slug),
                super::encode(return_to.as_str())
            ),
        ),
        Outcome::ConfirmLink { ticket } => spa_url(&state, &format!("/sso/link#ticket={ticket}")),
        Outcome::Refused(code) => return Ok(refused(&state, code, cookies)),
    };
    Ok(redirect(&location, cookies))
}

async fn finish(
    state: &AppState,
    slug: &str,
    headers: &HeaderMap,
    query: CallbackQuery,
) -> ApiResult<Outcome> {
    let Some(given) = query.state.filter(|s| !s.is_empty() && s.len() <= 256) else {
        return Ok(Outcome::Refused("OIDC_STATE_INVALID"));
    };
    // The state must come back to the browser that started the sign-in, or
    // someone could hand a victim a callback link that signs the victim in as them.
    let kept = session::cookie_value(headers, STATE_COOKIE);
    if !kept.is_some_and(|kept| tokens::same_secret(&kept, &given)) {
        return Ok(Outcome::Refused("OIDC_STATE_MISMATCH"));
    }
    let pending = match consume(state, &given).await? {
        Ok(pending) => pending,
        Err(code) => return Ok(Outcome::Refused(code)),
    };
    let client = db::client(&state.db).await?;
    let provider = match providers::enabled_by_slug(&client, slug).await? {
        Some(provider) if provider.id == pending.provider_id => provider,
        // Disabled meanwhile, or a state from another provider's sign-in.
        _ => return Ok(Outcome::Refused("OIDC_STATE_INVALID")),
    };
    drop(client);
    if let Some(error) = query.error {
        tracing::info!(provider = %slug, error = %error.chars().take(64).collect::<String>(), "the identity provider refused the sign-in");
        return Ok(Outcome::Refused(if error == "access_denied" {
            "OIDC_ACCESS_DENIED"
        } else {
            "OIDC_PROVIDER_ERROR"
        }));
    }
    let metadata = match discovery::metadata(&provider.issuer()?).await {
        Ok(metadata) => metadata,
        Err(e) => {
            tracing::warn!(provider = %slug, error = %e, "identity provider unavailable");
            return Ok(Outcome::Refused(e.code()));
        }
    };
    // An answer that names another issuer was meant for another sign-in (a mix-up).
    if query.iss.is_some_and(|iss| iss != metadata.issuer) {
        return Ok(Outcome::Refused("OIDC_ISSUER_MISMATCH"));
    }
    let Some(code) = query.code.filter(|c| !c.is_empty()) else {
        return Ok(Outcome::Refused("OIDC_CODE_MISSING"));
    };
    let secret = provider.secret(state.config.data_keys.as_deref())?;
    let redirect_uri = provider.redirect_uri(&state.config.public_base_url);
    let client = Client {
        client_id: &provider.client_id,
        secret: secret.as_deref(),
        redirect_uri: &redirect_uri,
    };
    let person = match flow::sign_in(
        &metadata,
        &client,
        &code,
        &pending.code_verifier,
        &pending.nonce,
    )
    .await
    {
        Ok(person) => person,
        Err(e) => {
            tracing::warn!(provider = %slug, error = %e, "sign-in with an identity provider refused");
            return Ok(Outcome::Refused(e.code()));
        }
    };
    accounts::resolve(state, &provider, &pending, person).await
}

/// Marks the sign-in of `given` used, once: a second use, an unknown state and
/// an expired one are each refused with their own code.
async fn consume(state: &AppState, given: &str) -> ApiResult<Result<Pending, &'static str>> {
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    let Some(row) = tx
        .query_opt(
            "select id, provider_id, code_verifier, nonce, return_to, link_user_id,
                    used_at is not null as used, expires_at < now() as expired
             from oidc_pending_logins where state_hash = $1 for update",
            &[&tokens::hash(given)],
        )
        .await?
    else {
        return Ok(Err("OIDC_STATE_INVALID"));
    };
    if row.get::<_, bool>("used") {
        tracing::warn!("a used sign-in state came back again");
        return Ok(Err("OIDC_STATE_USED"));
    }
    let id: Uuid = row.get("id");
    tx.execute(
        "update oidc_pending_logins set used_at = now() where id = $1",
        &[&id],
    )
    .await?;
    tx.commit().await?;
    if row.get::<_, bool>("expired") {
        return Ok(Err("OIDC_STATE_EXPIRED"));
    }
    Ok(Ok(Pending {
        provider_id: row.get("provider_id"),
        code_verifier: row.get("code_verifier"),
        nonce: row.get("nonce"),
        return_to: ReturnPath::parse(Some(row.get::<_, &str>("return_to"))),
        link_user: row.get("link_user_id"),
    }))
}
