//! Canvass sessions: a volunteer walking one cut, from start to completion (or
//! abandonment by the scheduler, [`abandon_idle`]). A volunteer has at most one
//! active session, which the database enforces; a canvasser sees only their
//! own sessions, an admin every one.

use axum::extract::State;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use shared::db::{GenericClient, Transaction};
use shared::http::{ApiJson, ApiPath, ApiQuery, Created, Data, DataOf};
use shared::paging::{self, PageOf, Paged, Paging};
use shared::{ApiError, ApiResult, AppState, db};
use tokio_postgres::Row;
use uuid::Uuid;

use crate::access::Canvasser;

/// Where a session stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SessionStatus {
    Active,
    Completed,
    /// Idle for 12 hours: ended by the scheduler.
    Abandoned,
}

impl SessionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            SessionStatus::Active => "active",
            SessionStatus::Completed => "completed",
            SessionStatus::Abandoned => "abandoned",
        }
    }

    fn parse(raw: &str) -> Result<Self, ApiError> {
        serde_json::from_value(json!(raw)).map_err(ApiError::internal)
    }
}

/// A volunteer's walk of a cut.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = CanvassSession)]
pub struct Session {
    pub id: Uuid,
    pub cut_id: Uuid,
    pub cut_name: String,
    pub volunteer_id: Uuid,
    pub volunteer_name: String,
    pub status: SessionStatus,
    pub started_at: DateTime<Utc>,
    /// When it was completed or abandoned; null while active.
    pub ended_at: Option<DateTime<Utc>>,
    /// The latest of its start, a visit and a track point.
    pub last_activity_at: DateTime<Utc>,
    /// Households visited in it (each household of a whole-building visit).
    pub visits: i64,
    /// Metres walked: the track's length on the spheroid, over points no less
    /// accurate than 100 m.
    pub distance_m: f64,
}

/// The name shown for an account.
pub const VOLUNTEER_NAME: &str = "coalesce(nullif(u.display_name, ''), u.username)";

/// The columns every read selects, for [`from_row`], over [`FROM`].
pub fn columns() -> String {
    format!(
        "s.id, s.cut_id, c.name as cut_name, s.volunteer_id, {VOLUNTEER_NAME} as volunteer_name,
         s.status, s.started_at, s.ended_at, s.last_activity_at, s.distance_m,
         (select count(*) from canvass_visits v where v.session_id = s.id) as visits"
    )
}

/// The tables [`columns`] read.
pub const FROM: &str = "from canvass_sessions s join cuts c on c.id = s.cut_id
    join users u on u.id = s.volunteer_id";

pub fn from_row(row: &Row) -> Result<Session, ApiError> {
    Ok(Session {
        id: row.try_get("id")?,
        cut_id: row.try_get("cut_id")?,
        cut_name: row.try_get("cut_name")?,
        volunteer_id: row.try_get("volunteer_id")?,
        volunteer_name: row.try_get("volunteer_name")?,
        status: SessionStatus::parse(row.try_get("status")?)?,
        started_at: row.try_get("started_at")?,
        ended_at: row.try_get("ended_at")?,
        last_activity_at: row.try_get("last_activity_at")?,
        visits: row.try_get("visits")?,
        distance_m: row.try_get("distance_m")?,
    })
}

/// One session the caller may see; 404 otherwise.
pub async fn load(
    client: &impl GenericClient,
    id: Uuid,
    who: Canvasser,
) -> Result<Session, ApiError> {
    let sql = format!(
        "select {} {FROM} where s.id = $1 and ($2::uuid is null or s.volunteer_id = $2)",
        columns()
    );
    let row = client
        .query_opt(&sql, &[&id, &who.scope()])
        .await?
        .ok_or_else(|| ApiError::not_found("Session"))?;
    from_row(&row)
}

