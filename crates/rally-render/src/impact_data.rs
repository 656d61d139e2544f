//! Open impact data: the hub's goals and reports as files other people's tools can read.
//!
//! - `/impact.json`: every goal (definition, current value, progress, status, history) and every
//!   report (metrics, URL), valid against `/impact.schema.json`, which is written beside it.
//! - `/impact.csv`: one row per report and metric (RFC 4180: quoted where needed, CRLF lines).
//! - `/impact/goals/KEY.svg`: an embeddable badge per goal (label, progress bar, percentage), with
//!   an accessible `<title>`, for partners to put on their own sites.
//!
//! All pure: the site in, text out. Every URL in the data is absolute, so the files work wherever
//! they are fetched from.

use serde_json::{Value, json};

use super::OutputFile;
use super::phrases::Words;
use super::seo::absolute;
use super::strings::Strings;
use super::views::{goal_anchor, metrics_of};
use rally_core::format::escape_html;
use rally_core::model::Site;
use rally_core::model::goals::GoalProgress;

/// The JSON Schema that `impact.json` follows.
pub const SCHEMA: &str = include_str!("impact.schema.json");

pub const JSON_PATH: &str = "impact.json";
pub const SCHEMA_PATH: &str = "impact.schema.json";
pub const CSV_PATH: &str = "impact.csv";

/// Where a goal's badge is published, relative to the output root.
pub fn badge_path(key: &str) -> String {
    format!("impact/goals/{}.svg", goal_anchor(key))
}

/// Every open-data file of the site: the JSON, its schema, the CSV and one badge per goal.
/// The sentences in them (a goal's summary, the badge's words) are in the site's default language.
pub fn files(site: &Site, strings: &Strings) -> Vec<OutputFile> {
    let words = Words::new(strings, &site.config.language);
    let mut out = vec![
        OutputFile::text(JSON_PATH, json(site, &words)),
        OutputFile::text(SCHEMA_PATH, SCHEMA.to_string()),
        OutputFile::text(CSV_PATH, csv(site)),
    ];
    let fill = site.config.brand.primary.as_ref().map_or_else(|| "#24292f".to_string(), |c| c.hex());
    out.extend(site.goals.iter().map(|g| OutputFile::text(badge_path(&g.def.key), badge(g, &words, &fill))));
    out
}

/// The absolute URL of a file at `path` (relative to the output root).
fn file_url(site: &Site, path: &str) -> String {
    absolute(site, &format!("/{path}"))
}

/// `impact.json`.
pub fn json(site: &Site, words: &Words) -> String {
    let goals: Vec<Value> = site.goals.iter().map(|g| goal_json(site, words, g)).collect();
    let reports: Vec<Value> = site
        .reports
        .iter()
        .map(|&i| {
            let p = &site.pages[i];
            let metrics: Vec<Value> = metrics_of(site, p)
                .into_iter()
                .map(|m| json!({"key": m.key, "label": m.label, "value": m.value, "unit": m.unit, "goal": m.goal_url.is_some()}))
                .collect();
            json!({
                "title": p.title,
                "period": p.period(),
                "date": p.date.map(|d| d.iso_day()),
                "url": site.permalink(p),
                "metrics": metrics,
            })
        })
        .collect();
    let updated = site.reports.first().and_then(|&i| site.pages[i].date).map(|d| d.iso_day());
    let doc = json!({
        "$schema": file_url(site, SCHEMA_PATH),
        "version": 1,
        "site": {"title": site.config.title, "url": site.config.base_url, "language": site.config.language},
        "updated": updated,
        "goals": goals,
        "reports": reports,
    });
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}

