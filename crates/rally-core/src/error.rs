//! Diagnostics: every problem Rally reports carries the file, line and column it is about,
//! and the offending source line, so writers can jump straight to it.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

/// One problem found in a site, located in a file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path as shown to the user (relative to the site root when possible).
    pub path: PathBuf,
    /// 1-based line; 0 when the problem is about the whole file.
    pub line: usize,
    /// 1-based column; 0 when unknown.
    pub col: usize,
    pub message: String,
    /// The source line the diagnostic points at, if known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_line: Option<String>,
    /// The bytes of the file the diagnostic is about (a whole value, say), underlined when shown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
}

/// A run of bytes in a file: where it starts and how long it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Span {
    pub offset: usize,
    #[serde(rename = "length")]
    pub len: usize,
}

/// A place in a file: its span and the 1-based line and column (in characters) where it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location {
    pub line: usize,
    pub col: usize,
    pub span: Span,
}

/// Sorts diagnostics by file, line and column, and drops repeats: a problem of a page that every
/// language's site shares is reported once.
pub fn sort_once(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| (&a.path, a.line, a.col, &a.message).cmp(&(&b.path, b.line, b.col, &b.message)));
    diagnostics.dedup();
}

impl Diagnostic {
    pub fn error(path: impl Into<PathBuf>, line: usize, col: usize, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            path: path.into(),
            line,
            col,
            message: message.into(),
            source_line: None,
            span: None,
        }
    }

    /// An error at `loc` in `text`, the whole file at `path`, with its source line and span.
    pub fn error_at(path: impl Into<PathBuf>, text: &str, loc: Location, message: impl Into<String>) -> Self {
        let mut d = Self::error(path, loc.line, loc.col, message);
        d.span = Some(loc.span);
        d.source_line = Some(line_around(text, loc.span.offset).to_string());
        d
    }

    /// A warning at `loc` in `text`, like [`Diagnostic::error_at`].
    pub fn warning_at(path: impl Into<PathBuf>, text: &str, loc: Location, message: impl Into<String>) -> Self {
        Self { severity: Severity::Warning, ..Self::error_at(path, text, loc, message) }
    }

    pub fn warning(path: impl Into<PathBuf>, line: usize, col: usize, message: impl Into<String>) -> Self {
        Self { severity: Severity::Warning, ..Self::error(path, line, col, message) }
    }

    /// Attaches the line `self.line` of `text` as the source line.
    pub fn with_source(mut self, text: &str) -> Self {
        if self.line > 0 {
            self.source_line = text.lines().nth(self.line - 1).map(|l| l.trim_end_matches('\r').to_string());
        }
        self
    }

    /// Like [`Diagnostic::with_source`], for many diagnostics about one text: the line is found
    /// through `lines`, the line starts of `text`, without reading the text up to it.
    pub fn with_source_line(mut self, text: &str, lines: &LineStarts) -> Self {
        self.source_line = lines.line(text, self.line).map(str::to_string);
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    /// `path:line:col: error: message`, then the source line and a caret beneath.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let path = shown_path(&self.path);
        write!(f, "{path}:{}:{}: {level}: {}", self.line.max(1), self.col.max(1), self.message)?;
        if let Some(src) = &self.source_line {
            let gutter = self.line.to_string();
            let (shown, col) = excerpt(src, self.col);
            write!(f, "\n {gutter} | {shown}")?;
            if col > 0 {
                let pad: String = shown.chars().take(col - 1).map(|c| if c == '\t' { '\t' } else { ' ' }).collect();
                let width = self.span.map_or(1, |s| underlined_chars(&shown, col, s.len));
                write!(f, "\n {} | {pad}{}", " ".repeat(gutter.len()), "^".repeat(width))?;
            }
        }
        Ok(())
    }
}

