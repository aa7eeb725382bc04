//! Reference curves: the measurement at P3, P15, P50, P85 and P97 along age or length.

use serde::Serialize;

use super::lms::Lms;
use super::normal::{Z_P3, Z_P15, Z_P50, Z_P85, Z_P97};
use super::{Indicator, Sex, reference};

/// What the x of a curve point measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Axis {
    AgeDays,
    LengthCm,
}

/// The reference measurements at one x, in the indicator's unit.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, utoipa::ToSchema)]
pub struct CurvePoint {
    pub x: f64,
    pub p3: f64,
    pub p15: f64,
    pub p50: f64,
    pub p85: f64,
    pub p97: f64,
}

/// Reference curves of one indicator, ready to chart.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Curves {
    pub indicator: Indicator,
    pub axis: Axis,
    pub points: Vec<CurvePoint>,
}

/// Reference curves over `[from, to]`: days of age, or cm for weight-for-length/height,
/// where `age_days_at_end` picks weight-for-length (under 731 days) or weight-for-height
/// (731–1856 days). The range is clipped to where the indicator applies, and holds at most
/// `max_points` evenly spaced points, never closer than one day or 0.1 cm. `None` when
/// nothing of the range applies, `max_points` is 0 or the range is not finite.
pub fn curves(
    indicator: Indicator,
    sex: Sex,
    from: f64,
    to: f64,
    max_points: usize,
    age_days_at_end: i64,
) -> Option<Curves> {
    if max_points == 0 || !from.is_finite() || !to.is_finite() {
        return None;
    }
    let length_table = match indicator {
        Indicator::WeightForLengthHeight => Some(reference::length_table(sex, age_days_at_end)?),
        _ => None,
    };
    let (axis, (first, last), resolution) = match length_table {
        Some(table) => (Axis::LengthCm, (table.first(), table.last()), 0.1),
        None => (Axis::AgeDays, reference::age_range(indicator, sex)?, 1.0),
    };
    let lookup = |x: f64| match length_table {
        Some(table) => table.at(x),
        None => reference::by_age(indicator, sex, x),
    };

    let low = from.max(first);
    let high = to.min(last);
    if low > high {
        return None;
    }
    let span = high - low;
    // Counting whole steps of `resolution` with a little slack for rounding in the span.
    let steps = (span / resolution + 1e-9).floor() as usize;
    let count = max_points.min(steps + 1);
    let points = (0..count)
        .map(|i| {
            let x = if count == 1 {
                low
            } else {
                low + span * i as f64 / (count - 1) as f64
            };
            lookup(x).map(|lms| point(x, &lms))
        })
        .collect::<Option<Vec<_>>>()?;
    Some(Curves {
        indicator,
        axis,
        points,
    })
}

fn point(x: f64, lms: &Lms) -> CurvePoint {
    CurvePoint {
        x,
        p3: lms.value_at(Z_P3),
        p15: lms.value_at(Z_P15),
        p50: lms.value_at(Z_P50),
        p85: lms.value_at(Z_P85),
        p97: lms.value_at(Z_P97),
    }
}
