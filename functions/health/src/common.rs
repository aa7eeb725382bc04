//! What every record type shares: its identity columns, the list query with date
//! filters and paging, the child's birth date and sex, audit events, visit links and
//! removal with the record's files.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use shared::audit::{self, Action};
use shared::auth::AuthUser;
use shared::db::{GenericClient, Transaction};
use shared::error::FieldErrors;
use shared::http::PageParams;
use shared::{ApiError, storage};
use tokio_postgres::Row;
use tokio_postgres::types::ToSql;
use trajectory::access::{ChildAccess, RecordKind};
use trajectory::growth;
use uuid::Uuid;

use crate::rules;

/// The columns every record has besides its own fields.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Meta {
    pub id: Uuid,
    pub child_id: Uuid,
    /// Who created the record (null once that account is deleted).
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    /// Send it back with an update (or as `If-Match`) to detect concurrent edits.
    pub updated_at: DateTime<Utc>,
}

/// The identity columns, to put in front of a record's own columns.
pub const META_COLUMNS: &str = "id, child_id, created_by, created_at, updated_at";

impl Meta {
    pub fn from_row(row: &Row) -> Result<Self, ApiError> {
        Ok(Self {
            id: row.try_get("id")?,
            child_id: row.try_get("child_id")?,
            created_by: row.try_get("created_by")?,
            created_at: row.try_get("created_at")?,
            updated_at: row.try_get("updated_at")?,
        })
    }
}

/// `?page=&limit=&from=&to=` of the per-child lists.
#[derive(Debug, Clone, Copy, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RangeQuery {
    /// Page, from 1.
    #[serde(default = "shared::http::first_page")]
    pub page: i64,
    /// Records per page, 1 to 200 (default 50).
    #[serde(default = "shared::http::default_limit")]
    pub limit: i64,
    /// Only records on or after this date (YYYY-MM-DD).
    pub from: Option<NaiveDate>,
    /// Only records on or before this date (YYYY-MM-DD).
    pub to: Option<NaiveDate>,
}

impl RangeQuery {
    /// The page, once the bounds and the dates are checked.
    pub fn page_params(&self) -> Result<PageParams, ApiError> {
        for (field, date) in [("from", self.from), ("to", self.to)] {
            if date.is_some_and(|d| !(rules::EARLIEST..=rules::LATEST).contains(&d)) {
                let message = format!("{field} must be between 1900 and 2200");
                return Err(ApiError::invalid_field(field, message));
            }
        }
        if let (Some(from), Some(to)) = (self.from, self.to)
            && from > to
        {
            return Err(ApiError::invalid_field("to", "to must not be before from"));
        }
        PageParams {
            page: self.page,
            limit: self.limit,
        }
        .validated()
    }
}

/// One page of `select {columns} {from_where} order by {order}` and the total count,
/// in one prepared round trip (a second only for a page past the end).
pub async fn fetch_page(
    client: &impl GenericClient,
    columns: &str,
    from_where: &str,
    order: &str,
    filters: &[&(dyn ToSql + Sync)],
    page: PageParams,
) -> Result<(Vec<Row>, i64), ApiError> {
    let n = filters.len();
    let sql = format!(
        "select {columns}, count(*) over () as total {from_where} order by {order} limit ${} offset ${}",
        n + 1,
        n + 2
    );
    let statement = client.prepare_cached(&sql).await?;
    let offset = page.offset();
    let mut params = filters.to_vec();
    params.push(&page.limit);
    params.push(&offset);
    let rows = client.query(&statement, &params).await?;
    let total = match rows.first() {
        Some(row) => row.try_get("total")?,
        None if offset > 0 => {
            let count = client
                .prepare_cached(&format!("select count(*) {from_where}"))
                .await?;
            client.query_one(&count, filters).await?.try_get(0)?
        }
        None => 0,
    };
    Ok((rows, total))
}

/// What the rules need to know about the child: when they were born and their sex.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChildFacts {
    pub date_of_birth: NaiveDate,
    pub sex: growth::Sex,
}

