//! The identity providers of single sign-on, managed by SUPER_ADMIN:
//! `GET|POST /api/admin/oidc-providers`, `PATCH|DELETE /api/admin/oidc-providers/{id}`.
//!
//! Saving an issuer fetches its discovery document, so a typo is caught at
//! once rather than at the first sign-in. The client secret is write-only:
//! sealed at rest (`shared::oidc::providers`), answered only as
//! `client_secret_set`. Disabling or deleting a provider obeys the lock-out
//! rule while password sign-in is off.

use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use shared::audit::{self, Subject};
use shared::auth::{AuthUser, Role};
use shared::db::{Transaction, violated_constraint};
use shared::domain::{Line, Name};
use shared::error::FieldErrors;
use shared::http::{ApiJson, ApiPath, Created, Data, DataOf, nullable};
use shared::oidc::discovery::{self, Issuer};
use shared::oidc::providers::{
    COLUMNS, Provider, Slug, lock_sign_in_methods, parse_scopes, require_admin_access_without,
    seal_secret,
};
use shared::{ApiError, ApiResult, AppState, db};
use uuid::Uuid;

/// A provider as the administrator sees it; never its secret.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ProviderView {
    id: Uuid,
    /// Names the provider in its routes; fixed once created.
    slug: String,
    display_name: String,
    issuer: String,
    client_id: String,
    /// Whether a client secret is stored (it is never answered).
    client_secret_set: bool,
    /// Space-separated, `openid` among them.
    scopes: String,
    /// Whether a first sign-in with no matching account creates one (role USER).
    auto_register: bool,
    enabled: bool,
    /// The callback to register at the provider.
    redirect_uri: String,
    /// How many accounts have linked an identity of this provider.
    linked_accounts: i64,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl ProviderView {
    fn new(provider: &Provider, public_base_url: &str, linked_accounts: i64) -> Self {
        Self {
            id: provider.id,
            slug: provider.slug.clone(),
            display_name: provider.display_name.clone(),
            issuer: provider.issuer.clone(),
            client_id: provider.client_id.clone(),
            client_secret_set: provider.sealed_secret.is_some(),
            scopes: provider.scopes.clone(),
            auto_register: provider.auto_register,
            enabled: provider.enabled,
            redirect_uri: provider.redirect_uri(public_base_url),
            linked_accounts,
            created_at: provider.created_at,
            updated_at: provider.updated_at,
        }
    }
}

/// What the audit trail keeps of a provider (no secret, no timestamps).
#[derive(Serialize)]
struct ProviderRecord<'a> {
    slug: &'a str,
    display_name: &'a str,
    issuer: &'a str,
    client_id: &'a str,
    client_secret_set: bool,
    scopes: &'a str,
    auto_register: bool,
    enabled: bool,
}

impl<'a> From<&'a Provider> for ProviderRecord<'a> {
    fn from(p: &'a Provider) -> Self {
        Self {
            slug: &p.slug,
            display_name: &p.display_name,
            issuer: &p.issuer,
            client_id: &p.client_id,
            client_secret_set: p.sealed_secret.is_some(),
            scopes: &p.scopes,
            auto_register: p.auto_register,
            enabled: p.enabled,
        }
    }
}

async fn record(
    tx: &Transaction<'_>,
    actor: &AuthUser,
    id: Uuid,
    before: Option<&Provider>,
    after: Option<&Provider>,
) -> ApiResult<()> {
    let subject = Subject {
        actor_id: actor.id,
        entity_type: "oidc_provider",
        entity_id: id,
        scope_id: None,
    };
    audit::change(
        tx,
        subject,
        before.map(ProviderRecord::from).as_ref(),
        after.map(ProviderRecord::from).as_ref(),
    )
    .await
}

async fn view(
    client: &impl db::GenericClient,
    state: &AppState,
    provider: &Provider,
) -> ApiResult<ProviderView> {
    let linked: i64 = client
        .query_one(
            "select count(*) from oidc_identities where provider_id = $1",
            &[&provider.id],
        )
        .await?
        .get(0);
    Ok(ProviderView::new(
        provider,
        &state.config.public_base_url,
        linked,
    ))
}

/// Every configured provider.
#[utoipa::path(get, path = "/api/admin/oidc-providers", tag = "admin", security(("bearer" = [])),
    responses((status = 200, description = "The providers", body = DataOf<Vec<ProviderView>>),
              (status = 403, description = "Not SUPER_ADMIN")))]
