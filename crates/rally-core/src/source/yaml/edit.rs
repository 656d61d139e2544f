//! Edits of a YAML document that keep its layout: a changed top-level key has only its value's
//! text replaced (found with the position index), a removed key loses its lines, a new key is
//! added at the end. Comments, the order of keys and the quoting of every other value stay as
//! they were written, byte for byte.

use std::ops::Range;

use super::Positions;

/// One change to a top-level key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// Gives `key` this value, written as YAML (see [`scalar`], [`flow_list`], [`flow_map`]).
    Set(String, String),
    /// Takes `key` (and its value's lines) out.
    Remove(String),
}

/// `text` (a whole file) with `edits` made to the YAML document at `range`, whose keys are
/// indexed in `positions` (built from the same text).
pub fn apply(text: &str, range: Range<usize>, positions: &Positions, edits: &[Edit]) -> String {
    // replacements in the file, made from the last to the first so offsets stay true
    let mut spans: Vec<(Range<usize>, String)> = Vec::new();
    let mut added = String::new();
    for edit in edits {
        let (key, value) = match edit {
            Edit::Set(k, v) => (k, Some(v)),
            Edit::Remove(k) => (k, None),
        };
        let Some(entry) = positions.get(key).filter(|e| e.key.is_some()) else {
            if let Some(v) = value {
                added.push_str(&line(key, v));
            }
            continue;
        };
        let key_at = entry.key.map_or(entry.value.span.offset, |k| k.span.offset);
        let start = entry.value.span.offset;
        // a block scalar's span takes in the line break after it
        let end = start + text[start..start + entry.value.span.len].trim_end().len();
        match value {
            None => {
                let from = text[..key_at].rfind('\n').map_or(0, |i| i + 1);
                let to = text[end..].find('\n').map_or(text.len(), |i| end + i + 1);
                spans.push((from..to, String::new()));
            }
            Some(v) => {
                let same_line = !text[key_at..start].contains('\n');
                // a block list or mapping starts on a later line: the new value goes after the colon
                let from = if same_line && !is_empty_value(entry) {
                    start
                } else {
                    key_at + text[key_at..start].find(':').map_or(0, |i| i + 1)
                };
                let sep = if from == start && !is_empty_value(entry) { "" } else { " " };
                let v = if multiline(v) { v.clone() } else { v.trim().to_string() };
                spans.push((from..end.max(from), format!("{sep}{v}")));
            }
        }
    }
    spans.sort_by_key(|(r, _)| std::cmp::Reverse(r.start));
    let mut out = text.to_string();
    let insert_at = range.end;
    if !added.is_empty() {
        let needs_newline = insert_at > range.start && !text[..insert_at].ends_with('\n');
        out.insert_str(insert_at, &format!("{}{added}", if needs_newline { "\n" } else { "" }));
    }
    for (r, with) in spans {
        out.replace_range(r, &with);
    }
    out
}

/// A key given with nothing after its colon: its value's place is where the parser put the empty
/// scalar (after the colon).
fn is_empty_value(entry: &super::Entry) -> bool {
    entry.value.span.len == 0
}

fn multiline(v: &str) -> bool {
    v.trim_end().contains('\n')
}

/// `key: value` as a line of the document (a block value on the lines below).
fn line(key: &str, value: &str) -> String {
    let value = value.trim_end();
    if value.starts_with('\n') { format!("{key}:{value}\n") } else { format!("{key}: {value}\n") }
}

/// A string as a YAML value, quoted only when YAML needs it; text of several lines as a block
/// (`|-`) indented for a top-level key.
pub fn scalar(s: &str) -> String {
    super::to_string(&s).trim_end().to_string()
}

/// A list of strings in flow style: `[cleanups, "a: b"]`.
pub fn flow_list(items: &[String]) -> String {
    let items: Vec<String> = items.iter().map(|i| flow_scalar(i)).collect();
    format!("[{}]", items.join(", "))
}

/// A mapping of strings in flow style: `{ name: Kell Bridge, address: Mill Lane }`.
pub fn flow_map(entries: &[(&str, String)]) -> String {
    let items: Vec<String> = entries.iter().map(|(k, v)| format!("{k}: {}", flow_scalar(v))).collect();
    format!("{{ {} }}", items.join(", "))
}

/// A scalar that may stand inside `[...]` or `{...}`: quoted when it holds a flow indicator.
fn flow_scalar(s: &str) -> String {
    let plain = scalar(s);
    let flow_indicator = plain.contains(['[', ']', '{', '}', ',', '\n']) && !plain.starts_with(['"', '\'']);
    if flow_indicator || plain.starts_with(['|', '>']) { serde_json::to_string(s).unwrap_or_default() } else { plain }
}

