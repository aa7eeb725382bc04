//! Visits: wellness, sick, injury, vision and dental visits, past or planned.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use serde::{Deserialize, Serialize};
use serde_json::json;
use shared::auth::AuthUser;
use shared::db::{GenericClient, Transaction};
use shared::http::{ApiJson, ApiPath, ApiQuery, Created, Data, Paged, check_fresh};
use shared::{ApiError, ApiResult, AppState, db};
use tokio_postgres::Row;
use trajectory::access::{self, ChildAccess, RecordKind};
use uuid::Uuid;

use crate::common::{self, META_COLUMNS, Meta, RangeQuery};
use crate::visit_fields::{VisitFields, VisitPatch};
use crate::visit_parts::VisitType;
use crate::visit_rules::check;

const KIND: RecordKind = RecordKind::Visit;

/// A visit as the API shows it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Visit {
    #[serde(flatten)]
    pub meta: Meta,
    #[serde(flatten)]
    pub fields: VisitFields,
}

const COLUMNS: &str = "visit_type, visit_date, visit_time, location, provider, title, notes, tags,
    details, vaccines, prescriptions";

fn from_row(row: &Row) -> Result<Visit, ApiError> {
    Ok(Visit {
        meta: Meta::from_row(row)?,
        fields: VisitFields::from_row(row)?,
    })
}

async fn load(client: &impl GenericClient, access: &ChildAccess, id: Uuid) -> ApiResult<Visit> {
    let sql =
        format!("select {META_COLUMNS}, {COLUMNS} from visits where id = $1 and child_id = $2");
    let statement = client.prepare_cached(&sql).await?;
    let row = client
        .query_opt(&statement, &[&id, &access.child_id])
        .await?
        .ok_or_else(|| ApiError::not_found(KIND.noun()))?;
    from_row(&row)
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TypeFilter {
    /// Only visits of this type.
    #[serde(rename = "type")]
    #[param(rename = "type")]
    visit_type: Option<VisitType>,
}

/// The visits of a child, newest first (appointments ahead come first).
#[utoipa::path(get, path = "/api/children/{id}/visits", tag = "health", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Child id"), RangeQuery, TypeFilter),
    responses((status = 200, description = "Visits", body = [Visit]),
              (status = 404, description = "No such child, or not in the caller's families")))]
pub async fn list(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(child_id): ApiPath<Uuid>,
    ApiQuery(query): ApiQuery<RangeQuery>,
    ApiQuery(filter): ApiQuery<TypeFilter>,
) -> ApiResult<Paged<Visit>> {
    let client = db::client(&state.db).await?;
    let access = access::child(&client, &user, child_id).await?;
    let params = query.page_params()?;
    let visit_type = filter.visit_type.map(VisitType::as_str);
    let (rows, total) = common::fetch_page(
        &client,
        &format!("{META_COLUMNS}, {COLUMNS}"),
        "from visits where child_id = $1
         and ($2::date is null or visit_date >= $2) and ($3::date is null or visit_date <= $3)
         and ($4::text is null or visit_type = $4)",
        "visit_date desc, visit_time desc nulls last, created_at desc",
        &[&access.child_id, &query.from, &query.to, &visit_type],
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

/// Records a visit or an appointment (owner or parent).
#[utoipa::path(post, path = "/api/children/{id}/visits", tag = "health", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Child id")),
    request_body = VisitFields,
    responses((status = 201, description = "Created", body = Visit),
              (status = 403, description = "Read-only member"),
              (status = 404, description = "No such child, or not in the caller's families"),
              (status = 422, description = "Invalid fields")))]
