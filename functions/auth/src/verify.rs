//! Address confirmation: `POST /api/auth/verify-email` spends a link emailed by
//! `shared::email_confirmations` (creating a pending account, verifying an
//! account's address, or moving an account to a new address), and
//! `POST /api/auth/verify-email/send` emails the signed-in account a new link for
//! its current address.

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use shared::auth::{AuthUser, tokens};
use shared::email_confirmations::{self, ConfirmationSent, Confirming};
use shared::http::{ApiJson, Data, DataOf};
use shared::rate_limit::{self, AuthRateLimit};
use shared::settings::{RegistrationMode, registration_mode};
use shared::{ApiError, ApiResult, AppState, db, jobs};
use uuid::Uuid;

use crate::register::taken;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VerifyEmail {
    /// The token of the emailed link.
    token: String,
}

/// What a confirmation did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Confirmed {
    /// The account was created; sign in with it.
    Registration,
    /// The account's address is verified.
    Verification,
    /// The account now uses this address.
    EmailChange,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct EmailConfirmed {
    purpose: Confirmed,
    email: String,
    /// The account's username, to sign in with.
    username: String,
}

fn invalid_link() -> ApiError {
    ApiError::bad_request(
        "INVALID_EMAIL_TOKEN",
        "This confirmation link is invalid, already used or expired",
    )
}

/// Confirms an address with the token of an emailed link, once.
#[utoipa::path(post, path = "/api/auth/verify-email", tag = "auth",
    request_body = VerifyEmail,
    responses(
        (status = 200, description = "Confirmed", body = DataOf<EmailConfirmed>),
        (status = 400, description = "The link is invalid, used or expired"),
        (status = 403, description = "Registration was closed since the link was sent"),
        (status = 409, description = "The username or address was taken since the link was sent"),
        (status = 429, description = "Too many requests")))]
pub async fn verify(
    _limit: AuthRateLimit,
    State(state): State<AppState>,
    ApiJson(req): ApiJson<VerifyEmail>,
) -> ApiResult<Data<EmailConfirmed>> {
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    let row = tx
        .query_opt(
            "select id, purpose, email, user_id, username, display_name, password_hash
             from email_confirmations
             where token_hash = $1 and confirmed_at is null and expires_at > now()
             for update",
            &[&tokens::hash(req.token.trim())],
        )
        .await?
        .ok_or_else(invalid_link)?;
    let (id, email): (Uuid, String) = (row.get("id"), row.get("email"));
    let user_id: Option<Uuid> = row.get("user_id");
    let purpose: String = row.get("purpose");
    let (purpose, username): (Confirmed, String) = match (purpose.as_str(), user_id) {
        ("registration", _) => {
            // Serialised with registration, as the first account is decided there.
            tx.execute("select pg_advisory_xact_lock(727273)", &[])
                .await?;
            if registration_mode(&tx).await? != RegistrationMode::Open {
                return Err(ApiError::new(
                    StatusCode::FORBIDDEN,
                    "REGISTRATION_CLOSED",
                    "Registration is no longer open on this site",
                ));
            }
            let username: String = tx
                .query_one(
                    "insert into users (username, email, display_name, password_hash, role, email_verified_at)
                     values ($1, $2, $3, $4, 'USER', now()) returning username",
                    &[
                        &row.get::<_, Option<String>>("username"),
                        &email,
                        &row.get::<_, Option<String>>("display_name").unwrap_or_default(),
                        &row.get::<_, Option<String>>("password_hash"),
                    ],
                )
                .await
                .map_err(taken)?
                .get(0);
            // Other registrations waiting for this address can never complete.
            tx.execute(
                "delete from email_confirmations
                 where purpose = 'registration' and lower(email) = lower($1) and id <> $2",
                &[&email, &id],
            )
            .await?;
            (Confirmed::Registration, username)
        }
        ("verification", Some(user_id)) => {
            // Only while the address is still the account's.
            let row = tx
                .query_opt(
                    "update users set email_verified_at = coalesce(email_verified_at, now())
                     where id = $1 and lower(email) = lower($2) and not disabled
                     returning username",
                    &[&user_id, &email],
                )
                .await?
                .ok_or_else(invalid_link)?;
            (Confirmed::Verification, row.get(0))
        }
        ("email_change", Some(user_id)) => {
            let row = tx
                .query_opt(
                    "update users set email = $2, email_verified_at = now()
                     where id = $1 and not disabled returning username",
                    &[&user_id, &email],
                )
                .await
                .map_err(taken)?
                .ok_or_else(invalid_link)?;
            // Reset links went to the old address, and other changes are moot.
            tx.execute(
                "update password_resets set used_at = now() where user_id = $1 and used_at is null",
                &[&user_id],
            )
            .await?;
            tx.execute(
                "delete from email_confirmations where user_id = $1 and id <> $2 and confirmed_at is null",
                &[&user_id, &id],
            )
            .await?;
            (Confirmed::EmailChange, row.get(0))
        }
        (other, _) => {
            return Err(ApiError::internal(format!(
                "email confirmation {id} has purpose {other:?} and no account"
            )));
        }
    };
    tx.execute(
        "update email_confirmations set confirmed_at = now() where id = $1",
        &[&id],
    )
    .await?;
    tx.commit().await?;
    Ok(Data(EmailConfirmed {
        purpose,
        email,
        username,
    }))
}

/// Emails the signed-in account a link that verifies its current address (any
/// earlier link of that kind stops working).
#[utoipa::path(post, path = "/api/auth/verify-email/send", tag = "auth", security(("bearer" = [])),
    responses(
        (status = 202, description = "A link is on its way", body = DataOf<ConfirmationSent>),
        (status = 401, description = "Not signed in"),
        (status = 409, description = "The address is already verified"),
        (status = 429, description = "Too many emails to this address or from this account; try later")))]
pub async fn send(
    _limit: AuthRateLimit,
    user: AuthUser,
    State(state): State<AppState>,
) -> ApiResult<(StatusCode, Data<ConfirmationSent>)> {
    let mut client = db::client(&state.db).await?;
    let row = client
        .query_one(
            "select email, email_verified_at is not null from users where id = $1",
            &[&user.id],
        )
        .await?;
    let (email, verified): (String, bool) = (row.get(0), row.get(1));
    if verified {
        return Err(ApiError::conflict(
            "EMAIL_ALREADY_VERIFIED",
            "Your email address is already verified",
        ));
    }
    rate_limit::allow_mail(&state, &email, Some(user.id))
        .await?
        .or_429()?;
    let tx = client.transaction().await?;
    tx.execute(
        "delete from email_confirmations
         where user_id = $1 and purpose = 'verification' and confirmed_at is null",
        &[&user.id],
    )
    .await?;
    let verification = Confirming::Verification { user_id: user.id };
    let job = email_confirmations::request(&tx, &email, verification).await?;
    tx.commit().await?;
    jobs::dispatch(&state, &[job]).await;
    Ok((StatusCode::ACCEPTED, Data(ConfirmationSent { email })))
}
