//! Who may canvass, and whose sessions they see. Every signed-in account but a
//! `TEMP` one canvasses; MAP_ADMIN (and SUPER_ADMIN) govern canvassing and see
//! every session. A record the caller may not see is a 404, never a 403.

use axum::extract::FromRequestParts;
use axum::http::StatusCode;
use axum::http::request::Parts;
use shared::auth::{AuthUser, Role};
use shared::{ApiError, AppState};
use uuid::Uuid;

/// A signed-in account that may canvass (anything but `TEMP`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Canvasser {
    pub id: Uuid,
    /// MAP_ADMIN or SUPER_ADMIN: sees every session and the dashboard.
    pub admin: bool,
}

impl Canvasser {
    /// 403 `FORBIDDEN` for a `TEMP` account, which an organiser must upgrade first.
    pub fn of(user: AuthUser) -> Result<Self, ApiError> {
        if user.role == Role::Temp {
            return Err(ApiError::new(
                StatusCode::FORBIDDEN,
                "FORBIDDEN",
                "Canvassing needs a full account: ask an organiser to upgrade yours",
            ));
        }
        Ok(Self {
            id: user.id,
            admin: user.role.satisfies(Role::MapAdmin),
        })
    }

    /// The volunteer whose records a query is limited to: the caller, unless an
    /// admin (who sees everyone's).
    pub fn scope(self) -> Option<Uuid> {
        (!self.admin).then_some(self.id)
    }
}

impl FromRequestParts<AppState> for Canvasser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        Self::of(AuthUser::from_request_parts(parts, state).await?)
    }
}

/// A canvass admin (MAP_ADMIN or SUPER_ADMIN); 403 for anyone else.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CanvassAdmin(pub Uuid);

impl FromRequestParts<AppState> for CanvassAdmin {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let user = AuthUser::from_request_parts(parts, state).await?;
        user.require(Role::MapAdmin)?;
        Ok(Self(user.id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn as_role(role: Role) -> Result<Canvasser, ApiError> {
        Canvasser::of(AuthUser {
            id: Uuid::nil(),
            role,
        })
    }

    #[test]
    fn every_account_but_temp_canvasses_and_only_map_admins_see_everyone() {
        for role in Role::ALL {
            match as_role(role) {
                Ok(c) => {
                    assert_ne!(role, Role::Temp);
                    let admin = matches!(role, Role::MapAdmin | Role::SuperAdmin);
                    assert_eq!(c.admin, admin, "{role}");
                    assert_eq!(c.scope().is_none(), admin, "{role}");
                }
                Err(e) => {
                    assert_eq!(role, Role::Temp);
                    assert_eq!(e.status(), StatusCode::FORBIDDEN);
                    assert_eq!(e.code(), "FORBIDDEN");
                }
            }
        }
    }
}
