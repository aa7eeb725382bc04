//! Children: list, create, read, update, delete.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use shared::audit::{self, Subject};
use shared::auth::AuthUser;
use shared::db::{GenericClient, Transaction};
use shared::domain::{Date, Sex};
use shared::http::{ApiJson, ApiPath, ApiQuery, Created, Data, DataOf};
use shared::paging::{self, PageOf, Paged, Paging};
use shared::records::{self, Patch};
use shared::{ApiError, ApiResult, AppState, db, storage};
use tokio_postgres::types::ToSql;
use trajectory::access::{self, FamilyRole};
use uuid::Uuid;

use crate::fields::{ChildFields, ChildPatch, check};

/// A child as the API shows it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Child {
    pub id: Uuid,
    pub family_id: Uuid,
    #[serde(flatten)]
    pub fields: ChildFields,
    pub has_avatar: bool,
    /// The caller's role in the child's family.
    pub role: FamilyRole,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

const COLUMNS: &str = "c.id, c.family_id, c.name, c.date_of_birth, c.sex, c.due_date,
        c.birth_weight_kg::float8 as birth_weight_kg, c.birth_length_cm::float8 as birth_length_cm,
        c.notes, c.avatar_key is not null as has_avatar, m.role, c.created_at, c.updated_at";
/// The children the caller (`$1`) can see, with the caller's role.
const VISIBLE: &str =
    "from children c join family_members m on m.family_id = c.family_id and m.user_id = $1";

fn from_row(row: &tokio_postgres::Row) -> Result<Child, ApiError> {
    Ok(Child {
        id: row.try_get("id")?,
        family_id: row.try_get("family_id")?,
        fields: ChildFields {
            name: row.try_get("name")?,
            date_of_birth: row.try_get("date_of_birth")?,
            sex: Sex::from_db(row.try_get("sex")?)?,
            due_date: row.try_get("due_date")?,
            birth_weight_kg: row.try_get("birth_weight_kg")?,
            birth_length_cm: row.try_get("birth_length_cm")?,
            notes: row.try_get("notes")?,
        },
        has_avatar: row.try_get("has_avatar")?,
        role: FamilyRole::parse(row.try_get("role")?)?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

/// A child the caller can see; 404 otherwise.
pub async fn load(
    client: &impl GenericClient,
    user: &AuthUser,
    id: Uuid,
) -> Result<Child, ApiError> {
    let statement = format!("select {COLUMNS} {VISIBLE} where c.id = $2");
    let row = client
        .query_opt(&statement, &[&user.id, &id])
        .await?
        .ok_or_else(|| ApiError::not_found("Child"))?;
    from_row(&row)
}

/// The audit event of a change to a child's fields.
async fn audit(
    tx: &Transaction<'_>,
    user: &AuthUser,
    id: Uuid,
    before: Option<&ChildFields>,
    after: Option<&ChildFields>,
) -> ApiResult<()> {
    let subject = Subject {
        actor_id: user.id,
        entity_type: "child",
        entity_id: id,
        scope_id: Some(id),
    };
    audit::change(tx, subject, before, after).await
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FamilyFilter {
    /// Only this family's children.
    family_id: Option<Uuid>,
}

/// Every child the caller can see, optionally in one family.
#[utoipa::path(get, path = "/api/children", tag = "children", security(("bearer" = [])),
    params(FamilyFilter, Paging),
    responses((status = 200, description = "Children", body = PageOf<Child>),
              (status = 404, description = "family_id names a family the caller is not in")))]
pub async fn list(
    user: AuthUser,
    State(state): State<AppState>,
    ApiQuery(filter): ApiQuery<FamilyFilter>,
    Paging(page): Paging,
) -> ApiResult<Paged<Child>> {
    let client = db::client(&state.db).await?;
    let rows = paging::fetch(
        &client,
        COLUMNS,
        &format!("{VISIBLE} where ($2::uuid is null or c.family_id = $2)"),
        "c.date_of_birth, c.name",
        &[&user.id, &filter.family_id],
        page,
    )
    .await?;
    // The page shows only the caller's families; an empty one may mean a family
    // that is not theirs, which answers 404.
    if let (true, Some(family_id)) = (rows.0.is_empty(), filter.family_id) {
        access::family(&client, &user, family_id).await?;
    }
    Paged::from_rows(rows, page, from_row)
}

/// The body of a creation: the family and the child's fields.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewChild {
    family_id: Uuid,
    name: String,
    date_of_birth: Date,
    sex: Sex,
    due_date: Option<Date>,
    birth_weight_kg: Option<f64>,
    birth_length_cm: Option<f64>,
    #[serde(default)]
    notes: String,
}

/// Adds a child to a family (owner or parent).
#[utoipa::path(post, path = "/api/children", tag = "children", security(("bearer" = [])),
    request_body = NewChild,
    responses((status = 201, description = "Created", body = DataOf<Child>),
              (status = 403, description = "Read-only member"),
              (status = 404, description = "No such family, or not a member"),
              (status = 422, description = "Invalid fields")))]
