//! Campaigns: pledges, petitions and fundraisers with a target and a count.
//!
//! The count is a number, or is counted from a data file: its rows (`count: { from:
//! data/pledges.csv }`), or the sum of one column (`{ from: data/gifts.csv, sum: amount }`), plus
//! any `adjustments` (paper pledges, offline gifts). Once the count passes the target, the next
//! milestone is the next round number above it (1, 1.5, 2, 2.5, 3, 4, 5, 7.5 times a power of
//! ten), the way petition sites raise their goal. Time left is counted in whole days to the end
//! of the `deadline` day (UTC), from the build time.

use jiff::civil;

use crate::source::data::DataFiles;
pub use crate::source::front_matter::{Adjustment, CampaignKind, CountFrom, CountSpec, Cta};

/// A campaign's front matter, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct CampaignData {
    pub kind: CampaignKind,
    pub target: f64,
    pub unit: Option<String>,
    pub deadline: Option<civil::Date>,
    pub count_spec: CountSpec,
    pub adjustments: Vec<Adjustment>,
    pub cta: Option<Cta>,
    /// The count with the adjustments, worked out by [`count`].
    pub count: f64,
}

/// A problem counting: where it is (`None`: at the campaign's `count` key; else a data file's
/// path and line) and what is wrong.
pub type CountError = (Option<(std::path::PathBuf, usize)>, String);

/// The name of the data file `from` names: `data/pledges.csv` and `pledges` both name `pledges`.
pub fn data_name(from: &str) -> &str {
    let name = from.trim().trim_start_matches("./").trim_start_matches("data/");
    name.rsplit_once('.').map_or(name, |(stem, _)| stem)
}

/// A cell as a number: `1200`, `1,200`, ` 42.5 ` (a currency sign in front is allowed).
fn number(v: &serde_json::Value) -> Option<f64> {
    match v {
        serde_json::Value::Number(n) => n.as_f64(),
        serde_json::Value::String(s) => {
            let s = s.trim().trim_start_matches(['£', '$', '€', '¥', '₹']).replace([',', '_'], "");
            s.trim().parse::<f64>().ok().filter(|n| n.is_finite())
        }
        _ => None,
    }
}

/// The count before adjustments, from the spec and the data files.
pub fn base_count(spec: &CountSpec, data: &DataFiles) -> Result<f64, CountError> {
    let CountFrom { from, sum } = match spec {
        CountSpec::Number(n) => return Ok(*n),
        CountSpec::From(f) => f,
    };
    let name = data_name(from);
    let Some(file) = data.get(name) else {
        let known: Vec<String> = data.values().map(|f| f.display.display().to_string()).collect();
        let hint = if known.is_empty() {
            "there is no data/ folder".to_string()
        } else {
            format!("data files: {}", known.join(", "))
        };
        return Err((None, format!("no data file `{from}` to count from ({hint})")));
    };
    let Some(rows) = file.value.as_array() else {
        return Err((None, format!("{} is not a list of rows to count", file.display.display())));
    };
    let Some(column) = sum else { return Ok(rows.len() as f64) };
    let mut total = 0.0;
    for (i, row) in rows.iter().enumerate() {
        let cell = row.get(column.as_str());
        let line = file.row_lines.get(i).copied().unwrap_or(0);
        let at = Some((file.display.clone(), line));
        match cell {
            None => {
                return Err((
                    at,
                    format!("row {} has no `{column}` to sum (the campaign counts `sum: {column}`)", i + 1),
                ));
            }
            Some(v) if v.as_str().is_some_and(|s| s.trim().is_empty()) => {}
            Some(v) => match number(v) {
                Some(n) => total += n,
                None => {
                    return Err((
                        at,
                        format!(
                            "`{column}` is `{}` in row {}, which is not a number",
                            v.as_str().unwrap_or(&v.to_string()),
                            i + 1
                        ),
                    ));
                }
            },
        }
    }
    Ok(total)
}

