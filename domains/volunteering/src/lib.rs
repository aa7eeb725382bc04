//! Volunteer shifts, the parts that need no database: when the occurrences of
//! a series fall ([`recurrence`], on the `rrule` crate, in the organiser's time
//! zone so that a 10:00 shift stays at 10:00 across a daylight-saving change),
//! and a shift as an iCalendar event ([`calendar`], on the `icalendar` crate)
//! for invitations and personal feeds.

pub mod calendar;
pub mod recurrence;

pub use calendar::{CalendarEvent, calendar, wall_clock};
pub use recurrence::{
    Frequency, MAX_OCCURRENCES, Recurrence, RecurrenceError, Slot, Weekday, occurrences, slot, zone,
};
