//! `POST /api/representatives/import`: representatives from CSV.
//!
//! Columns: `name`, `elected_office`, `level`, `district` (required); `key`,
//! `email`, `party`, `photo_url`, `phone`, `address`. A row is recognised on a
//! re-import by its `key`, or without one by its seat (level, district and
//! office), so after an election the seat's new person replaces the old one.
//! Imported representatives at the file's levels that the file no longer
//! lists are removed; those added by hand or found by the provider stay.

use std::collections::{BTreeSet, HashMap};

use axum::extract::State;
use serde_json::{Value, json};
use shared::auth::AuthUser;
use shared::db::{GenericClient, Transaction};
use shared::domain::{Email, Line, Name};
use shared::http::{ApiJson, Data, DataOf};
use shared::{ApiResult, AppState, db};

use influence::Level;

use super::{CsvImport, ImportProblem, ImportReport, levels};
use crate::campaign::admin;
use shared::csv_table::{self as table, Columns, field_error};

const COLUMNS: Columns = Columns {
    required: &["name", "elected_office", "level", "district"],
    optional: &["key", "email", "party", "photo_url", "phone", "address"],
};

/// One representative as the file gives them, and as compared with the stored one.
#[derive(Debug, Clone, PartialEq)]
struct Entry {
    key: String,
    name: String,
    email: String,
    elected_office: String,
    level: Level,
    district: String,
    party: String,
    photo_url: String,
    offices: Value,
}

/// Reads and checks every row; the entries of the good rows.
fn entries(text: &str, errors: &mut Vec<ImportProblem>) -> (usize, Vec<Entry>) {
    let Some(table) = table::read(text, &COLUMNS, errors) else {
        return (0, Vec::new());
    };
    let mut found = Vec::new();
    let mut seen: HashMap<String, u64> = HashMap::new();
    for row in &table.rows {
        let before = errors.len();
        let name = table::text::<Name>(&table, row, "name", errors);
        let office = table::text::<Line<100>>(&table, row, "elected_office", errors);
        let district = table::text::<Line<200>>(&table, row, "district", errors);
        let party = table::text::<Line<100, 0>>(&table, row, "party", errors);
        let phone = table::text::<Line<50, 0>>(&table, row, "phone", errors);
        let address = table::text::<Line<300, 0>>(&table, row, "address", errors);
        let key = table::text::<Line<300, 0>>(&table, row, "key", errors);
        let level = Level::parse(table.get(row, "level"))
            .map_err(|m| errors.push(field_error(row, "level", "invalid_level", m)))
            .ok();
        let email = table.get(row, "email").trim();
        if !email.is_empty() && Email::parse(email).is_err() {
            errors.push(field_error(
                row,
                "email",
                "invalid_email",
                "Not a valid email address",
            ));
        }
        let photo_url = table.get(row, "photo_url").trim();
        if !photo_url.is_empty()
            && (!photo_url.starts_with("https://") || Line::<500>::parse(photo_url).is_err())
        {
            errors.push(field_error(
                row,
                "photo_url",
                "invalid_url",
                "Must be an https:// address",
            ));
        }
        let (Some(office), Some(district), Some(level), Some(key)) = (office, district, level, key)
        else {
            continue;
        };
        let key = if key.is_empty() {
            format!("{}:{}:{}", level.as_str(), district, office).to_lowercase()
        } else {
            key
        };
        if let Some(first) = seen.get(&key) {
            errors.push(field_error(
                row,
                "key",
                "duplicate_key",
                format!("Line {first} has the same key (or the same level, district and office); give each row its own key"),
            ));
            continue;
        }
        seen.insert(key.clone(), row.line);
        let Some(name) = name.filter(|_| errors.len() == before) else {
            continue;
        };
        let (phone, address) = (phone.unwrap_or_default(), address.unwrap_or_default());
        let offices = if phone.is_empty() && address.is_empty() {
            json!([])
        } else {
            json!([{"type": "constituency", "postal": address, "tel": phone}])
        };
        found.push(Entry {
            key,
            name,
            email: email.to_string(),
            elected_office: office,
            level,
            district,
            party: party.unwrap_or_default(),
            photo_url: photo_url.to_string(),
            offices,
        });
    }
    (table.count, found)
}

/// The stored representatives an import at `levels` compares with: every
/// imported or hand-made one at those levels, by key.
async fn stored(
    client: &impl GenericClient,
    levels: &[&str],
) -> ApiResult<HashMap<String, (Entry, String)>> {
    let rows = client
        .query(
            "select key, name, email, elected_office, level, district, party, photo_url, offices, source
             from representatives where level = any($1) and source <> 'represent'",
            &[&levels],
        )
        .await?;
    rows.iter()
        .map(|row| {
            let level: String = row.try_get(4)?;
            let entry = Entry {
                key: row.try_get(0)?,
                name: row.try_get(1)?,
                email: row.try_get(2)?,
                elected_office: row.try_get(3)?,
                level: Level::parse(&level).map_err(shared::ApiError::internal)?,
                district: row.try_get(5)?,
                party: row.try_get(6)?,
                photo_url: row.try_get(7)?,
                offices: row.try_get(8)?,
            };
            Ok((entry.key.clone(), (entry, row.try_get(9)?)))
        })
        .collect()
}

