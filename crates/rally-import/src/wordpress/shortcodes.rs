//! Classic shortcodes: `[name attr="value"]`, `[name]content[/name]`, `[[escaped]]`. The ones
//! WordPress ships for media ([caption], [gallery], [embed], [audio], [video]) become components
//! or HTML; others are kept as text and reported.

/// One shortcode found in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Shortcode {
    pub name: String,
    /// In order; a positional value has an empty name.
    pub attrs: Vec<(String, String)>,
    pub content: Option<String>,
}

impl Shortcode {
    pub fn attr(&self, key: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }
}

/// Replaces each shortcode of `text` with what `handle` returns for it (`None` keeps it as text).
/// `[[name]]` is written as `[name]`, as WordPress does.
pub fn replace(text: &str, handle: &mut dyn FnMut(&Shortcode) -> Option<String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    while let Some(i) = text[at..].find('[').map(|i| at + i) {
        out.push_str(&text[at..i]);
        if text[i..].starts_with("[[")
            && let Some(end) = text[i..].find("]]").map(|e| i + e)
            && opening(&text[i + 1..]).is_some()
        {
            out.push_str(&text[i + 1..end + 1]);
            at = end + 2;
            continue;
        }
        let Some((sc, len)) = read(&text[i..]) else {
            out.push('[');
            at = i + 1;
            continue;
        };
        match handle(&sc) {
            Some(replacement) => out.push_str(&replacement),
            None => out.push_str(&text[i..i + len]),
        }
        at = i + len;
    }
    out.push_str(&text[at..]);
    out
}

/// An opening tag: its name, attributes, length and whether it closes itself (`[name /]`).
type Opening = (String, Vec<(String, String)>, usize, bool);

/// The opening tag at the start of `s` (`[name ...]`).
fn opening(s: &str) -> Option<Opening> {
    let rest = s.strip_prefix('[')?;
    let name_len = rest.bytes().take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-')).count();
    if name_len == 0 || !rest.as_bytes()[0].is_ascii_alphabetic() {
        return None;
    }
    let name = rest[..name_len].to_string();
    let after = &rest[name_len..];
    if !after.starts_with([' ', ']', '/', '\t', '\n']) {
        return None;
    }
    let close = closing_bracket(after)?;
    let inner = after[..close].trim();
    let self_closing = inner.ends_with('/');
    let attrs = attributes(inner.trim_end_matches('/'));
    Some((name, attrs, 1 + name_len + close + 1, self_closing))
}

/// Where the `]` that ends a tag is, outside quotes.
fn closing_bracket(s: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, ']') => return Some(i),
            (None, '[') | (_, '\n') if i > 200 => return None,
            _ => {}
        }
    }
    None
}

/// Reads a shortcode at the start of `s`, with its content when it is closed by `[/name]`.
fn read(s: &str) -> Option<(Shortcode, usize)> {
    let (name, attrs, len, self_closing) = opening(s)?;
    if !self_closing {
        let close = format!("[/{name}]");
        if let Some(end) = s[len..].find(&close) {
            // an enclosing shortcode of the same name inside would need nesting WordPress does not allow
            let content = s[len..len + end].to_string();
            return Some((Shortcode { name, attrs, content: Some(content) }, len + end + close.len()));
        }
    }
    Some((Shortcode { name, attrs, content: None }, len))
}

/// `a="x" b='y' c=z "positional"`.
pub(crate) fn attributes(s: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = s.trim();
    while !rest.is_empty() {
        let key_len = rest.find(|c: char| c == '=' || c.is_whitespace()).unwrap_or(rest.len());
        let (key, value, used) = if rest[key_len..].starts_with('=') && !rest.starts_with(['"', '\'']) {
            let (v, used) = value(&rest[key_len + 1..]);
            (rest[..key_len].to_ascii_lowercase(), v, key_len + 1 + used)
        } else {
            let (v, used) = value(rest);
            (String::new(), v, used)
        };
        out.push((key, rally_core::format::unescape_html(&value).into_owned()));
        rest = rest[used.min(rest.len())..].trim_start();
    }
    out
}

fn value(s: &str) -> (String, usize) {
    match s.chars().next() {
        Some(q @ ('"' | '\'' | '“' | '”')) => {
            let body = &s[q.len_utf8()..];
            let end =
                body.find(|c: char| c == q || (q == '“' && c == '”') || (q == '”' && c == '”')).unwrap_or(body.len());
            let close_len = body[end..].chars().next().map_or(0, char::len_utf8);
            (body[..end].to_string(), q.len_utf8() + end + close_len)
        }
        _ => {
            let end = s.find(char::is_whitespace).unwrap_or(s.len());
            (s[..end].to_string(), end)
        }
    }
}

/// The id of a YouTube video from its address, if it is one.
pub fn youtube_id(url: &str) -> Option<String> {
    let url = url.trim();
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let rest = rest.strip_prefix("www.").or(rest.strip_prefix("m.")).unwrap_or(rest);
    let id = if let Some(r) = rest.strip_prefix("youtu.be/") {
        r
    } else if let Some(r) = rest.strip_prefix("youtube.com/watch?") {
        r.split('&').find_map(|kv| kv.strip_prefix("v="))?
    } else {
        rest.strip_prefix("youtube.com/embed/").or(rest.strip_prefix("youtube.com/shorts/"))?
    };
    let id: String = id.chars().take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_')).collect();
    (id.len() == 11).then_some(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> (String, Vec<Shortcode>) {
        let mut seen = Vec::new();
        let out = replace(text, &mut |sc| {
            seen.push(sc.clone());
            (sc.name == "gallery").then(|| "G".to_string())
        });
        (out, seen)
    }

    #[test]
    fn attributes_content_and_escapes() {
        let (out, seen) = names(
            "A [gallery ids=\"1,2\" columns=3] [caption id='x' align=\"a]\"]<img src=\"a.jpg\"> Text[/caption] [[gallery]] [1]",
        );
        assert_eq!(out, "A G [caption id='x' align=\"a]\"]<img src=\"a.jpg\"> Text[/caption] [gallery] [1]");
        assert_eq!(seen.len(), 2);
        assert_eq!(seen[0].attr("ids"), Some("1,2"));
        assert_eq!(seen[0].attr("columns"), Some("3"));
        assert_eq!(seen[1].attr("align"), Some("a]"));
        assert_eq!(seen[1].content.as_deref(), Some("<img src=\"a.jpg\"> Text"));
    }

    #[test]
    fn positional_values_and_self_closing() {
        let (_, seen) = names("[embed width=\"400\"]https://youtu.be/dQw4w9WgXcQ[/embed][audio \"x.mp3\" /]");
        assert_eq!(seen[0].content.as_deref(), Some("https://youtu.be/dQw4w9WgXcQ"));
        assert_eq!(seen[1].attrs, [(String::new(), "x.mp3".to_string())]);
        assert_eq!(youtube_id("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=3"), Some("dQw4w9WgXcQ".into()));
        assert_eq!(youtube_id("https://vimeo.com/123"), None);
    }
}
