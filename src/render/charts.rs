//! Progress bars and history charts as inline SVG, drawn at build time (no JavaScript).
//!
//! Both functions are pure: a [`GoalProgress`] in, a string of SVG markup out, ready to be put
//! into an HTML page as is. All text is escaped; every number in an attribute has at most two
//! decimals; neither function ever prints NaN or infinity.
//!
//! # Accessibility
//!
//! Each SVG has `role="img"` and an accessible name. The bar's name (`aria-label`) is the goal's
//! summary sentence. The chart is named by its own `<title>` and `<desc>` through
//! `aria-labelledby`; their ids are `chart-{key}-title` and `chart-{key}-desc`, where `{key}` is
//! the goal key lowercased with every run of characters outside `[a-z0-9]` turned into one `-`
//! (distinct goal keys should stay distinct after that, as they do for `#goal-{key}` anchors).
//! A goal without history gets no chart at all: [`history_chart`] returns an empty string, and the
//! page shows the bar (which says "No data yet") and its text instead.
//!
//! # Styling
//!
//! Colours come from the theme's CSS (light and dark schemes alike): CSS beats the presentation
//! attributes in the markup, which are only fallbacks for a page without the theme's styles. The
//! class names:
//!
//! | class | element |
//! | --- | --- |
//! | `progress` | the bar's `<svg>` (give it a height; its `color` is the fallback fill) |
//! | `bar-track` | the bar's full-width background `<rect>` |
//! | `bar-track--empty` | added to the track when there is no data: a dashed outline, no fill |
//! | `bar-fill` | the filled part, `percent` wide |
//! | `bar-fill--achieved`, `bar-fill--on_track`, `bar-fill--behind` | added to the fill by status |
//! | `chart` | the chart's `<svg>` (`height: auto` keeps its 640×240 proportions) |
//! | `chart-grid` | the faint horizontal lines at the lowest and highest value |
//! | `chart-axis` | the vertical axis line |
//! | `chart-label` | the axis labels: values (y) and periods (x) |
//! | `chart-target` | the dashed line at the target |
//! | `chart-target-label` | the "Target 120 km" text above it |
//! | `chart-baseline` | the line at the baseline |
//! | `chart-area` | the shaded area under the history line |
//! | `chart-line` | the history line, oldest to newest |
//! | `chart-point` | one circle per report, with a `<title>` such as "2026-Q1: 42.5 km" |
//!
//! The presentation attributes are `fill="currentColor"` / `stroke="currentColor"` (so an
//! unstyled page draws in the text colour), the bar track's neutral grey `#9ca3af`, and these
//! opacities, which a theme's `fill` or `stroke` keeps: `chart-area` 0.12, `chart-grid` 0.2,
//! `chart-baseline` 0.5 (a theme changes them with `fill-opacity` / `stroke-opacity`).
//! Rounded bar ends are the theme's choice (`svg.progress { border-radius: 999px }`): the bar
//! stretches to any width with `preserveAspectRatio="none"`, which would distort rounding drawn
//! into the markup.

use std::fmt::Write;

use crate::format::Formatter;
use crate::model::goals::{GoalProgress, Status};

use crate::format::escape_html as esc;

/// A number for an SVG attribute: at most two decimals, no trailing zeros, never `-0`.
fn n(v: f64) -> String {
    if !v.is_finite() {
        return "0".into();
    }
    let text = format!("{:.2}", (v * 100.0).round() / 100.0);
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" { "0".into() } else { text.into() }
}

/// The goal key as an id fragment: lowercase `[a-z0-9-]`, never empty.
fn id_fragment(key: &str) -> String {
    super::views::goal_anchor(key)
}

/// Values of one goal, in its unit, as the page's language writes them.
struct Values<'a> {
    f: &'a Formatter,
    unit: Option<&'a str>,
}

impl Values<'_> {
    fn of(&self, v: f64) -> String {
        self.f.quantity(v, self.unit)
    }
}

fn status_class(status: Status) -> &'static str {
    match status {
        Status::Achieved => "achieved",
        Status::OnTrack => "on_track",
        Status::Behind => "behind",
        Status::NoData => "no_data",
    }
}

/// A horizontal bar, `percent` full, named by the goal's summary; a dashed empty track without
/// data. The bar is 100×8 user units stretched to the width of its box; CSS sets its height.
pub fn progress_bar(goal: &GoalProgress) -> String {
    bar(goal.percent, status_class(goal.status), &goal.summary)
}

