//! The households of a session's cut, in a suggested walking order, as the
//! phone keeps them for the walk: address, unit, occupant name and support
//! data only. The occupant's email and phone are never selected.

use axum::extract::State;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use shared::error::FieldErrors;
use shared::http::{ApiPath, ApiQuery, Data, DataOf};
use shared::{ApiResult, AppState, db};
use uuid::Uuid;

use crate::access::Canvasser;
use crate::sessions;
use crate::visits::Outcome;
use crate::walk::{self, LatLng};

/// "Today" for canvassing: the last 24 hours (the platform has no site time
/// zone, and a walk never spans a day).
pub const TODAY: &str = "now() - interval '24 hours'";

/// A household on the walk.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Household {
    pub id: Uuid,
    pub address: String,
    pub unit: String,
    pub occupant_name: String,
    pub lat: f64,
    pub lng: f64,
    /// 1 (strong support) to 4 (opposed).
    pub support_level: Option<i16>,
    pub lawn_sign: bool,
    pub last_visited_at: Option<DateTime<Utc>>,
    pub last_visit_outcome: Option<Outcome>,
    /// 1-based position in the suggested walking order.
    pub order: i64,
    /// Metres from the given position on the spheroid; null without one.
    pub distance_m: Option<f64>,
}

/// Where the volunteer stands.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Position {
    /// Latitude, -90 to 90; with `lng`.
    lat: Option<f64>,
    /// Longitude, -180 to 180; with `lat`.
    lng: Option<f64>,
}

impl Position {
    /// The position, if both halves were given; 422 naming the bad one.
    fn checked(&self) -> Result<Option<LatLng>, shared::ApiError> {
        let mut errors = FieldErrors::new();
        errors.range("lat", self.lat, -90.0, 90.0, "degrees");
        errors.range("lng", self.lng, -180.0, 180.0, "degrees");
        match (self.lat, self.lng) {
            (Some(_), None) => errors.add("lng", "Give lng with lat"),
            (None, Some(_)) => errors.add("lat", "Give lat with lng"),
            _ => {}
        }
        errors.finish()?;
        Ok(self.lat.zip(self.lng).map(|(lat, lng)| LatLng { lat, lng }))
    }
}

/// The households of the session's cut (those with a point), in walking order:
/// from the given position (or the cut's centre) to the nearest household,
/// then each step to the nearest one left; households visited today or in this
/// session come after the others.
#[utoipa::path(get, path = "/api/canvass/sessions/{id}/households", tag = "canvass", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Session id"), Position),
    responses((status = 200, description = "The walk", body = DataOf<Vec<Household>>),
              (status = 403, description = "A TEMP account"),
              (status = 404, description = "No such session, or another canvasser's")))]
pub async fn list(
    who: Canvasser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(position): ApiQuery<Position>,
) -> ApiResult<Data<Vec<Household>>> {
    let position = position.checked()?;
    let client = db::client(&state.db).await?;
    let session = sessions::load(&client, id, who).await?;
    let (lat, lng) = (position.map(|p| p.lat), position.map(|p| p.lng));
    let sql = format!(
        "with cut as materialized (
             select c.geom, ST_Y(ST_Centroid(c.geom)) as centre_lat,
                    ST_X(ST_Centroid(c.geom)) as centre_lng
             from cuts c where c.id = $1)
         select l.id, l.address, l.unit, l.occupant_name, ST_Y(l.point) as lat, ST_X(l.point) as lng,
                l.support_level, l.lawn_sign, l.last_visited_at, l.last_visit_outcome,
                case when $3::float8 is null then null
                     else ST_Distance(l.point::geography,
                                      ST_SetSRID(ST_MakePoint($3, $4), 4326)::geography) end as distance_m,
                (l.last_visited_at >= {TODAY} or exists (
                    select 1 from canvass_visits v where v.location_id = l.id and v.session_id = $2)) as done,
                cut.centre_lat, cut.centre_lng
         from cut join locations l on ST_Covers(cut.geom, l.point)
         order by l.address, l.unit, l.id"
    );
    let rows = client
        .query(&sql, &[&session.cut_id, &id, &lng, &lat])
        .await?;
    let mut households = Vec::with_capacity(rows.len());
    let (mut stops, mut later) = (
        Vec::with_capacity(rows.len()),
        Vec::with_capacity(rows.len()),
    );
    let mut centre = None;
    for row in &rows {
        let household = Household {
            id: row.try_get("id")?,
            address: row.try_get("address")?,
            unit: row.try_get("unit")?,
            occupant_name: row.try_get("occupant_name")?,
            lat: row.try_get("lat")?,
            lng: row.try_get("lng")?,
            support_level: row.try_get("support_level")?,
            lawn_sign: row.try_get("lawn_sign")?,
            last_visited_at: row.try_get("last_visited_at")?,
            last_visit_outcome: row
                .try_get::<_, Option<&str>>("last_visit_outcome")?
                .map(Outcome::parse)
                .transpose()?,
            order: 0,
            distance_m: row.try_get("distance_m")?,
        };
        stops.push(LatLng {
            lat: household.lat,
            lng: household.lng,
        });
        later.push(row.try_get::<_, Option<bool>>("done")?.unwrap_or(false));
        centre.get_or_insert(LatLng {
            lat: row.try_get("centre_lat")?,
            lng: row.try_get("centre_lng")?,
        });
        households.push(household);
    }
    let Some(start) = position.or(centre) else {
        return Ok(Data(households));
    };
    let walk = walk::order(&stops, &later, start);
    let mut slots: Vec<Option<Household>> = households.into_iter().map(Some).collect();
    let mut ordered = Vec::with_capacity(walk.len());
    for (n, i) in walk.into_iter().enumerate() {
        if let Some(mut household) = slots.get_mut(i).and_then(Option::take) {
            household.order = n as i64 + 1;
            ordered.push(household);
        }
    }
    Ok(Data(ordered))
}