/// A path as a diagnostic shows it: control characters (a newline in a file name) escaped as
/// `\n`, `\u{1b}`, so that one diagnostic stays on one line.
pub fn shown_path(path: &Path) -> Cow<'_, str> {
    let text = path.to_string_lossy();
    if !text.chars().any(char::is_control) {
        return text;
    }
    Cow::Owned(
        text.chars().map(|c| if c.is_control() { c.escape_default().to_string() } else { c.to_string() }).collect(),
    )
}

/// How many characters of `shown`, from 1-based column `col`, a span of `len` bytes covers:
/// at least one, at most to the end of the line.
fn underlined_chars(shown: &str, col: usize, len: usize) -> usize {
    let mut bytes = 0;
    let mut n = 0;
    for c in shown.chars().skip(col - 1) {
        if bytes >= len || c == '…' {
            break;
        }
        bytes += c.len_utf8();
        n += 1;
    }
    n.max(1)
}

/// The line of `text` that byte `offset` is on, without its line break.
pub fn line_around(text: &str, offset: usize) -> &str {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    text[start..end].trim_end_matches('\r')
}

/// Characters of a source line shown at most; a longer line (minified HTML, say) is cut to a
/// window around the column, marked with `…`.
const SHOWN_CHARS: usize = 120;

/// The part of `line` to show, and the column within it.
fn excerpt(line: &str, col: usize) -> (String, usize) {
    let len = line.chars().count();
    if len <= SHOWN_CHARS {
        return (line.to_string(), col);
    }
    let start = col.saturating_sub(1).saturating_sub(SHOWN_CHARS / 3).min(len - SHOWN_CHARS);
    let body: String = line.chars().skip(start).take(SHOWN_CHARS).collect();
    let (lead, trail) = (if start > 0 { "…" } else { "" }, if start + SHOWN_CHARS < len { "…" } else { "" });
    let col = if col == 0 { 0 } else { col - start + lead.chars().count() };
    (format!("{lead}{body}{trail}"), col)
}

/// Everything that can stop a command.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The site has problems; all of them are listed.
    #[error("{} error(s) found", .0.iter().filter(|d| d.is_error()).count())]
    Site(Vec<Diagnostic>),
    /// An I/O failure outside the site's content (output folder, permissions).
    #[error("{}: {source}", shown_path(path))]
    Io { path: PathBuf, source: std::io::Error },
    /// A request that cannot be carried out as asked (e.g. an output folder that contains the site).
    #[error("{0}")]
    Usage(String),
    /// The site folder is missing, or is not a Rally site (no site.yaml).
    #[error("{0}")]
    NoSite(String),
}

impl Error {
    pub fn io(path: impl AsRef<Path>, source: std::io::Error) -> Self {
        Error::Io { path: path.as_ref().to_path_buf(), source }
    }

    pub fn single(d: Diagnostic) -> Self {
        Error::Site(vec![d])
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Where each line of a text starts, to turn many byte offsets into locations, each in time
/// logarithmic in the number of lines (rather than a scan from the start per offset).
pub struct LineStarts(Vec<usize>);

impl LineStarts {
    pub fn new(text: &str) -> Self {
        LineStarts(std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect())
    }

    /// Line `n` (from 1) of `text` (the text this was made from), without its line break.
    pub fn line<'t>(&self, text: &'t str, n: usize) -> Option<&'t str> {
        let start = *self.0.get(n.checked_sub(1)?)?;
        let end = self.0.get(n).map_or(text.len(), |&e| e - 1);
        text.get(start..end.max(start)).map(|l| l.trim_end_matches('\r'))
    }

    /// The location of the `len` bytes at `offset` in `text` (the text this was made from).
    pub fn location(&self, text: &str, offset: usize, len: usize) -> Location {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.0.partition_point(|&start| start <= offset);
        let start = self.0[line - 1];
        Location { line, col: text[start..offset].chars().count() + 1, span: Span { offset, len } }
    }
}

/// Converts a byte offset in `text` to a 1-based (line, column) pair; columns count characters.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// The most edits a "did you mean" suggestion is away from what was written.
const MOST_EDITS: usize = 2;

