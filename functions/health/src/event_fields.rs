//! A medical event's fields, their rules, and how a patch applies to them.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use shared::error::FieldErrors;
use shared::http::nullable;
use shared::{ApiError, ApiResult};

use crate::common::ChildFacts;
use crate::rules::{self, NOTES_MAX, SHORT_MAX, When};

/// What kind of event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    Vaccine,
    Medication,
    Procedure,
}

impl EventKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Vaccine => "vaccine",
            EventKind::Medication => "medication",
            EventKind::Procedure => "procedure",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, ApiError> {
        match raw {
            "vaccine" => Ok(EventKind::Vaccine),
            "medication" => Ok(EventKind::Medication),
            "procedure" => Ok(EventKind::Procedure),
            other => Err(ApiError::internal(format!("unknown event kind {other:?}"))),
        }
    }
}

/// A medical event's own fields; the body of a creation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EventFields {
    pub kind: EventKind,
    /// 1 to 200 characters.
    pub name: String,
    /// When it was given or done; planned events may be up to two years ahead.
    pub date: NaiveDate,
    /// Medications only: the last day, not before `date`.
    #[serde(default)]
    pub end_date: Option<NaiveDate>,
    #[serde(default)]
    pub dose: String,
    #[serde(default)]
    pub notes: String,
}

/// Checks and tidies the fields; every problem is reported at once.
pub fn check(facts: &ChildFacts, mut f: EventFields) -> ApiResult<EventFields> {
    let mut errors = FieldErrors::new();
    let born = facts.date_of_birth;
    f.name = rules::required(&mut errors, "name", &f.name, SHORT_MAX);
    rules::date(&mut errors, "date", f.date, born, When::Planned);
    if let Some(end) = f.end_date {
        if f.kind != EventKind::Medication {
            errors.add("end_date", "Only medications have an end date");
        } else if end < f.date {
            errors.add("end_date", "Cannot be before the date");
        }
        rules::date(&mut errors, "end_date", end, born, When::Planned);
    }
    f.dose = rules::text(&mut errors, "dose", &f.dose, SHORT_MAX);
    f.notes = rules::text(&mut errors, "notes", &f.notes, NOTES_MAX);
    errors.finish()?;
    Ok(f)
}

/// Fields to change; absent fields stay, `null` clears an optional one.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EventPatch {
    kind: Option<EventKind>,
    name: Option<String>,
    date: Option<NaiveDate>,
    #[serde(default, deserialize_with = "nullable")]
    end_date: Option<Option<NaiveDate>>,
    dose: Option<String>,
    notes: Option<String>,
    /// The `updated_at` the client last saw; a newer one answers 409 `STALE`.
    pub updated_at: Option<DateTime<Utc>>,
}

impl EventPatch {
    pub fn apply(self, f: EventFields) -> EventFields {
        EventFields {
            kind: self.kind.unwrap_or(f.kind),
            name: self.name.unwrap_or(f.name),
            date: self.date.unwrap_or(f.date),
            end_date: self.end_date.unwrap_or(f.end_date),
            dose: self.dose.unwrap_or(f.dose),
            notes: self.notes.unwrap_or(f.notes),
        }
    }
}
