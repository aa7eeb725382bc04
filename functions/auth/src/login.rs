//! `POST /api/auth/login`.
//!
//! Unknown accounts and wrong passwords answer the same 401 after the same work.
//! Ten consecutive wrong passwords lock the account for 15 minutes.

use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use shared::auth::account::{USER_COLUMNS, UserView};
use shared::auth::password::{self, Verified};
use shared::domain::Line;
use shared::http::{ApiJson, DataOf};
use shared::rate_limit::AuthRateLimit;
use shared::{ApiError, ApiResult, AppState, db};
use uuid::Uuid;

use crate::session::{self, Session, SessionResponse};

/// Consecutive failures that lock an account.
pub const MAX_FAILED_LOGINS: i32 = 10;
/// How long a locked account stays locked.
pub const LOCK_MINUTES: i32 = 15;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct LoginRequest {
    /// Username or email.
    login: String,
    password: String,
}

fn invalid_credentials() -> ApiError {
    ApiError::unauthorized("INVALID_CREDENTIALS", "Invalid username or password")
}

/// Checks a password off the async runtime (argon2 is deliberately slow).
pub async fn verify_password(
    password: String,
    stored: Option<String>,
) -> Result<Verified, ApiError> {
    tokio::task::spawn_blocking(move || match stored {
        Some(stored) => password::verify(&password, &stored),
        None => {
            password::verify_dummy(&password);
            Verified::No
        }
    })
    .await
    .map_err(ApiError::internal)
}

/// Signs in with a username or email and a password.
#[utoipa::path(post, path = "/api/auth/login", tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in", body = DataOf<Session>),
        (status = 401, description = "Invalid username or password"),
        (status = 423, description = "Account locked after repeated failures"),
        (status = 429, description = "Too many requests")))]
pub async fn login(
    _limit: AuthRateLimit,
    State(state): State<AppState>,
    ApiJson(req): ApiJson<LoginRequest>,
) -> ApiResult<SessionResponse> {
    // A name no account can have gets the same answer as an unknown one.
    let login = match Line::<254>::parse(&req.login) {
        Ok(login) if !req.password.is_empty() && req.password.len() <= 1024 => login,
        _ => {
            password::verify_dummy(&req.password);
            return Err(invalid_credentials());
        }
    };
    let mut client = db::client(&state.db).await?;
    let row = client
        .query_opt(
            "select id, password_hash, coalesce(locked_until > now(), false) as locked,
                    ceil(extract(epoch from (locked_until - now())))::bigint as locked_for
             from users where lower(username) = lower($1) or lower(email) = lower($1)
             limit 1",
            &[&login],
        )
        .await?;
    let Some(row) = row else {
        verify_password(req.password, None).await?;
        return Err(invalid_credentials());
    };
    let id: Uuid = row.get("id");
    if row.get::<_, bool>("locked") {
        verify_password(req.password, None).await?;
        let seconds = row.get::<_, Option<i64>>("locked_for").unwrap_or(60).max(1);
        return Err(ApiError::new(
            StatusCode::LOCKED,
            "ACCOUNT_LOCKED",
            "Too many failed sign-ins: this account is locked for a while",
        )
        .with_details(serde_json::json!({ "retry_after": seconds })));
    }
    let verified = verify_password(req.password.clone(), Some(row.get("password_hash"))).await?;
    if verified == Verified::No {
        client
            .execute(
                "update users set
                    failed_logins = case when failed_logins + 1 >= $2 then 0 else failed_logins + 1 end,
                    locked_until = case when failed_logins + 1 >= $2
                                        then now() + make_interval(mins => $3) else locked_until end
                 where id = $1",
                &[&id, &MAX_FAILED_LOGINS, &LOCK_MINUTES],
            )
            .await?;
        return Err(invalid_credentials());
    }

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
        let fresh = tokio::task::spawn_blocking(move || password::rehash(&req.password))
            .await
            .map_err(ApiError::internal)?
            .map_err(ApiError::internal)?;
        tx.execute(
            "update users set password_hash = $2 where id = $1",
            &[&id, &fresh],
        )
        .await?;
    }
    tx.execute(
        "update users set failed_logins = 0, locked_until = null where id = $1 and (failed_logins > 0 or locked_until is not null)",
        &[&id],
    )
    .await?;
    let session = session::start(&tx, &state, user).await?;
    tx.commit().await?;
    Ok(SessionResponse {
        session,
        status: StatusCode::OK,
        cookie_secure: state.config.cookie_secure,
    })
}
