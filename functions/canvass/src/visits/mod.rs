//! Visits: one door knocked. [`record`] is the one recorder behind the single
//! route and the offline sync, so the rules live once: the id is the phone's
//! (a replay answers the stored visit, first write wins), the session is the
//! caller's, the household is inside its cut, the time is plausible, and the
//! household keeps only its latest visit ([`latest`]). The single route and
//! the live feed are here; the rules on a visit's fields are in [`input`].

pub mod input;
pub mod latest;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use shared::db::{GenericClient, Transaction};
use shared::http::{ApiJson, ApiQuery, Data, DataOf};
use shared::paging::{self, PageOf, Paged, Paging};
use shared::{ApiError, ApiResult, AppState, db, rate_limit};
use tokio_postgres::Row;
use uuid::Uuid;

pub use input::{Outcome, SignSize, VisitInput};

use crate::access::Canvasser;
use crate::sessions::{self, VOLUNTEER_NAME};

/// Visits one canvasser may record per minute (a whole building counts once).
pub const PER_MINUTE: u32 = 30;

/// How far a phone's clock may run ahead, and how long before its session's
/// start a visit may be dated.
const SLACK: Duration = Duration::minutes(5);

/// A visit as recorded.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = CanvassVisit)]
pub struct Visit {
    pub id: Uuid,
    pub session_id: Uuid,
    pub location_id: Uuid,
    pub address: String,
    pub unit: String,
    pub volunteer_id: Uuid,
    pub volunteer_name: String,
    pub outcome: Outcome,
    pub support_level: Option<i16>,
    pub sign_requested: bool,
    pub sign_size: Option<SignSize>,
    pub notes: String,
    /// When the door was knocked (the phone's time).
    pub visited_at: DateTime<Utc>,
    /// When the server stored it.
    pub recorded_at: DateTime<Utc>,
}

fn columns() -> String {
    format!(
        "v.id, v.session_id, v.location_id, l.address, l.unit, v.volunteer_id,
         {VOLUNTEER_NAME} as volunteer_name, v.outcome, v.support_level, v.sign_requested,
         v.sign_size, v.notes, v.visited_at, v.recorded_at"
    )
}

const FROM: &str = "from canvass_visits v join locations l on l.id = v.location_id
    join users u on u.id = v.volunteer_id";

fn from_row(row: &Row) -> Result<Visit, ApiError> {
    Ok(Visit {
        id: row.try_get("id")?,
        session_id: row.try_get("session_id")?,
        location_id: row.try_get("location_id")?,
        address: row.try_get("address")?,
        unit: row.try_get("unit")?,
        volunteer_id: row.try_get("volunteer_id")?,
        volunteer_name: row.try_get("volunteer_name")?,
        outcome: Outcome::parse(row.try_get("outcome")?)?,
        support_level: row.try_get("support_level")?,
        sign_requested: row.try_get("sign_requested")?,
        sign_size: row
            .try_get::<_, Option<&str>>("sign_size")?
            .map(SignSize::parse)
            .transpose()?,
        notes: row.try_get("notes")?,
        visited_at: row.try_get("visited_at")?,
        recorded_at: row.try_get("recorded_at")?,
    })
}

/// The stored visit `id` when it is the caller's; 409 `CONFLICT` when the id
/// is another volunteer's (nothing about it is told).
pub async fn stored(
    client: &impl GenericClient,
    id: Uuid,
    who: Canvasser,
) -> Result<Option<Visit>, ApiError> {
    if !seen(client, id, who).await? {
        return Ok(None);
    }
    let sql = format!("select {} {FROM} where v.id = $1", columns());
    let row = client.query_one(&sql, &[&id]).await?;
    Ok(Some(from_row(&row)?))
}

/// Whether the caller already recorded visit `id`; 409 `CONFLICT` when the id
/// is another volunteer's.
async fn seen(client: &impl GenericClient, id: Uuid, who: Canvasser) -> Result<bool, ApiError> {
    let owner: Option<Uuid> = client
        .query_opt(
            "select volunteer_id from canvass_visits where id = $1",
            &[&id],
        )
        .await?
        .map(|row| row.try_get(0))
        .transpose()?;
    match owner {
        None => Ok(false),
        Some(owner) if owner == who.id => Ok(true),
        Some(_) => Err(ApiError::conflict(
            "CONFLICT",
            "This visit id is already used: generate a new one",
        )),
    }
}

/// What [`record`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recorded {
    /// Stored now.
    New,
    /// The id was already stored: nothing changed.
    Duplicate,
}

/// Where a visit comes from, which decides two rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// Recorded as it happens: only into an active session; the per-minute
    /// limit is the caller's (counted by the route).
    Live,
    /// Synced from the phone later: into any of the caller's sessions; at most
    /// [`PER_MINUTE`] visits in any minute of `visited_at`.
    Sync,
}

