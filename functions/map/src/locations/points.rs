//! `GET /api/locations/points`: every placed location as a light marker for
//! the organisers' clustered map (no contacts: the editor loads those).

use axum::extract::State;
use serde::Serialize;
use shared::auth::{AuthUser, Role};
use shared::http::{Data, DataOf};
use shared::{ApiResult, AppState, db};
use uuid::Uuid;

/// The most markers one answer carries.
pub const MAX_POINTS: i64 = 100_000;

/// A marker.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Marker {
    pub id: Uuid,
    pub lng: f64,
    pub lat: f64,
    pub address: String,
    pub unit: String,
    pub support_level: Option<i16>,
    pub lawn_sign: bool,
    /// Whether a canvasser has visited.
    pub visited: bool,
}

/// The placed locations as markers.
#[utoipa::path(get, path = "/api/locations/points", tag = "map", security(("bearer" = [])),
    responses((status = 200, description = "The markers", body = DataOf<Vec<Marker>>),
              (status = 403, description = "Not MAP_ADMIN")))]
pub async fn list(user: AuthUser, State(state): State<AppState>) -> ApiResult<Data<Vec<Marker>>> {
    user.require(Role::MapAdmin)?;
    let client = db::client(&state.db).await?;
    let rows = client
        .query(
            "select id, ST_X(point) as lng, ST_Y(point) as lat, address, unit, support_level,
                    lawn_sign, last_visited_at is not null as visited
             from locations where point is not null order by id limit $1",
            &[&MAX_POINTS],
        )
        .await?;
    let markers = rows
        .iter()
        .map(|row| {
            Ok(Marker {
                id: row.try_get("id")?,
                lng: row.try_get("lng")?,
                lat: row.try_get("lat")?,
                address: row.try_get("address")?,
                unit: row.try_get("unit")?,
                support_level: row.try_get("support_level")?,
                lawn_sign: row.try_get("lawn_sign")?,
                visited: row.try_get("visited")?,
            })
        })
        .collect::<Result<_, shared::ApiError>>()?;
    Ok(Data(markers))
}
