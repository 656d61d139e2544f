//! Goal progress: pure arithmetic over a goal's definition and its values in the impact reports.
//!
//! - `current` is the value in the newest report that has the goal's key.
//! - `progress` is `(current - baseline) / (target - baseline)`, for `down` goals
//!   `(baseline - current) / (baseline - target)`; it is left unclamped, `percent` is clamped to
//!   0..=100. A goal with no report, or with `target == baseline`, has no progress: "no data",
//!   never NaN and never a division by zero. Non-finite values count as no data.
//! - Status: *achieved* when progress reaches 1. Otherwise *on track* when the newest value is at
//!   least as far along as the straight line from the first report (its date and value) to the
//!   target at the deadline expects at the newest report's date, else *behind*. With a single
//!   report the goal is on track; with no deadline it is on track while progress is above 0; past
//!   the deadline without reaching the target it is behind.

use jiff::civil::Date;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Up,
    Down,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct GoalDef {
    pub key: String,
    pub label: String,
    pub target: f64,
    pub unit: Option<String>,
    pub baseline: f64,
    pub deadline: Option<Date>,
    pub direction: Direction,
}

/// A goal's value in one report.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Observation {
    pub date: Date,
    pub period: String,
    pub value: f64,
    pub report_url: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Achieved,
    OnTrack,
    Behind,
    NoData,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::Achieved => "Achieved",
            Status::OnTrack => "On track",
            Status::Behind => "Behind",
            Status::NoData => "No data",
        }
    }
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct GoalProgress {
    pub def: GoalDef,
    pub current: Option<f64>,
    pub progress: Option<f64>,
    pub percent: Option<u32>,
    pub status: Status,
    pub status_label: &'static str,
    /// Oldest first.
    pub history: Vec<Observation>,
    /// The value the straight-line pace expects at the newest report's date.
    pub expected: Option<f64>,
    /// One sentence for screen readers and text alternatives.
    pub summary: String,
}

/// Formats a number for people: thousands separators, at most two decimals, no trailing zeros.
pub fn format_number(v: f64) -> String {
    if !v.is_finite() {
        return "–".into();
    }
    let rounded = (v * 100.0).round() / 100.0;
    let neg = rounded < 0.0;
    let abs = rounded.abs();
    let whole = abs.trunc() as u64;
    let frac = ((abs - abs.trunc()) * 100.0).round() as u64;
    let digits = whole.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if frac > 0 {
        let f = format!("{frac:02}");
        out.push('.');
        out.push_str(f.trim_end_matches('0'));
    }
    if neg && (whole > 0 || frac > 0) { format!("-{out}") } else { out }
}

fn fraction(def: &GoalDef, value: f64) -> Option<f64> {
    let span = def.target - def.baseline;
    if span == 0.0 || !span.is_finite() || !value.is_finite() {
        return None;
    }
    Some((value - def.baseline) / span)
}

fn days_between(a: Date, b: Date) -> f64 {
    a.until(b).map(|s| s.get_days() as f64).unwrap_or(0.0)
}

/// The status of a goal with data, and the value its pace expects now.
fn status(def: &GoalDef, history: &[Observation], progress: f64) -> (Status, Option<f64>) {
    if progress >= 1.0 - 1e-9 {
        return (Status::Achieved, None);
    }
    let (first, last) = (&history[0], &history[history.len() - 1]);
    let Some(deadline) = def.deadline else {
        return (if progress > 0.0 { Status::OnTrack } else { Status::Behind }, None);
    };
    if last.date >= deadline {
        return (Status::Behind, Some(def.target));
    }
    if history.len() == 1 {
        return (Status::OnTrack, Some(last.value));
    }
    let total = days_between(first.date, deadline);
    let elapsed = days_between(first.date, last.date);
    if total <= 0.0 {
        return (Status::Behind, Some(def.target));
    }
    let expected = first.value + (def.target - first.value) * (elapsed / total);
    let ahead = match def.direction {
        Direction::Up => last.value >= expected - 1e-9,
        Direction::Down => last.value <= expected + 1e-9,
    };
    (if ahead { Status::OnTrack } else { Status::Behind }, Some(expected))
}

fn summary(def: &GoalDef, current: Option<f64>, percent: Option<u32>, status: Status) -> String {
    let Some(current) = current else { return format!("{}: no data yet.", def.label) };
    let unit = def.unit.as_deref().map(|u| format!(" {u}")).unwrap_or_default();
    let pct = percent.map(|p| format!(" ({p}%)")).unwrap_or_default();
    let by = def.deadline.map(|d| format!(" for {}", d.strftime("%-d %B %Y"))).unwrap_or_default();
    let state = match status {
        Status::Achieved => "achieved".to_string(),
        Status::OnTrack => format!("on track{by}"),
        Status::Behind => format!("behind{by}"),
        Status::NoData => "no data".to_string(),
    };
    let (now, target) = (format_number(current), format_number(def.target));
    format!("{}: {now}{unit} of a target of {target}{unit}{pct}, {state}.", def.label)
}

