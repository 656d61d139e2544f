//! Goal progress: pure arithmetic over a goal's definition and its values in the impact reports.
//!
//! [`compute`] turns a [`GoalDef`] and the goal's [`Observation`]s (one per impact report that
//! names the goal's key, in any order) into a [`GoalProgress`] that templates and charts read.
//!
//! # Rules
//!
//! - **History** is sorted by report date, oldest first (a stable sort: reports of one date keep
//!   their order). Observations whose value is not a finite number are left out.
//! - **Current** is the value in the newest report; `None` when no report has the goal's key.
//! - **Progress** is `(current - baseline) / (target - baseline)`; for `down` goals the mirror,
//!   `(baseline - current) / (baseline - target)`, which is the same fraction: 0 at the baseline,
//!   1 at the target. It is not clamped (below 0 when the goal went backwards, above 1 beyond the
//!   target); `percent` is the fraction clamped to 0..=100 and rounded. There is no progress (and
//!   no percent) without a current value, when `target == baseline`, or when the target, baseline
//!   or result is not a finite number: never NaN, never a division by zero.
//! - **Status**, in this order:
//!   1. *No data* when there is no progress (see above).
//!   2. *Achieved* when progress is at least 1 (the current value reached the target in the goal's
//!      direction).
//!   3. Without a deadline: *on track* when progress is above 0, else *behind*.
//!   4. When the newest report is dated on or after the deadline: *behind* (the target was not
//!      reached in time).
//!   5. With a single report: *on track* (one point sets no pace), unless it went backwards from
//!      the baseline (progress below 0): *behind*.
//!   6. Otherwise the pace is the straight line from the first report (its date and value) to the
//!      target at the deadline. The goal is *on track* when the current value is at least as far
//!      along as the value that line expects at the newest report's date (compared as progress
//!      fractions, so "further along" follows the goal's direction, with an epsilon of 1e-9),
//!      else *behind*.
//! - **Expected** is the value the pace line gives at the newest report's date (the target itself
//!   once the deadline has come); `None` without a deadline or without progress.
//!
//! The sentence that sums a goal up in words is written at render time, in the page's language
//! (`render::phrases`).

use jiff::civil::Date;

/// Whether a goal counts up towards its target or down towards it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Up,
    Down,
}

/// A goal as the mission defines it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct GoalDef {
    pub key: String,
    pub label: String,
    pub target: f64,
    pub unit: Option<String>,
    pub baseline: f64,
    pub deadline: Option<Date>,
    pub direction: Direction,
    /// How the goal's numbers are written: in full or compact.
    pub format: crate::format::NumberFormat,
}

/// A goal's value in one impact report.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Observation {
    pub date: Date,
    pub period: String,
    pub value: f64,
    pub report_url: String,
}

/// Where a goal stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Achieved,
    OnTrack,
    Behind,
    NoData,
}

/// A goal with its progress, ready to render.
#[derive(Debug, Clone, serde::Serialize)]
pub struct GoalProgress {
    pub def: GoalDef,
    /// The value in the newest report; `None` if no report has the goal's key.
    pub current: Option<f64>,
    /// The unclamped fraction of the way from baseline to target.
    pub progress: Option<f64>,
    /// `progress` clamped to 0..=100 and rounded.
    pub percent: Option<u32>,
    pub status: Status,
    /// Oldest first.
    pub history: Vec<Observation>,
    /// The value the straight-line pace expects at the newest report's date.
    pub expected: Option<f64>,
}

const EPSILON: f64 = 1e-9;

/// How far `value` is along the way from baseline to target, if that can be measured.
fn fraction(def: &GoalDef, value: f64) -> Option<f64> {
    let span = match def.direction {
        Direction::Up => def.target - def.baseline,
        Direction::Down => def.baseline - def.target,
    };
    let moved = match def.direction {
        Direction::Up => value - def.baseline,
        Direction::Down => def.baseline - value,
    };
    if span == 0.0 || !span.is_finite() || !moved.is_finite() {
        return None;
    }
    Some(moved / span).filter(|f| f.is_finite())
}

/// The value the straight line from the first report to the target at the deadline gives at the
/// newest report's date; the target itself once the deadline has come.
fn expected_value(def: &GoalDef, history: &[Observation]) -> Option<f64> {
    let deadline = def.deadline?;
    let (first, last) = (history.first()?, history.last()?);
    let days = |a: Date, b: Date| a.duration_until(b).as_secs_f64() / 86_400.0;
    let total = days(first.date, deadline);
    let elapsed = days(first.date, last.date);
    if total <= 0.0 || elapsed >= total {
        return Some(def.target);
    }
    Some(first.value + (def.target - first.value) * (elapsed / total))
}

