//! A signed-in user's provider identities: the list, linking one more
//! (`POST /api/auth/oidc/{provider}/link`, which sends the browser through the
//! provider and back to the callback), and unlinking one, refused when it
//! would leave the account no way to sign in.

use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::SET_COOKIE;
use axum::response::{AppendHeaders, IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use shared::audit::{self, Subject};
use shared::auth::AuthUser;
use shared::http::{ApiJson, ApiPath, Data, DataOf};
use shared::oidc::ReturnPath;
use shared::oidc::providers::{has_other_way_in, has_password, lock_sign_in_methods};
use shared::rate_limit::AuthRateLimit;
use shared::settings::local_login_enabled;
use shared::{ApiError, ApiResult, AppState, db};
use uuid::Uuid;

use super::accounts::IdentityRecord;
use super::start::begin;
use super::state_cookie;

/// A provider identity linked to the caller's account.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct LinkedIdentity {
    id: Uuid,
    /// The provider's slug.
    provider: String,
    provider_name: String,
    /// Whether the provider is enabled (a disabled one signs nobody in).
    enabled: bool,
    /// The address the provider last gave.
    email: Option<String>,
    linked_at: DateTime<Utc>,
    last_login_at: Option<DateTime<Utc>>,
}

/// An enabled provider the caller has not linked yet.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct LinkableProvider {
    slug: String,
    display_name: String,
}

/// How the caller can sign in.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SignInMethods {
    /// Whether the account has a password.
    has_password: bool,
    /// Whether password sign-in is on for the site.
    local_login: bool,
    identities: Vec<LinkedIdentity>,
    linkable: Vec<LinkableProvider>,
}

/// The caller's linked identities and the providers they may link (a read of
/// the caller's own account, like `GET /api/me`, so not rate limited).
#[utoipa::path(get, path = "/api/auth/oidc/identities", tag = "auth", security(("bearer" = [])),
    responses((status = 200, description = "Sign-in methods", body = DataOf<SignInMethods>),
              (status = 401, description = "Not signed in")))]
pub async fn list_identities(
    user: AuthUser,
    State(state): State<AppState>,
) -> ApiResult<Data<SignInMethods>> {
    let client = db::client(&state.db).await?;
    let identities = client
        .query(
            "select i.id, p.slug, p.display_name, p.enabled, i.email, i.created_at, i.last_login_at
             from oidc_identities i join oidc_providers p on p.id = i.provider_id
             where i.user_id = $1 order by p.display_name, p.slug",
            &[&user.id],
        )
        .await?;
    let linkable = client
        .query(
            "select slug, display_name from oidc_providers p
             where enabled and not exists (
                 select 1 from oidc_identities i where i.provider_id = p.id and i.user_id = $1)
             order by display_name, slug",
            &[&user.id],
        )
        .await?;
    Ok(Data(SignInMethods {
        has_password: has_password(&client, user.id).await?,
        local_login: local_login_enabled(&client).await?,
        identities: identities
            .iter()
            .map(|row| LinkedIdentity {
                id: row.get(0),
                provider: row.get(1),
                provider_name: row.get(2),
                enabled: row.get(3),
                email: row.get(4),
                linked_at: row.get(5),
                last_login_at: row.get(6),
            })
            .collect(),
        linkable: linkable
            .iter()
            .map(|row| LinkableProvider {
                slug: row.get(0),
                display_name: row.get(1),
            })
            .collect(),
    }))
}

#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct LinkStart {
    /// A path on this site to come back to (default `/profile`).
    #[serde(default)]
    return_to: Option<String>,
}

/// Where the browser goes to link a provider identity.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct LinkStarted {
    /// Open this URL in the browser (a navigation, not a fetch); the provider
    /// sends it back to the callback, which links the identity.
    authorization_url: String,
}

/// Starts linking a provider identity to the caller's account; sets the state
/// cookie the callback checks.
#[utoipa::path(post, path = "/api/auth/oidc/{provider}/link", tag = "auth", security(("bearer" = [])),
    params(("provider" = String, Path, description = "The provider's slug")),
    request_body = LinkStart,
    responses(
        (status = 200, description = "Go to the provider", body = DataOf<LinkStarted>),
        (status = 401, description = "Not signed in"),
        (status = 404, description = "No enabled provider has this slug"),
        (status = 429, description = "Too many requests"),
        (status = 503, description = "The provider cannot be reached")))]
pub async fn link_start(
    _limit: AuthRateLimit,
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(slug): ApiPath<String>,
    ApiJson(req): ApiJson<LinkStart>,
) -> ApiResult<Response> {
    let return_to = ReturnPath::parse(Some(req.return_to.as_deref().unwrap_or("/profile")));
    let begun = match begin(&state, &slug, &return_to, Some(user.id)).await? {
        Ok(begun) => begun,
        Err("OIDC_UNKNOWN_PROVIDER") => return Err(ApiError::not_found("Provider")),
        Err(code) => {
            return Err(ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                code,
                "The identity provider cannot be reached, try again later",
            ));
        }
    };
    let cookie = state_cookie(&begun.state, state.config.cookie_secure);
    Ok((
        AppendHeaders([(SET_COOKIE, cookie)]),
        Data(LinkStarted {
            authorization_url: begun.authorization_url,
        }),
    )
        .into_response())
}

/// Unlinks one of the caller's identities, unless the account would be left
/// with no way to sign in (no password while password sign-in is on, and no
/// other identity at an enabled provider).
#[utoipa::path(delete, path = "/api/auth/oidc/identities/{id}", tag = "auth", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The linked identity")),
    responses(
        (status = 204, description = "Unlinked"),
        (status = 401, description = "Not signed in"),
        (status = 404, description = "Not one of the caller's identities"),
        (status = 409, description = "The account would have no way to sign in"),
        (status = 429, description = "Too many requests")))]
pub async fn unlink(
    _limit: AuthRateLimit,
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<StatusCode> {
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    lock_sign_in_methods(&tx).await?;
    let row = tx
        .query_opt(
            "select p.slug from oidc_identities i join oidc_providers p on p.id = i.provider_id
             where i.id = $1 and i.user_id = $2",
            &[&id, &user.id],
        )
        .await?
        .ok_or_else(|| ApiError::not_found("Identity"))?;
    if !has_other_way_in(&tx, user.id, id).await? {
        return Err(ApiError::conflict(
            "LAST_SIGN_IN_METHOD",
            "This is your only way to sign in: set a password or link another provider first",
        ));
    }
    tx.execute("delete from oidc_identities where id = $1", &[&id])
        .await?;
    let slug: String = row.get(0);
    let record = IdentityRecord {
        provider: &slug,
        user_id: user.id,
    };
    let subject = Subject {
        actor_id: user.id,
        entity_type: "oidc_identity",
        entity_id: id,
        scope_id: None,
    };
    audit::change(&tx, subject, Some(&record), None).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}
