//! The link confirmation step: a provider vouched for an address that belongs
//! to an existing account, so the identity is linked only once that account's
//! password is given (`POST /api/auth/oidc/link/describe`, `.../confirm`).
//!
//! Wrong passwords count against the account's name like failed sign-ins
//! (`throttle`). The password is asked for even while password sign-in is off:
//! it is the proof of ownership that lets such an account move to a provider.

use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use shared::auth::password::Verified;
use shared::auth::tokens;
use shared::http::{ApiJson, ClientIp, Data, DataOf};
use shared::oidc::providers::{COLUMNS, Provider};
use shared::rate_limit::AuthRateLimit;
use shared::{ApiError, ApiResult, AppState, db};
use uuid::Uuid;

use super::accounts;
use crate::login::verify_password;
use crate::session::{self, BodyToken, Session, SessionResponse};
use crate::throttle::Throttle;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct LinkTicket {
    /// From the fragment of `/sso/link#ticket=…`.
    ticket: String,
}

/// What the confirmation page shows.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct LinkRequestView {
    /// The provider's display name.
    provider: String,
    /// The account whose password links it.
    username: String,
    /// The address the provider vouched for.
    email: Option<String>,
    /// Where the browser goes once linked.
    return_to: String,
    expires_at: DateTime<Utc>,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct LinkConfirmation {
    ticket: String,
    /// The existing account's password.
    password: String,
}

fn invalid() -> ApiError {
    ApiError::bad_request(
        "LINK_REQUEST_INVALID",
        "This link request is invalid, already used or expired: sign in with the provider again",
    )
}

struct Request {
    id: Uuid,
    user_id: Uuid,
    subject: String,
    email: Option<String>,
    return_to: String,
    expires_at: DateTime<Utc>,
    username: String,
    password_hash: String,
}

async fn open_request(client: &impl db::GenericClient, ticket: &str) -> ApiResult<Request> {
    if ticket.is_empty() || ticket.len() > 256 {
        return Err(invalid());
    }
    let row = client
        .query_opt(
            "select r.id, r.user_id, r.subject, r.email, r.return_to, r.expires_at,
                    u.username, u.password_hash
             from oidc_link_requests r join users u on u.id = r.user_id
             where r.ticket_hash = $1 and r.used_at is null and r.expires_at > now()",
            &[&tokens::hash(ticket)],
        )
        .await?
        .ok_or_else(invalid)?;
    Ok(Request {
        id: row.get("id"),
        user_id: row.get("user_id"),
        subject: row.get("subject"),
        email: row.get("email"),
        return_to: row.get("return_to"),
        expires_at: row.get("expires_at"),
        username: row.get("username"),
        password_hash: row.get("password_hash"),
    })
}

/// What a link request is about.
#[utoipa::path(post, path = "/api/auth/oidc/link/describe", tag = "auth",
    request_body = LinkTicket,
    responses(
        (status = 200, description = "The pending link", body = DataOf<LinkRequestView>),
        (status = 400, description = "Unknown, used or expired ticket"),
        (status = 429, description = "Too many requests")))]
pub async fn describe_link(
    _limit: AuthRateLimit,
    State(state): State<AppState>,
    ApiJson(req): ApiJson<LinkTicket>,
) -> ApiResult<Data<LinkRequestView>> {
    let client = db::client(&state.db).await?;
    let request = open_request(&client, req.ticket.trim()).await?;
    let provider: String = client
        .query_one(
            "select p.display_name from oidc_link_requests r
             join oidc_providers p on p.id = r.provider_id where r.id = $1",
            &[&request.id],
        )
        .await?
        .get(0);
    Ok(Data(LinkRequestView {
        provider,
        username: request.username,
        email: request.email,
        return_to: request.return_to,
        expires_at: request.expires_at,
    }))
}

/// Links the provider identity to the existing account whose password is
/// given, and signs in.
#[utoipa::path(post, path = "/api/auth/oidc/link/confirm", tag = "auth",
    request_body = LinkConfirmation,
    responses(
        (status = 200, description = "Linked and signed in", body = DataOf<Session>),
        (status = 400, description = "Unknown, used or expired ticket"),
        (status = 401, description = "Wrong password, or the account is disabled"),
        (status = 409, description = "The identity or the account was linked meanwhile"),
        (status = 429, description = "Too many requests, or too many wrong passwords: see Retry-After")))]
pub async fn confirm_link(
    _limit: AuthRateLimit,
    ip: ClientIp,
    body_token: BodyToken,
    State(state): State<AppState>,
    ApiJson(req): ApiJson<LinkConfirmation>,
) -> ApiResult<SessionResponse> {
    let mut client = db::client(&state.db).await?;
    let request = open_request(&client, req.ticket.trim()).await?;
    let throttle = Throttle::new(&request.username, &ip);
    throttle.check(&client).await?;
    let password_ok = !req.password.is_empty()
        && req.password.len() <= 1024
        && verify_password(req.password, Some(request.password_hash.clone())).await?
            != Verified::No;
    if !password_ok {
        throttle.failed(&client).await?;
        return Err(ApiError::unauthorized(
            "INVALID_CREDENTIALS",
            "The password is not correct",
        ));
    }
    let tx = client.transaction().await?;
    let used = tx
        .execute(
            "update oidc_link_requests set used_at = now() where id = $1 and used_at is null",
            &[&request.id],
        )
        .await?;
    if used != 1 {
        return Err(invalid());
    }
    let user = session::active_user(&tx, request.user_id).await?;
    // A provider disabled since the request was made links nobody.
    let provider_row = tx
        .query_opt(
            &format!(
                "select {COLUMNS} from oidc_providers
                 where id = (select provider_id from oidc_link_requests where id = $1) and enabled"
            ),
            &[&request.id],
        )
        .await?
        .ok_or_else(invalid)?;
    let provider = Provider::from_row(&provider_row)?;
    let linked = accounts::link(
        &tx,
        &provider,
        user.id,
        &request.subject,
        request.email.as_deref(),
    )
    .await?;
    if let Err(code) = linked {
        return Err(ApiError::conflict(
            code,
            "This identity or this account was linked meanwhile",
        ));
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
