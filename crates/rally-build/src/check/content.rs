//! Content warnings: pages without a description, front matter images without alt text, goals
//! without data, and an impact report that has gone stale.

use jiff::civil;

use rally_core::error::{Diagnostic, Suggestions};
use rally_core::model::Site;
use rally_core::model::goals::Status;
use rally_core::model::page::{Page, PageKind};
use rally_core::source::date::Date;

/// Content pages a reader lands on should say what they are about. The landing page's text
/// (`_index.md`) falls back to the site's description, so it is left out.
pub fn missing_descriptions(site: &Site) -> Vec<Diagnostic> {
    site.pages
        .iter()
        .filter(|p| p.description.is_none() && p.kind() != PageKind::Home)
        .map(|p| {
            let msg = "no `description`: search engines and social cards will fall back to the site's";
            Diagnostic::warning(&p.display, 1, 1, msg).with_source(&p.text)
        })
        .collect()
}

/// A front matter `image` needs its `image_alt`.
pub fn missing_image_alt(p: &Page) -> Option<Diagnostic> {
    (p.image.is_some() && p.image_alt.as_deref().is_none_or(|a| a.trim().is_empty())).then(|| {
        p.warning_at_key("image", "`image` has no `image_alt`: describe the picture for people who cannot see it")
    })
}

/// Events a reader cannot find (no location and no online link), and events that have ended
/// but are still written down as `status: scheduled`.
pub fn event_problems(site: &Site) -> Vec<Diagnostic> {
    use rally_core::model::events::EventStatus;
    let mut out = Vec::new();
    for &i in site.upcoming_events.iter().chain(&site.past_events) {
        let p = &site.pages[i];
        let Some(e) = p.event() else { continue };
        if e.location.is_none() && e.online_url.is_none() {
            let msg = "this event has no `location` and no `online_url`: say where people should go".to_string();
            out.push(p.warning_at_key("start", msg));
        }
        if e.is_past(site.now) && e.status_given && e.status == EventStatus::Scheduled {
            let msg = "this event has ended and is still `status: scheduled`: remove the line once it took place, or set `cancelled` or `postponed` if it did not".to_string();
            out.push(p.warning_at_key("status", msg));
        }
    }
    out
}

/// Goals no impact report gives a value for (or whose target equals their baseline).
pub fn goals_without_data(site: &Site) -> Vec<Diagnostic> {
    let Some(m) = site.page_by_kind(site.mission) else { return Vec::new() };
    site.goals
        .iter()
        .enumerate()
        .filter(|(_, g)| g.status == Status::NoData)
        .map(|(i, g)| {
            let key = &g.def.key;
            let why = if g.def.target == g.def.baseline {
                format!("its target equals its baseline ({})", g.def.target)
            } else {
                "no impact report gives a value for it".into()
            };
            m.warning_at_key(&format!("goals[{i}].key"), format!("goal `{key}` has no data: {why}"))
        })
        .collect()
}

/// Impact report metrics that name no goal and carry no `label`: most likely a goal key typed
/// wrong, which leaves the goal without its value.
pub fn unknown_metrics(site: &Site) -> Vec<Diagnostic> {
    let goals: std::collections::HashSet<&str> = site.goals.iter().map(|g| g.def.key.as_str()).collect();
    let suggestions = std::cell::OnceCell::new();
    let mut out = Vec::new();
    for p in site.reports.iter().map(|&r| &site.pages[r]) {
        let unknown =
            p.metrics().iter().enumerate().filter(|(_, m)| m.label.is_none() && !goals.contains(&m.key.as_str()));
        for (i, m) in unknown {
            let hint = match suggestions.get_or_init(|| Suggestions::new(goals.iter().copied())).nearest(&m.key) {
                Some(g) => format!("did you mean goal `{g}`?"),
                None => "give it a `label`, or define the goal in content/mission.md".into(),
            };
            let msg = format!("metric `{}` names no goal and has no `label`: {hint}", m.key);
            out.push(p.warning_at_key(&format!("metrics[{i}].key"), msg));
        }
    }
    out
}

/// Whole days from `date` to the day of `now` (UTC); negative for a date in the future.
pub fn age_in_days(date: civil::Date, now: jiff::Timestamp) -> i64 {
    let today = Date::from_timestamp(now).day();
    date.until((jiff::Unit::Day, today)).map_or(0, |span| i64::from(span.get_days()))
}

/// The newest impact report, when it is older than `check.stale_after_days`.
/// Open campaigns counted from a data file that has not changed in `check.stale_after_days`: the
/// count on the site has probably stopped following the real one.
pub fn stale_campaign_data(site: &Site, now: jiff::Timestamp) -> Vec<Diagnostic> {
    use rally_core::model::campaigns::CountSpec;
    let limit = site.config.check.stale_after_days;
    let mut out = Vec::new();
    for &i in site.open_campaigns() {
        let p = &site.pages[i];
        let Some(CountSpec::From(from)) = p.campaign().map(|c| &c.count_spec) else { continue };
        let Some(file) = site.data.get(rally_core::model::campaigns::data_name(&from.from)) else { continue };
        let Some(modified) = file.modified else { continue };
        let age = now.duration_since(modified).as_hours() / 24;
        if age > limit {
            let msg = format!(
                "{} has not changed in {age} days (more than check.stale_after_days, {limit}): is the count still up to date?",
                file.display.display()
            );
            out.push(p.warning_at_key("count", msg));
        }
    }
    out
}

pub fn stale_report(site: &Site, now: jiff::Timestamp) -> Option<Diagnostic> {
    let newest = site.page_by_kind(site.reports.first().copied())?;
    let age = age_in_days(newest.date?.day(), now);
    let limit = site.config.check.stale_after_days;
    (age > limit).then(|| {
        newest.warning_at_key(
            "date",
            format!(
                "the newest impact report is {age} days old (more than check.stale_after_days, {limit}): time for a new one (`rally new report PERIOD`)"
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> jiff::Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn age_counts_whole_days_in_utc() {
        let d = civil::date(2020, 1, 1);
        assert_eq!(age_in_days(d, ts("2020-01-01T23:59:59Z")), 0);
        assert_eq!(age_in_days(d, ts("2020-07-09T00:00:00Z")), 190);
        assert_eq!(age_in_days(d, ts("2021-01-01T00:00:00Z")), 366);
        assert_eq!(age_in_days(civil::date(2026, 1, 1), ts("2025-12-31T12:00:00Z")), -1);
        // 23:30 at -05:00 is already the next day in UTC
        assert_eq!(age_in_days(d, ts("2020-01-01T23:30:00-05:00")), 1);
    }
}
