//! The organisers' view of canvassing (MAP_ADMIN): who is out now and where
//! they last were, the leaderboard, each cut's completion, and today's totals.

use axum::extract::State;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use shared::http::{ApiQuery, Data, DataOf};
use shared::{ApiError, ApiResult, AppState, db};
use uuid::Uuid;

use crate::access::CanvassAdmin;
use crate::cuts;
use crate::households::TODAY;
use crate::sessions::{self, FROM, Session, VOLUNTEER_NAME};

/// Active sessions shown at most.
const MAX_ACTIVE: i64 = 500;
/// Volunteers on the leaderboard.
const LEADERS: i64 = 20;

/// The latest GPS fix of a session.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct LastPoint {
    pub lat: f64,
    pub lng: f64,
    pub recorded_at: DateTime<Utc>,
}

/// A session under way, with where its volunteer last was.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ActiveSession {
    #[serde(flatten)]
    pub session: Session,
    /// Null until the phone sends a point.
    pub last_point: Option<LastPoint>,
}

/// One volunteer's work since `since`.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Leader {
    pub volunteer_id: Uuid,
    pub volunteer_name: String,
    /// Households visited.
    pub visits: i64,
    /// Of those, where someone answered.
    pub spoke_with: i64,
    /// Sessions started.
    pub sessions: i64,
    /// Metres walked in those sessions.
    pub distance_m: f64,
}

/// A cut's completion.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CutProgress {
    pub cut_id: Uuid,
    pub name: String,
    pub colour: String,
    pub addresses: i64,
    pub visited: i64,
    pub coverage_pct: f64,
}

/// Today's numbers (the last 24 hours).
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[schema(as = CanvassTotals)]
pub struct Totals {
    pub visits_today: i64,
    pub active_sessions: i64,
    /// Volunteers who visited a household or walked today.
    pub volunteers_today: i64,
}

/// The dashboard.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[schema(as = CanvassDashboard)]
pub struct Dashboard {
    /// Newest first.
    pub active_sessions: Vec<ActiveSession>,
    /// The top 20 by visits, then distance.
    pub leaderboard: Vec<Leader>,
    /// Every cut, by name.
    pub cuts: Vec<CutProgress>,
    pub totals: Totals,
}

/// The leaderboard's period.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Since {
    /// The leaderboard counts from this time; default the last 7 days.
    since: Option<DateTime<Utc>>,
}

/// Canvassing at a glance.
#[utoipa::path(get, path = "/api/canvass/dashboard", tag = "canvass", security(("bearer" = [])),
    params(Since),
    responses((status = 200, description = "The dashboard", body = DataOf<Dashboard>),
              (status = 403, description = "Not MAP_ADMIN")))]
pub async fn get(
    _admin: CanvassAdmin,
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<Since>,
) -> ApiResult<Data<Dashboard>> {
    let since = query
        .since
        .unwrap_or_else(|| Utc::now() - Duration::days(7));
    let client = db::client(&state.db).await?;
    let sql = format!(
        "select {}, lp.lat as last_lat, lp.lng as last_lng, lp.recorded_at as last_recorded_at
         {FROM}
         left join lateral (
             select ST_Y(p.point) as lat, ST_X(p.point) as lng, p.recorded_at
             from canvass_track_points p where p.session_id = s.id
             order by p.recorded_at desc limit 1) lp on true
         where s.status = 'active'
         order by s.started_at desc, s.id
         limit $1",
        sessions::columns()
    );
    let active_sessions = client
        .query(&sql, &[&MAX_ACTIVE])
        .await?
        .iter()
        .map(|row| {
            let recorded_at: Option<DateTime<Utc>> = row.try_get("last_recorded_at")?;
            let last_point = match recorded_at {
                Some(recorded_at) => Some(LastPoint {
                    lat: row.try_get("last_lat")?,
                    lng: row.try_get("last_lng")?,
                    recorded_at,
                }),
                None => None,
            };
            Ok(ActiveSession {
                session: sessions::from_row(row)?,
                last_point,
            })
        })
        .collect::<Result<_, ApiError>>()?;
    let leaderboard = leaderboard(&client, since).await?;
    let cuts = cuts::progress(&client)
        .await?
        .into_iter()
        .map(|c| CutProgress {
            cut_id: c.id,
            name: c.name,
            colour: c.colour,
            addresses: c.addresses,
            visited: c.visited,
            coverage_pct: c.coverage_pct,
        })
        .collect();
    let totals = totals(&client).await?;
    Ok(Data(Dashboard {
        active_sessions,
        leaderboard,
        cuts,
        totals,
    }))
}

async fn leaderboard(client: &db::Client, since: DateTime<Utc>) -> Result<Vec<Leader>, ApiError> {
    let sql = format!(
        "with v as (
             select volunteer_id, count(*) as visits,
                    count(*) filter (where outcome = 'spoke_with') as spoke_with
             from canvass_visits where visited_at >= $1 group by volunteer_id),
         s as (
             select volunteer_id, count(*) as sessions, sum(distance_m) as distance_m
             from canvass_sessions where started_at >= $1 group by volunteer_id)
         select u.id, {VOLUNTEER_NAME} as volunteer_name, coalesce(v.visits, 0) as visits,
                coalesce(v.spoke_with, 0) as spoke_with, coalesce(s.sessions, 0) as sessions,
                coalesce(s.distance_m, 0) as distance_m
         from v full join s using (volunteer_id) join users u on u.id = volunteer_id
         order by visits desc, distance_m desc, u.id
         limit $2"
    );
    client
        .query(&sql, &[&since, &LEADERS])
        .await?
        .iter()
        .map(|row| {
            Ok(Leader {
                volunteer_id: row.try_get("id")?,
                volunteer_name: row.try_get("volunteer_name")?,
                visits: row.try_get("visits")?,
                spoke_with: row.try_get("spoke_with")?,
                sessions: row.try_get("sessions")?,
                distance_m: row.try_get("distance_m")?,
            })
        })
        .collect()
}

async fn totals(client: &db::Client) -> Result<Totals, ApiError> {
    let sql = format!(
        "select
             (select count(*) from canvass_visits where visited_at >= {TODAY}) as visits_today,
             (select count(*) from canvass_sessions where status = 'active') as active_sessions,
             (select count(distinct volunteer_id) from (
                  select volunteer_id from canvass_visits where visited_at >= {TODAY}
                  union all
                  select volunteer_id from canvass_sessions where last_activity_at >= {TODAY}) t
             ) as volunteers_today"
    );
    let row = client.query_one(&sql, &[]).await?;
    Ok(Totals {
        visits_today: row.try_get("visits_today")?,
        active_sessions: row.try_get("active_sessions")?,
        volunteers_today: row.try_get("volunteers_today")?,
    })
}