pub async fn list(
    user: AuthUser,
    State(state): State<AppState>,
) -> ApiResult<Data<Vec<ProviderView>>> {
    user.require(Role::SuperAdmin)?;
    let client = db::client(&state.db).await?;
    let rows = client
        .query(
            &format!(
                "select {COLUMNS}, (select count(*) from oidc_identities i where i.provider_id = p.id) as linked
                 from oidc_providers p order by display_name, slug"
            ),
            &[],
        )
        .await?;
    let views = rows
        .iter()
        .map(|row| {
            Ok(ProviderView::new(
                &Provider::from_row(row)?,
                &state.config.public_base_url,
                row.try_get("linked")?,
            ))
        })
        .collect::<ApiResult<Vec<_>>>()?;
    Ok(Data(views))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewProvider {
    slug: String,
    display_name: String,
    issuer: String,
    client_id: String,
    /// Leave out for a public client (PKCE alone).
    #[serde(default)]
    client_secret: Option<String>,
    /// Default `openid email profile`.
    #[serde(default)]
    scopes: Option<String>,
    #[serde(default)]
    auto_register: bool,
    /// Default true.
    #[serde(default)]
    enabled: Option<bool>,
}

/// The secret as given: at most 1,024 characters of one line; empty is none.
fn parse_secret(raw: &str) -> Result<Option<String>, String> {
    Line::<1024, 0>::parse(raw).map(|s| Some(s.into_string()).filter(|s| !s.is_empty()))
}

/// The issuer checked against its own discovery document: the provider must
/// be reachable and call itself by this name (but for a final `/`, which is
/// then taken as the provider writes it).
async fn checked_issuer(raw: &str) -> ApiResult<String> {
    let issuer = Issuer::parse(raw).map_err(|e| ApiError::invalid_field("issuer", e))?;
    let unreachable = |e: &dyn std::fmt::Display| {
        ApiError::invalid_field(
            "issuer",
            format!("No OpenID Connect provider answers at this issuer: {e}"),
        )
    };
    match discovery::metadata(&issuer).await {
        Ok(metadata) => Ok(metadata.issuer.clone()),
        Err(first) => {
            // `https://idp/` for a provider that calls itself `https://idp`, or the reverse.
            let other = match raw.trim().strip_suffix('/') {
                Some(without) => without.to_string(),
                None => format!("{}/", raw.trim()),
            };
            let other = Issuer::parse(&other).map_err(|e| ApiError::invalid_field("issuer", e))?;
            match discovery::metadata(&other).await {
                Ok(metadata) if issuer.same_but_slash(&metadata.issuer) => {
                    Ok(metadata.issuer.clone())
                }
                _ => Err(unreachable(&first)),
            }
        }
    }
}

fn slug_taken(e: tokio_postgres::Error) -> ApiError {
    match violated_constraint(&e) {
        Some("oidc_providers_slug_key") => {
            ApiError::conflict("SLUG_TAKEN", "Another provider already has this slug")
                .with_details(serde_json::json!({"slug": "Another provider already has this slug"}))
        }
        _ => ApiError::from(e),
    }
}

/// Adds a provider.
#[utoipa::path(post, path = "/api/admin/oidc-providers", tag = "admin", security(("bearer" = [])),
    request_body = NewProvider,
    responses((status = 201, description = "Added", body = DataOf<ProviderView>),
              (status = 403, description = "Not SUPER_ADMIN"),
              (status = 409, description = "The slug is taken"),
              (status = 422, description = "Invalid fields, or no provider answers at the issuer"),
              (status = 503, description = "No data key is configured to seal the client secret")))]
pub async fn create(
    user: AuthUser,
    State(state): State<AppState>,
    ApiJson(req): ApiJson<NewProvider>,
) -> ApiResult<Created<ProviderView>> {
    user.require(Role::SuperAdmin)?;
    let mut errors = FieldErrors::new();
    let slug = errors.take("slug", Slug::parse(&req.slug));
    let display_name = errors.take("display_name", Name::parse(&req.display_name));
    let client_id = errors.take("client_id", Line::<255>::parse(&req.client_id));
    let secret = errors.take(
        "client_secret",
        parse_secret(req.client_secret.as_deref().unwrap_or_default()),
    );
    let scopes = errors.take(
        "scopes",
        parse_scopes(req.scopes.as_deref().unwrap_or("openid email profile")),
    );
    errors.finish()?;
    let (Some(slug), Some(display_name), Some(client_id), Some(secret), Some(scopes)) =
        (slug, display_name, client_id, secret, scopes)
    else {
        return Err(ApiError::internal("validation passed without values"));
    };
    let issuer = checked_issuer(&req.issuer).await?;
    let id = Uuid::new_v4();
    let keys = state.config.data_keys.as_deref();
    let sealed = secret.map(|s| seal_secret(keys, id, &s)).transpose()?;
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    let row = tx
        .query_one(
            &format!(
                "insert into oidc_providers
                     (id, slug, display_name, issuer, client_id, client_secret, scopes, auto_register, enabled)
                 values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning {COLUMNS}"
            ),
            &[
                &id,
                &slug.as_str(),
                &display_name.as_str(),
                &issuer,
                &client_id.as_str(),
                &sealed,
                &scopes,
                &req.auto_register,
                &req.enabled.unwrap_or(true),
            ],
        )
        .await
        .map_err(slug_taken)?;
    let provider = Provider::from_row(&row)?;
    record(&tx, &user, id, None, Some(&provider)).await?;
    tx.commit().await?;
    Ok(Created(ProviderView::new(
        &provider,
        &state.config.public_base_url,
        0,
    )))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProviderUpdate {
    display_name: Option<String>,
    issuer: Option<String>,
    client_id: Option<String>,
    /// A new secret; `null` removes it (a public client); left out, it stays.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(nullable)]
    client_secret: Option<Option<String>>,
    scopes: Option<String>,
    auto_register: Option<bool>,
    enabled: Option<bool>,
}

async fn locked(tx: &Transaction<'_>, id: Uuid) -> ApiResult<Provider> {
    let row = tx
        .query_opt(
            &format!("select {COLUMNS} from oidc_providers where id = $1 for update"),
            &[&id],
        )
        .await?
        .ok_or_else(|| ApiError::not_found("Provider"))?;
    Provider::from_row(&row)
}

/// Changes a provider; its slug stays.
#[utoipa::path(patch, path = "/api/admin/oidc-providers/{id}", tag = "admin", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Provider id")),
    request_body = ProviderUpdate,
    responses((status = 200, description = "Updated", body = DataOf<ProviderView>),
              (status = 403, description = "Not SUPER_ADMIN"),
              (status = 404, description = "No such provider"),
              (status = 409, description = "Disabling it would lock every administrator out (password sign-in is off)"),
              (status = 422, description = "Invalid fields, or no provider answers at the issuer"),
              (status = 503, description = "No data key is configured to seal the client secret")))]
