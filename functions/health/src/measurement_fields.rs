//! A measurement's fields, their rules and WHO scores, and how a patch applies to them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use shared::ApiResult;
use shared::db::GenericClient;
use shared::domain::{Date, Notes};
use shared::error::FieldErrors;
use shared::http::nullable;
use trajectory::access::ChildAccess;
use trajectory::growth::{self, Indicator};
use uuid::Uuid;

use crate::records::{self, ChildFacts, round2};
use crate::rules::{self, When};

/// A measurement's own fields; the body of a creation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MeasurementFields {
    /// Not in the future, not before birth.
    pub measured_on: Date,
    /// 0.2 to 250 kg.
    #[serde(default)]
    pub weight_kg: Option<f64>,
    /// Length lying down before two years, height standing after: 20 to 250 cm.
    #[serde(default)]
    pub height_cm: Option<f64>,
    /// 20 to 70 cm.
    #[serde(default)]
    pub head_circumference_cm: Option<f64>,
    /// A visit of the same child.
    #[serde(default)]
    pub visit_id: Option<Uuid>,
    #[serde(default)]
    pub notes: String,
}

/// Where a measurement sits on the WHO reference, to 2 decimals.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, utoipa::ToSchema)]
pub struct IndicatorScore {
    pub indicator: Indicator,
    pub z: f64,
    /// 0 to 100.
    pub percentile: f64,
}

/// The growth standards' view of a measurement.
pub fn growth_input(facts: &ChildFacts, f: &MeasurementFields) -> growth::Input {
    growth::Input {
        age_days: facts.age_days(f.measured_on.get()),
        sex: facts.sex,
        weight_kg: f.weight_kg,
        height_cm: f.height_cm,
        head_circumference_cm: f.head_circumference_cm,
    }
}

/// The scores of every indicator that applies, to 2 decimals.
pub fn scores(facts: &ChildFacts, f: &MeasurementFields) -> Vec<IndicatorScore> {
    growth::scores(&growth_input(facts, f))
        .into_iter()
        .map(|s| IndicatorScore {
            indicator: s.indicator,
            z: round2(s.z),
            percentile: round2(s.percentile),
        })
        .collect()
}

/// Checks and tidies the fields; every problem is reported at once.
pub async fn check(
    client: &impl GenericClient,
    access: &ChildAccess,
    facts: &ChildFacts,
    mut f: MeasurementFields,
) -> ApiResult<MeasurementFields> {
    let mut errors = FieldErrors::new();
    let born = facts.date_of_birth;
    rules::date(&mut errors, "measured_on", f.measured_on, born, When::Past);
    if f.weight_kg.is_none() && f.height_cm.is_none() && f.head_circumference_cm.is_none() {
        errors.add(
            "weight_kg",
            "Give at least one of weight, height or head circumference",
        );
    }
    errors.range("weight_kg", f.weight_kg, 0.2, 250.0, "kg");
    errors.range("height_cm", f.height_cm, 20.0, 250.0, "cm");
    let head = f.head_circumference_cm;
    errors.range("head_circumference_cm", head, 20.0, 70.0, "cm");
    errors.tidy::<Notes>("notes", &mut f.notes);
    records::check_visit(client, &mut errors, f.visit_id, access).await?;
    errors.finish()?;
    Ok(f)
}

/// Fields to change; absent fields stay, `null` clears an optional one.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MeasurementPatch {
    measured_on: Option<Date>,
    #[serde(default, deserialize_with = "nullable")]
    weight_kg: Option<Option<f64>>,
    #[serde(default, deserialize_with = "nullable")]
    height_cm: Option<Option<f64>>,
    #[serde(default, deserialize_with = "nullable")]
    head_circumference_cm: Option<Option<f64>>,
    #[serde(default, deserialize_with = "nullable")]
    visit_id: Option<Option<Uuid>>,
    notes: Option<String>,
    /// The `updated_at` the client last saw; a newer one answers 409 `STALE`.
    updated_at: Option<DateTime<Utc>>,
}

shared::patch!(MeasurementPatch => MeasurementFields { measured_on, weight_kg, height_cm, head_circumference_cm, visit_id, notes });
