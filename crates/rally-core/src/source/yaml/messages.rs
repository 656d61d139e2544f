//! YAML problems worded for writers: no parser jargon, goals and metrics named by their key and
//! counted from 1, a way to fix each one.

use super::index::Positions;
use crate::error::did_you_mean;

/// The message without the parser's own ` at line N column M` positions (the diagnostic carries
/// the position, counted in the file rather than in the YAML block).
pub fn without_positions(msg: &str) -> String {
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

/// Splits the deserializer's `path: message` into the key path (empty for the whole document)
/// and the message.
pub fn split_path(msg: &str) -> (&str, &str) {
    match msg.split_once(": ") {
        Some((p, r)) if !p.is_empty() && !p.contains(' ') => (p, r),
        _ => ("", msg),
    }
}

/// `1st`, `2nd`, `3rd`, `4th`, ..., `11th`, `21st`.
pub fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// A key path as a writer reads it: `goals[3].target` is "`target` of goal `river_km` (the 4th
/// goal)", `tags[0]` is "the 1st item of `tags`", `brand.primary` is "`brand.primary`".
pub fn describe(path: &str, positions: &Positions) -> String {
    let Some(open) = path.rfind('[') else { return format!("`{path}`") };
    let Some(close) = path[open..].find(']').map(|i| open + i) else { return format!("`{path}`") };
    let (list, item) = (&path[..open], &path[..=close]);
    let Ok(n) = path[open + 1..close].parse::<usize>() else { return format!("`{path}`") };
    let rest = path[close + 1..].trim_start_matches('.');
    let last = list.rsplit('.').next().unwrap_or(list);
    let noun = match last {
        "goals" => Some("goal"),
        "metrics" => Some("metric"),
        _ => None,
    };
    let name = positions.scalar(&format!("{item}.key")).or_else(|| positions.scalar(item)).filter(|k| !k.is_empty());
    let what = match (noun, name) {
        (Some(noun), Some(key)) => format!("{noun} `{key}` (the {} {noun})", ordinal(n + 1)),
        (Some(noun), None) => format!("the {} {noun}", ordinal(n + 1)),
        (None, _) => format!("the {} item of `{list}`", ordinal(n + 1)),
    };
    if rest.is_empty() { what } else { format!("`{rest}` of {what}") }
}

/// Front matter keys of other site generators (Hugo, Jekyll, WordPress exports) that Rally reads
/// under another name, for the message about a site moved from one of them.
const OTHER_NAMES: [(&str, &str); 9] = [
    ("excerpt", "summary"),
    ("lastmod", "updated"),
    ("modified", "updated"),
    ("categories", "tags"),
    ("featured_image", "image"),
    ("publishDate", "date"),
    ("expiryDate", "expires"),
    ("layout", "template"),
    ("permalink", "slug"),
];

/// An unknown key (the deserializer's `unknown field `x`, expected one of ...`) found in `inside`
/// (a described path, empty for the top level), with the nearest known key as a suggestion.
pub fn unknown_key(problem: &str, inside: &str) -> String {
    let rest = problem.strip_prefix("unknown field `").unwrap_or(problem);
    let (key, known) = rest.split_once('`').unwrap_or((rest, ""));
    let known: Vec<&str> = known.split('`').skip(1).step_by(2).collect();
    unknown_key_among(key, &known, inside)
}

/// The message for an unknown key `key` in `inside` where the keys are `known`.
pub fn unknown_key_among(key: &str, known: &[&str], inside: &str) -> String {
    let place = if inside.is_empty() { String::new() } else { format!(" in {inside}") };
    if let Some((_, ours)) = OTHER_NAMES.iter().find(|(theirs, ours)| *theirs == key && known.contains(ours)) {
        return format!("unknown key `{key}`{place}: Rally calls it `{ours}`");
    }
    match did_you_mean(key, known.iter().copied()) {
        Some(near) => format!("unknown key `{key}`{place}: did you mean `{near}`?"),
        None if known.is_empty() => format!("unknown key `{key}`{place}: nothing can be set here"),
        None => format!("unknown key `{key}`{place}: the keys here are {}", known.join(", ")),
    }
}

/// When the unknown key `key`, written at byte `at` of `text`, is a bare word inside a flow
/// mapping (`{ label: Join us, today, url: /x/ }`), it is most likely the rest of the value
/// before it, cut at a comma: what to write instead.
pub fn comma_in_flow_value(text: &str, at: usize, key: &str) -> Option<String> {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let after = text.get(at + key.len()..line_end)?.trim_start();
    let before = &text[line_start..at];
    if !(after.starts_with(',') || after.starts_with('}')) || !before.contains('{') {
        return None;
    }
    let comma = before.trim_end().strip_suffix(',')?;
    let colon = comma.rfind(':')?;
    let value = comma[colon + 1..].trim();
    let prev_key = comma[..colon].rsplit(['{', ',']).next()?.trim();
    if prev_key.is_empty() || value.starts_with(['"', '\'']) {
        return None;
    }
    Some(format!(
        "inside `{{ }}` a comma ends a value, so `{key}` was read as a key: if it belongs to `{prev_key}`, quote the value: `{prev_key}: \"{value}, {key}\"`"
    ))
}

/// Words a deserializer message (its path already split off) for writers.
pub fn worded(msg: &str) -> String {
    let msg = match msg.strip_prefix("invalid type: ") {
        Some(r) => format!("wrong type: {r}"),
        None => msg.to_string(),
    };
    if msg.starts_with("deserializing from YAML containing more than one document") {
        return "a `---` line in the middle starts a second YAML document: remove it (the file holds one)".into();
    }
    msg.replace("expected i64", "expected a whole number")
        .replace("expected u64", "expected a whole number")
        .replace("expected usize", "expected a whole number")
        .replace("expected f64", "expected a number")
        .replace("expected a sequence", "expected a list")
        .replace("expected struct FrontMatter", "expected `key: value` lines")
        .replace("expected struct RawConfig", "expected `key: value` lines")
}

/// Where the parser says the construct it was reading started (`while scanning a quoted scalar
/// at line 2 column 8`): where an unclosed quote, `[` or `{` was opened.
pub fn context_position(raw: &str) -> Option<(usize, usize)> {
    let opened = [
        "while scanning a quoted scalar",
        "while parsing a flow sequence",
        "while parsing a flow mapping",
        "while scanning a simple key",
    ];
    let at = opened.iter().find_map(|c| raw.find(&format!("{c} at line ")).map(|i| i + c.len() + 9))?;
    let (line, rest) = raw[at..].split_once(" column ")?;
    let col: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some((line.parse().ok()?, col.parse().ok()?))
}

/// A syntax error worded for writers: the message, and the column (in characters) and length
/// (in bytes) of what it is about on its line.
pub struct Syntax {
    pub message: String,
    /// The line of the YAML (from 1) it is about, when not the line the parser stopped at.
    pub line: Option<usize>,
    pub col: usize,
    pub len: usize,
}

/// A `key: "quoted" value` line whose quotes end the value before the line does (`'it's here'`,
/// `"x" y`): (key, the value quoted so that it holds, byte index of the value).
fn requoted(line: &str) -> Option<(&str, String, usize)> {
    let (key, rest) = line.split_once(": ")?;
    let value = rest.trim();
    let at = line.len() - rest.trim_start().len();
    let quote = value.chars().next().filter(|c| matches!(c, '"' | '\''))?;
    let close = value[1..].find(quote)? + 1;
    if value[close + 1..].trim().is_empty() || key.trim_start().starts_with('-') {
        return None;
    }
    let inner = if value.len() > 1 && value.ends_with(quote) { &value[1..value.len() - 1] } else { value };
    let fixed = if quote == '\'' && !inner.contains('"') {
        format!("\"{inner}\"")
    } else {
        format!("'{}'", inner.replace('\'', "''"))
    };
    Some((key.trim(), fixed, at))
}

/// In a line with a flow mapping or list, a value the writer meant that YAML reads as a comment:
/// (key, value, byte index of the value) for `brand: { primary: #0b6e4f }`.
fn commented_value(line: &str) -> Option<(&str, &str, usize)> {
    let open = line.find(['{', '['])?;
    let at = open + line[open..].find(": #")? + 2;
    let value = &line[at..];
    let value = &value[..value.find([' ', ',', '}', ']']).unwrap_or(value.len())];
    let key = line[..at - 2].rsplit(['{', '[', ',', ' ']).next()?.trim();
    (value.len() > 1 && !key.is_empty()).then_some((key, value, at))
}

/// What a syntax error means and how to fix it, from the parser's message and the lines of the
/// YAML: `lines[line - 1]` is the line the parser stopped at (`line` counts from 1 in the YAML,
/// which starts on line `first_line` of the file).
pub fn syntax(problem: &str, lines: &[&str], line: usize, col: usize, first_line: usize) -> Syntax {
    let text = lines.get(line.wrapping_sub(1)).copied().unwrap_or("");
    let stop = Stop { problem, lines, line, col, first_line, text };
    let explain = [
        Stop::tab,
        Stop::hidden_by_comment,
        Stop::unclosed,
        Stop::over_indented,
        Stop::colon_in_value,
        Stop::no_colon,
        Stop::block_sign,
        Stop::early_quote,
        Stop::misaligned,
    ];
    explain
        .iter()
        .find_map(|f| f(&stop))
        .unwrap_or_else(|| stop.here(format!("this is not valid YAML: {problem}"), col, 1))
}

/// Where and why the parser stopped.
struct Stop<'a> {
    problem: &'a str,
    lines: &'a [&'a str],
    line: usize,
    col: usize,
    first_line: usize,
    /// The line the parser stopped at.
    text: &'a str,
}

