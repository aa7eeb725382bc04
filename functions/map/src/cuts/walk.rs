//! A cut's walk sheet: its locations in walking order, as JSON for the SPA,
//! as a printable HTML page and as a PDF (`pdf.rs`). The order is a nearest-neighbour route from
//! the cut's first vertex: good enough on a street grid, and units of one
//! building come together (they share a point). The sheet carries what a
//! canvasser at the door needs, never an occupant's contacts.

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use serde::Serialize;
use shared::auth::{AuthUser, Role};
use shared::http::{ApiPath, Data, DataOf};
use shared::templates::escape_html;
use shared::{ApiError, ApiResult, AppState, db};
use uuid::Uuid;

use super::inside::INSIDE;
use crate::locations::fields::Point;

/// The most stops one sheet lists; a bigger cut is split first.
pub const MAX_STOPS: i64 = 3000;

/// One door on the route.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Stop {
    /// 1, 2, 3, … in walking order.
    pub order: usize,
    pub location_id: Uuid,
    pub address: String,
    pub unit: String,
    pub occupant_name: String,
    pub support_level: Option<i16>,
    pub lawn_sign: bool,
    pub notes: String,
    pub last_visit_outcome: Option<String>,
    pub point: Point,
    /// Metres from the previous stop (from the start for the first).
    pub distance_m: f64,
}

/// A cut's route.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct WalkSheet {
    pub cut_id: Uuid,
    pub cut_name: String,
    /// Where the route starts: the cut's first vertex.
    pub start: Point,
    pub stops: Vec<Stop>,
    /// The route's length in metres.
    pub total_distance_m: f64,
}

/// The distance in metres between two nearby points (equirectangular: within
/// a cut, indistinguishable from the great circle).
pub fn metres(a: Point, b: Point) -> f64 {
    const EARTH_RADIUS_M: f64 = 6_371_008.8;
    let lat = ((a.lat + b.lat) / 2.0).to_radians();
    let x = (b.lng - a.lng).to_radians() * lat.cos();
    let y = (b.lat - a.lat).to_radians();
    (x * x + y * y).sqrt() * EARTH_RADIUS_M
}

/// Orders `stops` by nearest neighbour from `start`, filling in `order` and
/// `distance_m`. Ties keep the input order (address, unit).
pub fn route(start: Point, mut rest: Vec<Stop>) -> Vec<Stop> {
    let mut ordered = Vec::with_capacity(rest.len());
    let mut here = start;
    while !rest.is_empty() {
        let (next, distance) = rest
            .iter()
            .enumerate()
            .map(|(i, s)| (i, metres(here, s.point)))
            .fold(
                (0, f64::INFINITY),
                |best, c| if c.1 < best.1 { c } else { best },
            );
        let mut stop = rest.remove(next);
        stop.order = ordered.len() + 1;
        stop.distance_m = (distance * 10.0).round() / 10.0;
        here = stop.point;
        ordered.push(stop);
    }
    ordered
}

async fn sheet(state: &AppState, id: Uuid) -> Result<WalkSheet, ApiError> {
    let client = db::client(&state.db).await?;
    let head = client
        .query_opt(
            "select name, ST_X(p) as lng, ST_Y(p) as lat
             from (select name, ST_PointN(ST_ExteriorRing(ST_GeometryN(geom, 1)), 1) as p
                   from cuts where id = $1) c",
            &[&id],
        )
        .await?
        .ok_or_else(|| ApiError::not_found("Cut"))?;
    let start = Point {
        lng: head.try_get("lng")?,
        lat: head.try_get("lat")?,
    };
    let sql = format!(
        "select l.id, l.address, l.unit, l.occupant_name, l.support_level, l.lawn_sign, l.notes,
                l.last_visit_outcome, ST_X(l.point) as lng, ST_Y(l.point) as lat
         {INSIDE} order by l.address, l.unit, l.id limit {}",
        MAX_STOPS + 1
    );
    let rows = client.query(&sql, &[&id]).await?;
    if rows.len() as i64 > MAX_STOPS {
        return Err(ApiError::invalid_field(
            "cut",
            format!("The cut holds more than {MAX_STOPS} locations; split it to print walk sheets"),
        ));
    }
    let stops = rows
        .iter()
        .map(|row| {
            Ok(Stop {
                order: 0,
                location_id: row.try_get("id")?,
                address: row.try_get("address")?,
                unit: row.try_get("unit")?,
                occupant_name: row.try_get("occupant_name")?,
                support_level: row.try_get("support_level")?,
                lawn_sign: row.try_get("lawn_sign")?,
                notes: row.try_get("notes")?,
                last_visit_outcome: row.try_get("last_visit_outcome")?,
                point: Point {
                    lng: row.try_get("lng")?,
                    lat: row.try_get("lat")?,
                },
                distance_m: 0.0,
            })
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    let stops = route(start, stops);
    let total = stops.iter().map(|s| s.distance_m).sum::<f64>();
    Ok(WalkSheet {
        cut_id: id,
        cut_name: head.try_get("name")?,
        start,
        stops,
        total_distance_m: (total * 10.0).round() / 10.0,
    })
}

/// A cut's walk sheet.
#[utoipa::path(get, path = "/api/cuts/{id}/walk-sheet", tag = "map", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Cut id")),
    responses((status = 200, description = "Its route", body = DataOf<WalkSheet>),
              (status = 403, description = "Not MAP_ADMIN"),
              (status = 404, description = "No such cut"),
              (status = 422, description = "Too many locations for one sheet")))]
