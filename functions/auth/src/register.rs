//! `POST /api/auth/register`: the first administrator (setup token), an invited
//! account, or on an open site a registration that waits for its address.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use shared::auth::account::{USER_COLUMNS, UserView};
use shared::auth::password::{self, NewPassword};
use shared::auth::{Role, tokens};
use shared::db::{Transaction, violated_constraint};
use shared::domain::{DisplayName, Email, Username};
use shared::email_confirmations::{self, ConfirmationSent, Confirming, PendingAccount};
use shared::error::FieldErrors;
use shared::http::{ApiJson, Data, DataOf};
use shared::jobs::{self, EmailJob, Job};
use shared::rate_limit::{self, AuthRateLimit};
use shared::{ApiError, ApiResult, AppState, db};
use uuid::Uuid;

use crate::session::{self, BodyToken, Session, SessionResponse};
use shared::settings::{RegistrationMode, local_login_enabled, registration_mode};

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct RegisterRequest {
    username: String,
    email: String,
    password: String,
    #[serde(default)]
    display_name: Option<String>,
    /// Makes the account SUPER_ADMIN; needed, and only valid, while the site has
    /// no SUPER_ADMIN yet.
    #[serde(default)]
    setup_token: Option<String>,
    /// Required while registration is invite-only.
    #[serde(default)]
    invite_token: Option<String>,
}

struct Valid {
    username: Username,
    email: Email,
    password: NewPassword,
    display_name: DisplayName,
}

fn validate(req: &RegisterRequest) -> Result<Valid, ApiError> {
    let mut errors = FieldErrors::new();
    let username = errors.take("username", Username::parse(&req.username));
    let email = errors.take("email", Email::parse(&req.email));
    let password = errors.take("password", NewPassword::parse(&req.password));
    let display_name = errors.take(
        "display_name",
        DisplayName::parse(req.display_name.as_deref().unwrap_or_default()),
    );
    errors.finish()?;
    match (username, email, password, display_name) {
        (Some(username), Some(email), Some(password), Some(display_name)) => Ok(Valid {
            username,
            email,
            password,
            display_name,
        }),
        _ => Err(ApiError::internal("validation passed without values")),
    }
}

/// Creates an account. With the setup token (the first administrator) or an
/// invitation (which was emailed to the address), the account is created at once
/// and signed in. On an open site, the account waits for its address to confirm:
/// the answer is the same whether or not the address already has an account,
/// and that account's owner gets a notice instead of a link.
#[utoipa::path(post, path = "/api/auth/register", tag = "auth",
    request_body = RegisterRequest,
    responses(
        (status = 201, description = "Account created and signed in (setup token or invitation)", body = DataOf<Session>),
        (status = 202, description = "Open registration: a link to confirm the address and create the account is on its way, unless the address already has an account, whose owner is told instead", body = DataOf<ConfirmationSent>),
        (status = 403, description = "Registration closed, password sign-in switched off (LOCAL_LOGIN_DISABLED), invite or setup token invalid, or the site not set up yet"),
        (status = 409, description = "Username taken, or (setup, invitation) email taken"),
        (status = 422, description = "Invalid fields"),
        (status = 429, description = "Too many requests")))]
pub async fn register(
    _limit: AuthRateLimit,
    body_token: BodyToken,
    State(state): State<AppState>,
    ApiJson(req): ApiJson<RegisterRequest>,
) -> ApiResult<Response> {
    let valid = validate(&req)?;
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    // Serialises registrations so that "does the site have its admin?" has one answer.
    tx.execute("select pg_advisory_xact_lock(727273)", &[])
        .await?;
    let needs_setup = needs_setup(&tx).await?;
    // A site with no administrator can still be claimed with the setup token.
    if !needs_setup && !local_login_enabled(&tx).await? {
        return Err(crate::login::local_login_disabled());
    }

    let (role, verified) = match req.setup_token.as_deref().filter(|t| !t.is_empty()) {
        Some(given) => {
            if !needs_setup {
                return Err(ApiError::conflict(
                    "ALREADY_SET_UP",
                    "This site already has its first administrator",
                ));
            }
            let expected = state.config.setup_token.as_deref().unwrap_or_default();
            if expected.is_empty() || !tokens::same_secret(given, expected) {
                return Err(ApiError::new(
                    StatusCode::FORBIDDEN,
                    "INVALID_SETUP_TOKEN",
                    "The setup token is not valid",
                ));
            }
            (Role::SuperAdmin, false)
        }
        None if needs_setup => {
            // Otherwise a stranger registering first would leave the real setup
            // token nothing to claim.
            return Err(ApiError::new(
                StatusCode::FORBIDDEN,
                "SETUP_REQUIRED",
                "This site has no administrator yet: the first account must be registered with the setup token",
            ));
        }
        None => match admit(&tx, &valid.email, req.invite_token.as_deref()).await? {
            Admission::Open => return pending(&state, tx, valid).await,
            // The invitation was emailed to this address: that proves it.
            Admission::Invited => (Role::User, true),
        },
    };
    // Last, once every cheaper check has passed.
    let hash = password::hash_async(valid.password).await?;

    let row = tx
        .query_one(
            &format!(
                "insert into users (username, email, display_name, password_hash, role, email_verified_at)
                 values ($1, $2, $3, $4, $5, case when $6 then now() end) returning {USER_COLUMNS}"
            ),
            &[
                &valid.username.as_str(),
                &valid.email.as_str(),
                &valid.display_name.as_str(),
                &hash,
                &role.as_str(),
                &verified,
            ],
        )
        .await
        .map_err(taken)?;
    let user = UserView::from_row(&row)?;
    let mut jobs = Vec::new();
    if !verified
        && rate_limit::allow_mail(&state, valid.email.as_str(), None)
            .await?
            .is_allowed()
    {
        let verification = Confirming::Verification { user_id: user.id };
        jobs.push(email_confirmations::request(&tx, valid.email.as_str(), verification).await?);
    }
    let session = session::start(&tx, &state, user).await?;
    tx.commit().await?;
    jobs::dispatch(&state, &jobs).await;
    Ok(SessionResponse::new(session, StatusCode::CREATED, &state, body_token).into_response())
}

