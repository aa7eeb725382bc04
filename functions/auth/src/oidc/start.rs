//! `GET /api/auth/oidc/providers` and `GET /api/auth/oidc/{provider}/start`.

use axum::extract::State;
use axum::response::Response;
use chrono::{Duration, Utc};
use serde::{Deserialize, Serialize};
use shared::auth::tokens;
use shared::http::{ApiPath, ApiQuery, Data, DataOf};
use shared::oidc::flow::{self, Client, Secrets};
use shared::oidc::providers::{self, Provider};
use shared::oidc::{OidcError, ReturnPath, discovery};
use shared::rate_limit::AuthRateLimit;
use shared::settings::local_login_enabled;
use shared::{ApiResult, AppState, db};
use uuid::Uuid;

use super::{PENDING_TTL_MINUTES, redirect, refused, state_cookie};

/// A provider on the sign-in page.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ProviderChoice {
    /// Names the provider in `/api/auth/oidc/{provider}/start`.
    slug: String,
    display_name: String,
}

/// How people may sign in here.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SignInOptions {
    /// Whether the username-and-password form is offered.
    local_login: bool,
    providers: Vec<ProviderChoice>,
}

/// The enabled identity providers, and whether password sign-in is on. Like
/// `status`, what the sign-in page reads is not counted against the per-IP
/// limit of the auth routes.
#[utoipa::path(get, path = "/api/auth/oidc/providers", tag = "auth",
    responses((status = 200, description = "Sign-in options", body = DataOf<SignInOptions>)))]
pub async fn providers(State(state): State<AppState>) -> ApiResult<Data<SignInOptions>> {
    let client = db::client(&state.db).await?;
    let rows = client
        .query(
            "select slug, display_name from oidc_providers where enabled
             order by display_name, slug",
            &[],
        )
        .await?;
    Ok(Data(SignInOptions {
        local_login: local_login_enabled(&client).await?,
        providers: rows
            .iter()
            .map(|row| ProviderChoice {
                slug: row.get(0),
                display_name: row.get(1),
            })
            .collect(),
    }))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StartQuery {
    /// A path on this site to return to once signed in (default `/`).
    return_to: Option<String>,
}

/// Starts signing in with a provider: redirects to its authorization endpoint.
/// An unknown or disabled provider, or one that cannot be reached, sends the
/// browser back to `/sso/done?error=CODE` instead.
#[utoipa::path(get, path = "/api/auth/oidc/{provider}/start", tag = "auth",
    params(("provider" = String, Path, description = "The provider's slug"), StartQuery),
    responses(
        (status = 302, description = "To the provider (with the state cookie), or back to the SPA with an error code",
         headers(("Location" = String, description = "Where the browser goes next"))),
        (status = 429, description = "Too many requests")))]
pub async fn start(
    _limit: AuthRateLimit,
    State(state): State<AppState>,
    ApiPath(slug): ApiPath<String>,
    ApiQuery(query): ApiQuery<StartQuery>,
) -> ApiResult<Response> {
    let return_to = ReturnPath::parse(query.return_to.as_deref());
    match begin(&state, &slug, &return_to, None).await? {
        Ok(begun) => Ok(redirect(
            &begun.authorization_url,
            vec![state_cookie(&begun.state, state.config.cookie_secure)],
        )),
        Err(code) => Ok(refused(&state, code, Vec::new())),
    }
}

/// A sign-in sent on its way: where the browser goes, and the `state` it keeps.
pub(super) struct Begun {
    pub authorization_url: String,
    pub state: String,
}

/// Records a pending sign-in at provider `slug` (for `link_user`, a link to
/// that signed-in account) and builds the provider's URL. The inner error is
/// the code to show: the provider is unknown, disabled or unreachable.
pub(super) async fn begin(
    state: &AppState,
    slug: &str,
    return_to: &ReturnPath,
    link_user: Option<Uuid>,
) -> ApiResult<Result<Begun, &'static str>> {
    let client = db::client(&state.db).await?;
    let Some(provider) = providers::enabled_by_slug(&client, slug).await? else {
        return Ok(Err("OIDC_UNKNOWN_PROVIDER"));
    };
    let metadata = match discovery::metadata(&provider.issuer()?).await {
        Ok(metadata) => metadata,
        Err(e) => return Ok(Err(unreachable(&provider, &e))),
    };
    let secrets = Secrets::generate();
    let redirect_uri = provider.redirect_uri(&state.config.public_base_url);
    let client_of = Client {
        client_id: &provider.client_id,
        secret: None,
        redirect_uri: &redirect_uri,
    };
    let authorization_url =
        match flow::authorization_url(&metadata, &client_of, &provider.scopes, &secrets) {
            Ok(url) => url,
            Err(e) => return Ok(Err(unreachable(&provider, &e))),
        };
    // Sign-ins never finished are forgotten a day after they lapsed.
    client
        .execute(
            "delete from oidc_pending_logins where expires_at < now() - interval '1 day'",
            &[],
        )
        .await?;
    let expires_at = Utc::now() + Duration::minutes(PENDING_TTL_MINUTES);
    client
        .execute(
            "insert into oidc_pending_logins
                 (state_hash, provider_id, code_verifier, nonce, return_to, link_user_id, expires_at)
             values ($1, $2, $3, $4, $5, $6, $7)",
            &[
                &tokens::hash(&secrets.state),
                &provider.id,
                &secrets.code_verifier,
                &secrets.nonce,
                &return_to.as_str(),
                &link_user,
                &expires_at,
            ],
        )
        .await?;
    Ok(Ok(Begun {
        authorization_url,
        state: secrets.state,
    }))
}

fn unreachable(provider: &Provider, error: &OidcError) -> &'static str {
    tracing::warn!(provider = %provider.slug, %error, "identity provider unavailable");
    error.code()
}
