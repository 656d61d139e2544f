//! The position index of a YAML document: for every key path (`title`, `brand.primary`,
//! `goals[2].target`), where its key and its value are written in the file. Built once from the
//! parser's events, in time linear in the document; each lookup is a hash map access.

use std::collections::HashMap;

use super::events::{Event, Kind, Mark};
use crate::error::{Location, Span};

/// Where one key path is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The key (`None` for items of a list and for the whole document).
    pub key: Option<Location>,
    /// The value: a scalar with its quotes, or a whole list or mapping.
    pub value: Location,
    /// The text of a scalar value.
    pub scalar: Option<String>,
}

/// Where the keys and values of one YAML document are, in the coordinates of the whole file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Positions {
    entries: HashMap<String, Entry>,
    /// The first line of the file, where problems about keys that are missing are reported.
    start: Option<Location>,
    /// Keys written twice in one mapping: the path and the second key.
    pub(super) duplicates: Vec<(String, Location)>,
    /// Values left empty because what follows the colon is read as a comment (`primary: #0b6e4f`):
    /// the path, the place after the colon and the comment text.
    pub(super) commented_out: Vec<(String, Location, String)>,
    /// Where a second document starts (its `---` line), if the text has one.
    pub(super) second_document: Option<Location>,
}

/// Maps the parser's marks in a fragment of a file to locations in the whole file.
#[derive(Clone, Copy)]
struct Frame {
    offset: usize,
    first_line: usize,
}

impl Frame {
    fn loc(self, start: Mark, end: Mark) -> Location {
        Location {
            line: start.line + self.first_line,
            col: start.col + 1,
            span: Span { offset: self.offset + start.offset, len: end.offset.saturating_sub(start.offset) },
        }
    }
}

/// A mapping or list being read, and the path of its entries.
enum Open {
    Map {
        path: String,
        key: Option<(String, Location)>,
        skip_value: bool,
    },
    Seq {
        path: String,
        next: usize,
    },
    /// A key that is itself a list or mapping: its content has no path.
    Ignored,
}

impl Positions {
    /// The index of `events`, parsed from `file[offset..]`, which starts on line `first_line`.
    pub fn build(events: &[Event], file: &str, offset: usize, first_line: usize) -> Positions {
        let frame = Frame { offset, first_line };
        // a front matter's opening `---` is underlined; the first key of a YAML file is not
        let fence = file.split('\n').next().is_some_and(|l| l.trim_end() == "---");
        let start = Location { line: 1, col: 1, span: Span { offset: 0, len: if fence { 3 } else { 0 } } };
        let mut index = Positions { start: Some(start), ..Positions::default() };
        let mut open: Vec<Open> = Vec::new();
        let mut starts: Vec<String> = Vec::new();
        for ev in events {
            let here = frame.loc(ev.start, ev.end);
            if matches!(ev.kind, Kind::MappingEnd | Kind::SequenceEnd) {
                let path = starts.pop();
                if let (Some(path), Some(Open::Map { .. } | Open::Seq { .. })) = (path, open.pop())
                    && let Some(e) = index.entries.get_mut(&path)
                {
                    let end = (here.span.offset + here.span.len).min(file.len());
                    let written = file.get(e.value.span.offset..end).map_or(0, |v| v.trim_end().len());
                    e.value.span.len = written;
                }
                continue;
            }
            match ev.kind {
                // only the first document is read (a second one is an error of its own)
                Kind::DocumentStart if !index.entries.is_empty() => {
                    index.second_document = Some(here);
                    break;
                }
                Kind::DocumentStart | Kind::Other => continue,
                _ => {}
            }
            let Some((path, key)) = index.place(&mut open, &ev.kind, here) else {
                if matches!(ev.kind, Kind::MappingStart | Kind::SequenceStart) {
                    open.push(Open::Ignored);
                    starts.push(String::new());
                }
                continue;
            };
            let scalar = match &ev.kind {
                Kind::Scalar { value, plain } => {
                    if *plain && value.is_empty() {
                        index.note_comment(&path, here, file);
                    }
                    Some(value.clone())
                }
                _ => None,
            };
            match ev.kind {
                Kind::MappingStart => open.push(Open::Map { path: path.clone(), key: None, skip_value: false }),
                Kind::SequenceStart => open.push(Open::Seq { path: path.clone(), next: 0 }),
                _ => {}
            }
            if matches!(ev.kind, Kind::MappingStart | Kind::SequenceStart) {
                starts.push(path.clone());
            }
            if index.entries.contains_key(&path) {
                if let Some(k) = key {
                    index.duplicates.push((path, k));
                }
                continue;
            }
            index.entries.insert(path, Entry { key, value: here, scalar });
        }
        index
    }

