//! Password change (signed in) and password reset by email.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{Duration, Utc};
use serde::Deserialize;
use shared::auth::password::{self, NewPassword, Verified};
use shared::auth::{AuthUser, tokens};
use shared::domain::Email;
use shared::http::ApiJson;
use shared::jobs::{self, EmailJob, Job};
use shared::rate_limit::{self, AuthRateLimit};
use shared::{ApiError, ApiResult, AppState, db};
use uuid::Uuid;

use crate::login::verify_password;
use crate::session::{clear_cookie, revoke_all};

/// How long a reset link works.
pub const RESET_TTL_MINUTES: i64 = 30;

async fn hash_new(password: NewPassword) -> Result<String, ApiError> {
    password::hash_async(password).await
}

fn parse_new(raw: &str, field: &str) -> Result<NewPassword, ApiError> {
    NewPassword::parse(raw).map_err(|e| ApiError::invalid_field(field, e.to_string()))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ChangePassword {
    current_password: String,
    new_password: String,
}

/// Changes the caller's password and ends every session.
#[utoipa::path(post, path = "/api/auth/password", tag = "auth",
    request_body = ChangePassword, security(("bearer" = [])),
    responses(
        (status = 204, description = "Changed; every session was ended"),
        (status = 401, description = "Not signed in"),
        (status = 422, description = "Current password wrong or new one too weak")))]
pub async fn change(
    _limit: AuthRateLimit,
    user: AuthUser,
    State(state): State<AppState>,
    ApiJson(req): ApiJson<ChangePassword>,
) -> ApiResult<Response> {
    let new_password = parse_new(&req.new_password, "new_password")?;
    let mut client = db::client(&state.db).await?;
    let stored: String = client
        .query_one("select password_hash from users where id = $1", &[&user.id])
        .await?
        .get(0);
    if verify_password(req.current_password, Some(stored)).await? == Verified::No {
        return Err(ApiError::invalid_field(
            "current_password",
            "The current password is not correct",
        ));
    }
    let hash = hash_new(new_password).await?;
    let tx = client.transaction().await?;
    tx.execute(
        "update users set password_hash = $2 where id = $1",
        &[&user.id, &hash],
    )
    .await?;
    revoke_all(&tx, user.id).await?;
    let job = changed_notice(&tx, user.id).await?;
    tx.commit().await?;
    jobs::dispatch(&state, &job).await;
    Ok((
        StatusCode::NO_CONTENT,
        clear_cookie(state.config.cookie_secure),
    )
        .into_response())
}

/// The notice to the account's address that its password changed. Never
/// limited: whoever asked proved the password or a reset link.
async fn changed_notice(
    tx: &shared::db::Transaction<'_>,
    user_id: Uuid,
) -> Result<Vec<Job>, ApiError> {
    let job = Job::email(EmailJob::PasswordChanged { user_id });
    jobs::enqueue(tx, &job).await?;
    Ok(vec![job])
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ResetRequest {
    email: String,
}

/// Emails a single-use reset link when the address belongs to an account. The
/// answer is the same either way, and also when the address has had its share
/// of emails (`rate_limit::allow_mail`): then nothing is sent.
#[utoipa::path(post, path = "/api/auth/password-reset", tag = "auth",
    request_body = ResetRequest,
    responses(
        (status = 202, description = "If the address has an account, a link is on its way"),
        (status = 422, description = "Not an email address")))]
pub async fn request_reset(
    _limit: AuthRateLimit,
    State(state): State<AppState>,
    ApiJson(req): ApiJson<ResetRequest>,
) -> ApiResult<StatusCode> {
    let email = Email::parse(&req.email).map_err(|e| ApiError::invalid_field("email", e))?;
    let mut client = db::client(&state.db).await?;
    let user = client
        .query_opt(
            "select id, email from users where lower(email) = lower($1) and not disabled",
            &[&email.as_str()],
        )
        .await?;
    let Some(user) = user else {
        return Ok(StatusCode::ACCEPTED);
    };
    let address: String = user.get("email");
    if !rate_limit::allow_mail(&state, &address, None)
        .await?
        .is_allowed()
    {
        return Ok(StatusCode::ACCEPTED);
    }
    // The token is minted by the email worker when it sends the link.
    let expires_at = Utc::now() + Duration::minutes(RESET_TTL_MINUTES);
    let tx = client.transaction().await?;
    let reset_id: Uuid = tx
        .query_one(
            "insert into password_resets (user_id, expires_at) values ($1, $2) returning id",
            &[&user.get::<_, Uuid>("id"), &expires_at],
        )
        .await?
        .get(0);
    let job = Job::email(EmailJob::PasswordReset { reset_id });
    jobs::enqueue(&tx, &job).await?;
    tx.commit().await?;
    jobs::dispatch(&state, &[job]).await;
    Ok(StatusCode::ACCEPTED)
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ConfirmReset {
    token: String,
    new_password: String,
}

/// Sets a new password with a reset token and ends every session.
#[utoipa::path(post, path = "/api/auth/password-reset/confirm", tag = "auth",
    request_body = ConfirmReset,
    responses(
        (status = 204, description = "Password set; sign in with it"),
        (status = 400, description = "The link is invalid, used or expired"),
        (status = 422, description = "New password too weak")))]
pub async fn confirm_reset(
    _limit: AuthRateLimit,
    State(state): State<AppState>,
    ApiJson(req): ApiJson<ConfirmReset>,
) -> ApiResult<StatusCode> {
    let new_password = parse_new(&req.new_password, "new_password")?;
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    let row = tx
        .query_opt(
            "update password_resets set used_at = now()
             where token_hash = $1 and used_at is null and expires_at > now()
             returning user_id",
            &[&tokens::hash(req.token.trim())],
        )
        .await?
        .ok_or_else(|| {
            ApiError::bad_request(
                "INVALID_RESET_TOKEN",
                "This reset link is invalid, already used or expired",
            )
        })?;
    let user_id: Uuid = row.get(0);
    // Last, once the token is known to be good. The link reached the account's
    // address: that proves the address too.
    let hash = hash_new(new_password).await?;
    tx.execute(
        "update users set password_hash = $2, failed_logins = 0, locked_until = null,
                          email_verified_at = coalesce(email_verified_at, now())
         where id = $1",
        &[&user_id, &hash],
    )
    .await?;
    // Other outstanding links stop working too.
    tx.execute(
        "update password_resets set used_at = now() where user_id = $1 and used_at is null",
        &[&user_id],
    )
    .await?;
    revoke_all(&tx, user_id).await?;
    let job = changed_notice(&tx, user_id).await?;
    tx.commit().await?;
    jobs::dispatch(&state, &job).await;
    Ok(StatusCode::NO_CONTENT)
}