fn goal_json(site: &Site, words: &Words, g: &GoalProgress) -> Value {
    let d = &g.def;
    let history: Vec<Value> = g
        .history
        .iter()
        .map(|o| {
            json!({"period": o.period, "date": o.date.to_string(), "value": o.value, "report_url": absolute(site, &o.report_url)})
        })
        .collect();
    json!({
        "key": d.key,
        "label": d.label,
        "unit": d.unit,
        "target": d.target,
        "baseline": d.baseline,
        "deadline": d.deadline.map(|x| x.to_string()),
        "direction": d.direction,
        "current": g.current,
        "progress": g.progress,
        "percent": g.percent,
        "expected": g.expected,
        "status": g.status,
        "summary": words.goal_summary(g),
        "url": absolute(site, &format!("/impact/#goal-{}", goal_anchor(&d.key))),
        "badge_url": file_url(site, &badge_path(&d.key)),
        "history": history,
    })
}

/// One CSV field, quoted when it holds a comma, quote, or line break (RFC 4180).
fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_string() }
}

/// A number as data: the shortest text that reads back as the same value (`42.5`, `1200`).
fn number(v: f64) -> String {
    if v.is_finite() { v.to_string() } else { String::new() }
}

/// `impact.csv`: `period,date,report_url,key,label,value,unit,goal`, newest report first.
pub fn csv(site: &Site) -> String {
    let mut out = String::from("period,date,report_url,key,label,value,unit,goal\r\n");
    for &i in &site.reports {
        let p = &site.pages[i];
        let (period, date, url) = (
            p.period().unwrap_or_default().to_string(),
            p.date.map(|d| d.iso_day()).unwrap_or_default(),
            site.permalink(p),
        );
        for m in metrics_of(site, p) {
            let row = [
                field(&period),
                field(&date),
                field(&url),
                field(&m.key),
                field(&m.label),
                number(m.value),
                field(m.unit.as_deref().unwrap_or("")),
                if m.goal_url.is_some() { "yes".into() } else { "no".into() },
            ];
            out.push_str(&row.join(","));
            out.push_str("\r\n");
        }
    }
    out
}

/// Text cut to `max` characters, with an ellipsis when cut.
fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max.saturating_sub(1)).collect();
    format!("{}…", cut.trim_end())
}

const BADGE_W: f64 = 360.0;
const BADGE_H: f64 = 72.0;
const FONT: &str = "system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";

/// A goal's badge: its label, percentage, a progress bar in `fill`, and the figures in words.
/// Self-contained (no fonts or images to fetch), light on dark-agnostic white.
pub fn badge(g: &GoalProgress, words: &Words, fill: &str) -> String {
    let unit = g.def.unit.as_deref();
    let f = words.format();
    let percent = g.percent.map_or_else(|| "–".to_string(), |p| f.percent(f64::from(p) / 100.0));
    let target = f.amount(g.def.target, unit, g.def.format);
    let figures = match g.current {
        Some(c) => {
            let status = words.say(super::views::goal_status_key(g.status), &[]);
            words.say(
                "badge_figures",
                &[("current", f.figure(c, unit, g.def.format)), ("target", target), ("status", status)],
            )
        }
        None => words.say("badge_no_data", &[("target", target)]),
    };
    let track = BADGE_W - 32.0;
    let filled = track * f64::from(g.percent.unwrap_or(0)) / 100.0;
    let title = escape_html(&format!("{}: {}", g.def.label, words.goal_summary(g)));
    format!(
        concat!(
            r##"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" aria-labelledby="badge-title">"##,
            r##"<title id="badge-title">{title}</title>"##,
            r##"<rect x="0.5" y="0.5" width="{w1}" height="{h1}" rx="8" fill="#ffffff" stroke="#d0d7de"/>"##,
            r##"<g font-family="{font}">"##,
            r##"<text x="16" y="26" font-size="14" font-weight="600" fill="#1f2328">{label}</text>"##,
            r##"<text x="{right}" y="26" font-size="14" font-weight="700" fill="#1f2328" text-anchor="end">{percent}</text>"##,
            r##"<rect x="16" y="36" width="{track}" height="10" rx="5" fill="#e6e8eb"/>"##,
            r##"<rect x="16" y="36" width="{filled}" height="10" rx="5" fill="{fill}"/>"##,
            r##"<text x="16" y="62" font-size="12" fill="#57606a">{figures}</text>"##,
            "</g></svg>\n"
        ),
        w = BADGE_W,
        h = BADGE_H,
        w1 = BADGE_W - 1.0,
        h1 = BADGE_H - 1.0,
        right = BADGE_W - 16.0,
        font = FONT,
        title = title,
        label = escape_html(&clip(&g.def.label, 34)),
        percent = percent,
        track = track,
        filled = (filled * 100.0).round() / 100.0,
        fill = escape_html(fill),
        figures = escape_html(&clip(&figures, 48)),
    )
}