/// Words longer than this get no suggestion (the index of a word grows with its length squared).
const LONGEST_SUGGESTED: usize = 48;

/// Known words, indexed to suggest the nearest for a typo: each word is stored under every form
/// it takes with up to two characters left out, so two words within two edits share a form, and
/// a lookup costs the same however many words there are.
pub struct Suggestions<'a> {
    by_form: HashMap<String, Vec<&'a str>>,
}

impl<'a> Suggestions<'a> {
    pub fn new(words: impl IntoIterator<Item = &'a str>) -> Self {
        let mut by_form: HashMap<String, Vec<&'a str>> = HashMap::new();
        for w in words.into_iter().filter(|w| w.chars().count() <= LONGEST_SUGGESTED) {
            for form in forms(w) {
                let at = by_form.entry(form).or_default();
                if !at.contains(&w) {
                    at.push(w);
                }
            }
        }
        Suggestions { by_form }
    }

    /// The known word nearest to `word` (a typo of it: at most two edits, and fewer edits than
    /// `word` has characters), if any; the first in alphabetical order among equally near ones.
    pub fn nearest(&self, word: &str) -> Option<&'a str> {
        let len = word.chars().count();
        if len > LONGEST_SUGGESTED {
            return None;
        }
        let most = MOST_EDITS.min(len.saturating_sub(1));
        let mut best: Option<(usize, &'a str)> = None;
        for form in forms(word) {
            for &c in self.by_form.get(&form).into_iter().flatten() {
                let d = edit_distance(word, c);
                if d <= most && best.is_none_or(|b| (d, c) < b) {
                    best = Some((d, c));
                }
            }
        }
        best.map(|(_, c)| c)
    }
}

/// `word` and every form of it with one or two characters left out.
fn forms(word: &str) -> HashSet<String> {
    let chars: Vec<char> = word.chars().collect();
    let mut out = HashSet::new();
    out.insert(word.to_string());
    for i in 0..chars.len() {
        let one: Vec<char> = chars.iter().enumerate().filter(|(k, _)| *k != i).map(|(_, c)| *c).collect();
        for j in 0..one.len() {
            out.insert(one.iter().enumerate().filter(|(k, _)| *k != j).map(|(_, c)| *c).collect());
        }
        out.insert(one.into_iter().collect());
    }
    out
}

/// The candidate nearest to `word`, if one is near enough to be a typo of it (see
/// [`Suggestions::nearest`]), for a few candidates looked up once; [`Suggestions`] for many
/// lookups in one list.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    Suggestions::new(candidates).nearest(word)
}

/// Levenshtein distance between two short strings, in characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let next = (prev + usize::from(ca != cb)).min(row[j] + 1).min(row[j + 1] + 1);
            prev = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Prints diagnostics to standard error, one after another.