/// A progress bar `percent` full (a dashed empty track for `None`), its fill classed
/// `bar-fill--{modifier}`, named by `label`. Campaigns use it as goals do.
pub fn bar(percent: Option<u32>, modifier: &str, label: &str) -> String {
    let mut s = format!(
        "<svg class=\"progress\" viewBox=\"0 0 100 8\" preserveAspectRatio=\"none\" width=\"100%\" height=\"12\" \
         role=\"img\" aria-label=\"{}\">",
        esc(label)
    );
    match percent {
        Some(p) => {
            let _ = write!(
                s,
                "<rect class=\"bar-track\" width=\"100\" height=\"8\" fill=\"#9ca3af\"/>\
                 <rect class=\"bar-fill bar-fill--{}\" width=\"{}\" height=\"8\" fill=\"currentColor\"/>",
                esc(modifier),
                p.min(100)
            );
        }
        None => s.push_str(
            "<rect class=\"bar-track bar-track--empty\" x=\"0.5\" y=\"0.5\" width=\"99\" height=\"7\" fill=\"none\" \
             stroke=\"currentColor\" stroke-dasharray=\"2 2\" vector-effect=\"non-scaling-stroke\"/>",
        ),
    }
    s.push_str("</svg>");
    s
}

/// The chart's viewBox and the plot area inside it.
const W: f64 = 640.0;
const H: f64 = 240.0;
const LEFT: f64 = 72.0;
const RIGHT: f64 = 40.0;
const TOP: f64 = 24.0;
const BOTTOM: f64 = 40.0;
/// At most this many period labels on the x axis; the others are skipped (the newest never is).
const MAX_X_LABELS: usize = 8;

/// Maps values and report indexes to chart coordinates.
struct Scale {
    lo: f64,
    hi: f64,
    count: usize,
}

impl Scale {
    /// A y range holding every value, the target and the baseline; a flat range is widened so
    /// there is never a division by zero.
    fn new(goal: &GoalProgress) -> Scale {
        let values = goal.history.iter().map(|o| o.value).chain([goal.def.target, goal.def.baseline]);
        let (lo, hi) = values
            .filter(|v| v.is_finite())
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)));
        let (lo, hi) = if lo > hi { (0.0, 1.0) } else { (lo, hi) };
        let pad = (hi.abs().max(lo.abs()) * 0.1).max(1.0);
        let (lo, hi) = if hi - lo < 1e-9 { (lo - pad, hi + pad) } else { (lo, hi) };
        Scale { lo, hi, count: goal.history.len() }
    }

    fn x(&self, i: usize) -> f64 {
        if self.count < 2 {
            return LEFT + (W - LEFT - RIGHT) / 2.0;
        }
        LEFT + (W - LEFT - RIGHT) * i as f64 / (self.count - 1) as f64
    }

    fn y(&self, v: f64) -> f64 {
        let v = if v.is_finite() { v } else { self.lo };
        TOP + (H - TOP - BOTTOM) * (1.0 - (v - self.lo) / (self.hi - self.lo))
    }
}

/// A line chart of the goal's history, oldest to newest, with the target (dashed) and the
/// baseline; an empty string when the goal has no history.
/// Numbers are written by `f`, for the page's language.
pub fn history_chart(goal: &GoalProgress, f: &Formatter) -> String {
    if goal.history.is_empty() {
        return String::new();
    }
    let id = format!("chart-{}", id_fragment(&goal.def.key));
    let unit = Values { f, unit: goal.def.unit.as_deref() };
    let scale = Scale::new(goal);
    let mut s = format!(
        "<svg class=\"chart\" viewBox=\"0 0 {W} {H}\" width=\"100%\" role=\"img\" \
         aria-labelledby=\"{id}-title {id}-desc\"><title id=\"{id}-title\">{}: history</title>\
         <desc id=\"{id}-desc\">{}</desc>",
        esc(&goal.def.label),
        esc(&description(goal, &unit))
    );
    y_axis(&mut s, &scale, f);
    reference_lines(&mut s, goal, &scale, &unit);
    series(&mut s, goal, &scale, &unit);
    x_labels(&mut s, goal, &scale);
    s.push_str("</svg>");
    s
}

