//! Where a history chart puts everything, in user units: the axes, the points, the pace line and
//! the labels, with no label crossing a line, a point or another label.
//!
//! The x axis is time. When the reports so far take too little of the time to the deadline for
//! their periods to be written under them (four quarterly reports against a deadline five years
//! away), the history gets the room its labels need, up to half the width, and the time after
//! the newest report the rest: the axis has a knee there, and the pace line bends at it so that
//! it still says what the pace expects at every report.

use super::Values;
use rally_core::model::goals::GoalProgress;

/// The chart's viewBox: about the width of a phone's column, so its text stays at least 12 CSS
/// pixels on a 320 pixel wide screen, where the chart is drawn about 270 pixels wide (a theme sets
/// smaller text on wide screens).
pub(super) const W: f64 = 280.0;
pub(super) const H: f64 = 190.0;
pub(super) const RIGHT: f64 = 12.0;
pub(super) const TOP: f64 = 36.0;
pub(super) const BOTTOM: f64 = 28.0;
/// The size of every text, in user units.
pub(super) const FONT: f64 = 13.0;
// On a 320 px phone the chart is about 270 px wide: its text must still be at least 12 px.
const _: () = assert!(FONT * 270.0 / W >= 12.0);
/// At most this many y ticks (gridlines).
pub(super) const MAX_TICKS: usize = 6;
/// The second line of the periods' labels (their years), below the first; the chart is this
/// much taller when it has one.
const LINE: f64 = 17.0;
/// The most of the plot's width the history gets when the axis has a knee.
const HISTORY_SHARE: f64 = 0.55;
/// The radius of a report's point and of the target's ring.
pub(super) const DOT: f64 = 5.0;

/// A text's box, for placing labels without overlaps.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct TextBox {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl TextBox {
    /// The box of `text` with its baseline at `y`, anchored at `x` (`start`, `middle` or `end`).
    /// Widths are estimated generously (0.62 em a character) so real glyphs fit inside.
    pub fn of(text: &str, x: f64, y: f64, anchor: &str) -> TextBox {
        let w = width(text);
        let x0 = match anchor {
            "start" => x,
            "end" => x - w,
            _ => x - w / 2.0,
        };
        TextBox { x0, y0: y - FONT * 0.8, x1: x0 + w, y1: y + FONT * 0.25 }
    }

    pub fn overlaps(&self, o: &TextBox) -> bool {
        const GAP: f64 = 3.0;
        self.x0 < o.x1 + GAP && o.x0 < self.x1 + GAP && self.y0 < o.y1 + GAP && o.y0 < self.y1 + GAP
    }

    /// Whether the box is inside a chart `height` high.
    pub fn inside(&self, height: f64) -> bool {
        self.x0 >= 0.0 && self.y0 >= 0.0 && self.x1 <= W && self.y1 <= height
    }

    /// Whether the boxes share any point (no gap required).
    fn touches(&self, o: &TextBox) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }

    /// Whether the segment from `a` to `b` passes through the box grown by `margin` on every side
    /// (Liang–Barsky clipping).
    pub fn crossed_by(&self, a: (f64, f64), b: (f64, f64), margin: f64) -> bool {
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let (mut t0, mut t1) = (0.0_f64, 1.0_f64);
        let edges = [
            (-dx, a.0 - (self.x0 - margin)),
            (dx, (self.x1 + margin) - a.0),
            (-dy, a.1 - (self.y0 - margin)),
            (dy, (self.y1 + margin) - a.1),
        ];
        for (p, q) in edges {
            if p == 0.0 {
                if q < 0.0 {
                    return false;
                }
            } else {
                let t = q / p;
                if p < 0.0 {
                    t0 = t0.max(t);
                } else {
                    t1 = t1.min(t);
                }
                if t0 > t1 {
                    return false;
                }
            }
        }
        true
    }
}

/// The estimated width of a text.
fn width(text: &str) -> f64 {
    text.chars().count() as f64 * FONT * 0.62
}

/// One placed text.
#[derive(Debug, Clone)]
pub(super) struct Label {
    pub class: &'static str,
    pub text: String,
    pub x: f64,
    pub y: f64,
    pub anchor: &'static str,
}

impl Label {
    pub fn bounds(&self) -> TextBox {
        TextBox::of(&self.text, self.x, self.y, self.anchor)
    }
}

/// Labels placed so that none overlaps another, crosses a line or a point, or leaves the viewBox.
#[derive(Default)]
pub(super) struct Labels {
    pub placed: Vec<Label>,
    /// The lines drawn over the plot: the history, the pace and the target.
    lines: Vec<((f64, f64), (f64, f64))>,
    /// The points and the target's ring, as boxes.
    dots: Vec<TextBox>,
    /// The chart's height.
    height: f64,
}