pub async fn update(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(req): ApiJson<ProviderUpdate>,
) -> ApiResult<Data<ProviderView>> {
    user.require(Role::SuperAdmin)?;
    let mut errors = FieldErrors::new();
    let display_name = req
        .display_name
        .as_deref()
        .and_then(|raw| errors.take("display_name", Name::parse(raw)));
    let client_id = req
        .client_id
        .as_deref()
        .and_then(|raw| errors.take("client_id", Line::<255>::parse(raw)));
    let secret = match &req.client_secret {
        None => None,
        Some(None) => Some(None),
        Some(Some(raw)) => errors.take("client_secret", parse_secret(raw)),
    };
    let scopes = req
        .scopes
        .as_deref()
        .and_then(|raw| errors.take("scopes", parse_scopes(raw)));
    errors.finish()?;
    let issuer = match &req.issuer {
        Some(raw) => Some(checked_issuer(raw).await?),
        None => None,
    };
    let keys = state.config.data_keys.as_deref();
    let sealed = match secret {
        None => None,
        Some(None) => Some(None),
        Some(Some(secret)) => Some(Some(seal_secret(keys, id, &secret)?)),
    };
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    lock_sign_in_methods(&tx).await?;
    let before = locked(&tx, id).await?;
    if req.enabled == Some(false) && before.enabled {
        require_admin_access_without(&tx, id).await?;
    }
    let row = tx
        .query_one(
            &format!(
                "update oidc_providers set
                     display_name = coalesce($2, display_name),
                     issuer = coalesce($3, issuer),
                     client_id = coalesce($4, client_id),
                     client_secret = case when $5 then $6 else client_secret end,
                     scopes = coalesce($7, scopes),
                     auto_register = coalesce($8, auto_register),
                     enabled = coalesce($9, enabled)
                 where id = $1 returning {COLUMNS}"
            ),
            &[
                &id,
                &display_name.as_ref().map(Line::as_str),
                &issuer,
                &client_id.as_ref().map(Line::as_str),
                &sealed.is_some(),
                &sealed.flatten(),
                &scopes,
                &req.auto_register,
                &req.enabled,
            ],
        )
        .await?;
    let after = Provider::from_row(&row)?;
    record(&tx, &user, id, Some(&before), Some(&after)).await?;
    let answer = view(&tx, &state, &after).await?;
    tx.commit().await?;
    Ok(Data(answer))
}

/// Deletes a provider and unlinks every identity of it.
#[utoipa::path(delete, path = "/api/admin/oidc-providers/{id}", tag = "admin", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Provider id")),
    responses((status = 204, description = "Deleted"),
              (status = 403, description = "Not SUPER_ADMIN"),
              (status = 404, description = "No such provider"),
              (status = 409, description = "Deleting it would lock every administrator out (password sign-in is off)")))]
pub async fn delete(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<StatusCode> {
    user.require(Role::SuperAdmin)?;
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    lock_sign_in_methods(&tx).await?;
    let before = locked(&tx, id).await?;
    require_admin_access_without(&tx, id).await?;
    tx.execute("delete from oidc_providers where id = $1", &[&id])
        .await?;
    record(&tx, &user, id, Some(&before), None).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}
