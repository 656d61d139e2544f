//! Events: when, where and whether they go ahead, read from an event's front matter and checked.
//!
//! # Times
//!
//! `start` (and `end`) is one of:
//! - a date, `2026-04-18`: the event lasts all day (to the `end` date, inclusive);
//! - an RFC 3339 time with an offset, `2026-04-18T10:00:00+01:00` (or `Z`);
//! - a local time, `2026-04-18T10:00` or `2026-04-18 10:00`, which needs a `timezone`.
//!
//! `timezone` is an IANA name (`Europe/London`); times are shown in it (else at their own
//! offset). Upcoming or past is judged by the event's end (its start without an end; the end of
//! its last day when all day) against the build time.

use jiff::civil;
use jiff::fmt::temporal::{Pieces, PiecesOffset};
use jiff::tz::{Offset, TimeZone};
use jiff::{Timestamp, ZonedDateTime as Zoned};

pub use crate::source::front_matter::{EventStatus, Location};

/// When an event happens.
#[derive(Debug, Clone, PartialEq)]
pub enum When {
    /// All day, from the first to the last day (inclusive).
    AllDay { first: civil::Date, last: civil::Date },
    /// From a moment, to an optional end, in the zone the event is shown in.
    Timed { start: Zoned, end: Option<Zoned> },
}

/// What an event's front matter says, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct EventData {
    pub when: When,
    /// The IANA zone given, if any.
    pub timezone: Option<String>,
    pub location: Option<Location>,
    pub online_url: Option<String>,
    pub registration_url: Option<String>,
    pub status: EventStatus,
    /// Whether `status` was written out (rather than left to its default).
    pub status_given: bool,
}

/// A problem with an event key: the key and what is wrong.
pub type KeyError = (&'static str, String);

/// An event's raw time keys.
pub struct RawTimes<'a> {
    pub start: Option<&'a str>,
    pub end: Option<&'a str>,
    pub timezone: Option<&'a str>,
}

enum Parsed {
    Day(civil::Date),
    Moment(Zoned),
}

fn zone_of(name: &str) -> Result<TimeZone, KeyError> {
    TimeZone::get(name).map_err(|_| {
        (
            "timezone",
            format!("unknown time zone `{name}`: use an IANA name such as `Europe/London` or `America/Toronto`"),
        )
    })
}

fn parse_time(key: &'static str, text: &str, zone: Option<&TimeZone>) -> Result<Parsed, KeyError> {
    let text = text.trim();
    let bad = || {
        (key, format!("`{text}` is not a date or time: write `2026-04-18` for all day, or `2026-04-18T10:00:00+01:00`"))
    };
    let normal = text.replacen(' ', "T", 1);
    let pieces = Pieces::parse(&normal).map_err(|_| bad())?;
    let Some(time) = pieces.time() else {
        return if pieces.offset().is_none() && pieces.time_zone_annotation().is_none() {
            Ok(Parsed::Day(pieces.date()))
        } else {
            Err(bad())
        };
    };
    let local = pieces.date().to_datetime(time);
    let zoned = match (pieces.offset(), zone) {
        (Some(off), zone) => {
            let offset = match off {
                PiecesOffset::Zulu => Offset::UTC,
                PiecesOffset::Numeric(n) => n.offset(),
                _ => return Err(bad()),
            };
            let instant = offset.to_timestamp(local).map_err(|_| bad())?;
            instant.to_zoned_datetime(zone.cloned().unwrap_or_else(|| TimeZone::fixed(offset)))
        }
        (None, Some(zone)) => local.to_zoned_datetime(zone.clone()).map_err(|_| bad())?,
        (None, None) => {
            return Err((
                key,
                format!("`{text}` has no time zone: add an offset (`{text}+01:00`) or a `timezone: Europe/London` key"),
            ));
        }
    };
    Ok(Parsed::Moment(zoned))
}