/// True while the site has no SUPER_ADMIN: registering then needs the setup token.
pub async fn needs_setup(client: &impl db::GenericClient) -> Result<bool, ApiError> {
    let row = client
        .query_one(
            "select not exists (select 1 from users where role = 'SUPER_ADMIN')",
            &[],
        )
        .await?;
    Ok(row.get(0))
}

fn username_taken() -> ApiError {
    ApiError::conflict("USERNAME_TAKEN", "This username is already taken")
        .with_details(serde_json::json!({"username": "This username is already taken"}))
}

/// A username or email already in use, from the unique index that refused it.
pub(crate) fn taken(e: tokio_postgres::Error) -> ApiError {
    match violated_constraint(&e) {
        Some("users_username_key") => username_taken(),
        Some("users_email_key") => {
            ApiError::conflict("EMAIL_TAKEN", "An account with this email already exists")
                .with_details(
                    serde_json::json!({"email": "An account with this email already exists"}),
                )
        }
        _ => ApiError::from(e),
    }
}

/// Open registration: writes the account to create once its address confirms,
/// and emails the link; or, when the address has an account, emails its owner a
/// notice. Both answer the same 202, and both within the per-address email
/// limits (past them, nothing is sent and the answer is still the same). The
/// username, which other members see, is checked at once; the password is
/// hashed only for a link that is sent.
async fn pending(state: &AppState, tx: Transaction<'_>, valid: Valid) -> ApiResult<Response> {
    let name_in_use: bool = tx
        .query_one(
            "select exists (select 1 from users where lower(username) = lower($1))",
            &[&valid.username.as_str()],
        )
        .await?
        .get(0);
    if name_in_use {
        return Err(username_taken());
    }
    let email = valid.email.as_str();
    let owner: Option<Uuid> = tx
        .query_opt(
            "select id from users where lower(email) = lower($1)",
            &[&email],
        )
        .await?
        .map(|row| row.get(0));
    let allowed = rate_limit::allow_mail(state, email, None)
        .await?
        .is_allowed();
    let job = match (owner, allowed) {
        (_, false) => None,
        (Some(user_id), true) => {
            let job = Job::email(EmailJob::AccountExists { user_id });
            jobs::enqueue(&tx, &job).await?;
            Some(job)
        }
        (None, true) => {
            // Last, once every cheaper check has passed.
            let hash = password::hash_async(valid.password).await?;
            let account = PendingAccount {
                username: valid.username.as_str(),
                display_name: valid.display_name.as_str(),
                password_hash: &hash,
            };
            Some(email_confirmations::request(&tx, email, Confirming::Registration(account)).await?)
        }
    };
    tx.commit().await?;
    jobs::dispatch(state, job.as_slice()).await;
    let sent = ConfirmationSent {
        email: email.to_string(),
    };
    Ok((StatusCode::ACCEPTED, Data(sent)).into_response())
}

/// How the registration mode lets someone in.
enum Admission {
    /// Anyone may register: through a confirmed address.
    Open,
    /// With an invitation for this address, now used.
    Invited,
}

/// Applies the registration mode; with invite-only, consumes a valid invite for this email.
async fn admit(
    tx: &Transaction<'_>,
    email: &Email,
    invite_token: Option<&str>,
) -> Result<Admission, ApiError> {
    match registration_mode(tx).await? {
        RegistrationMode::Open => Ok(Admission::Open),
        RegistrationMode::Closed => Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "REGISTRATION_CLOSED",
            "Registration is closed on this site",
        )),
        RegistrationMode::InviteOnly => {
            let token = invite_token.filter(|t| !t.is_empty()).ok_or_else(|| {
                ApiError::new(
                    StatusCode::FORBIDDEN,
                    "INVITE_REQUIRED",
                    "Registration needs an invitation",
                )
            })?;
            let used = tx
                .execute(
                    "update registration_invites set used_at = now()
                     where token_hash = $1 and used_at is null and expires_at > now()
                       and lower(email) = lower($2)",
                    &[&tokens::hash(token), &email.as_str()],
                )
                .await?;
            if used == 1 {
                Ok(Admission::Invited)
            } else {
                Err(ApiError::new(
                    StatusCode::FORBIDDEN,
                    "INVITE_INVALID",
                    "This invitation is invalid, used, expired or for another email address",
                ))
            }
        }
    }
}
