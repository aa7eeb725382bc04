//! Emails to volunteers about their shifts (`EmailJob::Shift`): what the
//! sign-up's row says now decides whether the email still applies (no reminder
//! for a cancelled sign-up). Every email but the cancellation notice carries a
//! cancel link whose token is minted here and kept hashed in
//! `shift_cancel_tokens`, one per email, so an older email's link still works;
//! a confirmed place comes with an `.ics` invitation.

use chrono::{DateTime, Utc};
use shared::auth::tokens;
use shared::db::GenericClient;
use shared::email::Attachment;
use shared::jobs::ShiftNotice;
use shared::jobs::worker::JobError;
use uuid::Uuid;
use volunteering::{CalendarEvent, calendar, wall_clock};

use crate::letters::Letter;
use crate::render::{Message, ShiftDetails, ShiftEmail};

/// The email `notice` of sign-up `signup_id`, or `None` when it no longer applies.
pub async fn compose(
    client: &impl GenericClient,
    base: &str,
    signup_id: Uuid,
    notice: ShiftNotice,
) -> Result<Option<Letter>, JobError> {
    let Some(row) = client
        .query_opt(
            "select u.email, s.name, s.status, h.id, h.title, h.description, h.location,
                 h.starts_at, h.ends_at, h.time_zone
             from shift_signups s
             join shifts h on h.id = s.shift_id
             join users u on u.id = s.user_id
             where s.id = $1 and not u.disabled",
            &[&signup_id],
        )
        .await?
    else {
        return Ok(None);
    };
    let status: String = row.try_get(2)?;
    let email = match (notice, status.as_str()) {
        (ShiftNotice::SignedUp, "confirmed") => ShiftEmail::SignedUp { waitlisted: false },
        (ShiftNotice::SignedUp, "waitlisted") => ShiftEmail::SignedUp { waitlisted: true },
        (ShiftNotice::Promoted, "confirmed") => ShiftEmail::Promoted,
        (ShiftNotice::Reminder, "confirmed") => ShiftEmail::Reminder,
        (ShiftNotice::Cancelled, "cancelled") => ShiftEmail::Cancelled,
        _ => return Ok(None),
    };
    let (starts_at, ends_at): (DateTime<Utc>, DateTime<Utc>) = (row.try_get(7)?, row.try_get(8)?);
    let zone_name: String = row.try_get(9)?;
    let zone = volunteering::zone(&zone_name).unwrap_or(chrono_tz::UTC);
    let (date, time) = wall_clock(zone, starts_at, ends_at);
    let event = CalendarEvent {
        shift_id: row.try_get(3)?,
        title: row.try_get(4)?,
        description: row.try_get(5)?,
        location: row.try_get(6)?,
        starts_at,
        ends_at,
        cancelled: false,
    };
    let cancel_url = if email == ShiftEmail::Cancelled {
        String::new()
    } else {
        let token = tokens::generate();
        client
            .execute(
                "insert into shift_cancel_tokens (token_hash, signup_id) values ($1, $2)",
                &[&tokens::hash(&token), &signup_id],
            )
            .await?;
        format!("{base}/shifts/cancel?token={token}")
    };
    let attachments = match email {
        ShiftEmail::SignedUp { waitlisted: false } | ShiftEmail::Promoted => vec![Attachment {
            filename: "shift.ics".into(),
            content_type: "text/calendar; method=PUBLISH; charset=utf-8".into(),
            bytes: calendar(&event.title, std::slice::from_ref(&event)).into_bytes(),
        }],
        _ => Vec::new(),
    };
    let message = Message::Shift {
        email,
        volunteer_name: row.try_get(1)?,
        shift: ShiftDetails {
            title: event.title,
            date,
            time,
            location: event.location,
        },
        cancel_url,
    };
    Ok(Some(Letter {
        to: row.try_get(0)?,
        reply_to: None,
        message,
        attachments,
    }))
}