impl Labels {
    /// Places the first candidate that fits; `false` when none does.
    fn place(&mut self, candidates: impl IntoIterator<Item = Label>) -> bool {
        for c in candidates {
            let b = c.bounds();
            let free = b.inside(self.height)
                && !self.placed.iter().any(|l| l.bounds().overlaps(&b))
                && !self.lines.iter().any(|(p, q)| b.crossed_by(*p, *q, 1.5))
                && !self.dots.iter().any(|d| d.touches(&b));
            if free {
                self.placed.push(c);
                return true;
            }
        }
        false
    }
}

/// "Nice" y ticks (steps of 1, 2, 2.5 or 5 times a power of ten) covering `lo..=hi`, at most
/// [`MAX_TICKS`] of them; a flat range is widened first. For a goal counted in `whole` numbers
/// (sites, schools) the steps are whole too: 1, 2, 3, 4 or 5 times a power of ten, never 2.5.
pub(super) fn nice_ticks(lo: f64, hi: f64, whole: bool) -> Vec<f64> {
    let (lo, hi) = if hi - lo < 1e-9 {
        let pad = (hi.abs() * 0.1).max(1.0);
        (lo - pad, hi + pad)
    } else {
        (lo, hi)
    };
    let raw = (hi - lo) / (MAX_TICKS - 1) as f64;
    let power = 10f64.powf(raw.log10().floor());
    let (power, steps): (f64, &[f64]) =
        if whole { (power.max(1.0), &[1.0, 2.0, 3.0, 4.0, 5.0, 10.0]) } else { (power, &[1.0, 2.0, 2.5, 5.0, 10.0]) };
    let step = steps
        .iter()
        .map(|m| m * power)
        .find(|step| (((hi / step).ceil() - (lo / step).floor()) as usize) < MAX_TICKS)
        .unwrap_or(10.0 * power);
    let first = (lo / step).floor() as i64;
    let last = (hi / step).ceil() as i64;
    (first..=last).map(|i| i as f64 * step).map(|v| if v == 0.0 { 0.0 } else { v }).collect()
}

/// Days from `a` to `b`.
pub(super) fn days(a: jiff::civil::Date, b: jiff::civil::Date) -> f64 {
    a.duration_until(b).as_secs_f64() / 86_400.0
}

/// A period written on two lines, its part over its year: "2025-Q4" is "Q4" over "2025".
fn split_period(period: &str) -> Option<(&str, &str)> {
    let (year, part) = period.split_once('-')?;
    let ok = year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit()) && !part.is_empty() && part.len() <= 3;
    ok.then_some((part, year))
}

/// The time axis: days from the first report to a user-unit x.
#[derive(Debug, Clone, Copy)]
struct Axis {
    left: f64,
    /// Days from the first report to the right edge (0 when there is one date and no deadline).
    span: f64,
    /// The knee: the newest report's day and its x, when the history is given more room.
    knee: Option<(f64, f64)>,
    /// Periods written on two lines, part over year.
    split: bool,
}

impl Axis {
    fn x(&self, day: f64) -> f64 {
        let width = W - self.left - RIGHT;
        if self.span <= 0.0 {
            return self.left + width / 2.0;
        }
        match self.knee {
            Some((kd, kx)) if day <= kd => self.left + (kx - self.left) * (day / kd),
            Some((kd, kx)) => kx + (W - RIGHT - kx) * ((day - kd) / (self.span - kd)),
            None => self.left + width * (day / self.span),
        }
    }

    /// Gives the history the room its period labels need when the straight time axis would not.
    fn fit(left: f64, span: f64, goal: &GoalProgress) -> Axis {
        let mut axis = Axis { left, span, knee: None, split: false };
        let history = &goal.history;
        let first = history[0].date;
        let last = days(first, history[history.len() - 1].date);
        if history.len() < 2 || last <= 0.0 || span <= last {
            return axis;
        }
        let plot = W - left - RIGHT;
        let straight = plot * last / span;
        let at = |i: usize| days(first, history[i].date);
        let full: Vec<(f64, f64)> = (0..history.len()).map(|i| (at(i), width(&history[i].period))).collect();
        let full = room(&[full], last);
        if full <= straight {
            return axis;
        }
        let parts: Option<Vec<(&str, &str)>> = history.iter().map(|o| split_period(&o.period)).collect();
        let two_lines = parts.map(|parts| {
            let tops = parts.iter().enumerate().map(|(i, (part, _))| (at(i), width(part))).collect();
            let mut years: Vec<(f64, f64)> = Vec::new();
            for (i, (_, year)) in parts.iter().enumerate() {
                if i == 0 || parts[i - 1].1 != *year {
                    years.push((at(i), width(year)));
                }
            }
            room(&[tops, years], last)
        });
        let most = plot * HISTORY_SHARE;
        // Two lines are the more compact, and keep the time axis nearer to straight.
        let (share, split) = if let Some(two) = two_lines.filter(|r| *r <= most) {
            (two.max(straight), true)
        } else if full <= most {
            (full, false)
        } else {
            (most.max(straight), false)
        };
        axis.knee = Some((last, left + share));
        axis.split = split;
        axis
    }
}

