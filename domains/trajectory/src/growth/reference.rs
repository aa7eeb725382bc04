//! Which WHO table applies to a child: by indicator, sex and age.

use super::lms::Lms;
use super::tables::{self, Grid};
use super::{Indicator, Sex};

/// Days in a month as WHO counts them (365.25 / 12), to read the monthly 2007 tables.
pub(super) const DAYS_PER_MONTH: f64 = 30.4375;

/// The last age in days measured lying down: weight-for-length applies up to here,
/// weight-for-height from the next day.
const LAST_LENGTH_DAY: i64 = 730;
const FIRST_HEIGHT_DAY: i64 = LAST_LENGTH_DAY + 1;

/// The last age in days of the WHO 2006 standards (and of weight-for-height).
const LAST_STANDARD_DAY: i64 = 1856;

/// L, M and S of an age-based indicator at `age_days`, or `None` where it does not apply.
/// Fractional ages (for curves) interpolate between days or months.
pub(super) fn by_age(indicator: Indicator, sex: Sex, age_days: f64) -> Option<Lms> {
    let (standard, reference) = age_tables(indicator, sex)?;
    if age_days.is_nan() || age_days < standard.first() {
        return None;
    }
    if age_days <= standard.last() {
        return standard.at(age_days);
    }
    let reference = reference?;
    // Between day 1856 and 1857, reachable only by a fractional age, the month is a hair
    // below the 2007 tables' first month (61); that month stands in for it.
    reference.at((age_days / DAYS_PER_MONTH).max(reference.first()))
}

/// The ages in days over which an age-based indicator applies.
pub(super) fn age_range(indicator: Indicator, sex: Sex) -> Option<(f64, f64)> {
    let (standard, reference) = age_tables(indicator, sex)?;
    let last = reference.map_or(standard.last(), |r| r.last() * DAYS_PER_MONTH);
    Some((standard.first(), last))
}

/// The weight-for-length table before 731 days, weight-for-height from 731 to 1856 days;
/// `None` at any other age.
pub(super) fn length_table(sex: Sex, age_days: i64) -> Option<&'static Grid> {
    let t = tables::for_sex(sex);
    match age_days {
        0..=LAST_LENGTH_DAY => Some(&t.weight_for_length),
        FIRST_HEIGHT_DAY..=LAST_STANDARD_DAY => Some(&t.weight_for_height),
        _ => None,
    }
}

/// The WHO 2006 daily table of an age-based indicator and, where WHO 2007 continues it,
/// the monthly table.
fn age_tables(indicator: Indicator, sex: Sex) -> Option<(&'static Grid, Option<&'static Grid>)> {
    let t = tables::for_sex(sex);
    match indicator {
        Indicator::WeightForAge => Some((&t.weight_for_age, Some(&t.weight_for_age_2007))),
        Indicator::LengthHeightForAge => {
            Some((&t.length_height_for_age, Some(&t.height_for_age_2007)))
        }
        Indicator::HeadCircumferenceForAge => Some((&t.head_circumference_for_age, None)),
        Indicator::BmiForAge => Some((&t.bmi_for_age, Some(&t.bmi_for_age_2007))),
        Indicator::WeightForLengthHeight => None,
    }
}
