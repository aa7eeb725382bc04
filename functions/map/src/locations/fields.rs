//! A location's editable fields, their rules, and how a patch applies to them.
//! The same checks serve the editor and every row of a CSV import.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use shared::domain::{Email, Line, Text};
use shared::error::FieldErrors;
use shared::http::nullable;

/// A point in WGS 84.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Point {
    /// Longitude, −180 to 180.
    pub lng: f64,
    /// Latitude, −90 to 90.
    pub lat: f64,
}

/// The size of a lawn sign.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SignSize {
    Small,
    Medium,
    Large,
}

impl SignSize {
    pub fn as_str(self) -> &'static str {
        match self {
            SignSize::Small => "small",
            SignSize::Medium => "medium",
            SignSize::Large => "large",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "small" => Some(SignSize::Small),
            "medium" => Some(SignSize::Medium),
            "large" => Some(SignSize::Large),
            _ => None,
        }
    }
}

/// What an organiser enters about a household.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct LocationFields {
    /// The street address, 1 to 200 characters.
    pub address: String,
    /// Apartment or unit; empty for a house.
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub occupant_name: String,
    /// Stored encrypted.
    #[serde(default)]
    pub occupant_email: Option<String>,
    /// Stored encrypted.
    #[serde(default)]
    pub occupant_phone: Option<String>,
    /// 1 (strong support) to 4 (opposed).
    #[serde(default)]
    pub support_level: Option<i16>,
    #[serde(default)]
    pub lawn_sign: bool,
    /// Only with a lawn sign.
    #[serde(default)]
    pub lawn_sign_size: Option<SignSize>,
    #[serde(default)]
    pub notes: String,
    /// Where it is; absent, the address is geocoded through the queue.
    #[serde(default)]
    pub point: Option<Point>,
}

/// Checks and tidies the fields; every problem is reported at once, under the
/// field's name prefixed by `prefix` (empty in the editor).
pub fn check_into(f: &mut LocationFields, errors: &mut FieldErrors) {
    errors.tidy::<Line<200>>("address", &mut f.address);
    errors.tidy::<Line<40, 0>>("unit", &mut f.unit);
    errors.tidy::<Line<120, 0>>("occupant_name", &mut f.occupant_name);
    f.occupant_email = f
        .occupant_email
        .take()
        .filter(|e| !e.trim().is_empty())
        .and_then(|raw| {
            errors
                .take("occupant_email", Email::parse(&raw))
                .map(|e| e.as_str().to_string())
        });
    f.occupant_phone = f
        .occupant_phone
        .take()
        .filter(|p| !p.trim().is_empty())
        .and_then(|raw| errors.take("occupant_phone", phone(&raw)));
    if let Some(level) = f.support_level
        && !(1..=4).contains(&level)
    {
        errors.add("support_level", "Must be 1, 2, 3 or 4");
    }
    if f.lawn_sign_size.is_some() && !f.lawn_sign {
        errors.add(
            "lawn_sign_size",
            "Only a location with a lawn sign has a size",
        );
    }
    errors.tidy::<Text<2000>>("notes", &mut f.notes);
    if let Some(p) = f.point {
        errors.range("point.lng", Some(p.lng), -180.0, 180.0, "degrees");
        errors.range("point.lat", Some(p.lat), -90.0, 90.0, "degrees");
    }
}

/// Checks the fields of the editor.
pub fn check(mut f: LocationFields) -> shared::ApiResult<LocationFields> {
    let mut errors = FieldErrors::new();
    check_into(&mut f, &mut errors);
    errors.finish()?;
    Ok(f)
}

/// A phone number as people write it: digits with spaces, dots, dashes,
/// parentheses, a leading `+` and an extension (`x123`); 7 to 15 digits.
pub fn phone(raw: &str) -> Result<String, &'static str> {
    const MESSAGE: &str = "Enter a phone number of 7 to 15 digits, like 555-0100";
    let value = raw.trim();
    let (number, extension) = match value.to_ascii_lowercase().split_once('x') {
        Some((n, e)) => (n.trim().to_string(), Some(e.trim().to_string())),
        None => (value.to_string(), None),
    };
    let allowed = |c: char| c.is_ascii_digit() || " .-()".contains(c);
    let rest = number.strip_prefix('+').unwrap_or(&number);
    let digits = rest.chars().filter(char::is_ascii_digit).count();
    if !rest.chars().all(allowed) || !(7..=15).contains(&digits) || value.chars().count() > 40 {
        return Err(MESSAGE);
    }
    if let Some(ext) = &extension
        && (ext.is_empty() || !ext.chars().all(|c| c.is_ascii_digit()) || ext.len() > 6)
    {
        return Err(MESSAGE);
    }
    Ok(value.to_string())
}

/// Fields to change; absent fields stay, `null` clears an optional one.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LocationPatch {
    address: Option<String>,
    unit: Option<String>,
    occupant_name: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    occupant_email: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    occupant_phone: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    support_level: Option<Option<i16>>,
    lawn_sign: Option<bool>,
    #[serde(default, deserialize_with = "nullable")]
    lawn_sign_size: Option<Option<SignSize>>,
    notes: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    point: Option<Option<Point>>,
    /// The `updated_at` the client last saw; a newer one answers 409 `STALE`.
    pub updated_at: Option<DateTime<Utc>>,
}

shared::patch!(LocationPatch => LocationFields {
    address, unit, occupant_name, occupant_email, occupant_phone, support_level,
    lawn_sign, lawn_sign_size, notes, point
});

impl LocationPatch {
    /// Whether the patch moves the location to another address (which is
    /// geocoded again unless the patch also places it), or takes its point away.
    pub fn readdresses(&self) -> bool {
        (self.address.is_some() || self.unit.is_some()) && self.point.is_none()
            || matches!(self.point, Some(None))
    }

    /// Whether the patch places the location by hand.
    pub fn places(&self) -> bool {
        matches!(self.point, Some(Some(_)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(json: serde_json::Value) -> LocationFields {
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn every_problem_is_named() {
        let err = check(fields(serde_json::json!({
            "address": " ", "occupant_email": "not-an-email", "occupant_phone": "12",
            "support_level": 5, "lawn_sign_size": "large", "point": {"lng": 200.0, "lat": 0.0}
        })))
        .unwrap_err();
        for field in [
            "address",
            "occupant_email",
            "occupant_phone",
            "support_level",
            "lawn_sign_size",
            "point.lng",
        ] {
            assert!(err.details()[field].is_string(), "{field}");
        }
    }

    #[test]
    fn empty_contacts_are_none_and_text_is_tidied() {
        let f = check(fields(serde_json::json!({
            "address": "  12 Imaginary Lane ", "occupant_email": " ", "occupant_phone": ""
        })))
        .unwrap();
        assert_eq!(f.address, "12 Imaginary Lane");
        assert_eq!((f.occupant_email, f.occupant_phone), (None, None));
    }

    #[test]
    fn phones_as_people_write_them() {
        for ok in ["555-0100", "+1 (613) 555-0100", "613.555.0100 x12"] {
            assert!(phone(ok).is_ok(), "{ok}");
        }
        for bad in ["12", "call me", "555-0100 x", "+1 613 555 0100 0000 0000"] {
            assert!(phone(bad).is_err(), "{bad}");
        }
    }
}
