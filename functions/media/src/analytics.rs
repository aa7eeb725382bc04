//! Viewer analytics (MEDIA_ADMIN): views, watch time and completion per video
//! and for the whole gallery, by day, from the views the gallery records. Views
//! are kept 90 days ([`purge_old_views`], by the scheduler), so that is the
//! longest period a dashboard shows.

use axum::extract::State;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use shared::auth::{AuthUser, Role};
use shared::db::GenericClient;
use shared::http::{ApiPath, ApiQuery, Data, DataOf};
use shared::{ApiError, ApiResult, AppState, db};
use uuid::Uuid;

use crate::model;

/// How many days views are kept.
pub const RETENTION_DAYS: i32 = 90;

/// The period of a dashboard.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Period {
    /// The last this many days, today included: 1 to 90, 30 by default.
    days: Option<i32>,
}

impl Period {
    fn days(&self) -> ApiResult<i32> {
        let days = self.days.unwrap_or(30);
        if (1..=RETENTION_DAYS).contains(&days) {
            Ok(days)
        } else {
            Err(ApiError::invalid_field(
                "days",
                format!("Must be 1 to {RETENTION_DAYS}"),
            ))
        }
    }
}

/// One day of a dashboard (UTC).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Day {
    pub day: NaiveDate,
    pub views: i64,
    pub watch_seconds: f64,
}

/// The totals of a period.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Totals {
    pub views: i64,
    /// Distinct viewers (accounts, or anonymous visitors per day).
    pub viewers: i64,
    pub watch_seconds: f64,
    /// Share of views that watched at least 90 %, 0 to 1.
    pub completion_rate: f64,
    /// Every day of the period, oldest first, days without views included.
    pub daily: Vec<Day>,
}

/// A video among the most viewed.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TopVideo {
    pub id: Uuid,
    pub title: String,
    pub views: i64,
    pub watch_seconds: f64,
    pub completion_rate: f64,
}

/// The whole gallery's dashboard.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Dashboard {
    #[serde(flatten)]
    pub totals: Totals,
    /// The ten most viewed videos of the period.
    pub top_videos: Vec<TopVideo>,
}

/// One video's views over a period.
#[utoipa::path(get, path = "/api/media/videos/{id}/analytics", tag = "media", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Video id"), Period),
    responses((status = 200, description = "The video's totals and days", body = DataOf<Totals>),
              (status = 403, description = "Not MEDIA_ADMIN"),
              (status = 404, description = "No such video"),
              (status = 422, description = "The period is out of range")))]
pub async fn video(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(period): ApiQuery<Period>,
) -> ApiResult<Data<Totals>> {
    user.require(Role::MediaAdmin)?;
    let days = period.days()?;
    let client = db::client(&state.db).await?;
    model::exists(&client, id).await?;
    Ok(Data(totals(&client, Some(id), days).await?))
}

/// The gallery's views over a period, with the most viewed videos.
#[utoipa::path(get, path = "/api/media/analytics", tag = "media", security(("bearer" = [])),
    params(Period),
    responses((status = 200, description = "The gallery's totals, days and top videos", body = DataOf<Dashboard>),
              (status = 403, description = "Not MEDIA_ADMIN"),
              (status = 422, description = "The period is out of range")))]
pub async fn dashboard(
    user: AuthUser,
    State(state): State<AppState>,
    ApiQuery(period): ApiQuery<Period>,
) -> ApiResult<Data<Dashboard>> {
    user.require(Role::MediaAdmin)?;
    let days = period.days()?;
    let client = db::client(&state.db).await?;
    let totals = totals(&client, None, days).await?;
    let rows = client
        .query(
            "select v.id, v.title, count(*), coalesce(sum(w.watched_seconds), 0),
                    coalesce(avg(w.completed::int), 0)::float8
             from video_views w join videos v on v.id = w.video_id
             where w.created_at >= (now() at time zone 'utc')::date - ($1 - 1)
             group by v.id, v.title order by count(*) desc, v.title limit 10",
            &[&days],
        )
        .await?;
    let top_videos = rows
        .iter()
        .map(|row| {
            Ok(TopVideo {
                id: row.try_get(0)?,
                title: row.try_get(1)?,
                views: row.try_get(2)?,
                watch_seconds: row.try_get(3)?,
                completion_rate: row.try_get(4)?,
            })
        })
        .collect::<Result<_, ApiError>>()?;
    Ok(Data(Dashboard { totals, top_videos }))
}

/// The totals and days of one video (or all when `None`) over the last `days`.
async fn totals(client: &impl GenericClient, video: Option<Uuid>, days: i32) -> ApiResult<Totals> {
    let rows = client
        .query(
            "with period as (
                 select generate_series((now() at time zone 'utc')::date - ($2 - 1),
                                        (now() at time zone 'utc')::date, interval '1 day')::date as day
             ), views as (
                 select (created_at at time zone 'utc')::date as day, watched_seconds
                 from video_views
                 where ($1::uuid is null or video_id = $1)
                   and created_at >= (now() at time zone 'utc')::date - ($2 - 1)
             )
             select p.day, count(w.day), coalesce(sum(w.watched_seconds), 0)
             from period p left join views w on w.day = p.day
             group by p.day order by p.day",
            &[&video, &days],
        )
        .await?;
    let daily = rows
        .iter()
        .map(|row| {
            Ok(Day {
                day: row.try_get(0)?,
                views: row.try_get(1)?,
                watch_seconds: row.try_get(2)?,
            })
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    let row = client
        .query_one(
            "select count(*), count(distinct viewer_hash), coalesce(sum(watched_seconds), 0),
                    coalesce(avg(completed::int), 0)::float8
             from video_views
             where ($1::uuid is null or video_id = $1)
               and created_at >= (now() at time zone 'utc')::date - ($2 - 1)",
            &[&video, &days],
        )
        .await?;
    Ok(Totals {
        views: row.try_get(0)?,
        viewers: row.try_get(1)?,
        watch_seconds: row.try_get(2)?,
        completion_rate: row.try_get(3)?,
        daily,
    })
}

/// Deletes views older than [`RETENTION_DAYS`]; answers how many. Called by
/// the scheduler.
pub async fn purge_old_views(client: &impl GenericClient) -> ApiResult<u64> {
    Ok(client
        .execute(
            "delete from video_views where created_at < now() - make_interval(days => $1)",
            &[&RETENTION_DAYS],
        )
        .await?)
}
