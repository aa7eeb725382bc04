//! Publishing (MEDIA_ADMIN): at once, or at times entered in the admin's time
//! zone. The times are stored as instants (UTC) and applied by the scheduler
//! ([`apply_due`]), so a schedule across a change of daylight saving time
//! publishes at the wall-clock time the admin chose. A local time that does
//! not exist (clocks skip ahead over it) is refused; one that happens twice
//! (clocks fall back) is the first of the two. Every change, and every
//! publication the scheduler applies, goes into the schedule's history.

use axum::extract::State;
use chrono::{DateTime, LocalResult, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use shared::auth::{AuthUser, Role};
use shared::db::{GenericClient, Transaction};
use shared::error::FieldErrors;
use shared::http::{ApiJson, ApiPath, Data, DataOf};
use shared::records::lock;
use shared::{ApiError, ApiResult, AppState, db};
use uuid::Uuid;

use crate::model::{self, Video, VideoStatus};

/// A schedule as the admin enters it.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScheduleInput {
    /// IANA time zone the times are in, e.g. `America/Edmonton`.
    time_zone: String,
    /// Local date and time to publish (`YYYY-MM-DDTHH:MM`), or null for none.
    publish_at: Option<String>,
    /// Local date and time to withdraw, or null for none.
    unpublish_at: Option<String>,
}

/// Reads a local date and time (`YYYY-MM-DDTHH:MM[:SS]`) in `zone` as an instant.
pub fn local_instant(raw: &str, zone: Tz) -> Result<DateTime<Utc>, String> {
    let naive = NaiveDateTime::parse_from_str(raw.trim(), "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(raw.trim(), "%Y-%m-%dT%H:%M:%S"))
        .map_err(|_| "Expected a local date and time, YYYY-MM-DDTHH:MM".to_string())?;
    match zone.from_local_datetime(&naive) {
        LocalResult::Single(at) => Ok(at.with_timezone(&Utc)),
        // Clocks fall back: the first of the two moments.
        LocalResult::Ambiguous(first, _) => Ok(first.with_timezone(&Utc)),
        LocalResult::None => Err(format!(
            "{} does not exist in {zone}: the clocks skip that hour",
            naive.format("%Y-%m-%d %H:%M")
        )),
    }
}

/// A checked schedule: the instants to store, and the zone they were entered in.
#[derive(Debug)]
struct Schedule {
    zone: Tz,
    publish_at: Option<DateTime<Utc>>,
    unpublish_at: Option<DateTime<Utc>>,
}

/// Checks a schedule against `now`.
fn check(input: &ScheduleInput, now: DateTime<Utc>) -> ApiResult<Schedule> {
    let mut errors = FieldErrors::new();
    let zone: Option<Tz> = input.time_zone.trim().parse().ok();
    if zone.is_none() {
        errors.add(
            "time_zone",
            "Unknown time zone: use a name such as America/Edmonton",
        );
    }
    let zone = zone.unwrap_or(Tz::UTC);
    let mut read = |field: &str, raw: &Option<String>| match raw {
        Some(raw) => match local_instant(raw, zone) {
            Ok(at) if at <= now => {
                errors.add(field, "Must be in the future");
                None
            }
            Ok(at) => Some(at),
            Err(message) => {
                errors.add(field, message);
                None
            }
        },
        None => None,
    };
    let publish_at = read("publish_at", &input.publish_at);
    let unpublish_at = read("unpublish_at", &input.unpublish_at);
    if let (Some(publish), Some(unpublish)) = (publish_at, unpublish_at)
        && unpublish <= publish
    {
        errors.add("unpublish_at", "Must be after the publishing time");
    }
    errors.finish()?;
    Ok(Schedule {
        zone,
        publish_at,
        unpublish_at,
    })
}

/// Sets (or, with both times null, clears) a video's schedule.
#[utoipa::path(put, path = "/api/media/videos/{id}/schedule", tag = "media", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Video id")),
    request_body = ScheduleInput,
    responses((status = 200, description = "The video with its schedule in UTC", body = DataOf<Video>),
              (status = 403, description = "Not MEDIA_ADMIN"),
              (status = 404, description = "No such video"),
              (status = 409, description = "Locked"),
              (status = 422, description = "A time or the time zone is invalid, named in details")))]
pub async fn set(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<ScheduleInput>,
) -> ApiResult<Data<Video>> {
    user.require(Role::MediaAdmin)?;
    let Schedule {
        zone,
        publish_at,
        unpublish_at,
    } = check(&input, Utc::now())?;
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    unlocked(&state, &tx, id).await?;
    let zone = zone.name();
    tx.execute(
        "update videos set publish_at = $2, unpublish_at = $3, schedule_time_zone = $4, updated_by = $5
         where id = $1",
        &[&id, &publish_at, &unpublish_at, &zone, &user.id],
    )
    .await?;
    history(
        &tx,
        id,
        "scheduled",
        (publish_at, unpublish_at, Some(zone)),
        Some(user.id),
    )
    .await?;
    let video = model::load(&state, &tx, id).await?;
    tx.commit().await?;
    Ok(Data(video))
}

