//! The cuts a volunteer may choose to walk, with how much of each is done. The
//! same progress feeds the admins' dashboard.

use axum::extract::State;
use serde::Serialize;
use serde_json::Value;
use shared::db::GenericClient;
use shared::http::{Data, DataOf};
use shared::{ApiError, ApiResult, AppState, db};
use uuid::Uuid;

use crate::access::Canvasser;

/// A cut and its progress.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CanvassCut {
    pub id: Uuid,
    pub name: String,
    /// `custom`, `ward`, `neighbourhood` or `district`.
    pub category: String,
    /// `#rrggbb`.
    pub colour: String,
    /// A GeoJSON MultiPolygon.
    #[schema(value_type = Object)]
    pub geometry: Value,
    /// Households inside.
    pub addresses: i64,
    /// Of those, visited at least once.
    pub visited: i64,
    /// `visited / addresses` in percent, one decimal; 0 for an empty cut.
    pub coverage_pct: f64,
}

/// Every cut with its progress, by name.
pub async fn progress(client: &impl GenericClient) -> Result<Vec<CanvassCut>, ApiError> {
    let rows = client
        .query(
            "select c.id, c.name, c.category, c.colour, ST_AsGeoJSON(c.geom, 7)::jsonb as geometry,
                    count(l.id) as addresses, count(l.last_visited_at) as visited,
                    coalesce(round(100.0 * count(l.last_visited_at) / nullif(count(l.id), 0), 1),
                             0)::float8 as coverage_pct
             from cuts c left join locations l on ST_Covers(c.geom, l.point)
             group by c.id
             order by c.name, c.id",
            &[],
        )
        .await?;
    rows.iter()
        .map(|row| {
            Ok(CanvassCut {
                id: row.try_get("id")?,
                name: row.try_get("name")?,
                category: row.try_get("category")?,
                colour: row.try_get("colour")?,
                geometry: row.try_get("geometry")?,
                addresses: row.try_get("addresses")?,
                visited: row.try_get("visited")?,
                coverage_pct: row.try_get("coverage_pct")?,
            })
        })
        .collect()
}

/// The cuts to walk, by name, with their progress.
#[utoipa::path(get, path = "/api/canvass/cuts", tag = "canvass", security(("bearer" = [])),
    responses((status = 200, description = "Every cut", body = DataOf<Vec<CanvassCut>>),
              (status = 403, description = "A TEMP account")))]
pub async fn list(
    _who: Canvasser,
    State(state): State<AppState>,
) -> ApiResult<Data<Vec<CanvassCut>>> {
    let client = db::client(&state.db).await?;
    Ok(Data(progress(&client).await?))
}
