use super::*;
use jiff::civil::date;
use rally_core::model::events::fixtures as events;
use rally_core::model::events::when;
use rally_core::model::goals::compute;
use rally_core::model::goals::fixtures::{def, obs};

fn words(lang: &'static str) -> Words<'static> {
    Words::new(crate::strings::builtin(), lang)
}

fn up(values: &[(Date, f64)]) -> GoalProgress {
    compute(def(120.0, 0.0, Direction::Up), values.iter().map(|&(d, v)| obs(d, v)).collect())
}

#[test]
fn goal_summaries_in_english() {
    let en = words("en");
    let g = up(&[(date(2026, 1, 1), 10.0), (date(2026, 7, 1), 42.5)]);
    assert_eq!(en.goal_summary(&g), "42.5 of 120 km (35%), on track for December 31, 2030.");
    let g = up(&[(date(2026, 1, 1), 10.0), (date(2029, 1, 1), 12.0)]);
    assert_eq!(en.goal_summary(&g), "12 of 120 km (10%), behind the pace for December 31, 2030.");
    let g = up(&[(date(2026, 1, 1), 120.0)]);
    assert_eq!(en.goal_summary(&g), "120 of 120 km (100%), achieved.");
    let g = up(&[(date(2026, 1, 1), 10.0), (date(2031, 1, 1), 100.0)]);
    assert_eq!(en.goal_summary(&g), "100 of 120 km (83%), not reached by the deadline of December 31, 2030.");
    assert_eq!(en.goal_summary(&up(&[])), "No data yet.");
    let down =
        compute(def(10.0, 100.0, Direction::Down), vec![obs(date(2026, 1, 1), 80.0), obs(date(2026, 4, 1), 61.0)]);
    assert_eq!(en.goal_summary(&down), "61 km, on the way from 100 to 10 km (43%), on track for December 31, 2030.");
    let mut open = def(120.0, 0.0, Direction::Up);
    open.deadline = None;
    let g = compute(open.clone(), vec![obs(date(2026, 1, 1), 1.0)]);
    assert_eq!(en.goal_summary(&g), "1 of 120 km (1%), on track.");
    let g = compute(open, vec![obs(date(2026, 1, 1), 5.0), obs(date(2026, 6, 1), 0.0)]);
    assert_eq!(en.goal_summary(&g), "0 of 120 km (0%), behind.");
    let flat = compute(def(5.0, 5.0, Direction::Up), vec![obs(date(2026, 1, 1), 7.0)]);
    assert_eq!(
        en.goal_summary(&flat),
        "7 km reported; progress cannot be measured because the target equals the baseline."
    );
    let nan = compute(def(f64::NAN, 0.0, Direction::Up), vec![obs(date(2026, 1, 1), 3.0)]);
    let s = en.goal_summary(&nan);
    assert!(s.contains("not a number") && !s.contains("NaN"), "{s}");
}

#[test]
fn goal_summaries_follow_the_language() {
    let g = up(&[(date(2026, 1, 1), 10.0), (date(2031, 1, 1), 100.0)]);
    assert_eq!(
        words("fr").goal_summary(&g),
        "100 sur 120 km (83\u{202F}%), non atteint à l’échéance du 31 décembre 2030."
    );
    let g = up(&[(date(2026, 1, 1), 10.0), (date(2026, 7, 1), 1042.5)]);
    assert_eq!(words("de").goal_summary(&g), "1.042,5 von 120 km (100\u{A0}%), erreicht.");
    let g = up(&[(date(2026, 1, 1), 10.0), (date(2026, 7, 1), 42.5)]);
    assert_eq!(
        words("ar").goal_summary(&g),
        "42.5 من 120 km (35\u{200E}%\u{200E})، على المسار الصحيح لبلوغه بحلول 31 ديسمبر 2030."
    );
    assert_eq!(words("fr").goal_summary(&up(&[])), "Pas encore de données.");
}

#[test]
fn time_left_counts_days_with_plural_rules() {
    let today = date(2026, 12, 1);
    let left = |lang: &'static str, d: Date| words(lang).time_left(Some(d), today).unwrap();
    assert_eq!(left("en", date(2026, 12, 31)), "30 days left");
    assert_eq!(left("en", date(2026, 12, 2)), "1 day left");
    assert_eq!(left("en", today), "Last day");
    assert_eq!(left("en", date(2026, 11, 30)), "Ended on November 30, 2026");
    assert_eq!(left("fr", date(2026, 12, 24)), "23 jours restants");
    assert_eq!(left("fr", date(2026, 12, 2)), "1 jour restant");
    assert_eq!(left("fr", today), "Dernier jour");
    assert_eq!(left("fr", date(2026, 11, 30)), "Terminée le 30 novembre 2026");
    let ar: Vec<String> = [1, 2, 3, 11, 100].iter().map(|&n| left("ar", today + jiff::Span::new().days(n))).collect();
    assert_eq!(ar, ["بقي يوم واحد", "بقي يومان", "بقيت 3 أيام", "بقي 11 يومًا", "بقي 100 يوم"]);
    assert_eq!(words("de").time_left(None, today), None);
}

fn event(start: &'static str, end: Option<&'static str>, zone: Option<&'static str>) -> EventData {
    events::event(when(&events::raw(start, end, zone)).unwrap(), zone)
}

#[test]
fn event_times_follow_the_language_and_keep_their_zone() {
    let e = event("2026-04-18T10:00:00+01:00", Some("2026-04-18T13:00:00+01:00"), Some("Europe/London"));
    assert_eq!(words("en").event_when(&e), "Saturday, April 18, 2026 at 10:00\u{202F}AM – 1:00\u{202F}PM BST");
    assert_eq!(words("fr").event_when(&e), "samedi 18 avril 2026 à 10:00 – 13:00 BST");
    assert_eq!(words("de").event_when(&e), "Samstag, 18. April 2026 um 10:00 – 13:00 BST");
    let e = event("2026-06-01T09:00:00+02:00", None, None);
    assert_eq!(words("fr").event_when(&e), "lundi 1 juin 2026 à 09:00 UTC+02:00");
    let e = event("2026-06-01T20:00:00+02:00", Some("2026-06-02T02:00:00+02:00"), None);
    assert_eq!(words("fr").event_when(&e), "lundi 1 juin 2026 à 20:00 – mardi 2 juin 2026 à 02:00 UTC+02:00");
}

#[test]
fn all_day_events_follow_the_language() {
    let one = event("2026-05-01", None, None);
    assert_eq!(words("en").event_when(&one), "Friday, May 1, 2026 (all day)");
    assert_eq!(words("fr").event_when(&one), "vendredi 1 mai 2026 (toute la journée)");
    assert_eq!(words("ar").event_when(&one), "الجمعة، 1 مايو 2026 (طوال اليوم)");
    let two = event("2026-05-01", Some("2026-05-02"), None);
    assert_eq!(words("de").event_when(&two), "1.–2. Mai 2026");
    assert_eq!(words("en").event_when(&two), "May 1–2, 2026");
}