/// Publishes a ready video now.
#[utoipa::path(post, path = "/api/media/videos/{id}/publish", tag = "media", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Video id")),
    responses((status = 200, description = "The video, published", body = DataOf<Video>),
              (status = 403, description = "Not MEDIA_ADMIN"),
              (status = 404, description = "No such video"),
              (status = 409, description = "Locked, or not ready")))]
pub async fn publish(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Data<Video>> {
    toggle(user, state, id, true).await
}

/// Withdraws a video from the gallery now.
#[utoipa::path(post, path = "/api/media/videos/{id}/unpublish", tag = "media", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Video id")),
    responses((status = 200, description = "The video, withdrawn", body = DataOf<Video>),
              (status = 403, description = "Not MEDIA_ADMIN"),
              (status = 404, description = "No such video"),
              (status = 409, description = "Locked")))]
pub async fn unpublish(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Data<Video>> {
    toggle(user, state, id, false).await
}

async fn toggle(user: AuthUser, state: AppState, id: Uuid, public: bool) -> ApiResult<Data<Video>> {
    user.require(Role::MediaAdmin)?;
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    let video = unlocked(&state, &tx, id).await?;
    if public && video.status != VideoStatus::Ready {
        return Err(ApiError::conflict(
            "VIDEO_NOT_READY",
            "Only a processed (ready) video can be published",
        ));
    }
    // Publishing by hand replaces the pending publication; withdrawing, both.
    let (sql, action) = if public {
        (
            "update videos set published_at = coalesce(published_at, now()), publish_at = null,
                 updated_by = $2 where id = $1",
            "published",
        )
    } else {
        (
            "update videos set published_at = null, publish_at = null, unpublish_at = null,
                 updated_by = $2 where id = $1",
            "unpublished",
        )
    };
    tx.execute(sql, &[&id, &user.id]).await?;
    history(&tx, id, action, (None, None, None), Some(user.id)).await?;
    let video = model::load(&state, &tx, id).await?;
    tx.commit().await?;
    Ok(Data(video))
}

/// Locks video `id` for the transaction; 409 when the video is locked.
async fn unlocked(state: &AppState, tx: &Transaction<'_>, id: Uuid) -> ApiResult<Video> {
    lock(tx, "videos", id, "Video").await?;
    let video = model::load(state, tx, id).await?;
    if video.locked {
        return Err(model::locked());
    }
    Ok(video)
}

type Times<'a> = (
    Option<DateTime<Utc>>,
    Option<DateTime<Utc>>,
    Option<&'a str>,
);

async fn history(
    tx: &Transaction<'_>,
    id: Uuid,
    action: &str,
    (publish_at, unpublish_at, zone): Times<'_>,
    actor: Option<Uuid>,
) -> ApiResult<()> {
    tx.execute(
        "insert into video_schedule_events (video_id, action, publish_at, unpublish_at, time_zone, actor_id)
         values ($1, $2, $3, $4, $5, $6)",
        &[&id, &action, &publish_at, &unpublish_at, &zone, &actor],
    )
    .await?;
    Ok(())
}

/// One entry of a schedule's history.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ScheduleEvent {
    /// scheduled, published or unpublished.
    action: String,
    publish_at: Option<DateTime<Utc>>,
    unpublish_at: Option<DateTime<Utc>>,
    time_zone: Option<String>,
    /// Who did it; null when the scheduler applied the schedule.
    actor_id: Option<Uuid>,
    at: DateTime<Utc>,
}

/// A video's schedule history, newest first.
#[utoipa::path(get, path = "/api/media/videos/{id}/schedule", tag = "media", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Video id")),
    responses((status = 200, description = "The history", body = DataOf<Vec<ScheduleEvent>>),
              (status = 403, description = "Not MEDIA_ADMIN"),
              (status = 404, description = "No such video")))]
pub async fn list(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Data<Vec<ScheduleEvent>>> {
    user.require(Role::MediaAdmin)?;
    let client = db::client(&state.db).await?;
    model::exists(&client, id).await?;
    let rows = client
        .query(
            "select action, publish_at, unpublish_at, time_zone, actor_id, created_at
             from video_schedule_events where video_id = $1 order by created_at desc, id",
            &[&id],
        )
        .await?;
    let events = rows
        .iter()
        .map(|row| {
            Ok(ScheduleEvent {
                action: row.try_get(0)?,
                publish_at: row.try_get(1)?,
                unpublish_at: row.try_get(2)?,
                time_zone: row.try_get(3)?,
                actor_id: row.try_get(4)?,
                at: row.try_get(5)?,
            })
        })
        .collect::<Result<_, ApiError>>()?;
    Ok(Data(events))
}

/// What one scheduler pass applied.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Applied {
    pub published: u64,
    pub unpublished: u64,
}