pub fn print_diagnostics(diags: &[Diagnostic]) {
    use std::io::Write as _;
    let mut err = std::io::stderr().lock();
    for d in diags {
        let _ = writeln!(err, "{d}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_in_a_path_are_escaped() {
        let d = Diagnostic::error("static/a\nb.txt", 1, 1, "x");
        assert_eq!(d.to_string(), "static/a\\nb.txt:1:1: error: x");
        let e = Error::io("out/\u{1b}[31m", std::io::Error::other("no"));
        assert_eq!(e.to_string(), "out/\\u{1b}[31m: no");
        assert_eq!(shown_path(Path::new("plain/é.md")), "plain/é.md");
    }

    #[test]
    fn long_source_lines_are_cut_around_the_column() {
        let line = format!("{}<a href=\"/gone/\">{}", "x".repeat(5000), "y".repeat(5000));
        let d = Diagnostic::error("(output)/a.html", 1, 5010, "href `/gone/` leads nowhere").with_source(&line);
        let text = d.to_string();
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[1].chars().count() < 140 && lines[1].contains("<a href=\"/gone/\">"), "{text}");
        assert!(lines[1].starts_with(" 1 | …") && lines[1].ends_with('…'), "{text}");
        let caret = lines[2].find('^').unwrap();
        assert_eq!(
            &lines[1][lines[1].char_indices().nth(lines[2][..caret].chars().count()).unwrap().0..][..1],
            "/",
            "{text}"
        );
        let short = Diagnostic::error("a.md", 1, 3, "m").with_source("ab cd").to_string();
        assert!(short.ends_with(" 1 | ab cd\n   |   ^"), "{short}");
    }

    #[test]
    fn display_shows_location_line_and_caret() {
        let d = Diagnostic::error("content/a.md", 2, 7, "unknown key `titel`").with_source("---\ntitel: x\n---\n");
        assert_eq!(d.to_string(), "content/a.md:2:7: error: unknown key `titel`\n 2 | titel: x\n   |       ^");
    }

    #[test]
    fn a_span_is_underlined_as_far_as_the_line_goes() {
        let text = "---\nprimary: \"#0b6e4f\"\n---\n";
        let loc = Location { line: 2, col: 10, span: Span { offset: 13, len: 9 } };
        let d = Diagnostic::error_at("site.yaml", text, loc, "m");
        assert_eq!(d.to_string(), "site.yaml:2:10: error: m\n 2 | primary: \"#0b6e4f\"\n   |          ^^^^^^^^^");
        let long = Location { span: Span { offset: 13, len: 99 }, ..loc };
        assert!(Diagnostic::error_at("a", text, long, "m").to_string().ends_with("|          ^^^^^^^^^"));
        let empty = Location { span: Span { offset: 13, len: 0 }, ..loc };
        assert!(Diagnostic::error_at("a", text, empty, "m").to_string().ends_with("|          ^"));
        assert_eq!(line_around("a\r\nbc\n", 3), "bc");
        assert_eq!(line_around("a\nbc", 99), "bc");
    }

    #[test]
    fn edit_distances_and_suggestions() {
        assert_eq!(edit_distance("river_km_restored", "river_km_restord"), 1);
        assert_eq!(edit_distance("schools", "schools"), 0);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(did_you_mean("titel", ["description", "title", "tags"]), Some("title"));
        assert_eq!(did_you_mean("ab", ["cd", "xy"]), None, "a short word is not a typo of every other");
        assert_eq!(did_you_mean("colour", ["language", "theme"]), None);
        assert_eq!(did_you_mean("targt", ["target", "tags"]), Some("target"));
        assert_eq!(did_you_mean("trget", ["target"]), Some("target"));
        assert_eq!(did_you_mean("taregt", ["target"]), Some("target"), "a swap is two edits");
        assert_eq!(did_you_mean("xtargetx", ["target"]), Some("target"), "two insertions");
        assert_eq!(did_you_mean("tar", ["target"]), None, "three edits");
        let many: Vec<String> = (0..5000).map(|i| format!("goal_{i}")).collect();
        let index = Suggestions::new(many.iter().map(String::as_str));
        assert_eq!(index.nearest("goal_1234x"), Some("goal_1234"));
        assert_eq!(index.nearest("metric_7"), None);
    }

    #[test]
    fn line_starts_agree_with_line_col() {
        let text = "ab\ncdé f\n\nx";
        let lines = LineStarts::new(text);
        for offset in [0, 2, 3, 8, 10, 11, 12] {
            let loc = lines.location(text, offset, 1);
            assert_eq!((loc.line, loc.col), line_col(text, offset), "{offset}");
        }
        let crlf = "a\r\nbc\n\nd";
        let lines = LineStarts::new(crlf);
        let all: Vec<Option<&str>> = (0..=5).map(|n| lines.line(crlf, n)).collect();
        assert_eq!(all, [None, Some("a"), Some("bc"), Some(""), Some("d"), None]);
    }

    #[test]
    fn line_col_counts_characters() {
        assert_eq!(line_col("ab\ncdé f", 8), (2, 5));
        assert_eq!(line_col("abc", 0), (1, 1));
        assert_eq!(line_col("abc", 99), (1, 4));
    }
}
