//! Families: create, list, read, rename, delete.

use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use shared::auth::AuthUser;
use shared::domain::Name;
use shared::http::{ApiJson, ApiPath, Created, Data, DataOf};
use shared::paging::{self, PageOf, Paged, Paging};
use shared::{ApiError, ApiResult, AppState, db, storage};
use trajectory::access::{self, FamilyRole};
use uuid::Uuid;

/// A family as its member sees it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Family {
    id: Uuid,
    name: String,
    /// The caller's role.
    role: FamilyRole,
    member_count: i64,
    child_count: i64,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

const COLUMNS: &str = "f.id, f.name, m.role, f.created_at, f.updated_at,
        (select count(*) from family_members x where x.family_id = f.id) as member_count,
        (select count(*) from children c where c.family_id = f.id) as child_count";
/// The caller's (`$1`) families, with the caller's role.
const MINE: &str = "from families f join family_members m on m.family_id = f.id and m.user_id = $1";

fn from_row(row: &tokio_postgres::Row) -> Result<Family, ApiError> {
    Ok(Family {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        role: FamilyRole::parse(row.try_get("role")?)?,
        member_count: row.try_get("member_count")?,
        child_count: row.try_get("child_count")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

/// A family name: one line of 1 to 100 characters.
pub fn parse_name(raw: &str) -> Result<Name, ApiError> {
    Name::parse(raw).map_err(|message| ApiError::invalid_field("name", message))
}

async fn load(
    client: &impl db::GenericClient,
    user: &AuthUser,
    id: Uuid,
) -> Result<Family, ApiError> {
    let row = client
        .query_opt(
            &format!("select {COLUMNS} {MINE} where f.id = $2"),
            &[&user.id, &id],
        )
        .await?
        .ok_or_else(|| ApiError::not_found("Family"))?;
    from_row(&row)
}

/// The caller's families.
#[utoipa::path(get, path = "/api/families", tag = "families", security(("bearer" = [])),
    params(Paging),
    responses((status = 200, description = "The caller's families", body = PageOf<Family>)))]
pub async fn list(
    user: AuthUser,
    State(state): State<AppState>,
    Paging(page): Paging,
) -> ApiResult<Paged<Family>> {
    let client = db::client(&state.db).await?;
    let rows = paging::fetch(&client, COLUMNS, MINE, "f.name, f.id", &[&user.id], page).await?;
    Paged::from_rows(rows, page, from_row)
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FamilyInput {
    name: String,
}

/// Creates a family with the caller as its owner.
#[utoipa::path(post, path = "/api/families", tag = "families", security(("bearer" = [])),
    request_body = FamilyInput,
    responses((status = 201, description = "Created", body = DataOf<Family>),
              (status = 422, description = "Invalid name")))]
pub async fn create(
    user: AuthUser,
    State(state): State<AppState>,
    ApiJson(input): ApiJson<FamilyInput>,
) -> ApiResult<Created<Family>> {
    let name = parse_name(&input.name)?;
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    let id: Uuid = tx
        .query_one(
            "insert into families (name, created_by) values ($1, $2) returning id",
            &[&name, &user.id],
        )
        .await?
        .get(0);
    tx.execute(
        "insert into family_members (family_id, user_id, role) values ($1, $2, 'owner')",
        &[&id, &user.id],
    )
    .await?;
    let family = load(&tx, &user, id).await?;
    tx.commit().await?;
    Ok(Created(family))
}

/// One family.
#[utoipa::path(get, path = "/api/families/{id}", tag = "families", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Family id")),
    responses((status = 200, description = "The family", body = DataOf<Family>),
              (status = 404, description = "No such family, or not a member")))]
pub async fn get(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Data<Family>> {
    let client = db::client(&state.db).await?;
    Ok(Data(load(&client, &user, id).await?))
}

/// Renames a family (owner).
#[utoipa::path(patch, path = "/api/families/{id}", tag = "families", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Family id")),
    request_body = FamilyInput,
    responses((status = 200, description = "Renamed", body = DataOf<Family>),
              (status = 403, description = "Not an owner"),
              (status = 404, description = "No such family, or not a member")))]
pub async fn rename(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<FamilyInput>,
) -> ApiResult<Data<Family>> {
    let client = db::client(&state.db).await?;
    access::family(&client, &user, id).await?.require_owner()?;
    let name = parse_name(&input.name)?;
    client
        .execute("update families set name = $2 where id = $1", &[&id, &name])
        .await?;
    Ok(Data(load(&client, &user, id).await?))
}

/// Deletes a family (owner) once it has no children.
#[utoipa::path(delete, path = "/api/families/{id}", tag = "families", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Family id")),
    responses((status = 204, description = "Deleted"),
              (status = 403, description = "Not an owner"),
              (status = 409, description = "The family still has children")))]
pub async fn delete(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<StatusCode> {
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    access::family(&tx, &user, id).await?.require_owner()?;
    // Locks the family so no child is added while it is deleted.
    tx.execute("select 1 from families where id = $1 for update", &[&id])
        .await?;
    let children: i64 = tx
        .query_one("select count(*) from children where family_id = $1", &[&id])
        .await?
        .get(0);
    if children > 0 {
        return Err(ApiError::conflict(
            "FAMILY_NOT_EMPTY",
            "Move or delete this family's children before deleting it",
        ));
    }
    // Export archives hold the family's health data: they go with it.
    let archives: Vec<String> = tx
        .query(
            "select object_key from exports where family_id = $1 and object_key is not null",
            &[&id],
        )
        .await?
        .iter()
        .map(|r| r.get(0))
        .collect();
    storage::delete_later(&tx, &archives).await?;
    tx.execute("delete from families where id = $1", &[&id])
        .await?;
    tx.commit().await?;
    storage::drain_deletions(&state, Some(&archives)).await?;
    Ok(StatusCode::NO_CONTENT)
}
