//! Finding components in a Markdown body: `{{ name(arg="value", n=3) }}` and blocks
//! `{% name(...) %}Markdown{% end %}`, outside code spans and code blocks. Each is replaced by an
//! HTML comment placeholder that Markdown passes through, expanded once the site is known.

use pulldown_cmark::{Event, Parser, Tag};
use std::ops::Range;

/// An argument value.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(untagged)]
pub enum Arg {
    Str(String),
    Num(f64),
    Bool(bool),
}

/// One component call in a body, at a line and column of the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    pub name: String,
    pub args: Vec<(String, Arg)>,
    /// A block component (`{% name() %}...{% end %}`), whose body is the Markdown between.
    pub block: bool,
    pub line: usize,
    pub col: usize,
}

/// A syntax problem, at a byte offset of the body.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    pub offset: usize,
    pub message: String,
}

/// A replacement: `text[new]` stands for `body[orig]`.
#[derive(Debug, Clone)]
pub struct Span {
    pub new: Range<usize>,
    pub orig: Range<usize>,
}

/// A body with its components replaced by placeholders.
#[derive(Debug, Default)]
pub struct Prepass {
    pub text: String,
    /// The replacements, in order.
    pub spans: Vec<Span>,
    /// The calls, with their offsets in the body (lines and columns are filled in by the caller).
    pub calls: Vec<(Call, usize)>,
    pub errors: Vec<SyntaxError>,
}

impl Prepass {
    /// The body offset of an offset of `text`: inside a placeholder, where its component starts.
    pub fn original(&self, at: usize) -> usize {
        let k = self.spans.partition_point(|s| s.new.start <= at);
        match k.checked_sub(1).map(|i| &self.spans[i]) {
            None => at,
            Some(s) if at < s.new.end => s.orig.start,
            Some(s) => s.orig.end + (at - s.new.end),
        }
    }
}

/// The placeholder of inline call `n` (and of the opening of block `n`).
pub fn placeholder(n: usize) -> String {
    format!("<!--rally:c:{n}-->")
}

/// The placeholder closing block `n`.
pub fn close_placeholder(n: usize) -> String {
    format!("<!--rally:end:{n}-->")
}

/// Byte ranges of code (spans and blocks) in a Markdown body.
fn code_ranges(text: &str) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for (ev, range) in Parser::new_ext(text, crate::markdown::cm_options()).into_offset_iter() {
        if matches!(ev, Event::Code(_) | Event::Start(Tag::CodeBlock(_)))
            && out.last().is_none_or(|l| l.end <= range.start)
        {
            out.push(range);
        }
    }
    out
}

/// Replaces every component in `text` by a placeholder.
pub fn prepass(text: &str) -> Option<Prepass> {
    if !text.contains("{{") && !text.contains("{%") {
        return None;
    }
    let code = code_ranges(text);
    let mut p = Prepass::default();
    let mut open: Vec<(usize, usize)> = Vec::new();
    let mut copied = 0;
    let mut at = 0;
    // the first code range that does not end before `at` (the ranges are in order)
    let mut next_code = 0;
    while let Some(found) = text[at..].find(['{']).map(|i| at + i) {
        at = found + 1;
        let kind = match text.as_bytes().get(found + 1) {
            Some(b'{') => b'}',
            Some(b'%') => b'%',
            _ => continue,
        };
        while code.get(next_code).is_some_and(|r| r.end <= found) {
            next_code += 1;
        }
        if let Some(r) = code.get(next_code).filter(|r| r.start <= found) {
            at = r.end.max(at);
            continue;
        }
        let close = if kind == b'}' { "}}" } else { "%}" };
        let Some(len) = text[found + 2..].find(close) else {
            p.errors
                .push(SyntaxError { offset: found, message: format!("this component is not closed with `{close}`") });
            break;
        };
        let inner = text[found + 2..found + 2 + len].trim();
        let end = found + 2 + len + 2;
        let replacement = if kind == b'%' && inner == "end" {
            match open.pop() {
                Some((n, _)) => close_placeholder(n),
                None => {
                    p.errors
                        .push(SyntaxError { offset: found, message: "`{% end %}` closes no block component".into() });
                    at = end;
                    continue;
                }
            }
        } else {
            match parse_call(inner) {
                Ok((name, args)) => {
                    let n = p.calls.len();
                    p.calls.push((Call { name, args, block: kind == b'%', line: 0, col: 0 }, found));
                    if kind == b'%' {
                        open.push((n, found));
                    }
                    placeholder(n)
                }
                Err(message) => {
                    p.errors.push(SyntaxError { offset: found, message });
                    at = end;
                    continue;
                }
            }
        };
        p.text.push_str(&text[copied..found]);
        p.spans.push(Span { new: p.text.len()..p.text.len() + replacement.len(), orig: found..end });
        p.text.push_str(&replacement);
        copied = end;
        at = end;
    }
    for (_, offset) in open {
        p.errors.push(SyntaxError { offset, message: "this block component has no `{% end %}`".into() });
    }
    p.text.push_str(&text[copied..]);
    Some(p)
}

/// `name(key="value", n=3, flag=true)` -> name and arguments.
fn parse_call(s: &str) -> Result<(String, Vec<(String, Arg)>), String> {
    let syntax = "write a component as `name(key=\"value\")`";
    let Some((name, rest)) = s.split_once('(') else {
        return Err(format!("`{s}` is not a component: {syntax}"));
    };
    let name = name.trim();
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
        return Err(format!("`{name}` is not a component name: {syntax}"));
    }
    let Some(mut rest) = rest.trim_end().strip_suffix(')') else {
        return Err(format!("the arguments of `{name}` are not closed with `)`"));
    };
    let mut args: Vec<(String, Arg)> = Vec::new();
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            break;
        }
        let Some((key, after)) = rest.split_once('=') else {
            return Err(format!("argument `{}` of `{name}` has no value: {syntax}", rest.trim()));
        };
        let key = key.trim();
        if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(format!("`{key}` is not an argument name: {syntax}"));
        }
        if args.iter().any(|(k, _)| k == key) {
            return Err(format!("argument `{key}` of `{name}` is given twice"));
        }
        let (value, after) =
            parse_value(after.trim_start()).map_err(|e| format!("argument `{key}` of `{name}`: {e}"))?;
        args.push((key.to_string(), value));
        rest = after.trim_start();
        match rest.strip_prefix(',') {
            Some(r) => rest = r,
            None if rest.is_empty() => break,
            None => return Err(format!("put a comma between the arguments of `{name}`")),
        }
    }
    Ok((name.to_string(), args))
}

fn parse_value(s: &str) -> Result<(Arg, &str), String> {
    if let Some(body) = s.strip_prefix('"') {
        let mut out = String::new();
        let mut chars = body.char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '"' => return Ok((Arg::Str(out), &body[i + 1..])),
                '\\' => match chars.next() {
                    Some((_, c)) => out.push(c),
                    None => break,
                },
                c => out.push(c),
            }
        }
        return Err("the string is not closed with `\"`".into());
    }
    let end = s.find(|c: char| c == ',' || c.is_whitespace()).unwrap_or(s.len());
    let word = &s[..end];
    let value = match word {
        "true" => Arg::Bool(true),
        "false" => Arg::Bool(false),
        w => Arg::Num(w.parse().map_err(|_| format!("`{w}` is not a value: quote text (\"...\"), or write a number"))?),
    };
    Ok((value, &s[end..]))
}

#[cfg(test)]
mod tests;
