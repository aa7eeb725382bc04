//! Children: list, create, read, update, delete.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use shared::audit::{self, Action};
use shared::auth::AuthUser;
use shared::db::GenericClient;
use shared::error::FieldErrors;
use shared::http::{ApiJson, ApiPath, ApiQuery, Created, Data, Paged};
use shared::{ApiError, ApiResult, AppState, db, storage};
use trajectory::access::{self, FamilyRole};
use uuid::Uuid;

use crate::input::{check_birth_date, check_name, check_notes, check_range};
use shared::domain::Sex;

/// A child as the API shows it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Child {
    pub id: Uuid,
    pub family_id: Uuid,
    pub name: String,
    pub date_of_birth: NaiveDate,
    pub sex: Sex,
    pub due_date: Option<NaiveDate>,
    pub birth_weight_kg: Option<f64>,
    pub birth_length_cm: Option<f64>,
    pub notes: String,
    pub has_avatar: bool,
    /// The caller's role in the child's family.
    pub role: FamilyRole,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

const CHILD_SELECT: &str = "select c.id, c.family_id, c.name, c.date_of_birth, c.sex, c.due_date,
        c.birth_weight_kg::float8 as birth_weight_kg, c.birth_length_cm::float8 as birth_length_cm,
        c.notes, c.avatar_key is not null as has_avatar, m.role, c.created_at, c.updated_at
     from children c join family_members m on m.family_id = c.family_id and m.user_id = $1";