/// A session locked for a write, as the writer needs it.
#[derive(Debug, Clone, Copy)]
pub struct Locked {
    pub id: Uuid,
    pub cut_id: Uuid,
    pub status: SessionStatus,
    pub started_at: DateTime<Utc>,
}

impl Locked {
    /// 409 `SESSION_NOT_ACTIVE` unless it is active.
    pub fn require_active(&self) -> Result<(), ApiError> {
        if self.status == SessionStatus::Active {
            return Ok(());
        }
        Err(ApiError::conflict(
            "SESSION_NOT_ACTIVE",
            format!("This session is {}", self.status.as_str()),
        )
        .with_details(json!({ "status": self.status })))
    }
}

/// Locks a session for a write until the transaction ends: only the owner's,
/// or any for an admin when `admin_may` (404 otherwise).
pub async fn lock(
    tx: &Transaction<'_>,
    id: Uuid,
    who: Canvasser,
    admin_may: bool,
) -> Result<Locked, ApiError> {
    let scope = if admin_may { who.scope() } else { Some(who.id) };
    let row = tx
        .query_opt(
            "select cut_id, status, started_at from canvass_sessions
             where id = $1 and ($2::uuid is null or volunteer_id = $2) for update",
            &[&id, &scope],
        )
        .await?
        .ok_or_else(|| ApiError::not_found("Session"))?;
    Ok(Locked {
        id,
        cut_id: row.try_get("cut_id")?,
        status: SessionStatus::parse(row.try_get("status")?)?,
        started_at: row.try_get("started_at")?,
    })
}

/// Moves an active session's `last_activity_at` up to `at` (never past now, so a
/// phone's clock running ahead cannot keep a session alive).
pub async fn touch(tx: &Transaction<'_>, id: Uuid, at: DateTime<Utc>) -> Result<(), ApiError> {
    tx.execute(
        "update canvass_sessions set last_activity_at = greatest(last_activity_at, least($2, now()))
         where id = $1 and status = 'active'",
        &[&id, &at],
    )
    .await?;
    Ok(())
}

/// Ends every active session idle for more than 12 hours as `abandoned`, at its
/// last activity; answers how many (the scheduler's job).
pub async fn abandon_idle(client: &impl GenericClient) -> Result<u64, ApiError> {
    Ok(client
        .execute(
            "update canvass_sessions set status = 'abandoned', ended_at = last_activity_at
             where status = 'active' and last_activity_at < now() - interval '12 hours'",
            &[],
        )
        .await?)
}

/// What starts a session.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSession {
    /// The cut to walk.
    pub cut_id: Uuid,
}

/// Starts walking a cut. Only one session may be active at a time.
#[utoipa::path(post, path = "/api/canvass/sessions", tag = "canvass", security(("bearer" = [])),
    request_body = NewSession,
    responses((status = 201, description = "Started", body = DataOf<Session>),
              (status = 403, description = "A TEMP account"),
              (status = 404, description = "No such cut"),
              (status = 409, description = "`SESSION_ACTIVE`: the caller already has an active session, \
                                            named in `details.session_id`")))]
pub async fn start(
    who: Canvasser,
    State(state): State<AppState>,
    ApiJson(input): ApiJson<NewSession>,
) -> ApiResult<Created<Session>> {
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    // Held until commit, so the cut cannot be deleted under the new session.
    tx.query_opt(
        "select 1 from cuts where id = $1 for key share",
        &[&input.cut_id],
    )
    .await?
    .ok_or_else(|| ApiError::not_found("Cut"))?;
    // The partial unique index decides a race between two starts.
    let inserted = tx
        .query_opt(
            "insert into canvass_sessions (volunteer_id, cut_id) values ($1, $2)
             on conflict (volunteer_id) where status = 'active' do nothing
             returning id",
            &[&who.id, &input.cut_id],
        )
        .await?;
    let Some(row) = inserted else {
        let active: Option<Uuid> = tx
            .query_opt(
                "select id from canvass_sessions where volunteer_id = $1 and status = 'active'",
                &[&who.id],
            )
            .await?
            .map(|r| r.try_get(0))
            .transpose()?;
        return Err(ApiError::conflict(
            "SESSION_ACTIVE",
            "You already have an active session: complete it first",
        )
        .with_details(json!({ "session_id": active })));
    };
    let session = load(&tx, row.try_get(0)?, who).await?;
    tx.commit().await?;
    Ok(Created(session))
}