/// Reads an event's times; `start` is required, `end` must not come before it and must be of
/// the same form (a date for an all-day event, a time for a timed one).
pub fn when(raw: &RawTimes) -> Result<When, KeyError> {
    let zone = raw.timezone.map(zone_of).transpose()?;
    let Some(start) = raw.start else {
        return Err(("start", "an event needs a `start`, e.g. `start: 2026-04-18T10:00:00+01:00`".into()));
    };
    let start = parse_time("start", start, zone.as_ref())?;
    let end = raw.end.map(|e| parse_time("end", e, zone.as_ref())).transpose()?;
    match (start, end) {
        (Parsed::Day(first), None) => Ok(When::AllDay { first, last: first }),
        (Parsed::Day(first), Some(Parsed::Day(last))) if last >= first => Ok(When::AllDay { first, last }),
        (Parsed::Moment(start), None) => Ok(When::Timed { start, end: None }),
        (Parsed::Moment(start), Some(Parsed::Moment(end))) if end.timestamp() >= start.timestamp() => {
            let end = end.with_time_zone(start.time_zone().clone());
            Ok(When::Timed { start, end: Some(end) })
        }
        (Parsed::Day(_), Some(Parsed::Moment(_))) | (Parsed::Moment(_), Some(Parsed::Day(_))) => {
            Err(("end", "`start` and `end` must both be dates (an all-day event) or both be times".into()))
        }
        _ => Err(("end", "the event ends before it starts".into())),
    }
}

impl EventData {
    /// The zone an all-day event's days are in: its `timezone`, else UTC.
    fn day_zone(&self) -> TimeZone {
        self.timezone.as_deref().and_then(|z| TimeZone::get(z).ok()).unwrap_or(TimeZone::UTC)
    }

    /// When the event starts, for ordering.
    pub fn starts(&self) -> Timestamp {
        match &self.when {
            When::AllDay { first, .. } => {
                first.to_zoned_datetime(self.day_zone()).map_or(Timestamp::UNIX_EPOCH, |z| z.timestamp())
            }
            When::Timed { start, .. } => start.timestamp(),
        }
    }

    /// When the event is over: its end, else its start; the end of the last day when all day.
    pub fn ends(&self) -> Timestamp {
        match &self.when {
            When::AllDay { last, .. } => last
                .tomorrow()
                .ok()
                .and_then(|d| d.to_zoned_datetime(self.day_zone()).ok())
                .map_or(Timestamp::MAX, |z| z.timestamp()),
            When::Timed { start, end } => end.as_ref().unwrap_or(start).timestamp(),
        }
    }

    pub fn is_past(&self, now: Timestamp) -> bool {
        self.ends() <= now
    }

    /// Start and end as `<time datetime>` and schema.org read them: dates when all day (the end
    /// is the last day), else RFC 3339 with the event's offset.
    pub fn datetimes(&self) -> (String, Option<String>) {
        let rfc = |z: &Zoned| z.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string();
        match &self.when {
            When::AllDay { first, last } => (first.to_string(), Some(last.to_string())),
            When::Timed { start, end } => (rfc(start), end.as_ref().map(rfc)),
        }
    }

    /// The first day, for list tiles.
    pub fn first_day(&self) -> civil::Date {
        match &self.when {
            When::AllDay { first, .. } => *first,
            When::Timed { start, .. } => start.date(),
        }
    }

    /// schema.org's attendance mode: offline, online or mixed.
    pub fn attendance(&self) -> &'static str {
        match (self.location.is_some() && self.status != EventStatus::MovedOnline, self.online_url.is_some()) {
            (true, true) => "mixed",
            (false, true) => "online",
            _ => "offline",
        }
    }
}

/// A time's zone as people read it: its abbreviation (`BST`), else its offset (`UTC+01:00`).
pub fn zone_label(z: &Zoned) -> String {
    let abbr = z.time_zone().to_offset_info(z.timestamp()).abbreviation().to_string();
    if abbr.chars().any(|c| c.is_ascii_alphabetic()) && !abbr.starts_with(['+', '-']) {
        abbr
    } else {
        format!("UTC{}", z.strftime("%:z"))
    }
}

