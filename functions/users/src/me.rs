//! `GET|PATCH /api/me`: the signed-in user's profile. A new email address takes
//! effect only once the link emailed to it is opened, and asking for one needs
//! the current password: an access token alone cannot move an account to an
//! address whose reset link would then take it over.

use axum::extract::State;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use shared::auth::AuthUser;
use shared::auth::account::{PreferencesPatch, USER_COLUMNS, UserView};
use shared::auth::password::{self, Verified};
use shared::domain::{DisplayName, Email};
use shared::email_confirmations::{self, Confirming};
use shared::error::FieldErrors;
use shared::http::{ApiJson, Data, DataOf};
use shared::jobs::{self, EmailJob, Job};
use shared::rate_limit;
use shared::{ApiError, ApiResult, AppState, db};

/// Wrong current passwords one account may try per window, when changing its
/// address: `(max, window_secs)`.
pub const PASSWORD_CHECKS: (u32, i64) = (5, 900);

/// The signed-in user, with the state of their address.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Me {
    #[serde(flatten)]
    user: UserView,
    /// When the address proved it receives the site's mail; null until then.
    /// Family invitations are accepted only with a verified address.
    email_verified_at: Option<DateTime<Utc>>,
    /// A new address waiting for the link emailed to it to be opened.
    pending_email: Option<String>,
}

async fn load(client: &impl db::GenericClient, user: &AuthUser) -> Result<Me, ApiError> {
    let statement = format!(
        "select {USER_COLUMNS}, email_verified_at,
                    (select c.email from email_confirmations c
                      where c.user_id = users.id and c.purpose = 'email_change'
                        and c.confirmed_at is null and c.expires_at > now()
                      order by c.created_at desc limit 1) as pending_email
             from users where id = $1"
    );
    let row = client
        .query_opt(&statement, &[&user.id])
        .await?
        .ok_or_else(|| ApiError::not_found("User"))?;
    Ok(Me {
        user: UserView::from_row(&row)?,
        email_verified_at: row.try_get("email_verified_at")?,
        pending_email: row.try_get("pending_email")?,
    })
}

/// The signed-in user.
#[utoipa::path(get, path = "/api/me", tag = "users", security(("bearer" = [])),
    responses((status = 200, description = "The signed-in user", body = DataOf<Me>),
              (status = 401, description = "Not signed in")))]
pub async fn get_me(user: AuthUser, State(state): State<AppState>) -> ApiResult<Data<Me>> {
    let client = db::client(&state.db).await?;
    Ok(Data(load(&client, &user).await?))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateMe {
    display_name: Option<String>,
    /// A new address. It replaces the current one only once the link emailed to
    /// it is opened (`POST /api/auth/verify-email`); the current address is told.
    /// Needs `current_password`.
    email: Option<String>,
    /// The account's password, required with a new `email`.
    current_password: Option<String>,
    /// Only the preferences given change; the others keep their value.
    preferences: Option<PreferencesPatch>,
}

/// Changes the display name or preferences at once; asks for a new address.
#[utoipa::path(patch, path = "/api/me", tag = "users", security(("bearer" = [])),
    request_body = UpdateMe,
    responses((status = 200, description = "Updated; a new address is in `pending_email` until confirmed", body = DataOf<Me>),
              (status = 422, description = "Invalid fields, or the current password missing or wrong"),
              (status = 429, description = "Too many wrong passwords, or too many emails to this address or from this account")))]
pub async fn update_me(
    user: AuthUser,
    State(state): State<AppState>,
    ApiJson(req): ApiJson<UpdateMe>,
) -> ApiResult<Data<Me>> {
    let mut errors = FieldErrors::new();
    let display_name = req
        .display_name
        .as_deref()
        .and_then(|d| errors.take("display_name", DisplayName::parse(d)))
        .map(DisplayName::into_string);
    let email = req
        .email
        .as_deref()
        .and_then(|e| errors.take("email", Email::parse(e)));
    errors.finish()?;
    let preferences = req
        .preferences
        .map(|p| serde_json::to_value(p).map_err(ApiError::internal))
        .transpose()?;
    let mut client = db::client(&state.db).await?;
    let row = client
        .query_one(
            "select email, password_hash from users where id = $1",
            &[&user.id],
        )
        .await?;
    let (current, stored): (String, String) = (row.get(0), row.get(1));
    let new_email = email.filter(|e| e.as_str() != current);
    if let Some(new_email) = &new_email {
        check_password(&state, &user, req.current_password, stored).await?;
        // Counted whether or not the address has an account, so the answer
        // cannot tell.
        rate_limit::allow_mail(&state, new_email.as_str(), Some(user.id))
            .await?
            .or_429()?;
    }

    let tx = client.transaction().await?;
    tx.execute(
        "update users set display_name = coalesce($2, display_name),
                          preferences = preferences || coalesce($3, '{}'::jsonb)
         where id = $1",
        &[&user.id, &display_name, &preferences],
    )
    .await?;
    let mut sent = Vec::new();
    if let Some(new_email) = &new_email {
        // Only the latest request counts.
        tx.execute(
            "delete from email_confirmations
             where user_id = $1 and purpose = 'email_change' and confirmed_at is null",
            &[&user.id],
        )
        .await?;
        let change = Confirming::EmailChange {
            user_id: user.id,
            previous_email: &current,
        };
        let confirmation_id = email_confirmations::insert(&tx, new_email.as_str(), change).await?;
        // An address that has an account gets no link (it could never confirm),
        // and the answer is the same.
        let taken: bool = tx
            .query_one(
                "select exists (select 1 from users where lower(email) = lower($1) and id <> $2)",
                &[&new_email.as_str(), &user.id],
            )
            .await?
            .get(0);
        if !taken {
            sent.push(Job::email(EmailJob::ConfirmEmail { confirmation_id }));
        }
        sent.push(Job::email(EmailJob::EmailChangeRequested {
            confirmation_id,
        }));
        for job in &sent {
            jobs::enqueue(&tx, job).await?;
        }
    }
    let me = load(&tx, &user).await?;
    tx.commit().await?;
    jobs::dispatch(&state, &sent).await;
    Ok(Data(me))
}

/// Checks the current password, given with a new address, within
/// [`PASSWORD_CHECKS`] per account.
async fn check_password(
    state: &AppState,
    user: &AuthUser,
    given: Option<String>,
    stored: String,
) -> Result<(), ApiError> {
    let given = given.filter(|p| !p.is_empty()).ok_or_else(|| {
        ApiError::invalid_field(
            "current_password",
            "Enter your current password to change your email address",
        )
    })?;
    let (max, window) = PASSWORD_CHECKS;
    rate_limit::hit(state, &format!("password-check:{}", user.id), max, window).await?;
    let verified = tokio::task::spawn_blocking(move || password::verify(&given, &stored))
        .await
        .map_err(ApiError::internal)?;
    if verified == Verified::No {
        return Err(ApiError::invalid_field(
            "current_password",
            "The current password is not correct",
        ));
    }
    Ok(())
}
