//! How exported values are written. Moments and times of day read as PostgreSQL's
//! JSON functions write them (the archive's format since its first version), and
//! every field of a record shows itself one way ([`Shown`]) to the CSV files and
//! the report, which each format it for their medium.

use std::borrow::Cow;
use std::error::Error;
use std::fmt;

use chrono::{DateTime, NaiveDate, NaiveTime, Timelike, Utc};
use serde::{Serialize, Serializer};
use serde_json::Value;
use shared::domain::Sex;
use tokio_postgres::types::{FromSql, Type};
use uuid::Uuid;

/// A `timestamptz`, written in UTC as PostgreSQL writes it in JSON:
/// `2025-01-15T10:00:00.25+00:00`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timestamp(pub DateTime<Utc>);

/// A `time`, written as PostgreSQL writes it in JSON: `14:30:00`, `14:30:00.5`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeOfDay(pub NaiveTime);

/// Fractions of a second as PostgreSQL writes them: microseconds without trailing
/// zeros, nothing for a whole second.
struct Fraction(u32);

impl fmt::Display for Fraction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let micros = self.0 / 1_000;
        if micros == 0 {
            return Ok(());
        }
        write!(f, ".{}", format!("{micros:06}").trim_end_matches('0'))
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = self.0;
        let fraction = Fraction(at.nanosecond());
        write!(f, "{}{fraction}+00:00", at.format("%Y-%m-%dT%H:%M:%S"))
    }
}

impl fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let fraction = Fraction(self.0.nanosecond());
        write!(f, "{}{fraction}", self.0.format("%H:%M:%S"))
    }
}

macro_rules! written_as_text {
    ($($name:ident($inner:ty)),*) => {$(
        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl<'a> FromSql<'a> for $name {
            fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<Self, Box<dyn Error + Sync + Send>> {
                <$inner>::from_sql(ty, raw).map(Self)
            }

            fn accepts(ty: &Type) -> bool {
                <$inner as FromSql>::accepts(ty)
            }
        }
    )*};
}

written_as_text!(Timestamp(DateTime<Utc>), TimeOfDay(NaiveTime));

/// A number as JSON writes it (`8.95`, `9.0`); nothing when it is not finite.
pub fn decimal(value: f64) -> String {
    serde_json::Number::from_f64(value).map_or_else(String::new, |n| n.to_string())
}

/// One exported value, as the CSV files and the report show it.
#[derive(Debug, Clone, PartialEq)]
pub enum Shown<'a> {
    Empty,
    Text(Cow<'a, str>),
    Decimal(f64),
    Integer(i64),
    List(&'a [String]),
    Json(&'a Value),
}

/// A field of an exported record.
pub trait Field {
    fn shown(&self) -> Shown<'_>;
}

impl Field for String {
    fn shown(&self) -> Shown<'_> {
        Shown::Text(Cow::Borrowed(self))
    }
}

impl Field for Sex {
    fn shown(&self) -> Shown<'_> {
        Shown::Text(Cow::Borrowed(self.as_str()))
    }
}

macro_rules! shown_as_written {
    ($($t:ty),*) => {$(
        impl Field for $t {
            fn shown(&self) -> Shown<'_> {
                Shown::Text(Cow::Owned(self.to_string()))
            }
        }
    )*};
}

shown_as_written!(Uuid, NaiveDate, Timestamp, TimeOfDay);

impl Field for f64 {
    fn shown(&self) -> Shown<'_> {
        Shown::Decimal(*self)
    }
}

impl Field for i64 {
    fn shown(&self) -> Shown<'_> {
        Shown::Integer(*self)
    }
}

impl Field for i16 {
    fn shown(&self) -> Shown<'_> {
        Shown::Integer(i64::from(*self))
    }
}

impl Field for Vec<String> {
    fn shown(&self) -> Shown<'_> {
        Shown::List(self)
    }
}

impl Field for Value {
    fn shown(&self) -> Shown<'_> {
        Shown::Json(self)
    }
}

impl<T: Field> Field for Option<T> {
    fn shown(&self) -> Shown<'_> {
        self.as_ref().map_or(Shown::Empty, Field::shown)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moments_and_times_read_as_postgresql_writes_them() {
        let at = |s: &str| Timestamp(s.parse().unwrap());
        assert_eq!(
            at("2025-01-15T10:00:00Z").to_string(),
            "2025-01-15T10:00:00+00:00"
        );
        assert_eq!(
            at("2025-01-15T10:00:00.1Z").to_string(),
            "2025-01-15T10:00:00.1+00:00"
        );
        assert_eq!(
            at("2026-11-30T07:39:47.270571Z").to_string(),
            "2026-11-30T07:39:47.270571+00:00"
        );
        let time = |s: &str| TimeOfDay(s.parse().unwrap());
        assert_eq!(time("10:30:00").to_string(), "10:30:00");
        assert_eq!(time("10:30:00.25").to_string(), "10:30:00.25");
        assert_eq!(
            serde_json::to_value(at("2025-01-15T10:00:00Z")).unwrap(),
            "2025-01-15T10:00:00+00:00"
        );
    }

    #[test]
    fn numbers_read_as_json_writes_them() {
        assert_eq!(decimal(8.95), "8.95");
        assert_eq!(decimal(9.0), "9.0");
        assert_eq!(decimal(f64::NAN), "");
    }

    #[test]
    fn a_missing_value_shows_empty() {
        assert_eq!(None::<String>.shown(), Shown::Empty);
        assert_eq!(Some(3_i16).shown(), Shown::Integer(3));
        assert_eq!(Sex::Female.shown(), Shown::Text("female".into()));
    }
}
