//! Events: pages, lists, calendars (checked with an iCalendar parser), structured data, the
//! landing page, `rally new event` and the problems `rally check` reports.

use crate::common;

use assert_cmd::Command;
use common::*;
use icalendar::{Component, EventLike};

const MISSION: &str =
    "---\ntitle: Mission\ngoals:\n  - { key: river_km, label: River restored, target: 100, unit: km }\n---\n";

fn hub() -> (tempfile::TempDir, std::path::PathBuf) {
    site_with(&[
        ("content/mission.md", MISSION),
        ("content/join.md", "---\ntitle: Join\ndescription: Join us.\n---\nHello.\n"),
        (
            "content/events/2026-12-05-spring-clean-up.md",
            "---\ntitle: Clean-up at Coldwell, with tea; bring gloves\ndescription: Three hours on the river.\nstart: 2026-12-05T10:00:00+00:00\nend: 2026-12-05T13:00:00+00:00\ntimezone: Europe/London\nlocation: { name: Coldwell footbridge, address: \"Mill Lane, Kellbridge\" }\nregistration_url: /join/\ngoals: [river_km]\n---\nWaders provided.\n",
        ),
        (
            "content/events/2027-06-05-festival.md",
            "---\ntitle: River festival\ndescription: Two days by the river.\nstart: 2027-06-05\nend: 2027-06-06\nlocation: { name: The meadows }\nonline_url: https://stream.example/festival\n---\n",
        ),
        (
            "content/events/2026-12-20-briefing.md",
            "---\ntitle: Online briefing\ndescription: Forty minutes.\nstart: 2026-12-20T19:00:00Z\nonline_url: https://meet.example/b\nstatus: cancelled\n---\n",
        ),
        (
            "content/events/2026-09-19-survey.md",
            "---\ntitle: Autumn survey\ndescription: Sampling day.\nstart: 2026-09-19T09:00:00+01:00\nend: 2026-09-19T12:00:00+01:00\nlocation: { name: Car park }\n---\n",
        ),
    ])
}

/// The titles of the event cards on a page, in order.
fn card_titles(html: &str) -> Vec<String> {
    html.split("<article class=\"event-card")
        .skip(1)
        .map(|card| {
            let a = card.find("<a href=").unwrap();
            let start = a + card[a..].find('>').unwrap() + 1;
            card[start..start + card[start..].find("</a>").unwrap()].to_string()
        })
        .collect()
}

#[test]
fn the_events_page_lists_upcoming_soonest_first_then_past() {
    let (_g, site) = hub();
    let out = build(&site);
    let html = read(&out, "events/index.html");
    let (upcoming, past) = html.split_once("id=\"past-heading\"").expect("a past events section");
    assert_eq!(
        card_titles(upcoming),
        ["Clean-up at Coldwell, with tea; bring gloves", "Online briefing", "River festival"]
    );
    assert_eq!(card_titles(past), ["Autumn survey"]);
    assert!(upcoming.contains("Cancelled"), "a cancelled event says so");
    let home = read(&out, "index.html");
    assert!(home.contains("id=\"events-heading\""), "the landing page shows the next events");
    assert!(home.contains("href=\"/events/\""));
    assert_eq!(card_titles(&home).first().map(String::as_str), Some("Clean-up at Coldwell, with tea; bring gloves"));
    assert!(read(&out, "index.html").contains(">Events</a>"), "the menu links the events");
}

#[test]
fn an_event_page_says_when_where_and_how_to_register() {
    let (_g, site) = hub();
    let out = build(&site);
    let html = read(&out, "events/spring-clean-up/index.html");
    assert!(
        html.contains(
            "<time datetime=\"2026-12-05T10:00:00+00:00\">Saturday, December 5, 2026 at 10:00\u{202F}AM – 1:00\u{202F}PM GMT</time>"
        ),
        "{html}"
    );
    assert!(html.contains("Coldwell footbridge<br>Mill Lane, Kellbridge"));
    assert!(html.contains("href=\"/join/\">Register</a>"));
    assert!(html.contains("href=\"/events/spring-clean-up.ics\">Add to calendar</a>"));
    assert!(html.contains("River restored"), "the goals the event advances");
    let past = read(&out, "events/survey/index.html");
    assert!(past.contains("this event has ended"));
}

fn event_ld(html: &str) -> serde_json::Value {
    let start = html.find("<script type=\"application/ld+json\">").unwrap() + 35;
    let end = start + html[start..].find("</script>").unwrap();
    let ld: serde_json::Value = serde_json::from_str(&html[start..end]).unwrap();
    ld["@graph"].as_array().unwrap().iter().find(|n| n["@type"] == "Event").cloned().expect("an Event")
}

