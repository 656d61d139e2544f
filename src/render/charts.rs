//! Progress bars and history charts as inline SVG, drawn at build time (no JavaScript).
//!
//! Colours come from the theme's CSS through these classes (presentation attributes are only
//! fallbacks): `progress` (the bar's `<svg>`), `bar-track`, `bar-track--empty` (no data),
//! `bar-fill` with `bar-fill--achieved`, `bar-fill--on_track` or `bar-fill--behind`; `chart` (the
//! chart's `<svg>`), `chart-grid`, `chart-axis`, `chart-label`, `chart-target`,
//! `chart-target-label`, `chart-baseline`, `chart-area`, `chart-line`, `chart-point`.
//! Every chart has an accessible name and description; a goal without history gets no chart
//! (an empty string), its bar says "no data".

use std::fmt::Write;

use crate::markdown::slugify;
use crate::model::goals::{GoalProgress, Status, format_number};

/// Escapes text for SVG (XML) content and attributes.
fn esc(s: &str) -> String {
    crate::render::feeds::escape(s)
}

/// A number for an SVG attribute: at most two decimals.
fn n(v: f64) -> String {
    let r = (v * 100.0).round() / 100.0;
    let s = format!("{r:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// A horizontal progress bar with the goal's summary as its accessible name.
pub fn progress_bar(goal: &GoalProgress) -> String {
    let label = esc(&goal.summary);
    let mut s = format!(
        "<svg class=\"progress\" viewBox=\"0 0 100 8\" preserveAspectRatio=\"none\" width=\"100%\" height=\"12\" role=\"img\" aria-label=\"{label}\">"
    );
    match goal.percent {
        Some(p) => {
            let _ = write!(
                s,
                "<rect class=\"bar-track\" width=\"100\" height=\"8\" rx=\"4\" fill=\"#e5e7eb\"/><rect class=\"bar-fill bar-fill--{}\" width=\"{p}\" height=\"8\" rx=\"4\" fill=\"currentColor\"/>",
                status_class(goal.status)
            );
        }
        None => s.push_str(
            "<rect class=\"bar-track bar-track--empty\" x=\"0.5\" y=\"0.5\" width=\"99\" height=\"7\" rx=\"3.5\" fill=\"none\" stroke=\"currentColor\" stroke-dasharray=\"2 2\"/>",
        ),
    }
    s.push_str("</svg>");
    s
}

fn status_class(s: Status) -> &'static str {
    match s {
        Status::Achieved => "achieved",
        Status::OnTrack => "on_track",
        Status::Behind => "behind",
        Status::NoData => "no_data",
    }
}

const W: f64 = 640.0;
const H: f64 = 240.0;
const LEFT: f64 = 64.0;
const RIGHT: f64 = 24.0;
const TOP: f64 = 20.0;
const BOTTOM: f64 = 40.0;

/// The y range of a chart: every value, the target and the baseline, never empty.
fn y_range(goal: &GoalProgress) -> (f64, f64) {
    let values = goal.history.iter().map(|o| o.value).chain([goal.def.target, goal.def.baseline]);
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)));
    if !lo.is_finite() || !hi.is_finite() {
        return (0.0, 1.0);
    }
    if (hi - lo).abs() < 1e-9 { (lo - 1.0, hi + 1.0) } else { (lo, hi) }
}

/// A line chart of the goal's history with its target and baseline; "" without history.
pub fn history_chart(goal: &GoalProgress) -> String {
    if goal.history.is_empty() {
        return String::new();
    }
    let id = format!("chart-{}", slugify(&goal.def.key));
    let unit = goal.def.unit.as_deref().map(|u| format!(" {u}")).unwrap_or_default();
    let (lo, hi) = y_range(goal);
    let x = |i: usize| {
        let count = goal.history.len();
        if count == 1 {
            LEFT + (W - LEFT - RIGHT) / 2.0
        } else {
            LEFT + (W - LEFT - RIGHT) * i as f64 / (count - 1) as f64
        }
    };
    let y = |v: f64| TOP + (H - TOP - BOTTOM) * (1.0 - (v - lo) / (hi - lo));
    let values: Vec<String> =
        goal.history.iter().map(|o| format!("{}: {}{unit}", o.period, format_number(o.value))).collect();
    let mut s = format!(
        "<svg class=\"chart\" viewBox=\"0 0 {W} {H}\" width=\"100%\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\"><title id=\"{id}-title\">{} over time</title><desc id=\"{id}-desc\">{} Values by period: {}.</desc>",
        esc(&goal.def.label),
        esc(&goal.summary),
        esc(&values.join("; "))
    );
    axes(&mut s, goal, lo, hi, &unit, &y);
    let points: Vec<(f64, f64)> = goal.history.iter().enumerate().map(|(i, o)| (x(i), y(o.value))).collect();
    if points.len() > 1 {
        let base = y(lo);
        let mut area = format!("M{} {}", n(points[0].0), n(base));
        for (px, py) in &points {
            let _ = write!(area, " L{} {}", n(*px), n(*py));
        }
        let _ = write!(area, " L{} {} Z", n(points[points.len() - 1].0), n(base));
        let _ = write!(s, "<path class=\"chart-area\" d=\"{area}\" fill=\"currentColor\" fill-opacity=\"0.12\"/>");
        let line: Vec<String> = points.iter().map(|(px, py)| format!("{},{}", n(*px), n(*py))).collect();
        let _ = write!(
            s,
            "<polyline class=\"chart-line\" points=\"{}\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"3\"/>",
            line.join(" ")
        );
    }
    for ((px, py), v) in points.iter().zip(&values) {
        let _ = write!(
            s,
            "<circle class=\"chart-point\" cx=\"{}\" cy=\"{}\" r=\"5\" fill=\"currentColor\"><title>{}</title></circle>",
            n(*px),
            n(*py),
            esc(v)
        );
    }
    x_labels(&mut s, goal, &x);
    s.push_str("</svg>");
    s
}

