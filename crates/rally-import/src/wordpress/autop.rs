//! `wpautop`: WordPress's paragraph rules for classic-editor text. A blank line ends a paragraph,
//! a single newline inside one is a line break, block-level tags stand on their own, and the text
//! of `<pre>`, `<script>` and `<style>` is left alone. The result is HTML for [`crate::markdown`].

/// Block-level elements, as WordPress lists them.
const BLOCKS: [&str; 40] = [
    "table",
    "thead",
    "tfoot",
    "caption",
    "col",
    "colgroup",
    "tbody",
    "tr",
    "td",
    "th",
    "div",
    "dl",
    "dd",
    "dt",
    "ul",
    "ol",
    "li",
    "pre",
    "form",
    "map",
    "area",
    "blockquote",
    "address",
    "math",
    "style",
    "p",
    "hr",
    "fieldset",
    "legend",
    "section",
    "article",
    "aside",
    "hgroup",
    "header",
    "footer",
    "nav",
    "figure",
    "figcaption",
    "details",
    "summary",
];

/// Elements whose text is kept exactly as it is.
const VERBATIM: [&str; 3] = ["pre", "script", "style"];

/// Turns classic-editor text into HTML paragraphs.
pub fn autop(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    if text.trim().is_empty() {
        return String::new();
    }
    let (text, kept) = protect(&text);
    let spaced = space_blocks(&text);
    let mut out = String::new();
    for chunk in split_paragraphs(&spaced) {
        emit(chunk, &mut out);
        out.push('\n');
    }
    restore(&out, &kept)
}

/// Elements whose text, after their start tag, is a paragraph of its own.
const HOLDS_PARAGRAPHS: [&str; 9] =
    ["div", "blockquote", "section", "article", "aside", "header", "footer", "main", "nav"];

/// Writes one chunk: text before its first block-level tag is a paragraph, and so is text that
/// follows the start tag of an element that holds paragraphs.
fn emit(chunk: &str, out: &mut String) {
    let chunk = chunk.trim_matches('\n');
    if chunk.trim().is_empty() {
        return;
    }
    match first_block_tag(chunk) {
        Some(0) => {
            let len = block_tag_len(chunk.trim_start()).unwrap_or(chunk.len());
            let (tag, rest) = chunk.trim_start().split_at(len);
            out.push_str(tag);
            let name: String = tag[1..].chars().take_while(char::is_ascii_alphanumeric).collect();
            if HOLDS_PARAGRAPHS.contains(&name.to_ascii_lowercase().as_str()) {
                emit(rest, out);
            } else {
                out.push_str(rest);
            }
        }
        Some(at) => {
            out.push_str(&paragraph(chunk[..at].trim_end()));
            out.push_str(&chunk[at..]);
        }
        None => out.push_str(&paragraph(chunk)),
    }
}

/// Replaces each verbatim element by a marker, and returns the text and the elements.
fn protect(text: &str) -> (String, Vec<String>) {
    let mut out = String::new();
    let mut kept = Vec::new();
    let lower = text.to_ascii_lowercase();
    let mut at = 0;
    while let Some((start, name)) =
        VERBATIM.iter().filter_map(|n| find_tag(&lower[at..], n).map(|i| (at + i, *n))).min_by_key(|(i, _)| *i)
    {
        let close = format!("</{name}>");
        let end = lower[start..].find(&close).map_or(text.len(), |i| start + i + close.len());
        out.push_str(&text[at..start]);
        out.push_str(&format!("\n\n<pre data-autop=\"{}\"></pre>\n\n", kept.len()));
        kept.push(text[start..end].to_string());
        at = end;
    }
    out.push_str(&text[at..]);
    (out, kept)
}

fn restore(text: &str, kept: &[String]) -> String {
    let mut out = text.to_string();
    for (i, k) in kept.iter().enumerate() {
        out = out.replace(&format!("<pre data-autop=\"{i}\"></pre>"), k);
    }
    out
}

/// Where `<name` starts in `s` as a tag (followed by a space, `>` or `/`).
fn find_tag(s: &str, name: &str) -> Option<usize> {
    let open = format!("<{name}");
    let mut from = 0;
    while let Some(i) = s[from..].find(&open) {
        let at = from + i;
        match s.as_bytes().get(at + open.len()) {
            Some(b' ' | b'>' | b'/' | b'\t' | b'\n') => return Some(at),
            _ => from = at + open.len(),
        }
    }
    None
}