/// The count with the adjustments.
pub fn count(spec: &CountSpec, adjustments: &[Adjustment], data: &DataFiles) -> Result<f64, CountError> {
    Ok(base_count(spec, data)? + adjustments.iter().map(|a| a.value).sum::<f64>())
}

/// The round number the count aims at next once it passed `target`; `target` until then.
pub fn milestone(count: f64, target: f64) -> f64 {
    if count < target || !count.is_finite() || count <= 0.0 {
        return target;
    }
    let mut scale = 10f64.powi(count.log10().floor() as i32);
    loop {
        for step in [1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 7.5] {
            let m = step * scale;
            if m > count {
                return m;
            }
        }
        scale *= 10.0;
    }
}

/// Is the campaign still open on `today`?
pub fn is_open(deadline: Option<civil::Date>, today: civil::Date) -> bool {
    deadline.is_none_or(|d| d >= today)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::data::DataFile;
    use serde_json::json;

    fn data(name: &str, value: serde_json::Value, lines: Vec<usize>) -> DataFiles {
        let file = DataFile {
            display: format!("data/{name}.csv").into(),
            text: String::new(),
            value,
            row_lines: lines,
            modified: None,
        };
        DataFiles::from([(name.to_string(), file)])
    }

    #[test]
    fn counts_rows_or_sums_a_column_plus_adjustments() {
        let d = data(
            "pledges",
            json!([{"name": "a", "gift": "£10"}, {"name": "b", "gift": "1,200.5"}, {"name": "c", "gift": ""}]),
            vec![2, 3, 4],
        );
        let rows = CountSpec::From(CountFrom { from: "data/pledges.csv".into(), sum: None });
        assert_eq!(count(&rows, &[], &d).unwrap(), 3.0);
        let adj = [Adjustment { value: 312.0, note: None }];
        assert_eq!(count(&rows, &adj, &d).unwrap(), 315.0);
        let sum = CountSpec::From(CountFrom { from: "pledges".into(), sum: Some("gift".into()) });
        assert_eq!(count(&sum, &[], &d).unwrap(), 1210.5);
        assert_eq!(count(&CountSpec::Number(40.0), &adj, &d).unwrap(), 352.0);
    }

    #[test]
    fn counting_problems_say_where() {
        let d = data("gifts", json!([{"amount": "5"}, {"amount": "five"}]), vec![2, 3]);
        let spec = CountSpec::From(CountFrom { from: "data/gifts.csv".into(), sum: Some("amount".into()) });
        let (at, msg) = count(&spec, &[], &d).unwrap_err();
        assert_eq!(at, Some(("data/gifts.csv".into(), 3)));
        assert!(msg.contains("`amount` is `five` in row 2"), "{msg}");
        let spec = CountSpec::From(CountFrom { from: "data/gifts.csv".into(), sum: Some("amt".into()) });
        assert!(count(&spec, &[], &d).unwrap_err().1.contains("row 1 has no `amt`"));
        let spec = CountSpec::From(CountFrom { from: "data/pledges.csv".into(), sum: None });
        let (at, msg) = count(&spec, &[], &d).unwrap_err();
        assert_eq!(at, None);
        assert!(msg.contains("no data file `data/pledges.csv`") && msg.contains("data/gifts.csv"), "{msg}");
    }

    #[test]
    fn milestones_rise_in_round_steps_once_the_target_is_passed() {
        assert_eq!(milestone(4200.0, 5000.0), 5000.0);
        assert_eq!(milestone(5000.0, 5000.0), 7500.0);
        assert_eq!(milestone(5312.0, 5000.0), 7500.0);
        assert_eq!(milestone(7600.0, 5000.0), 10000.0);
        assert_eq!(milestone(10001.0, 5000.0), 15000.0);
        assert_eq!(milestone(120.0, 100.0), 150.0);
    }

    #[test]
    fn open_until_the_end_of_the_deadline_day() {
        let today = civil::date(2026, 12, 1);
        assert!(is_open(Some(today), today) && !is_open(Some(civil::date(2026, 11, 30)), today));
    }
}
