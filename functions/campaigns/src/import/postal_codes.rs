//! `POST /api/representatives/postal-codes/import`: which districts a postal
//! code lies in, from CSV.
//!
//! Columns: `postal_code` (a whole code, however typed, or a forward sortation
//! area such as `K1A` for all its codes), `level`, `district`. A postal code
//! may map to several districts, even at one level: every row is kept. The
//! imported mappings at the file's levels are replaced by the file's; a row
//! repeated in the file counts once.

use std::collections::BTreeSet;

use axum::extract::State;
use shared::auth::AuthUser;
use shared::domain::{Line, PostalCode};
use shared::http::{ApiJson, Data, DataOf};
use shared::{ApiResult, AppState, db};

use influence::Level;

use super::{CsvImport, ImportProblem, ImportReport, levels};
use crate::campaign::admin;
use shared::csv_table::{self as table, Columns, field_error};

const COLUMNS: Columns = Columns {
    required: &["postal_code", "level", "district"],
    optional: &[],
};

/// One mapping: code, level, district.
type Mapping = (String, &'static str, String);

/// Reads and checks every row; the mappings of the good rows, each once.
fn mappings(text: &str, errors: &mut Vec<ImportProblem>) -> (usize, BTreeSet<Mapping>) {
    let Some(table) = table::read(text, &COLUMNS, errors) else {
        return (0, BTreeSet::new());
    };
    let mut found = BTreeSet::new();
    for row in &table.rows {
        let raw = table.get(row, "postal_code");
        let code = PostalCode::parse(raw)
            .map(|code| code.to_string())
            .or_else(|_| PostalCode::parse_area(raw))
            .map_err(|_| {
                errors.push(field_error(
                    row,
                    "postal_code",
                    "invalid_postal_code",
                    "Enter a Canadian postal code (K1A 0B1) or its first three characters (K1A)",
                ))
            })
            .ok();
        let level = Level::parse(table.get(row, "level"))
            .map_err(|m| errors.push(field_error(row, "level", "invalid_level", m)))
            .ok();
        let district = table::text::<Line<200>>(&table, row, "district", errors);
        if let (Some(code), Some(level), Some(district)) = (code, level, district) {
            found.insert((code, level.as_str(), district));
        }
    }
    (table.count, found)
}

/// Imports postal code → district mappings from CSV, or with `dry_run` only
/// reports what the import would do (admins).
#[utoipa::path(post, path = "/api/representatives/postal-codes/import", tag = "representatives", security(("bearer" = [])),
    request_body = CsvImport,
    responses((status = 200, description = "The report: every bad row by line, and what was (or would be) added and removed", body = DataOf<ImportReport>),
              (status = 403, description = "Not an Influence admin")))]
pub async fn import_postal_codes(
    user: AuthUser,
    State(state): State<AppState>,
    ApiJson(input): ApiJson<CsvImport>,
) -> ApiResult<Data<ImportReport>> {
    admin(&user)?;
    let (mut report, mappings) = ImportReport::read(&input, mappings);
    let levels = levels(mappings.iter().map(|m| m.1));
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    let rows = tx
        .query(
            "select code, level, district from postal_code_districts
             where source = 'csv' and level = any($1)",
            &[&levels],
        )
        .await?;
    let mut stored: BTreeSet<(String, String, String)> = BTreeSet::new();
    for row in &rows {
        stored.insert((row.try_get(0)?, row.try_get(1)?, row.try_get(2)?));
    }
    let wanted: BTreeSet<(String, String, String)> = mappings
        .iter()
        .map(|(code, level, district)| (code.clone(), level.to_string(), district.clone()))
        .collect();
    let added: Vec<&(String, String, String)> = wanted.difference(&stored).collect();
    let removed: Vec<&(String, String, String)> = stored.difference(&wanted).collect();
    report.added = added.len();
    report.removed = removed.len();
    report.unchanged = wanted.len() - added.len();
    if input.dry_run || !report.errors.is_empty() {
        return Ok(Data(report));
    }
    let column = |rows: &[&(String, String, String)],
                  pick: fn(&(String, String, String)) -> &str|
     -> Vec<String> { rows.iter().map(|row| pick(row).to_string()).collect() };
    tx.execute(
        "delete from postal_code_districts p
         using unnest($1::text[], $2::text[], $3::text[]) as gone(code, level, district)
         where p.code = gone.code and p.level = gone.level and p.district = gone.district
           and p.source = 'csv'",
        &[
            &column(&removed, |r| &r.0),
            &column(&removed, |r| &r.1),
            &column(&removed, |r| &r.2),
        ],
    )
    .await?;
    // A mapping the provider found before becomes the import's.
    tx.execute(
        "insert into postal_code_districts (code, level, district, source)
         select code, level, district, 'csv' from unnest($1::text[], $2::text[], $3::text[]) as m(code, level, district)
         on conflict on constraint postal_code_districts_pkey do update set source = 'csv'",
        &[&column(&added, |r| &r.0), &column(&added, |r| &r.1), &column(&added, |r| &r.2)],
    )
    .await?;
    tx.commit().await?;
    report.applied = true;
    tracing::info!(
        added = report.added,
        removed = report.removed,
        "postal code mappings imported"
    );
    Ok(Data(report))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_areas_map_to_every_district_once() {
        let mut errors = Vec::new();
        let (rows, found) = mappings(
            "postal_code,level,district\n\
             k1a0b1,federal,Riverside\n\
             K1A 0B1,provincial,Riverside\n\
             K1A-0B1,provincial,Hills\n\
             k1a0b1,federal,Riverside\n\
             k2p,municipal,Ward 7\n",
            &mut errors,
        );
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(rows, 5);
        let codes: Vec<&str> = found.iter().map(|m| m.0.as_str()).collect();
        assert_eq!(codes, ["K1A 0B1", "K1A 0B1", "K1A 0B1", "K2P"]);
    }

    #[test]
    fn bad_rows_are_reported_by_line() {
        let mut errors = Vec::new();
        mappings(
            "postal_code,level,district\nD1A 0B1,federal,X\nK1A 0B1,senate,X\nK1A 0B1,federal,\n",
            &mut errors,
        );
        let codes: Vec<(u64, &str)> = errors.iter().map(|e| (e.line, e.code)).collect();
        assert_eq!(
            codes,
            [
                (2, "invalid_postal_code"),
                (3, "invalid_level"),
                (4, "required")
            ]
        );
    }
}
