//! Occurrences of a shift: one [`Slot`] from a local date and wall-clock times
//! in a named zone (`America/Edmonton`), or up to [`MAX_OCCURRENCES`] of them
//! from a [`Recurrence`] (daily, weekly on chosen weekdays, monthly), expanded by
//! the `rrule` crate. Wall-clock times stay put across daylight-saving changes;
//! what is stored is UTC.

use chrono::{DateTime, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

/// The most occurrences one series may have.
pub const MAX_OCCURRENCES: usize = 100;

/// How often a series repeats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = RecurrenceFrequency)]
pub enum Frequency {
    Daily,
    Weekly,
    Monthly,
}

/// A day of the week, as iCalendar names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "UPPERCASE")]
pub enum Weekday {
    Mo,
    Tu,
    We,
    Th,
    Fr,
    Sa,
    Su,
}

impl Weekday {
    fn to_chrono(self) -> chrono::Weekday {
        match self {
            Weekday::Mo => chrono::Weekday::Mon,
            Weekday::Tu => chrono::Weekday::Tue,
            Weekday::We => chrono::Weekday::Wed,
            Weekday::Th => chrono::Weekday::Thu,
            Weekday::Fr => chrono::Weekday::Fri,
            Weekday::Sa => chrono::Weekday::Sat,
            Weekday::Su => chrono::Weekday::Sun,
        }
    }
}

/// How a series repeats from its first date. It must end: after `count`
/// occurrences or on `until` (inclusive), and within [`MAX_OCCURRENCES`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = ShiftRecurrence)]
pub struct Recurrence {
    pub frequency: Frequency,
    /// Every `interval` days, weeks or months (1 when absent).
    #[serde(default = "one")]
    pub interval: u16,
    /// For a weekly series: the days it falls on (the first date's when empty).
    #[serde(default)]
    pub weekdays: Vec<Weekday>,
    /// The number of occurrences, the first included.
    #[serde(default)]
    pub count: Option<u16>,
    /// The last date an occurrence may fall on.
    #[serde(default)]
    #[schema(value_type = Option<String>, format = Date)]
    pub until: Option<NaiveDate>,
}

fn one() -> u16 {
    1
}

/// When one occurrence starts and ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

/// Why a series or a slot cannot be made; each names the field at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RecurrenceError {
    #[error("time_zone: not a known time zone (use a name such as America/Edmonton)")]
    UnknownZone,
    #[error("recurrence: give a count or an until date, so that the series ends")]
    Endless,
    #[error("recurrence: a series has at most {MAX_OCCURRENCES} occurrences")]
    TooMany,
    #[error("recurrence: the interval is 1 to 99")]
    Interval,
    #[error("recurrence: weekdays are only for a weekly series")]
    Weekdays,
    #[error("recurrence: the until date is before the first date")]
    UntilBeforeStart,
    #[error("recurrence: {0}")]
    Rule(String),
}

impl RecurrenceError {
    /// The request field the error is about.
    pub fn field(&self) -> &'static str {
        match self {
            RecurrenceError::UnknownZone => "time_zone",
            _ => "recurrence",
        }
    }

    /// The message without its field.
    pub fn message(&self) -> String {
        let text = self.to_string();
        text.split_once(": ")
            .map_or(text.clone(), |(_, m)| m.to_string())
    }
}

/// The zone of an IANA name such as `America/Edmonton`.
pub fn zone(name: &str) -> Result<Tz, RecurrenceError> {
    name.parse::<Tz>().map_err(|_| RecurrenceError::UnknownZone)
}

/// A local wall-clock moment as UTC. A time skipped by a daylight-saving change
/// (02:30 on the spring-forward night) moves an hour later, as clocks do; an
/// ambiguous one (the autumn night's repeated hour) takes its first instance.
fn instant(zone: Tz, local: NaiveDateTime) -> DateTime<Utc> {
    match zone.from_local_datetime(&local) {
        LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => t.with_timezone(&Utc),
        LocalResult::None => instant(zone, local + Duration::hours(1)),
    }
}

