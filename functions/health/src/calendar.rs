//! A family's private calendar feed: its children's visits, past ones and
//! appointments, as an iCalendar subscription that a phone's calendar keeps up to
//! date.
//!
//! - `GET /api/families/{id}/calendar-feed`: whether the family has a feed (any member)
//! - `POST /api/families/{id}/calendar-feed`: a new feed URL, replacing any earlier
//!   one (owner)
//! - `DELETE /api/families/{id}/calendar-feed`: revokes it (owner)
//! - `GET /api/calendar/{token}`: the feed itself, without a session: the token in
//!   its URL is the credential. The token is stored only as its SHA-256 and shown
//!   once, when made; an unknown or revoked one answers 404. Request logs name the
//!   route, never the token.
//!
//! Only an owner manages the feed: its URL keeps working for whoever holds it,
//! even someone who later leaves the family, so handing one out is an owner's
//! decision, like transferring the family. Every member sees whether one exists.

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Utc};
use icalendar::{Calendar, Component, Event, EventLike};
use serde::Serialize;
use shared::auth::{AuthUser, tokens};
use shared::http::{ApiPath, Created, Data, DataOf};
use shared::{ApiError, ApiResult, AppState, db};
use trajectory::access;
use uuid::Uuid;

use crate::visit_parts::VisitType;

/// A family's feed as its members see it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CalendarFeed {
    /// Whether the family has a feed.
    active: bool,
    /// When its current URL was made.
    created_at: Option<DateTime<Utc>>,
    /// The subscription URL: only in the answer that makes it, since the server
    /// keeps just a hash of its token. Null otherwise.
    url: Option<String>,
}

/// Whether the family has a calendar feed.
#[utoipa::path(get, path = "/api/families/{id}/calendar-feed", tag = "health", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Family id")),
    responses((status = 200, description = "The feed, without its URL", body = DataOf<CalendarFeed>),
              (status = 404, description = "Not a member of this family")))]
pub async fn status(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Data<CalendarFeed>> {
    let client = db::client(&state.db).await?;
    access::family(&client, &user, id).await?;
    let created_at: Option<DateTime<Utc>> = client
        .query_opt(
            "select created_at from calendar_feeds where family_id = $1",
            &[&id],
        )
        .await?
        .map(|row| row.get(0));
    Ok(Data(CalendarFeed {
        active: created_at.is_some(),
        created_at,
        url: None,
    }))
}

/// Makes the family's feed URL; an earlier one stops working.
#[utoipa::path(post, path = "/api/families/{id}/calendar-feed", tag = "health", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Family id")),
    responses((status = 201, description = "The feed with its URL, shown this once", body = DataOf<CalendarFeed>),
              (status = 403, description = "Not an owner of this family"),
              (status = 404, description = "Not a member of this family")))]
pub async fn create(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Created<CalendarFeed>> {
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    access::family(&tx, &user, id).await?.require_owner()?;
    let token = tokens::generate();
    let created_at: DateTime<Utc> = tx
        .query_one(
            "insert into calendar_feeds (family_id, token_hash, created_by) values ($1, $2, $3)
             on conflict (family_id) do update
                set token_hash = excluded.token_hash, created_by = excluded.created_by,
                    created_at = now()
             returning created_at",
            &[&id, &tokens::hash(&token), &user.id],
        )
        .await?
        .get(0);
    tx.commit().await?;
    let base = state.config.public_base_url.trim_end_matches('/');
    Ok(Created(CalendarFeed {
        active: true,
        created_at: Some(created_at),
        url: Some(format!("{base}/api/calendar/{token}.ics")),
    }))
}

/// Revokes the family's feed: its URL answers 404 from now on.
#[utoipa::path(delete, path = "/api/families/{id}/calendar-feed", tag = "health", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Family id")),
    responses((status = 204, description = "Revoked (or there was none)"),
              (status = 403, description = "Not an owner of this family"),
              (status = 404, description = "Not a member of this family")))]
pub async fn revoke(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<StatusCode> {
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    access::family(&tx, &user, id).await?.require_owner()?;
    tx.execute("delete from calendar_feeds where family_id = $1", &[&id])
        .await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The family's visits as an iCalendar feed. No session: the token is the
/// credential.
#[utoipa::path(get, path = "/api/calendar/{token}", tag = "health",
    params(("token" = String, Path, description = "The feed's token, as in its URL (with or without `.ics`)")),
    responses((status = 200, description = "Every visit of the family's children, past and to come",
               content_type = "text/calendar"),
              (status = 404, description = "Unknown or revoked feed")))]