fn from_row(row: &tokio_postgres::Row) -> Result<Child, ApiError> {
    Ok(Child {
        id: row.try_get("id")?,
        family_id: row.try_get("family_id")?,
        name: row.try_get("name")?,
        date_of_birth: row.try_get("date_of_birth")?,
        sex: Sex::from_db(row.try_get("sex")?)?,
        due_date: row.try_get("due_date")?,
        birth_weight_kg: row.try_get("birth_weight_kg")?,
        birth_length_cm: row.try_get("birth_length_cm")?,
        notes: row.try_get("notes")?,
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
    let row = client
        .query_opt(&format!("{CHILD_SELECT} where c.id = $2"), &[&user.id, &id])
        .await?
        .ok_or_else(|| ApiError::not_found("Child"))?;
    from_row(&row)
}

/// The audited fields of a child.
fn audited(child: &Child) -> serde_json::Value {
    json!({
        "name": child.name,
        "date_of_birth": child.date_of_birth,
        "sex": child.sex,
        "due_date": child.due_date,
        "birth_weight_kg": child.birth_weight_kg,
        "birth_length_cm": child.birth_length_cm,
        "notes": child.notes,
    })
}

async fn record(
    tx: &shared::db::Transaction<'_>,
    user: &AuthUser,
    action: Action,
    before: Option<&Child>,
    after: Option<&Child>,
) -> Result<(), ApiError> {
    let child = after
        .or(before)
        .ok_or_else(|| ApiError::internal("audit without a child"))?;
    let (b, a) = (
        before.map(audited).unwrap_or_default(),
        after.map(audited).unwrap_or_default(),
    );
    audit::record(
        tx,
        audit::Event {
            actor_id: user.id,
            action,
            entity_type: "child",
            entity_id: child.id,
            scope_id: Some(child.id),
            changes: audit::diff(&b, &a, &[]),
        },
    )
    .await
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct ListQuery {
    /// Only this family's children.
    family_id: Option<Uuid>,
    #[serde(default = "shared::http::first_page")]
    page: i64,
    #[serde(default = "shared::http::default_limit")]
    limit: i64,
}

/// Every child the caller can see, optionally in one family.
#[utoipa::path(get, path = "/api/children", tag = "children", security(("bearer" = [])),
    params(ListQuery),
    responses((status = 200, description = "Children", body = [Child]),
              (status = 404, description = "family_id names a family the caller is not in")))]
pub async fn list(
    user: AuthUser,
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> ApiResult<Paged<Child>> {
    let params = shared::http::PageParams {
        page: query.page,
        limit: query.limit,
    }
    .validated()?;
    let client = db::client(&state.db).await?;
    if let Some(family_id) = query.family_id {
        access::family(&client, &user, family_id).await?;
    }
    let filter = "($2::uuid is null or c.family_id = $2)";
    let total: i64 = client
        .query_one(
            &format!(
                "select count(*) from children c join family_members m
                 on m.family_id = c.family_id and m.user_id = $1 where {filter}"
            ),
            &[&user.id, &query.family_id],
        )
        .await?
        .get(0);
    let rows = client
        .query(
            &format!(
                "{CHILD_SELECT} where {filter} order by c.date_of_birth, c.name limit $3 offset $4"
            ),
            &[&user.id, &query.family_id, &params.limit, &params.offset()],
        )
        .await?;
    let items = rows.iter().map(from_row).collect::<Result<_, _>>()?;
    Ok(Paged {
        items,
        params,
        total,
    })
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewChild {
    family_id: Uuid,
    name: String,
    date_of_birth: NaiveDate,
    sex: Sex,
    due_date: Option<NaiveDate>,
    birth_weight_kg: Option<f64>,
    birth_length_cm: Option<f64>,
    #[serde(default)]
    notes: String,
}

/// Adds a child to a family (owner or parent).
#[utoipa::path(post, path = "/api/children", tag = "children", security(("bearer" = [])),
    request_body = NewChild,
    responses((status = 201, description = "Created", body = Child),
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
    let mut errors = FieldErrors::new();
    let name = check_name(&mut errors, &input.name);
    check_birth_date(&mut errors, input.date_of_birth);
    check_range(
        &mut errors,
        "birth_weight_kg",
        input.birth_weight_kg,
        0.2,
        10.0,
        "kg",
    );
    check_range(
        &mut errors,
        "birth_length_cm",
        input.birth_length_cm,
        20.0,
        70.0,
        "cm",
    );
    check_notes(&mut errors, &input.notes);
    errors.finish()?;
    let id: Uuid = tx
        .query_one(
            "insert into children (family_id, name, date_of_birth, sex, due_date, birth_weight_kg, birth_length_cm, notes)
             values ($1, $2, $3, $4, $5, $6::float8, $7::float8, $8) returning id",
            &[
                &input.family_id,
                &name,
                &input.date_of_birth,
                &input.sex.as_str(),
                &input.due_date,
                &input.birth_weight_kg,
                &input.birth_length_cm,
                &input.notes.trim(),
            ],
        )
        .await?
        .get(0);
    let child = load(&tx, &user, id).await?;
    record(&tx, &user, Action::Create, None, Some(&child)).await?;
    tx.commit().await?;
    Ok(Created(child))
}

/// One child.
#[utoipa::path(get, path = "/api/children/{id}", tag = "children", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Child id")),
    responses((status = 200, description = "The child", body = Child),
              (status = 404, description = "No such child, or not in the caller's families")))]
pub async fn get(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Data<Child>> {
    let client = db::client(&state.db).await?;
    Ok(Data(load(&client, &user, id).await?))
}

/// Fields to change; absent fields stay. `null` clears an optional field.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChildPatch {
    name: Option<String>,
    date_of_birth: Option<NaiveDate>,
    sex: Option<Sex>,
    #[serde(default, deserialize_with = "shared::http::nullable")]
    due_date: Option<Option<NaiveDate>>,
    #[serde(default, deserialize_with = "shared::http::nullable")]
    birth_weight_kg: Option<Option<f64>>,
    #[serde(default, deserialize_with = "shared::http::nullable")]
    birth_length_cm: Option<Option<f64>>,
    notes: Option<String>,
    /// The `updated_at` the client last saw; a newer one answers 409 `STALE`.
    updated_at: Option<DateTime<Utc>>,
}

/// Changes a child (owner or parent).
#[utoipa::path(patch, path = "/api/children/{id}", tag = "children", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Child id")),
    request_body = ChildPatch,
    responses((status = 200, description = "Updated", body = Child),
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
    tx.execute("select 1 from children where id = $1 for update", &[&id])
        .await?;
    let before = load(&tx, &user, id).await?;
    shared::http::check_fresh(patch.updated_at, &headers, before.updated_at)?;
    let mut errors = FieldErrors::new();
    let name = patch
        .name
        .as_deref()
        .map(|n| check_name(&mut errors, n))
        .unwrap_or(before.name.clone());
    let date_of_birth = patch.date_of_birth.unwrap_or(before.date_of_birth);
    check_birth_date(&mut errors, date_of_birth);
    let birth_weight_kg = patch.birth_weight_kg.unwrap_or(before.birth_weight_kg);
    let birth_length_cm = patch.birth_length_cm.unwrap_or(before.birth_length_cm);
    check_range(
        &mut errors,
        "birth_weight_kg",
        birth_weight_kg,
        0.2,
        10.0,
        "kg",
    );
    check_range(
        &mut errors,
        "birth_length_cm",
        birth_length_cm,
        20.0,
        70.0,
        "cm",
    );
    let notes = patch
        .notes
        .as_deref()
        .map(str::trim)
        .unwrap_or(&before.notes)
        .to_string();
    check_notes(&mut errors, &notes);
    errors.finish()?;
    tx.execute(
        "update children set name = $2, date_of_birth = $3, sex = $4, due_date = $5,
             birth_weight_kg = $6::float8, birth_length_cm = $7::float8, notes = $8
         where id = $1",
        &[
            &id,
            &name,
            &date_of_birth,
            &patch.sex.unwrap_or(before.sex).as_str(),
            &patch.due_date.unwrap_or(before.due_date),
            &birth_weight_kg,
            &birth_length_cm,
            &notes,
        ],
    )
    .await?;
    let after = load(&tx, &user, id).await?;
    record(&tx, &user, Action::Update, Some(&before), Some(&after)).await?;
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
        let rows = tx
            .query(
                "select object_key from attachments where child_id = $1
                 union all select avatar_key from children where id = $1 and avatar_key is not null
                 union all select object_key from upload_slots where child_id = $1",
                &[&id],
            )
            .await?;
        let keys: Vec<String> = rows.iter().map(|r| r.get(0)).collect();
        storage::delete_later(&tx, &keys).await?;
        tx.execute("delete from children where id = $1", &[&id])
            .await?;
        record(&tx, &user, Action::Delete, Some(&before), None).await?;
        tx.commit().await?;
        keys
    };
    storage::drain_deletions(&state, Some(&keys)).await?;
    Ok(StatusCode::NO_CONTENT)
}
