//! HTML made to stand on its own away from the site (feed entries, newsletters): every `href`,
//! `src`, `srcset` and `poster` value in it made an absolute URL.

/// The attributes whose values are URLs (`srcset`: a list of them).
const URL_ATTRS: [&str; 5] = ["href", "src", "srcset", "poster", "action"];

/// `html` with the URL of every `href`, `src`, `srcset`, `poster` and `action` attribute passed
/// through `abs` (which makes a link absolute). Comments and text are kept as they are.
pub fn absolute_html(html: &str, abs: &dyn Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        rest = &rest[lt..];
        if rest.starts_with("<!--") {
            let end = rest.find("-->").map_or(rest.len(), |i| i + 3);
            out.push_str(&rest[..end]);
            rest = &rest[end..];
            continue;
        }
        let end = tag_end(rest);
        out.push_str(&rewrite_tag(&rest[..end], abs));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The length of the tag at the start of `s` (up to and with its `>`, quotes respected).
pub(crate) fn tag_end(s: &str) -> usize {
    let mut quote = None;
    for (i, b) in s.bytes().enumerate() {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if q == b => quote = None,
            (None, b'>') => return i + 1,
            _ => {}
        }
    }
    s.len()
}

/// An attribute of a tag: its name (lower case), where it is written (name to end of value) and
/// where its value is (without quotes), as byte ranges of the tag.
pub(crate) struct Attr {
    pub name: String,
    pub span: std::ops::Range<usize>,
    pub value: Option<std::ops::Range<usize>>,
}

/// The name of the tag at the start of `tag` (lower case, without `/`) and whether it closes.
pub(crate) fn tag_name(tag: &str) -> (String, bool) {
    let inner = tag.strip_prefix('<').unwrap_or(tag);
    let (closing, inner) = inner.strip_prefix('/').map_or((false, inner), |r| (true, r));
    let end = inner.find(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/').unwrap_or(inner.len());
    (inner[..end].to_ascii_lowercase(), closing)
}

/// The attributes of a start tag (`<a href="x" download>`), in order; broken ones end the list.
pub(crate) fn attributes(tag: &str) -> Vec<Attr> {
    let b = tag.as_bytes();
    let mut out = Vec::new();
    let mut j = 1;
    while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'>' {
        j += 1;
    }
    let skip_space = |mut k: usize| {
        while k < b.len() && b[k].is_ascii_whitespace() {
            k += 1;
        }
        k
    };
    while j < b.len() && b[j] != b'>' {
        if b[j].is_ascii_whitespace() || b[j] == b'/' {
            j += 1;
            continue;
        }
        let start = j;
        while j < b.len() && !b[j].is_ascii_whitespace() && !matches!(b[j], b'=' | b'>' | b'/') {
            j += 1;
        }
        let name = tag[start..j].to_ascii_lowercase();
        let k = skip_space(j);
        if k >= b.len() || b[k] != b'=' {
            out.push(Attr { name, span: start..j, value: None });
            continue;
        }
        let k = skip_space(k + 1);
        let (value, next) = match b.get(k) {
            Some(&q @ (b'"' | b'\'')) => {
                let close = tag[k + 1..].find(q as char).map_or(b.len(), |i| k + 1 + i);
                (k + 1..close, (close + 1).min(b.len()))
            }
            _ => {
                let e = tag[k..].find(|c: char| c.is_ascii_whitespace() || c == '>').map_or(b.len(), |i| k + i);
                (k..e, e)
            }
        };
        out.push(Attr { name, span: start..next, value: Some(value) });
        j = next;
    }
    out
}

/// One tag with the values of its URL attributes made absolute.
fn rewrite_tag(tag: &str, abs: &dyn Fn(&str) -> String) -> String {
    if !tag.starts_with('<') || tag[1..].starts_with(['/', '!', '?']) {
        return tag.to_string();
    }
    let mut out = String::with_capacity(tag.len() + 64);
    let mut copied = 0;
    for a in attributes(tag) {
        let Some(v) = a.value.filter(|v| v.start < v.end && URL_ATTRS.contains(&a.name.as_str())) else { continue };
        let value = &tag[v.clone()];
        out.push_str(&tag[copied..v.start]);
        out.push_str(&if a.name == "srcset" { absolute_srcset(value, abs) } else { abs(value.trim()) });
        copied = v.end;
    }
    out.push_str(&tag[copied..]);
    out
}

/// A `srcset` (`a.jpg 480w, b.jpg 960w`) with each URL made absolute.
fn absolute_srcset(value: &str, abs: &dyn Fn(&str) -> String) -> String {
    let candidates: Vec<String> = value
        .split(',')
        .map(|c| {
            let c = c.trim();
            match c.split_once(char::is_whitespace) {
                Some((url, descriptor)) => format!("{} {}", abs(url), descriptor.trim()),
                None => abs(c),
            }
        })
        .collect();
    candidates.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn abs(d: &str) -> String {
        rally_core::model::urls::absolute_url("https://org.example/hub/", "/hub/", "/hub/updates/kell/", d)
    }

    #[test]
    fn every_url_attribute_becomes_absolute() {
        let html = "<p><a href=\"/hub/mission/\">m</a> <a href='../'>n</a> <a href=other/>o</a> <a href=\"#x\">x</a></p>\n\
                    <!-- <a href=\"keep\"> --><img alt=\"a > b\" src=\"p.png\" srcset=\"p-480w.png 480w, /hub/p.png 960w\" />\n\
                    <a href=\"https://other.example/\">e</a> <a href=\"mailto:a@b.example\">m</a> src=\"text.png\"";
        assert_eq!(
            absolute_html(html, &abs),
            "<p><a href=\"https://org.example/hub/mission/\">m</a> <a href='https://org.example/hub/updates/'>n</a> <a href=https://org.example/hub/updates/kell/other/>o</a> <a href=\"https://org.example/hub/updates/kell/#x\">x</a></p>\n\
             <!-- <a href=\"keep\"> --><img alt=\"a > b\" src=\"https://org.example/hub/updates/kell/p.png\" srcset=\"https://org.example/hub/updates/kell/p-480w.png 480w, https://org.example/hub/p.png 960w\" />\n\
             <a href=\"https://other.example/\">e</a> <a href=\"mailto:a@b.example\">m</a> src=\"text.png\""
        );
    }

    #[test]
    fn broken_markup_is_left_without_a_panic() {
        for html in ["<a href=\"x", "<a href=", "<", "<img src", "<a href='x' ", "<!-- x"] {
            let _ = absolute_html(html, &abs);
        }
    }
}