/// The caller's active session, or null.
#[utoipa::path(get, path = "/api/canvass/sessions/current", tag = "canvass", security(("bearer" = [])),
    responses((status = 200, description = "The active session or null", body = DataOf<Option<Session>>),
              (status = 403, description = "A TEMP account")))]
pub async fn current(
    who: Canvasser,
    State(state): State<AppState>,
) -> ApiResult<Data<Option<Session>>> {
    let client = db::client(&state.db).await?;
    let sql = format!(
        "select {} {FROM} where s.volunteer_id = $1 and s.status = 'active'",
        columns()
    );
    let row = client.query_opt(&sql, &[&who.id]).await?;
    Ok(Data(row.as_ref().map(from_row).transpose()?))
}

/// Filters of the list.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SessionFilter {
    status: Option<SessionStatus>,
    cut_id: Option<Uuid>,
    /// For an admin; a canvasser sees only their own sessions anyway.
    volunteer_id: Option<Uuid>,
}

/// Sessions, newest first: a canvasser's own, or everyone's for an admin.
#[utoipa::path(get, path = "/api/canvass/sessions", tag = "canvass", security(("bearer" = [])),
    params(Paging<50>, SessionFilter),
    responses((status = 200, description = "A page of sessions", body = PageOf<Session>),
              (status = 403, description = "A TEMP account")))]
pub async fn list(
    who: Canvasser,
    State(state): State<AppState>,
    Paging(page): Paging,
    ApiQuery(filter): ApiQuery<SessionFilter>,
) -> ApiResult<Paged<Session>> {
    let client = db::client(&state.db).await?;
    let status = filter.status.map(SessionStatus::as_str);
    let rows = paging::fetch(
        &client,
        &columns(),
        &format!(
            "{FROM} where ($1::uuid is null or s.volunteer_id = $1)
               and ($2::text is null or s.status = $2)
               and ($3::uuid is null or s.cut_id = $3)
               and ($4::uuid is null or s.volunteer_id = $4)"
        ),
        "s.started_at desc, s.id",
        &[&who.scope(), &status, &filter.cut_id, &filter.volunteer_id],
        page,
    )
    .await?;
    Paged::from_rows(rows, page, from_row)
}

/// One session.
#[utoipa::path(get, path = "/api/canvass/sessions/{id}", tag = "canvass", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Session id")),
    responses((status = 200, description = "The session", body = DataOf<Session>),
              (status = 403, description = "A TEMP account"),
              (status = 404, description = "No such session, or another canvasser's")))]
pub async fn get(
    who: Canvasser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Data<Session>> {
    let client = db::client(&state.db).await?;
    Ok(Data(load(&client, id, who).await?))
}

/// Ends an active session as completed.
#[utoipa::path(post, path = "/api/canvass/sessions/{id}/complete", tag = "canvass", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Session id")),
    responses((status = 200, description = "Completed", body = DataOf<Session>),
              (status = 403, description = "A TEMP account"),
              (status = 404, description = "No such session, or another canvasser's"),
              (status = 409, description = "`SESSION_NOT_ACTIVE`: already completed or abandoned")))]
pub async fn complete(
    who: Canvasser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Data<Session>> {
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    lock(&tx, id, who, true).await?.require_active()?;
    tx.execute(
        "update canvass_sessions set status = 'completed', ended_at = now() where id = $1",
        &[&id],
    )
    .await?;
    let session = load(&tx, id, who).await?;
    tx.commit().await?;
    Ok(Data(session))
}
