//! `GET /api/admin/users`, `PATCH /api/admin/users/{id}`.

use axum::extract::State;
use serde::Deserialize;
use shared::auth::account::{USER_COLUMNS, UserView};
use shared::auth::{AuthUser, Role};
use shared::domain::Line;
use shared::http::{ApiJson, ApiPath, ApiQuery, Data, DataOf};
use shared::oidc::providers::{an_admin_signs_in_with_a_provider, lock_sign_in_methods};
use shared::paging::{self, PageOf, Paged, Paging};
use shared::settings::local_login_enabled;
use shared::{ApiError, ApiResult, AppState, db};
use uuid::Uuid;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UserQuery {
    /// Matches username, email or display name.
    q: Option<String>,
    role: Option<Role>,
}

/// Lists users, newest first, with search.
#[utoipa::path(get, path = "/api/admin/users", tag = "admin", security(("bearer" = [])),
    params(UserQuery, Paging),
    responses((status = 200, description = "A page of users", body = PageOf<UserView>),
              (status = 403, description = "Not SUPER_ADMIN")))]
pub async fn list(
    user: AuthUser,
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<UserQuery>,
    Paging(page): Paging,
) -> ApiResult<Paged<UserView>> {
    user.require(Role::SuperAdmin)?;
    let search = query
        .q
        .as_deref()
        .map(Line::<200, 0>::parse)
        .transpose()
        .map_err(|message| ApiError::invalid_field("q", message))?;
    let pattern = search
        .as_ref()
        .map(Line::as_str)
        .filter(|q| !q.is_empty())
        .map(|q| {
            format!(
                "%{}%",
                q.replace('\\', "\\\\")
                    .replace('%', "\\%")
                    .replace('_', "\\_")
            )
        });
    let role = query.role.map(Role::as_str);
    let client = db::client(&state.db).await?;
    let rows = paging::fetch(
        &client,
        USER_COLUMNS,
        "from users
         where ($1::text is null or username ilike $1 or email ilike $1 or display_name ilike $1)
           and ($2::text is null or role = $2)",
        "created_at desc, id",
        &[&pattern, &role],
        page,
    )
    .await?;
    Paged::from_rows(rows, page, UserView::from_row)
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateUser {
    role: Option<Role>,
    disabled: Option<bool>,
}

/// Changes a user's role or disables the account (which ends its sessions).
#[utoipa::path(patch, path = "/api/admin/users/{id}", tag = "admin", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "User id")),
    request_body = UpdateUser,
    responses((status = 200, description = "Updated", body = DataOf<UserView>),
              (status = 403, description = "Not SUPER_ADMIN"),
              (status = 404, description = "No such user"),
              (status = 409, description = "Would leave the site without an active SUPER_ADMIN, or (password sign-in off) without one who can sign in with a provider")))]
pub async fn update(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(req): ApiJson<UpdateUser>,
) -> ApiResult<Data<UserView>> {
    user.require(Role::SuperAdmin)?;
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    // Serialise admin changes so two admins cannot demote each other at once
    // (the lock that guards every change to who can sign in how).
    lock_sign_in_methods(&tx).await?;
    let row = tx
        .query_opt(
            &format!(
                "update users set role = coalesce($2, role), disabled = coalesce($3, disabled)
                 where id = $1 returning {USER_COLUMNS}"
            ),
            &[&id, &req.role.map(Role::as_str), &req.disabled],
        )
        .await?
        .ok_or_else(|| ApiError::not_found("User"))?;
    let remaining: i64 = tx
        .query_one(
            "select count(*) from users where role = 'SUPER_ADMIN' and not disabled",
            &[],
        )
        .await?
        .get(0);
    if remaining == 0 {
        return Err(ApiError::conflict(
            "LAST_SUPER_ADMIN",
            "The site must keep at least one active SUPER_ADMIN",
        ));
    }
    // While only providers sign people in, some administrator must keep one.
    if !local_login_enabled(&tx).await? && !an_admin_signs_in_with_a_provider(&tx, None).await? {
        return Err(ApiError::conflict(
            "WOULD_LOCK_OUT_ADMINS",
            "Password sign-in is off and no other administrator can sign in with an identity provider",
        ));
    }
    if req.disabled == Some(true) {
        tx.execute(
            "update refresh_tokens set revoked_at = now() where user_id = $1 and revoked_at is null",
            &[&id],
        )
        .await?;
    }
    tx.commit().await?;
    Ok(Data(UserView::from_row(&row)?))
}
