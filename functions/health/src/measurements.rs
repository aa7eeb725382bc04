//! Measurements: weight, length/height and head circumference on a day, each answered
//! with the WHO z-score and percentile of every indicator that applies.

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

use crate::common::{self, ChildFacts, Meta, RangeQuery};
use crate::measurement_fields::{
    IndicatorScore, MeasurementFields, MeasurementPatch, check, scores,
};

const KIND: RecordKind = RecordKind::Measurement;

/// A measurement as the API shows it, with its scores.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Measurement {
    #[serde(flatten)]
    pub meta: Meta,
    #[serde(flatten)]
    pub fields: MeasurementFields,
    /// One per indicator that applies at this age, sex and set of values.
    pub scores: Vec<IndicatorScore>,
}

/// The measurement's columns and, for its scores, the child's birth date and sex.
pub const COLUMNS: &str =
    "m.id, m.child_id, m.created_by, m.created_at, m.updated_at, m.measured_on,
    m.weight_kg::float8 as weight_kg, m.height_cm::float8 as height_cm,
    m.head_circumference_cm::float8 as head_circumference_cm, m.visit_id, m.notes,
    c.date_of_birth, c.sex";

/// The fields of a row selected with [`COLUMNS`].
pub fn fields_from_row(row: &Row) -> Result<(ChildFacts, MeasurementFields), ApiError> {
    let facts = ChildFacts {
        date_of_birth: row.try_get("date_of_birth")?,
        sex: common::parse_sex(row.try_get("sex")?)?,
    };
    let fields = MeasurementFields {
        measured_on: row.try_get("measured_on")?,
        weight_kg: row.try_get("weight_kg")?,
        height_cm: row.try_get("height_cm")?,
        head_circumference_cm: row.try_get("head_circumference_cm")?,
        visit_id: row.try_get("visit_id")?,
        notes: row.try_get("notes")?,
    };
    Ok((facts, fields))
}

fn from_row(row: &Row) -> Result<Measurement, ApiError> {
    let (facts, fields) = fields_from_row(row)?;
    Ok(Measurement {
        meta: Meta::from_row(row)?,
        scores: scores(&facts, &fields),
        fields,
    })
}

async fn load(
    client: &impl GenericClient,
    access: &ChildAccess,
    id: Uuid,
) -> ApiResult<Measurement> {
    let sql = format!(
        "select {COLUMNS} from measurements m join children c on c.id = m.child_id
         where m.id = $1 and m.child_id = $2"
    );
    let statement = client.prepare_cached(&sql).await?;
    let row = client
        .query_opt(&statement, &[&id, &access.child_id])
        .await?
        .ok_or_else(|| ApiError::not_found(KIND.noun()))?;
    from_row(&row)
}

/// The measurements of a child, newest first, each with its scores.
#[utoipa::path(get, path = "/api/children/{id}/measurements", tag = "health", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Child id"), RangeQuery),
    responses((status = 200, description = "Measurements", body = [Measurement]),
              (status = 404, description = "No such child, or not in the caller's families")))]
pub async fn list(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(child_id): ApiPath<Uuid>,
    ApiQuery(query): ApiQuery<RangeQuery>,
) -> ApiResult<Paged<Measurement>> {
    let client = db::client(&state.db).await?;
    let access = access::child(&client, &user, child_id).await?;
    let params = query.page_params()?;
    let (rows, total) = common::fetch_page(
        &client,
        COLUMNS,
        "from measurements m join children c on c.id = m.child_id where m.child_id = $1
         and ($2::date is null or m.measured_on >= $2) and ($3::date is null or m.measured_on <= $3)",
        "m.measured_on desc, m.created_at desc",
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

/// Records a measurement (owner or parent).
#[utoipa::path(post, path = "/api/children/{id}/measurements", tag = "health", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Child id")),
    request_body = MeasurementFields,
    responses((status = 201, description = "Created, with scores", body = Measurement),
              (status = 403, description = "Read-only member"),
              (status = 404, description = "No such child, or not in the caller's families"),
              (status = 422, description = "Invalid fields")))]
pub async fn create(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(child_id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<MeasurementFields>,
) -> ApiResult<Created<Measurement>> {
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    let access = access::child(&tx, &user, child_id).await?;
    access.require_write()?;
    let facts = common::child_facts(&tx, &access).await?;
    let f = check(&tx, &access, &facts, input).await?;
    let id: Uuid = tx
        .query_one(
            "insert into measurements (child_id, measured_on, weight_kg, height_cm,
                 head_circumference_cm, visit_id, notes, created_by)
             values ($1, $2, $3::float8, $4::float8, $5::float8, $6, $7, $8) returning id",
            &[
                &child_id,
                &f.measured_on,
                &f.weight_kg,
                &f.height_cm,
                &f.head_circumference_cm,
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

/// One measurement with its scores.
#[utoipa::path(get, path = "/api/measurements/{id}", tag = "health", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Measurement id")),
    responses((status = 200, description = "The measurement", body = Measurement),
              (status = 404, description = "No such measurement, or not in the caller's families")))]
pub async fn get(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Data<Measurement>> {
    let client = db::client(&state.db).await?;
    let access = access::record(&client, &user, KIND, id).await?;
    Ok(Data(load(&client, &access, id).await?))
}

/// Stores new fields of the measurement `id`.
async fn write(tx: &Transaction<'_>, id: Uuid, f: &MeasurementFields) -> ApiResult<()> {
    tx.execute(
        "update measurements set measured_on = $2, weight_kg = $3::float8, height_cm = $4::float8,
             head_circumference_cm = $5::float8, visit_id = $6, notes = $7
         where id = $1",
        &[
            &id,
            &f.measured_on,
            &f.weight_kg,
            &f.height_cm,
            &f.head_circumference_cm,
            &f.visit_id,
            &f.notes,
        ],
    )
    .await?;
    Ok(())
}

/// Changes a measurement (owner or parent); the scores follow.
#[utoipa::path(patch, path = "/api/measurements/{id}", tag = "health", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Measurement id")),
    request_body = MeasurementPatch,
    responses((status = 200, description = "Updated, with scores", body = Measurement),
              (status = 403, description = "Read-only member"),
              (status = 409, description = "Changed by someone else (STALE)"),
              (status = 422, description = "Invalid fields")))]
pub async fn update(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
    headers: HeaderMap,
    ApiJson(patch): ApiJson<MeasurementPatch>,
) -> ApiResult<Data<Measurement>> {
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

/// Deletes a measurement and its attachments (owner or parent).
#[utoipa::path(delete, path = "/api/measurements/{id}", tag = "health", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Measurement id")),
    responses((status = 204, description = "Deleted"),
              (status = 403, description = "Read-only member"),
              (status = 404, description = "No such measurement, or not in the caller's families")))]
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