pub async fn create(
    user: AuthUser,
    State(state): State<AppState>,
    ApiJson(input): ApiJson<NewChild>,
) -> ApiResult<Created<Child>> {
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    access::family(&tx, &user, input.family_id)
        .await?
        .require_write()?;
    let f = check(ChildFields {
        name: input.name,
        date_of_birth: input.date_of_birth,
        sex: input.sex,
        due_date: input.due_date,
        birth_weight_kg: input.birth_weight_kg,
        birth_length_cm: input.birth_length_cm,
        notes: input.notes,
    })?;
    let id: Uuid = tx
        .query_one(
            "insert into children (family_id, name, date_of_birth, sex, due_date, birth_weight_kg, birth_length_cm, notes)
             values ($1, $2, $3, $4, $5, $6::float8, $7::float8, $8) returning id",
            &[&[&input.family_id as &(dyn ToSql + Sync)], &f.params()[..]].concat(),
        )
        .await?
        .try_get(0)?;
    let child = load(&tx, &user, id).await?;
    audit(&tx, &user, id, None, Some(&child.fields)).await?;
    tx.commit().await?;
    Ok(Created(child))
}

/// One child.
#[utoipa::path(get, path = "/api/children/{id}", tag = "children", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Child id")),
    responses((status = 200, description = "The child", body = DataOf<Child>),
              (status = 404, description = "No such child, or not in the caller's families")))]
pub async fn get(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Data<Child>> {
    let client = db::client(&state.db).await?;
    Ok(Data(load(&client, &user, id).await?))
}

/// Changes a child (owner or parent).
#[utoipa::path(patch, path = "/api/children/{id}", tag = "children", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Child id")),
    request_body = ChildPatch,
    responses((status = 200, description = "Updated", body = DataOf<Child>),
              (status = 403, description = "Read-only member"),
              (status = 409, description = "Changed by someone else (STALE)"),
              (status = 422, description = "Invalid fields")))]
pub async fn update(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
    headers: HeaderMap,
    ApiJson(patch): ApiJson<ChildPatch>,
) -> ApiResult<Data<Child>> {
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    access::child(&tx, &user, id).await?.require_write()?;
    records::lock(&tx, "children", id, "Child").await?;
    let before = load(&tx, &user, id).await?;
    records::check_fresh(patch.seen(), &headers, before.updated_at)?;
    let f = check(patch.apply(before.fields.clone()))?;
    tx.execute(
        "update children set name = $2, date_of_birth = $3, sex = $4, due_date = $5,
             birth_weight_kg = $6::float8, birth_length_cm = $7::float8, notes = $8
         where id = $1",
        &[&[&id as &(dyn ToSql + Sync)], &f.params()[..]].concat(),
    )
    .await?;
    let after = load(&tx, &user, id).await?;
    audit(&tx, &user, id, Some(&before.fields), Some(&after.fields)).await?;
    tx.commit().await?;
    Ok(Data(after))
}

/// Deletes a child with every record and file (owner or parent).
#[utoipa::path(delete, path = "/api/children/{id}", tag = "children", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Child id")),
    responses((status = 204, description = "Deleted with its records and files"),
              (status = 403, description = "Read-only member"),
              (status = 404, description = "No such child, or not in the caller's families")))]