/// Computes a goal's progress from its observations (in any order).
pub fn compute(def: GoalDef, mut history: Vec<Observation>) -> GoalProgress {
    history.retain(|o| o.value.is_finite());
    history.sort_by_key(|o| o.date);
    let current = history.last().map(|o| o.value);
    let progress = current.and_then(|c| fraction(&def, c));
    let (status, expected) = match progress {
        Some(p) => status(&def, &history, p),
        None => (Status::NoData, None),
    };
    let percent = progress.map(|p| (p.clamp(0.0, 1.0) * 100.0).round() as u32);
    let summary = summary(&def, if progress.is_some() { current } else { None }, percent, status);
    GoalProgress { def, current, progress, percent, status, status_label: status.label(), history, expected, summary }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn def(target: f64, baseline: f64, direction: Direction) -> GoalDef {
        GoalDef {
            key: "km".into(),
            label: "River restored".into(),
            target,
            unit: Some("km".into()),
            baseline,
            deadline: Some(date(2030, 12, 31)),
            direction,
        }
    }

    fn obs(d: Date, value: f64) -> Observation {
        Observation { date: d, period: d.to_string(), value, report_url: "/r/".into() }
    }

    #[test]
    fn up_goal_on_track_and_behind() {
        let g = compute(def(120.0, 0.0, Direction::Up), vec![obs(date(2026, 1, 1), 10.0), obs(date(2026, 7, 1), 30.0)]);
        assert_eq!(g.current, Some(30.0));
        assert_eq!(g.percent, Some(25));
        assert_eq!(g.status, Status::OnTrack);
        assert!(
            g.summary.contains("30 km of a target of 120 km (25%), on track for 31 December 2030"),
            "{}",
            g.summary
        );
        let g = compute(def(120.0, 0.0, Direction::Up), vec![obs(date(2026, 1, 1), 10.0), obs(date(2029, 1, 1), 12.0)]);
        assert_eq!(g.status, Status::Behind);
    }

    #[test]
    fn down_goal_mirrors() {
        let g =
            compute(def(10.0, 100.0, Direction::Down), vec![obs(date(2026, 4, 1), 61.0), obs(date(2026, 1, 1), 80.0)]);
        assert_eq!(g.current, Some(61.0), "the newest report counts, whatever the order");
        assert!((g.progress.unwrap() - 39.0 / 90.0).abs() < 1e-9);
        assert_eq!(g.status, Status::OnTrack);
        let g = compute(def(10.0, 100.0, Direction::Down), vec![obs(date(2026, 1, 1), 9.0)]);
        assert_eq!(g.status, Status::Achieved);
        assert_eq!(g.percent, Some(100));
    }

    #[test]
    fn no_data_is_never_nan() {
        let g = compute(def(120.0, 0.0, Direction::Up), vec![]);
        assert_eq!((g.status, g.progress, g.percent), (Status::NoData, None, None));
        assert_eq!(g.summary, "River restored: no data yet.");
        let g = compute(def(5.0, 5.0, Direction::Up), vec![obs(date(2026, 1, 1), 5.0)]);
        assert_eq!(g.status, Status::NoData);
        let g = compute(def(5.0, 0.0, Direction::Up), vec![obs(date(2026, 1, 1), f64::NAN)]);
        assert_eq!(g.status, Status::NoData);
    }

    #[test]
    fn single_report_and_deadlines() {
        let g = compute(def(120.0, 0.0, Direction::Up), vec![obs(date(2026, 1, 1), 1.0)]);
        assert_eq!(g.status, Status::OnTrack);
        let g = compute(def(120.0, 0.0, Direction::Up), vec![obs(date(2031, 1, 1), 100.0)]);
        assert_eq!(g.status, Status::Behind, "past the deadline");
        let mut d = def(120.0, 0.0, Direction::Up);
        d.deadline = None;
        assert_eq!(compute(d.clone(), vec![obs(date(2026, 1, 1), 1.0)]).status, Status::OnTrack);
        assert_eq!(compute(d, vec![obs(date(2026, 1, 1), 0.0)]).status, Status::Behind);
    }

    #[test]
    fn beyond_target_is_clamped_in_percent_only() {
        let g = compute(def(100.0, 0.0, Direction::Up), vec![obs(date(2026, 1, 1), 150.0)]);
        assert_eq!(g.percent, Some(100));
        assert!((g.progress.unwrap() - 1.5).abs() < 1e-9);
        let g = compute(def(100.0, 50.0, Direction::Up), vec![obs(date(2026, 1, 1), 20.0)]);
        assert_eq!(g.percent, Some(0));
    }

    #[test]
    fn numbers_for_people() {
        assert_eq!(format_number(42.5), "42.5");
        assert_eq!(format_number(1200.0), "1,200");
        assert_eq!(format_number(1234567.891), "1,234,567.89");
        assert_eq!(format_number(3.0), "3");
        assert_eq!(format_number(0.125), "0.13");
        assert_eq!(format_number(-2.5), "-2.5");
        assert_eq!(format_number(f64::NAN), "–");
    }
}
