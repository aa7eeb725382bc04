//! WHO z-scores and percentiles for children's measurements, and the reference curves
//! (P3, P15, P50, P85, P97) to chart them against.
//!
//! - Ages 0–1856 days: WHO Child Growth Standards 2006, daily tables.
//! - From 1857 days (61 months): WHO Growth Reference 2007, monthly tables, with age in
//!   months = days / 30.4375 and L, M, S interpolated linearly between whole months.
//!   Weight-for-age stops at 10 years, length/height and BMI at 19.
//! - Head circumference: 0–1856 days only. Weight-for-length: 45–110 cm before 731 days;
//!   weight-for-height: 65–120 cm from 731 to 1856 days, interpolated between 0.1 cm rows.
//! - LMS method, with WHO's restricted application beyond ±3 SD for the weight-based
//!   indicators (weight-for-age, weight-for-length/height, BMI-for-age).
//!
//! Outside those ranges an indicator does not apply and nothing is returned. The tables
//! live in `domains/trajectory/data/who/`. Nothing is rounded here; rounding is for display.

mod curves;
mod lms;
mod normal;
mod reference;
mod tables;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

pub use curves::{Axis, CurvePoint, Curves, curves};

/// The child's sex, which selects the WHO table.
pub use shared::domain::Sex;

/// A WHO growth indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Indicator {
    WeightForAge,
    LengthHeightForAge,
    HeadCircumferenceForAge,
    BmiForAge,
    WeightForLengthHeight,
}

impl Indicator {
    pub const ALL: [Indicator; 5] = [
        Indicator::WeightForAge,
        Indicator::LengthHeightForAge,
        Indicator::HeadCircumferenceForAge,
        Indicator::BmiForAge,
        Indicator::WeightForLengthHeight,
    ];

    /// The name used in JSON and query strings.
    pub fn as_str(self) -> &'static str {
        match self {
            Indicator::WeightForAge => "weight_for_age",
            Indicator::LengthHeightForAge => "length_height_for_age",
            Indicator::HeadCircumferenceForAge => "head_circumference_for_age",
            Indicator::BmiForAge => "bmi_for_age",
            Indicator::WeightForLengthHeight => "weight_for_length_height",
        }
    }

    /// Whether WHO restricts the LMS curve to ±3 SD for this indicator.
    fn is_weight_based(self) -> bool {
        matches!(
            self,
            Indicator::WeightForAge | Indicator::BmiForAge | Indicator::WeightForLengthHeight
        )
    }
}

impl std::fmt::Display for Indicator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A name that is not one of the five indicators.
#[derive(Debug, thiserror::Error)]
#[error(
    "unknown growth indicator {0:?}; expected one of weight_for_age, length_height_for_age, \
     head_circumference_for_age, bmi_for_age, weight_for_length_height"
)]
pub struct UnknownIndicator(String);

impl std::str::FromStr for Indicator {
    type Err = UnknownIndicator;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Indicator::ALL
            .into_iter()
            .find(|i| i.as_str() == s)
            .ok_or_else(|| UnknownIndicator(s.to_string()))
    }
}

/// One measurement of a child, at an age in whole days (measured on − date of birth).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Input {
    pub age_days: i64,
    pub sex: Sex,
    pub weight_kg: Option<f64>,
    pub height_cm: Option<f64>,
    pub head_circumference_cm: Option<f64>,
}

/// A measurement placed on the WHO reference.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Score {
    pub indicator: Indicator,
    /// The measured value the score is for: kg, cm, or kg/m² for BMI.
    pub value: f64,
    pub z: f64,
    /// 100·Φ(z), between 0 and 100.
    pub percentile: f64,
}

/// The score of every indicator that applies to `input`, in [`Indicator::ALL`] order.
pub fn scores(input: &Input) -> Vec<Score> {
    Indicator::ALL
        .into_iter()
        .filter_map(|indicator| score(indicator, input))
        .collect()
}

/// The score of one indicator, or `None` when it does not apply at that age or the
/// measurements it needs are missing, not finite or not positive.
pub fn score(indicator: Indicator, input: &Input) -> Option<Score> {
    let weight = usable(input.weight_kg);
    let height = usable(input.height_cm);
    let value = match indicator {
        Indicator::WeightForAge | Indicator::WeightForLengthHeight => weight?,
        Indicator::LengthHeightForAge => height?,
        Indicator::HeadCircumferenceForAge => usable(input.head_circumference_cm)?,
        Indicator::BmiForAge => bmi(weight?, height?),
    };
    let lms = match indicator {
        Indicator::WeightForLengthHeight => {
            reference::length_table(input.sex, input.age_days)?.at(height?)?
        }
        _ => reference::by_age(indicator, input.sex, input.age_days as f64)?,
    };
    let z = if indicator.is_weight_based() {
        lms.restricted_z(value)
    } else {
        lms.z(value)
    };
    Some(Score {
        indicator,
        value,
        z,
        percentile: 100.0 * normal::cdf(z),
    })
}

/// A measurement that can be scored: present, finite and positive.
fn usable(value: Option<f64>) -> Option<f64> {
    value.filter(|v| v.is_finite() && *v > 0.0)
}

/// Body-mass index in kg/m².
fn bmi(weight_kg: f64, height_cm: f64) -> f64 {
    let metres = height_cm / 100.0;
    weight_kg / (metres * metres)
}