/// The width the history needs so that no two neighbours on a line of centred labels (each a day
/// and a width) come closer than the gap between labels; `last` is the newest label's day.
fn room(lines: &[Vec<(f64, f64)>], last: f64) -> f64 {
    let pairs = lines.iter().flat_map(|line| line.windows(2));
    pairs
        .map(|w| {
            let ((da, wa), (db, wb)) = (w[0], w[1]);
            let gap = (wa + wb) / 2.0 + 4.0;
            if db > da { gap * last / (db - da) } else { f64::INFINITY }
        })
        .fold(0.0, f64::max)
}

/// Everything the chart draws, in user units: the history from its first report's date to the
/// deadline (or the newest report), with the pace needed to reach the target by the deadline.
pub(super) struct Layout {
    pub left: f64,
    pub ticks: Vec<f64>,
    pub lo: f64,
    hi: f64,
    axis: Axis,
    /// The chart's height: [`H`], or more with the periods' years on a line of their own.
    pub height: f64,
    pub points: Vec<(f64, f64)>,
    /// From the first value at its date to the target at the deadline.
    pub pace: Option<((f64, f64), (f64, f64))>,
    /// Where the pace line bends, at the knee of the time axis.
    pub pace_knee: Option<(f64, f64)>,
    pub target_y: Option<f64>,
    pub labels: Labels,
}

