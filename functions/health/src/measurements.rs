//! Measurements: weight, length/height and head circumference on a day, each answered
//! with the WHO z-score and percentile of every indicator that applies.

use const_format::concatcp;
use serde::Serialize;
use shared::db::Transaction;
use shared::{ApiError, ApiResult};
use tokio_postgres::Row;
use trajectory::access::{ChildAccess, RecordKind};

use crate::measurement_fields::{
    IndicatorScore, MeasurementFields, MeasurementPatch, check, scores,
};
use crate::records::{ChildFacts, ChildRecord, Docs, ListQuery, Meta, NoFilter, Value};

/// A measurement as the API shows it, with its scores.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Measurement {
    #[serde(flatten)]
    pub meta: Meta,
    #[serde(flatten)]
    pub fields: MeasurementFields,
    /// One per indicator that applies at this age, sex and set of values.
    pub scores: Vec<IndicatorScore>,
}

/// The measurement's columns and, for its scores, the child's birth date and sex.
pub const COLUMNS: &str =
    "m.id, m.child_id, m.created_by, m.created_at, m.updated_at, m.measured_on,
    m.weight_kg::float8 as weight_kg, m.height_cm::float8 as height_cm,
    m.head_circumference_cm::float8 as head_circumference_cm, m.visit_id, m.notes,
    c.date_of_birth, c.sex";

const FROM: &str = "from measurements m join children c on c.id = m.child_id";

/// The fields of a row selected with [`COLUMNS`].
pub fn fields_from_row(row: &Row) -> Result<(ChildFacts, MeasurementFields), ApiError> {
    let facts = ChildFacts::from_row(row)?;
    let fields = MeasurementFields {
        measured_on: row.try_get("measured_on")?,
        weight_kg: row.try_get("weight_kg")?,
        height_cm: row.try_get("height_cm")?,
        head_circumference_cm: row.try_get("head_circumference_cm")?,
        visit_id: row.try_get("visit_id")?,
        notes: row.try_get("notes")?,
    };
    Ok((facts, fields))
}

/// Measurements as a kind of child record.
pub struct Measurements;

impl ChildRecord for Measurements {
    const KIND: RecordKind = RecordKind::Measurement;
    const PATH: &'static str = "measurements";
    const DOCS: Docs = Docs {
        list: "The measurements of a child, newest first, each with its scores.",
        create: "Records a measurement (owner or parent).",
        get: "One measurement with its scores.",
        update: "Changes a measurement (owner or parent); the scores follow.",
        delete: "Deletes a measurement and its attachments (owner or parent).",
    };
    type Fields = MeasurementFields;
    type Patch = MeasurementPatch;
    type Shown = Measurement;
    type Filter = NoFilter;
    const LOAD: &'static str = concatcp!("select ", COLUMNS, " ", FROM, " where m.id = $1");
    const LIST: ListQuery = ListQuery {
        columns: COLUMNS,
        from_where: concatcp!(
            FROM,
            " where m.child_id = $1 and ($2::date is null or m.measured_on >= $2)
              and ($3::date is null or m.measured_on <= $3)"
        ),
        order: "m.measured_on desc, m.created_at desc",
    };

    fn from_row(row: &Row) -> ApiResult<Measurement> {
        let (facts, fields) = fields_from_row(row)?;
        Ok(Measurement {
            meta: Meta::from_row(row)?,
            scores: scores(&facts, &fields),
            fields,
        })
    }

    fn meta(shown: &Measurement) -> &Meta {
        &shown.meta
    }

    fn fields(shown: &Measurement) -> &MeasurementFields {
        &shown.fields
    }

    async fn check(
        tx: &Transaction<'_>,
        access: &ChildAccess,
        facts: &ChildFacts,
        fields: MeasurementFields,
    ) -> ApiResult<MeasurementFields> {
        check(tx, access, facts, fields).await
    }

    const INSERT: &'static str = "insert into measurements (child_id, measured_on, weight_kg,
            height_cm, head_circumference_cm, visit_id, notes, created_by)
        values ($1, $2, $3::float8, $4::float8, $5::float8, $6, $7, $8) returning id";
    const UPDATE: &'static str = "update measurements set measured_on = $2, weight_kg = $3::float8,
            height_cm = $4::float8, head_circumference_cm = $5::float8, visit_id = $6, notes = $7
        where id = $1";

    fn values(f: &MeasurementFields) -> ApiResult<Vec<Value>> {
        Ok(vec![
            Box::new(f.measured_on),
            Box::new(f.weight_kg),
            Box::new(f.height_cm),
            Box::new(f.head_circumference_cm),
            Box::new(f.visit_id),
            Box::new(f.notes.clone()),
        ])
    }

    fn filter_values(_: &NoFilter) -> Vec<Value> {
        Vec::new()
    }
}