fn indent(l: &str) -> usize {
    l.len() - l.trim_start_matches(' ').len()
}

fn key_len(l: &str) -> usize {
    l.trim_start().split(':').next().map_or(1, str::len)
}

/// A value in double quotes, as a writer would type it.
fn double_quoted(value: &str) -> String {
    format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""))
}

const NO_COLON: &str = "this line has no `:` after its key: write it as `key: value` (or join it to the value above)";

impl Stop<'_> {
    fn here(&self, message: String, col: usize, len: usize) -> Syntax {
        Syntax { message, line: None, col, len }
    }

    fn at_line(&self, n: usize, message: String, byte: usize, len: usize) -> Syntax {
        Syntax { message, line: Some(n), col: self.lines[n - 1][..byte].chars().count() + 1, len }
    }

    fn is(&self, prefix: &str) -> bool {
        self.problem.starts_with(prefix)
    }

    /// The nearest line above that is not blank or a comment: (its number, its text).
    fn above(&self) -> Option<(usize, &str)> {
        (1..self.line.min(self.lines.len() + 1))
            .rev()
            .map(|n| (n, self.lines[n - 1]))
            .find(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
    }

    fn tab(&self) -> Option<Syntax> {
        let tab = self.text.find('\t').filter(|_| self.problem.contains("token") || self.problem.contains("tab"))?;
        let col = self.text[..tab].chars().count() + 1;
        let line = self.line + self.first_line - 1;
        let msg = format!("a tab at line {line}, column {col}: YAML is indented with spaces only; use spaces instead");
        Some(self.here(msg, col, 1))
    }

    /// `{ primary: #0b6e4f }`: the comment hides the rest of the line, closing brackets included.
    fn hidden_by_comment(&self) -> Option<Syntax> {
        let from = self.line.saturating_sub(3).max(1);
        (from..=self.line.min(self.lines.len())).rev().find_map(|n| {
            let (key, value, at) = commented_value(self.lines[n - 1])?;
            let msg = format!(
                "`{value}` is read as a comment (YAML starts one at ` #`), which hides the rest of line {}: put the value in quotes, `{key}: \"{value}\"`",
                n + self.first_line - 1
            );
            Some(self.at_line(n, msg, at, value.len()))
        })
    }

    fn unclosed(&self) -> Option<Syntax> {
        if self.is("found unexpected end of stream, while scanning a quoted scalar") {
            return Some(self.here("this quoted value is not closed: add the closing quote".into(), self.col, 1));
        }
        if self.is("did not find expected node content, while parsing a flow node") {
            return self.opened_above();
        }
        let (open, close, what) = [('[', ']', "list"), ('{', '}', "mapping")]
            .into_iter()
            .find(|(_, close, _)| self.is(&format!("did not find expected ',' or '{close}'")))?;
        let msg = format!("this {what} is not closed: end it with `{close}`, and separate its items with commas");
        let col = if self.text.chars().nth(self.col.wrapping_sub(1)) == Some(open) {
            self.col
        } else {
            self.text.find(open).map_or(self.col, |i| self.text[..i].chars().count() + 1)
        };
        Some(self.here(msg, col, 1))
    }

    /// The front matter ended inside a `[` or `{`: the nearest line above that opens one more
    /// than it closes.
    fn opened_above(&self) -> Option<Syntax> {
        (1..=self.line.min(self.lines.len())).rev().find_map(|n| {
            let l = self.lines[n - 1];
            [('[', ']', "list"), ('{', '}', "mapping")].into_iter().find_map(|(open, close, what)| {
                let i = l.rfind(open)?;
                (l.matches(open).count() > l.matches(close).count()).then(|| {
                    let msg = format!(
                        "this {what} is not closed: end it with `{close}` on the same line, and separate its items with commas"
                    );
                    self.at_line(n, msg, i, 1)
                })
            })
        })
    }

    fn over_indented(&self) -> Option<Syntax> {
        let (_, above) = self.above().filter(|_| self.is("mapping values are not allowed"))?;
        if indent(self.text) <= indent(above) || above.trim_end().ends_with(':') {
            return None;
        }
        let msg = "this line is indented more than the key above it; keys of one mapping must line up \
                   (start it in the same column as the key above)";
        Some(self.here(msg.into(), indent(self.text) + 1, key_len(self.text)))
    }

    fn colon_in_value(&self) -> Option<Syntax> {
        let (key, value) = self.text.split_once(": ").filter(|_| self.is("mapping values are not allowed"))?;
        let value = value.trim().to_string();
        if !value.contains(": ") {
            return None;
        }
        let start = self.text.len() - self.text[key.len() + 2..].trim_start().len();
        let msg = format!(
            "this value has a `: ` in it, which YAML reads as the start of another key: put the value in quotes, `{}: {}`",
            key.trim(),
            double_quoted(&value)
        );
        Some(self.here(msg, self.text[..start].chars().count() + 1, value.len()))
    }

    fn no_colon(&self) -> Option<Syntax> {
        if self.is("could not find expected ':'") {
            return Some(self.here(NO_COLON.into(), indent(self.text) + 1, self.text.trim().len()));
        }
        let (n, above) = self.above().filter(|_| self.is("mapping values are not allowed"))?;
        let plain = indent(above) == indent(self.text) && !above.contains(':');
        (plain && !above.trim_start().starts_with('-'))
            .then(|| self.at_line(n, NO_COLON.into(), indent(above), above.trim().len()))
    }

    fn block_sign(&self) -> Option<Syntax> {
        if !self.is("did not find expected comment or line break, while scanning a block scalar") {
            return None;
        }
        let i = self.text.find(": >").or_else(|| self.text.find(": |"))?;
        let (key, value) = (self.text[..i].trim(), self.text[i + 2..].trim());
        let msg = format!(
            "`{}` at the start of a value begins a block of text on the lines below it: put the value in quotes, `{key}: {}`",
            &value[..1],
            double_quoted(value)
        );
        Some(self.here(msg, self.text[..i + 2].chars().count() + 1, value.len()))
    }

    fn early_quote(&self) -> Option<Syntax> {
        let (key, fixed, at) = requoted(self.text).filter(|_| self.is("did not find expected key"))?;
        let msg = format!("a quote inside this value ends it early: write it as `{key}: {fixed}`");
        Some(self.here(msg, self.text[..at].chars().count() + 1, self.text.len() - at))
    }

    fn misaligned(&self) -> Option<Syntax> {
        if !(self.is("did not find expected key") || self.is("did not find expected '-'")) {
            return None;
        }
        let msg = "this line does not line up with the lines above it: keys of one mapping (and the `-` of one list) must start in the same column";
        Some(self.here(msg.into(), indent(self.text) + 1, key_len(self.text)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_of_other_generators_are_named_as_rally_names_them() {
        let problem = "unknown field `excerpt`, expected one of `title`, `summary`, `date`";
        assert_eq!(unknown_key(problem, ""), "unknown key `excerpt`: Rally calls it `summary`");
        let problem = "unknown field `categories`, expected one of `title`, `tags`";
        assert_eq!(unknown_key(problem, ""), "unknown key `categories`: Rally calls it `tags`");
        // only where Rally has the key
        let problem = "unknown field `excerpt`, expected one of `label`, `url`";
        assert!(unknown_key(problem, "`cta`").starts_with("unknown key `excerpt` in `cta`: the keys here are"));
    }

    #[test]
    fn parser_positions_are_dropped() {
        assert_eq!(without_positions("a at line 3 column 4, b at line 5"), "a, b");
        assert_eq!(without_positions("at line x"), "at line x");
    }

    #[test]
    fn an_unclosed_quote_is_shown_where_it_opens() {
        let raw =
            "found unexpected end of stream at line 4 column 1, while scanning a quoted scalar at line 2 column 8";
        assert_eq!(context_position(raw), Some((2, 8)));
        assert_eq!(context_position("did not find expected key at line 2 column 1"), None);
        let raw =
            "did not find expected ',' or ']' at line 2 column 1, while parsing a flow sequence at line 1 column 8";
        assert_eq!(context_position(raw), Some((1, 8)));
    }

    #[test]
    fn ordinals() {
        let all: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111].map(ordinal).to_vec();
        assert_eq!(all, ["1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st", "111th"]);
    }
}
