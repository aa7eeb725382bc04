//! The parts of a visit: its type, its time of day, and the findings of vision and
//! dental visits and prescriptions.

use chrono::{NaiveTime, Timelike};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use shared::ApiError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum VisitType {
    Wellness,
    Sick,
    Injury,
    Vision,
    Dental,
}

impl VisitType {
    pub fn as_str(self) -> &'static str {
        match self {
            VisitType::Wellness => "wellness",
            VisitType::Sick => "sick",
            VisitType::Injury => "injury",
            VisitType::Vision => "vision",
            VisitType::Dental => "dental",
        }
    }

    /// The type as the SPA names it: "Wellness".
    pub fn label(self) -> &'static str {
        match self {
            VisitType::Wellness => "Wellness",
            VisitType::Sick => "Sick",
            VisitType::Injury => "Injury",
            VisitType::Vision => "Vision",
            VisitType::Dental => "Dental",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, ApiError> {
        match raw {
            "wellness" => Ok(VisitType::Wellness),
            "sick" => Ok(VisitType::Sick),
            "injury" => Ok(VisitType::Injury),
            "vision" => Ok(VisitType::Vision),
            "dental" => Ok(VisitType::Dental),
            other => Err(ApiError::internal(format!("unknown visit type {other:?}"))),
        }
    }
}

/// A time of day, written `HH:MM` (seconds are accepted and dropped).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClockTime(pub NaiveTime);

impl ClockTime {
    pub fn parse(raw: &str) -> Option<Self> {
        ["%H:%M", "%H:%M:%S"]
            .iter()
            .find_map(|format| NaiveTime::parse_from_str(raw, format).ok())
            .and_then(|t| t.with_second(0))
            .and_then(|t| t.with_nanosecond(0))
            .map(ClockTime)
    }
}

impl Serialize for ClockTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&format_args!("{:02}:{:02}", self.0.hour(), self.0.minute()))
    }
}

impl<'de> Deserialize<'de> for ClockTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(deserializer)?;
        ClockTime::parse(&raw)
            .ok_or_else(|| serde::de::Error::custom("expected a time of day as HH:MM"))
    }
}

/// One eye's refraction.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Refraction {
    /// Dioptres, -30 to +30.
    pub sphere: Option<f64>,
    /// Dioptres, -10 to +10.
    pub cylinder: Option<f64>,
    /// Degrees, 0 to 180.
    pub axis: Option<i32>,
}

/// What a vision visit found and ordered.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Vision {
    pub right_eye: Refraction,
    pub left_eye: Refraction,
    pub glasses_ordered: bool,
    pub contacts_ordered: bool,
}

/// What a dental visit did and found.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Dental {
    /// Up to 20 procedures, each up to 200 characters.
    pub procedures: Vec<String>,
    pub cleaning: bool,
    /// 0 to 32.
    pub cavities_found: Option<i32>,
    /// 0 to 32.
    pub cavities_filled: Option<i32>,
    pub xrays: bool,
    pub fluoride: bool,
    pub sealants: bool,
}

/// A medication prescribed at the visit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Prescription {
    pub medication: String,
    #[serde(default)]
    pub dosage: String,
    #[serde(default)]
    pub duration: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_with_or_without_seconds_and_write_as_hours_and_minutes() {
        let t: ClockTime = serde_json::from_str("\"09:05:59\"").unwrap();
        assert_eq!(serde_json::to_string(&t).unwrap(), "\"09:05\"");
        assert_eq!(ClockTime::parse("14:30"), ClockTime::parse("14:30:00"));
        for bad in ["25:00", "noon", "14h30", ""] {
            assert!(ClockTime::parse(bad).is_none(), "{bad}");
        }
    }
}
