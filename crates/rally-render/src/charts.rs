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
//! | `chart` | the chart's `<svg>` (`height: auto` keeps its 280×190 proportions, 280×207 with periods on two lines) |
//! | `chart-grid` | the faint horizontal line at every y tick |
//! | `chart-label` | the axis labels: values (y) and periods (x), and the deadline's year |
//! | `chart-legend` | the legend's words ("Reported", "Pace to target") |
//! | `chart-target` | the dashed line at the target |
//! | `chart-target-label` | the "Target 120 km" text beside it |
//! | `chart-pace` | the pace needed: from the first report to the target at the deadline (a `<polyline>` bent where the time axis bends) |
//! | `chart-goal` | the ring at the target on the deadline, where the pace line ends |
//! | `chart-area` | the shaded area under the history line (goals going up only) |
//! | `chart-line` | the history line, oldest to newest (and its legend swatch) |
//! | `chart-value` | the newest value, written beside its point |
//! | `chart-point` | one circle per report, with a `<title>` such as "2026-Q1: 42.5 km" |
//!
//! The presentation attributes are `fill="currentColor"` / `stroke="currentColor"` (so an
//! unstyled page draws in the text colour), the bar track's neutral grey `#9ca3af`, and these
//! opacities, which a theme's `fill` or `stroke` keeps: `chart-area` 0.12 and `chart-grid` 0.2 (a
//! theme changes them with `fill-opacity` / `stroke-opacity`). The baseline has no line of its
//! own: every horizontal line of a chart is labelled, and the text alternative gives the baseline.
//! Rounded bar ends are the theme's choice (`svg.progress { border-radius: 999px }`): the bar
//! stretches to any width with `preserveAspectRatio="none"`, which would distort rounding drawn
//! into the markup.

use std::fmt::Write;

use super::phrases::Words;
use rally_core::format::Formatter;
use rally_core::model::goals::{GoalProgress, Status};

use rally_core::format::escape_html;

/// A number for an SVG attribute: at most two decimals, no trailing zeros, never `-0`.
fn n(v: f64) -> String {
    if !v.is_finite() {
        return "0".into();
    }
    let text = format!("{:.2}", (v * 100.0).round() / 100.0);
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" { "0".into() } else { text.into() }
}

/// The goal key as an id fragment: the goal's anchor, so `#goal-KEY` and its chart agree.
fn id_fragment(key: &str) -> String {
    super::views::goal_anchor(key)
}

/// Values of one goal, in its unit, as the page's language writes them.
struct Values<'a> {
    f: &'a Formatter,
    words: &'a Words<'a>,
    unit: Option<&'a str>,
    format: rally_core::format::NumberFormat,
}