/// Records one visit in `tx` (the caller commits): every rule of a visit, the
/// whole building when asked, and the households' latest visit.
pub async fn record(
    tx: &Transaction<'_>,
    who: Canvasser,
    mut input: VisitInput,
    source: Source,
) -> Result<Recorded, ApiError> {
    if seen(tx, input.id, who).await? {
        return Ok(Recorded::Duplicate);
    }
    input.check()?;
    let session = sessions::lock(tx, input.session_id, who, false).await?;
    if source == Source::Live {
        session.require_active()?;
    }
    let now = Utc::now();
    if input.visited_at > now + SLACK {
        return Err(ApiError::invalid_field(
            "visited_at",
            "Must not be in the future: check the phone's clock",
        ));
    }
    if input.visited_at < session.started_at - SLACK {
        return Err(ApiError::invalid_field(
            "visited_at",
            "Must not be before the session started",
        ));
    }
    if source == Source::Sync {
        within_minute(tx, who, input.visited_at).await?;
    }
    let households = households(tx, session.cut_id, &input).await?;
    let Some(inserted) = insert(tx, &input, input.location_id, who, None).await? else {
        // Another request stored this id since the first look.
        return match seen(tx, input.id, who).await? {
            true => Ok(Recorded::Duplicate),
            false => Err(ApiError::retry()),
        };
    };
    let mut applied = vec![inserted];
    for location in households {
        if let Some(id) = insert(tx, &input, location, who, Some(input.id)).await? {
            applied.push(id);
        }
    }
    for location in applied {
        latest::apply(tx, location, &input, who).await?;
    }
    sessions::touch(tx, session.id, input.visited_at).await?;
    Ok(Recorded::New)
}

/// The other households a whole-building visit covers: those of the cut at the
/// same street address (any unit). 422 naming `location_id` when the household
/// is not inside the session's cut.
async fn households(
    tx: &Transaction<'_>,
    cut: Uuid,
    input: &VisitInput,
) -> Result<Vec<Uuid>, ApiError> {
    let inside = tx
        .query_opt(
            "select l.address from cuts c join locations l on ST_Covers(c.geom, l.point)
             where c.id = $1 and l.id = $2",
            &[&cut, &input.location_id],
        )
        .await?
        .ok_or_else(|| {
            ApiError::invalid_field("location_id", "This household is not in the session's cut")
        })?;
    if !input.whole_building() {
        return Ok(Vec::new());
    }
    let address: String = inside.try_get(0)?;
    let rows = tx
        .query(
            "select l.id from cuts c join locations l on ST_Covers(c.geom, l.point)
             where c.id = $1 and l.id <> $2
               and map_address_key(l.address, '') = map_address_key($3, '')
             order by l.id",
            &[&cut, &input.location_id, &address],
        )
        .await?;
    rows.iter()
        .map(|r| r.try_get(0).map_err(ApiError::from))
        .collect()
}

/// Inserts the visit for `location` (the recorded one, or a household of the
/// same building with the id derived from both); answers the location when the
/// row is new.
async fn insert(
    tx: &Transaction<'_>,
    input: &VisitInput,
    location: Uuid,
    who: Canvasser,
    building_of: Option<Uuid>,
) -> Result<Option<Uuid>, ApiError> {
    let id = match building_of {
        None => input.id,
        Some(visit) => Uuid::new_v5(&visit, location.as_bytes()),
    };
    let row = tx
        .query_opt(
            "insert into canvass_visits (id, session_id, location_id, volunteer_id, outcome,
                 support_level, sign_requested, sign_size, notes, visited_at, whole_building_of)
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
             on conflict (id) do nothing
             returning location_id",
            &[
                &id,
                &input.session_id,
                &location,
                &who.id,
                &input.outcome.as_str(),
                &input.support_level,
                &input.sign_requested(),
                &input.sign_size.map(SignSize::as_str),
                &input.notes(),
                &input.visited_at,
                &building_of,
            ],
        )
        .await?;
    Ok(row.map(|r| r.try_get(0)).transpose()?)
}

/// 429 when the caller already has [`PER_MINUTE`] visits (a building counted
/// once) dated in the minute of `at`. Visits of one caller are counted one at a
/// time (an advisory lock until commit), so two syncs cannot both slip under.
async fn within_minute(
    tx: &Transaction<'_>,
    who: Canvasser,
    at: DateTime<Utc>,
) -> Result<(), ApiError> {
    tx.query_one(
        "select pg_advisory_xact_lock(hashtextextended('canvass-visits:' || $1::uuid::text, 0))",
        &[&who.id],
    )
    .await?;
    let count: i64 = tx
        .query_one(
            "select count(*) from canvass_visits
             where volunteer_id = $1 and whole_building_of is null
               and visited_at >= date_trunc('minute', $2::timestamptz)
               and visited_at < date_trunc('minute', $2::timestamptz) + interval '1 minute'",
            &[&who.id, &at],
        )
        .await?
        .try_get(0)?;
    if count >= i64::from(PER_MINUTE) {
        return Err(ApiError::too_many_requests(60));
    }
    Ok(())
}

