//! Data files: `data/NAME.yaml`, `.yml`, `.json` and `.csv`, parsed once into values that
//! templates read as `data.NAME` and campaigns count from.
//!
//! A CSV file becomes a list of rows, each a mapping from the header's names to the row's cells
//! (text, as written). A malformed file is an error at its line and column: YAML and JSON at the
//! parser's position, CSV at the row whose fields do not match the header.

use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::discover::{files_under, read_text};
use super::yaml;
use crate::error::Diagnostic;

/// One parsed data file.
#[derive(Debug, Clone)]
pub struct DataFile {
    /// `data/pledges.csv`
    pub display: PathBuf,
    pub text: String,
    pub value: Value,
    /// CSV only: the line each row starts on (1-based), by row.
    pub row_lines: Vec<usize>,
    /// When the file last changed, if the file system says.
    pub modified: Option<jiff::Timestamp>,
}

/// Every data file, by name (the file name without its extension).
pub type DataFiles = BTreeMap<String, DataFile>;

/// The formats data files may have.
const EXTENSIONS: [&str; 4] = ["yaml", "yml", "json", "csv"];

/// Reads and parses every file in `root/data/`. Every problem is reported.
pub fn load(root: &Path) -> Result<DataFiles, Vec<Diagnostic>> {
    let mut files = DataFiles::new();
    let mut errors = Vec::new();
    for (rel, abs) in files_under(&root.join("data")) {
        let display = Path::new("data").join(&rel);
        match load_one(&rel, &abs, &display) {
            Ok((name, file)) => {
                if let Some(other) = files.get(&name) {
                    let msg = format!(
                        "`data.{name}` is already {}: give one of the two files another name",
                        other.display.display()
                    );
                    errors.push(Diagnostic::error(&display, 1, 1, msg));
                } else {
                    files.insert(name, file);
                }
            }
            Err(d) => errors.push(d),
        }
    }
    if errors.is_empty() { Ok(files) } else { Err(errors) }
}

fn load_one(rel: &str, abs: &Path, display: &Path) -> Result<(String, DataFile), Diagnostic> {
    if rel.contains('/') {
        let msg = "data files live directly in data/: move this file up, or out of data/";
        return Err(Diagnostic::error(display, 1, 1, msg));
    }
    let (name, ext) = rel.rsplit_once('.').unwrap_or((rel, ""));
    let ext = ext.to_ascii_lowercase();
    if !EXTENSIONS.contains(&ext.as_str()) || name.is_empty() {
        let msg =
            "not a data file: data/ holds .yaml, .yml, .json and .csv files; move this one to static/ or elsewhere";
        return Err(Diagnostic::error(display, 1, 1, msg));
    }
    let text = read_text(abs, display)?;
    let (value, row_lines) = parse(&ext, &text, display)?;
    let modified =
        std::fs::metadata(abs).and_then(|m| m.modified()).ok().and_then(|t| jiff::Timestamp::try_from(t).ok());
    Ok((name.to_string(), DataFile { display: display.to_path_buf(), text, value, row_lines, modified }))
}

/// Parses a data file's text by its extension.
pub fn parse(ext: &str, text: &str, display: &Path) -> Result<(Value, Vec<usize>), Diagnostic> {
    match ext {
        "json" => serde_json::from_str(text).map(|v| (v, Vec::new())).map_err(|e| {
            let msg = format!("this JSON does not parse: {e}");
            let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
            Diagnostic::error(display, e.line(), e.column(), msg).with_source(text)
        }),
        "csv" => csv_rows(text, display),
        _ => yaml::parse::<Value>(display, text, 0..text.len()).map(|(v, _)| (v, Vec::new())),
    }
}

/// A CSV file as rows keyed by its header, and the line each row starts on.
fn csv_rows(text: &str, display: &Path) -> Result<(Value, Vec<usize>), Diagnostic> {
    let at = |line: u64, msg: String| Diagnostic::error(display, line as usize, 1, msg).with_source(text);
    let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(text.as_bytes());
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|s| s.trim().to_string()).collect(),
        Err(e) => return Err(at(1, format!("this CSV does not parse: {e}"))),
    };
    if let Some(i) = header.iter().position(String::is_empty) {
        return Err(at(1, format!("column {} of the header row has no name: name every column", i + 1)));
    }
    let mut rows = Vec::new();
    let mut lines = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            let msg = match e.kind() {
                csv::ErrorKind::UnequalLengths { expected_len, len, .. } => format!(
                    "this row has {len} fields and the header has {expected_len}: quote cells that hold a comma (\"Kell, upper\")"
                ),
                _ => format!("this CSV does not parse: {e}"),
            };
            at(line, msg)
        })?;
        lines.push(record.position().map_or(0, |p| p.line() as usize));
        let row: Map<String, Value> =
            header.iter().zip(record.iter()).map(|(k, v)| (k.clone(), cell_value(v))).collect();
        rows.push(Value::Object(row));
    }
    Ok((Value::Array(rows), lines))
}

/// A CSV cell as a template value: a number when it is written as one (`42`, `-3.5`, `1e6`, as
/// JSON writes numbers: `007` and `+5` stay text, as codes and phone numbers do), else text.
fn cell_value(cell: &str) -> Value {
    let t = cell.trim();
    let digits = t.strip_prefix('-').unwrap_or(t);
    let plain = digits.bytes().next().is_some_and(|b| b.is_ascii_digit())
        && !(digits.len() > 1 && digits.starts_with('0') && digits.as_bytes()[1].is_ascii_digit())
        && digits.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+'));
    if plain && let Ok(n) = serde_json::from_str::<serde_json::Number>(t) {
        return Value::Number(n);
    }
    Value::String(cell.to_string())
}

/// The data files as one template value: `data.NAME`.
pub fn template_value(files: &DataFiles) -> Value {
    Value::Object(files.iter().map(|(k, f)| (k.clone(), f.value.clone())).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csv(text: &str) -> Result<(Value, Vec<usize>), Diagnostic> {
        parse("csv", text, Path::new("data/x.csv"))
    }

    #[test]
    fn csv_rows_are_keyed_by_the_header() {
        let (v, lines) = csv("name,km\nKell,3\n\"Brant, upper\",2.5\n").unwrap();
        assert_eq!(v, serde_json::json!([{"name": "Kell", "km": 3}, {"name": "Brant, upper", "km": 2.5}]));
        assert_eq!(lines, [2, 3]);
    }

    #[test]
    fn csv_numbers_are_numbers_and_codes_stay_text() {
        let (v, _) = csv("a,b,c,d,e,f,g\n-3.5,1e6,007,+5,12 km, 42 ,0.5\n").unwrap();
        assert_eq!(
            v,
            serde_json::json!([{"a": -3.5, "b": 1e6, "c": "007", "d": "+5", "e": "12 km", "f": 42, "g": 0.5}])
        );
    }

    #[test]
    fn csv_errors_name_the_row() {
        let e = csv("name,km\nKell,3\nBrant,upper,2\n").unwrap_err();
        assert_eq!(e.line, 3);
        assert!(e.message.contains("this row has 3 fields and the header has 2"), "{}", e.message);
        let e = csv("name,,km\n").unwrap_err();
        assert!(e.message.contains("column 2 of the header row has no name"), "{}", e.message);
    }

    #[test]
    fn json_errors_have_a_line_and_column() {
        let e = parse("json", "{\n  \"a\": 1,\n  \"b\": \n}\n", Path::new("data/x.json")).unwrap_err();
        assert_eq!((e.line, e.col), (4, 1));
        assert!(e.message.starts_with("this JSON does not parse"), "{}", e.message);
    }
}