impl Values<'_> {
    fn of(&self, v: f64) -> String {
        self.f.amount(v, self.unit, self.format)
    }

    /// A value on the chart's axis, whose unit is written once beside it.
    fn tick(&self, v: f64) -> String {
        self.f.figure(v, self.unit, self.format)
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
pub fn progress_bar(goal: &GoalProgress, summary: &str) -> String {
    bar(goal.percent, status_class(goal.status), summary)
}

/// A progress bar `percent` full (a dashed empty track for `None`), its fill classed
/// `bar-fill--{modifier}`, named by `label`. Campaigns use it as goals do.
pub fn bar(percent: Option<u32>, modifier: &str, label: &str) -> String {
    let mut s = format!(
        "<svg class=\"progress\" viewBox=\"0 0 100 8\" preserveAspectRatio=\"none\" width=\"100%\" height=\"12\" \
         role=\"img\" aria-label=\"{}\">",
        escape_html(label)
    );
    match percent {
        Some(p) => {
            let _ = write!(
                s,
                "<rect class=\"bar-track\" width=\"100\" height=\"8\" fill=\"#9ca3af\"/>\
                 <rect class=\"bar-fill bar-fill--{}\" width=\"{}\" height=\"8\" fill=\"currentColor\"/>",
                escape_html(modifier),
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

mod layout;

use layout::{FONT, Layout, RIGHT, W};

/// A line chart of the goal's history, oldest to newest, on a time axis that runs to the
/// deadline: nice y ticks with gridlines, the target (dashed), the pace needed to reach it by the
/// deadline (from the first report), and the newest value written beside its point. An empty
/// string when the goal has no history.
pub fn history_chart(goal: &GoalProgress, words: &Words, summary: &str) -> String {
    if goal.history.is_empty() {
        return String::new();
    }
    let id = format!("chart-{}", id_fragment(&goal.def.key));
    let unit = Values { f: words.format(), words, unit: goal.def.unit.as_deref(), format: goal.def.format };
    let layout = Layout::new(goal, &unit);
    let mut s = format!(
        "<svg class=\"chart\" viewBox=\"0 0 {W} {}\" width=\"100%\" role=\"img\" \
         aria-labelledby=\"{id}-title {id}-desc\"><title id=\"{id}-title\">{}</title>\
         <desc id=\"{id}-desc\">{}</desc>",
        n(layout.height),
        escape_html(&words.say("chart_title", &[("label", words.smarten(&goal.def.label))])),
        escape_html(&description(goal, &unit, summary))
    );
    grid(&mut s, &layout);
    series(&mut s, goal, &layout, &unit);
    legend(&mut s, &layout);
    for l in &layout.labels.placed {
        let _ = write!(
            s,
            "<text class=\"{}\" x=\"{}\" y=\"{}\" text-anchor=\"{}\" font-size=\"{FONT}\" fill=\"currentColor\">{}</text>",
            l.class,
            n(l.x),
            n(l.y),
            l.anchor,
            escape_html(&l.text)
        );
    }
    s.push_str("</svg>");
    s
}

/// The chart's long text alternative: the summary, every value, the target and the pace.
fn description(goal: &GoalProgress, unit: &Values, summary: &str) -> String {
    let values: Vec<String> = goal.history.iter().map(|o| point_text(&o.period, o.value, unit)).collect();
    let w = unit.words;
    let mut text = format!(
        "{summary} {} {}",
        w.say("chart_values", &[("values", values.join(&w.say("list_separator", &[])))]),
        w.say(
            "chart_target_baseline",
            &[("target", unit.of(goal.def.target)), ("baseline", unit.of(goal.def.baseline))]
        )
    );
    if let Some(expected) = goal.expected.filter(|_| goal.history.len() > 1) {
        let _ = write!(text, " {}", w.say("chart_pace", &[("value", unit.of(expected))]));
    }
    text
}

/// "2026-Q1: 42.5 km" ("2026-Q1 : 42,5 km" in French).
fn point_text(period: &str, value: f64, unit: &Values) -> String {
    unit.words.say("chart_point", &[("period", period.to_string()), ("value", unit.of(value))])
}

/// A gridline at every y tick, and the baseline and target lines.
fn grid(s: &mut String, layout: &Layout) {
    let (x1, x2) = (n(layout.left), n(W - RIGHT));
    for t in &layout.ticks {
        let y = n(layout.y(*t));
        let _ = write!(
            s,
            "<line class=\"chart-grid\" x1=\"{x1}\" x2=\"{x2}\" y1=\"{y}\" y2=\"{y}\" stroke=\"currentColor\" \
             stroke-opacity=\"0.2\"/>"
        );
    }
    if let Some(y) = layout.target_y {
        let y = n(y);
        let _ = write!(
            s,
            "<line class=\"chart-target\" x1=\"{x1}\" x2=\"{x2}\" y1=\"{y}\" y2=\"{y}\" stroke=\"currentColor\" \
             stroke-width=\"1.5\" stroke-dasharray=\"2 3\"/>"
        );
    }
}

/// The legend's swatches (its words are labels).
fn legend(s: &mut String, layout: &Layout) {
    s.push_str(
        "<line class=\"chart-line\" x1=\"2\" x2=\"18\" y1=\"12\" y2=\"12\" stroke=\"currentColor\" stroke-width=\"3\"/>",
    );
    if layout.pace.is_some() {
        s.push_str(
            "<line class=\"chart-pace\" x1=\"106\" x2=\"122\" y1=\"12\" y2=\"12\" stroke=\"currentColor\" \
             stroke-width=\"2\" stroke-dasharray=\"5 4\"/>",
        );
    }
}

/// The pace line and the target at the deadline, the shaded area (for goals going up), the line,
/// and one titled point per report.
fn series(s: &mut String, goal: &GoalProgress, layout: &Layout, unit: &Values) {
    if let Some((_, (x2, y2))) = layout.pace {
        // A straight line, or a bent one where the time axis has a knee.
        let shape = match layout.pace_points().as_slice() {
            [(x1, y1), (x2, y2)] => format!(
                "<line class=\"chart-pace\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"",
                n(*x1),
                n(*y1),
                n(*x2),
                n(*y2)
            ),
            line => {
                let line: Vec<String> = line.iter().map(|(x, y)| format!("{},{}", n(*x), n(*y))).collect();
                format!("<polyline class=\"chart-pace\" points=\"{}\" fill=\"none\"", line.join(" "))
            }
        };
        let _ = write!(
            s,
            "{shape} stroke=\"currentColor\" stroke-width=\"2\" stroke-dasharray=\"5 4\"/>\
             <circle class=\"chart-goal\" cx=\"{}\" cy=\"{}\" r=\"5\" fill=\"none\" stroke=\"currentColor\" \
             stroke-width=\"2\"/>",
            n(x2),
            n(y2)
        );
    }
    let points: Vec<(String, String)> = layout.points.iter().map(|(x, y)| (n(*x), n(*y))).collect();
    if points.len() > 1 {
        let line: Vec<String> = points.iter().map(|(x, y)| format!("{x},{y}")).collect();
        if goal.def.direction == rally_core::model::goals::Direction::Up {
            let floor = n(layout.y(layout.lo));
            let (first_x, last_x) = (&points[0].0, &points[points.len() - 1].0);
            let _ = write!(
                s,
                "<path class=\"chart-area\" d=\"M{first_x},{floor} L{} L{last_x},{floor} Z\" fill=\"currentColor\" \
                 fill-opacity=\"0.12\"/>",
                line.join(" L")
            );
        }
        let _ = write!(
            s,
            "<polyline class=\"chart-line\" points=\"{}\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"3\" \
             stroke-linejoin=\"round\"/>",
            line.join(" ")
        );
    }
    for ((x, y), o) in points.iter().zip(&goal.history) {
        let _ = write!(
            s,
            "<circle class=\"chart-point\" cx=\"{x}\" cy=\"{y}\" r=\"5\" fill=\"currentColor\"><title>{}</title></circle>",
            escape_html(&point_text(&o.period, o.value, unit))
        );
    }
}

#[cfg(test)]
mod tests {
    use super::layout::*;
    use super::*;

    fn en() -> Words<'static> {
        Words::new(crate::strings::builtin(), "en")
    }

    fn chart_of(g: &GoalProgress) -> String {
        let w = en();
        history_chart(g, &w, &w.goal_summary(g))
    }

    fn progress_bar(g: &GoalProgress) -> String {
        super::progress_bar(g, &en().goal_summary(g))
    }
    use jiff::civil::date;
    use rally_core::model::goals::{Direction, GoalDef, Observation, compute};

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
            format: Default::default(),
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
        let chart = chart_of(&up(&[12.0, 30.0, 42.5]));
        assert_tidy_numbers(&chart);
        insta::assert_snapshot!("chart_typical", pretty(&chart));
    }

    #[test]
    fn chart_single_point() {
        let chart = chart_of(&up(&[42.5]));
        assert!(!chart.contains("<polyline") && !chart.contains("chart-area"), "one report draws no line");
        insta::assert_snapshot!("chart_single_point", pretty(&chart));
    }

    #[test]
    fn chart_no_data_is_empty() {
        assert_eq!(chart_of(&up(&[])), "");
    }

    #[test]
    fn chart_down_goal() {
        let chart = chart_of(&down(&[80.0, 61.0, 64.5, 40.0]));
        assert_tidy_numbers(&chart);
        insta::assert_snapshot!("chart_down_goal", pretty(&chart));
    }

    /// Every text box of the chart, from the rendered markup's labels.
    fn boxes(goal: &GoalProgress) -> Vec<(String, TextBox)> {
        boxes_and_height(goal).0
    }

    /// Every text box of the chart, and the chart's height.
    fn boxes_and_height(goal: &GoalProgress) -> (Vec<(String, TextBox)>, f64) {
        let layout = Layout::new(
            goal,
            &Values { f: en().format(), words: &en(), unit: goal.def.unit.as_deref(), format: goal.def.format },
        );
        (layout.labels.placed.iter().map(|l| (l.text.clone(), l.bounds())).collect(), layout.height)
    }

    fn assert_no_overlaps(goal: &GoalProgress) {
        let (boxes, height) = boxes_and_height(goal);
        for (i, (a, ba)) in boxes.iter().enumerate() {
            assert!(ba.inside(height), "{a} leaves the chart: {ba:?}");
            for (b, bb) in &boxes[i + 1..] {
                assert!(!ba.overlaps(bb), "{a} overlaps {b}");
            }
        }
    }

    #[test]
    fn chart_flat_values_have_a_range() {
        let chart = chart_of(&goal_with("k", 5.0, 5.0, Direction::Up, &[5.0, 5.0, 5.0]));
        assert_tidy_numbers(&chart);
        assert!(chart.contains(">4</text>") && chart.contains(">6</text>"), "{chart}");
        let mid = n(TOP + (H - TOP - BOTTOM) / 2.0);
        assert!(chart.contains(&format!("cy=\"{mid}\"")), "the flat line sits mid-height: {chart}");
    }

    #[test]
    fn chart_negative_and_beyond_target() {
        let chart = chart_of(&goal_with("net", 50.0, -20.5, Direction::Up, &[-20.5, -3.25, 75.0]));
        assert_tidy_numbers(&chart);
        assert!(chart.contains(">-25</text>") && chart.contains(">75</text>"), "ticks cover the values: {chart}");
        assert!(chart.contains("<title>2025-Q2: -3.25 km</title>"));
        let top = format!("cy=\"{TOP}\"");
        assert!(chart.contains(&top), "the value beyond the target is the top of the chart");
    }

    #[test]
    fn nice_ticks_are_round_and_cover_the_range() {
        assert_eq!(nice_ticks(0.0, 120.0, false), [0.0, 25.0, 50.0, 75.0, 100.0, 125.0]);
        assert_eq!(nice_ticks(10.0, 100.0, false), [0.0, 20.0, 40.0, 60.0, 80.0, 100.0]);
        assert_eq!(nice_ticks(0.0, 7.0, false), [0.0, 2.0, 4.0, 6.0, 8.0]);
        assert_eq!(nice_ticks(5.0, 5.0, false), [4.0, 4.5, 5.0, 5.5, 6.0]);
        // counted things step in whole numbers
        assert_eq!(nice_ticks(1.0, 12.0, true), [0.0, 3.0, 6.0, 9.0, 12.0]);
        assert_eq!(nice_ticks(0.0, 120.0, true), [0.0, 30.0, 60.0, 90.0, 120.0]);
        assert_eq!(nice_ticks(0.0, 3.0, true), [0.0, 1.0, 2.0, 3.0]);
        assert_eq!(nice_ticks(5.0, 5.0, true), [4.0, 5.0, 6.0]);
        let ticks = nice_ticks(-3.0, 1_234_567.0, false);
        assert!(ticks.len() <= MAX_TICKS && ticks[0] <= -3.0 && ticks[ticks.len() - 1] >= 1_234_567.0, "{ticks:?}");
    }

    #[test]
    fn chart_shows_gridlines_at_every_tick() {
        let chart = chart_of(&up(&[12.0, 30.0, 42.5]));
        assert_eq!(chart.matches("class=\"chart-grid\"").count(), 6, "0 to 125 by 25");
        for t in ["0", "25", "50", "75", "100", "125"] {
            assert!(chart.contains(&format!(">{t}</text>")), "{t} in {chart}");
        }
    }

    #[test]
    fn pace_line_runs_from_the_first_value_to_the_target_at_the_deadline() {
        let goal = up(&[12.0, 30.0, 42.5]);
        let layout = Layout::new(
            &goal,
            &Values { f: en().format(), words: &en(), unit: Some("km"), format: Default::default() },
        );
        let ((x1, y1), (x2, y2)) = layout.pace.expect("a goal with a deadline has a pace line");
        assert_eq!((x1, y1), layout.points[0], "starts at the first report");
        assert_eq!(x2, W - RIGHT, "the deadline is the right edge");
        assert_eq!(y2, layout.y(120.0), "ends at the target");
        assert!(layout.points[2].0 < x2 / 2.0, "reports from 2025 sit left of a 2030 deadline");
        let chart = chart_of(&goal);
        assert!(chart.contains("class=\"chart-pace\"") && chart.contains(">Pace to target</text>"));
        assert!(chart.contains(">2030</text>"), "the deadline's year is on the x axis");

        let mut open = goal.clone();
        open.def.deadline = None;
        assert!(
            Layout::new(&open, &Values { f: en().format(), words: &en(), unit: None, format: Default::default() })
                .pace
                .is_none(),
            "no deadline, no pace"
        );
        assert!(!chart_of(&open).contains("chart-pace"));
    }

    #[test]
    fn labels_never_overlap_or_leave_the_chart() {
        let many: Vec<f64> = (0..20).map(|i| f64::from(i) * 3.5).collect();
        for goal in [
            up(&[12.0, 30.0, 42.5]),
            up(&[42.5]),
            up(&many),
            down(&[80.0, 61.0, 64.5, 40.0]),
            down(&[12.0]),
            goal_with("big", 1_250_000.0, 0.0, Direction::Up, &[100_000.0, 1_240_000.0]),
            goal_with("k", 5.0, 5.0, Direction::Up, &[5.0, 5.0, 5.0]),
        ] {
            assert_no_overlaps(&goal);
        }
    }

    #[test]
    fn the_first_period_and_the_zero_tick_do_not_collide() {
        let goal = up(&[12.0, 30.0, 42.5]);
        let boxes = boxes(&goal);
        let zero = boxes.iter().find(|(t, _)| t == "0").expect("a 0 tick");
        // Three quarters against a deadline years away are written as Q1, Q2, Q3 over 2025.
        let first = boxes.iter().find(|(t, _)| t == "Q1").expect("the first period");
        assert!(!zero.1.overlaps(&first.1));
    }

    #[test]
    fn a_single_report_is_a_labelled_value_with_the_pace_ahead() {
        let chart = chart_of(&up(&[42.5]));
        assert!(chart.contains("class=\"chart-value\"") && chart.contains(">42.5 km</text>"), "{chart}");
        assert!(chart.contains("class=\"chart-pace\""), "{chart}");
        assert!(chart.contains(">2025-Q1</text>"));
    }

    #[test]
    fn a_goal_going_down_has_no_shaded_area() {
        let chart = chart_of(&down(&[80.0, 61.0]));
        assert!(!chart.contains("chart-area") && chart.contains("chart-line"));
        assert!(chart_of(&up(&[1.0, 2.0])).contains("chart-area"));
    }

    #[test]
    fn chart_is_accessible_and_escaped() {
        let mut g = goal_with("Rivers & \"Lakes\"_2030!", 120.0, 0.0, Direction::Up, &[1.0, 2.0]);
        g.def.label = "Rivers <restored> & 'kept'".into();
        g.history[0].period = "Q1 <draft>".into();
        let chart = chart_of(&g);
        assert!(
            chart.contains(
                "role=\"img\" aria-labelledby=\"chart-rivers-lakes-_2030-title chart-rivers-lakes-_2030-desc\""
            )
        );
        // escaped, and with the language's quotation marks, as pages show the label
        assert!(
            chart.contains("<title id=\"chart-rivers-lakes-_2030-title\">Rivers &lt;restored&gt; &amp; ‘kept’"),
            "{chart}"
        );
        assert!(chart.contains("<desc id=\"chart-rivers-lakes-_2030-desc\">"));
        assert!(chart.contains("Q1 &lt;draft&gt;") && !chart.contains("<draft>"));
        let bar = progress_bar(&g);
        assert!(bar.contains("role=\"img\" aria-label=\"2 of 120 km (2%), behind the pace for December 31, 2030.\""));
    }

    #[test]
    fn chart_words_follow_the_language() {
        let g = up(&[12.0, 30.0, 42.5]);
        let fr = Words::new(crate::strings::builtin(), "fr");
        let svg = history_chart(&g, &fr, &fr.goal_summary(&g));
        assert!(
            svg.contains("Valeurs par période : 2025-Q1 : 12 km\u{202f}; 2025-Q2 : 30 km\u{202f}; 2025-Q3 : 42,5 km."),
            "{svg}"
        );
        assert!(svg.contains(">Relevés</text>") && svg.contains(">Objectif 120 km</text>"), "{svg}");
        assert!(svg.contains("<title>2025-Q3 : 42,5 km</title>"), "{svg}");
    }

    #[test]
    fn many_periods_are_thinned_but_keep_the_first_and_newest() {
        let values: Vec<f64> = (0..20).map(f64::from).collect();
        let chart = chart_of(&up(&values));
        assert!(chart.contains(">2025-Q1</text>"), "{chart}");
        let mut open = up(&values);
        open.def.deadline = None;
        let chart = chart_of(&open);
        assert!(chart.contains(">2025-Q1</text>") && chart.contains(">2029-Q4</text>"), "{chart}");
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
        assert_eq!(escape_html("a&b<c>\"d\"'e'\u{7}"), "a&amp;b&lt;c&gt;&quot;d&quot;&#39;e&#39;");
    }
}