impl ChildFacts {
    /// Age in whole days on `date`.
    pub fn age_days(&self, date: NaiveDate) -> i64 {
        (date - self.date_of_birth).num_days()
    }
}

/// The sex column as the growth standards name it.
pub fn parse_sex(raw: &str) -> Result<growth::Sex, ApiError> {
    match raw {
        "male" => Ok(growth::Sex::Male),
        "female" => Ok(growth::Sex::Female),
        other => Err(ApiError::internal(format!("unknown sex {other:?}"))),
    }
}

/// The facts of a child the caller has access to.
pub async fn child_facts(
    client: &impl GenericClient,
    access: &ChildAccess,
) -> Result<ChildFacts, ApiError> {
    let statement = client
        .prepare_cached("select date_of_birth, sex from children where id = $1")
        .await?;
    let row = client
        .query_opt(&statement, &[&access.child_id])
        .await?
        .ok_or_else(|| ApiError::not_found("Child"))?;
    Ok(ChildFacts {
        date_of_birth: row.try_get(0)?,
        sex: parse_sex(row.try_get(1)?)?,
    })
}

/// A linked visit must be one of the same child's visits.
pub async fn check_visit(
    client: &impl GenericClient,
    errors: &mut FieldErrors,
    visit_id: Option<Uuid>,
    access: &ChildAccess,
) -> Result<(), ApiError> {
    let Some(visit_id) = visit_id else {
        return Ok(());
    };
    let statement = client
        .prepare_cached("select 1 from visits where id = $1 and child_id = $2")
        .await?;
    if client
        .query_opt(&statement, &[&visit_id, &access.child_id])
        .await?
        .is_none()
    {
        errors.add("visit_id", "This child has no visit with this id");
    }
    Ok(())
}

/// Records who created, changed or deleted a record, with a `{before, after}` per
/// field. Creation has no `before`, deletion no `after`.
pub async fn audit<F: Serialize>(
    tx: &Transaction<'_>,
    user: &AuthUser,
    access: &ChildAccess,
    kind: RecordKind,
    id: Uuid,
    before: Option<&F>,
    after: Option<&F>,
) -> Result<(), ApiError> {
    let action = match (before, after) {
        (None, _) => Action::Create,
        (_, None) => Action::Delete,
        _ => Action::Update,
    };
    let json = |f: Option<&F>| {
        f.map(serde_json::to_value)
            .transpose()
            .map(Option::unwrap_or_default)
            .map_err(ApiError::internal)
    };
    audit::record(
        tx,
        audit::Event {
            actor_id: user.id,
            action,
            entity_type: kind.entity_type(),
            entity_id: id,
            scope_id: Some(access.child_id),
            changes: audit::diff(&json(before)?, &json(after)?, &[]),
        },
    )
    .await
}

/// Locks a record for an update; the caller already holds access to it.
pub async fn lock(tx: &Transaction<'_>, kind: RecordKind, id: Uuid) -> Result<(), ApiError> {
    // The table name comes from a closed enum, never from input.
    let sql = format!("select 1 from {} where id = $1 for update", kind.table());
    tx.query_opt(&sql, &[&id])
        .await?
        .ok_or_else(|| ApiError::not_found(kind.noun()))?;
    Ok(())
}

/// Deletes a record with its attachments' rows. Their objects are queued in the same
/// transaction; the scheduler deletes them from the bucket.
pub async fn remove(tx: &Transaction<'_>, kind: RecordKind, id: Uuid) -> Result<(), ApiError> {
    let keys: Vec<String> = tx
        .query(
            "delete from attachments where owner_type = $1 and owner_id = $2 returning object_key",
            &[&kind.entity_type(), &id],
        )
        .await?
        .iter()
        .map(|r| r.get(0))
        .collect();
    storage::delete_later(tx, &keys).await?;
    tx.execute(
        &format!("delete from {} where id = $1", kind.table()),
        &[&id],
    )
    .await?;
    Ok(())
}

/// Two decimals, as scores are shown.
pub fn round2(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}
