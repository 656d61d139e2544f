//! The one place that knows the YAML library: site.yaml and front matter are parsed here,
//! and YAML errors become diagnostics that point at the line of the file.

use serde::de::DeserializeOwned;
use std::path::Path;

use crate::error::Diagnostic;

/// Parses `yaml`, a fragment of `file_text` that starts on line `first_line` (1-based) of the file
/// at `path`, into `T`. An empty fragment parses as an empty mapping.
pub fn parse<T: DeserializeOwned>(
    yaml: &str,
    path: &Path,
    first_line: usize,
    file_text: &str,
) -> Result<T, Diagnostic> {
    let yaml = if yaml.trim().is_empty() { "{}" } else { yaml };
    serde_yaml::from_str(yaml).map_err(|e| {
        let (line, col) = e.location().map_or((0, 0), |l| (l.line() + first_line - 1, l.column()));
        Diagnostic::error(path, line, col, clean_message(&e.to_string())).with_source(file_text)
    })
}

/// Renders any serializable value as YAML (used when writing new content files).
pub fn to_string<T: serde::Serialize>(value: &T) -> String {
    serde_yaml::to_string(value).unwrap_or_default()
}

/// Drops the library's own " at line N column M" suffix (the diagnostic carries the position)
/// and words the common errors for writers rather than programmers.
fn clean_message(msg: &str) -> String {
    let msg = match msg.rfind(" at line ") {
        Some(i) => &msg[..i],
        None => msg,
    };
    let (key, rest) = match msg.split_once(": ") {
        Some((k, r)) if !k.contains(' ') && !k.is_empty() => (Some(k), r),
        _ => (None, msg),
    };
    let rest = match rest.strip_prefix("invalid type: ") {
        Some(r) => format!("wrong type: {r}"),
        None => rest.replace("unknown field", "unknown key").replace("missing field", "missing key"),
    };
    let rest = rest
        .replace("expected i64", "expected a whole number")
        .replace("expected u64", "expected a whole number")
        .replace("expected usize", "expected a whole number")
        .replace("expected f64", "expected a number")
        .replace("expected a sequence", "expected a list");
    match key {
        Some(k) => format!("{rest} (in `{k}`)"),
        None => rest,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        title: String,
        #[serde(default)]
        weight: i64,
    }

    fn err(yaml: &str, first_line: usize) -> Diagnostic {
        parse::<Doc>(yaml, Path::new("a.md"), first_line, yaml).unwrap_err()
    }

    #[test]
    fn unknown_key_points_at_its_line() {
        let d = err("title: x\ntitel: y\n", 2);
        assert_eq!((d.line, d.col), (3, 1));
        assert!(d.message.starts_with("unknown key `titel`"), "{}", d.message);
    }

    #[test]
    fn wrong_type_is_reported() {
        let d = err("title: x\nweight: heavy\n", 1);
        assert_eq!(d.line, 2);
        assert!(d.message.contains("wrong type"), "{}", d.message);
    }

    #[test]
    fn alias_bomb_is_an_error_not_a_hang() {
        let mut y = String::from("a: &a [x,x,x,x,x,x,x,x,x,x]\n");
        for i in 0..12 {
            let prev = if i == 0 { "a".to_string() } else { format!("b{}", i - 1) };
            y.push_str(&format!(
                "b{i}: &b{i} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
            ));
        }
        y.push_str("title: x\n");
        let r = parse::<serde_json::Value>(&y, Path::new("a.md"), 1, &y);
        assert!(r.is_err());
    }

    #[test]
    fn empty_parses_as_empty_mapping() {
        let v: serde_json::Value = parse("  \n", Path::new("a.md"), 1, "").unwrap();
        assert_eq!(v, serde_json::json!({}));
    }
}
