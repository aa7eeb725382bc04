//! Site administration: statistics, settings (registration mode, daily email
//! cap, password sign-in) and registration invites.

use std::collections::BTreeMap;

use axum::extract::State;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use shared::auth::{AuthUser, Role};
use shared::domain::Email;
use shared::http::{ApiJson, Created, Data, DataOf};
use shared::jobs::{self, EmailJob, Job};
use shared::oidc::providers::{lock_sign_in_methods, require_admin_access};
use shared::rate_limit;
use shared::settings::{
    RegistrationMode, daily_email_cap, local_login_enabled, registration_mode, set_daily_email_cap,
    set_local_login, set_registration_mode,
};
use shared::{ApiError, ApiResult, AppState, db};
use uuid::Uuid;

/// How long a registration invite works.
pub const INVITE_TTL_DAYS: i64 = 7;

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Stats {
    users_total: i64,
    users_by_role: BTreeMap<String, i64>,
    users_disabled: i64,
    active_sessions: i64,
    emails_sent: i64,
    outbox_pending: i64,
}

/// Counts for the admin dashboard.
#[utoipa::path(get, path = "/api/admin/stats", tag = "admin", security(("bearer" = [])),
    responses((status = 200, description = "Counts", body = DataOf<Stats>),
              (status = 403, description = "Not SUPER_ADMIN")))]
pub async fn stats(user: AuthUser, State(state): State<AppState>) -> ApiResult<Data<Stats>> {
    user.require(Role::SuperAdmin)?;
    let client = db::client(&state.db).await?;
    let by_role = client
        .query("select role, count(*) from users group by role", &[])
        .await?;
    let users_by_role: BTreeMap<String, i64> =
        by_role.iter().map(|r| (r.get(0), r.get(1))).collect();
    let row = client
        .query_one(
            "select (select count(*) from users where disabled),
                    (select count(distinct chain_id) from refresh_tokens
                      where revoked_at is null and rotated_at is null and expires_at > now()),
                    (select count(*) from processed_jobs where kind = 'email'),
                    (select count(*) from outbox where sent_at is null)",
            &[],
        )
        .await?;
    Ok(Data(Stats {
        users_total: users_by_role.values().sum(),
        users_by_role,
        users_disabled: row.get(0),
        active_sessions: row.get(1),
        emails_sent: row.get(2),
        outbox_pending: row.get(3),
    }))
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Settings {
    registration: RegistrationMode,
    /// The most emails a day the site sends on requests anyone can make (resets,
    /// invitations, address confirmations); past it they are refused until the
    /// next day (UTC). Keep it under the mail service's sending quota.
    daily_email_cap: u32,
    /// Whether people may sign in and register with a password; off, only the
    /// identity providers sign people in.
    local_login: bool,
}

/// The settings to change; what is left out stays as it is.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SettingsUpdate {
    registration: Option<RegistrationMode>,
    #[schema(minimum = 1, maximum = 1000000)]
    daily_email_cap: Option<u32>,
    /// Switching it off needs the SUPER_ADMIN doing it to sign in with an
    /// enabled identity provider.
    local_login: Option<bool>,
}

async fn settings(client: &impl db::GenericClient) -> Result<Settings, ApiError> {
    Ok(Settings {
        registration: registration_mode(client).await?,
        daily_email_cap: daily_email_cap(client).await?,
        local_login: local_login_enabled(client).await?,
    })
}

/// The site settings.
#[utoipa::path(get, path = "/api/admin/settings", tag = "admin", security(("bearer" = [])),
    responses((status = 200, description = "Settings", body = DataOf<Settings>)))]
pub async fn get_settings(
    user: AuthUser,
    State(state): State<AppState>,
) -> ApiResult<Data<Settings>> {
    user.require(Role::SuperAdmin)?;
    let client = db::client(&state.db).await?;
    Ok(Data(settings(&client).await?))
}

/// Changes the site settings.
#[utoipa::path(patch, path = "/api/admin/settings", tag = "admin", security(("bearer" = [])),
    request_body = SettingsUpdate,
    responses((status = 200, description = "Settings", body = DataOf<Settings>),
              (status = 409, description = "Password sign-in cannot be switched off: the caller cannot sign in with an enabled identity provider"),
              (status = 422, description = "A value out of range")))]
pub async fn update_settings(
    user: AuthUser,
    State(state): State<AppState>,
    ApiJson(req): ApiJson<SettingsUpdate>,
) -> ApiResult<Data<Settings>> {
    user.require(Role::SuperAdmin)?;
    if let Some(cap) = req.daily_email_cap
        && !(1..=1_000_000).contains(&cap)
    {
        return Err(ApiError::invalid_field(
            "daily_email_cap",
            "Choose between 1 and 1000000 emails a day",
        ));
    }
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    if let Some(enabled) = req.local_login {
        lock_sign_in_methods(&tx).await?;
        if !enabled {
            require_admin_access(&tx, user.id).await?;
        }
        set_local_login(&tx, enabled).await?;
    }
    if let Some(mode) = req.registration {
        set_registration_mode(&tx, mode).await?;
    }
    if let Some(cap) = req.daily_email_cap {
        set_daily_email_cap(&tx, cap).await?;
    }
    let answer = settings(&tx).await?;
    tx.commit().await?;
    Ok(Data(answer))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct InviteRequest {
    email: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RegistrationInvite {
    id: Uuid,
    email: String,
    expires_at: DateTime<Utc>,
}

/// Invites someone to register (for invite-only sites) and emails them the
/// link. The link goes only by email, to the invited address.
#[utoipa::path(post, path = "/api/admin/invites", tag = "admin", security(("bearer" = [])),
    request_body = InviteRequest,
    responses((status = 201, description = "Invite created and emailed", body = DataOf<RegistrationInvite>),
              (status = 409, description = "An account with this email exists"),
              (status = 422, description = "Invalid email"),
              (status = 429, description = "Too many emails to this address or today")))]
pub async fn invite(
    user: AuthUser,
    State(state): State<AppState>,
    ApiJson(req): ApiJson<InviteRequest>,
) -> ApiResult<Created<RegistrationInvite>> {
    user.require(Role::SuperAdmin)?;
    let email = Email::parse(&req.email).map_err(|e| ApiError::invalid_field("email", e))?;
    let mut client = db::client(&state.db).await?;
    let exists: bool = client
        .query_one(
            "select exists (select 1 from users where lower(email) = lower($1))",
            &[&email.as_str()],
        )
        .await?
        .get(0);
    if exists {
        return Err(ApiError::conflict(
            "EMAIL_TAKEN",
            "An account with this email already exists",
        ));
    }
    rate_limit::allow_mail(&state, email.as_str(), Some(user.id))
        .await?
        .or_429()?;
    // The token is minted by the email worker when it sends the link.
    let expires_at = Utc::now() + Duration::days(INVITE_TTL_DAYS);
    let tx = client.transaction().await?;
    let invite_id: Uuid = tx
        .query_one(
            "insert into registration_invites (email, invited_by, expires_at)
             values ($1, $2, $3) returning id",
            &[&email.as_str(), &user.id, &expires_at],
        )
        .await?
        .get(0);
    let job = Job::email(EmailJob::RegistrationInvite { invite_id });
    jobs::enqueue(&tx, &job).await?;
    tx.commit().await?;
    jobs::dispatch(&state, &[job]).await;
    Ok(Created(RegistrationInvite {
        id: invite_id,
        email: email.as_str().to_string(),
        expires_at,
    }))
}
