//! Medical events: vaccines given, medications taken (with an end date), procedures.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use serde::{Deserialize, Serialize};
use shared::auth::AuthUser;
use shared::db::GenericClient;
use shared::http::{ApiJson, ApiPath, ApiQuery, Created, Data, Paged, check_fresh};
use shared::{ApiError, ApiResult, AppState, db};
use tokio_postgres::Row;
use trajectory::access::{self, ChildAccess, RecordKind};
use uuid::Uuid;

use crate::common::{self, META_COLUMNS, Meta, RangeQuery};
use crate::event_fields::{EventFields, EventKind, EventPatch, check};

const KIND: RecordKind = RecordKind::MedicalEvent;

/// A medical event as the API shows it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MedicalEvent {
    #[serde(flatten)]
    pub meta: Meta,
    #[serde(flatten)]
    pub fields: EventFields,
}

const COLUMNS: &str = "kind, name, event_date, end_date, dose, notes";

fn from_row(row: &Row) -> Result<MedicalEvent, ApiError> {
    Ok(MedicalEvent {
        meta: Meta::from_row(row)?,
        fields: EventFields {
            kind: EventKind::parse(row.try_get("kind")?)?,
            name: row.try_get("name")?,
            date: row.try_get("event_date")?,
            end_date: row.try_get("end_date")?,
            dose: row.try_get("dose")?,
            notes: row.try_get("notes")?,
        },
    })
}

async fn load(
    client: &impl GenericClient,
    access: &ChildAccess,
    id: Uuid,
) -> ApiResult<MedicalEvent> {
    let sql = format!(
        "select {META_COLUMNS}, {COLUMNS} from medical_events where id = $1 and child_id = $2"
    );
    let statement = client.prepare_cached(&sql).await?;
    let row = client
        .query_opt(&statement, &[&id, &access.child_id])
        .await?
        .ok_or_else(|| ApiError::not_found(KIND.noun()))?;
    from_row(&row)
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct KindFilter {
    /// Only events of this kind.
    kind: Option<EventKind>,
}

/// The medical events of a child, newest first.
#[utoipa::path(get, path = "/api/children/{id}/medical-events", tag = "health", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Child id"), RangeQuery, KindFilter),
    responses((status = 200, description = "Medical events", body = [MedicalEvent]),
              (status = 404, description = "No such child, or not in the caller's families")))]
pub async fn list(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(child_id): ApiPath<Uuid>,
    ApiQuery(query): ApiQuery<RangeQuery>,
    ApiQuery(filter): ApiQuery<KindFilter>,
) -> ApiResult<Paged<MedicalEvent>> {
    let client = db::client(&state.db).await?;
    let access = access::child(&client, &user, child_id).await?;
    let params = query.page_params()?;
    let kind = filter.kind.map(EventKind::as_str);
    let (rows, total) = common::fetch_page(
        &client,
        &format!("{META_COLUMNS}, {COLUMNS}"),
        "from medical_events where child_id = $1
         and ($2::date is null or event_date >= $2) and ($3::date is null or event_date <= $3)
         and ($4::text is null or kind = $4)",
        "event_date desc, created_at desc",
        &[&access.child_id, &query.from, &query.to, &kind],
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

/// Records a vaccine, medication or procedure (owner or parent).
#[utoipa::path(post, path = "/api/children/{id}/medical-events", tag = "health", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Child id")),
    request_body = EventFields,
    responses((status = 201, description = "Created", body = MedicalEvent),
              (status = 403, description = "Read-only member"),
              (status = 404, description = "No such child, or not in the caller's families"),
              (status = 422, description = "Invalid fields")))]
pub async fn create(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(child_id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<EventFields>,
) -> ApiResult<Created<MedicalEvent>> {
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    let access = access::child(&tx, &user, child_id).await?;
    access.require_write()?;
    let f = check(&common::child_facts(&tx, &access).await?, input)?;
    let id: Uuid = tx
        .query_one(
            "insert into medical_events (child_id, kind, name, event_date, end_date, dose, notes, created_by)
             values ($1, $2, $3, $4, $5, $6, $7, $8) returning id",
            &[&child_id, &f.kind.as_str(), &f.name, &f.date, &f.end_date, &f.dose, &f.notes, &user.id],
        )
        .await?
        .try_get(0)?;
    let after = load(&tx, &access, id).await?;
    common::audit(&tx, &user, &access, KIND, id, None, Some(&after.fields)).await?;
    tx.commit().await?;
    Ok(Created(after))
}

/// One medical event.
#[utoipa::path(get, path = "/api/medical-events/{id}", tag = "health", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Medical event id")),
    responses((status = 200, description = "The event", body = MedicalEvent),
              (status = 404, description = "No such event, or not in the caller's families")))]
pub async fn get(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Data<MedicalEvent>> {
    let client = db::client(&state.db).await?;
    let access = access::record(&client, &user, KIND, id).await?;
    Ok(Data(load(&client, &access, id).await?))
}

/// Changes a medical event (owner or parent).
#[utoipa::path(patch, path = "/api/medical-events/{id}", tag = "health", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Medical event id")),
    request_body = EventPatch,
    responses((status = 200, description = "Updated", body = MedicalEvent),
              (status = 403, description = "Read-only member"),
              (status = 409, description = "Changed by someone else (STALE)"),
              (status = 422, description = "Invalid fields")))]
pub async fn update(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
    headers: HeaderMap,
    ApiJson(patch): ApiJson<EventPatch>,
) -> ApiResult<Data<MedicalEvent>> {
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    let access = access::record(&tx, &user, KIND, id).await?;
    access.require_write()?;
    common::lock(&tx, KIND, id).await?;
    let before = load(&tx, &access, id).await?;
    check_fresh(patch.updated_at, &headers, before.meta.updated_at)?;
    let facts = common::child_facts(&tx, &access).await?;
    let f = check(&facts, patch.apply(before.fields.clone()))?;
    tx.execute(
        "update medical_events set kind = $2, name = $3, event_date = $4, end_date = $5, dose = $6, notes = $7
         where id = $1",
        &[&id, &f.kind.as_str(), &f.name, &f.date, &f.end_date, &f.dose, &f.notes],
    )
    .await?;
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

/// Deletes a medical event (owner or parent).
#[utoipa::path(delete, path = "/api/medical-events/{id}", tag = "health", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Medical event id")),
    responses((status = 204, description = "Deleted"),
              (status = 403, description = "Read-only member"),
              (status = 404, description = "No such event, or not in the caller's families")))]
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
