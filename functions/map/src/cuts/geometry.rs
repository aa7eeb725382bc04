//! A cut's shape: GeoJSON in, checked in two steps. Its structure here (a
//! Polygon or MultiPolygon of closed rings of longitude/latitude pairs), then
//! its topology by PostGIS (`ST_IsValid`, with `ST_IsValidReason` as the 422's
//! message: self-intersections, crossing holes) and its size on the spheroid.

use serde_json::Value;
use shared::ApiError;
use shared::db::GenericClient;

/// The most vertices one cut may have.
pub const MAX_VERTICES: usize = 20_000;
/// The smallest sensible cut: a small lot (m²).
pub const MIN_AREA_M2: f64 = 10.0;
/// The largest: a big city (m²), 5,000 km².
pub const MAX_AREA_M2: f64 = 5.0e9;

fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::invalid_field("geometry", message)
}

/// Checks the GeoJSON's structure; the geometry as text for PostGIS.
pub fn parse(geometry: &Value) -> Result<String, ApiError> {
    let kind = geometry.get("type").and_then(Value::as_str);
    let coordinates = geometry
        .get("coordinates")
        .and_then(Value::as_array)
        .ok_or_else(|| invalid("Must be a GeoJSON Polygon or MultiPolygon with coordinates"))?;
    let polygons: Vec<&Value> = match kind {
        Some("Polygon") => vec![geometry.get("coordinates").unwrap_or(&Value::Null)],
        Some("MultiPolygon") => coordinates.iter().collect(),
        _ => return Err(invalid("Must be a GeoJSON Polygon or MultiPolygon")),
    };
    if polygons.is_empty() {
        return Err(invalid("Has no polygon"));
    }
    let mut vertices = 0;
    for (p, polygon) in polygons.iter().enumerate() {
        let rings = polygon
            .as_array()
            .filter(|r| !r.is_empty())
            .ok_or_else(|| invalid(format!("Polygon {} has no ring", p + 1)))?;
        for (r, ring) in rings.iter().enumerate() {
            let at = || format!("Polygon {}, ring {}", p + 1, r + 1);
            let points = ring
                .as_array()
                .ok_or_else(|| invalid(format!("{}: is not a list of positions", at())))?;
            let mut positions = Vec::with_capacity(points.len());
            for point in points {
                let pair = point.as_array().filter(|a| a.len() >= 2);
                let lng = pair.and_then(|a| a[0].as_f64());
                let lat = pair.and_then(|a| a[1].as_f64());
                match lng.zip(lat) {
                    Some((lng, lat))
                        if (-180.0..=180.0).contains(&lng) && (-90.0..=90.0).contains(&lat) =>
                    {
                        positions.push((lng, lat));
                    }
                    _ => {
                        return Err(invalid(format!(
                            "{}: every position must be [longitude, latitude] in degrees",
                            at()
                        )));
                    }
                }
            }
            if positions.len() < 4 {
                return Err(invalid(format!(
                    "{}: a ring needs at least 4 positions",
                    at()
                )));
            }
            if positions.first() != positions.last() {
                return Err(invalid(format!(
                    "{}: the ring is not closed (its last position must repeat its first)",
                    at()
                )));
            }
            vertices += positions.len();
        }
    }
    if vertices > MAX_VERTICES {
        return Err(invalid(format!(
            "Has {vertices} vertices; at most {MAX_VERTICES}"
        )));
    }
    Ok(geometry.to_string())
}

/// Checks the geometry's topology and size with PostGIS; its area in m².
pub async fn check(client: &impl GenericClient, geojson: &str) -> Result<f64, ApiError> {
    let row = client
        .query_one(
            "select ST_IsValid(g) as valid, ST_IsValidReason(g) as reason,
                    ST_Area(g::geography) as area
             from (select ST_SetSRID(ST_GeomFromGeoJSON($1::text), 4326) as g) s",
            &[&geojson],
        )
        .await?;
    let valid: bool = row.try_get("valid")?;
    if !valid {
        let reason: String = row.try_get("reason")?;
        return Err(invalid(format!("The shape is not valid: {reason}")));
    }
    let area: f64 = row.try_get("area")?;
    if area < MIN_AREA_M2 {
        return Err(invalid(format!(
            "The shape is too small ({area:.0} m²); at least {MIN_AREA_M2} m²"
        )));
    }
    if area > MAX_AREA_M2 {
        return Err(invalid(format!(
            "The shape is too large ({:.0} km²); at most {:.0} km²",
            area / 1e6,
            MAX_AREA_M2 / 1e6
        )));
    }
    Ok(area)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn message(geometry: Value) -> String {
        parse(&geometry).unwrap_err().details()["geometry"]
            .as_str()
            .unwrap()
            .to_string()
    }

    #[test]
    fn polygons_and_multipolygons_with_closed_rings_pass() {
        let ring = json!([[0.0, 0.0], [0.001, 0.0], [0.001, 0.001], [0.0, 0.0]]);
        assert!(parse(&json!({"type": "Polygon", "coordinates": [ring]})).is_ok());
        assert!(parse(&json!({"type": "MultiPolygon", "coordinates": [[ring], [ring]]})).is_ok());
    }

    #[test]
    fn wrong_shapes_are_named() {
        assert!(message(json!({"type": "Point", "coordinates": [0, 0]})).contains("Polygon"));
        let open = json!([[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]]);
        assert!(message(json!({"type": "Polygon", "coordinates": [open]})).contains("not closed"));
        let short = json!([[0.0, 0.0], [1.0, 0.0], [0.0, 0.0]]);
        assert!(message(json!({"type": "Polygon", "coordinates": [short]})).contains("at least 4"));
        let far = json!([[0.0, 0.0], [200.0, 0.0], [1.0, 1.0], [0.0, 0.0]]);
        assert!(message(json!({"type": "Polygon", "coordinates": [far]})).contains("degrees"));
        assert!(message(json!({"type": "MultiPolygon", "coordinates": []})).contains("no polygon"));
    }
}
