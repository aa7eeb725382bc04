//! Calendar dates as the API writes them: `YYYY-MM-DD`, years 0001 to 9999.
//!
//! chrono reads years far outside what PostgreSQL stores (`-5000-01-01` parses), so
//! a plain `NaiveDate` in an input lets the database refuse the value with a 500.
//! A `Date` is refused at the edge instead, as a 422 naming the field.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A date in `0001-01-01..=9999-12-31`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, utoipa::ToSchema)]
#[schema(value_type = String, format = Date, example = "2024-05-17")]
pub struct Date(NaiveDate);

impl Date {
    pub const MESSAGE: &'static str =
        "Must be a date written YYYY-MM-DD, between 0001-01-01 and 9999-12-31";

    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let well_formed = raw.len() == 10
            && raw.bytes().enumerate().all(|(i, b)| {
                if i == 4 || i == 7 {
                    b == b'-'
                } else {
                    b.is_ascii_digit()
                }
            });
        let date = well_formed
            .then(|| NaiveDate::parse_from_str(raw, "%Y-%m-%d").ok())
            .flatten()
            .ok_or(Self::MESSAGE)?;
        Self::new(date)
    }

    /// A date from elsewhere in the program, checked against the range.
    pub fn new(date: NaiveDate) -> Result<Self, &'static str> {
        if (1..=9999).contains(&date.year()) {
            Ok(Self(date))
        } else {
            Err(Self::MESSAGE)
        }
    }

    pub fn get(self) -> NaiveDate {
        self.0
    }
}

impl From<Date> for NaiveDate {
    fn from(date: Date) -> Self {
        date.0
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Within the range, chrono writes exactly `YYYY-MM-DD`, without parsing a
        // format string on every call.
        fmt::Display::fmt(&self.0, f)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Date::parse(&raw).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_the_range_round_trip() {
        for raw in ["2024-02-29", "0001-01-01", "9999-12-31"] {
            let date: Date = serde_json::from_str(&format!("\"{raw}\"")).unwrap();
            assert_eq!(serde_json::to_value(date).unwrap(), raw);
        }
    }

    #[test]
    fn dates_postgresql_cannot_store_or_we_do_not_write_are_refused() {
        for raw in [
            "-5000-01-01",
            "+10000-01-01",
            "10000-01-01",
            "0000-12-31",
            "2023-02-29",
            "2024-13-01",
            "2024-1-01",
            "2024/01/01",
            "2024-01-01T00:00:00Z",
            "",
        ] {
            let parsed = serde_json::from_str::<Date>(&format!("\"{raw}\""));
            assert!(parsed.is_err(), "{raw}");
        }
        assert!(serde_json::from_str::<Date>("20240101").is_err());
    }
}
