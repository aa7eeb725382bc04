//! `POST /api/auth/login`.
//!
//! Unknown accounts and wrong passwords answer the same 401 after the same work.
//! Repeated failures slow down the client that makes them (see `throttle`); no
//! account is ever locked.

use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use shared::auth::account::{USER_COLUMNS, UserView};
use shared::auth::password::{self, Verified};
use shared::domain::Line;
use shared::http::{ApiJson, ClientIp, DataOf};
use shared::rate_limit::AuthRateLimit;
use shared::settings::local_login_enabled;
use shared::{ApiError, ApiResult, AppState, db};
use uuid::Uuid;

use crate::session::{self, BodyToken, Session, SessionResponse};
use crate::throttle::Throttle;

/// Checks a password off the async runtime (argon2 is deliberately slow).
pub use shared::auth::password::verify_async as verify_password;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct LoginRequest {
    /// Username or email.
    login: String,
    password: String,
}

/// Password sign-in and self-registration while the site allows only its
/// identity providers.
pub(crate) fn local_login_disabled() -> ApiError {
    ApiError::new(
        StatusCode::FORBIDDEN,
        "LOCAL_LOGIN_DISABLED",
        "Signing in with a password is switched off on this site: use one of its identity providers",
    )
}

fn invalid_credentials() -> ApiError {
    ApiError::unauthorized("INVALID_CREDENTIALS", "Invalid username or password")
}

/// Signs in with a username or email and a password.
#[utoipa::path(post, path = "/api/auth/login", tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in", body = DataOf<Session>),
        (status = 401, description = "Invalid username or password"),
        (status = 403, description = "Password sign-in is switched off (LOCAL_LOGIN_DISABLED)"),
        (status = 429, description = "Too many requests, or too many failed sign-ins at this name from this client: see Retry-After")))]
pub async fn login(
    _limit: AuthRateLimit,
    ip: ClientIp,
    body_token: BodyToken,
    State(state): State<AppState>,
    ApiJson(req): ApiJson<LoginRequest>,
) -> ApiResult<SessionResponse> {
    // Its connection goes back to the pool at once: none is held while hashing.
    if !local_login_enabled(&db::client(&state.db).await?).await? {
        return Err(local_login_disabled());
    }
    // A name no account can have gets the same answer as an unknown one.
    let login = match Line::<254>::parse(&req.login) {
        Ok(login) if !req.password.is_empty() && req.password.len() <= 1024 => login,
        _ => {
            verify_password(req.password, None).await?;
            return Err(invalid_credentials());
        }
    };
    let mut client = db::client(&state.db).await?;
    let throttle = Throttle::new(login.as_str(), &ip);
    throttle.check(&client).await?;
    let row = client
        .query_opt(
            "select id, password_hash from users
             where lower(username) = lower($1) or lower(email) = lower($1)
             limit 1",
            &[&login],
        )
        .await?;
    let stored = row.as_ref().map(|r| r.get::<_, String>("password_hash"));
    let verified = verify_password(req.password.clone(), stored).await?;
    let Some(row) = row.filter(|_| verified != Verified::No) else {
        throttle.failed(&client).await?;
        return Err(invalid_credentials());
    };
    let id: Uuid = row.get("id");

    let tx = client.transaction().await?;
    let user_row = tx
        .query_one(
            &format!("select {USER_COLUMNS} from users where id = $1 for update"),
            &[&id],
        )
        .await?;
    let user = UserView::from_row(&user_row)?;
    if user.disabled {
        return Err(ApiError::unauthorized(
            "ACCOUNT_DISABLED",
            "This account is disabled",
        ));
    }
    if verified == Verified::YesRehash {
        // A legacy (bcrypt) or weaker hash: store a current one now that the
        // password is known to be right.
        let fresh = password::rehash_async(req.password).await?;
        tx.execute(
            "update users set password_hash = $2 where id = $1",
            &[&id, &fresh],
        )
        .await?;
    }
    throttle.succeeded(&tx).await?;
    let session = session::start(&tx, &state, user).await?;
    tx.commit().await?;
    Ok(SessionResponse::new(
        session,
        StatusCode::OK,
        &state,
        body_token,
    ))
}
