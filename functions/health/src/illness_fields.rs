//! An illness's fields, their rules, and how a patch applies to them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use shared::db::GenericClient;
use shared::domain::{Date, LongText, Notes};
use shared::error::FieldErrors;
use shared::http::nullable;
use shared::{ApiError, ApiResult};
use trajectory::access::ChildAccess;
use uuid::Uuid;

use crate::records::{self, ChildFacts};
use crate::rules::{self, When};

/// The kinds of illness a record (or a sick visit) names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum IllnessType {
    Flu,
    Strep,
    Rsv,
    Covid,
    Cold,
    StomachBug,
    EarInfection,
    HandFootMouth,
    Croup,
    PinkEye,
    Other,
}

impl IllnessType {
    const ALL: [(IllnessType, &'static str); 11] = [
        (IllnessType::Flu, "flu"),
        (IllnessType::Strep, "strep"),
        (IllnessType::Rsv, "rsv"),
        (IllnessType::Covid, "covid"),
        (IllnessType::Cold, "cold"),
        (IllnessType::StomachBug, "stomach_bug"),
        (IllnessType::EarInfection, "ear_infection"),
        (IllnessType::HandFootMouth, "hand_foot_mouth"),
        (IllnessType::Croup, "croup"),
        (IllnessType::PinkEye, "pink_eye"),
        (IllnessType::Other, "other"),
    ];

    pub fn as_str(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(t, _)| *t == self)
            .map_or("other", |(_, s)| s)
    }

    /// The names in `raw`, as stored; an unknown name is a broken row.
    pub fn parse_all(raw: &[String]) -> Result<Vec<Self>, ApiError> {
        raw.iter()
            .map(|name| {
                Self::ALL
                    .iter()
                    .find(|(_, s)| s == name)
                    .map(|(t, _)| *t)
                    .ok_or_else(|| ApiError::internal(format!("unknown illness type {name:?}")))
            })
            .collect()
    }

    pub fn names(types: &[Self]) -> Vec<&'static str> {
        types.iter().map(|t| t.as_str()).collect()
    }
}

/// An illness's own fields; the body of a creation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IllnessFields {
    /// At least one.
    pub illness_types: Vec<IllnessType>,
    pub start_date: Date,
    /// Empty while the illness is ongoing; not before `start_date`.
    #[serde(default)]
    pub end_date: Option<Date>,
    #[serde(default)]
    pub symptoms: String,
    /// 35 to 45 °C.
    #[serde(default)]
    pub max_temperature_c: Option<f64>,
    /// 1 (mild) to 10.
    #[serde(default)]
    pub severity: Option<i16>,
    /// A visit of the same child.
    #[serde(default)]
    pub visit_id: Option<Uuid>,
    #[serde(default)]
    pub notes: String,
}

/// Checks and tidies the fields; every problem is reported at once.
pub async fn check(
    client: &impl GenericClient,
    access: &ChildAccess,
    facts: &ChildFacts,
    mut f: IllnessFields,
) -> ApiResult<IllnessFields> {
    let mut errors = FieldErrors::new();
    let born = facts.date_of_birth;
    if f.illness_types.is_empty() {
        errors.add("illness_types", "Choose at least one illness type");
    }
    f.illness_types = rules::dedup(&f.illness_types);
    rules::date(&mut errors, "start_date", f.start_date, born, When::Past);
    if let Some(end) = f.end_date {
        rules::date(&mut errors, "end_date", end, born, When::Past);
        if end < f.start_date {
            errors.add("end_date", "Cannot be before the start date");
        }
    }
    errors.tidy::<LongText>("symptoms", &mut f.symptoms);
    errors.range("max_temperature_c", f.max_temperature_c, 35.0, 45.0, "°C");
    if f.severity.is_some_and(|s| !(1..=10).contains(&s)) {
        errors.add("severity", "Must be between 1 and 10");
    }
    errors.tidy::<Notes>("notes", &mut f.notes);
    records::check_visit(client, &mut errors, f.visit_id, access).await?;
    errors.finish()?;
    Ok(f)
}

/// Fields to change; absent fields stay, `null` clears an optional one.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IllnessPatch {
    illness_types: Option<Vec<IllnessType>>,
    start_date: Option<Date>,
    #[serde(default, deserialize_with = "nullable")]
    end_date: Option<Option<Date>>,
    symptoms: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    max_temperature_c: Option<Option<f64>>,
    #[serde(default, deserialize_with = "nullable")]
    severity: Option<Option<i16>>,
    #[serde(default, deserialize_with = "nullable")]
    visit_id: Option<Option<Uuid>>,
    notes: Option<String>,
    /// The `updated_at` the client last saw; a newer one answers 409 `STALE`.
    updated_at: Option<DateTime<Utc>>,
}

shared::patch!(IllnessPatch => IllnessFields { illness_types, start_date, end_date, symptoms, max_temperature_c, severity, visit_id, notes });
