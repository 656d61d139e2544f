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
        let (mut line, mut col) = e.location().map_or((0, 0), |l| (l.line(), l.column()));
        let msg = clean_message(&e.to_string());
        // the parser points at the first of two equal keys; the second is the one to fix
        if let Some(key) = msg.strip_prefix("duplicate key `").and_then(|r| r.split('`').next())
            && let Some(&(second, _)) = top_level_keys(yaml).iter().filter(|(_, k)| *k == key).nth(1)
        {
            (line, col) = (second, 1);
        }
        let line = if line == 0 { 0 } else { line + first_line - 1 };
        Diagnostic::error(path, line, col, msg).with_source(file_text)
    })
}

/// Like [`parse`], but when `yaml` is well-formed and still does not fit `T`, every top-level key
/// that does not fit is reported (the parser itself stops at the first), each at its line.
pub fn parse_all<T: DeserializeOwned>(
    yaml: &str,
    path: &Path,
    first_line: usize,
    file_text: &str,
) -> Result<T, Vec<Diagnostic>> {
    let first = match parse::<T>(yaml, path, first_line, file_text) {
        Ok(v) => return Ok(v),
        Err(d) => d,
    };
    let Ok(serde_yaml::Value::Mapping(map)) = serde_yaml::from_str::<serde_yaml::Value>(yaml) else {
        return Err(vec![first]);
    };
    let keys: Vec<(usize, &str)> = top_level_keys(yaml);
    // the key the parser's own error is in: the last key that starts at or before its line
    let reported = keys.iter().rev().find(|(l, _)| l + first_line - 1 <= first.line).map(|&(_, k)| k);
    let mut all = vec![first];
    for (k, v) in map {
        let Some(key) = k.as_str().filter(|k| Some(*k) != reported) else { continue };
        let Some(&(line, _)) = keys.iter().find(|(_, name)| *name == key) else { continue };
        // the key alone, as YAML text again, so the parser's errors say where inside the key they are
        let single = serde_yaml::Mapping::from_iter([(k.clone(), v)]);
        let Ok(text) = serde_yaml::to_string(&single) else { continue };
        let Err(e) = serde_yaml::from_str::<T>(&text) else { continue };
        let mut msg = clean_message(&e.to_string());
        if msg.starts_with("missing key") && !msg.contains("(in `") {
            continue; // a key the document has elsewhere, not in this one
        }
        if !msg.contains(&format!("`{key}`")) {
            msg.push_str(&format!(" (in `{key}`)"));
        }
        // an unknown key is shown at the key, a value that does not fit at the value
        let text_line = yaml.lines().nth(line - 1).unwrap_or("");
        let value_col = |c: usize| c + 2 + text_line[c + 1..].len() - text_line[c + 1..].trim_start().len();
        let col = if msg.starts_with("unknown key") { 1 } else { text_line.find(':').map_or(1, value_col) };
        all.push(Diagnostic::error(path, line + first_line - 1, col, msg).with_source(file_text));
    }
    all.sort_by_key(|d| d.line);
    Err(all)
}

/// The top-level keys of a YAML mapping and their lines (1-based, within `yaml`).
fn top_level_keys(yaml: &str) -> Vec<(usize, &str)> {
    yaml.lines()
        .enumerate()
        .filter(|(_, l)| l.starts_with(|c: char| c.is_alphanumeric() || c == '_' || c == '"' || c == '\''))
        .filter_map(|(i, l)| {
            let (k, _) = l.split_once(':')?;
            Some((i + 1, k.trim().trim_matches(['"', '\''])))
        })
        .collect()
}

/// Renders any serializable value as YAML (used when writing new content files).
pub fn to_string<T: serde::Serialize>(value: &T) -> String {
    serde_yaml::to_string(value).unwrap_or_default()
}

/// The message without the parser's own ` at line N column M` positions (the diagnostic carries
/// the position, counted in the file rather than in the YAML block).
fn without_positions(msg: &str) -> String {
    let mut out = String::with_capacity(msg.len());
    let mut rest = msg;
    while let Some(i) = rest.find(" at line ") {
        out.push_str(&rest[..i]);
        let after = &rest[i + " at line ".len()..];
        let digits = |s: &str| s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let n = digits(after);
        match after[n..].strip_prefix(" column ") {
            Some(c) if n > 0 => rest = &c[digits(c)..],
            _ if n > 0 => rest = &after[n..],
            _ => {
                out.push_str(" at line ");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Drops the library's own " at line N column M" suffix (the diagnostic carries the position)
/// and words the common errors for writers rather than programmers.
fn clean_message(msg: &str) -> String {
    let msg = without_positions(msg);
    let msg = msg.as_str();
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
        .replace("expected a sequence", "expected a list")
        .replace("duplicate field", "duplicate key")
        .replace("found unexpected end of stream, while scanning a quoted scalar", "a quoted value is not closed")
        .replace("expected struct FrontMatter", "expected `key: value` lines")
        .replace("expected struct RawConfig", "expected `key: value` lines");
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
    fn every_key_that_does_not_fit_is_reported() {
        let yaml = "title: x\nweight: heavy\ntitel: y\nweigth: 3\n";
        let all = parse_all::<Doc>(yaml, Path::new("a.md"), 2, yaml).unwrap_err();
        let found: Vec<(usize, usize, &str)> =
            all.iter().map(|d| (d.line, d.col, d.message.split(':').next().unwrap())).collect();
        assert_eq!(found.len(), 3, "{all:?}");
        assert_eq!((found[0].0, found[0].1), (3, 9), "weight, at its value");
        assert!(all[1].message.starts_with("unknown key `titel`") && all[1].line == 4, "{all:?}");
        assert!(all[2].message.starts_with("unknown key `weigth`") && all[2].line == 5, "{all:?}");
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct WithCta {
            title: String,
            cta: Option<Cta>,
            #[serde(default)]
            weight: i64,
        }
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Cta {
            label: String,
            url: String,
        }
        let yaml = "title: x\nweight: heavy\ncta: { label: Join }\n";
        let all = parse_all::<WithCta>(yaml, Path::new("a.md"), 1, yaml).unwrap_err();
        assert_eq!(all.len(), 2, "{all:?}");
        assert!(all[1].message.contains("missing key `url`") && all[1].line == 3, "{all:?}");
        let nested = "title: x\nweight:\n  - 1\n";
        assert_eq!(parse_all::<Doc>(nested, Path::new("a.md"), 1, nested).unwrap_err().len(), 1, "one error per key");
        assert!(parse_all::<Doc>("title: [\n", Path::new("a.md"), 1, "").unwrap_err().len() == 1);
    }

    #[test]
    fn parser_positions_are_dropped_and_messages_worded_for_writers() {
        let d = err("title: \"x\n", 2);
        assert_eq!(d.message, "a quoted value is not closed");
        let d = err("title: x\ntitle: y\n", 2);
        assert_eq!((d.line, d.message.as_str()), (3, "duplicate key `title`"), "the second one");
        let d = err("- a\n- b\n", 2);
        assert!(d.message.contains("expected `key: value` lines") || d.message.contains("Doc"), "{}", d.message);
        assert_eq!(without_positions("a at line 3 column 4, b at line 5"), "a, b");
        assert_eq!(without_positions("at line x"), "at line x");
    }

    #[test]
    fn empty_parses_as_empty_mapping() {
        let v: serde_json::Value = parse("  \n", Path::new("a.md"), 1, "").unwrap();
        assert_eq!(v, serde_json::json!({}));
    }
}