pub async fn delete(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<StatusCode> {
    let keys = {
        let mut client = db::client(&state.db).await?;
        let tx = client.transaction().await?;
        access::child(&tx, &user, id).await?.require_write()?;
        let before = load(&tx, &user, id).await?;
        let mut keys = retire_exports(&tx, before.family_id, "deleted").await?;
        let rows = tx
            .query(
                "select object_key from attachments where child_id = $1
                 union all select avatar_key from children where id = $1 and avatar_key is not null
                 union all select object_key from upload_slots where child_id = $1",
                &[&id],
            )
            .await?;
        for row in &rows {
            keys.push(row.try_get(0)?);
        }
        storage::delete_later(&tx, &keys).await?;
        tx.execute("delete from children where id = $1", &[&id])
            .await?;
        audit(&tx, &user, id, Some(&before.fields), None).await?;
        tx.commit().await?;
        keys
    };
    storage::drain_deletions(&state, Some(&keys)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Ends the export archives of `family_id`, which may hold a child's records that
/// were just `what` ("deleted", "moved to another family"): a ready one expires
/// now, and one being built (from a snapshot that may include the child) fails,
/// its worker deleting what it stored. Answers the stored archives' keys, for the
/// caller to delete with the transaction.
async fn retire_exports(
    tx: &Transaction<'_>,
    family_id: Uuid,
    what: &str,
) -> Result<Vec<String>, ApiError> {
    let error = format!(
        "A child was {what} while this archive was being built, so it was not kept. \
         Start a new export."
    );
    let rows = tx
        .query(
            "update exports set
                 status = case status when 'ready' then 'expired' else 'failed' end,
                 expires_at = case status when 'ready' then now() end,
                 error = case status when 'ready' then null else $2 end,
                 completed_at = coalesce(completed_at, now())
             where family_id = $1 and status in ('ready', 'running')
             returning object_key",
            &[&family_id, &error],
        )
        .await?;
    Ok(rows
        .iter()
        .filter_map(|r| r.get::<_, Option<String>>(0))
        .collect())
}

/// Where a child moves.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MoveChild {
    /// A family the caller owns.
    family_id: Uuid,
}

/// Moves a child, with every record, file and its history, to another family;
/// the caller must own both. The family it leaves keeps an audit entry of the
/// move, and its export archives (which may hold the child's records) end.
#[utoipa::path(post, path = "/api/children/{id}/move", tag = "children", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Child id")),
    request_body = MoveChild,
    responses((status = 200, description = "The child in its new family", body = DataOf<Child>),
              (status = 403, description = "Not an owner of the child's family"),
              (status = 404, description = "No such child, or not in the caller's families"),
              (status = 422, description = "family_id is not another family the caller owns")))]
pub async fn move_to(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<MoveChild>,
) -> ApiResult<Data<Child>> {
    let to = input.family_id;
    let (child, keys) = {
        let mut client = db::client(&state.db).await?;
        let tx = client.transaction().await?;
        let from = access::child(&tx, &user, id).await?.family;
        from.require_owner()?;
        if to == from.family_id {
            return Err(ApiError::invalid_field(
                "family_id",
                "The child is already in this family",
            ));
        }
        // Not a member and not an owner answer alike: whether a family exists
        // stays private.
        let owns_target = access::family(&tx, &user, to)
            .await
            .is_ok_and(|target| target.role == FamilyRole::Owner);
        if !owns_target {
            return Err(ApiError::invalid_field(
                "family_id",
                "Choose another family you own",
            ));
        }
        // Both families in one order, so two moves at once cannot deadlock; neither
        // can be deleted meanwhile.
        tx.execute(
            "select 1 from families where id = any($1) order by id for update",
            &[&vec![from.family_id, to]],
        )
        .await?;
        records::lock(&tx, "children", id, "Child").await?;
        let keys = retire_exports(&tx, from.family_id, "moved to another family").await?;
        storage::delete_later(&tx, &keys).await?;
        tx.execute(
            "update children set family_id = $2 where id = $1",
            &[&id, &to],
        )
        .await?;
        // One entry in the child's own history, which moves with it, and one in
        // the family it left.
        let changes = audit::diff(
            &serde_json::json!({"family_id": from.family_id}),
            &serde_json::json!({"family_id": to}),
            &[],
        );
        for scope in [id, from.family_id] {
            audit::record(
                &tx,
                audit::Event {
                    actor_id: user.id,
                    action: audit::Action::Update,
                    entity_type: "child",
                    entity_id: id,
                    scope_id: Some(scope),
                    changes: changes.clone(),
                },
            )
            .await?;
        }
        let child = load(&tx, &user, id).await?;
        tx.commit().await?;
        (child, keys)
    };
    storage::drain_deletions(&state, Some(&keys)).await?;
    Ok(Data(child))
}