/// Applies the schedules that are due: publishes ready videos whose
/// `publish_at` has passed (a video still processing waits until it is ready),
/// then withdraws those whose `unpublish_at` has passed, with their history, in
/// one statement each. Called by the scheduler every minute.
pub async fn apply_due(client: &impl GenericClient) -> ApiResult<Applied> {
    let published = client
        .query_one(
            "with due as (
                 select id, published_at is null as fresh from videos
                 where publish_at <= now() and status = 'ready' for update
             ), done as (
                 update videos v set published_at = coalesce(v.published_at, now()), publish_at = null
                 from due where v.id = due.id returning v.id, due.fresh
             ), logged as (
                 insert into video_schedule_events (video_id, action)
                 select id, 'published' from done where fresh
             )
             select count(*) from done where fresh",
            &[],
        )
        .await?
        .try_get::<_, i64>(0)?;
    let unpublished = client
        .query_one(
            "with done as (
                 update videos set published_at = null, unpublish_at = null, publish_at = null
                 where unpublish_at <= now() returning id
             ), logged as (
                 insert into video_schedule_events (video_id, action)
                 select id, 'unpublished' from done
             )
             select count(*) from done",
            &[],
        )
        .await?
        .try_get::<_, i64>(0)?;
    Ok(Applied {
        published: u64::try_from(published).unwrap_or_default(),
        unpublished: u64::try_from(unpublished).unwrap_or_default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const EDMONTON: Tz = chrono_tz::America::Edmonton;

    fn utc(raw: &str) -> DateTime<Utc> {
        raw.parse().unwrap()
    }

    #[test]
    fn local_times_across_the_spring_change_keep_their_wall_clock() {
        // 2027-03-14: Edmonton goes from MST (UTC-7) to MDT (UTC-6) at 02:00.
        assert_eq!(
            local_instant("2027-03-13T09:00", EDMONTON).unwrap(),
            utc("2027-03-13T16:00:00Z")
        );
        assert_eq!(
            local_instant("2027-03-15T09:00", EDMONTON).unwrap(),
            utc("2027-03-15T15:00:00Z")
        );
        assert_eq!(
            local_instant("2027-03-14T01:30", EDMONTON).unwrap(),
            utc("2027-03-14T08:30:00Z")
        );
        assert_eq!(
            local_instant("2027-03-14T03:30:00", EDMONTON).unwrap(),
            utc("2027-03-14T09:30:00Z")
        );
        let skipped = local_instant("2027-03-14T02:30", EDMONTON).unwrap_err();
        assert!(skipped.contains("does not exist"), "{skipped}");
    }

    #[test]
    fn a_time_that_happens_twice_in_the_autumn_is_the_first() {
        // 2027-11-07: 01:00–02:00 happens in MDT, then again in MST.
        assert_eq!(
            local_instant("2027-11-07T01:30", EDMONTON).unwrap(),
            utc("2027-11-07T07:30:00Z")
        );
        assert_eq!(
            local_instant("2027-11-07T02:30", EDMONTON).unwrap(),
            utc("2027-11-07T09:30:00Z")
        );
    }

    #[test]
    fn schedules_are_checked_field_by_field() {
        let now = utc("2027-01-01T00:00:00Z");
        let input = |zone: &str, publish: Option<&str>, unpublish: Option<&str>| ScheduleInput {
            time_zone: zone.into(),
            publish_at: publish.map(Into::into),
            unpublish_at: unpublish.map(Into::into),
        };
        let ok = check(
            &input(
                "America/Edmonton",
                Some("2027-03-14T01:30"),
                Some("2027-03-14T03:30"),
            ),
            now,
        )
        .unwrap();
        assert_eq!(ok.publish_at, Some(utc("2027-03-14T08:30:00Z")));
        assert_eq!(ok.unpublish_at, Some(utc("2027-03-14T09:30:00Z")));
        assert!(
            check(&input("America/Edmonton", None, None), now).is_ok(),
            "clearing"
        );
        for (case, bad) in [
            (
                "unknown zone",
                input("Mars/Olympus", Some("2027-03-14T01:30"), None),
            ),
            ("in the past", input("UTC", Some("2026-12-31T23:00"), None)),
            ("not a time", input("UTC", Some("tomorrow"), None)),
            (
                "skipped hour",
                input("America/Edmonton", Some("2027-03-14T02:30"), None),
            ),
            (
                "withdrawn first",
                input("UTC", Some("2027-02-01T10:00"), Some("2027-02-01T09:00")),
            ),
        ] {
            let err = check(&bad, now).unwrap_err();
            assert_eq!(err.status(), 422, "{case}");
        }
    }
}
