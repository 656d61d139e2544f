//! PLACEHOLDER
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
#[derive(Debug, Clone, serde::Serialize)]
pub struct GoalProgress {
    pub def: GoalDef,
    pub current: Option<f64>,
    pub progress: Option<f64>,
    pub percent: Option<u32>,
    pub status: Status,
    pub status_label: &'static str,
    pub history: Vec<Observation>,
    pub expected: Option<f64>,
    pub summary: String,
}
pub fn compute(def: GoalDef, history: Vec<Observation>) -> GoalProgress {
    GoalProgress {
        def,
        current: None,
        progress: None,
        percent: None,
        status: Status::NoData,
        status_label: "No data",
        history,
        expected: None,
        summary: String::new(),
    }
}
pub fn format_number(v: f64) -> String {
    v.to_string()
}
