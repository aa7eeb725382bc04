//! Validation of a child's fields.

use chrono::{NaiveDate, Utc};
use shared::error::FieldErrors;

pub fn check_name(errors: &mut FieldErrors, name: &str) -> String {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
        errors.add("name", "Name must be 1 to 100 characters");
    }
    name.to_string()
}

pub fn check_birth_date(errors: &mut FieldErrors, date: NaiveDate) {
    let today = Utc::now().date_naive();
    if date > today {
        errors.add("date_of_birth", "Date of birth cannot be in the future");
    } else if date < today - chrono::Duration::days(366 * 25) {
        errors.add("date_of_birth", "Date of birth is more than 25 years ago");
    }
}

pub fn check_range(
    errors: &mut FieldErrors,
    field: &str,
    value: Option<f64>,
    min: f64,
    max: f64,
    unit: &str,
) {
    if let Some(v) = value
        && !(v.is_finite() && (min..=max).contains(&v))
    {
        errors.add(field, format!("Must be between {min} and {max} {unit}"));
    }
}

pub fn check_notes(errors: &mut FieldErrors, notes: &str) {
    if notes.chars().count() > 5000 {
        errors.add("notes", "Notes must be at most 5000 characters");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_dates_and_ranges() {
        let mut errors = FieldErrors::new();
        assert_eq!(check_name(&mut errors, "  Ada "), "Ada");
        assert!(errors.is_empty());
        check_name(&mut errors, "   ");
        check_birth_date(
            &mut errors,
            Utc::now().date_naive() + chrono::Duration::days(1),
        );
        check_range(&mut errors, "birth_weight_kg", Some(42.0), 0.2, 10.0, "kg");
        check_range(
            &mut errors,
            "birth_length_cm",
            Some(f64::NAN),
            20.0,
            70.0,
            "cm",
        );
        let err = errors.finish().unwrap_err();
        for field in [
            "name",
            "date_of_birth",
            "birth_weight_kg",
            "birth_length_cm",
        ] {
            assert!(err.details()[field].is_string(), "{field}");
        }
    }

    #[test]
    fn today_is_a_valid_birth_date() {
        let mut errors = FieldErrors::new();
        check_birth_date(&mut errors, Utc::now().date_naive());
        assert!(errors.is_empty());
    }
}