#[test]
fn events_carry_schema_org_event_data() {
    let (_g, site) = hub();
    let out = build(&site);
    let e = event_ld(&read(&out, "events/spring-clean-up/index.html"));
    assert_eq!(e["startDate"], "2026-12-05T10:00:00+00:00");
    assert_eq!(e["endDate"], "2026-12-05T13:00:00+00:00");
    assert_eq!(e["eventStatus"], "https://schema.org/EventScheduled");
    assert_eq!(e["eventAttendanceMode"], "https://schema.org/OfflineEventAttendanceMode");
    assert_eq!(e["location"]["@type"], "Place");
    assert_eq!(e["location"]["address"], "Mill Lane, Kellbridge");
    assert_eq!(e["organizer"]["@id"], "https://test.example/#organization");
    assert_eq!(e["offers"]["url"], "https://test.example/join/");
    let f = event_ld(&read(&out, "events/festival/index.html"));
    assert_eq!(f["eventAttendanceMode"], "https://schema.org/MixedEventAttendanceMode");
    assert_eq!(f["startDate"], "2027-06-05");
    assert_eq!(f["location"][1]["@type"], "VirtualLocation");
    let b = event_ld(&read(&out, "events/briefing/index.html"));
    assert_eq!(b["eventStatus"], "https://schema.org/EventCancelled");
    assert_eq!(b["eventAttendanceMode"], "https://schema.org/OnlineEventAttendanceMode");
}

fn calendar(text: &str) -> icalendar::Calendar {
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "a line of {} octets: {line}", line.len());
    }
    assert!(!text.replace("\r\n", "").contains('\n'), "every line ends in CRLF");
    let unfolded = icalendar::parser::unfold(text);
    icalendar::parser::read_calendar(&unfolded).unwrap_or_else(|e| panic!("not iCalendar: {e}\n{text}")).into()
}

fn vevents(cal: &icalendar::Calendar) -> Vec<&icalendar::Event> {
    cal.components.iter().filter_map(|c| c.as_event()).collect()
}

#[test]
fn each_event_has_a_calendar_file_a_calendar_app_reads() {
    let (_g, site) = hub();
    let out = build(&site);
    let text = read(&out, "events/spring-clean-up.ics");
    let cal = calendar(&text);
    let events = vevents(&cal);
    assert_eq!(events.len(), 1);
    let e = events[0];
    assert_eq!(e.get_summary(), Some("Clean-up at Coldwell, with tea; bring gloves"));
    assert_eq!(e.get_uid(), Some("events/spring-clean-up@test.example"));
    assert_eq!(e.property_value("DTSTART"), Some("20261205T100000Z"));
    assert_eq!(e.property_value("DTEND"), Some("20261205T130000Z"));
    assert!(e.get_start().is_some() && e.get_end().is_some() && e.get_timestamp().is_some());
    assert_eq!(e.get_location(), Some("Coldwell footbridge, Mill Lane, Kellbridge"));
    assert_eq!(e.get_url(), Some("https://test.example/events/spring-clean-up/"));
    assert!(text.contains("SUMMARY:Clean-up at Coldwell\\, with tea\\; bring gloves"), "text is escaped");
    // built again, the calendar is the same: subscribers update the event instead of adding it twice
    let again = build(&site);
    assert_eq!(read(&again, "events/spring-clean-up.ics"), text);

    let all_day = calendar(&read(&out, "events/festival.ics"));
    let f = vevents(&all_day)[0];
    assert_eq!(f.property_value("DTSTART"), Some("20270605"));
    assert_eq!(f.property_value("DTEND"), Some("20270607"), "the end of an all-day event is the day after");
    assert_eq!(vevents(&calendar(&read(&out, "events/briefing.ics")))[0].property_value("STATUS"), Some("CANCELLED"));
}

#[test]
fn the_site_calendar_holds_every_upcoming_event() {
    let (_g, site) = hub();
    let out = build(&site);
    let cal = calendar(&read(&out, "events.ics"));
    let uids: Vec<&str> = vevents(&cal).iter().filter_map(|e| e.get_uid()).collect();
    assert_eq!(
        uids,
        ["events/spring-clean-up@test.example", "events/briefing@test.example", "events/festival@test.example"]
    );
    assert!(read(&out, "events/index.html").contains("href=\"/events.ics\""));
}

#[test]
fn now_decides_what_is_upcoming() {
    let (_g, site) = hub();
    let out = site.join("later");
    Command::cargo_bin("rally")
        .unwrap()
        .current_dir(&site)
        .args(["build", "--output", "later", "--now", "2026-12-21"])
        .assert()
        .success();
    let html = read(&out, "events/index.html");
    let (upcoming, past) = html.split_once("id=\"past-heading\"").unwrap();
    assert_eq!(card_titles(upcoming), ["River festival"]);
    assert_eq!(card_titles(past), ["Online briefing", "Clean-up at Coldwell, with tea; bring gloves", "Autumn survey"]);
    assert_eq!(vevents(&calendar(&read(&out, "events.ics"))).len(), 1);
}

fn build_errors(files: &[(&str, &str)]) -> String {
    let (_g, site) = site_with(files);
    let assert = Command::cargo_bin("rally").unwrap().current_dir(&site).args(["build"]).assert().code(1);
    String::from_utf8_lossy(&assert.get_output().stderr).into_owned()
}

