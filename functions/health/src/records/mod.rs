//! What every kind of child record shares (visits, measurements, medical events,
//! illnesses). A kind implements [`ChildRecord`] with its columns, fields and rules;
//! [`api`] gives it its routes and their OpenAPI description, [`ops`] the
//! operations behind them.

pub mod api;
pub mod ops;

use std::future::Future;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use serde::de::DeserializeOwned;
use shared::auth::AuthUser;
use shared::db::{GenericClient, Transaction};
use shared::domain::Sex;
use shared::error::FieldErrors;
use shared::records::Patch;
use shared::{ApiError, ApiResult};
use tokio_postgres::Row;
use tokio_postgres::types::ToSql;
use trajectory::access::{self, ChildAccess, RecordKind};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

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

/// The per-child list of a kind: `select {columns} {from_where} order by {order}`,
/// where `$1` is the child, `$2`/`$3` the date range and any further parameter the
/// kind's own filter.
pub struct ListQuery {
    pub columns: &'static str,
    pub from_where: &'static str,
    pub order: &'static str,
}

/// The list filter of a kind that has none of its own.
#[derive(Debug, Clone, Copy, Default, serde::Deserialize)]
pub struct NoFilter {}

impl IntoParams for NoFilter {
    fn into_params(
        _: impl Fn() -> Option<utoipa::openapi::path::ParameterIn>,
    ) -> Vec<utoipa::openapi::path::Parameter> {
        Vec::new()
    }
}

/// What the rules need to know about the child: when they were born and their sex.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChildFacts {
    pub date_of_birth: NaiveDate,
    pub sex: Sex,
}

impl ChildFacts {
    /// The facts from a row's `date_of_birth` and `sex` columns.
    pub fn from_row(row: &Row) -> Result<Self, ApiError> {
        Ok(Self {
            date_of_birth: row.try_get("date_of_birth")?,
            sex: Sex::from_db(row.try_get("sex")?)?,
        })
    }

    /// Age in whole days on `date`.
    pub fn age_days(&self, date: NaiveDate) -> i64 {
        (date - self.date_of_birth).num_days()
    }
}

/// A statement parameter, owned.
pub type Value = Box<dyn ToSql + Send + Sync>;

/// What the API description says of a kind's operations.
pub struct Docs {
    pub list: &'static str,
    pub create: &'static str,
    pub get: &'static str,
    pub update: &'static str,
    pub delete: &'static str,
}

/// A kind of record kept per child.
pub trait ChildRecord: Send + Sync + 'static {
    const KIND: RecordKind;
    /// The last part of its paths: `visits` serves `/api/children/{id}/visits` and
    /// `/api/visits/{id}`.
    const PATH: &'static str;
    const DOCS: Docs;
    /// The record's own fields: the body of a creation, what a patch applies to and
    /// what the audit trail compares.
    type Fields: Clone + Serialize + DeserializeOwned + ToSchema + Send + Sync;
    /// The body of an update.
    type Patch: Patch<Self::Fields> + DeserializeOwned + ToSchema + Send;
    /// The record as the API shows it.
    type Shown: Serialize + ToSchema + Send;
    /// The kind's own list filter (`?type=` of visits), or [`NoFilter`].
    type Filter: DeserializeOwned + IntoParams + Send;
    /// One record: `$1` is its id. The caller's access is checked before, or in
    /// the same statement by [`ops::get`].
    const LOAD: &'static str;
    const LIST: ListQuery;

    fn from_row(row: &Row) -> ApiResult<Self::Shown>;
    fn meta(shown: &Self::Shown) -> &Meta;
    fn fields(shown: &Self::Shown) -> &Self::Fields;

    /// Checks and tidies the fields; every problem is reported at once.
    fn check(
        tx: &Transaction<'_>,
        access: &ChildAccess,
        facts: &ChildFacts,
        fields: Self::Fields,
    ) -> impl Future<Output = ApiResult<Self::Fields>> + Send;

    /// `insert ... values ($1 = the child, the values, the creator) returning id`.
    const INSERT: &'static str;
    /// `update ... set ... where id = $1`, the values from `$2`.
    const UPDATE: &'static str;

    /// The fields as statement parameters, in the order of `INSERT` and `UPDATE`.
    fn values(fields: &Self::Fields) -> ApiResult<Vec<Value>>;

    /// The filter's values: the list query's parameters from `$4`.
    fn filter_values(filter: &Self::Filter) -> Vec<Value>;

    /// What must happen to other records before this one is deleted.
    fn before_delete(
        _tx: &Transaction<'_>,
        _user: &AuthUser,
        _access: &ChildAccess,
        _id: Uuid,
    ) -> impl Future<Output = ApiResult<()>> + Send {
        async { Ok(()) }
    }
}

/// The caller's access to a child and the child's facts, in one statement; 404 as
/// [`access::child`].
pub async fn child_access_and_facts(
    client: &impl GenericClient,
    user: &AuthUser,
    child_id: Uuid,
) -> Result<(ChildAccess, ChildFacts), ApiError> {
    const SELECT: &str = trajectory::child_access_statement!("c.date_of_birth, c.sex");
    let (access, row) = access::child_with(client, user, child_id, SELECT).await?;
    Ok((access, ChildFacts::from_row(&row)?))
}

/// The facts of a child the caller has access to.
pub async fn child_facts(
    client: &impl GenericClient,
    access: &ChildAccess,
) -> Result<ChildFacts, ApiError> {
    let row = client
        .query_opt(
            "select date_of_birth, sex from children where id = $1",
            &[&access.child_id],
        )
        .await?
        .ok_or_else(|| ApiError::not_found("Child"))?;
    ChildFacts::from_row(&row)
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
    if client
        .query_opt(
            "select 1 from visits where id = $1 and child_id = $2",
            &[&visit_id, &access.child_id],
        )
        .await?
        .is_none()
    {
        errors.add("visit_id", "This child has no visit with this id");
    }
    Ok(())
}

/// Two decimals, as scores are shown.
pub fn round2(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}
