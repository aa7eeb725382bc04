//! Field rules shared by every record: dates against the child's birth and today,
//! and physical ranges (text is checked by `shared::domain`). Each check records its message
//! in a [`FieldErrors`] so one answer lists every problem.

use chrono::{Duration, NaiveDate, Utc};
use shared::error::FieldErrors;

/// How far from today a date may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// Something that happened: today at the latest.
    Past,
    /// Appointments and planned doses: up to two years ahead.
    Planned,
}

/// Today in UTC, the server's calendar for "future".
pub fn today() -> NaiveDate {
    Utc::now().date_naive()
}

/// A record's date: not before the child was born, and not later than `when` allows.
pub fn date(
    errors: &mut FieldErrors,
    field: &str,
    value: impl Into<NaiveDate>,
    born: NaiveDate,
    when: When,
) {
    let value = value.into();
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
    fn dedup_keeps_the_first_of_each() {
        assert_eq!(dedup(&[2, 1, 2]), [2, 1]);
    }
}