pub async fn get(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Data<WalkSheet>> {
    user.require(Role::MapAdmin)?;
    Ok(Data(sheet(&state, id).await?))
}

/// A cut's walk sheet as a page to print.
#[utoipa::path(get, path = "/api/cuts/{id}/walk-sheet/print", tag = "map", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Cut id")),
    responses((status = 200, description = "The printable sheet", content_type = "text/html", body = String),
              (status = 403, description = "Not MAP_ADMIN"),
              (status = 404, description = "No such cut"),
              (status = 422, description = "Too many locations for one sheet")))]
pub async fn print(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<impl IntoResponse> {
    user.require(Role::MapAdmin)?;
    let sheet = sheet(&state, id).await?;
    Ok((
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        html(&sheet),
    ))
}

/// A cut's walk sheet as a PDF to download and print.
#[utoipa::path(get, path = "/api/cuts/{id}/walk-sheet/pdf", tag = "map", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Cut id")),
    responses((status = 200, description = "The sheet as an A4 PDF, named after the cut",
               content_type = "application/pdf", body = String),
              (status = 403, description = "Not MAP_ADMIN"),
              (status = 404, description = "No such cut"),
              (status = 422, description = "Too many locations for one sheet")))]
pub async fn pdf(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<impl IntoResponse> {
    user.require(Role::MapAdmin)?;
    let sheet = sheet(&state, id).await?;
    let disposition = format!(
        "attachment; filename=\"walk-sheet-{}.pdf\"",
        shared::slug::from_title(&sheet.cut_name)
    );
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        super::pdf::render(&sheet),
    ))
}

/// The sheet as a self-contained HTML page.
pub fn html(sheet: &WalkSheet) -> String {
    let mut rows = String::new();
    for s in &sheet.stops {
        let support = s.support_level.map(|l| l.to_string()).unwrap_or_default();
        rows.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"mark\"></td></tr>\n",
            s.order,
            escape_html(&s.address),
            escape_html(&s.unit),
            escape_html(&s.occupant_name),
            support,
            if s.lawn_sign { "yes" } else { "" },
            escape_html(&s.notes),
        ));
    }
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Walk sheet: {name}</title>\n\
         <style>body{{font:12px sans-serif;margin:1cm}}table{{border-collapse:collapse;width:100%}}\
         th,td{{border:1px solid #999;padding:4px;text-align:left;vertical-align:top}}\
         td.mark{{width:8em}}@media print{{tr{{break-inside:avoid}}}}</style></head>\n\
         <body><h1>Walk sheet: {name}</h1><p>{count} doors, about {km:.1} km. \
         Support: 1 strong … 4 opposed. Outcome: not home, refused, moved, already voted, \
         spoke with, left literature, come back later.</p>\n\
         <table><thead><tr><th>#</th><th>Address</th><th>Unit</th><th>Name</th><th>Support</th>\
         <th>Sign</th><th>Notes</th><th>Outcome</th></tr></thead><tbody>\n{rows}</tbody></table></body></html>\n",
        name = escape_html(&sheet.cut_name),
        count = sheet.stops.len(),
        km = sheet.total_distance_m / 1000.0,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stop(address: &str, lng: f64, lat: f64) -> Stop {
        Stop {
            order: 0,
            location_id: Uuid::nil(),
            address: address.into(),
            unit: String::new(),
            occupant_name: String::new(),
            support_level: None,
            lawn_sign: false,
            notes: String::new(),
            last_visit_outcome: None,
            point: Point { lng, lat },
            distance_m: 0.0,
        }
    }

    #[test]
    fn the_route_walks_to_the_nearest_door_next() {
        let start = Point { lng: 0.0, lat: 0.0 };
        let stops = vec![
            stop("far", 0.003, 0.0),
            stop("near", 0.001, 0.0),
            stop("middle", 0.002, 0.0),
        ];
        let route = route(start, stops);
        let names: Vec<&str> = route.iter().map(|s| s.address.as_str()).collect();
        assert_eq!(names, ["near", "middle", "far"]);
        assert_eq!(route.iter().map(|s| s.order).collect::<Vec<_>>(), [1, 2, 3]);
        assert!(
            (route[0].distance_m - 111.2).abs() < 0.5,
            "{}",
            route[0].distance_m
        );
    }

    #[test]
    fn the_printed_sheet_escapes_what_was_typed() {
        let sheet = WalkSheet {
            cut_id: Uuid::nil(),
            cut_name: "<b>North</b>".into(),
            start: Point { lng: 0.0, lat: 0.0 },
            stops: route(
                Point { lng: 0.0, lat: 0.0 },
                vec![stop("1 <Main> St", 0.0, 0.0)],
            ),
            total_distance_m: 0.0,
        };
        let page = html(&sheet);
        assert!(page.contains("&lt;b&gt;North&lt;/b&gt;") && page.contains("1 &lt;Main&gt; St"));
        assert!(!page.contains("<b>"));
    }
}
