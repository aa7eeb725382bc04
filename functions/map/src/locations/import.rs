//! `POST /api/locations/import`: households from CSV, with the file's columns
//! mapped onto the map's (the import wizard), and a dry run.
//!
//! Columns: `address` (required); `unit`, `occupant_name`, `occupant_email`,
//! `occupant_phone`, `support_level`, `lawn_sign`, `lawn_sign_size`, `notes`,
//! `lng`, `lat`. Every row is checked by the editor's rules and every problem
//! reported with its line; nothing is changed while any row is wrong, nor on
//! a dry run. A row that is a household already on the map, or earlier in the
//! file, is skipped and reported. Rows without a point are geocoded.

use std::collections::HashMap;

use axum::extract::State;
use serde::{Deserialize, Serialize};
use shared::auth::{AuthUser, Role};
use shared::csv_table::{self, Columns, ImportProblem, Row, Table, field_error};
use shared::error::FieldErrors;
use shared::http::{ApiJson, Data, DataOf};
use shared::jobs::Job;
use shared::{ApiResult, AppState, db};
use uuid::Uuid;

use super::fields::{self, LocationFields, Point, SignSize};
use super::model::{self, Placement, address_key};
use crate::geocode;

/// The map's columns, as the import reads them and the export writes them.
pub const COLUMNS: Columns = Columns {
    required: &["address"],
    optional: &[
        "unit",
        "occupant_name",
        "occupant_email",
        "occupant_phone",
        "support_level",
        "lawn_sign",
        "lawn_sign_size",
        "notes",
        "lng",
        "lat",
    ],
};

/// Geocoding jobs pushed at once after an import; the scheduler's relay sends the rest.
const DISPATCH_NOW: usize = 200;

/// The body of an import.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LocationImport {
    /// The CSV file's text (UTF-8, comma-separated, a header row first).
    csv: String,
    /// Which of the file's columns (by header) holds each of the map's columns
    /// (`{"address": "Street address"}`); absent, the header uses the map's names.
    #[serde(default)]
    mapping: Option<HashMap<String, String>>,
    /// Check and report only; change nothing.
    #[serde(default)]
    dry_run: bool,
}

/// A row left out because its household is already known.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SkippedRow {
    pub line: u64,
    /// The location on the map it duplicates.
    pub existing_id: Option<Uuid>,
    /// The earlier line of the file it duplicates.
    pub same_as_line: Option<u64>,
}

/// What an import found, and did.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct LocationImportReport {
    pub dry_run: bool,
    /// Whether the import changed anything: never on a dry run, never with errors.
    pub applied: bool,
    /// Data rows in the file.
    pub rows: usize,
    /// Every problem, in line order.
    pub errors: Vec<ImportProblem>,
    /// Households added (or that would be, on a dry run).
    pub added: usize,
    /// Of those, how many wait for the geocoder.
    pub to_geocode: usize,
    /// Rows left out as duplicates.
    pub skipped: Vec<SkippedRow>,
}

/// Imports households from CSV.
#[utoipa::path(post, path = "/api/locations/import", tag = "map", security(("bearer" = [])),
    request_body = LocationImport,
    responses((status = 200, description = "The report; `applied` says whether anything changed", body = DataOf<LocationImportReport>),
              (status = 403, description = "Not MAP_ADMIN"),
              (status = 503, description = "No encryption key is configured")))]
