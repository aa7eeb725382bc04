//! Illnesses: what the child had, when, how bad, and how hot.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use serde::Serialize;
use shared::auth::AuthUser;
use shared::db::{GenericClient, Transaction};
use shared::http::{ApiJson, ApiPath, ApiQuery, Created, Data, Paged, check_fresh};
use shared::{ApiError, ApiResult, AppState, db};
use tokio_postgres::Row;
use trajectory::access::{self, ChildAccess, RecordKind};
use uuid::Uuid;

use crate::common::{self, META_COLUMNS, Meta, RangeQuery};
use crate::illness_fields::{IllnessFields, IllnessPatch, IllnessType, check};

const KIND: RecordKind = RecordKind::Illness;

/// An illness as the API shows it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Illness {
    #[serde(flatten)]
    pub meta: Meta,
    #[serde(flatten)]
    pub fields: IllnessFields,
}

const COLUMNS: &str = "illness_types, start_date, end_date, symptoms,
    max_temperature_c::float8 as max_temperature_c, severity, visit_id, notes";

fn from_row(row: &Row) -> Result<Illness, ApiError> {
    let types: Vec<String> = row.try_get("illness_types")?;
    Ok(Illness {
        meta: Meta::from_row(row)?,
        fields: IllnessFields {
            illness_types: IllnessType::parse_all(&types)?,
            start_date: row.try_get("start_date")?,
            end_date: row.try_get("end_date")?,
            symptoms: row.try_get("symptoms")?,
            max_temperature_c: row.try_get("max_temperature_c")?,
            severity: row.try_get("severity")?,
            visit_id: row.try_get("visit_id")?,
            notes: row.try_get("notes")?,
        },
    })
}

async fn load(client: &impl GenericClient, access: &ChildAccess, id: Uuid) -> ApiResult<Illness> {
    let sql =
        format!("select {META_COLUMNS}, {COLUMNS} from illnesses where id = $1 and child_id = $2");
    let statement = client.prepare_cached(&sql).await?;
    let row = client
        .query_opt(&statement, &[&id, &access.child_id])
        .await?
        .ok_or_else(|| ApiError::not_found(KIND.noun()))?;
    from_row(&row)
}

/// The illnesses of a child, newest first; `from`/`to` keep those that overlap the range.
#[utoipa::path(get, path = "/api/children/{id}/illnesses", tag = "health", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Child id"), RangeQuery),
    responses((status = 200, description = "Illnesses", body = [Illness]),
              (status = 404, description = "No such child, or not in the caller's families")))]
pub async fn list(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(child_id): ApiPath<Uuid>,
    ApiQuery(query): ApiQuery<RangeQuery>,
) -> ApiResult<Paged<Illness>> {
    let client = db::client(&state.db).await?;
    let access = access::child(&client, &user, child_id).await?;
    let params = query.page_params()?;
    let (rows, total) = common::fetch_page(
        &client,
        &format!("{META_COLUMNS}, {COLUMNS}"),
        "from illnesses where child_id = $1
         and ($2::date is null or end_date is null or end_date >= $2)
         and ($3::date is null or start_date <= $3)",
        "start_date desc, created_at desc",
        &[&access.child_id, &query.from, &query.to],
        params,
    )
    .await?;
    let items = rows.iter().map(from_row).collect::<Result<_, _>>()?;
    Ok(Paged {
        items,
        params,
        total,
    })
}

/// Records an illness (owner or parent).
#[utoipa::path(post, path = "/api/children/{id}/illnesses", tag = "health", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Child id")),
    request_body = IllnessFields,
    responses((status = 201, description = "Created", body = Illness),
              (status = 403, description = "Read-only member"),
              (status = 404, description = "No such child, or not in the caller's families"),
              (status = 422, description = "Invalid fields")))]
