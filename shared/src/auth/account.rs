//! Accounts: the validated input types and the user as the API shows it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::Role;
use crate::error::ApiError;

/// Units the SPA displays; the API always speaks SI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Units {
    #[default]
    Metric,
    Imperial,
}

/// The SPA's colours: light, dark, or whichever the device's system asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    #[default]
    System,
    Light,
    Dark,
}

/// How the SPA writes dates: `auto` is the browser locale's short month
/// ("4 Mar 2025"), `mdy` is MM/DD/YYYY, `dmy` DD/MM/YYYY and `iso` YYYY-MM-DD.
/// The API itself always speaks `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum DateFormat {
    #[default]
    Auto,
    Mdy,
    Dmy,
    Iso,
}

/// A user's preferences. Stored as one JSON object on the user; a value never
/// written reads as its default, so adding a preference needs no data migration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Preferences {
    pub units: Units,
    pub theme: Theme,
    pub date_format: DateFormat,
}

/// A change of preferences: only the ones given change, the others keep their
/// value (`PATCH /api/me` merges it into the stored object).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PreferencesPatch {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub units: Option<Units>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub theme: Option<Theme>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_format: Option<DateFormat>,
}

/// A user as the API shows it (never the password hash).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct UserView {
    pub id: Uuid,
    pub username: String,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub disabled: bool,
    pub preferences: Preferences,
    pub created_at: DateTime<Utc>,
}

/// The columns `UserView::from_row` reads.
pub const USER_COLUMNS: &str =
    "id, username, email, display_name, role, disabled, preferences, created_at";

impl UserView {
    pub fn from_row(row: &tokio_postgres::Row) -> Result<Self, ApiError> {
        let role: String = row.try_get("role")?;
        let preferences: serde_json::Value = row.try_get("preferences")?;
        Ok(Self {
            id: row.try_get("id")?,
            username: row.try_get("username")?,
            email: row.try_get("email")?,
            display_name: row.try_get("display_name")?,
            role: role.parse().map_err(ApiError::internal)?,
            disabled: row.try_get("disabled")?,
            preferences: serde_json::from_value(preferences).unwrap_or_default(),
            created_at: row.try_get("created_at")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preferences_reject_unknown_values() {
        let p: Preferences = serde_json::from_str(r#"{"units":"imperial"}"#).unwrap();
        assert_eq!(p.units, Units::Imperial);
        assert!(serde_json::from_str::<Preferences>(r#"{"units":"furlongs"}"#).is_err());
        assert!(serde_json::from_str::<Preferences>(r#"{"colour":"red"}"#).is_err());
        assert!(serde_json::from_str::<Preferences>(r#"{"theme":"sepia"}"#).is_err());
        assert!(serde_json::from_str::<Preferences>(r#"{"date_format":"YYYY"}"#).is_err());
    }

    #[test]
    fn preferences_never_written_read_as_their_defaults() {
        let p: Preferences = serde_json::from_str(r#"{"units":"imperial"}"#).unwrap();
        assert_eq!((p.theme, p.date_format), (Theme::System, DateFormat::Auto));
        let p: Preferences =
            serde_json::from_str(r#"{"theme":"dark","date_format":"dmy"}"#).unwrap();
        assert_eq!(
            (p.units, p.theme, p.date_format),
            (Units::Metric, Theme::Dark, DateFormat::Dmy)
        );
    }

    #[test]
    fn a_patch_names_only_what_it_changes() {
        let patch: PreferencesPatch = serde_json::from_str(r#"{"theme":"light"}"#).unwrap();
        assert_eq!(
            serde_json::to_string(&patch).unwrap(),
            r#"{"theme":"light"}"#
        );
        assert!(serde_json::from_str::<PreferencesPatch>(r#"{"theme":"sepia"}"#).is_err());
    }
}
