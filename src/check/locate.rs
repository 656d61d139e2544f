//! Where something is written in a source file, so a diagnostic can point at it: the value of a
//! front matter or site.yaml key, a goal's key in mission.md, a URL anywhere in a text.

use std::ops::Range;

use crate::error::line_col;
use crate::source::front_matter::{key_line, key_line_in};

/// The lines of a content file's front matter block: (byte offset of the line, the line).
fn front_matter_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut offset = 0;
    let mut lines = text.split_inclusive('\n').map(move |l| {
        let at = offset;
        offset += l.len();
        (at, l.trim_end_matches(['\n', '\r']))
    });
    let opened = lines.next().is_some_and(|(_, l)| l.trim_start_matches('\u{feff}').trim_end() == "---");
    lines.take_while(move |(_, l)| opened && l.trim_end() != "---")
}

/// Byte ranges (in `text`) of the value of top-level front matter key `key`: the rest of its line
/// and any indented lines that continue it (block scalars, folded text).
pub fn front_matter_value(text: &str, key: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut lines = front_matter_lines(text).skip_while(|(_, l)| !is_key_line(l, key));
    let Some((at, line)) = lines.next() else { return out };
    let value = key.len() + 1;
    out.push(at + value..at + line.len());
    for (at, line) in lines {
        if !line.trim().is_empty() && !line.starts_with([' ', '\t']) {
            break;
        }
        out.push(at..at + line.len());
    }
    out
}

fn is_key_line(line: &str, key: &str) -> bool {
    line.strip_prefix(key).is_some_and(|rest| rest.starts_with(':'))
}

/// 1-based column of the value of `key` on a YAML line (`key: value`, `{ a: 1, key: value }`),
/// or 1 when the line does not set it.
pub fn value_col(line: &str, key: &str) -> usize {
    let mut from = 0;
    while let Some(i) = line[from..].find(key).map(|i| from + i) {
        let before_ok = line[..i].chars().next_back().is_none_or(|c| matches!(c, ' ' | '\t' | '{' | ',' | '-'));
        let after = &line[i + key.len()..];
        if before_ok && let Some(rest) = after.strip_prefix(':') {
            let value = i + key.len() + 1 + (rest.len() - rest.trim_start().len());
            return line[..value].chars().count() + 1;
        }
        from = i + key.len();
    }
    1
}

/// (line, column) of the value of front matter key `key` in a content file.
pub fn front_matter_key(text: &str, key: &str) -> (usize, usize) {
    let line = key_line(text, key);
    (line, text.lines().nth(line - 1).map_or(1, |l| value_col(l, key)))
}

/// (line, column) of the value of `key` in a YAML file such as site.yaml; (1, 1) when absent.
pub fn yaml_key(yaml: &str, key: &str) -> (usize, usize) {
    match key_line_in(yaml, key) {
        0 => (1, 1),
        line => (line, yaml.lines().nth(line - 1).map_or(1, |l| value_col(l, key))),
    }
}

/// (line, column) of goal `goal`'s key (`key: goal`) in mission.md's front matter.
pub fn goal_key(text: &str, goal: &str) -> Option<(usize, usize)> {
    for (at, line) in front_matter_lines(text) {
        let mut from = 0;
        while let Some(i) = line[from..].find("key:").map(|i| from + i) {
            let value = line[i + 4..].trim_start().trim_start_matches(['"', '\'']);
            let start = line.len() - value.len();
            let ends =
                value.strip_prefix(goal).is_some_and(|r| r.is_empty() || r.starts_with([',', '}', ' ', '"', '\'']));
            let key_alone = line[..i].chars().next_back().is_none_or(|c| matches!(c, ' ' | '{' | ',' | '-'));
            if ends && key_alone {
                return Some(line_col(text, at + start));
            }
            from = i + 4;
        }
    }
    None
}

/// The byte offset of the first occurrence of URL `url` in `text` that stands alone (not part of
/// a longer path or word).
pub fn find_url(text: &str, url: &str) -> Option<usize> {
    if url.is_empty() {
        return None;
    }
    let part_of_url = |c: char| c.is_alphanumeric() || matches!(c, '/' | '.' | '-' | '_' | '%' | '~' | '@');
    let mut from = 0;
    while let Some(i) = text[from..].find(url).map(|i| from + i) {
        let end = i + url.len();
        let before = text[..i].chars().next_back();
        let after = text[end..].chars().next();
        if !before.is_some_and(part_of_url) && !after.is_some_and(|c| part_of_url(c) || matches!(c, '#' | '?')) {
            return Some(i);
        }
        from = end;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "---\ntitle: Our work\ndescription: >\n  Long text\n  more\nimage: /a.png\nsubtitle: x\n\
                        goals:\n  - key: trees_more\n  - { key: \"trees\", label: T }\n---\ntitle: not here\n";

    #[test]
    fn front_matter_values_with_continuations() {
        let r = front_matter_value(PAGE, "description");
        let parts: Vec<&str> = r.iter().map(|r| &PAGE[r.clone()]).collect();
        assert_eq!(parts, vec![" >", "  Long text", "  more"]);
        let title = front_matter_value(PAGE, "title");
        assert_eq!(title.len(), 1);
        assert_eq!(line_col(PAGE, title[0].start), (2, 7));
        assert!(front_matter_value(PAGE, "summary").is_empty());
        assert!(front_matter_value("no front matter\ntitle: x\n", "title").is_empty());
    }

    #[test]
    fn value_positions() {
        assert_eq!(front_matter_key(PAGE, "image"), (6, 8));
        assert_eq!(value_col("brand: { primary: \"#fff\", logo:  /l.svg }", "logo"), 34);
        assert_eq!(value_col("  logo: /l.svg", "logo"), 9);
        assert_eq!(value_col("  biglogo: /l.svg", "logo"), 1);
        assert_eq!(yaml_key("title: T\nbrand:\n  logo: /x.svg\n", "logo"), (3, 9));
        assert_eq!(yaml_key("title: T\n", "logo"), (1, 1));
    }

    #[test]
    fn goal_keys_match_whole_keys() {
        assert_eq!(goal_key(PAGE, "trees"), Some((10, 13)));
        assert_eq!(goal_key(PAGE, "trees_more"), Some((9, 10)));
        assert_eq!(goal_key(PAGE, "tree"), None);
    }

    #[test]
    fn urls_stand_alone() {
        let text = "see /hub/gone/x and (/gone/) or /gone/#a; cta: { url: /gone/ }";
        assert_eq!(find_url(text, "/gone/"), Some(text.find("/gone/)").unwrap()));
        assert_eq!(find_url("url: /gone/}", "/gone/"), Some(5));
        assert_eq!(find_url("/gone/x", "/gone/"), None);
        assert_eq!(find_url("abc", ""), None);
    }
}
