//! The guide (`docs/` and README.md): its links and anchors resolve, every example in it is a real
//! file that a test builds, and its references list exactly the keys, components and flags the
//! code has.

mod cli;
mod examples;
mod links;
mod reference;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::path::{Path, PathBuf};

/// The repository's root.
pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// README.md and every Markdown file of the guide (not the example sites' content), as paths
/// relative to the repository.
pub fn guide_files() -> Vec<PathBuf> {
    let mut files = vec![PathBuf::from("README.md")];
    for entry in walkdir::WalkDir::new(repo().join("docs")).sort_by_file_name() {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(repo()).unwrap().to_path_buf();
        if rel.starts_with("docs/examples") || rel.extension().is_none_or(|e| e != "md") {
            continue;
        }
        files.push(rel);
    }
    files
}

pub fn read(rel: &Path) -> String {
    std::fs::read_to_string(repo().join(rel)).unwrap_or_else(|e| panic!("{}: {e}", rel.display()))
}

pub fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS
}

/// The 1-based line of byte `offset` of `text`.
pub fn line_of(text: &str, offset: usize) -> usize {
    text[..offset].matches('\n').count() + 1
}

/// One cell of a table: its plain text and the code spans in it.
#[derive(Debug, Default)]
pub struct Cell {
    pub text: String,
    pub code: Vec<String>,
}

/// A row of a table's body, with the line it is on.
#[derive(Debug)]
pub struct Row {
    pub line: usize,
    pub cells: Vec<Cell>,
}

/// The body rows of every table of `text`.
pub fn table_rows(text: &str) -> Vec<Row> {
    let mut rows = Vec::new();
    let mut in_head = false;
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::TableHead) => in_head = true,
            Event::End(TagEnd::TableHead) => in_head = false,
            Event::Start(Tag::TableRow) if !in_head => {
                rows.push(Row { line: line_of(text, range.start), cells: Vec::new() })
            }
            Event::Start(Tag::TableCell) if !in_head => {
                if let Some(row) = rows.last_mut() {
                    row.cells.push(Cell::default())
                }
            }
            Event::Text(t) if !in_head => {
                if let Some(cell) = rows.last_mut().and_then(|r| r.cells.last_mut()) {
                    cell.text.push_str(&t)
                }
            }
            Event::Code(c) if !in_head => {
                if let Some(cell) = rows.last_mut().and_then(|r| r.cells.last_mut()) {
                    cell.text.push_str(&c);
                    cell.code.push(c.to_string());
                }
            }
            _ => {}
        }
    }
    rows
}

/// The headings of `text`, as plain text with the line each is on.
pub fn headings(text: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let mut current: Option<(String, usize)> = None;
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { .. }) => current = Some((String::new(), line_of(text, range.start))),
            Event::End(TagEnd::Heading(_)) => out.extend(current.take()),
            Event::Text(t) | Event::Code(t) => {
                if let Some((s, _)) = current.as_mut() {
                    s.push_str(&t)
                }
            }
            _ => {}
        }
    }
    out
}

/// The anchors GitHub gives the headings of `text`: lower case, letters, digits, `_`, `-` and
/// spaces kept (spaces becoming `-`), the rest dropped; a repeated anchor gets `-1`, `-2`, ...
pub fn anchors(text: &str) -> Vec<String> {
    let mut seen: Vec<String> = Vec::new();
    for (heading, _) in headings(text) {
        let base: String = heading
            .to_lowercase()
            .chars()
            .filter(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | ' '))
            .map(|c| if c == ' ' { '-' } else { c })
            .collect();
        let mut anchor = base.clone();
        let mut n = 0;
        while seen.contains(&anchor) {
            n += 1;
            anchor = format!("{base}-{n}");
        }
        seen.push(anchor);
    }
    seen
}

#[test]
fn github_anchors_follow_githubs_rule() {
    let text = "# Moving in: `rally import`\n## Editing in the browser: the preview's editor\n## Notes\n## Notes\n### `page.event` — events\n";
    assert_eq!(
        anchors(text),
        [
            "moving-in-rally-import",
            "editing-in-the-browser-the-previews-editor",
            "notes",
            "notes-1",
            "pageevent--events"
        ]
    );
}
