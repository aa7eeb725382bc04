//! The public map (anyone, no account): where lawn signs stand, the cuts'
//! outlines, and the tile configuration. Nothing here names a household: no
//! address, occupant, contact, support level or note ever leaves through it.

use axum::extract::State;
use serde::Serialize;
use shared::http::{Data, DataOf};
use shared::{ApiResult, AppState, db};

use crate::cuts::CutCategory;

/// The most signs one answer carries.
pub const MAX_SIGNS: i64 = 20_000;

/// Where the map's tiles come from.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct MapSettings {
    /// A Leaflet tile URL template (`{z}/{x}/{y}`).
    pub tile_url: String,
    /// The attribution the tiles require (HTML).
    pub tile_attribution: String,
}

/// The tile configuration the SPA's maps use.
#[utoipa::path(get, path = "/api/public/map/settings", tag = "map",
    responses((status = 200, description = "The tile settings", body = DataOf<MapSettings>)))]
pub async fn settings(State(state): State<AppState>) -> ApiResult<Data<MapSettings>> {
    Ok(Data(MapSettings {
        tile_url: state.config.map.tile_url.clone(),
        tile_attribution: state.config.map.tile_attribution.clone(),
    }))
}

/// A lawn sign on the public map: a point and a size, nothing else.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PublicSign {
    pub lng: f64,
    pub lat: f64,
    /// `small`, `medium`, `large`, or null when not recorded.
    pub size: Option<String>,
}

/// Where the campaign's lawn signs stand.
#[utoipa::path(get, path = "/api/public/map/signs", tag = "map",
    responses((status = 200, description = "The signs", body = DataOf<Vec<PublicSign>>)))]
pub async fn signs(State(state): State<AppState>) -> ApiResult<Data<Vec<PublicSign>>> {
    let client = db::client(&state.db).await?;
    let rows = client
        .query(
            "select ST_X(point) as lng, ST_Y(point) as lat, lawn_sign_size
             from locations where lawn_sign and point is not null
             order by id limit $1",
            &[&MAX_SIGNS],
        )
        .await?;
    let signs = rows
        .iter()
        .map(|row| {
            Ok(PublicSign {
                lng: row.try_get("lng")?,
                lat: row.try_get("lat")?,
                size: row.try_get("lawn_sign_size")?,
            })
        })
        .collect::<Result<_, shared::ApiError>>()?;
    Ok(Data(signs))
}

/// A cut's outline on the public map.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PublicCut {
    pub name: String,
    pub category: CutCategory,
    pub colour: String,
    /// A GeoJSON MultiPolygon.
    #[schema(value_type = Object)]
    pub geometry: serde_json::Value,
}

/// The cuts' outlines.
#[utoipa::path(get, path = "/api/public/map/cuts", tag = "map",
    responses((status = 200, description = "The cuts", body = DataOf<Vec<PublicCut>>)))]
pub async fn cuts(State(state): State<AppState>) -> ApiResult<Data<Vec<PublicCut>>> {
    let client = db::client(&state.db).await?;
    let rows = client
        .query(
            "select name, category, colour, ST_AsGeoJSON(geom, 6)::jsonb as geometry
             from cuts order by name, id limit 1000",
            &[],
        )
        .await?;
    let cuts = rows
        .iter()
        .map(|row| {
            Ok(PublicCut {
                name: row.try_get("name")?,
                category: serde_json::from_value(serde_json::Value::from(
                    row.try_get::<_, String>("category")?,
                ))
                .map_err(shared::ApiError::internal)?,
                colour: row.try_get("colour")?,
                geometry: row.try_get("geometry")?,
            })
        })
        .collect::<Result<_, shared::ApiError>>()?;
    Ok(Data(cuts))
}
