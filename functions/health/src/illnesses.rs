//! Illnesses: what the child had, when, how bad, and how hot.

use const_format::concatcp;
use serde::Serialize;
use shared::ApiResult;
use shared::db::Transaction;
use tokio_postgres::Row;
use trajectory::access::{ChildAccess, RecordKind};

use crate::illness_fields::{IllnessFields, IllnessPatch, IllnessType, check};
use crate::records::{
    ChildFacts, ChildRecord, Docs, ListQuery, META_COLUMNS, Meta, NoFilter, Value,
};

/// An illness as the API shows it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Illness {
    #[serde(flatten)]
    pub meta: Meta,
    #[serde(flatten)]
    pub fields: IllnessFields,
}

const COLUMNS: &str = concatcp!(
    META_COLUMNS,
    ", illness_types, start_date, end_date, symptoms,
    max_temperature_c::float8 as max_temperature_c, severity, visit_id, notes"
);

/// Illnesses as a kind of child record.
pub struct Illnesses;

impl ChildRecord for Illnesses {
    const KIND: RecordKind = RecordKind::Illness;
    const PATH: &'static str = "illnesses";
    const DOCS: Docs = Docs {
        list: "The illnesses of a child, newest first; `from`/`to` keep those that overlap the range.",
        create: "Records an illness (owner or parent).",
        get: "One illness.",
        update: "Changes an illness (owner or parent).",
        delete: "Deletes an illness and its attachments (owner or parent).",
    };
    type Fields = IllnessFields;
    type Patch = IllnessPatch;
    type Shown = Illness;
    type Filter = NoFilter;
    const LOAD: &'static str = concatcp!("select ", COLUMNS, " from illnesses where id = $1");
    /// An illness is in the range when it overlaps it.
    const LIST: ListQuery = ListQuery {
        columns: COLUMNS,
        from_where: "from illnesses where child_id = $1
            and ($2::date is null or end_date is null or end_date >= $2)
            and ($3::date is null or start_date <= $3)",
        order: "start_date desc, created_at desc",
    };
    const INSERT: &'static str = "insert into illnesses (child_id, illness_types, start_date,
            end_date, symptoms, max_temperature_c, severity, visit_id, notes, created_by)
        values ($1, $2, $3, $4, $5, $6::float8, $7, $8, $9, $10) returning id";
    const UPDATE: &'static str = "update illnesses set illness_types = $2, start_date = $3,
            end_date = $4, symptoms = $5, max_temperature_c = $6::float8, severity = $7,
            visit_id = $8, notes = $9
        where id = $1";

    fn from_row(row: &Row) -> ApiResult<Illness> {
        let types: Vec<String> = row.try_get("illness_types")?;
        Ok(Illness {
            meta: Meta::from_row(row)?,
            fields: IllnessFields {
                illness_types: IllnessType::parse_all(&types)?,
                start_date: row.try_get("start_date")?,
                end_date: row.try_get("end_date")?,
                symptoms: row.try_get("symptoms")?,
                max_temperature_c: row.try_get("max_temperature_c")?,
                severity: row.try_get("severity")?,
                visit_id: row.try_get("visit_id")?,
                notes: row.try_get("notes")?,
            },
        })
    }

    fn meta(shown: &Illness) -> &Meta {
        &shown.meta
    }

    fn fields(shown: &Illness) -> &IllnessFields {
        &shown.fields
    }

    async fn check(
        tx: &Transaction<'_>,
        access: &ChildAccess,
        facts: &ChildFacts,
        fields: IllnessFields,
    ) -> ApiResult<IllnessFields> {
        check(tx, access, facts, fields).await
    }

    fn values(f: &IllnessFields) -> ApiResult<Vec<Value>> {
        Ok(vec![
            Box::new(IllnessType::names(&f.illness_types)),
            Box::new(f.start_date),
            Box::new(f.end_date),
            Box::new(f.symptoms.clone()),
            Box::new(f.max_temperature_c),
            Box::new(f.severity),
            Box::new(f.visit_id),
            Box::new(f.notes.clone()),
        ])
    }

    fn filter_values(_: &NoFilter) -> Vec<Value> {
        Vec::new()
    }
}