pub async fn create(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(child_id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<VisitFields>,
) -> ApiResult<Created<Visit>> {
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    let access = access::child(&tx, &user, child_id).await?;
    access.require_write()?;
    let f = check(&common::child_facts(&tx, &access).await?, input)?;
    let id: Uuid = tx
        .query_one(
            "insert into visits (child_id, visit_type, visit_date, visit_time, location, provider,
                 title, notes, tags, details, vaccines, prescriptions, created_by)
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) returning id",
            &[
                &child_id,
                &f.visit_type.as_str(),
                &f.visit_date,
                &f.visit_time.map(|t| t.0),
                &f.location,
                &f.provider,
                &f.title,
                &f.notes,
                &f.tags,
                &f.details()?,
                &f.vaccines,
                &f.prescriptions_json()?,
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

/// One visit.
#[utoipa::path(get, path = "/api/visits/{id}", tag = "health", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Visit id")),
    responses((status = 200, description = "The visit", body = Visit),
              (status = 404, description = "No such visit, or not in the caller's families")))]
pub async fn get(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Data<Visit>> {
    let client = db::client(&state.db).await?;
    let access = access::record(&client, &user, KIND, id).await?;
    Ok(Data(load(&client, &access, id).await?))
}

/// Stores new fields of the visit `id`.
async fn write(tx: &Transaction<'_>, id: Uuid, f: &VisitFields) -> ApiResult<()> {
    tx.execute(
        "update visits set visit_type = $2, visit_date = $3, visit_time = $4, location = $5,
             provider = $6, title = $7, notes = $8, tags = $9, details = $10, vaccines = $11,
             prescriptions = $12
         where id = $1",
        &[
            &id,
            &f.visit_type.as_str(),
            &f.visit_date,
            &f.visit_time.map(|t| t.0),
            &f.location,
            &f.provider,
            &f.title,
            &f.notes,
            &f.tags,
            &f.details()?,
            &f.vaccines,
            &f.prescriptions_json()?,
        ],
    )
    .await?;
    Ok(())
}

/// Changes a visit (owner or parent).
#[utoipa::path(patch, path = "/api/visits/{id}", tag = "health", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Visit id")),
    request_body = VisitPatch,
    responses((status = 200, description = "Updated", body = Visit),
              (status = 403, description = "Read-only member"),
              (status = 409, description = "Changed by someone else (STALE)"),
              (status = 422, description = "Invalid fields")))]
pub async fn update(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
    headers: HeaderMap,
    ApiJson(patch): ApiJson<VisitPatch>,
) -> ApiResult<Data<Visit>> {
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    let access = access::record(&tx, &user, KIND, id).await?;
    access.require_write()?;
    common::lock(&tx, KIND, id).await?;
    let before = load(&tx, &access, id).await?;
    check_fresh(patch.updated_at, &headers, before.meta.updated_at)?;
    let facts = common::child_facts(&tx, &access).await?;
    let f = check(&facts, patch.apply(before.fields.clone()))?;
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

/// Unlinks the measurements and illnesses recorded at a visit about to be deleted,
/// each change audited like any other.
async fn unlink(
    tx: &Transaction<'_>,
    user: &AuthUser,
    access: &ChildAccess,
    visit_id: Uuid,
) -> Result<(), ApiError> {
    for kind in [RecordKind::Measurement, RecordKind::Illness] {
        let sql = format!(
            "update {} set visit_id = null where visit_id = $1 returning id",
            kind.table()
        );
        for row in tx.query(&sql, &[&visit_id]).await? {
            let (before, after) = (json!({"visit_id": visit_id}), json!({"visit_id": null}));
            common::audit(
                tx,
                user,
                access,
                kind,
                row.try_get(0)?,
                Some(&before),
                Some(&after),
            )
            .await?;
        }
    }
    Ok(())
}

/// Deletes a visit and its attachments (owner or parent); measurements and illnesses
/// recorded at it stay, unlinked.
#[utoipa::path(delete, path = "/api/visits/{id}", tag = "health", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Visit id")),
    responses((status = 204, description = "Deleted"),
              (status = 403, description = "Read-only member"),
              (status = 404, description = "No such visit, or not in the caller's families")))]
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
    unlink(&tx, &user, &access, id).await?;
    common::remove(&tx, KIND, id).await?;
    common::audit(&tx, &user, &access, KIND, id, Some(&before.fields), None).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}
