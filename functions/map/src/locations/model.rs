//! A location as stored and as organisers see it: read with its contacts
//! opened, written with them sealed (AES-256-GCM, bound to the row and column),
//! and every change recorded in its history without the contacts' text.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::{Map, Value, json};
use shared::ApiError;
use shared::audit;
use shared::crypto::Keyring;
use shared::db::{GenericClient, Transaction};
use tokio_postgres::Row;
use uuid::Uuid;

use super::fields::{LocationFields, Point, SignSize};

/// The columns every read selects, for [`from_row`].
pub const COLUMNS: &str = "l.id, l.address, l.unit, l.occupant_name, l.occupant_email,
    l.occupant_phone, l.support_level, l.lawn_sign, l.lawn_sign_size, l.notes,
    ST_X(l.point) as lng, ST_Y(l.point) as lat, l.geocode_status, l.geocode_provider,
    l.geocode_confidence, l.last_visited_at, l.last_visit_outcome, l.created_at, l.updated_at";

/// The fields whose values are sealed at rest and never written to history.
const SEALED: [&str; 2] = ["occupant_email", "occupant_phone"];

/// A household as organisers see it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Location {
    pub id: Uuid,
    #[serde(flatten)]
    pub fields: LocationFields,
    /// `pending` (waiting for the geocoder), `geocoded`, `failed` (no match) or
    /// `manual` (placed by hand).
    pub geocode_status: String,
    /// Who placed it: `offline`, `nominatim` or `manual`.
    pub geocode_provider: Option<String>,
    /// The provider's confidence, 0 to 1.
    pub geocode_confidence: Option<f32>,
    /// The latest canvass visit (written by canvassing).
    pub last_visited_at: Option<DateTime<Utc>>,
    pub last_visit_outcome: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Where a sealed value lives: its associated data.
pub fn context(column: &str, id: Uuid) -> String {
    format!("locations.{column}:{id}")
}

/// The keys, or 503 when this deployment has none.
pub fn keys(keys: Option<&Keyring>) -> Result<&Keyring, ApiError> {
    keys.ok_or_else(|| ApiError::unavailable("DATA_ENCRYPTION_KEY is not configured"))
}

fn open(
    keys: Option<&Keyring>,
    row: &Row,
    column: &str,
    id: Uuid,
) -> Result<Option<String>, ApiError> {
    let sealed: Option<Vec<u8>> = row.try_get(column)?;
    sealed
        .map(|s| {
            self::keys(keys)?
                .open(&s, &context(column, id))
                .map_err(ApiError::internal)
        })
        .transpose()
}

/// Reads a row selected with [`COLUMNS`].
pub fn from_row(keys: Option<&Keyring>, row: &Row) -> Result<Location, ApiError> {
    let id: Uuid = row.try_get("id")?;
    let lng: Option<f64> = row.try_get("lng")?;
    let lat: Option<f64> = row.try_get("lat")?;
    let size: Option<String> = row.try_get("lawn_sign_size")?;
    Ok(Location {
        id,
        fields: LocationFields {
            address: row.try_get("address")?,
            unit: row.try_get("unit")?,
            occupant_name: row.try_get("occupant_name")?,
            occupant_email: open(keys, row, "occupant_email", id)?,
            occupant_phone: open(keys, row, "occupant_phone", id)?,
            support_level: row.try_get("support_level")?,
            lawn_sign: row.try_get("lawn_sign")?,
            lawn_sign_size: size.as_deref().and_then(SignSize::parse),
            notes: row.try_get("notes")?,
            point: lng.zip(lat).map(|(lng, lat)| Point { lng, lat }),
        },
        geocode_status: row.try_get("geocode_status")?,
        geocode_provider: row.try_get("geocode_provider")?,
        geocode_confidence: row.try_get("geocode_confidence")?,
        last_visited_at: row.try_get("last_visited_at")?,
        last_visit_outcome: row.try_get("last_visit_outcome")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

/// One location; 404 when there is none.
pub async fn load(
    client: &impl GenericClient,
    keys: Option<&Keyring>,
    id: Uuid,
) -> Result<Location, ApiError> {
    let sql = format!("select {COLUMNS} from locations l where l.id = $1");
    let row = client
        .query_opt(&sql, &[&id])
        .await?
        .ok_or_else(|| ApiError::not_found("Location"))?;
    from_row(keys, &row)
}

fn seal(
    keys: Option<&Keyring>,
    value: Option<&str>,
    column: &str,
    id: Uuid,
) -> Result<Option<Vec<u8>>, ApiError> {
    value
        .map(|v| Ok(self::keys(keys)?.seal(v, &context(column, id))))
        .transpose()
}

/// Where a new or changed location's point comes from.
pub struct Placement<'a> {
    pub status: &'a str,
    pub provider: Option<&'a str>,
    pub confidence: Option<f32>,
}

impl Placement<'_> {
    /// A point given by the organiser is `manual`; none waits for the geocoder.
    pub fn of(fields: &LocationFields) -> Self {
        match fields.point {
            Some(_) => Placement {
                status: "manual",
                provider: Some("manual"),
                confidence: Some(1.0),
            },
            None => Placement {
                status: "pending",
                provider: None,
                confidence: None,
            },
        }
    }
}

/// Inserts or replaces location `id`'s fields (sealing its contacts) in one
/// statement.
pub async fn save(
    tx: &Transaction<'_>,
    keys: Option<&Keyring>,
    id: Uuid,
    f: &LocationFields,
    placement: &Placement<'_>,
    actor: Uuid,
) -> Result<(), ApiError> {
    let email = seal(keys, f.occupant_email.as_deref(), "occupant_email", id)?;
    let phone = seal(keys, f.occupant_phone.as_deref(), "occupant_phone", id)?;
    let size = f.lawn_sign_size.map(SignSize::as_str);
    let (lng, lat) = (f.point.map(|p| p.lng), f.point.map(|p| p.lat));
    tx.execute(
        "insert into locations (id, address, unit, occupant_name, occupant_email, occupant_phone,
             support_level, lawn_sign, lawn_sign_size, notes, point, geocode_status,
             geocode_provider, geocode_confidence, geocoded_at, created_by, updated_by)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,
             case when $11::float8 is null then null else ST_SetSRID(ST_MakePoint($11, $12), 4326) end,
             $13, $14, $15, case when $14::text is null then null else now() end, $16, $16)
         on conflict (id) do update set address = excluded.address, unit = excluded.unit,
             occupant_name = excluded.occupant_name, occupant_email = excluded.occupant_email,
             occupant_phone = excluded.occupant_phone, support_level = excluded.support_level,
             lawn_sign = excluded.lawn_sign, lawn_sign_size = excluded.lawn_sign_size,
             notes = excluded.notes,
             point = coalesce(excluded.point, case when excluded.geocode_status = 'pending' then locations.point end),
             geocode_status = excluded.geocode_status,
             geocode_provider = coalesce(excluded.geocode_provider, locations.geocode_provider),
             geocode_confidence = coalesce(excluded.geocode_confidence, locations.geocode_confidence),
             geocoded_at = coalesce(excluded.geocoded_at, locations.geocoded_at),
             updated_by = excluded.updated_by",
        &[
            &id,
            &f.address,
            &f.unit,
            &f.occupant_name,
            &email,
            &phone,
            &f.support_level,
            &f.lawn_sign,
            &size,
            &f.notes,
            &lng,
            &lat,
            &placement.status,
            &placement.provider,
            &placement.confidence,
            &actor,
        ],
    )
    .await?;
    Ok(())
}

