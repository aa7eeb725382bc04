//! `POST /api/locations/address-points`: the reference addresses the offline
//! geocoder reads (columns `address`, `lng`, `lat`), under a source name. A
//! re-import of a source replaces its points address by address. Nothing is
//! changed while any row is wrong.

use axum::extract::State;
use serde::{Deserialize, Serialize};
use shared::auth::{AuthUser, Role};
use shared::csv_table::{self, Columns, ImportProblem, field_error};
use shared::domain::Line;
use shared::error::FieldErrors;
use shared::http::{ApiJson, Data, DataOf};
use shared::{ApiResult, AppState, db};

const COLUMNS: Columns = Columns {
    required: &["address", "lng", "lat"],
    optional: &[],
};

/// The body of an address points import.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AddressPointsImport {
    /// The CSV file's text: `address,lng,lat`.
    csv: String,
    /// Where the points come from (`city-open-data-2026`), 1 to 100 characters.
    source: String,
}

/// What the import did.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AddressPointsReport {
    /// Points added or replaced; 0 when there were errors.
    pub imported: u64,
    /// Every problem, in line order.
    pub errors: Vec<ImportProblem>,
}

/// Imports address points for the offline geocoder.
#[utoipa::path(post, path = "/api/locations/address-points", tag = "map", security(("bearer" = [])),
    request_body = AddressPointsImport,
    responses((status = 200, description = "The report", body = DataOf<AddressPointsReport>),
              (status = 403, description = "Not MAP_ADMIN"),
              (status = 422, description = "The source is invalid")))]
pub async fn import(
    user: AuthUser,
    State(state): State<AppState>,
    ApiJson(mut input): ApiJson<AddressPointsImport>,
) -> ApiResult<Data<AddressPointsReport>> {
    user.require(Role::MapAdmin)?;
    let mut problems = FieldErrors::new();
    problems.tidy::<Line<100>>("source", &mut input.source);
    problems.finish()?;
    let mut errors = Vec::new();
    let mut points = Vec::new();
    if let Some(table) = csv_table::read(&input.csv, &COLUMNS, &mut errors) {
        for row in &table.rows {
            let address = table.get(row, "address");
            let number = |column: &str, min: f64, max: f64, errors: &mut Vec<ImportProblem>| {
                let value = table
                    .get(row, column)
                    .parse::<f64>()
                    .ok()
                    .filter(|v| (min..=max).contains(v));
                if value.is_none() {
                    errors.push(field_error(
                        row,
                        column,
                        "invalid_number",
                        format!("Must be degrees from {min} to {max}"),
                    ));
                }
                value
            };
            let lng = number("lng", -180.0, 180.0, &mut errors);
            let lat = number("lat", -90.0, 90.0, &mut errors);
            if let Err(message) = Line::<200>::parse(address) {
                errors.push(field_error(row, "address", "invalid_text", message));
                continue;
            }
            if let (Some(lng), Some(lat)) = (lng, lat) {
                points.push((address.to_string(), lng, lat));
            }
        }
    }
    errors.sort_by_key(|e| e.line);
    if !errors.is_empty() {
        return Ok(Data(AddressPointsReport {
            imported: 0,
            errors,
        }));
    }
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    let mut imported = 0;
    for (address, lng, lat) in &points {
        imported += tx
            .execute(
                "insert into address_points (address_key, address, point, source)
                 values (map_address_key($1, ''), $1, ST_SetSRID(ST_MakePoint($2, $3), 4326), $4)
                 on conflict (source, address_key) do update
                     set address = excluded.address, point = excluded.point",
                &[address, lng, lat, &input.source],
            )
            .await?;
    }
    tx.commit().await?;
    Ok(Data(AddressPointsReport { imported, errors }))
}
