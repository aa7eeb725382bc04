//! Changing and deleting shifts, by scope: `this` shift, `future` (this one and
//! the later ones of its series) or `all` of its series. A change of times
//! keeps each shift on its own local date and moves its wall-clock times in its
//! zone, so a series stays at 10:00 on both sides of a daylight-saving change.
//! A shift with no series is always `this`.

use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::Deserialize;
use serde_json::json;
use shared::auth::AuthUser;
use shared::db::Transaction;
use shared::error::FieldErrors;
use shared::http::{ApiJson, ApiPath, ApiQuery, Data, DataOf};
use shared::jobs::Job;
use shared::{ApiError, ApiResult, AppState, db};
use uuid::Uuid;

use super::admin::load_many;
use super::fields::{capacity, texts, time};
use super::shift::{Shift, admin};
use super::signups::{commit, promote};

/// Which shifts of a series a change or deletion applies to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = ShiftScope)]
pub enum Scope {
    /// This shift only.
    #[default]
    This,
    /// This shift and the later ones of its series.
    Future,
    /// Every shift of its series.
    All,
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ScopeQuery {
    /// `this` (the default), `future` or `all`.
    #[serde(default)]
    #[param(inline)]
    scope: Scope,
}

/// A change of shifts; absent fields stay as they are.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ShiftEdit {
    pub title: Option<String>,
    pub description: Option<String>,
    pub location: Option<String>,
    /// `null` takes the shifts off their canvassing area.
    #[serde(default, deserialize_with = "shared::http::nullable")]
    #[schema(value_type = Option<Uuid>)]
    pub cut_id: Option<Option<Uuid>>,
    pub capacity: Option<i32>,
    /// A new local date: only with scope `this`.
    #[schema(value_type = Option<String>, format = Date)]
    pub date: Option<NaiveDate>,
    /// New local start, `HH:MM`.
    pub start_time: Option<String>,
    /// New local end, `HH:MM`.
    pub end_time: Option<String>,
}

/// A checked edit.
struct Checked {
    title: Option<String>,
    description: Option<String>,
    location: Option<String>,
    cut_id: Option<Option<Uuid>>,
    capacity: Option<i32>,
    date: Option<NaiveDate>,
    start: Option<NaiveTime>,
    end: Option<NaiveTime>,
}

impl ShiftEdit {
    fn check(self, scope: Scope) -> ApiResult<Checked> {
        let mut errors = FieldErrors::new();
        let (mut title, mut description, mut location) = (
            self.title.clone().unwrap_or_else(|| "-".into()),
            self.description.clone().unwrap_or_default(),
            self.location.clone().unwrap_or_default(),
        );
        texts(&mut errors, &mut title, &mut description, &mut location);
        if let Some(c) = self.capacity {
            capacity(&mut errors, c);
        }
        if self.date.is_some() && scope != Scope::This {
            errors.add("date", "A new date applies to one shift: use scope this");
        }
        let start = self
            .start_time
            .as_deref()
            .and_then(|t| time(&mut errors, "start_time", t));
        let end = self
            .end_time
            .as_deref()
            .and_then(|t| time(&mut errors, "end_time", t));
        errors.finish()?;
        Ok(Checked {
            title: self.title.map(|_| title),
            description: self.description.map(|_| description),
            location: self.location.map(|_| location),
            cut_id: self.cut_id,
            capacity: self.capacity,
            date: self.date,
            start,
            end,
        })
    }
}

/// Locks the shifts `scope` of shift `id` selects, by start time.
async fn targets(tx: &Transaction<'_>, id: Uuid, scope: Scope) -> ApiResult<Vec<Target>> {
    let rows = tx
        .query(
            "with this as (select id, series_id, starts_at from shifts where id = $1)
             select h.id, h.starts_at, h.ends_at, h.time_zone, h.capacity, h.confirmed_count
             from shifts h, this
             where h.id = this.id
                or (this.series_id is not null and h.series_id = this.series_id
                    and ($2 = 'all' or ($2 = 'future' and h.starts_at >= this.starts_at)))
             order by h.starts_at, h.id
             for update of h",
            &[
                &id,
                &match scope {
                    Scope::This => "this",
                    Scope::Future => "future",
                    Scope::All => "all",
                },
            ],
        )
        .await?;
    if rows.is_empty() {
        return Err(ApiError::not_found("Shift"));
    }
    rows.iter()
        .map(|r| {
            Ok(Target {
                id: r.try_get(0)?,
                starts_at: r.try_get(1)?,
                ends_at: r.try_get(2)?,
                zone: r.try_get(3)?,
                capacity: r.try_get(4)?,
                confirmed: r.try_get(5)?,
            })
        })
        .collect()
}