/// The fields that differ between two versions of a location, the sealed ones
/// only as `"[encrypted]"` (or null when empty) so history holds no contact.
pub fn changes(before: Option<&Location>, after: Option<&Location>) -> Map<String, Value> {
    let view = |l: Option<&Location>| l.map_or(Value::Null, |l| json!(l));
    let mut diff = audit::diff(
        &view(before),
        &view(after),
        &["id", "created_at", "updated_at"],
    );
    for field in SEALED {
        if let Some(change) = diff.get_mut(field) {
            for side in ["before", "after"] {
                if let Some(value) = change.get_mut(side)
                    && !value.is_null()
                {
                    *value = json!("[encrypted]");
                }
            }
        }
    }
    diff
}

/// Appends one entry to a location's history.
pub async fn record(
    tx: &Transaction<'_>,
    id: Uuid,
    actor: Option<Uuid>,
    action: &str,
    changes: Map<String, Value>,
) -> Result<(), ApiError> {
    tx.execute(
        "insert into location_history (location_id, actor_id, action, changes) values ($1, $2, $3, $4)",
        &[&id, &actor, &action, &Value::Object(changes)],
    )
    .await?;
    Ok(())
}

/// The key two addresses match by: lower case, single spaces, no punctuation.
pub fn address_key(address: &str, unit: &str) -> String {
    let tidy = |s: &str| {
        s.to_lowercase()
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { ' ' })
            .collect::<String>()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    format!("{}|{}", tidy(address), tidy(unit))
}

/// Another location that is the same household: the same unit, and the same
/// address or a point within `radius_m` metres.
pub async fn duplicate_of(
    client: &impl GenericClient,
    id: Uuid,
    f: &LocationFields,
    radius_m: f64,
) -> Result<Option<Uuid>, ApiError> {
    let key = address_key(&f.address, &f.unit);
    let (lng, lat) = (f.point.map(|p| p.lng), f.point.map(|p| p.lat));
    let row = client
        .query_opt(
            "select l.id from locations l
             where l.id <> $1 and lower(l.unit) = lower($2)
               and (map_address_key(l.address, l.unit) = $3
                    or ($4::float8 is not null and l.point is not null
                        and ST_DWithin(l.point::geography,
                                       ST_SetSRID(ST_MakePoint($4, $5), 4326)::geography, $6)))
             limit 1",
            &[&id, &f.unit, &key, &lng, &lat, &radius_m],
        )
        .await?;
    Ok(row.map(|r| r.get(0)))
}

/// The 409 of a duplicate, naming the location it duplicates.
pub fn duplicate(existing: Uuid) -> ApiError {
    ApiError::conflict(
        "DUPLICATE_LOCATION",
        "This household is already on the map (same unit at the same address or nearby)",
    )
    .with_details(json!({ "existing_id": existing }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn address_keys_ignore_case_spaces_and_punctuation() {
        assert_eq!(
            address_key(" 12  Imaginary Lane. ", "Apt 3"),
            address_key("12 imaginary lane", "apt 3")
        );
        assert_ne!(
            address_key("12 Imaginary Lane", "1"),
            address_key("12 Imaginary Lane", "2")
        );
    }
}