#[test]
fn bad_event_times_are_errors_at_their_line() {
    let err = build_errors(&[("content/events/a.md", "---\ntitle: A\nstart: next Tuesday\n---\n")]);
    assert!(err.contains("content/events/a.md:3:"), "{err}");
    assert!(err.contains("`next Tuesday` is not a date or time"), "{err}");
    let err = build_errors(&[(
        "content/events/a.md",
        "---\ntitle: A\nstart: 2026-05-01T10:00\nend: 2026-05-01T12:00\n---\n",
    )]);
    assert!(err.contains("content/events/a.md:3:") && err.contains("no time zone"), "{err}");
    let err = build_errors(&[("content/events/a.md", "---\ntitle: A\nstart: 2026-05-02\nend: 2026-05-01\n---\n")]);
    assert!(err.contains("content/events/a.md:4:") && err.contains("ends before it starts"), "{err}");
    let err =
        build_errors(&[("content/events/a.md", "---\ntitle: A\ntimezone: Europe/Londres\nstart: 2026-05-02\n---\n")]);
    assert!(err.contains("content/events/a.md:3:") && err.contains("unknown time zone `Europe/Londres`"), "{err}");
    let err = build_errors(&[("content/events/a.md", "---\ntitle: A\n---\n")]);
    assert!(
        err.contains("content/events/a.md:1:1: error: the front matter has no `start`: an event needs one"),
        "{err}"
    );
}

#[test]
fn event_keys_elsewhere_are_errors_at_their_line() {
    let err = build_errors(&[(
        "content/updates/2026-01-01-a.md",
        "---\ntitle: A\ndate: 2026-01-01\nstart: 2026-05-01\n---\n",
    )]);
    assert!(err.contains("content/updates/2026-01-01-a.md:4:"), "{err}");
    assert!(err.contains("`start` is a key of events"), "{err}");
}

#[test]
fn check_reports_events_nobody_can_find_and_dead_registration_links() {
    let (_g, site) = site_with(&[
        (
            "content/events/2026-12-05-a.md",
            "---\ntitle: A\ndescription: d\nstart: 2026-12-05\nregistration_url: /sign-up/\n---\n",
        ),
        (
            "content/events/2026-01-05-b.md",
            "---\ntitle: B\ndescription: d\nstart: 2026-01-05\nlocation: { name: Hall }\nstatus: scheduled\n---\n",
        ),
    ]);
    let assert =
        Command::cargo_bin("rally").unwrap().current_dir(&site).args(["check", "--now", "2026-11-01"]).assert().code(1);
    let err = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(
        err.contains("content/events/2026-12-05-a.md:4:") && err.contains("no `location` and no `online_url`"),
        "{err}"
    );
    assert!(
        err.contains("content/events/2026-12-05-a.md:5:")
            && err.contains("registration link `/sign-up/` leads nowhere"),
        "{err}"
    );
    assert!(err.contains("content/events/2026-01-05-b.md:6:") && err.contains("still `status: scheduled`"), "{err}");
}

#[test]
fn rally_new_event_writes_an_event_that_builds() {
    let (_g, site) = site_with(&[]);
    Command::cargo_bin("rally")
        .unwrap()
        .current_dir(&site)
        .args([
            "new",
            "event",
            "Spring clean-up!",
            "--start",
            "2027-04-17T10:00:00+01:00",
            "--timezone",
            "Europe/London",
        ])
        .assert()
        .success();
    let text = read(&site, "content/events/2027-04-17-spring-clean-up.md");
    assert!(
        text.contains("start: 2027-04-17T10:00:00+01:00") || text.contains("start: '2027-04-17T10:00:00+01:00'"),
        "{text}"
    );
    assert!(text.contains("timezone: Europe/London"), "{text}");
    Command::cargo_bin("rally").unwrap().current_dir(&site).args(["build", "--now", "2027-01-01"]).assert().success();
    let html = read(&site.join("public"), "events/spring-clean-up/index.html");
    assert!(html.contains("Saturday, April 17, 2027 at 10:00\u{202F}AM – 12:00\u{202F}PM BST"), "two hours by default");
    Command::cargo_bin("rally")
        .unwrap()
        .current_dir(&site)
        .args(["new", "event", "Later", "--start", "soon"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--start: `soon` is not a date or time"));
}

#[test]
fn unsafe_event_links_are_errors_at_their_line() {
    let err = build_errors(&[(
        "content/events/a.md",
        "---\ntitle: A\nstart: 2026-05-02\nregistration_url: \" JavaScript:alert(1)\"\n---\n",
    )]);
    assert!(err.contains("content/events/a.md:4:") && err.contains("is not a safe link"), "{err}");
    let err = build_errors(&[(
        "content/events/a.md",
        "---\ntitle: A\nstart: 2026-05-02\nonline_url: \"data:text/html,hi\"\n---\n",
    )]);
    assert!(err.contains("content/events/a.md:4:") && err.contains("is not a safe link"), "{err}");
}