pub async fn create(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(child_id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<IllnessFields>,
) -> ApiResult<Created<Illness>> {
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    let access = access::child(&tx, &user, child_id).await?;
    access.require_write()?;
    let facts = common::child_facts(&tx, &access).await?;
    let f = check(&tx, &access, &facts, input).await?;
    let id: Uuid = tx
        .query_one(
            "insert into illnesses (child_id, illness_types, start_date, end_date, symptoms,
                 max_temperature_c, severity, visit_id, notes, created_by)
             values ($1, $2, $3, $4, $5, $6::float8, $7, $8, $9, $10) returning id",
            &[
                &child_id,
                &IllnessType::names(&f.illness_types),
                &f.start_date,
                &f.end_date,
                &f.symptoms,
                &f.max_temperature_c,
                &f.severity,
                &f.visit_id,
                &f.notes,
                &user.id,
            ],
        )
        .await?
        .try_get(0)?;
    let after = load(&tx, &access, id).await?;
    common::audit(&tx, &user, &access, KIND, id, None, Some(&after.fields)).await?;
    tx.commit().await?;
    Ok(Created(after))
}

/// One illness.
#[utoipa::path(get, path = "/api/illnesses/{id}", tag = "health", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Illness id")),
    responses((status = 200, description = "The illness", body = Illness),
              (status = 404, description = "No such illness, or not in the caller's families")))]
pub async fn get(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Data<Illness>> {
    let client = db::client(&state.db).await?;
    let access = access::record(&client, &user, KIND, id).await?;
    Ok(Data(load(&client, &access, id).await?))
}

/// Stores new fields of the illness `id`.
async fn write(tx: &Transaction<'_>, id: Uuid, f: &IllnessFields) -> ApiResult<()> {
    tx.execute(
        "update illnesses set illness_types = $2, start_date = $3, end_date = $4, symptoms = $5,
             max_temperature_c = $6::float8, severity = $7, visit_id = $8, notes = $9
         where id = $1",
        &[
            &id,
            &IllnessType::names(&f.illness_types),
            &f.start_date,
            &f.end_date,
            &f.symptoms,
            &f.max_temperature_c,
            &f.severity,
            &f.visit_id,
            &f.notes,
        ],
    )
    .await?;
    Ok(())
}

/// Changes an illness (owner or parent).
#[utoipa::path(patch, path = "/api/illnesses/{id}", tag = "health", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Illness id")),
    request_body = IllnessPatch,
    responses((status = 200, description = "Updated", body = Illness),
              (status = 403, description = "Read-only member"),
              (status = 409, description = "Changed by someone else (STALE)"),
              (status = 422, description = "Invalid fields")))]
pub async fn update(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
    headers: HeaderMap,
    ApiJson(patch): ApiJson<IllnessPatch>,
) -> ApiResult<Data<Illness>> {
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    let access = access::record(&tx, &user, KIND, id).await?;
    access.require_write()?;
    common::lock(&tx, KIND, id).await?;
    let before = load(&tx, &access, id).await?;
    check_fresh(patch.updated_at, &headers, before.meta.updated_at)?;
    let facts = common::child_facts(&tx, &access).await?;
    let f = check(&tx, &access, &facts, patch.apply(before.fields.clone())).await?;
    write(&tx, id, &f).await?;
    let after = load(&tx, &access, id).await?;
    common::audit(
        &tx,
        &user,
        &access,
        KIND,
        id,
        Some(&before.fields),
        Some(&after.fields),
    )
    .await?;
    tx.commit().await?;
    Ok(Data(after))
}

/// Deletes an illness and its attachments (owner or parent).
#[utoipa::path(delete, path = "/api/illnesses/{id}", tag = "health", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Illness id")),
    responses((status = 204, description = "Deleted"),
              (status = 403, description = "Read-only member"),
              (status = 404, description = "No such illness, or not in the caller's families")))]
pub async fn delete(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<StatusCode> {
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    let access = access::record(&tx, &user, KIND, id).await?;
    access.require_write()?;
    let before = load(&tx, &access, id).await?;
    common::remove(&tx, KIND, id).await?;
    common::audit(&tx, &user, &access, KIND, id, Some(&before.fields), None).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}