pub async fn feed(
    State(state): State<AppState>,
    ApiPath(token): ApiPath<String>,
) -> ApiResult<Response> {
    let token = token.strip_suffix(".ics").unwrap_or(&token);
    let client = db::client(&state.db).await?;
    let family = client
        .query_opt(
            "select f.id, f.name from calendar_feeds cf join families f on f.id = cf.family_id
             where cf.token_hash = $1",
            &[&tokens::hash(token)],
        )
        .await?
        .ok_or_else(|| ApiError::not_found("Calendar"))?;
    let (family_id, family_name): (Uuid, String) = (family.get(0), family.get(1));
    let rows = client
        .query(
            "select v.id, v.visit_type, v.visit_date, v.visit_time, v.title, v.location,
                    v.provider, v.updated_at, c.name
             from visits v join children c on c.id = v.child_id
             where c.family_id = $1
             order by v.visit_date, v.visit_time nulls first, v.id",
            &[&family_id],
        )
        .await?;
    let mut calendar = Calendar::new();
    calendar.name(&format!("{family_name} · Trajectory"));
    for row in &rows {
        let visit = FeedVisit {
            id: row.try_get("id")?,
            visit_type: VisitType::parse(row.try_get("visit_type")?)?,
            date: row.try_get("visit_date")?,
            time: row.try_get("visit_time")?,
            title: row.try_get("title")?,
            location: row.try_get("location")?,
            provider: row.try_get("provider")?,
            updated_at: row.try_get("updated_at")?,
            child_name: row.try_get("name")?,
        };
        calendar.push(visit.event());
    }
    Ok((
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
            // The feed is personal; calendar apps poll it, so a few minutes is fresh enough.
            (header::CACHE_CONTROL, "private, max-age=300"),
        ],
        calendar.done().to_string(),
    )
        .into_response())
}

/// A visit as the feed shows it.
struct FeedVisit {
    id: Uuid,
    visit_type: VisitType,
    date: NaiveDate,
    time: Option<NaiveTime>,
    title: String,
    location: String,
    provider: String,
    updated_at: DateTime<Utc>,
    child_name: String,
}

impl FeedVisit {
    /// The event, written as the SPA's `.ics` of one visit writes it (same UID),
    /// so a visit added both ways is one event in the user's calendar: with a time
    /// of day an hour from then in the user's own time zone (floating), without one
    /// all day.
    fn event(&self) -> Event {
        let mut event = Event::new();
        event
            .uid(&format!("visit-{}@trajectory", self.id))
            .timestamp(self.updated_at)
            .summary(&self.summary());
        match self.time {
            Some(time) => {
                let start = NaiveDateTime::new(self.date, time);
                event.starts(start).ends(start + TimeDelta::hours(1));
            }
            None => {
                // DTEND is exclusive: an all-day event ends the next day.
                let next = self.date.succ_opt().unwrap_or(self.date);
                event.starts(self.date).ends(next);
            }
        }
        if !self.location.is_empty() {
            event.location(&self.location);
        }
        if !self.provider.is_empty() {
            event.description(&format!("With {}", self.provider));
        }
        event.done()
    }

    /// "Ada: Wellness visit (12-month check)".
    fn summary(&self) -> String {
        let kind = self.visit_type.label();
        match self.title.as_str() {
            "" => format!("{}: {kind} visit", self.child_name),
            title => format!("{}: {kind} visit ({title})", self.child_name),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn visit(time: Option<NaiveTime>) -> FeedVisit {
        FeedVisit {
            id: Uuid::nil(),
            visit_type: VisitType::Wellness,
            date: NaiveDate::from_ymd_opt(2030, 1, 8).unwrap(),
            time,
            title: "12-month check".into(),
            location: "Clinic; room 2".into(),
            provider: "Dr Who".into(),
            updated_at: DateTime::from_timestamp(1_900_000_000, 0).unwrap(),
            child_name: "Ada".into(),
        }
    }

    #[test]
    fn a_visit_with_a_time_lasts_an_hour_in_local_time() {
        let text = visit(NaiveTime::from_hms_opt(9, 30, 0)).event().to_string();
        assert!(text.contains("DTSTART:20300108T093000\r\n"), "{text}");
        assert!(text.contains("DTEND:20300108T103000\r\n"), "{text}");
        assert!(text.contains("UID:visit-00000000-0000-0000-0000-000000000000@trajectory"));
        assert!(text.contains("SUMMARY:Ada: Wellness visit (12-month check)"));
        assert!(text.contains("LOCATION:Clinic\\; room 2"), "{text}");
        assert!(text.contains("DESCRIPTION:With Dr Who"));
    }

    #[test]
    fn a_visit_without_a_time_is_all_day() {
        let text = visit(None).event().to_string();
        assert!(text.contains("DTSTART;VALUE=DATE:20300108\r\n"), "{text}");
        assert!(text.contains("DTEND;VALUE=DATE:20300109\r\n"), "{text}");
    }
}
