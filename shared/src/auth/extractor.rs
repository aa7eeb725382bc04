//! `AuthUser`: a verified access token whose user still exists and is enabled.

use axum::extract::{FromRequestParts, OptionalFromRequestParts};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use uuid::Uuid;

use super::Role;
use super::jwt::TokenError;
use crate::db;
use crate::error::ApiError;
use crate::state::AppState;

/// The authenticated caller. The role comes from the database, so a role change or
/// a disabled account takes effect on the very next request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuthUser {
    pub id: Uuid,
    pub role: Role,
}

impl AuthUser {
    /// Passes when the caller has `role` or is SUPER_ADMIN; 403 otherwise.
    pub fn require(&self, role: Role) -> Result<(), ApiError> {
        if self.role.satisfies(role) {
            Ok(())
        } else {
            Err(ApiError::forbidden())
        }
    }

    /// Verifies a bearer token and loads the user's current role.
    pub async fn from_token(state: &AppState, token: &str) -> Result<Self, ApiError> {
        let claims = state.jwt.verify(token).map_err(|e| match e {
            TokenError::Expired => {
                ApiError::unauthorized("TOKEN_EXPIRED", "The access token has expired")
            }
            _ => ApiError::unauthorized("INVALID_TOKEN", "The access token is invalid"),
        })?;
        let client = db::client(&state.db).await?;
        let row = client
            .query_opt(
                "select role, disabled from users where id = $1",
                &[&claims.sub],
            )
            .await?
            .ok_or_else(|| {
                ApiError::unauthorized("INVALID_TOKEN", "The access token is invalid")
            })?;
        if row.get::<_, bool>("disabled") {
            return Err(ApiError::unauthorized(
                "ACCOUNT_DISABLED",
                "This account is disabled",
            ));
        }
        let role: String = row.get("role");
        let role = role.parse().map_err(ApiError::internal)?;
        Ok(Self {
            id: claims.sub,
            role,
        })
    }
}

/// The bearer token of a request, if it carries one.
fn bearer(parts: &Parts) -> Option<&str> {
    parts
        .headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(str::trim)
        .filter(|t| !t.is_empty())
}

impl FromRequestParts<AppState> for AuthUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token = bearer(parts).ok_or_else(|| {
            ApiError::unauthorized("UNAUTHENTICATED", "Authentication is required")
        })?;
        Self::from_token(state, token).await
    }
}

/// `Option<AuthUser>` on public routes that do more for a signed-in caller: no
/// token is `None`; a token that is invalid or expired still answers 401, so a
/// client learns to refresh it rather than silently acting anonymously.
impl OptionalFromRequestParts<AppState> for AuthUser {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Option<Self>, ApiError> {
        match bearer(parts) {
            Some(token) => Self::from_token(state, token).await.map(Some),
            None => Ok(None),
        }
    }
}