/// A visit just recorded (201), or the stored one for a replayed id (200).
pub enum Answer {
    Created(Visit),
    Replayed(Visit),
}

impl IntoResponse for Answer {
    fn into_response(self) -> Response {
        match self {
            Answer::Created(visit) => (StatusCode::CREATED, Data(visit)).into_response(),
            Answer::Replayed(visit) => Data(visit).into_response(),
        }
    }
}

/// Records a visit as it happens. The same id again answers the stored visit
/// with 200 and changes nothing.
#[utoipa::path(post, path = "/api/canvass/visits", tag = "canvass", security(("bearer" = [])),
    request_body = VisitInput,
    responses((status = 201, description = "Recorded", body = DataOf<Visit>),
              (status = 200, description = "This id was already recorded: the stored visit", body = DataOf<Visit>),
              (status = 403, description = "A TEMP account"),
              (status = 404, description = "No such session, or another canvasser's"),
              (status = 409, description = "`SESSION_NOT_ACTIVE`, or `CONFLICT`: the id is another visit's"),
              (status = 422, description = "A rule on a field is broken, named in details"),
              (status = 429, description = "`RATE_LIMITED`: more than 30 visits in a minute")))]
pub async fn create(
    who: Canvasser,
    State(state): State<AppState>,
    ApiJson(input): ApiJson<VisitInput>,
) -> ApiResult<Answer> {
    {
        let client = db::client(&state.db).await?;
        if let Some(visit) = stored(&client, input.id, who).await? {
            return Ok(Answer::Replayed(visit));
        }
    }
    // The limiter takes its own connection: none is held meanwhile, so a pool
    // of two never waits on itself.
    rate_limit::hit(
        &state,
        &format!("canvass:visits:{}", who.id),
        PER_MINUTE,
        60,
    )
    .await?;
    let mut client = db::client(&state.db).await?;
    let id = input.id;
    let tx = client.transaction().await?;
    let recorded = record(&tx, who, input, Source::Live).await?;
    let visit = stored(&tx, id, who)
        .await?
        .ok_or_else(|| ApiError::internal("a visit just stored is missing"))?;
    tx.commit().await?;
    Ok(match recorded {
        Recorded::New => Answer::Created(visit),
        Recorded::Duplicate => Answer::Replayed(visit),
    })
}

/// Filters of the feed.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct VisitFilter {
    /// Only visits recorded at or after this time.
    since: Option<DateTime<Utc>>,
    cut_id: Option<Uuid>,
    session_id: Option<Uuid>,
    /// For an admin; a canvasser sees only their own visits anyway.
    volunteer_id: Option<Uuid>,
    outcome: Option<Outcome>,
}

/// The live feed: visits, newest recorded first; a canvasser's own, or
/// everyone's for an admin.
#[utoipa::path(get, path = "/api/canvass/visits", tag = "canvass", security(("bearer" = [])),
    params(Paging<50>, VisitFilter),
    responses((status = 200, description = "A page of visits", body = PageOf<Visit>),
              (status = 403, description = "A TEMP account")))]
pub async fn list(
    who: Canvasser,
    State(state): State<AppState>,
    Paging(page): Paging,
    ApiQuery(filter): ApiQuery<VisitFilter>,
) -> ApiResult<Paged<Visit>> {
    let client = db::client(&state.db).await?;
    let outcome = filter.outcome.map(Outcome::as_str);
    let rows = paging::fetch(
        &client,
        &columns(),
        &format!(
            "{FROM} where ($1::uuid is null or v.volunteer_id = $1)
               and ($2::timestamptz is null or v.recorded_at >= $2)
               and ($3::uuid is null or v.session_id in
                    (select s.id from canvass_sessions s where s.cut_id = $3))
               and ($4::uuid is null or v.session_id = $4)
               and ($5::uuid is null or v.volunteer_id = $5)
               and ($6::text is null or v.outcome = $6)"
        ),
        "v.recorded_at desc, v.id",
        &[
            &who.scope(),
            &filter.since,
            &filter.cut_id,
            &filter.session_id,
            &filter.volunteer_id,
            &outcome,
        ],
        page,
    )
    .await?;
    Paged::from_rows(rows, page, from_row)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn building_ids_are_stable_and_distinct_per_household() {
        let visit = Uuid::new_v4();
        let (a, b) = (Uuid::new_v4(), Uuid::new_v4());
        assert_eq!(
            Uuid::new_v5(&visit, a.as_bytes()),
            Uuid::new_v5(&visit, a.as_bytes())
        );
        assert_ne!(
            Uuid::new_v5(&visit, a.as_bytes()),
            Uuid::new_v5(&visit, b.as_bytes())
        );
    }
}
