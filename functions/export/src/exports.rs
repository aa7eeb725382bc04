//! Starting an export, following it, and listing a family's recent exports.
//! Exports are an owner/parent feature: read-only members get 403, others 404.

use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use shared::auth::AuthUser;
use shared::http::{ApiJson, ApiPath, ApiQuery, Data, DataOf};
use shared::jobs::{self, ExportJob, Job, JobKind};
use shared::paging::{self, PageOf, Paged, Paging};
use shared::{ApiError, ApiResult, AppState, db};
use trajectory::access::{self, FamilyRole};
use uuid::Uuid;

use crate::model::{COLUMNS, Export, from_row};

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StartExport {
    family_id: Uuid,
}

/// An export still on its way: queued recently, or running with a recent heartbeat.
/// Asking again while one is on its way answers that one instead of a second.
const ACTIVE: &str = "(e.status = 'queued' and e.created_at > now() - interval '1 hour')
    or (e.status = 'running' and e.updated_at > now() - interval '10 minutes')";

/// Queues an archive of every record of a family (owner or parent).
#[utoipa::path(post, path = "/api/export", tag = "export", security(("bearer" = [])),
    request_body = StartExport,
    responses((status = 202, description = "Queued (or the export already on its way)", body = DataOf<Export>),
              (status = 403, description = "Read-only member"),
              (status = 404, description = "No such family, or not a member")))]
pub async fn start(
    user: AuthUser,
    State(state): State<AppState>,
    ApiJson(input): ApiJson<StartExport>,
) -> ApiResult<(StatusCode, Data<Export>)> {
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    access::family(&tx, &user, input.family_id)
        .await?
        .require_write()?;
    // One request at a time per family decides whether an export is on its way.
    tx.execute(
        "select 1 from families where id = $1 for update",
        &[&input.family_id],
    )
    .await?;
    let select = format!("select {COLUMNS} from exports e join families f on f.id = e.family_id");
    let active = tx
        .query_opt(
            &format!(
                "{select} where e.family_id = $1 and ({ACTIVE}) order by e.created_at desc limit 1"
            ),
            &[&input.family_id],
        )
        .await?;
    let (row, job) = match active {
        Some(row) => (row, None),
        None => {
            let id: Uuid = tx
                .query_one(
                    "insert into exports (family_id, requested_by) values ($1, $2) returning id",
                    &[&input.family_id, &user.id],
                )
                .await?
                .get(0);
            let job = Job::new(JobKind::Export(ExportJob { export_id: id }));
            jobs::enqueue(&tx, &job).await?;
            let row = tx
                .query_one(&format!("{select} where e.id = $1"), &[&id])
                .await?;
            (row, Some(job))
        }
    };
    tx.commit().await?;
    if let Some(job) = job {
        jobs::dispatch(&state, &[job]).await;
    }
    Ok((StatusCode::ACCEPTED, Data(from_row(&state, &row).await?)))
}

/// One export: status and progress, and when ready a download link valid 24 hours.
#[utoipa::path(get, path = "/api/export/{id}", tag = "export", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Export id")),
    responses((status = 200, description = "The export", body = DataOf<Export>),
              (status = 403, description = "Read-only member"),
              (status = 404, description = "No such export, or not in the caller's families")))]
pub async fn get(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Data<Export>> {
    let client = db::client(&state.db).await?;
    let row = client
        .query_opt(
            &format!(
                "select {COLUMNS}, m.role from exports e join families f on f.id = e.family_id
                 join family_members m on m.family_id = e.family_id and m.user_id = $2
                 where e.id = $1"
            ),
            &[&id, &user.id],
        )
        .await?
        .ok_or_else(|| ApiError::not_found("Export"))?;
    if !FamilyRole::parse(row.try_get("role")?)?.can_write() {
        return Err(read_only());
    }
    Ok(Data(from_row(&state, &row).await?))
}

fn read_only() -> ApiError {
    ApiError::new(
        StatusCode::FORBIDDEN,
        "READ_ONLY",
        "Only owners and parents can export a family's records",
    )
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    family_id: Uuid,
}

/// Exports are few and large: a shorter first page than other lists.
type ExportPaging = Paging<20>;

/// A family's exports, newest first (owner or parent).
#[utoipa::path(get, path = "/api/export", tag = "export", security(("bearer" = [])),
    params(ListQuery, ExportPaging),
    responses((status = 200, description = "Exports", body = PageOf<Export>),
              (status = 403, description = "Read-only member"),
              (status = 404, description = "No such family, or not a member")))]
pub async fn list(
    user: AuthUser,
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<ListQuery>,
    Paging(page): ExportPaging,
) -> ApiResult<Paged<Export>> {
    let client = db::client(&state.db).await?;
    access::family(&client, &user, query.family_id)
        .await?
        .require_write()?;
    let (rows, total) = paging::fetch(
        &client,
        COLUMNS,
        "from exports e join families f on f.id = e.family_id where e.family_id = $1",
        "e.created_at desc, e.id",
        &[&query.family_id],
        page,
    )
    .await?;
    let mut items = Vec::with_capacity(rows.len());
    for row in &rows {
        items.push(from_row(&state, row).await?);
    }
    Ok(Paged { items, page, total })
}
