//! The children's health records and attachments, one struct per table. Rows come
//! per child (in the children's order), newest first within a child.

use chrono::NaiveDate;
use serde::ser::{Serialize, SerializeStruct, Serializer};
use serde_json::Value;
use shared::ApiResult;
use tokio_postgres::Row;
use trajectory::growth::{Indicator, Score};
use uuid::Uuid;

use super::FromRow;
use crate::values::{TimeOfDay, Timestamp};

/// A visit.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Visit {
    pub id: Uuid,
    pub child_id: Uuid,
    pub visit_type: String,
    pub visit_date: NaiveDate,
    pub visit_time: Option<TimeOfDay>,
    pub location: String,
    pub provider: String,
    pub title: String,
    pub notes: String,
    pub tags: Vec<String>,
    /// The fields of one visit type (sick, injury, vision, dental).
    pub details: Value,
    pub vaccines: Vec<String>,
    pub prescriptions: Value,
    pub created_by: Option<Uuid>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl FromRow for Visit {
    const SQL: &'static str = "select r.id, r.child_id, r.visit_type, r.visit_date, r.visit_time,
               r.location, r.provider, r.title, r.notes, r.tags, r.details, r.vaccines,
               r.prescriptions, r.created_by, r.created_at, r.updated_at
        from visits r join children c on c.id = r.child_id
        where c.family_id = $1
        order by c.date_of_birth, c.id, r.visit_date desc, r.visit_time desc nulls last, r.id";

    fn from_row(row: &Row) -> ApiResult<Self> {
        Ok(Self {
            id: row.try_get("id")?,
            child_id: row.try_get("child_id")?,
            visit_type: row.try_get("visit_type")?,
            visit_date: row.try_get("visit_date")?,
            visit_time: row.try_get("visit_time")?,
            location: row.try_get("location")?,
            provider: row.try_get("provider")?,
            title: row.try_get("title")?,
            notes: row.try_get("notes")?,
            tags: row.try_get("tags")?,
            details: row.try_get("details")?,
            vaccines: row.try_get("vaccines")?,
            prescriptions: row.try_get("prescriptions")?,
            created_by: row.try_get("created_by")?,
            created_at: row.try_get("created_at")?,
            updated_at: row.try_get("updated_at")?,
        })
    }
}

/// A measurement, with its age and WHO scores once [`Measurement::score`] placed it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Measurement {
    pub id: Uuid,
    pub child_id: Uuid,
    pub measured_on: NaiveDate,
    pub weight_kg: Option<f64>,
    pub height_cm: Option<f64>,
    pub head_circumference_cm: Option<f64>,
    pub visit_id: Option<Uuid>,
    pub notes: String,
    pub created_by: Option<Uuid>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub age_days: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub growth: Option<Growth>,
}

impl FromRow for Measurement {
    const SQL: &'static str = "select r.id, r.child_id, r.measured_on,
               r.weight_kg::float8 as weight_kg, r.height_cm::float8 as height_cm,
               r.head_circumference_cm::float8 as head_circumference_cm,
               r.visit_id, r.notes, r.created_by, r.created_at, r.updated_at
        from measurements r join children c on c.id = r.child_id
        where c.family_id = $1 order by c.date_of_birth, c.id, r.measured_on desc, r.id";

    fn from_row(row: &Row) -> ApiResult<Self> {
        Ok(Self {
            id: row.try_get("id")?,
            child_id: row.try_get("child_id")?,
            measured_on: row.try_get("measured_on")?,
            weight_kg: row.try_get("weight_kg")?,
            height_cm: row.try_get("height_cm")?,
            head_circumference_cm: row.try_get("head_circumference_cm")?,
            visit_id: row.try_get("visit_id")?,
            notes: row.try_get("notes")?,
            created_by: row.try_get("created_by")?,
            created_at: row.try_get("created_at")?,
            updated_at: row.try_get("updated_at")?,
            age_days: None,
            growth: None,
        })
    }
}

/// A measurement's WHO scores, written `{indicator: {value, z, percentile}}`.
#[derive(Debug, Clone, Default)]
pub struct Growth(pub Vec<Score>);

impl Growth {
    pub fn percentile(&self, indicator: Indicator) -> Option<f64> {
        self.0
            .iter()
            .find(|s| s.indicator == indicator)
            .map(|s| s.percentile)
    }
}

impl Serialize for Growth {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        struct Placed<'a>(&'a Score);
        impl Serialize for Placed<'_> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut score = serializer.serialize_struct("Score", 3)?;
                score.serialize_field("value", &self.0.value)?;
                score.serialize_field("z", &self.0.z)?;
                score.serialize_field("percentile", &self.0.percentile)?;
                score.end()
            }
        }
        serializer.collect_map(self.0.iter().map(|s| (s.indicator.as_str(), Placed(s))))
    }
}