/// The chart's long text alternative: the summary, every value and the target.
fn description(goal: &GoalProgress, unit: &Values) -> String {
    let values: Vec<String> = goal.history.iter().map(|o| point_text(&o.period, o.value, unit)).collect();
    format!(
        "{} Values by period: {}. Target: {}; baseline: {}.",
        goal.summary,
        values.join("; "),
        unit.of(goal.def.target),
        unit.of(goal.def.baseline)
    )
}

/// "2026-Q1: 42.5 km".
fn point_text(period: &str, value: f64, unit: &Values) -> String {
    format!("{period}: {}", unit.of(value))
}

/// The vertical axis, and faint grid lines labelled with the lowest and highest value.
fn y_axis(s: &mut String, scale: &Scale, f: &Formatter) {
    let _ = write!(
        s,
        "<line class=\"chart-axis\" x1=\"{LEFT}\" x2=\"{LEFT}\" y1=\"{TOP}\" y2=\"{}\" stroke=\"currentColor\"/>",
        H - BOTTOM
    );
    for v in [scale.lo, scale.hi] {
        let y = scale.y(v);
        let _ = write!(
            s,
            "<line class=\"chart-grid\" x1=\"{LEFT}\" x2=\"{}\" y1=\"{y}\" y2=\"{y}\" stroke=\"currentColor\" \
             stroke-opacity=\"0.2\"/><text class=\"chart-label\" x=\"{}\" y=\"{}\" text-anchor=\"end\" \
             font-size=\"12\" fill=\"currentColor\">{}</text>",
            W - RIGHT,
            LEFT - 8.0,
            n(y + 4.0),
            esc(&f.number(v)),
            y = n(y)
        );
    }
}

/// The baseline and the dashed target line with its label.
fn reference_lines(s: &mut String, goal: &GoalProgress, scale: &Scale, unit: &Values) {
    if goal.def.baseline.is_finite() {
        let y = n(scale.y(goal.def.baseline));
        let _ = write!(
            s,
            "<line class=\"chart-baseline\" x1=\"{LEFT}\" x2=\"{}\" y1=\"{y}\" y2=\"{y}\" stroke=\"currentColor\" \
             stroke-opacity=\"0.5\"/>",
            W - RIGHT
        );
    }
    if goal.def.target.is_finite() {
        let y = scale.y(goal.def.target);
        let _ = write!(
            s,
            "<line class=\"chart-target\" x1=\"{LEFT}\" x2=\"{}\" y1=\"{}\" y2=\"{}\" stroke=\"currentColor\" \
             stroke-width=\"2\" stroke-dasharray=\"6 4\"/><text class=\"chart-target-label\" x=\"{}\" y=\"{}\" \
             text-anchor=\"end\" font-size=\"12\" fill=\"currentColor\">Target {}</text>",
            W - RIGHT,
            n(y),
            n(y),
            W - RIGHT,
            n(y - 6.0),
            esc(&unit.of(goal.def.target))
        );
    }
}

/// The shaded area, the line and one titled point per report.
fn series(s: &mut String, goal: &GoalProgress, scale: &Scale, unit: &Values) {
    let points: Vec<(String, String)> =
        goal.history.iter().enumerate().map(|(i, o)| (n(scale.x(i)), n(scale.y(o.value)))).collect();
    if points.len() > 1 {
        let floor = n(scale.y(scale.lo));
        let line: Vec<String> = points.iter().map(|(x, y)| format!("{x},{y}")).collect();
        let (first_x, last_x) = (&points[0].0, &points[points.len() - 1].0);
        let _ = write!(
            s,
            "<path class=\"chart-area\" d=\"M{first_x},{floor} L{} L{last_x},{floor} Z\" fill=\"currentColor\" \
             fill-opacity=\"0.12\"/><polyline class=\"chart-line\" points=\"{}\" fill=\"none\" \
             stroke=\"currentColor\" stroke-width=\"3\" stroke-linejoin=\"round\"/>",
            line.join(" L"),
            line.join(" ")
        );
    }
    for ((x, y), o) in points.iter().zip(&goal.history) {
        let _ = write!(
            s,
            "<circle class=\"chart-point\" cx=\"{x}\" cy=\"{y}\" r=\"5\" fill=\"currentColor\"><title>{}</title></circle>",
            esc(&point_text(&o.period, o.value, unit))
        );
    }
}