/// The status of a goal with measurable progress (rules 2 to 6 of the module docs).
fn status_of(def: &GoalDef, history: &[Observation], progress: f64, expected: Option<f64>) -> Status {
    if progress >= 1.0 - EPSILON {
        return Status::Achieved;
    }
    let Some(deadline) = def.deadline else {
        return if progress > 0.0 { Status::OnTrack } else { Status::Behind };
    };
    match history.last() {
        Some(last) if last.date >= deadline => return Status::Behind,
        _ => {}
    }
    if history.len() < 2 {
        return if progress < -EPSILON { Status::Behind } else { Status::OnTrack };
    }
    match expected.and_then(|e| fraction(def, e)) {
        Some(pace) if progress < pace - EPSILON => Status::Behind,
        _ => Status::OnTrack,
    }
}

/// Computes a goal's progress from its observations, given in any order.
pub fn compute(def: GoalDef, mut history: Vec<Observation>) -> GoalProgress {
    history.retain(|o| o.value.is_finite());
    history.sort_by_key(|o| o.date);
    let current = history.last().map(|o| o.value);
    let progress = current.and_then(|c| fraction(&def, c));
    let expected = progress.and_then(|_| expected_value(&def, &history));
    let status = match progress {
        Some(p) => status_of(&def, &history, p, expected),
        None => Status::NoData,
    };
    let percent = progress.map(|p| (p.clamp(0.0, 1.0) * 100.0).round() as u32);
    GoalProgress { def, current, progress, percent, status, history, expected }
}

/// Goals and observations for tests, here and in the crates after this one (feature
/// `test-fixtures`).
#[cfg(any(test, feature = "test-fixtures"))]
pub mod fixtures {
    use super::*;
    use jiff::civil::date;

    pub fn def(target: f64, baseline: f64, direction: Direction) -> GoalDef {
        GoalDef {
            key: "river_km".into(),
            label: "Kilometres of river restored".into(),
            target,
            unit: Some("km".into()),
            baseline,
            deadline: Some(date(2030, 12, 31)),
            direction,
            format: Default::default(),
        }
    }

    pub fn obs(d: Date, value: f64) -> Observation {
        Observation { date: d, period: d.to_string(), value, report_url: format!("/impact/{d}/") }
    }
}

#[cfg(test)]
mod tests {
    use super::fixtures::{def, obs};
    use super::*;
    use jiff::civil::date;

    fn up() -> GoalDef {
        def(120.0, 0.0, Direction::Up)
    }

    fn down() -> GoalDef {
        def(10.0, 100.0, Direction::Down)
    }

    #[test]
    fn up_goal_on_track() {
        let g = compute(up(), vec![obs(date(2026, 1, 1), 10.0), obs(date(2026, 7, 1), 42.5)]);
        assert_eq!(g.current, Some(42.5));
        assert!((g.progress.unwrap() - 42.5 / 120.0).abs() < 1e-12);
        assert_eq!(g.percent, Some(35));
        assert_eq!(g.status, Status::OnTrack);
        let expected = g.expected.unwrap();
        assert!(expected > 10.0 && expected < 42.5, "{expected}");
    }

    #[test]
    fn up_goal_behind() {
        let g = compute(up(), vec![obs(date(2026, 1, 1), 10.0), obs(date(2029, 1, 1), 12.0)]);
        assert_eq!(g.status, Status::Behind);
        assert!(g.expected.unwrap() > 12.0);
    }

    #[test]
    fn exactly_on_pace_is_on_track() {
        // Half the time from the first report to the deadline, half the way from 0 to 100.
        let mut d = def(100.0, 0.0, Direction::Up);
        d.deadline = Some(date(2026, 1, 21));
        let g = compute(d, vec![obs(date(2026, 1, 1), 0.0), obs(date(2026, 1, 11), 50.0)]);
        assert_eq!(g.expected, Some(50.0));
        assert_eq!(g.status, Status::OnTrack);
    }

    #[test]
    fn down_goal_mirrors_up() {
        let g = compute(down(), vec![obs(date(2026, 1, 1), 80.0), obs(date(2026, 4, 1), 61.0)]);
        assert!((g.progress.unwrap() - 39.0 / 90.0).abs() < 1e-12);
        assert_eq!(g.percent, Some(43));
        assert_eq!(g.status, Status::OnTrack);
        assert!(g.expected.unwrap() < 80.0 && g.expected.unwrap() > 61.0);
        let g = compute(down(), vec![obs(date(2026, 1, 1), 80.0), obs(date(2029, 1, 1), 79.0)]);
        assert_eq!(g.status, Status::Behind);
        let g = compute(down(), vec![obs(date(2026, 1, 1), 80.0), obs(date(2026, 4, 1), 120.0)]);
        assert!(g.progress.unwrap() < 0.0, "worse than the baseline");
        assert_eq!((g.percent, g.status), (Some(0), Status::Behind));
    }

