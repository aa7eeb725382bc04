//! A representative as supporters and admins see them, and how one is read from
//! a row.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use shared::{ApiError, ApiResult};
use tokio_postgres::Row;
use uuid::Uuid;

use influence::Level;

/// The columns of [`Representative::from_row`], for a row aliased `r`.
pub const COLUMNS: &str = "r.id, r.name, r.email, r.elected_office, r.level, r.district,
    r.party, r.photo_url, r.offices";

/// The columns of [`RepresentativeRecord::from_row`].
pub const RECORD_COLUMNS: &str = "r.id, r.name, r.email, r.elected_office, r.level, r.district,
    r.party, r.photo_url, r.offices, r.key, r.source, r.created_at, r.updated_at";

/// Levels in the order a lookup lists them, for `array_position`.
pub const LEVEL_ORDER: &str = "array['federal', 'provincial', 'municipal', 'school_board']";

/// One of a representative's offices, as Represent describes them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct RepresentativeOffice {
    /// `constituency`, `legislature`, …
    #[serde(rename = "type", default)]
    pub kind: String,
    /// The postal address, on several lines.
    #[serde(default)]
    pub postal: String,
    #[serde(default)]
    pub tel: String,
}

/// An elected representative.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Representative {
    pub id: Uuid,
    pub name: String,
    /// Empty when none is public: such a representative cannot be emailed.
    pub email: String,
    /// `MP`, `MPP`, `Councillor`, …
    pub elected_office: String,
    pub level: Level,
    pub district: String,
    pub party: String,
    pub photo_url: String,
    pub offices: Vec<RepresentativeOffice>,
}

impl Representative {
    pub fn from_row(row: &Row) -> ApiResult<Self> {
        let level: &str = row.try_get("level")?;
        let offices: serde_json::Value = row.try_get("offices")?;
        Ok(Self {
            id: row.try_get("id")?,
            name: row.try_get("name")?,
            email: row.try_get("email")?,
            elected_office: row.try_get("elected_office")?,
            level: Level::parse(level).map_err(ApiError::internal)?,
            district: row.try_get("district")?,
            party: row.try_get("party")?,
            photo_url: row.try_get("photo_url")?,
            // A malformed office list (written by hand in the database) shows none.
            offices: serde_json::from_value(offices).unwrap_or_default(),
        })
    }
}

/// Where a representative came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RepresentativeSource {
    /// A CSV import: a later import may change or remove it.
    Csv,
    /// The Represent API, refreshed when its cached lookup expires.
    Represent,
    /// Added by an admin by hand: imports leave it alone.
    Manual,
}

/// A representative as admins manage them.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RepresentativeRecord {
    #[serde(flatten)]
    pub representative: Representative,
    /// What a re-import recognises the seat by.
    pub key: String,
    pub source: RepresentativeSource,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl RepresentativeRecord {
    pub fn from_row(row: &Row) -> ApiResult<Self> {
        let source = match row.try_get::<_, &str>("source")? {
            "represent" => RepresentativeSource::Represent,
            "manual" => RepresentativeSource::Manual,
            _ => RepresentativeSource::Csv,
        };
        Ok(Self {
            representative: Representative::from_row(row)?,
            key: row.try_get("key")?,
            source,
            created_at: row.try_get("created_at")?,
            updated_at: row.try_get("updated_at")?,
        })
    }
}
