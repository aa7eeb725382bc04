//! `POST /api/auth/register`.

use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use shared::auth::account::{USER_COLUMNS, UserView};
use shared::auth::password::{self, NewPassword};
use shared::auth::{Role, tokens};
use shared::db::violated_constraint;
use shared::domain::{DisplayName, Email, Username};
use shared::error::FieldErrors;
use shared::http::{ApiJson, DataOf};
use shared::rate_limit::AuthRateLimit;
use shared::{ApiError, ApiResult, AppState, db};

use crate::session::{self, BodyToken, Session, SessionResponse};
use shared::settings::{RegistrationMode, registration_mode};

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

/// Creates an account and signs it in.
#[utoipa::path(post, path = "/api/auth/register", tag = "auth",
    request_body = RegisterRequest,
    responses(
        (status = 201, description = "Account created and signed in", body = DataOf<Session>),
        (status = 403, description = "Registration closed, invite or setup token invalid, or the site not set up yet"),
        (status = 409, description = "Username or email taken"),
        (status = 422, description = "Invalid fields"),
        (status = 429, description = "Too many requests")))]
pub async fn register(
    _limit: AuthRateLimit,
    body_token: BodyToken,
    State(state): State<AppState>,
    ApiJson(req): ApiJson<RegisterRequest>,
) -> ApiResult<SessionResponse> {
    let valid = validate(&req)?;
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    // Serialises registrations so that "does the site have its admin?" has one answer.
    tx.execute("select pg_advisory_xact_lock(727273)", &[])
        .await?;
    let needs_setup = needs_setup(&tx).await?;

    let role = match req.setup_token.as_deref().filter(|t| !t.is_empty()) {
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
            Role::SuperAdmin
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
        None => {
            admit(&tx, &valid.email, req.invite_token.as_deref()).await?;
            Role::User
        }
    };
    // Last, once every cheaper check has passed.
    let hash = password::hash_async(valid.password).await?;

    let row = tx
        .query_one(
            &format!(
                "insert into users (username, email, display_name, password_hash, role)
                 values ($1, $2, $3, $4, $5) returning {USER_COLUMNS}"
            ),
            &[
                &valid.username.as_str(),
                &valid.email.as_str(),
                &valid.display_name.as_str(),
                &hash,
                &role.as_str(),
            ],
        )
        .await
        .map_err(|e| match violated_constraint(&e) {
            Some("users_username_key") => {
                ApiError::conflict("USERNAME_TAKEN", "This username is already taken")
                    .with_details(serde_json::json!({"username": "This username is already taken"}))
            }
            Some("users_email_key") => {
                ApiError::conflict("EMAIL_TAKEN", "An account with this email already exists")
                    .with_details(
                        serde_json::json!({"email": "An account with this email already exists"}),
                    )
            }
            _ => ApiError::from(e),
        })?;
    let user = UserView::from_row(&row)?;
    let session = session::start(&tx, &state, user).await?;
    tx.commit().await?;
    Ok(SessionResponse::new(
        session,
        StatusCode::CREATED,
        &state,
        body_token,
    ))
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

/// Applies the registration mode; with invite-only, consumes a valid invite for this email.
async fn admit(
    tx: &shared::db::Transaction<'_>,
    email: &Email,
    invite_token: Option<&str>,
) -> Result<(), ApiError> {
    match registration_mode(tx).await? {
        RegistrationMode::Open => Ok(()),
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
                Ok(())
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