    #[test]
    fn achieved_in_either_direction_and_beyond() {
        let g = compute(up(), vec![obs(date(2026, 1, 1), 120.0)]);
        assert_eq!((g.status, g.percent), (Status::Achieved, Some(100)));
        let g = compute(up(), vec![obs(date(2026, 1, 1), 150.0)]);
        assert_eq!((g.status, g.percent), (Status::Achieved, Some(100)));
        assert!((g.progress.unwrap() - 1.25).abs() < 1e-12, "progress is not clamped");
        let g = compute(down(), vec![obs(date(2026, 1, 1), 80.0), obs(date(2031, 6, 1), 4.0)]);
        assert_eq!((g.status, g.percent), (Status::Achieved, Some(100)), "achieved even after the deadline");
    }

    #[test]
    fn one_report_is_on_track_unless_it_went_backwards() {
        let g = compute(up(), vec![obs(date(2026, 1, 1), 1.0)]);
        assert_eq!(g.status, Status::OnTrack);
        assert_eq!(g.expected, Some(1.0), "the pace starts at the first report");
        let g = compute(up(), vec![obs(date(2026, 1, 1), -5.0)]);
        assert_eq!((g.status, g.percent), (Status::Behind, Some(0)), "backwards from the baseline");
        let g = compute(down(), vec![obs(date(2026, 1, 1), 100.0)]);
        assert_eq!(g.status, Status::OnTrack, "at the baseline");
    }

    #[test]
    fn no_deadline_depends_on_progress() {
        let mut d = up();
        d.deadline = None;
        let g = compute(d.clone(), vec![obs(date(2026, 1, 1), 1.0)]);
        assert_eq!((g.status, g.expected), (Status::OnTrack, None));
        let g = compute(d, vec![obs(date(2026, 1, 1), 5.0), obs(date(2026, 6, 1), 0.0)]);
        assert_eq!(g.status, Status::Behind);
    }

    #[test]
    fn past_the_deadline_is_behind() {
        let g = compute(up(), vec![obs(date(2026, 1, 1), 10.0), obs(date(2031, 1, 1), 100.0)]);
        assert_eq!((g.status, g.expected), (Status::Behind, Some(120.0)));
        let g = compute(up(), vec![obs(date(2030, 12, 31), 100.0)]);
        assert_eq!(g.status, Status::Behind, "a single report on the deadline day");
    }

    #[test]
    fn no_data_without_reports() {
        let g = compute(up(), vec![]);
        assert_eq!((g.current, g.progress, g.percent, g.expected), (None, None, None, None));
        assert_eq!(g.status, Status::NoData);
    }

    #[test]
    fn target_equal_to_baseline_is_no_data() {
        let g = compute(def(5.0, 5.0, Direction::Up), vec![obs(date(2026, 1, 1), 7.0)]);
        assert_eq!(g.current, Some(7.0));
        assert_eq!((g.progress, g.percent, g.status), (None, None, Status::NoData));
    }

    #[test]
    fn unsorted_history_is_sorted_stably() {
        let g = compute(
            up(),
            vec![
                obs(date(2026, 7, 1), 30.0),
                Observation { period: "first of the day".into(), ..obs(date(2026, 1, 1), 10.0) },
                obs(date(2026, 4, 1), 20.0),
                Observation { period: "second of the day".into(), ..obs(date(2026, 1, 1), 11.0) },
            ],
        );
        let periods: Vec<&str> = g.history.iter().map(|o| o.period.as_str()).collect();
        assert_eq!(periods, ["first of the day", "second of the day", "2026-04-01", "2026-07-01"]);
        assert_eq!(g.current, Some(30.0), "the newest report counts, not the last given");
    }

    #[test]
    fn non_finite_numbers_never_leak() {
        let g = compute(up(), vec![obs(date(2026, 1, 1), 10.0), obs(date(2026, 7, 1), f64::NAN)]);
        assert_eq!((g.current, g.history.len()), (Some(10.0), 1), "a NaN value is left out");
        let g = compute(up(), vec![obs(date(2026, 1, 1), f64::INFINITY)]);
        assert_eq!((g.current, g.status), (None, Status::NoData));
        let g = compute(def(f64::NAN, 0.0, Direction::Up), vec![obs(date(2026, 1, 1), 3.0)]);
        assert_eq!((g.progress, g.status), (None, Status::NoData));
        let g = compute(def(1e-320, 0.0, Direction::Up), vec![obs(date(2026, 1, 1), 1e300)]);
        assert_eq!((g.progress, g.status), (None, Status::NoData), "an infinite fraction is no fraction");
    }

    #[test]
    fn deadline_before_the_first_report() {
        let mut d = up();
        d.deadline = Some(date(2025, 1, 1));
        let g = compute(d, vec![obs(date(2026, 1, 1), 10.0), obs(date(2026, 2, 1), 20.0)]);
        assert_eq!((g.status, g.expected), (Status::Behind, Some(120.0)));
    }

    #[test]
    fn serializes_for_templates() {
        let g = compute(up(), vec![obs(date(2026, 1, 1), 10.0)]);
        let json = serde_json::to_string(&g).unwrap();
        assert!(json.contains("on_track") && json.contains("\"up\""), "{json}");
    }
}
