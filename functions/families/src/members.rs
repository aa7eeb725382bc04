//! Family members: list, change role, remove (or leave), transfer ownership. A
//! member who leaves, is removed or becomes read-only loses the pending
//! invitations they created.

use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use shared::auth::AuthUser;
use shared::http::{ApiJson, ApiPath, Data, DataOf};
use shared::{ApiError, ApiResult, AppState, db};
use trajectory::access::{self, FamilyRole};
use uuid::Uuid;

use crate::invites;

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Member {
    user_id: Uuid,
    username: String,
    display_name: String,
    email: String,
    role: FamilyRole,
    joined_at: DateTime<Utc>,
}

/// The members of a family (any member may see them).
#[utoipa::path(get, path = "/api/families/{id}/members", tag = "families", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Family id")),
    responses((status = 200, description = "Members", body = DataOf<Vec<Member>>),
              (status = 404, description = "No such family, or not a member")))]
pub async fn list(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Data<Vec<Member>>> {
    let client = db::client(&state.db).await?;
    access::family(&client, &user, id).await?;
    let rows = client
        .query(
            "select u.id, u.username, u.display_name, u.email, m.role, m.created_at
             from family_members m join users u on u.id = m.user_id
             where m.family_id = $1
             order by case m.role when 'owner' then 0 when 'parent' then 1 else 2 end, lower(u.username)",
            &[&id],
        )
        .await?;
    let members = rows
        .iter()
        .map(|r| {
            Ok(Member {
                user_id: r.get(0),
                username: r.get(1),
                display_name: r.get(2),
                email: r.get(3),
                role: FamilyRole::parse(r.get(4))?,
                joined_at: r.get(5),
            })
        })
        .collect::<Result<_, ApiError>>()?;
    Ok(Data(members))
}

/// Roles that can be given to a member directly (ownership moves by transfer).
#[derive(Debug, Clone, Copy, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AssignableRole {
    Parent,
    ReadOnly,
}

impl AssignableRole {
    pub fn role(self) -> FamilyRole {
        match self {
            AssignableRole::Parent => FamilyRole::Parent,
            AssignableRole::ReadOnly => FamilyRole::ReadOnly,
        }
    }
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RoleChange {
    role: AssignableRole,
}

async fn member_role(
    tx: &impl db::GenericClient,
    family_id: Uuid,
    user_id: Uuid,
) -> Result<FamilyRole, ApiError> {
    let row = tx
        .query_opt(
            "select role from family_members where family_id = $1 and user_id = $2 for update",
            &[&family_id, &user_id],
        )
        .await?
        .ok_or_else(|| ApiError::not_found("Member"))?;
    FamilyRole::parse(row.get(0))
}

/// Makes a member a parent or read-only (owner or parent).
#[utoipa::path(patch, path = "/api/families/{id}/members/{user_id}", tag = "families", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Family id"), ("user_id" = Uuid, Path, description = "Member's user id")),
    request_body = RoleChange,
    responses((status = 200, description = "Updated member list", body = DataOf<Vec<Member>>),
              (status = 403, description = "Read-only members cannot change roles"),
              (status = 409, description = "An owner's role changes only by transfer")))]
pub async fn change_role(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath((id, member_id)): ApiPath<(Uuid, Uuid)>,
    ApiJson(input): ApiJson<RoleChange>,
) -> ApiResult<Data<Vec<Member>>> {
    {
        let mut client = db::client(&state.db).await?;
        let tx = client.transaction().await?;
        access::family(&tx, &user, id).await?.require_write()?;
        if member_role(&tx, id, member_id).await? == FamilyRole::Owner {
            return Err(ApiError::conflict(
                "OWNER_ROLE_FIXED",
                "An owner's role can only change by transferring ownership",
            ));
        }
        let role = input.role.role();
        tx.execute(
            "update family_members set role = $3 where family_id = $1 and user_id = $2",
            &[&id, &member_id, &role.as_str()],
        )
        .await?;
        if role == FamilyRole::ReadOnly {
            // Who may no longer invite leaves no invitation behind.
            invites::withdraw_created_by(&tx, id, member_id).await?;
        }
        tx.commit().await?;
    }
    list(user, State(state), ApiPath(id)).await
}

/// Removes a member (owner or parent), or leaves the family (yourself).
#[utoipa::path(delete, path = "/api/families/{id}/members/{user_id}", tag = "families", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Family id"), ("user_id" = Uuid, Path, description = "Member's user id")),
    responses((status = 204, description = "Removed"),
              (status = 403, description = "Not allowed to remove this member"),
              (status = 409, description = "The only owner cannot leave")))]
pub async fn remove(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath((id, member_id)): ApiPath<(Uuid, Uuid)>,
) -> ApiResult<StatusCode> {
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    let caller = access::family(&tx, &user, id).await?;
    // Serialise membership changes of this family.
    tx.execute("select 1 from families where id = $1 for update", &[&id])
        .await?;
    let target = member_role(&tx, id, member_id).await?;
    if member_id != user.id {
        caller.require_write()?;
        if target == FamilyRole::Owner {
            return Err(ApiError::new(
                StatusCode::FORBIDDEN,
                "OWNER_CANNOT_BE_REMOVED",
                "An owner can leave, but cannot be removed by others",
            ));
        }
    } else if target == FamilyRole::Owner {
        let owners: i64 = tx
            .query_one(
                "select count(*) from family_members where family_id = $1 and role = 'owner'",
                &[&id],
            )
            .await?
            .get(0);
        if owners <= 1 {
            return Err(ApiError::conflict(
                "LAST_OWNER",
                "Transfer ownership to another member before leaving",
            ));
        }
    }
    tx.execute(
        "delete from family_members where family_id = $1 and user_id = $2",
        &[&id, &member_id],
    )
    .await?;
    // Nor a way back in through an invitation they made.
    invites::withdraw_created_by(&tx, id, member_id).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Transfer {
    user_id: Uuid,
}

/// Makes another member the owner; the caller becomes a parent.
#[utoipa::path(post, path = "/api/families/{id}/transfer", tag = "families", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Family id")),
    request_body = Transfer,
    responses((status = 200, description = "Updated member list", body = DataOf<Vec<Member>>),
              (status = 403, description = "Not an owner"),
              (status = 404, description = "No such member"),
              (status = 422, description = "Transfer to yourself")))]
pub async fn transfer(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<Transfer>,
) -> ApiResult<Data<Vec<Member>>> {
    {
        let mut client = db::client(&state.db).await?;
        let tx = client.transaction().await?;
        access::family(&tx, &user, id).await?.require_owner()?;
        if input.user_id == user.id {
            return Err(ApiError::invalid_field("user_id", "Choose another member"));
        }
        tx.execute("select 1 from families where id = $1 for update", &[&id])
            .await?;
        member_role(&tx, id, input.user_id).await?;
        tx.execute(
            "update family_members set role = 'owner' where family_id = $1 and user_id = $2",
            &[&id, &input.user_id],
        )
        .await?;
        tx.execute(
            "update family_members set role = 'parent' where family_id = $1 and user_id = $2",
            &[&id, &user.id],
        )
        .await?;
        tx.commit().await?;
    }
    list(user, State(state), ApiPath(id)).await
}