impl Layout {
    pub fn new(goal: &GoalProgress, unit: &Values) -> Layout {
        let def = &goal.def;
        let values = goal.history.iter().map(|o| o.value).chain([def.target, def.baseline]);
        let (lo, hi) = values
            .filter(|v| v.is_finite())
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)));
        let (lo, hi) = if lo > hi { (0.0, 1.0) } else { (lo, hi) };
        let mut values = goal.history.iter().map(|o| o.value).chain([def.target, def.baseline]);
        let ticks = nice_ticks(lo, hi, values.all(|v| v.fract() == 0.0));
        let (lo, hi) = (ticks[0], ticks[ticks.len() - 1]);
        let widest = ticks.iter().map(|t| unit.tick(*t).chars().count()).max().unwrap_or(1);
        let left = (widest as f64 * FONT * 0.62 + 10.0).ceil().max(28.0);
        let first = &goal.history[0];
        let last = &goal.history[goal.history.len() - 1];
        let deadline = def.deadline.filter(|d| *d > first.date);
        let end = deadline.map_or(last.date, |d| d.max(last.date));
        let axis = Axis::fit(left, days(first.date, end), goal);
        let height = if axis.split { H + LINE } else { H };
        let mut layout = Layout {
            left,
            ticks,
            lo,
            hi,
            axis,
            height,
            points: Vec::new(),
            pace: None,
            pace_knee: None,
            target_y: None,
            labels: Labels::default(),
        };
        layout.points = goal.history.iter().map(|o| (layout.x(days(first.date, o.date)), layout.y(o.value))).collect();
        if def.target.is_finite() {
            layout.target_y = Some(layout.y(def.target));
        }
        if let (Some(d), Some(ty)) = (deadline, layout.target_y) {
            let to = days(first.date, d);
            layout.pace = Some((layout.points[0], (layout.x(to), ty)));
            if let Some((kd, kx)) = layout.axis.knee.filter(|(kd, _)| *kd < to) {
                let value = first.value + (def.target - first.value) * kd / to;
                layout.pace_knee = Some((kx, layout.y(value)));
            }
        }
        layout.place_labels(goal, unit, deadline);
        layout
    }

    pub fn x(&self, day: f64) -> f64 {
        self.axis.x(day)
    }

    pub fn y(&self, v: f64) -> f64 {
        let v = if v.is_finite() { v } else { self.lo };
        TOP + (H - BOTTOM - TOP) * (1.0 - (v - self.lo) / (self.hi - self.lo))
    }

    /// The pace line's points: its start, its bend at the knee if any, and its end.
    pub fn pace_points(&self) -> Vec<(f64, f64)> {
        let Some((a, b)) = self.pace else { return Vec::new() };
        [Some(a), self.pace_knee, Some(b)].into_iter().flatten().collect()
    }

    /// The lines and dots no label may cross.
    fn obstacles(&self) -> Labels {
        let mut lines: Vec<_> = self.points.windows(2).map(|w| (w[0], w[1])).collect();
        lines.extend(self.pace_points().windows(2).map(|w| (w[0], w[1])));
        if let Some(ty) = self.target_y {
            lines.push(((self.left, ty), (W - RIGHT, ty)));
        }
        let ring = |(x, y): (f64, f64)| TextBox { x0: x - DOT, y0: y - DOT, x1: x + DOT, y1: y + DOT };
        let mut dots: Vec<_> = self.points.iter().copied().map(ring).collect();
        dots.extend(self.pace.map(|(_, end)| ring(end)));
        Labels { placed: Vec::new(), lines, dots, height: self.height }
    }

    /// The legend, the y ticks, the newest value, the target and the x labels, in that order of
    /// priority: a label that would overlap one placed before it, or cross a line, is left out
    /// (the data table and the text alternative hold every value).
    fn place_labels(&mut self, goal: &GoalProgress, unit: &Values, deadline: Option<jiff::civil::Date>) {
        let mut labels = self.obstacles();
        let label = |class, text: String, x: f64, y: f64, anchor| Label { class, text, x, y, anchor };
        // The legend, drawn with its swatches in `legend`.
        labels.place([label("chart-legend", unit.words.say("chart_reported", &[]), 24.0, 16.0, "start")]);
        if self.pace.is_some() {
            labels.place([label("chart-legend", unit.words.say("chart_pace_to_target", &[]), 128.0, 16.0, "start")]);
        }
        for t in &self.ticks {
            labels.place([label("chart-label", unit.tick(*t), self.left - 6.0, self.y(*t) + 4.5, "end")]);
        }
        let last = goal.history[goal.history.len() - 1].value;
        let (px, py) = self.points[self.points.len() - 1];
        let text = unit.of(last);
        let near = |dx: f64, dy: f64, anchor| label("chart-value", text.clone(), px + dx, py + dy, anchor);
        labels.place([
            near(0.0, -11.0, "middle"),
            near(-8.0, -9.0, "end"),
            near(8.0, -9.0, "start"),
            near(0.0, 20.0, "middle"),
            near(-8.0, 18.0, "end"),
            near(8.0, 18.0, "start"),
            near(0.0, -20.0, "middle"),
            near(0.0, 29.0, "middle"),
            near(-10.0, 4.5, "end"),
            near(10.0, 4.5, "start"),
        ]);
        if let Some(ty) = self.target_y {
            let text = unit.words.say("chart_target_label", &[("value", unit.of(goal.def.target))]);
            let (right, left, middle) = (W - RIGHT - 2.0 * DOT - 2.0, self.left + 6.0, (self.left + W - RIGHT) / 2.0);
            let at = |x: f64, y: f64, anchor| label("chart-target-label", text.clone(), x, y, anchor);
            labels.place([
                at(right, ty - 7.0, "end"),
                at(left, ty - 7.0, "start"),
                at(middle, ty - 7.0, "middle"),
                at(right, ty + 17.0, "end"),
                at(left, ty + 17.0, "start"),
                at(middle, ty + 17.0, "middle"),
            ]);
        }
        self.place_periods(&mut labels, goal, deadline);
        self.labels = labels;
    }

    /// The periods under their points (the first, then the deadline's year, then the newest
    /// first), on two lines when the axis splits them.
    fn place_periods(&self, labels: &mut Labels, goal: &GoalProgress, deadline: Option<jiff::civil::Date>) {
        let base = H - BOTTOM + 22.0;
        // A label centred under its point unless it would run past the axis (or, on two lines,
        // whose years must stay centred under their parts, past the edge).
        let edge = if self.axis.split { 0.0 } else { self.left - 4.0 };
        let at = |x: f64, y: f64, text: &str| {
            let half = width(text) / 2.0;
            let anchor = if x - half < edge {
                "start"
            } else if x + half > W {
                "end"
            } else {
                "middle"
            };
            Label { class: "chart-label", text: text.to_string(), x, y, anchor }
        };
        let history = &goal.history;
        if let (Some(d), Some((_, (dx, _)))) = (deadline, self.pace) {
            // On the years' line when the periods have one.
            let y = if self.axis.split { base + LINE } else { base };
            labels.place([at(dx, y, &d.year().to_string())]);
        }
        if self.axis.split {
            let mut year = "";
            for (o, (x, _)) in history.iter().zip(&self.points) {
                let Some((part, y)) = split_period(&o.period) else { continue };
                labels.place([at(*x, base, part)]);
                if y != year {
                    labels.place([at(*x, base + LINE, y)]);
                    year = y;
                }
            }
            return;
        }
        labels.place([at(self.points[0].0, base, &history[0].period)]);
        for (i, o) in history.iter().enumerate().skip(1).rev() {
            labels.place([at(self.points[i].0, base, &o.period)]);
        }
    }
}
