//! Field rules shared by every record: dates against the child's birth and today,
//! bounded free text, short lists and physical ranges. Each check records its message
//! in a [`FieldErrors`] so one answer lists every problem.

use chrono::{Duration, NaiveDate, Utc};
use shared::error::FieldErrors;

/// Longest free-text notes.
pub const NOTES_MAX: usize = 5000;
/// Longest short text: a name, a place, a title.
pub const SHORT_MAX: usize = 200;
/// Longest description: symptoms, treatment.
pub const LONG_MAX: usize = 2000;

/// How far from today a date may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// Something that happened: today at the latest.
    Past,
    /// Appointments and planned doses: up to two years ahead.
    Planned,
}

/// The earliest and latest dates a filter may name: wide enough for any record, and
/// well inside what the database stores.
pub const EARLIEST: NaiveDate = NaiveDate::from_ymd_opt(1900, 1, 1).expect("a valid date");
pub const LATEST: NaiveDate = NaiveDate::from_ymd_opt(2200, 12, 31).expect("a valid date");

/// Today in UTC, the server's calendar for "future".
pub fn today() -> NaiveDate {
    Utc::now().date_naive()
}

/// A record's date: not before the child was born, and not later than `when` allows.
pub fn date(errors: &mut FieldErrors, field: &str, value: NaiveDate, born: NaiveDate, when: When) {
    let today = today();
    if value < born {
        errors.add(
            field,
            format!("Cannot be before the child's date of birth ({born})"),
        );
    } else if when == When::Past && value > today {
        errors.add(field, "Cannot be in the future");
    } else if value > today + Duration::days(2 * 366) {
        errors.add(field, "Cannot be more than two years from today");
    }
}

/// Optional text, trimmed, at most `max` characters. Line breaks and tabs are text;
/// other control characters are not (and PostgreSQL refuses NUL).
pub fn text(errors: &mut FieldErrors, field: &str, value: &str, max: usize) -> String {
    let value = value.trim();
    if value.chars().count() > max {
        errors.add(field, format!("Must be at most {max} characters"));
    }
    if value
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        errors.add(field, "Must not contain control characters");
    }
    value.to_string()
}

/// Required text, trimmed, 1 to `max` characters.
pub fn required(errors: &mut FieldErrors, field: &str, value: &str, max: usize) -> String {
    let value = text(errors, field, value, max);
    if value.is_empty() {
        errors.add(field, "Is required");
    }
    value
}

/// A short list of short texts (tags, vaccines): each trimmed, one line of 1 to `max_len`
/// characters, duplicates dropped, at most `max_items`.
pub fn items(
    errors: &mut FieldErrors,
    field: &str,
    values: &[String],
    max_items: usize,
    max_len: usize,
) -> Vec<String> {
    if values.len() > max_items {
        errors.add(field, format!("At most {max_items} entries"));
    }
    let mut kept: Vec<String> = Vec::with_capacity(values.len());
    for value in values {
        let value = value.trim();
        if value.is_empty()
            || value.chars().count() > max_len
            || value.chars().any(char::is_control)
        {
            errors.add(
                field,
                format!("Each entry must be 1 to {max_len} characters, on one line"),
            );
        } else if !kept.iter().any(|k| k == value) {
            kept.push(value.to_string());
        }
    }
    kept
}

/// An optional number within `[min, max]`.
pub fn range(
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

/// Drops repeated values, keeping the first of each.
pub fn dedup<T: PartialEq + Copy>(values: &[T]) -> Vec<T> {
    let mut kept = Vec::with_capacity(values.len());
    for v in values {
        if !kept.contains(v) {
            kept.push(*v);
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fails(check: impl FnOnce(&mut FieldErrors)) -> bool {
        let mut errors = FieldErrors::new();
        check(&mut errors);
        !errors.is_empty()
    }

    #[test]
    fn dates_sit_between_birth_and_their_horizon() {
        let born = today() - Duration::days(100);
        let tomorrow = today() + Duration::days(1);
        assert!(!fails(|e| date(e, "d", born, born, When::Past)));
        assert!(!fails(|e| date(e, "d", today(), born, When::Past)));
        assert!(fails(|e| date(
            e,
            "d",
            born - Duration::days(1),
            born,
            When::Past
        )));
        assert!(fails(|e| date(e, "d", tomorrow, born, When::Past)));
        assert!(!fails(|e| date(e, "d", tomorrow, born, When::Planned)));
        let far = today() + Duration::days(3 * 366);
        assert!(fails(|e| date(e, "d", far, born, When::Planned)));
    }

    #[test]
    fn texts_are_trimmed_and_bounded() {
        let mut errors = FieldErrors::new();
        assert_eq!(text(&mut errors, "t", "  Dr Who ", 10), "Dr Who");
        assert!(errors.is_empty());
        assert!(fails(|e| {
            text(e, "t", &"é".repeat(11), 10);
        }));
        assert!(fails(|e| {
            required(e, "t", "   ", 10);
        }));
        assert!(!fails(|e| {
            text(e, "t", "line one\nline two", 100);
        }));
        assert!(fails(|e| {
            text(e, "t", "nul \0 inside", 100);
        }));
    }

    #[test]
    fn lists_drop_duplicates_and_refuse_blank_or_long_entries() {
        let mut errors = FieldErrors::new();
        let tags = ["a ".into(), "a".into(), "b".into()];
        assert_eq!(items(&mut errors, "tags", &tags, 5, 3), ["a", "b"]);
        assert!(errors.is_empty());
        assert!(fails(|e| {
            items(e, "tags", &["".into()], 5, 3);
        }));
        assert!(fails(|e| {
            items(e, "tags", &["abcd".into()], 5, 3);
        }));
        assert!(fails(|e| {
            items(e, "tags", &vec!["a".to_string(); 6], 5, 3);
        }));
        assert!(fails(|e| {
            items(e, "tags", &["a\nb".into()], 5, 3);
        }));
    }

    #[test]
    fn ranges_refuse_outside_and_non_finite_values() {
        assert!(!fails(|e| range(e, "w", Some(3.0), 0.2, 250.0, "kg")));
        assert!(!fails(|e| range(e, "w", None, 0.2, 250.0, "kg")));
        assert!(fails(|e| range(e, "w", Some(0.1), 0.2, 250.0, "kg")));
        assert!(fails(|e| range(
            e,
            "w",
            Some(f64::INFINITY),
            0.2,
            250.0,
            "kg"
        )));
        assert_eq!(dedup(&[2, 1, 2]), [2, 1]);
    }
}
