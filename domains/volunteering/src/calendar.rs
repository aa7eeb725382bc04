//! Shifts as iCalendar (RFC 5545) events: the `.ics` invitation a confirmation
//! carries, and a volunteer's personal feed. Times are written in UTC, which
//! every calendar program shows in its own zone.

use chrono::{DateTime, Utc};
use icalendar::{Calendar, Component, Event, EventLike};
use uuid::Uuid;

/// One shift as a calendar shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarEvent {
    /// The shift's id: a calendar that imports an update replaces its event.
    pub shift_id: Uuid,
    pub title: String,
    pub description: String,
    pub location: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// A cancelled sign-up or shift, so calendars that have it remove it.
    pub cancelled: bool,
}

/// When a shift is, as its emails say it in the shift's zone: the date
/// ("Saturday, June 13, 2026") and the times with the zone's abbreviation
/// ("10:00–13:00 MDT").
pub fn wall_clock(
    zone: chrono_tz::Tz,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
) -> (String, String) {
    let (start, end) = (starts_at.with_timezone(&zone), ends_at.with_timezone(&zone));
    let date = start.format("%A, %B %-d, %Y").to_string();
    let time = format!("{}–{}", start.format("%H:%M"), end.format("%H:%M %Z"));
    (date, time)
}

/// The domain after `@` in event UIDs, so they are unique beyond this site.
const UID_DOMAIN: &str = "shifts.changemaker";

/// A calendar of `events` named `name`, as the text of an `.ics` file.
pub fn calendar(name: &str, events: &[CalendarEvent]) -> String {
    let mut calendar = Calendar::new();
    calendar.name(name);
    for e in events {
        let mut event = Event::new();
        event
            .uid(&format!("{}@{UID_DOMAIN}", e.shift_id))
            .summary(&e.title)
            .starts(e.starts_at)
            .ends(e.ends_at)
            .status(if e.cancelled {
                icalendar::EventStatus::Cancelled
            } else {
                icalendar::EventStatus::Confirmed
            });
        if !e.description.is_empty() {
            event.description(&e.description);
        }
        if !e.location.is_empty() {
            event.location(&e.location);
        }
        calendar.push(event.done());
    }
    calendar.done().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_say_when_in_the_shift_zone() {
        let zone = crate::zone("America/Edmonton").unwrap();
        let (date, time) = wall_clock(
            zone,
            "2026-06-13T16:00:00Z".parse().unwrap(),
            "2026-06-13T19:00:00Z".parse().unwrap(),
        );
        assert_eq!(date, "Saturday, June 13, 2026");
        assert_eq!(time, "10:00–13:00 MDT");
    }

    #[test]
    fn events_read_back_with_their_times_and_text() {
        let event = CalendarEvent {
            shift_id: Uuid::nil(),
            title: "Saturday canvass, Ward 3; bring water".into(),
            description: "Meet at the door.\nWe provide clipboards.".into(),
            location: "Riverside Centre".into(),
            starts_at: "2026-06-13T16:00:00Z".parse().unwrap(),
            ends_at: "2026-06-13T19:00:00Z".parse().unwrap(),
            cancelled: false,
        };
        let text = calendar("My shifts", &[event]);
        assert!(text.contains("DTSTART:20260613T160000Z"), "{text}");
        let parsed: Calendar = text.parse().unwrap();
        let read = parsed.components[0].as_event().unwrap();
        assert_eq!(
            read.get_summary(),
            Some("Saturday canvass, Ward 3; bring water")
        );
        assert_eq!(read.get_location(), Some("Riverside Centre"));
        assert_eq!(
            read.get_uid(),
            Some("00000000-0000-0000-0000-000000000000@shifts.changemaker")
        );
    }
}
