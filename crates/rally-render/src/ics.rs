//! iCalendar files (RFC 5545) for events: one per event and one of every upcoming event.
//!
//! Lines end in CRLF and are folded at 75 octets (never inside a UTF-8 character); text values
//! escape `\`, `;`, `,` and line breaks. Times are written in UTC (`DTSTART:20260418T090000Z`),
//! all-day events as dates with an exclusive end (`DTEND;VALUE=DATE:` the day after the last).
//! The UID is the event's path at the site's host, so it stays the same from build to build and
//! a calendar that subscribed updates the event instead of adding it twice. `DTSTAMP` is the
//! page's `updated`, else its `date`, else the build time.

use rally_core::model::events::{EventData, EventStatus, When};
use rally_core::model::page::Page;
use rally_core::model::{Site, urls};

/// Escapes a TEXT value.
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends one content line, folded at 75 octets, ending in CRLF.
fn line(out: &mut String, content: &str) {
    let mut width = 0;
    for c in content.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

fn utc(ts: jiff::Timestamp) -> String {
    ts.strftime("%Y%m%dT%H%M%SZ").to_string()
}

/// The host of the site's base URL, for UIDs.
fn host(site: &Site) -> &str {
    let rest = site.config.base_url.split_once("://").map_or(site.config.base_url.as_str(), |(_, r)| r);
    rest.split(['/', ':']).next().unwrap_or(rest)
}

fn vevent(out: &mut String, site: &Site, page: &Page, e: &EventData) {
    line(out, "BEGIN:VEVENT");
    let path = page.out.trim_end_matches("index.html").trim_end_matches('/');
    line(out, &format!("UID:{path}@{}", host(site)));
    let stamp = page.lastmod().map_or(site.now, |d| jiff::tz::TimeZone::UTC.to_timestamp(d.0).unwrap_or(site.now));
    line(out, &format!("DTSTAMP:{}", utc(stamp)));
    match &e.when {
        When::AllDay { first, last } => {
            line(out, &format!("DTSTART;VALUE=DATE:{}", first.strftime("%Y%m%d")));
            let after = last.tomorrow().unwrap_or(*last);
            line(out, &format!("DTEND;VALUE=DATE:{}", after.strftime("%Y%m%d")));
        }
        When::Timed { start, end } => {
            line(out, &format!("DTSTART:{}", utc(start.timestamp())));
            if let Some(end) = end {
                line(out, &format!("DTEND:{}", utc(end.timestamp())));
            }
        }
    }
    line(out, &format!("SUMMARY:{}", text(&page.title)));
    let permalink = site.permalink(page);
    let description = match page.teaser() {
        Some(t) => format!("{t}\n\n{permalink}"),
        None => permalink.clone(),
    };
    line(out, &format!("DESCRIPTION:{}", text(&description)));
    let place = match (&e.location, &e.online_url) {
        (Some(l), _) if e.status != EventStatus::MovedOnline => {
            Some(l.address.as_deref().map_or_else(|| l.name.clone(), |a| format!("{}, {a}", l.name)))
        }
        (_, Some(u)) => Some(u.clone()),
        _ => None,
    };
    if let Some(place) = place {
        line(out, &format!("LOCATION:{}", text(&place)));
    }
    line(out, &format!("URL:{permalink}"));
    let status = match e.status {
        EventStatus::Cancelled => "CANCELLED",
        EventStatus::Postponed => "TENTATIVE",
        EventStatus::Scheduled | EventStatus::MovedOnline => "CONFIRMED",
    };
    line(out, &format!("STATUS:{status}"));
    line(out, "END:VEVENT");
}

fn calendar(site: &Site, name: &str, events: &[&Page]) -> String {
    let mut out = String::new();
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(&mut out, &format!("PRODID:-//Rally//Rally {}//EN", env!("CARGO_PKG_VERSION")));
    line(&mut out, "CALSCALE:GREGORIAN");
    line(&mut out, "METHOD:PUBLISH");
    line(&mut out, &format!("X-WR-CALNAME:{}", text(name)));
    for p in events {
        if let Some(e) = p.event() {
            vevent(&mut out, site, p, e);
        }
    }
    line(&mut out, "END:VCALENDAR");
    out
}

/// Where an event's own calendar file goes: `events/SLUG/index.html` -> `events/SLUG.ics`.
pub fn event_path(page: &Page) -> String {
    format!("{}.ics", page.out.trim_end_matches("/index.html"))
}

/// The URL of an event's calendar file.
pub fn event_url(site: &Site, page: &Page) -> String {
    urls::site_url(&site.config.base_path, &format!("/{}", event_path(page)))
}

/// One event's calendar.
pub fn event(site: &Site, page: &Page) -> String {
    calendar(site, &format!("{} — {}", page.title, site.config.title), &[page])
}

/// Every upcoming event, soonest first.
pub fn upcoming(site: &Site) -> String {
    let pages: Vec<&Page> = site.upcoming_events.iter().map(|&i| &site.pages[i]).collect();
    calendar(site, &format!("{} events", site.config.title), &pages)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_values_are_escaped() {
        assert_eq!(text("a, b; c\\d\nnext"), "a\\, b\\; c\\\\d\\nnext");
    }

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_characters() {
        let mut out = String::new();
        let value = format!("SUMMARY:{}", "é".repeat(60));
        line(&mut out, &value);
        for l in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets: {l}", l.len());
        }
        let unfolded = out.trim_end_matches("\r\n").replace("\r\n ", "");
        assert_eq!(unfolded, value);
    }
}