/// Imports representatives from CSV, or with `dry_run` only reports what the
/// import would do (admins).
#[utoipa::path(post, path = "/api/representatives/import", tag = "representatives", security(("bearer" = [])),
    request_body = CsvImport,
    responses((status = 200, description = "The report: every bad row by line, and what was (or would be) added, changed and removed", body = DataOf<ImportReport>),
              (status = 403, description = "Not an Influence admin")))]
pub async fn import_representatives(
    user: AuthUser,
    State(state): State<AppState>,
    ApiJson(input): ApiJson<CsvImport>,
) -> ApiResult<Data<ImportReport>> {
    admin(&user)?;
    let (mut report, entries) = ImportReport::read(&input, entries);
    let levels = levels(entries.iter().map(|e| e.level.as_str()));
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    let stored = stored(&tx, &levels).await?;
    let mut changed = Vec::new();
    for entry in &entries {
        match stored.get(&entry.key) {
            None => report.added += 1,
            Some((old, _)) if old == entry => report.unchanged += 1,
            Some(_) => report.changed += 1,
        }
        if stored.get(&entry.key).is_none_or(|(old, _)| old != entry) {
            changed.push(entry);
        }
    }
    let keys: BTreeSet<&str> = entries.iter().map(|e| e.key.as_str()).collect();
    let removed: Vec<&str> = stored
        .iter()
        .filter(|(key, (_, source))| source == "csv" && !keys.contains(key.as_str()))
        .map(|(key, _)| key.as_str())
        .collect();
    report.removed = removed.len();
    if input.dry_run || !report.errors.is_empty() {
        return Ok(Data(report));
    }
    apply(&tx, &changed, &removed).await?;
    tx.commit().await?;
    report.applied = true;
    tracing::info!(
        added = report.added,
        changed = report.changed,
        removed = report.removed,
        "representatives imported"
    );
    Ok(Data(report))
}

async fn apply(tx: &Transaction<'_>, changed: &[&Entry], removed: &[&str]) -> ApiResult<()> {
    for entry in changed {
        tx.execute(
            "insert into representatives (key, source, name, email, elected_office, level, district,
                                          party, photo_url, offices)
             values ($1, 'csv', $2, $3, $4, $5, $6, $7, $8, $9)
             on conflict on constraint representatives_key_key do update
                 set source = 'csv', name = excluded.name, email = excluded.email,
                     elected_office = excluded.elected_office, level = excluded.level,
                     district = excluded.district, party = excluded.party,
                     photo_url = excluded.photo_url, offices = excluded.offices",
            &[
                &entry.key,
                &entry.name,
                &entry.email,
                &entry.elected_office,
                &entry.level.as_str(),
                &entry.district,
                &entry.party,
                &entry.photo_url,
                &entry.offices,
            ],
        )
        .await?;
    }
    tx.execute(
        "delete from representatives where key = any($1) and source = 'csv'",
        &[&removed],
    )
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    type Problems = Vec<(u64, &'static str, Option<String>)>;

    fn check(text: &str) -> (Vec<Entry>, Problems) {
        let mut errors = Vec::new();
        let (_, found) = entries(text, &mut errors);
        (
            found,
            errors
                .into_iter()
                .map(|e| (e.line, e.code, e.column))
                .collect(),
        )
    }

    #[test]
    fn seats_are_keys_unless_a_key_is_given() {
        let (found, errors) = check(
            "name,elected_office,level,district,email,phone\n\
             Avery Lee,MP,Federal,Riverside,avery@example.org,555-0100\n\
             Sam Roe,Councillor,municipal,Ward 1,,\n",
        );
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(found[0].key, "federal:riverside:mp");
        assert_eq!(found[0].offices[0]["tel"], "555-0100");
        assert_eq!(found[1].offices, json!([]));
    }

    #[test]
    fn every_bad_field_is_reported_with_its_line() {
        let (found, errors) = check(
            "key,name,elected_office,level,district,email,photo_url\n\
             a,,MP,federal,Riverside,,\n\
             b,Ann,MP,senate,Riverside,,\n\
             c,Ann,MP,federal,Riverside,not-an-email,\n\
             d,Ann,MP,federal,Riverside,,http://x.example.org/a.jpg\n\
             a,Bea,MP,federal,Hills,,\n\
             e,Cy\u{7},MP,federal,Hills,,\n",
        );
        assert!(found.is_empty());
        assert_eq!(
            errors,
            [
                (2, "required", Some("name".into())),
                (3, "invalid_level", Some("level".into())),
                (4, "invalid_email", Some("email".into())),
                (5, "invalid_url", Some("photo_url".into())),
                (6, "duplicate_key", Some("key".into())),
                (7, "invalid_text", Some("name".into())),
            ]
        );
    }
}