    /// The path of the node that starts at `here` and the location of its key, or `None` when the
    /// node is a key itself (remembered for its value) or has no path.
    fn place(&mut self, open: &mut [Open], kind: &Kind, here: Location) -> Option<(String, Option<Location>)> {
        match open.last_mut() {
            None => Some((String::new(), None)),
            Some(Open::Ignored) => None,
            Some(Open::Seq { path, next }) => {
                *next += 1;
                Some((format!("{path}[{}]", *next - 1), None))
            }
            Some(Open::Map { path, key, skip_value }) => match key.take() {
                Some((name, at)) => Some((join(path, &name), Some(at))),
                None if *skip_value => {
                    *skip_value = false;
                    None
                }
                None => {
                    match kind {
                        Kind::Scalar { value, .. } => *key = Some((value.clone(), here)),
                        _ => *skip_value = true,
                    }
                    None
                }
            },
        }
    }

    /// Records an empty value whose line goes on with a comment right after the colon.
    fn note_comment(&mut self, path: &str, here: Location, file: &str) {
        let rest = file.get(here.span.offset..).unwrap_or("");
        let rest = &rest[..rest.find('\n').unwrap_or(rest.len())];
        let trimmed = rest.trim_start_matches([' ', '\t']);
        if trimmed.starts_with('#') && trimmed.len() < rest.len() {
            let comment = trimmed.trim_end().to_string();
            let at = Location {
                line: here.line,
                col: here.col + rest.len() - trimmed.len(),
                span: Span { offset: here.span.offset + rest.len() - trimmed.len(), len: comment.len() },
            };
            self.commented_out.push((path.to_string(), at, comment));
        }
    }

    pub fn get(&self, path: &str) -> Option<&Entry> {
        self.entries.get(path)
    }

    /// Where the value of `path` is written.
    pub fn value(&self, path: &str) -> Option<Location> {
        self.entries.get(path).map(|e| e.value)
    }

    /// Where the key of `path` is written (its value, for list items).
    pub fn key(&self, path: &str) -> Option<Location> {
        self.entries.get(path).map(|e| e.key.unwrap_or(e.value))
    }

    /// The text of the scalar value at `path`.
    pub fn scalar(&self, path: &str) -> Option<&str> {
        self.entries.get(path).and_then(|e| e.scalar.as_deref())
    }

    /// The first line of the file: where a key that is not written is reported.
    pub fn start(&self) -> Location {
        self.start.unwrap_or(Location { line: 1, col: 1, span: Span { offset: 0, len: 0 } })
    }

    /// The value of `path`, or the start of the file when the key is not written.
    pub fn value_or_start(&self, path: &str) -> Location {
        self.value(path).unwrap_or_else(|| self.start())
    }

    /// Every key path and its entry, sorted by path (for tests and snapshots).
    pub fn sorted(&self) -> Vec<(&str, &Entry)> {
        let mut all: Vec<(&str, &Entry)> = self.entries.iter().map(|(k, v)| (k.as_str(), v)).collect();
        all.sort_by_key(|(k, _)| *k);
        all
    }
}

fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() { key.to_string() } else { format!("{parent}.{key}") }
}
