//! A visit's fields: the common ones, those of each visit type, and how a patch
//! applies to them. Type-specific fields live in the `details` column.

use chrono::NaiveTime;
use serde::{Deserialize, Serialize};
use shared::ApiError;
use shared::domain::Date;
use shared::http::nullable;
use shared::records::Patch;
use tokio_postgres::Row;

use crate::illness_fields::IllnessType;
use crate::visit_parts::{ClockTime, Dental, Prescription, Vision, VisitType};

/// A visit's own fields; the body of a creation. Fields of another visit type than
/// `type` must be left empty.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VisitFields {
    #[serde(rename = "type")]
    pub visit_type: VisitType,
    /// Not before birth; a future date makes the visit an appointment.
    pub visit_date: Date,
    #[serde(default)]
    #[schema(value_type = Option<String>, example = "14:30")]
    pub visit_time: Option<ClockTime>,
    #[serde(default)]
    pub location: String,
    #[serde(default)]
    pub provider: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub notes: String,
    #[serde(default)]
    pub tags: Vec<String>,
    /// Sick visits: at least one unless the visit is in the future.
    #[serde(default)]
    pub illness_types: Vec<IllnessType>,
    /// Sick visits.
    #[serde(default)]
    pub symptoms: String,
    /// Injury visits: required unless the visit is in the future.
    #[serde(default)]
    pub injury_type: String,
    /// Injury visits: where on the body.
    #[serde(default)]
    pub injury_location: String,
    /// Injury visits.
    #[serde(default)]
    pub treatment: String,
    /// Vision visits.
    #[serde(default)]
    pub vision: Option<Vision>,
    /// Dental visits.
    #[serde(default)]
    pub dental: Option<Dental>,
    /// Vaccines given at the visit.
    #[serde(default)]
    pub vaccines: Vec<String>,
    #[serde(default)]
    pub prescriptions: Vec<Prescription>,
}

/// The type-specific fields as stored in `visits.details`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
struct Details {
    illness_types: Vec<IllnessType>,
    symptoms: String,
    injury_type: String,
    injury_location: String,
    treatment: String,
    vision: Option<Vision>,
    dental: Option<Dental>,
}

impl VisitFields {
    /// Empties every type-specific field, for a visit that changes type.
    fn clear_type_specific(&mut self) {
        let d = Details::default();
        self.illness_types = d.illness_types;
        self.symptoms = d.symptoms;
        self.injury_type = d.injury_type;
        self.injury_location = d.injury_location;
        self.treatment = d.treatment;
        self.vision = d.vision;
        self.dental = d.dental;
    }

    /// The `details` column.
    pub fn details(&self) -> Result<serde_json::Value, ApiError> {
        serde_json::to_value(Details {
            illness_types: self.illness_types.clone(),
            symptoms: self.symptoms.clone(),
            injury_type: self.injury_type.clone(),
            injury_location: self.injury_location.clone(),
            treatment: self.treatment.clone(),
            vision: self.vision,
            dental: self.dental.clone(),
        })
        .map_err(ApiError::internal)
    }

    pub fn prescriptions_json(&self) -> Result<serde_json::Value, ApiError> {
        serde_json::to_value(&self.prescriptions).map_err(ApiError::internal)
    }

    pub fn from_row(row: &Row) -> Result<Self, ApiError> {
        let details: Details =
            serde_json::from_value(row.try_get("details")?).map_err(ApiError::internal)?;
        let prescriptions =
            serde_json::from_value(row.try_get("prescriptions")?).map_err(ApiError::internal)?;
        let time: Option<NaiveTime> = row.try_get("visit_time")?;
        Ok(Self {
            visit_type: VisitType::parse(row.try_get("visit_type")?)?,
            visit_date: row.try_get("visit_date")?,
            visit_time: time.map(ClockTime),
            location: row.try_get("location")?,
            provider: row.try_get("provider")?,
            title: row.try_get("title")?,
            notes: row.try_get("notes")?,
            tags: row.try_get("tags")?,
            illness_types: details.illness_types,
            symptoms: details.symptoms,
            injury_type: details.injury_type,
            injury_location: details.injury_location,
            treatment: details.treatment,
            vision: details.vision,
            dental: details.dental,
            vaccines: row.try_get("vaccines")?,
            prescriptions,
        })
    }
}

/// Fields to change; absent fields stay, `null` clears an optional one. Changing the
/// type drops the previous type's fields.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VisitPatch {
    #[serde(rename = "type")]
    visit_type: Option<VisitType>,
    visit_date: Option<Date>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, example = "14:30")]
    visit_time: Option<Option<ClockTime>>,
    location: Option<String>,
    provider: Option<String>,
    title: Option<String>,
    notes: Option<String>,
    tags: Option<Vec<String>>,
    illness_types: Option<Vec<IllnessType>>,
    symptoms: Option<String>,
    injury_type: Option<String>,
    injury_location: Option<String>,
    treatment: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    vision: Option<Option<Vision>>,
    #[serde(default, deserialize_with = "nullable")]
    dental: Option<Option<Dental>>,
    vaccines: Option<Vec<String>>,
    prescriptions: Option<Vec<Prescription>>,
    /// The `updated_at` the client last saw; a newer one answers 409 `STALE`.
    updated_at: Option<chrono::DateTime<chrono::Utc>>,
}

fn set<T>(slot: &mut T, value: Option<T>) {
    if let Some(value) = value {
        *slot = value;
    }
}

impl Patch<VisitFields> for VisitPatch {
    fn seen(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        self.updated_at
    }

    fn apply(self, mut f: VisitFields) -> VisitFields {
        if let Some(visit_type) = self.visit_type
            && visit_type != f.visit_type
        {
            f.clear_type_specific();
            f.visit_type = visit_type;
        }
        set(&mut f.visit_date, self.visit_date);
        set(&mut f.visit_time, self.visit_time);
        set(&mut f.location, self.location);
        set(&mut f.provider, self.provider);
        set(&mut f.title, self.title);
        set(&mut f.notes, self.notes);
        set(&mut f.tags, self.tags);
        set(&mut f.illness_types, self.illness_types);
        set(&mut f.symptoms, self.symptoms);
        set(&mut f.injury_type, self.injury_type);
        set(&mut f.injury_location, self.injury_location);
        set(&mut f.treatment, self.treatment);
        set(&mut f.vision, self.vision);
        set(&mut f.dental, self.dental);
        set(&mut f.vaccines, self.vaccines);
        set(&mut f.prescriptions, self.prescriptions);
        f
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changing_the_type_drops_the_previous_types_fields() {
        let sick: VisitFields = serde_json::from_value(serde_json::json!({
            "type": "sick", "visit_date": "2025-01-02", "illness_types": ["flu"], "symptoms": "fever",
            "notes": "kept"
        }))
        .unwrap();
        let patch: VisitPatch =
            serde_json::from_value(serde_json::json!({"type": "injury", "injury_type": "cut"}))
                .unwrap();
        let injury = patch.apply(sick);
        assert_eq!(injury.visit_type, VisitType::Injury);
        assert!(injury.illness_types.is_empty() && injury.symptoms.is_empty());
        assert_eq!(
            (injury.injury_type.as_str(), injury.notes.as_str()),
            ("cut", "kept")
        );
    }
}
