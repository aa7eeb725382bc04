//! Upgrading an account a public sign-up made (`TEMP`) to a volunteer's
//! (`USER`): map admins may, for volunteers who turned up. Any other role
//! change is the SUPER_ADMIN's, through `/api/admin/users`.

use axum::extract::State;
use serde::Serialize;
use shared::auth::AuthUser;
use shared::http::{ApiPath, Data, DataOf};
use shared::{ApiError, ApiResult, AppState, db};
use uuid::Uuid;

use super::shift::admin;

/// The upgraded account.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[schema(as = VolunteerUpgraded)]
pub struct Upgraded {
    pub user_id: Uuid,
    pub role: String,
}

/// Makes a `TEMP` account a `USER` (map admins).
#[utoipa::path(post, path = "/api/shifts/volunteers/{user_id}/upgrade", tag = "shifts", security(("bearer" = [])),
    params(("user_id" = Uuid, Path, description = "The account's id")),
    responses((status = 200, description = "Upgraded", body = DataOf<Upgraded>),
              (status = 403, description = "Not a map admin"),
              (status = 404, description = "No such account"),
              (status = 409, description = "The account is not TEMP (NOT_TEMP)")))]
pub async fn upgrade(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(user_id): ApiPath<Uuid>,
) -> ApiResult<Data<Upgraded>> {
    admin(&user)?;
    let client = db::client(&state.db).await?;
    let row = client
        .query_opt(
            "with before as (select id, role from users where id = $1)
             update users u set role = case when b.role = 'TEMP' then 'USER' else u.role end
             from before b where u.id = b.id
             returning b.role",
            &[&user_id],
        )
        .await?
        .ok_or_else(|| ApiError::not_found("Account"))?;
    let was: String = row.try_get(0)?;
    if was != "TEMP" {
        return Err(ApiError::conflict(
            "NOT_TEMP",
            "Only an account made by a public shift sign-up can be upgraded here",
        ));
    }
    Ok(Data(Upgraded {
        user_id,
        role: "USER".into(),
    }))
}