/// The periods under the x axis, thinned out to at most [`MAX_X_LABELS`], always with the newest.
fn x_labels(s: &mut String, goal: &GoalProgress, scale: &Scale) {
    let count = goal.history.len();
    let step = count.div_ceil(MAX_X_LABELS).max(1);
    for (i, o) in goal.history.iter().enumerate() {
        let newest = i + 1 == count;
        // Skip a label that would crowd the newest one.
        if !newest && (i % step != 0 || (i + step > count - 1 && i != 0 && step > 1)) {
            continue;
        }
        let _ = write!(
            s,
            "<text class=\"chart-label\" x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"12\" \
             fill=\"currentColor\">{}</text>",
            n(scale.x(i)),
            H - BOTTOM + 22.0,
            esc(&o.period)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn en() -> std::rc::Rc<Formatter> {
        Formatter::for_lang("en")
    }
    use crate::model::goals::{Direction, GoalDef, Observation, compute};
    use jiff::civil::date;

    fn goal_with(key: &str, target: f64, baseline: f64, direction: Direction, values: &[f64]) -> GoalProgress {
        let (label, unit) = match direction {
            Direction::Up => ("Kilometres of river restored", "km"),
            Direction::Down => ("Waste sent to landfill", "tonnes"),
        };
        let def = GoalDef {
            key: key.into(),
            label: label.into(),
            target,
            unit: Some(unit.into()),
            baseline,
            deadline: Some(date(2030, 12, 31)),
            direction,
        };
        let history = values
            .iter()
            .enumerate()
            .map(|(i, v)| Observation {
                date: date(2025 + (i / 4) as i16, 3 * (i % 4) as i8 + 1, 5),
                period: format!("{}-Q{}", 2025 + i / 4, i % 4 + 1),
                value: *v,
                report_url: "/impact/r/".into(),
            })
            .collect();
        compute(def, history)
    }

    fn up(values: &[f64]) -> GoalProgress {
        goal_with("river_km_restored", 120.0, 0.0, Direction::Up, values)
    }

    fn down(values: &[f64]) -> GoalProgress {
        goal_with("waste_tonnes", 10.0, 100.0, Direction::Down, values)
    }

    /// One element per line, so snapshots read well.
    fn pretty(svg: &str) -> String {
        svg.replace("><", ">\n<")
    }

    /// Every number in an attribute value has at most two decimals, and none is NaN or infinite.
    fn assert_tidy_numbers(svg: &str) {
        assert!(!svg.contains("NaN") && !svg.contains("inf"), "{svg}");
        for attr in svg.split('"').skip(1).step_by(2) {
            for word in attr.split([' ', ',', 'M', 'L', 'Z']) {
                if word.parse::<f64>().is_ok() {
                    let decimals = word.split_once('.').map_or(0, |(_, f)| f.len());
                    assert!(decimals <= 2, "{word} in {attr}");
                }
            }
        }
    }

    #[test]
    fn bar_typical() {
        let bar = progress_bar(&up(&[12.0, 30.0, 42.5]));
        assert_tidy_numbers(&bar);
        insta::assert_snapshot!("bar_typical", pretty(&bar));
    }

    #[test]
    fn bar_single_point() {
        insta::assert_snapshot!("bar_single_point", pretty(&progress_bar(&up(&[42.5]))));
    }

    #[test]
    fn bar_no_data() {
        insta::assert_snapshot!("bar_no_data", pretty(&progress_bar(&up(&[]))));
    }

    #[test]
    fn bar_down_goal() {
        insta::assert_snapshot!("bar_down_goal", pretty(&progress_bar(&down(&[80.0, 61.0]))));
    }

    #[test]
    fn bar_classes_follow_status() {
        assert!(progress_bar(&up(&[10.0, 130.0])).contains("bar-fill bar-fill--achieved\" width=\"100\""));
        assert!(progress_bar(&up(&[10.0, 10.5, 11.0])).contains("bar-fill bar-fill--behind\""));
        assert!(progress_bar(&up(&[-20.0])).contains("width=\"0\""), "a negative progress is an empty fill");
        let flat = goal_with("k", 5.0, 5.0, Direction::Up, &[5.0]);
        assert!(progress_bar(&flat).contains("bar-track--empty"), "target == baseline draws no fill");
    }

    #[test]
    fn chart_typical() {
        let chart = history_chart(&up(&[12.0, 30.0, 42.5]), &en());
        assert_tidy_numbers(&chart);
        insta::assert_snapshot!("chart_typical", pretty(&chart));
    }

    #[test]
    fn chart_single_point() {
        let chart = history_chart(&up(&[42.5]), &en());
        assert!(!chart.contains("chart-line") && !chart.contains("chart-area"));
        insta::assert_snapshot!("chart_single_point", pretty(&chart));
    }

    #[test]
    fn chart_no_data_is_empty() {
        assert_eq!(history_chart(&up(&[]), &en()), "");
    }

    #[test]
    fn chart_down_goal() {
        let chart = history_chart(&down(&[80.0, 61.0, 64.5, 40.0]), &en());
        assert_tidy_numbers(&chart);
        insta::assert_snapshot!("chart_down_goal", pretty(&chart));
    }

    #[test]
    fn chart_flat_values_have_a_range() {
        let chart = history_chart(&goal_with("k", 5.0, 5.0, Direction::Up, &[5.0, 5.0, 5.0]), &en());
        assert_tidy_numbers(&chart);
        assert!(chart.contains(">4</text>") && chart.contains(">6</text>"), "{chart}");
        assert!(chart.contains("cy=\"112\""), "the flat line sits mid-height: {chart}");
    }

    #[test]
    fn chart_negative_and_beyond_target() {
        let chart = history_chart(&goal_with("net", 50.0, -20.5, Direction::Up, &[-20.5, -3.25, 75.0]), &en());
        assert_tidy_numbers(&chart);
        assert!(chart.contains(">-20.5</text>") && chart.contains(">75</text>"), "{chart}");
        assert!(chart.contains("<title>2025-Q2: -3.25 km</title>"));
        let top = format!("cy=\"{TOP}\"");
        assert!(chart.contains(&top), "the value beyond the target is the top of the chart");
    }

    #[test]
    fn chart_is_accessible_and_escaped() {
        let mut g = goal_with("Rivers & \"Lakes\"_2030!", 120.0, 0.0, Direction::Up, &[1.0, 2.0]);
        g.def.label = "Rivers <restored> & 'kept'".into();
        g.history[0].period = "Q1 <draft>".into();
        let chart = history_chart(&g, &en());
        assert!(
            chart.contains(
                "role=\"img\" aria-labelledby=\"chart-rivers-lakes-2030-title chart-rivers-lakes-2030-desc\""
            )
        );
        assert!(
            chart.contains("<title id=\"chart-rivers-lakes-2030-title\">Rivers &lt;restored&gt; &amp; &#39;kept&#39;")
        );
        assert!(chart.contains("<desc id=\"chart-rivers-lakes-2030-desc\">"));
        assert!(chart.contains("Q1 &lt;draft&gt;") && !chart.contains("<draft>"));
        let bar = progress_bar(&g);
        assert!(bar.contains("role=\"img\" aria-label=\"2 of 120 km (2%), behind the pace for 31 December 2030.\""));
    }

    #[test]
    fn many_periods_are_thinned_but_keep_the_newest() {
        let values: Vec<f64> = (0..20).map(f64::from).collect();
        let chart = history_chart(&up(&values), &en());
        let labels = chart.matches("text-anchor=\"middle\"").count();
        assert!(labels <= MAX_X_LABELS, "{labels} labels");
        assert!(chart.contains(">2025-Q1</text>") && chart.contains(">2029-Q4</text>"));
        assert_eq!(chart.matches("<circle").count(), 20, "every report keeps its point");
    }

    #[test]
    fn helpers() {
        assert_eq!(n(1.23456), "1.23");
        assert_eq!(n(3.0), "3");
        assert_eq!(n(2.5), "2.5");
        assert_eq!(n(-0.001), "0");
        assert_eq!(n(f64::NAN), "0");
        assert_eq!(id_fragment("River_KM restored"), "river_km-restored");
        assert_eq!(id_fragment("!!"), "goal");
        // the chart of a goal has the id its `#goal-KEY` anchor has
        assert_eq!(id_fragment("été_km"), "été_km");
        assert_eq!(id_fragment("été_km"), super::super::views::goal_anchor("été_km"));
        assert_eq!(esc("a&b<c>\"d\"'e'\u{7}"), "a&amp;b&lt;c&gt;&quot;d&quot;&#39;e&#39;");
    }
}