/// Event data for tests, here and in the crates after this one (feature `test-fixtures`).
#[cfg(any(test, feature = "test-fixtures"))]
pub mod fixtures {
    use super::*;

    pub fn raw<'a>(start: &'a str, end: Option<&'a str>, timezone: Option<&'a str>) -> RawTimes<'a> {
        RawTimes { start: Some(start), end, timezone }
    }

    pub fn event(when: When, timezone: Option<&str>) -> EventData {
        EventData {
            when,
            timezone: timezone.map(String::from),
            location: None,
            online_url: None,
            registration_url: None,
            status: EventStatus::Scheduled,
            status_given: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::fixtures::{event, raw};
    use super::*;

    #[test]
    fn timed_events_show_in_their_zone() {
        let w =
            when(&raw("2026-04-18T10:00:00+01:00", Some("2026-04-18T13:00:00+01:00"), Some("Europe/London"))).unwrap();
        let e = event(w, Some("Europe/London"));
        assert_eq!(e.starts().to_string(), "2026-04-18T09:00:00Z");
        assert!(e.is_past("2026-04-18T12:00:01Z".parse().unwrap()));
        assert!(!e.is_past("2026-04-18T11:59:59Z".parse().unwrap()));
    }

    #[test]
    fn local_times_need_a_zone() {
        let w = when(&raw("2026-01-10 18:30", None, Some("America/Toronto"))).unwrap();
        let e = event(w, Some("America/Toronto"));
        assert_eq!(e.starts().to_string(), "2026-01-10T23:30:00Z");
        let (key, msg) = when(&raw("2026-01-10T18:30", None, None)).unwrap_err();
        assert_eq!(key, "start");
        assert!(msg.contains("no time zone"), "{msg}");
        let (key, msg) = when(&raw("2026-01-10T18:30", None, Some("Mars/Olympus"))).unwrap_err();
        assert_eq!(key, "timezone");
        assert!(msg.contains("unknown time zone `Mars/Olympus`"), "{msg}");
    }

    #[test]
    fn all_day_events_last_to_the_end_of_their_last_day() {
        let e = event(when(&raw("2026-05-01", Some("2026-05-02"), None)).unwrap(), None);
        assert!(!e.is_past("2026-05-02T23:59:00Z".parse().unwrap()));
        assert!(e.is_past("2026-05-03T00:00:00Z".parse().unwrap()));
    }

    #[test]
    fn bad_times_are_errors_at_their_key() {
        let cases = [
            (raw("soon", None, None), "start", "is not a date or time"),
            (raw("2026-05-02", Some("2026-05-01"), None), "end", "ends before it starts"),
            (raw("2026-05-02", Some("2026-05-02T10:00:00Z"), None), "end", "both be dates"),
            (raw("2026-02-30", None, None), "start", "is not a date or time"),
        ];
        for (r, key, msg) in cases {
            let (k, m) = when(&r).unwrap_err();
            assert_eq!((k, m.contains(msg)), (key, true), "{m}");
        }
        let (k, _) = when(&RawTimes { start: None, end: None, timezone: None }).unwrap_err();
        assert_eq!(k, "start");
    }

    #[test]
    fn attendance_follows_location_and_online_url() {
        let mut e = event(When::AllDay { first: civil::date(2026, 1, 1), last: civil::date(2026, 1, 1) }, None);
        assert_eq!(e.attendance(), "offline");
        e.online_url = Some("https://meet.example/x".into());
        assert_eq!(e.attendance(), "online");
        e.location = Some(Location { name: "Hall".into(), address: None });
        assert_eq!(e.attendance(), "mixed");
        e.status = EventStatus::MovedOnline;
        assert_eq!(e.attendance(), "online");
    }
}
