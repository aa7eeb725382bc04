//! Site administration: statistics, settings and registration invites.

use std::collections::BTreeMap;

use axum::extract::State;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use shared::auth::{AuthUser, Role, tokens};
use shared::domain::Email;
use shared::http::{ApiJson, Created, Data, DataOf};
use shared::jobs::{self, EmailMessage, Job};
use shared::settings::{RegistrationMode, registration_mode, set_registration_mode};
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

#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    registration: RegistrationMode,
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
    Ok(Data(Settings {
        registration: registration_mode(&client).await?,
    }))
}

/// Changes the site settings.
#[utoipa::path(patch, path = "/api/admin/settings", tag = "admin", security(("bearer" = [])),
    request_body = Settings,
    responses((status = 200, description = "Settings", body = DataOf<Settings>)))]
pub async fn update_settings(
    user: AuthUser,
    State(state): State<AppState>,
    ApiJson(req): ApiJson<Settings>,
) -> ApiResult<Data<Settings>> {
    user.require(Role::SuperAdmin)?;
    let client = db::client(&state.db).await?;
    set_registration_mode(&client, req.registration).await?;
    Ok(Data(req))
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
    /// Shown once, so it can also be passed on by hand.
    token: String,
}

/// Invites someone to register (for invite-only sites) and emails them the link.
#[utoipa::path(post, path = "/api/admin/invites", tag = "admin", security(("bearer" = [])),
    request_body = InviteRequest,
    responses((status = 201, description = "Invite created and emailed", body = DataOf<RegistrationInvite>),
              (status = 409, description = "An account with this email exists"),
              (status = 422, description = "Invalid email")))]
pub async fn invite(
    user: AuthUser,
    State(state): State<AppState>,
    ApiJson(req): ApiJson<InviteRequest>,
) -> ApiResult<Created<RegistrationInvite>> {
    user.require(Role::SuperAdmin)?;
    let email = Email::parse(&req.email).map_err(|e| ApiError::invalid_field("email", e))?;
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    let exists: bool = tx
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
    let inviter: String = tx
        .query_one(
            "select coalesce(nullif(display_name, ''), username) from users where id = $1",
            &[&user.id],
        )
        .await?
        .get(0);
    let token = tokens::generate();
    let expires_at = Utc::now() + Duration::days(INVITE_TTL_DAYS);
    let id: Uuid = tx
        .query_one(
            "insert into registration_invites (email, token_hash, invited_by, expires_at)
             values ($1, $2, $3, $4) returning id",
            &[
                &email.as_str(),
                &tokens::hash(&token),
                &user.id,
                &expires_at,
            ],
        )
        .await?
        .get(0);
    let job = Job::email(
        email.as_str(),
        EmailMessage::RegistrationInvite {
            invited_by: inviter,
            register_url: format!("{}/register?invite={token}", state.config.public_base_url),
            expires_days: INVITE_TTL_DAYS,
        },
    );
    jobs::enqueue(&tx, &job).await?;
    tx.commit().await?;
    jobs::dispatch(&state, &[job]).await;
    Ok(Created(RegistrationInvite {
        id,
        email: email.as_str().to_string(),
        expires_at,
        token,
    }))
}