struct Target {
    id: Uuid,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    zone: String,
    capacity: i32,
    confirmed: i32,
}

/// Changes a shift, the rest of its series or all of it (map admins). A larger
/// capacity promotes people from the waitlist; a capacity below the confirmed
/// sign-ups is refused.
#[utoipa::path(patch, path = "/api/shifts/{id}", tag = "shifts", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Shift id"), ScopeQuery),
    request_body = ShiftEdit,
    responses((status = 200, description = "The changed shifts", body = DataOf<Vec<Shift>>),
              (status = 403, description = "Not a map admin"),
              (status = 404, description = "No such shift"),
              (status = 409, description = "A capacity below the confirmed sign-ups (CAPACITY_BELOW_SIGNUPS)"),
              (status = 422, description = "Invalid fields")))]
pub async fn update(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(query): ApiQuery<ScopeQuery>,
    ApiJson(input): ApiJson<ShiftEdit>,
) -> ApiResult<Data<Vec<Shift>>> {
    admin(&user)?;
    let edit = input.check(query.scope)?;
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    let targets = targets(&tx, id, query.scope).await?;
    let mut jobs: Vec<Job> = Vec::new();
    for t in &targets {
        if let Some(c) = edit.capacity
            && c < t.confirmed
        {
            return Err(ApiError::conflict(
                "CAPACITY_BELOW_SIGNUPS",
                format!(
                    "A shift has {} confirmed volunteers: the capacity cannot be less",
                    t.confirmed
                ),
            )
            .with_details(json!({"shift_id": t.id, "confirmed_count": t.confirmed})));
        }
        let (starts_at, ends_at) = moved(t, &edit)?;
        tx.execute(
            "update shifts set
                 title = coalesce($2, title),
                 description = coalesce($3, description),
                 location = coalesce($4, location),
                 cut_id = case when $5 then $6 else cut_id end,
                 capacity = coalesce($7, capacity),
                 starts_at = $8, ends_at = $9
             where id = $1",
            &[
                &t.id,
                &edit.title,
                &edit.description,
                &edit.location,
                &edit.cut_id.is_some(),
                &edit.cut_id.flatten(),
                &edit.capacity,
                &starts_at,
                &ends_at,
            ],
        )
        .await?;
        if edit.capacity.is_some_and(|c| c > t.capacity) {
            jobs.extend(promote(&tx, t.id).await?);
        }
    }
    let ids: Vec<Uuid> = targets.iter().map(|t| t.id).collect();
    let shifts = load_many(&tx, &ids).await?;
    commit(&state, tx, &jobs).await?;
    Ok(Data(shifts))
}

/// A target's times after the edit: its own local date (or the new one), with
/// the new wall-clock times or its own.
fn moved(t: &Target, edit: &Checked) -> ApiResult<(DateTime<Utc>, DateTime<Utc>)> {
    if edit.date.is_none() && edit.start.is_none() && edit.end.is_none() {
        return Ok((t.starts_at, t.ends_at));
    }
    let zone = volunteering::zone(&t.zone).map_err(ApiError::internal)?;
    let (start, end) = (
        t.starts_at.with_timezone(&zone),
        t.ends_at.with_timezone(&zone),
    );
    let slot = volunteering::slot(
        zone,
        edit.date.unwrap_or(start.date_naive()),
        edit.start.unwrap_or(start.time()),
        edit.end.unwrap_or(end.time()),
    );
    Ok((slot.starts_at, slot.ends_at))
}

/// Deletes a shift, the rest of its series or all of it (map admins). Shifts
/// with volunteers on them are not deleted: take them off first.
#[utoipa::path(delete, path = "/api/shifts/{id}", tag = "shifts", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Shift id"), ScopeQuery),
    responses((status = 204, description = "Deleted"),
              (status = 403, description = "Not a map admin"),
              (status = 404, description = "No such shift"),
              (status = 409, description = "Volunteers are signed up (HAS_SIGNUPS)")))]
pub async fn delete(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(query): ApiQuery<ScopeQuery>,
) -> ApiResult<StatusCode> {
    admin(&user)?;
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    let ids: Vec<Uuid> = targets(&tx, id, query.scope)
        .await?
        .iter()
        .map(|t| t.id)
        .collect();
    let busy: i64 = tx
        .query_one(
            "select count(*) from shift_signups where shift_id = any($1) and status <> 'cancelled'",
            &[&ids],
        )
        .await?
        .try_get(0)?;
    if busy > 0 {
        return Err(ApiError::conflict(
            "HAS_SIGNUPS",
            format!("{busy} volunteers are signed up: take them off the shifts first"),
        ));
    }
    tx.execute("delete from shifts where id = any($1)", &[&ids])
        .await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}