pub async fn import(
    user: AuthUser,
    State(state): State<AppState>,
    ApiJson(input): ApiJson<LocationImport>,
) -> ApiResult<Data<LocationImportReport>> {
    user.require(Role::MapAdmin)?;
    let mut errors = Vec::new();
    let table = match &input.mapping {
        Some(mapping) => csv_table::read_mapped(&input.csv, &COLUMNS, mapping, &mut errors),
        None => csv_table::read(&input.csv, &COLUMNS, &mut errors),
    };
    let (rows, entries) = match &table {
        Some(table) => (table.count, entries(table, &mut errors)),
        None => (0, Vec::new()),
    };
    errors.sort_by_key(|e| e.line);
    let mut report = LocationImportReport {
        dry_run: input.dry_run,
        applied: false,
        rows,
        errors,
        added: 0,
        to_geocode: 0,
        skipped: Vec::new(),
    };
    let keys = state.config.data_keys.as_deref();
    if entries
        .iter()
        .any(|(_, f)| f.occupant_email.is_some() || f.occupant_phone.is_some())
    {
        model::keys(keys)?;
    }
    let radius = state.config.map.dedup_radius_m;
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    let mut seen: HashMap<String, u64> = HashMap::new();
    let mut fresh = Vec::new();
    for (line, f) in entries {
        let key = address_key(&f.address, &f.unit);
        if let Some(&first) = seen.get(&key) {
            report.skipped.push(SkippedRow {
                line,
                existing_id: None,
                same_as_line: Some(first),
            });
            continue;
        }
        seen.insert(key, line);
        let id = Uuid::new_v4();
        if let Some(existing) = model::duplicate_of(&tx, id, &f, radius).await? {
            report.skipped.push(SkippedRow {
                line,
                existing_id: Some(existing),
                same_as_line: None,
            });
            continue;
        }
        report.added += 1;
        report.to_geocode += usize::from(f.point.is_none());
        fresh.push((id, f));
    }
    if input.dry_run || !report.errors.is_empty() {
        return Ok(Data(report));
    }
    let mut jobs: Vec<Job> = Vec::new();
    for (id, f) in &fresh {
        let placement = Placement::of(f);
        model::save(&tx, keys, *id, f, &placement, user.id).await?;
        jobs.extend(geocode::request_if_pending(&tx, *id, placement.status).await?);
        let location = model::load(&tx, keys, *id).await?;
        model::record(
            &tx,
            *id,
            Some(user.id),
            "import",
            model::changes(None, Some(&location)),
        )
        .await?;
    }
    tx.commit().await?;
    jobs.truncate(DISPATCH_NOW);
    geocode::dispatch(&state, jobs).await;
    report.applied = true;
    Ok(Data(report))
}

/// Reads and checks every row; the fields of the good rows, with their lines.
fn entries(table: &Table, errors: &mut Vec<ImportProblem>) -> Vec<(u64, LocationFields)> {
    let mut found = Vec::new();
    for row in &table.rows {
        let before = errors.len();
        let text = |column: &str| table.get(row, column).to_string();
        let optional = |column: &str| Some(text(column)).filter(|v| !v.is_empty());
        let support_level = optional("support_level").and_then(|raw| match raw.parse::<i16>() {
            Ok(level) => Some(level),
            Err(_) => {
                errors.push(field_error(
                    row,
                    "support_level",
                    "invalid_number",
                    "Must be 1, 2, 3 or 4",
                ));
                None
            }
        });
        let lawn_sign = flag(row, &text("lawn_sign"), errors);
        let lawn_sign_size = optional("lawn_sign_size").and_then(|raw| {
            let size = SignSize::parse(&raw);
            if size.is_none() {
                errors.push(field_error(
                    row,
                    "lawn_sign_size",
                    "invalid_choice",
                    "Must be small, medium or large",
                ));
            }
            size
        });
        let point = point(row, optional("lng"), optional("lat"), errors);
        let mut f = LocationFields {
            address: text("address"),
            unit: text("unit"),
            occupant_name: text("occupant_name"),
            occupant_email: optional("occupant_email"),
            occupant_phone: optional("occupant_phone"),
            support_level,
            lawn_sign,
            lawn_sign_size,
            notes: text("notes"),
            point,
        };
        let mut problems = FieldErrors::new();
        fields::check_into(&mut f, &mut problems);
        for (field, message) in problems.iter() {
            let column = match field {
                "point.lng" => "lng",
                "point.lat" => "lat",
                other => other,
            };
            errors.push(field_error(row, column, "invalid", message));
        }
        if errors.len() == before {
            found.push((row.line, f));
        }
    }
    found
}

fn flag(row: &Row, raw: &str, errors: &mut Vec<ImportProblem>) -> bool {
    match raw.trim().to_ascii_lowercase().as_str() {
        "" | "no" | "n" | "false" | "0" => false,
        "yes" | "y" | "true" | "1" => true,
        _ => {
            errors.push(field_error(
                row,
                "lawn_sign",
                "invalid_flag",
                "Must be yes or no",
            ));
            false
        }
    }
}

fn point(
    row: &Row,
    lng: Option<String>,
    lat: Option<String>,
    errors: &mut Vec<ImportProblem>,
) -> Option<Point> {
    let number = |column: &str, raw: Option<String>, errors: &mut Vec<ImportProblem>| {
        raw.and_then(|raw| match raw.parse::<f64>() {
            Ok(value) => Some(value),
            Err(_) => {
                errors.push(field_error(
                    row,
                    column,
                    "invalid_number",
                    "Must be a number in degrees",
                ));
                None
            }
        })
    };
    let given = (lng.is_some(), lat.is_some());
    let (lng, lat) = (number("lng", lng, errors), number("lat", lat, errors));
    if given.0 != given.1 {
        let missing = if given.0 { "lat" } else { "lng" };
        errors.push(field_error(
            row,
            missing,
            "required",
            "Give both lng and lat, or neither",
        ));
    }
    lng.zip(lat).map(|(lng, lat)| Point { lng, lat })
}