/// The HTML snippet a partner pastes to show a goal's badge, linking back to the goal.
pub fn embed_snippet(site: &Site, g: &GoalProgress, summary: &str) -> String {
    let link = absolute(site, &format!("/impact/#goal-{}", goal_anchor(&g.def.key)));
    let img = file_url(site, &badge_path(&g.def.key));
    format!(
        r#"<a href="{}"><img src="{}" width="{}" height="{}" alt="{}"></a>"#,
        escape_html(&link),
        escape_html(&img),
        BADGE_W,
        BADGE_H,
        escape_html(&format!("{}: {summary}", g.def.label))
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use rally_core::model::goals::{Direction, GoalDef, Observation, compute};

    fn en() -> Words<'static> {
        Words::new(crate::strings::builtin(), "en")
    }

    fn goal(key: &str, values: &[(&str, f64)]) -> GoalProgress {
        let def = GoalDef {
            key: key.into(),
            label: "Kilometres of river restored".into(),
            target: 120.0,
            unit: Some("km".into()),
            baseline: 0.0,
            deadline: Some(jiff::civil::date(2030, 12, 31)),
            direction: Direction::Up,
            format: Default::default(),
        };
        let obs = values
            .iter()
            .map(|(d, v)| Observation {
                date: d.parse().unwrap(),
                period: d[..4].into(),
                value: *v,
                report_url: "/impact/x/".into(),
            })
            .collect();
        compute(def, obs)
    }

    #[test]
    fn csv_fields_are_quoted_as_rfc_4180_says() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a, b"), "\"a, b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
        assert_eq!(number(42.5), "42.5");
        assert_eq!(number(1200.0), "1200");
        assert_eq!(number(f64::NAN), "");
    }

    #[test]
    fn badge_shows_label_percent_and_a_bar_of_that_width() {
        let g = goal("river_km", &[("2025-06-30", 30.0), ("2026-06-30", 42.0)]);
        let svg = badge(&g, &en(), "#0b6e4f");
        insta::assert_snapshot!(svg);
        assert!(svg.contains(">35%</text>"));
        // 35% of the 328-unit track
        assert!(svg.contains(r##"width="114.8" height="10" rx="5" fill="#0b6e4f""##), "{svg}");
    }

    #[test]
    fn badge_without_data_says_so_and_escapes_text() {
        let mut g = goal("k", &[]);
        g.def.label = "Trees <planted> & \"kept\" by the community of the whole valley".into();
        let svg = badge(&g, &en(), "#123456");
        assert!(svg.contains(">–</text>"));
        assert!(svg.contains("No data yet"));
        assert!(svg.contains("Trees &lt;planted&gt; &amp; &quot;kept&quot; by the c…</text>"), "{svg}");
        assert!(svg.contains(r#"width="0" height="10""#));
    }

    #[test]
    fn badge_words_follow_the_language_given() {
        let g = goal("river_km", &[("2025-06-30", 30.0), ("2026-06-30", 42.0)]);
        let svg = badge(&g, &Words::new(crate::strings::builtin(), "fr"), "#0b6e4f");
        assert!(svg.contains(">35\u{202F}%</text>"), "{svg}");
        assert!(svg.contains(">42 sur 120 km · En retard</text>"), "{svg}");
        assert!(svg.contains("en retard sur le rythme prévu pour le 31 décembre 2030."), "{svg}");
    }
}
