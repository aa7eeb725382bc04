//! Accounts: the validated input types and the user as the API shows it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::Role;
use crate::error::ApiError;

/// 3–32 letters, digits, `_`, `-` or `.`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Username(String);

impl Username {
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let raw = raw.trim();
        let ok = (3..=32).contains(&raw.chars().count())
            && raw
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
        if ok {
            Ok(Self(raw.to_string()))
        } else {
            Err("Username must be 3 to 32 characters: letters, digits, '_', '-' or '.'")
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A plausible email address: one `@`, a non-empty local part, a dotted domain,
/// no spaces, at most 254 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let raw = raw.trim();
        let valid = raw.len() <= 254
            && !raw.chars().any(|c| c.is_whitespace() || c.is_control())
            && match raw.split_once('@') {
                Some((local, domain)) => {
                    !local.is_empty()
                        && !domain.contains('@')
                        && domain.contains('.')
                        && !domain.starts_with('.')
                        && !domain.ends_with('.')
                        && !domain.contains("..")
                }
                None => false,
            };
        if valid {
            Ok(Self(raw.to_string()))
        } else {
            Err("Enter a valid email address")
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A display name of at most 100 characters (may be empty).
pub fn parse_display_name(raw: &str) -> Result<String, &'static str> {
    let name = raw.trim();
    if name.chars().count() > 100 || name.chars().any(char::is_control) {
        Err("Display name must be at most 100 characters")
    } else {
        Ok(name.to_string())
    }
}

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
    fn usernames() {
        for ok in ["ada", "ada.lovelace", "A_B-c.9", &"x".repeat(32)] {
            assert!(Username::parse(ok).is_ok(), "{ok}");
        }
        for bad in ["ab", "with space", "émile", "a/b", "", &"x".repeat(33)] {
            assert!(Username::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(Username::parse("  ada ").unwrap().as_str(), "ada");
    }

    #[test]
    fn emails() {
        for ok in ["a@b.co", "first.last+tag@sub.example.org"] {
            assert!(Email::parse(ok).is_ok(), "{ok}");
        }
        for bad in [
            "", "plain", "@b.co", "a@b", "a@@b.co", "a b@c.de", "a@.b.co", "a@b.co.", "a@b..co",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn preferences_reject_unknown_values() {
        let p: Preferences = serde_json::from_str(r#"{"units":"imperial"}"#).unwrap();
        assert_eq!(p.units, Units::Imperial);
        assert!(serde_json::from_str::<Preferences>(r#"{"units":"furlongs"}"#).is_err());
        assert!(serde_json::from_str::<Preferences>(r#"{"colour":"red"}"#).is_err());
    }
}
