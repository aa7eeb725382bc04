//! Starting an export (at most one per family per hour), following it,
//! downloading its archive, and listing a family's recent exports. Exports are
//! an owner/parent feature: read-only members get 403, others 404.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::json;
use shared::auth::AuthUser;
use shared::http::{ApiJson, ApiPath, ApiQuery, Data, DataOf};
use shared::jobs::{self, ExportJob, Job, JobKind};
use shared::paging::{self, PageOf, Paged, Paging};
use shared::storage::Storage;
use shared::{ApiError, ApiResult, AppState, db};
use trajectory::access::{self, FamilyRole};
use uuid::Uuid;

use crate::model::{COLUMNS, DOWNLOAD_WINDOW, Export, ExportStatus, from_row};

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StartExport {
    family_id: Uuid,
}

/// An export still on its way: queued recently, or running with a recent heartbeat.
/// Asking again while one is on its way answers that one instead of a second.
const ACTIVE: &str = "(e.status = 'queued' and e.created_at > now() - interval '1 hour')
    or (e.status = 'running' and e.updated_at > now() - interval '10 minutes')";

/// At most one export per family per hour: a new one may start an hour after the
/// last one that is on its way or was built. Failed exports do not count, nor
/// archives deleted because a child was deleted.
const PER: &str = "interval '1 hour'";

/// Queues an archive of every record of a family (owner or parent).
#[utoipa::path(post, path = "/api/export", tag = "export", security(("bearer" = [])),
    request_body = StartExport,
    responses((status = 202, description = "Queued (or the export already on its way)", body = DataOf<Export>),
              (status = 403, description = "Read-only member"),
              (status = 404, description = "No such family, or not a member"),
              (status = 429, description = "The family was exported less than an hour ago: \
                  `details` holds `retry_after` (seconds), `next_export_at` and the \
                  `export_id` of that export",
               headers(("Retry-After" = u64, description = "Seconds until the next export can start")))))]
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
    // One request at a time per family decides whether an export may start.
    tx.execute(
        "select 1 from families where id = $1 for update",
        &[&input.family_id],
    )
    .await?;
    let (row, job) = match standing(&tx, input.family_id).await? {
        Some(row) if row.try_get("active")? => (row, None),
        Some(row) => return Err(too_soon(&row)?),
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
                .query_one(
                    &format!(
                        "select {COLUMNS} from exports e join families f on f.id = e.family_id
                         where e.id = $1"
                    ),
                    &[&id],
                )
                .await?;
            (row, Some(job))
        }
    };
    tx.commit().await?;
    if let Some(job) = job {
        jobs::dispatch(&state, &[job]).await;
    }
    Ok((StatusCode::ACCEPTED, Data(from_row(&row)?.0)))
}

/// The export that stands for this hour, if any: the one on its way (`active`),
/// or else the newest built; `next_at` is when the next export may start.
async fn standing(
    tx: &db::Transaction<'_>,
    family_id: Uuid,
) -> ApiResult<Option<tokio_postgres::Row>> {
    Ok(tx
        .query_opt(
            &format!(
                "select {COLUMNS}, ({ACTIVE}) as active, e.created_at + {PER} as next_at
                 from exports e join families f on f.id = e.family_id
                 where e.family_id = $1 and e.created_at > now() - {PER}
                     and (e.status = 'ready' or {ACTIVE})
                 order by active desc, e.created_at desc limit 1"
            ),
            &[&family_id],
        )
        .await?)
}

/// 429 naming when the next export of the family can start, and the export that
/// stands for this hour (the family can still download it).
fn too_soon(row: &tokio_postgres::Row) -> ApiResult<ApiError> {
    let next_at: DateTime<Utc> = row.try_get("next_at")?;
    let export_id: Uuid = row.try_get("id")?;
    let wait = (next_at - Utc::now()).num_seconds().max(1);
    let wait = u64::try_from(wait).unwrap_or(1);
    Ok(ApiError::too_many_requests(wait).with_details(json!({
        "retry_after": wait,
        "next_export_at": next_at,
        "export_id": export_id,
    })))
}

/// An export of the caller's families with the archive's key when it can be
/// downloaded; read-only members get 403, others 404.
async fn load(
    client: &db::Client,
    user: &AuthUser,
    id: Uuid,
) -> ApiResult<(Export, Option<String>)> {
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
    from_row(&row)
}

/// One export: status and progress, and once ready the archive's name and when
/// it is deleted.
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
    Ok(Data(load(&client, &user, id).await?.0))
}

/// Downloads a ready archive: after checking that the caller may export the
/// family now, redirects to a link that works for five minutes and saves the
/// archive under its name.
#[utoipa::path(get, path = "/api/export/{id}/download", tag = "export", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Export id")),
    responses((status = 302, description = "Redirect to the archive, through a link valid five minutes"),
              (status = 403, description = "Read-only member"),
              (status = 404, description = "No such export, or not in the caller's families"),
              (status = 409, description = "The archive is not ready (`EXPORT_NOT_READY`)"),
              (status = 410, description = "The archive was deleted (`EXPORT_EXPIRED`)")))]
pub async fn download(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Response> {
    let client = db::client(&state.db).await?;
    let (export, key) = load(&client, &user, id).await?;
    drop(client);
    match (export.status, key, export.filename) {
        (ExportStatus::Ready, Some(key), Some(filename)) => {
            Storage::new(&state)
                .redirect(&key, Some(&filename), DOWNLOAD_WINDOW, None)
                .await
        }
        (ExportStatus::Expired, ..) => Err(ApiError::gone(
            "EXPORT_EXPIRED",
            "This archive has been deleted; start a new export",
        )),
        _ => Err(ApiError::conflict(
            "EXPORT_NOT_READY",
            "This export has no archive to download",
        )),
    }
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
    let items = rows
        .iter()
        .map(|row| Ok(from_row(row)?.0))
        .collect::<ApiResult<_>>()?;
    Ok(Paged { items, page, total })
}
