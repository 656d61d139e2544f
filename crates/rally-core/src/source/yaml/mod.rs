//! The one place that knows the YAML library: site.yaml, theme.yaml and front matter are parsed
//! here, each with the position index of its keys and values, taken from the parser's own marks.
//! YAML errors become diagnostics that point at the line and value in the file.

pub mod edit;
mod events;
mod index;
mod messages;

use serde::de::DeserializeOwned;
use std::ops::Range;
use std::path::Path;

use crate::error::{Diagnostic, Location, Span};
pub use index::{Entry, Positions};
pub use messages::unknown_key_among;

/// Parses the YAML at `range` of `text`, the whole file at `path`, into `T` with the positions
/// of its keys. An empty document parses as an empty mapping. The first problem is reported.
pub fn parse<T: DeserializeOwned>(path: &Path, text: &str, range: Range<usize>) -> Result<(T, Positions), Diagnostic> {
    parse_all(path, text, range).map_err(|mut all| all.remove(0))
}

/// Like [`parse`], but when the YAML is well-formed and still does not fit `T`, every top-level
/// key that does not fit is reported (the deserializer itself stops at the first), each at its
/// place, sorted by line.
pub fn parse_all<T: DeserializeOwned>(
    path: &Path,
    text: &str,
    range: Range<usize>,
) -> Result<(T, Positions), Vec<Diagnostic>> {
    let yaml = &text[range.clone()];
    let first_line = 1 + text[..range.start].matches('\n').count();
    let doc = if yaml.trim().is_empty() { "{}" } else { yaml };
    let Some(events) = events::events(doc) else {
        return Err(vec![syntax_error(path, text, doc, range.start, first_line)]);
    };
    let positions = Positions::build(&events, text, range.start, first_line);
    let mut all = commented_out(path, text, &positions);
    all.extend(positions.duplicates.iter().map(|(p, at)| {
        let first = positions.key(p).map_or(String::new(), |f| format!(" (first at line {})", f.line));
        let msg = format!("{} is written twice{first}: keep one", messages::describe(p, &positions));
        Diagnostic::error_at(path, text, *at, msg)
    }));
    match serde_yaml::from_str::<T>(doc) {
        Ok(v) if all.is_empty() => return Ok((v, positions)),
        Ok(_) => {}
        // a key written twice is reported above, at the second one
        Err(e)
            if !positions.duplicates.is_empty() && messages::split_path(&e.to_string()).1.starts_with("duplicate") => {}
        Err(e) => {
            let at = e
                .location()
                .map(|l| in_doc(doc, range.start, first_line, (l.line(), l.column()), 1))
                .or(positions.second_document);
            let first = misfit(path, text, &positions, &e.to_string(), at);
            let in_first = top_key(&first.1).to_string();
            all.push(first.0);
            all.extend(other_misfits::<T>(doc, &in_first, path, text, &positions));
        }
    }
    all.sort_by_key(|d| (d.line, d.col));
    all.dedup();
    Err(all)
}

/// The first key of a path: `goals` of `goals[2].key`.
fn top_key(path: &str) -> &str {
    path.split(['.', '[']).next().unwrap_or("")
}

/// Every top-level key other than `reported` that does not fit `T`, each read alone again so the
/// deserializer says what is wrong inside it.
fn other_misfits<T: DeserializeOwned>(
    doc: &str,
    reported: &str,
    path: &Path,
    text: &str,
    positions: &Positions,
) -> Vec<Diagnostic> {
    let Ok(serde_yaml::Value::Mapping(map)) = serde_yaml::from_str::<serde_yaml::Value>(doc) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (k, v) in map {
        let Some(key) = k.as_str().filter(|k| *k != reported) else { continue };
        let single = serde_yaml::Mapping::from_iter([(k.clone(), v)]);
        let Ok(alone) = serde_yaml::to_string(&single) else { continue };
        let Err(e) = serde_yaml::from_str::<T>(&alone) else { continue };
        let (d, at) = misfit(path, text, positions, &e.to_string(), None);
        // a key the document has elsewhere, not one of this key's
        if top_key(&at) == key {
            out.push(d);
        }
    }
    out
}