/// The slot on local `date` from `start` to `end`; an end at or before the
/// start is on the next day (a night shift).
pub fn slot(zone: Tz, date: NaiveDate, start: NaiveTime, end: NaiveTime) -> Slot {
    let end_date = if end <= start {
        date.succ_opt().unwrap_or(date)
    } else {
        date
    };
    Slot {
        starts_at: instant(zone, date.and_time(start)),
        ends_at: instant(zone, end_date.and_time(end)),
    }
}

/// Every occurrence of a series whose first occurrence is on `first`, each
/// from `start` to `end` local time in `zone`, in order.
pub fn occurrences(
    zone: Tz,
    first: NaiveDate,
    start: NaiveTime,
    end: NaiveTime,
    rule: &Recurrence,
) -> Result<Vec<Slot>, RecurrenceError> {
    if !(1..=99).contains(&rule.interval) {
        return Err(RecurrenceError::Interval);
    }
    if !rule.weekdays.is_empty() && rule.frequency != Frequency::Weekly {
        return Err(RecurrenceError::Weekdays);
    }
    if rule.count.is_none() && rule.until.is_none() {
        return Err(RecurrenceError::Endless);
    }
    if rule
        .count
        .is_some_and(|n| n == 0 || usize::from(n) > MAX_OCCURRENCES)
    {
        return Err(RecurrenceError::TooMany);
    }
    if rule.until.is_some_and(|until| until < first) {
        return Err(RecurrenceError::UntilBeforeStart);
    }
    let tz = rrule::Tz::Tz(zone);
    // The dates come from the rule at local noon, which exists on every day;
    // each slot is then placed at its own wall-clock times.
    let noon = NaiveTime::from_hms_opt(12, 0, 0).unwrap_or(start);
    let dt_start = tz
        .from_local_datetime(&first.and_time(noon))
        .single()
        .ok_or_else(|| RecurrenceError::Rule("the first date has no noon".into()))?;
    let frequency = match rule.frequency {
        Frequency::Daily => rrule::Frequency::Daily,
        Frequency::Weekly => rrule::Frequency::Weekly,
        Frequency::Monthly => rrule::Frequency::Monthly,
    };
    let mut unvalidated = rrule::RRule::new(frequency).interval(rule.interval);
    if !rule.weekdays.is_empty() {
        unvalidated = unvalidated.by_weekday(
            rule.weekdays
                .iter()
                .map(|d| rrule::NWeekday::Every(d.to_chrono()))
                .collect(),
        );
    }
    if let Some(count) = rule.count {
        unvalidated = unvalidated.count(u32::from(count));
    }
    if let Some(until) = rule.until {
        let last = tz
            .from_local_datetime(
                &until
                    .and_hms_opt(23, 59, 59)
                    .unwrap_or(until.and_time(noon)),
            )
            .earliest()
            .ok_or_else(|| RecurrenceError::Rule("the until date has no end".into()))?;
        // The RFC wants UNTIL in UTC when DTSTART has a zone.
        unvalidated = unvalidated.until(last.with_timezone(&rrule::Tz::UTC));
    }
    let set = unvalidated
        .build(dt_start)
        .map_err(|e| RecurrenceError::Rule(e.to_string()))?;
    // One more than allowed tells a series that is too long.
    let found = set.all(MAX_OCCURRENCES as u16 + 1);
    if found.dates.len() > MAX_OCCURRENCES {
        return Err(RecurrenceError::TooMany);
    }
    Ok(found
        .dates
        .iter()
        .map(|d| slot(zone, d.date_naive(), start, end))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn time(s: &str) -> NaiveTime {
        NaiveTime::parse_from_str(s, "%H:%M").unwrap()
    }

    fn weekly(weekdays: Vec<Weekday>, count: u16) -> Recurrence {
        Recurrence {
            frequency: Frequency::Weekly,
            interval: 1,
            weekdays,
            count: Some(count),
            until: None,
        }
    }

    #[test]
    fn a_weekly_series_keeps_its_wall_clock_time_across_the_autumn_change() {
        let edmonton = zone("America/Edmonton").unwrap();
        // 2026-11-01 is the night clocks go back an hour in Edmonton.
        let slots = occurrences(
            edmonton,
            date("2026-10-24"),
            time("10:00"),
            time("13:00"),
            &weekly(vec![Weekday::Sa], 3),
        )
        .unwrap();
        let starts: Vec<String> = slots.iter().map(|s| s.starts_at.to_rfc3339()).collect();
        assert_eq!(
            starts,
            [
                "2026-10-24T16:00:00+00:00",
                "2026-10-31T16:00:00+00:00",
                "2026-11-07T17:00:00+00:00"
            ]
        );
        assert!(
            slots
                .iter()
                .all(|s| s.ends_at - s.starts_at == Duration::hours(3))
        );
    }

    #[test]
    fn weekly_on_chosen_days_daily_and_monthly() {
        let tz = zone("America/Edmonton").unwrap();
        let (a, b) = (time("18:00"), time("20:00"));
        let days = occurrences(
            tz,
            date("2026-06-01"),
            a,
            b,
            &weekly(vec![Weekday::Mo, Weekday::Th], 4),
        )
        .unwrap();
        let dates: Vec<NaiveDate> = days
            .iter()
            .map(|s| s.starts_at.with_timezone(&tz).date_naive())
            .collect();
        assert_eq!(
            dates,
            [
                date("2026-06-01"),
                date("2026-06-04"),
                date("2026-06-08"),
                date("2026-06-11")
            ]
        );
        let daily = Recurrence {
            frequency: Frequency::Daily,
            interval: 2,
            weekdays: vec![],
            count: None,
            until: Some(date("2026-06-09")),
        };
        assert_eq!(
            occurrences(tz, date("2026-06-01"), a, b, &daily)
                .unwrap()
                .len(),
            5
        );
        let monthly = Recurrence {
            frequency: Frequency::Monthly,
            interval: 1,
            weekdays: vec![],
            count: Some(3),
            until: None,
        };
        let months = occurrences(tz, date("2026-01-15"), a, b, &monthly).unwrap();
        assert_eq!(
            months[2].starts_at.with_timezone(&tz).date_naive(),
            date("2026-03-15")
        );
    }

    #[test]
    fn a_series_must_end_within_a_hundred() {
        let tz = zone("UTC").unwrap();
        let (a, b) = (time("09:00"), time("10:00"));
        let mut rule = Recurrence {
            frequency: Frequency::Daily,
            interval: 1,
            weekdays: vec![],
            count: Some(100),
            until: None,
        };
        assert_eq!(
            occurrences(tz, date("2026-01-01"), a, b, &rule)
                .unwrap()
                .len(),
            100
        );
        rule.count = Some(101);
        assert_eq!(
            occurrences(tz, date("2026-01-01"), a, b, &rule),
            Err(RecurrenceError::TooMany)
        );
        rule.count = None;
        rule.until = Some(date("2026-04-11"));
        assert_eq!(
            occurrences(tz, date("2026-01-01"), a, b, &rule),
            Err(RecurrenceError::TooMany)
        );
        rule.until = None;
        assert_eq!(
            occurrences(tz, date("2026-01-01"), a, b, &rule),
            Err(RecurrenceError::Endless)
        );
    }

    #[test]
    fn night_shifts_end_the_next_day_and_skipped_times_move_forward() {
        let tz = zone("America/Edmonton").unwrap();
        let night = slot(tz, date("2026-06-01"), time("22:00"), time("02:00"));
        assert_eq!(night.ends_at - night.starts_at, Duration::hours(4));
        // 02:30 does not exist on 2026-03-08 in Edmonton.
        let skipped = slot(tz, date("2026-03-08"), time("02:30"), time("04:00"));
        assert_eq!(skipped.starts_at.to_rfc3339(), "2026-03-08T09:30:00+00:00");
        assert!(zone("Mars/Olympus").is_err());
    }
}
