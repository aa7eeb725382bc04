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

/// A user's preferences.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Preferences {
    pub units: Units,
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
    }
}