/// The length of a block-level tag (`<div ...>` or `</div>`) starting at `s`, if it is one.
fn block_tag_len(s: &str) -> Option<usize> {
    let rest = s.strip_prefix('<')?;
    let rest = rest.strip_prefix('/').unwrap_or(rest);
    let name_len = rest.bytes().take_while(u8::is_ascii_alphanumeric).count();
    let name = rest[..name_len].to_ascii_lowercase();
    if !BLOCKS.contains(&name.as_str()) && !crate::html::is_heading(&name) {
        return None;
    }
    match rest.as_bytes().get(name_len) {
        Some(b' ' | b'>' | b'/' | b'\t' | b'\n') => s.find('>').map(|i| i + 1),
        _ => None,
    }
}

/// Puts a blank line before every opening block-level tag and after every closing one.
fn space_blocks(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut i = 0;
    while let Some(n) = text[i..].find('<') {
        out.push_str(&text[i..i + n]);
        i += n;
        match block_tag_len(&text[i..]) {
            Some(len) if text[i..].starts_with("</") => {
                out.push_str(&text[i..i + len]);
                out.push_str("\n\n");
                i += len;
            }
            Some(len) => {
                out.push_str("\n\n");
                out.push_str(&text[i..i + len]);
                i += len;
            }
            None => {
                out.push('<');
                i += 1;
            }
        }
    }
    out.push_str(&text[i..]);
    out
}

/// The chunks between blank lines, trimmed, empty ones left out.
fn split_paragraphs(text: &str) -> Vec<&str> {
    let mut chunks = Vec::new();
    let mut start = 0;
    let mut blank_run = false;
    let mut line_start = 0;
    for (i, c) in text.char_indices() {
        if c != '\n' {
            continue;
        }
        let line = &text[line_start..i];
        if line.trim().is_empty() && !blank_run {
            chunks.push(&text[start..line_start]);
            blank_run = true;
        } else if !line.trim().is_empty() && blank_run {
            start = line_start;
            blank_run = false;
        }
        if blank_run {
            start = i + 1;
        }
        line_start = i + 1;
    }
    chunks.push(&text[start..]);
    chunks.into_iter().map(|c| c.trim_matches('\n')).filter(|c| !c.trim().is_empty()).collect()
}

/// Where the first block-level tag of a chunk starts.
fn first_block_tag(chunk: &str) -> Option<usize> {
    let chunk_trimmed = chunk.trim_start();
    let lead = chunk.len() - chunk_trimmed.len();
    chunk_trimmed
        .match_indices('<')
        .map(|(i, _)| i)
        .find(|&i| block_tag_len(&chunk_trimmed[i..]).is_some())
        .map(|i| if i == 0 { 0 } else { lead + i })
}

/// One paragraph, its single newlines (outside tags) made line breaks.
fn paragraph(text: &str) -> String {
    let text = text.trim();
    if text.is_empty() {
        return String::new();
    }
    let mut out = String::from("<p>");
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            '\n' if !in_tag => {
                out.push_str("<br />");
            }
            _ => {}
        }
        out.push(c);
    }
    out.push_str("</p>");
    out
}

#[cfg(test)]
mod tests {
    use super::autop;

    #[test]
    fn blank_lines_are_paragraphs_and_single_newlines_breaks() {
        assert_eq!(autop("One\ntwo\n\nThree"), "<p>One<br />\ntwo</p>\n<p>Three</p>\n");
        assert_eq!(autop("  \n"), "");
    }

    #[test]
    fn block_tags_stand_alone() {
        let html = autop("Intro\n<ul>\n<li>a</li>\n</ul>\nAfter <em>this</em>");
        assert_eq!(html, "<p>Intro</p>\n<ul>\n<li>a</li>\n</ul>\n<p>After <em>this</em></p>\n");
        let div = autop("<div class=\"x\">inside\n\nsecond</div>");
        assert_eq!(div, "<div class=\"x\"><p>inside</p>\n<p>second</p></div>\n");
    }

    #[test]
    fn preformatted_text_is_left_alone() {
        let html = autop("Code:\n\n<pre>a\n\n  b</pre>\n\nEnd");
        assert_eq!(html, "<p>Code:</p>\n<pre>a\n\n  b</pre>\n<p>End</p>\n");
    }
}
