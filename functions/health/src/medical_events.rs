//! Medical events: vaccines given, medications taken (with an end date), procedures.

use const_format::concatcp;
use serde::{Deserialize, Serialize};
use shared::ApiResult;
use shared::db::Transaction;
use tokio_postgres::Row;
use trajectory::access::{ChildAccess, RecordKind};

use crate::event_fields::{EventFields, EventKind, EventPatch, check};
use crate::records::{ChildFacts, ChildRecord, Docs, ListQuery, META_COLUMNS, Meta, Value};

/// A medical event as the API shows it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MedicalEvent {
    #[serde(flatten)]
    pub meta: Meta,
    #[serde(flatten)]
    pub fields: EventFields,
}

const COLUMNS: &str = concatcp!(
    META_COLUMNS,
    ", kind, name, event_date, end_date, dose, notes"
);

/// Medical events as a kind of child record.
pub struct MedicalEvents;

impl ChildRecord for MedicalEvents {
    const KIND: RecordKind = RecordKind::MedicalEvent;
    const PATH: &'static str = "medical-events";
    const DOCS: Docs = Docs {
        list: "The medical events of a child, newest first.",
        create: "Records a vaccine, medication or procedure (owner or parent).",
        get: "One medical event.",
        update: "Changes a medical event (owner or parent).",
        delete: "Deletes a medical event and its attachments (owner or parent).",
    };
    type Fields = EventFields;
    type Patch = EventPatch;
    type Shown = MedicalEvent;
    type Filter = KindFilter;
    const LOAD: &'static str = concatcp!("select ", COLUMNS, " from medical_events where id = $1");
    const LIST: ListQuery = ListQuery {
        columns: COLUMNS,
        from_where: "from medical_events where child_id = $1
            and ($2::date is null or event_date >= $2) and ($3::date is null or event_date <= $3)
            and ($4::text is null or kind = $4)",
        order: "event_date desc, created_at desc",
    };
    const INSERT: &'static str = "insert into medical_events
            (child_id, kind, name, event_date, end_date, dose, notes, created_by)
        values ($1, $2, $3, $4, $5, $6, $7, $8) returning id";
    const UPDATE: &'static str = "update medical_events set kind = $2, name = $3, event_date = $4,
            end_date = $5, dose = $6, notes = $7
        where id = $1";

    fn from_row(row: &Row) -> ApiResult<MedicalEvent> {
        Ok(MedicalEvent {
            meta: Meta::from_row(row)?,
            fields: EventFields {
                kind: EventKind::parse(row.try_get("kind")?)?,
                name: row.try_get("name")?,
                date: row.try_get("event_date")?,
                end_date: row.try_get("end_date")?,
                dose: row.try_get("dose")?,
                notes: row.try_get("notes")?,
            },
        })
    }

    fn meta(shown: &MedicalEvent) -> &Meta {
        &shown.meta
    }

    fn fields(shown: &MedicalEvent) -> &EventFields {
        &shown.fields
    }

    async fn check(
        _: &Transaction<'_>,
        _: &ChildAccess,
        facts: &ChildFacts,
        fields: EventFields,
    ) -> ApiResult<EventFields> {
        check(facts, fields)
    }

    fn values(f: &EventFields) -> ApiResult<Vec<Value>> {
        Ok(vec![
            Box::new(f.kind.as_str()),
            Box::new(f.name.clone()),
            Box::new(f.date),
            Box::new(f.end_date),
            Box::new(f.dose.clone()),
            Box::new(f.notes.clone()),
        ])
    }

    fn filter_values(filter: &KindFilter) -> Vec<Value> {
        vec![Box::new(filter.kind.map(EventKind::as_str))]
    }
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct KindFilter {
    /// Only events of this kind.
    kind: Option<EventKind>,
}
