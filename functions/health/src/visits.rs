//! Visits: wellness, sick, injury, vision and dental visits, past or planned.

use const_format::concatcp;
use serde::{Deserialize, Serialize};
use serde_json::json;
use shared::ApiResult;
use shared::auth::AuthUser;
use shared::db::Transaction;
use tokio_postgres::Row;
use trajectory::access::{ChildAccess, RecordKind};
use uuid::Uuid;

use crate::records::{self, ChildFacts, ChildRecord, Docs, ListQuery, META_COLUMNS, Meta, Value};
use crate::visit_fields::{VisitFields, VisitPatch};
use crate::visit_parts::VisitType;
use crate::visit_rules::check;

/// A visit as the API shows it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Visit {
    #[serde(flatten)]
    pub meta: Meta,
    #[serde(flatten)]
    pub fields: VisitFields,
}

const COLUMNS: &str = concatcp!(
    META_COLUMNS,
    ", visit_type, visit_date, visit_time, location, provider, title, notes, tags,
    details, vaccines, prescriptions"
);

/// Visits as a kind of child record.
pub struct Visits;

impl ChildRecord for Visits {
    const KIND: RecordKind = RecordKind::Visit;
    const PATH: &'static str = "visits";
    const DOCS: Docs = Docs {
        list: "The visits of a child, newest first (appointments ahead come first).",
        create: "Records a visit or an appointment (owner or parent).",
        get: "One visit.",
        update: "Changes a visit (owner or parent).",
        delete: "Deletes a visit and its attachments (owner or parent); measurements and \
                 illnesses recorded at it stay, unlinked.",
    };
    type Fields = VisitFields;
    type Patch = VisitPatch;
    type Shown = Visit;
    type Filter = TypeFilter;
    const LOAD: &'static str = concatcp!("select ", COLUMNS, " from visits where id = $1");
    const LIST: ListQuery = ListQuery {
        columns: COLUMNS,
        from_where: "from visits where child_id = $1
            and ($2::date is null or visit_date >= $2) and ($3::date is null or visit_date <= $3)
            and ($4::text is null or visit_type = $4)",
        order: "visit_date desc, visit_time desc nulls last, created_at desc",
    };
    const INSERT: &'static str = "insert into visits (child_id, visit_type, visit_date, visit_time,
            location, provider, title, notes, tags, details, vaccines, prescriptions, created_by)
        values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) returning id";
    const UPDATE: &'static str = "update visits set visit_type = $2, visit_date = $3,
            visit_time = $4, location = $5, provider = $6, title = $7, notes = $8, tags = $9,
            details = $10, vaccines = $11, prescriptions = $12
        where id = $1";

    fn from_row(row: &Row) -> ApiResult<Visit> {
        Ok(Visit {
            meta: Meta::from_row(row)?,
            fields: VisitFields::from_row(row)?,
        })
    }

    fn meta(shown: &Visit) -> &Meta {
        &shown.meta
    }

    fn fields(shown: &Visit) -> &VisitFields {
        &shown.fields
    }

    async fn check(
        _: &Transaction<'_>,
        _: &ChildAccess,
        facts: &ChildFacts,
        fields: VisitFields,
    ) -> ApiResult<VisitFields> {
        check(facts, fields)
    }

    fn values(f: &VisitFields) -> ApiResult<Vec<Value>> {
        Ok(vec![
            Box::new(f.visit_type.as_str()),
            Box::new(f.visit_date),
            Box::new(f.visit_time.map(|t| t.0)),
            Box::new(f.location.clone()),
            Box::new(f.provider.clone()),
            Box::new(f.title.clone()),
            Box::new(f.notes.clone()),
            Box::new(f.tags.clone()),
            Box::new(f.details()?),
            Box::new(f.vaccines.clone()),
            Box::new(f.prescriptions_json()?),
        ])
    }

    fn filter_values(filter: &TypeFilter) -> Vec<Value> {
        vec![Box::new(filter.visit_type.map(VisitType::as_str))]
    }

    /// Measurements and illnesses recorded at the visit stay, unlinked; each change
    /// is audited like any other.
    async fn before_delete(
        tx: &Transaction<'_>,
        user: &AuthUser,
        access: &ChildAccess,
        visit_id: Uuid,
    ) -> ApiResult<()> {
        for kind in [RecordKind::Measurement, RecordKind::Illness] {
            let sql = format!(
                "update {} set visit_id = null where visit_id = $1 returning id",
                kind.table()
            );
            for row in tx.query(&sql, &[&visit_id]).await? {
                let (before, after) = (json!({"visit_id": visit_id}), json!({"visit_id": null}));
                let id = row.try_get(0)?;
                records::ops::audit_kind(tx, user, access, kind, id, Some(&before), Some(&after))
                    .await?;
            }
        }
        Ok(())
    }
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TypeFilter {
    /// Only visits of this type.
    #[serde(rename = "type")]
    #[param(rename = "type")]
    visit_type: Option<VisitType>,
}