fn axes(s: &mut String, goal: &GoalProgress, lo: f64, hi: f64, unit: &str, y: &dyn Fn(f64) -> f64) {
    for v in [lo, hi] {
        let _ = write!(
            s,
            "<line class=\"chart-grid\" x1=\"{LEFT}\" x2=\"{}\" y1=\"{}\" y2=\"{}\" stroke=\"currentColor\" stroke-opacity=\"0.2\"/><text class=\"chart-label\" x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"13\" fill=\"currentColor\">{}</text>",
            W - RIGHT,
            n(y(v)),
            n(y(v)),
            LEFT - 8.0,
            n(y(v) + 4.0),
            esc(&format_number(v))
        );
    }
    let ty = n(y(goal.def.target));
    let _ = write!(
        s,
        "<line class=\"chart-target\" x1=\"{LEFT}\" x2=\"{}\" y1=\"{ty}\" y2=\"{ty}\" stroke=\"currentColor\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/><text class=\"chart-target-label\" x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"13\" fill=\"currentColor\">Target {}{}</text>",
        W - RIGHT,
        W - RIGHT,
        n(y(goal.def.target) - 6.0),
        esc(&format_number(goal.def.target)),
        esc(unit)
    );
    let by = n(y(goal.def.baseline));
    let _ = write!(
        s,
        "<line class=\"chart-baseline\" x1=\"{LEFT}\" x2=\"{}\" y1=\"{by}\" y2=\"{by}\" stroke=\"currentColor\" stroke-opacity=\"0.5\"/>",
        W - RIGHT
    );
    let _ = write!(
        s,
        "<line class=\"chart-axis\" x1=\"{LEFT}\" x2=\"{LEFT}\" y1=\"{TOP}\" y2=\"{}\" stroke=\"currentColor\"/>",
        H - BOTTOM
    );
}

fn x_labels(s: &mut String, goal: &GoalProgress, x: &dyn Fn(usize) -> f64) {
    let count = goal.history.len();
    let step = count.div_ceil(8).max(1);
    for (i, o) in goal.history.iter().enumerate() {
        if i % step != 0 && i != count - 1 {
            continue;
        }
        let _ = write!(
            s,
            "<text class=\"chart-label\" x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"13\" fill=\"currentColor\">{}</text>",
            n(x(i)),
            H - BOTTOM + 22.0,
            esc(&o.period)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::goals::{Direction, GoalDef, Observation, compute};
    use jiff::civil::date;

    fn goal(values: &[f64], direction: Direction) -> GoalProgress {
        let (target, baseline) = if direction == Direction::Up { (120.0, 0.0) } else { (10.0, 100.0) };
        let def = GoalDef {
            key: "river_km".into(),
            label: "Kilometres <restored>".into(),
            target,
            unit: Some("km".into()),
            baseline,
            deadline: Some(date(2030, 12, 31)),
            direction,
        };
        let history = values
            .iter()
            .enumerate()
            .map(|(i, v)| Observation {
                date: date(2025, 3 * i as i8 + 1, 5),
                period: format!("2025-Q{}", i + 1),
                value: *v,
                report_url: "/r/".into(),
            })
            .collect();
        compute(def, history)
    }

    #[test]
    fn bar_snapshots() {
        insta::assert_snapshot!(progress_bar(&goal(&[30.0, 42.5], Direction::Up)));
        insta::assert_snapshot!(progress_bar(&goal(&[], Direction::Up)));
    }

    #[test]
    fn chart_snapshots() {
        insta::assert_snapshot!(history_chart(&goal(&[12.0, 30.0, 42.5], Direction::Up)));
        insta::assert_snapshot!(history_chart(&goal(&[80.0, 61.0], Direction::Down)));
        insta::assert_snapshot!(history_chart(&goal(&[5.0], Direction::Up)));
    }

    #[test]
    fn no_history_no_chart_and_text_is_escaped() {
        assert_eq!(history_chart(&goal(&[], Direction::Up)), "");
        let c = history_chart(&goal(&[1.0, 2.0], Direction::Up));
        assert!(c.contains("Kilometres &lt;restored&gt;") && !c.contains("<restored>"));
        assert!(!c.contains("NaN") && !c.contains("inf"));
    }

    #[test]
    fn numbers_have_two_decimals_at_most() {
        assert_eq!(n(1.23456), "1.23");
        assert_eq!(n(3.0), "3");
        assert_eq!(n(2.5), "2.5");
    }
}
