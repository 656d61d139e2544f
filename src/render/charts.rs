//! PLACEHOLDER
use crate::model::goals::GoalProgress;
pub fn progress_bar(_g: &GoalProgress) -> String {
    String::new()
}
pub fn history_chart(_g: &GoalProgress) -> String {
    String::new()
}