/// The diagnostic for a deserializer error `raw` (`path: message at line L column C`), placed with
/// the index: an unknown key at the key, a missing key at its mapping, any other at the value.
/// Returns the key path the problem is at too (the unknown key's own path for unknown keys).
fn misfit(
    path: &Path,
    text: &str,
    positions: &Positions,
    raw: &str,
    parser_at: Option<Location>,
) -> (Diagnostic, String) {
    let msg = messages::without_positions(raw);
    let (at, problem) = messages::split_path(&msg);
    let unknown = problem.strip_prefix("unknown field `").and_then(|r| r.split('`').next());
    let key_path = match unknown {
        Some(k) if at.is_empty() => k.to_string(),
        Some(k) => format!("{at}.{k}"),
        None => at.to_string(),
    };
    let inside = if at.is_empty() { String::new() } else { messages::describe(at, positions) };
    let (loc, worded) = if let Some(key) = unknown {
        let loc = positions.key(&key_path);
        let mut worded = messages::unknown_key(problem, &inside);
        if let Some(hint) = loc.and_then(|l| messages::comma_in_flow_value(text, l.span.offset, key)) {
            worded = format!("{worded}; {hint}");
        }
        (loc, worded)
    } else if let Some(rest) = problem.strip_prefix("missing field") {
        let place = if at.is_empty() { String::new() } else { format!(" in {inside}") };
        (positions.key(at).filter(|_| !at.is_empty()), format!("missing key{rest}{place}"))
    } else {
        let place = match inside.as_str() {
            "" => String::new(),
            _ if inside.contains('(') => format!(", in {inside}"),
            _ => format!(" (in {inside})"),
        };
        (positions.value(at).filter(|_| !at.is_empty()), format!("{}{place}", messages::worded(problem)))
    };
    let missing = problem.starts_with("missing field");
    let loc = loc.or(parser_at.filter(|_| !missing)).unwrap_or_else(|| positions.start());
    (Diagnostic::error_at(path, text, loc, worded), key_path)
}

/// Values that came out empty because the line goes on with a comment: `primary: #0b6e4f`.
fn commented_out(path: &Path, text: &str, positions: &Positions) -> Vec<Diagnostic> {
    positions
        .commented_out
        .iter()
        .filter(|(_, _, comment)| comment.len() > 1 && !comment[1..].starts_with([' ', '\t', '#']))
        .map(|(p, at, comment)| {
            let key = p.rsplit(['.', ']']).next().unwrap_or(p);
            let key = if key.is_empty() { p.as_str() } else { key };
            let msg = format!(
                "{} has no value: YAML reads `{comment}` as a comment; put the value in quotes, `{key}: \"{comment}\"`",
                messages::describe(p, positions)
            );
            Diagnostic::error_at(path, text, *at, msg)
        })
        .collect()
}

/// A document the parser cannot read: the error at its place, worded for writers.
fn syntax_error(path: &Path, text: &str, doc: &str, offset: usize, first_line: usize) -> Diagnostic {
    let (raw, line, col) = match serde_yaml::from_str::<serde_yaml::Value>(doc) {
        Err(e) => {
            let raw = e.to_string();
            let (l, c) =
                messages::context_position(&raw).or(e.location().map(|l| (l.line(), l.column()))).unwrap_or((1, 1));
            (messages::without_positions(&raw), l, c)
        }
        Ok(_) => ("the parser stopped here".to_string(), 1, 1),
    };
    let lines: Vec<&str> = doc.split('\n').map(|l| l.trim_end_matches('\r')).collect();
    let found = messages::syntax(&raw, &lines, line, col, first_line);
    let loc = in_doc(doc, offset, first_line, (found.line.unwrap_or(line), found.col), found.len);
    Diagnostic::error_at(path, text, loc, found.message)
}

/// The location of `len` bytes at (`line`, `col`) (1-based, columns in characters) of `doc`, a
/// document that starts at byte `offset` and line `first_line` of its file. Scans `doc` up to
/// that line: for the one error the parser or deserializer stops at.
fn in_doc(doc: &str, offset: usize, first_line: usize, (line, col): (usize, usize), len: usize) -> Location {
    let line_start: usize = doc.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
    let this = doc.get(line_start..).unwrap_or("").split('\n').next().unwrap_or("");
    let in_line = this.char_indices().nth(col.saturating_sub(1)).map_or(this.len(), |(i, _)| i);
    Location {
        line: line + first_line - 1,
        col,
        span: Span { offset: offset + (line_start + in_line).min(doc.len()), len },
    }
}

/// Renders any serializable value as YAML (used when writing new content files).
pub fn to_string<T: serde::Serialize>(value: &T) -> String {
    serde_yaml::to_string(value).unwrap_or_default()
}

#[cfg(test)]
mod tests;
