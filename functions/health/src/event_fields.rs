//! A medical event's fields, their rules, and how a patch applies to them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use shared::domain::{Date, Notes, ShortText, Title};
use shared::error::FieldErrors;
use shared::http::nullable;
use shared::{ApiError, ApiResult};

use crate::records::ChildFacts;
use crate::rules::{self, When};

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
    pub date: Date,
    /// Medications only: the last day, not before `date`.
    #[serde(default)]
    pub end_date: Option<Date>,
    #[serde(default)]
    pub dose: String,
    #[serde(default)]
    pub notes: String,
}

/// Checks and tidies the fields; every problem is reported at once.
pub fn check(facts: &ChildFacts, mut f: EventFields) -> ApiResult<EventFields> {
    let mut errors = FieldErrors::new();
    let born = facts.date_of_birth;
    errors.tidy::<Title>("name", &mut f.name);
    rules::date(&mut errors, "date", f.date, born, When::Planned);
    if let Some(end) = f.end_date {
        if f.kind != EventKind::Medication {
            errors.add("end_date", "Only medications have an end date");
        } else if end < f.date {
            errors.add("end_date", "Cannot be before the date");
        }
        rules::date(&mut errors, "end_date", end, born, When::Planned);
    }
    errors.tidy::<ShortText>("dose", &mut f.dose);
    errors.tidy::<Notes>("notes", &mut f.notes);
    errors.finish()?;
    Ok(f)
}

/// Fields to change; absent fields stay, `null` clears an optional one.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EventPatch {
    kind: Option<EventKind>,
    name: Option<String>,
    date: Option<Date>,
    #[serde(default, deserialize_with = "nullable")]
    end_date: Option<Option<Date>>,
    dose: Option<String>,
    notes: Option<String>,
    /// The `updated_at` the client last saw; a newer one answers 409 `STALE`.
    updated_at: Option<DateTime<Utc>>,
}

shared::patch!(EventPatch => EventFields { kind, name, date, end_date, dose, notes });
