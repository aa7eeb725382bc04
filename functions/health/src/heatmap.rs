//! The illness calendar: for each day of a year, how many illnesses were ongoing.

use axum::extract::State;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use shared::auth::AuthUser;
use shared::http::{ApiQuery, Data, DataOf};
use shared::{ApiError, ApiResult, AppState, db};
use trajectory::access;
use uuid::Uuid;

use crate::rules;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct HeatmapQuery {
    /// The calendar year (default: this year).
    year: Option<i32>,
    /// One child; without it, every child the caller can see.
    child_id: Option<Uuid>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct HeatmapDay {
    pub date: NaiveDate,
    /// Illnesses ongoing that day.
    pub count: i64,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Heatmap {
    pub year: i32,
    pub child_id: Option<Uuid>,
    /// Days with at least one illness, in order; other days count 0.
    pub days: Vec<HeatmapDay>,
    /// The highest count of the year, to scale the colours.
    pub max_count: i64,
}

/// Ongoing illnesses per day between $2 and $3, an open illness lasting until $4 (today).
/// Scoped by the caller's ($1) memberships, so only children they can see count; $5
/// narrows it to one child.
const DAY_COUNTS: &str = "select day::date, count(*)
    from illnesses i
    join children c on c.id = i.child_id
    join family_members m on m.family_id = c.family_id and m.user_id = $1
    cross join lateral generate_series(
        greatest(i.start_date, $2::date)::timestamp,
        least(coalesce(i.end_date, $4::date), $3::date)::timestamp,
        interval '1 day') as day
    where ($5::uuid is null or i.child_id = $5)
      and i.start_date <= $3 and coalesce(i.end_date, $4::date) >= $2
    group by 1 order by 1";

/// Per-day counts of ongoing illnesses in a year. An illness without an end date is
/// ongoing until today.
#[utoipa::path(get, path = "/api/illnesses/heatmap", tag = "health", security(("bearer" = [])),
    params(HeatmapQuery),
    responses((status = 200, description = "Counts per day", body = DataOf<Heatmap>),
              (status = 404, description = "child_id names a child the caller cannot see"),
              (status = 422, description = "Year out of range")))]
pub async fn get(
    user: AuthUser,
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<HeatmapQuery>,
) -> ApiResult<Data<Heatmap>> {
    let today = rules::today();
    let year = query.year.unwrap_or(today.year());
    let (first, last) = year_bounds(year)
        .ok_or_else(|| ApiError::invalid_field("year", "year must be between 1900 and 2200"))?;
    let client = db::client(&state.db).await?;
    if let Some(child_id) = query.child_id {
        access::child(&client, &user, child_id).await?;
    }
    let rows = client
        .query(
            DAY_COUNTS,
            &[&user.id, &first, &last, &today, &query.child_id],
        )
        .await?;
    let days = rows
        .iter()
        .map(|r| {
            Ok(HeatmapDay {
                date: r.try_get(0)?,
                count: r.try_get(1)?,
            })
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    Ok(Data(Heatmap {
        year,
        child_id: query.child_id,
        max_count: days.iter().map(|d| d.count).max().unwrap_or(0),
        days,
    }))
}

/// The first and last day of `year`, when it is one the calendar covers.
fn year_bounds(year: i32) -> Option<(NaiveDate, NaiveDate)> {
    if !(1900..=2200).contains(&year) {
        return None;
    }
    Some((
        NaiveDate::from_ymd_opt(year, 1, 1)?,
        NaiveDate::from_ymd_opt(year, 12, 31)?,
    ))
}