/// A vaccine, a medication or a procedure.
#[derive(Debug, Clone, serde::Serialize)]
pub struct MedicalEvent {
    pub id: Uuid,
    pub child_id: Uuid,
    pub kind: String,
    pub name: String,
    pub event_date: NaiveDate,
    pub end_date: Option<NaiveDate>,
    pub dose: String,
    pub notes: String,
    pub created_by: Option<Uuid>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl FromRow for MedicalEvent {
    const SQL: &'static str = "select r.id, r.child_id, r.kind, r.name, r.event_date, r.end_date,
               r.dose, r.notes, r.created_by, r.created_at, r.updated_at
        from medical_events r join children c on c.id = r.child_id
        where c.family_id = $1 order by c.date_of_birth, c.id, r.event_date desc, r.id";

    fn from_row(row: &Row) -> ApiResult<Self> {
        Ok(Self {
            id: row.try_get("id")?,
            child_id: row.try_get("child_id")?,
            kind: row.try_get("kind")?,
            name: row.try_get("name")?,
            event_date: row.try_get("event_date")?,
            end_date: row.try_get("end_date")?,
            dose: row.try_get("dose")?,
            notes: row.try_get("notes")?,
            created_by: row.try_get("created_by")?,
            created_at: row.try_get("created_at")?,
            updated_at: row.try_get("updated_at")?,
        })
    }
}

/// An illness.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Illness {
    pub id: Uuid,
    pub child_id: Uuid,
    pub illness_types: Vec<String>,
    pub start_date: NaiveDate,
    pub end_date: Option<NaiveDate>,
    pub symptoms: String,
    pub max_temperature_c: Option<f64>,
    pub severity: Option<i16>,
    pub visit_id: Option<Uuid>,
    pub notes: String,
    pub created_by: Option<Uuid>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl FromRow for Illness {
    const SQL: &'static str = "select r.id, r.child_id, r.illness_types, r.start_date, r.end_date,
               r.symptoms, r.max_temperature_c::float8 as max_temperature_c, r.severity,
               r.visit_id, r.notes, r.created_by, r.created_at, r.updated_at
        from illnesses r join children c on c.id = r.child_id
        where c.family_id = $1 order by c.date_of_birth, c.id, r.start_date desc, r.id";

    fn from_row(row: &Row) -> ApiResult<Self> {
        Ok(Self {
            id: row.try_get("id")?,
            child_id: row.try_get("child_id")?,
            illness_types: row.try_get("illness_types")?,
            start_date: row.try_get("start_date")?,
            end_date: row.try_get("end_date")?,
            symptoms: row.try_get("symptoms")?,
            max_temperature_c: row.try_get("max_temperature_c")?,
            severity: row.try_get("severity")?,
            visit_id: row.try_get("visit_id")?,
            notes: row.try_get("notes")?,
            created_by: row.try_get("created_by")?,
            created_at: row.try_get("created_at")?,
            updated_at: row.try_get("updated_at")?,
        })
    }
}

/// A file attached to a child or one of its records. Its storage key stays out
/// of data.json; `file` and `missing` say where it went in the archive.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Attachment {
    pub id: Uuid,
    pub child_id: Uuid,
    pub owner_type: String,
    pub owner_id: Uuid,
    pub filename: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub document_type: String,
    pub uploaded_by: Option<Uuid>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    #[serde(skip)]
    pub object_key: String,
    /// The file's path in the archive; `None` when storage did not have it.
    pub file: Option<String>,
    pub missing: bool,
}

impl FromRow for Attachment {
    const SQL: &'static str = "select a.id, a.child_id, a.owner_type, a.owner_id, a.filename,
               a.content_type, a.size_bytes, a.document_type, a.uploaded_by, a.object_key,
               a.created_at, a.updated_at
        from attachments a join children c on c.id = a.child_id
        where c.family_id = $1 order by c.date_of_birth, c.id, a.created_at, a.id";

    fn from_row(row: &Row) -> ApiResult<Self> {
        Ok(Self {
            id: row.try_get("id")?,
            child_id: row.try_get("child_id")?,
            owner_type: row.try_get("owner_type")?,
            owner_id: row.try_get("owner_id")?,
            filename: row.try_get("filename")?,
            content_type: row.try_get("content_type")?,
            size_bytes: row.try_get("size_bytes")?,
            document_type: row.try_get("document_type")?,
            uploaded_by: row.try_get("uploaded_by")?,
            created_at: row.try_get("created_at")?,
            updated_at: row.try_get("updated_at")?,
            object_key: row.try_get("object_key")?,
            file: None,
            missing: false,
        })
    }
}