/// A block of YAML (a list or mapping as the writer typed it) as the value of a top-level key:
/// on the lines below, indented by two spaces; flow text (one line) stays on the key's line.
pub fn block(yaml: &str) -> String {
    let yaml = yaml.trim_end();
    if !yaml.contains('\n') {
        return yaml.trim().to_string();
    }
    let mut out = String::new();
    for l in yaml.lines() {
        out.push('\n');
        if !l.trim().is_empty() {
            out.push_str("  ");
            out.push_str(l.trim_end());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// Applies `edits` to the front matter of `file`.
    fn edit(file: &str, edits: &[Edit]) -> String {
        let split = crate::source::front_matter::split(file, Path::new("a.md")).unwrap();
        let range = split.yaml_offset..split.yaml_offset + split.yaml.len();
        let (_, positions): (serde_yaml::Value, _) =
            super::super::parse(Path::new("a.md"), file, range.clone()).unwrap();
        apply(file, range, &positions, edits)
    }

    fn set(k: &str, v: &str) -> Edit {
        Edit::Set(k.into(), v.into())
    }

    const FILE: &str = "---\n# The autumn clean-up\ntitle: 'Old title'   # keep it short\ndate: 2025-10-11\n\
                        location: { name: \"Kell Bridge\", address: Mill Lane }\ntags:\n  - cleanups   # first\n  - volunteers\n\
                        summary: |\n  Ninety-three volunteers,\n  three skips.\nnote: >\n  folded\n  text\n\
                        status: scheduled                   # scheduled | cancelled\n---\nBody\n";

    #[test]
    fn a_changed_scalar_keeps_everything_else() {
        let out = edit(FILE, &[set("title", &scalar("New: title"))]);
        assert_eq!(out, FILE.replace("'Old title'", "'New: title'"));
        let out = edit(FILE, &[set("status", "postponed")]);
        assert_eq!(out, FILE.replace("status: scheduled   ", "status: postponed   "));
    }

    #[test]
    fn flow_maps_block_lists_and_block_text_are_replaced_whole() {
        let loc = flow_map(&[("name", "Mill, Lane".into()), ("address", "".into())]);
        let out = edit(FILE, &[set("location", &loc)]);
        assert!(out.contains("location: { name: \"Mill, Lane\", address: '' }\ntags:\n"), "{out}");
        let out = edit(FILE, &[set("tags", &flow_list(&["a".into(), "b c".into()]))]);
        assert!(out.contains("tags: [a, b c]\nsummary: |\n"), "{out}");
        assert!(!out.contains("volunteers\n") || out.contains("Ninety"), "{out}");
        let out = edit(FILE, &[set("summary", &scalar("One line"))]);
        assert!(out.contains("summary: One line\nnote: >\n  folded\n"), "{out}");
        let out = edit(FILE, &[set("note", &scalar("two\nlines"))]);
        assert!(out.contains("note: |-\n  two\n  lines\nstatus: scheduled"), "{out}");
        let out = edit(FILE, &[set("summary", &scalar("a\nb")), set("title", "T")]);
        assert!(out.starts_with("---\n# The autumn clean-up\ntitle: T   # keep it short\n"), "{out}");
        assert!(out.contains("summary: |-\n  a\n  b\nnote: >"), "{out}");
    }

    #[test]
    fn keys_are_removed_with_their_lines_and_new_ones_added_at_the_end() {
        let out = edit(FILE, &[Edit::Remove("tags".into()), set("draft", "true")]);
        assert!(out.contains("Mill Lane }\nsummary: |"), "{out}");
        assert!(out.ends_with("# scheduled | cancelled\ndraft: true\n---\nBody\n"), "{out}");
        let out = edit(FILE, &[Edit::Remove("location".into()), Edit::Remove("nothing".into())]);
        assert_eq!(out, FILE.replace("location: { name: \"Kell Bridge\", address: Mill Lane }\n", ""));
        let out = edit(FILE, &[set("goals", &block("- key: km\n  target: 3"))]);
        assert!(out.ends_with("cancelled\ngoals:\n  - key: km\n    target: 3\n---\nBody\n"), "{out}");
        let parsed: serde_yaml::Value =
            serde_yaml::from_str(crate::source::front_matter::split(&out, Path::new("a")).unwrap().yaml).unwrap();
        assert_eq!(parsed["goals"][0]["target"], 3);
    }

    #[test]
    fn empty_values_and_empty_documents() {
        let out = edit("---\ntitle:\ndate: 2025-01-01\n---\n", &[set("title", "Hello")]);
        assert_eq!(out, "---\ntitle: Hello\ndate: 2025-01-01\n---\n");
        let out = edit("---\n---\nBody\n", &[set("title", "Hello")]);
        assert_eq!(out, "---\ntitle: Hello\n---\nBody\n");
        let out = edit("---\r\ntitle: A\r\n---\r\n", &[set("title", "B")]);
        assert_eq!(out, "---\r\ntitle: B\r\n---\r\n");
    }
}
