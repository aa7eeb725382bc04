//! What admins and volunteers type, checked once: a shift's fields with its
//! date, wall-clock times, zone and recurrence; a volunteer's name, email and
//! phone.

use chrono::{NaiveDate, NaiveTime};
use chrono_tz::Tz;
use serde::Deserialize;
use shared::ApiResult;
use shared::domain::{Email, LongText, Name, ShortText, Title};
use shared::error::FieldErrors;
use uuid::Uuid;
use volunteering::Recurrence;

/// The most one shift may take.
pub const MAX_CAPACITY: i32 = 1000;

/// A new shift, or the first of a series.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ShiftRequest {
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// Where volunteers meet.
    #[serde(default)]
    pub location: String,
    /// The canvassing area it works.
    #[serde(default)]
    pub cut_id: Option<Uuid>,
    pub capacity: i32,
    /// An IANA zone name, such as `America/Edmonton`.
    pub time_zone: String,
    /// The (first) local date, `YYYY-MM-DD`.
    #[schema(value_type = String, format = Date)]
    pub date: NaiveDate,
    /// Local start, `HH:MM`.
    pub start_time: String,
    /// Local end, `HH:MM`; at or before the start, the next day.
    pub end_time: String,
    /// Makes a series; at most 100 occurrences.
    #[serde(default)]
    pub recurrence: Option<Recurrence>,
}

/// A checked [`ShiftRequest`].
#[derive(Debug, Clone)]
pub struct ShiftFields {
    pub title: String,
    pub description: String,
    pub location: String,
    pub cut_id: Option<Uuid>,
    pub capacity: i32,
    pub zone: Tz,
    pub date: NaiveDate,
    pub start: NaiveTime,
    pub end: NaiveTime,
}

/// A wall-clock time `HH:MM`.
pub fn time(errors: &mut FieldErrors, field: &str, raw: &str) -> Option<NaiveTime> {
    let parsed = NaiveTime::parse_from_str(raw.trim(), "%H:%M").ok();
    if parsed.is_none() {
        errors.add(field, "Must be a time HH:MM");
    }
    parsed
}

/// A capacity within 1 and [`MAX_CAPACITY`].
pub fn capacity(errors: &mut FieldErrors, value: i32) {
    if !(1..=MAX_CAPACITY).contains(&value) {
        errors.add("capacity", format!("Must be 1 to {MAX_CAPACITY}"));
    }
}

/// A zone by its IANA name.
pub fn zone(errors: &mut FieldErrors, raw: &str) -> Option<Tz> {
    errors.take(
        "time_zone",
        volunteering::zone(raw.trim()).map_err(|e| e.message()),
    )
}

/// The free texts of a shift, tidied in place.
pub fn texts(
    errors: &mut FieldErrors,
    title: &mut String,
    description: &mut String,
    location: &mut String,
) {
    errors.tidy::<Title>("title", title);
    errors.tidy::<LongText>("description", description);
    errors.tidy::<ShortText>("location", location);
}

impl ShiftRequest {
    pub fn check(mut self) -> ApiResult<(ShiftFields, Option<Recurrence>)> {
        let mut errors = FieldErrors::new();
        texts(
            &mut errors,
            &mut self.title,
            &mut self.description,
            &mut self.location,
        );
        capacity(&mut errors, self.capacity);
        let zone = zone(&mut errors, &self.time_zone);
        let start = time(&mut errors, "start_time", &self.start_time);
        let end = time(&mut errors, "end_time", &self.end_time);
        errors.finish()?;
        let (Some(zone), Some(start), Some(end)) = (zone, start, end) else {
            return Err(shared::ApiError::internal("checked above"));
        };
        let fields = ShiftFields {
            title: self.title,
            description: self.description,
            location: self.location,
            cut_id: self.cut_id,
            capacity: self.capacity,
            zone,
            date: self.date,
            start,
            end,
        };
        Ok((fields, self.recurrence))
    }
}

/// A volunteer's details from the public sign-up form.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VolunteerRequest {
    pub name: String,
    pub email: String,
    /// Optional: digits, spaces and `+-().`, 7 to 20 characters.
    #[serde(default)]
    pub phone: String,
}

/// A checked [`VolunteerRequest`].
#[derive(Debug, Clone)]
pub struct Volunteer {
    pub name: String,
    pub email: String,
    pub phone: String,
}

impl VolunteerRequest {
    pub fn check(self) -> ApiResult<Volunteer> {
        let mut errors = FieldErrors::new();
        let name = errors.take("name", Name::parse(&self.name));
        let email = errors.take("email", Email::parse(&self.email));
        let phone = self.phone.trim().to_string();
        if !phone.is_empty() && !is_phone(&phone) {
            errors.add(
                "phone",
                "Must be a phone number: digits, spaces and + - ( ) .",
            );
        }
        errors.finish()?;
        let (Some(name), Some(email)) = (name, email) else {
            return Err(shared::ApiError::internal("checked above"));
        };
        Ok(Volunteer {
            name: name.into_string(),
            email: email.as_str().to_lowercase(),
            phone,
        })
    }
}

fn is_phone(raw: &str) -> bool {
    let digits = raw.chars().filter(char::is_ascii_digit).count();
    (7..=20).contains(&raw.chars().count())
        && digits >= 7
        && raw
            .chars()
            .all(|c| c.is_ascii_digit() || " +-().".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_are_digits_with_a_little_punctuation() {
        for good in ["780 555 0123", "+1 (780) 555-0123", "7805550123"] {
            assert!(is_phone(good), "{good}");
        }
        for bad in [
            "555",
            "call me",
            "780-555-0123 ext 4",
            "12345678901234567890123",
        ] {
            assert!(!is_phone(bad), "{bad}");
        }
    }
}
