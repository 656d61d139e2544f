//! A small HTML scanner, enough for checking the pages Rally builds: every tag with its attributes
//! and their byte offsets, skipping comments and the insides of `<script>` and `<style>`. One pass,
//! no regex, no allocation per attribute; entities in values are decoded only where present.

use rally_core::format::unescape_html;
use rayon::prelude::*;
use std::borrow::Cow;

use rally_render::OutputFile;

/// One attribute of a tag; `offset` is the byte offset of its value in the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attr<'h> {
    pub name: &'h str,
    pub value: &'h str,
    pub offset: usize,
}

/// An opening tag and its attributes.
#[derive(Debug)]
pub struct Tag<'h, 'a> {
    pub name: &'h str,
    pub attrs: &'a [Attr<'h>],
}

impl<'h> Tag<'h, '_> {
    pub fn is(&self, name: &str) -> bool {
        self.name.eq_ignore_ascii_case(name)
    }

    pub fn get(&self, name: &str) -> Option<Attr<'h>> {
        self.attrs.iter().find(|a| a.name.eq_ignore_ascii_case(name)).copied()
    }
}

/// A URL a page refers to: the attribute it is in, its decoded value, and the value's offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ref<'h> {
    pub attr: &'static str,
    pub value: Cow<'h, str>,
    pub offset: usize,
}

/// What one built page defines and refers to.
#[derive(Debug, Default)]
pub struct Scan<'h> {
    /// Every `id` (and `<a name>`), decoded.
    pub ids: Vec<Cow<'h, str>>,
    /// Every `href`, `src`, `srcset` candidate, `poster` and meta refresh `url=`.
    pub refs: Vec<Ref<'h>>,
    /// `<img>` tags with no `alt` attribute at all: (src, offset of the tag).
    pub images_without_alt: Vec<(Cow<'h, str>, usize)>,
}

/// A built HTML page and what it defines and refers to.
#[derive(Debug)]
pub struct Scanned<'a> {
    /// Output path: `updates/kell/index.html`.
    pub path: &'a str,
    pub html: &'a str,
    pub scan: Scan<'a>,
}

/// Scans every HTML file of a built site but the email editions of updates (their links and
/// images are the page's, made absolute), in parallel; the order of `files` is kept.
pub fn scan_files(files: &[OutputFile]) -> Vec<Scanned<'_>> {
    files
        .par_iter()
        .filter(|f| f.path.ends_with(".html") && !rally_render::email::is_edition(&f.path))
        .filter_map(|f| {
            let html = f.as_text()?;
            Some(Scanned { path: &f.path, html, scan: scan(html) })
        })
        .collect()
}

/// Scans a page for ids, references and images without alt text.
pub fn scan(html: &str) -> Scan<'_> {
    let mut out = Scan::default();
    tags(html, |tag, offset| {
        for a in tag.attrs {
            if a.name.eq_ignore_ascii_case("id") || (tag.is("a") && a.name.eq_ignore_ascii_case("name")) {
                out.ids.push(unescape_html(a.value));
            }
        }
        refs_of(tag, &mut out.refs);
        if tag.is("img") && tag.get("alt").is_none() {
            out.images_without_alt.push((tag.get("src").map_or(Cow::Borrowed(""), |s| unescape_html(s.value)), offset));
        }
    });
    out
}

fn refs_of<'h>(tag: &Tag<'h, '_>, out: &mut Vec<Ref<'h>>) {
    for a in tag.attrs {
        let attr = match a.name.to_ascii_lowercase().as_str() {
            "href" => "href",
            "src" => "src",
            "poster" => "poster",
            "srcset" => {
                srcset(a, out);
                continue;
            }
            _ => continue,
        };
        out.push(Ref { attr, value: unescape_html(a.value.trim()), offset: a.offset });
    }
    let refresh = tag.is("meta") && tag.get("http-equiv").is_some_and(|h| h.value.eq_ignore_ascii_case("refresh"));
    if let Some(content) = tag.get("content").filter(|_| refresh)
        && let Some(i) = content.value.to_ascii_lowercase().find("url=")
    {
        let url = content.value[i + 4..].trim_matches(|c: char| c.is_whitespace() || c == '\'' || c == '"');
        let at = content.offset + content.value[i + 4..].find(url).map_or(i + 4, |j| i + 4 + j);
        out.push(Ref { attr: "refresh", value: unescape_html(url), offset: at });
    }
}

/// `srcset="a.png 1x, b.png 2x"`: the URL of each candidate.
fn srcset<'h>(a: &Attr<'h>, out: &mut Vec<Ref<'h>>) {
    let mut from = 0;
    for candidate in a.value.split(',') {
        let lead = candidate.len() - candidate.trim_start().len();
        if let Some(url) = candidate.split_whitespace().next() {
            out.push(Ref { attr: "srcset", value: unescape_html(url), offset: a.offset + from + lead });
        }
        from += candidate.len() + 1;
    }
}

/// Calls `f` with every opening tag of `html` and the byte offset of its `<`.
pub fn tags<'h>(html: &'h str, mut f: impl FnMut(&Tag<'h, '_>, usize)) {
    let b = html.as_bytes();
    let mut attrs: Vec<Attr<'h>> = Vec::new();
    let mut i = 0;
    while let Some(p) = find(b, i, b'<') {
        i = p + 1;
        if b[i..].starts_with(b"!--") {
            i = html[i + 3..].find("-->").map_or(b.len(), |e| i + 3 + e + 3);
            continue;
        }
        if !b.get(i).is_some_and(u8::is_ascii_alphabetic) {
            continue; // a closing tag, a doctype or a stray `<`
        }
        let name_end = i + b[i..].iter().take_while(|c| c.is_ascii_alphanumeric() || **c == b'-').count();
        let name = &html[i..name_end];
        attrs.clear();
        i = attributes(html, name_end, &mut attrs);
        f(&Tag { name, attrs: &attrs }, p);
        if name.eq_ignore_ascii_case("script") || name.eq_ignore_ascii_case("style") {
            i = raw_text_end(b, i, name.as_bytes());
        }
    }
}

fn find(b: &[u8], from: usize, byte: u8) -> Option<usize> {
    b.get(from..)?.iter().position(|&c| c == byte).map(|p| from + p)
}

/// Reads the attributes of a tag from `i` (just after its name); returns where the tag ends.
fn attributes<'h>(html: &'h str, mut i: usize, out: &mut Vec<Attr<'h>>) -> usize {
    let b = html.as_bytes();
    let n = b.len();
    let skip_ws = |mut i: usize| {
        while i < n && b[i].is_ascii_whitespace() {
            i += 1;
        }
        i
    };
    loop {
        i = skip_ws(i);
        while i < n && b[i] == b'/' {
            i = skip_ws(i + 1);
        }
        if i >= n || b[i] == b'>' {
            return (i + 1).min(n);
        }
        let start = i;
        while i < n && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        if i == start {
            i += 1; // a stray `=`
            continue;
        }
        let name = &html[start..i];
        i = skip_ws(i);
        if i >= n || b[i] != b'=' {
            out.push(Attr { name, value: "", offset: i });
            continue;
        }
        i = skip_ws(i + 1);
        let (vs, ve, next) = match b.get(i) {
            Some(&q @ (b'"' | b'\'')) => {
                let end = find(b, i + 1, q).unwrap_or(n);
                (i + 1, end, end + 1)
            }
            _ => {
                let end = i + b[i..].iter().take_while(|c| !c.is_ascii_whitespace() && **c != b'>').count();
                (i, end, end)
            }
        };
        out.push(Attr { name, value: &html[vs..ve], offset: vs });
        i = next;
    }
}

/// Where the raw text of a `<script>` or `<style>` ends: at its closing tag.
fn raw_text_end(b: &[u8], mut i: usize, name: &[u8]) -> usize {
    while let Some(p) = find(b, i, b'<') {
        let rest = &b[p + 1..];
        if rest.first() == Some(&b'/') && rest.len() > name.len() && rest[1..=name.len()].eq_ignore_ascii_case(name) {
            return p;
        }
        i = p + 1;
    }
    b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(s: &Scan) -> Vec<(String, String)> {
        s.refs.iter().map(|r| (r.attr.to_string(), r.value.to_string())).collect()
    }

    #[test]
    fn finds_ids_and_refs_in_any_quoting() {
        let html = "<h2 id=\"a\">A</h2><p\nid='b-c' class=x><a href=/x/?p=1&amp;q=2>x</a>\n<A NAME=old></A>\
                    <img src=\"/i.png\" srcset=\"/i.png 1x, /i@2x.png 2x\" alt=\"\"><div data-id=\"no\" hidden>";
        let s = scan(html);
        assert_eq!(s.ids, vec!["a", "b-c", "old"]);
        assert_eq!(
            values(&s),
            [("href", "/x/?p=1&q=2"), ("src", "/i.png"), ("srcset", "/i.png"), ("srcset", "/i@2x.png")]
                .map(|(a, v)| (a.to_string(), v.to_string()))
        );
        let srcset2 = &s.refs[3];
        assert_eq!(&html[srcset2.offset..srcset2.offset + 9], "/i@2x.png");
        assert!(s.images_without_alt.is_empty());
    }

    #[test]
    fn skips_comments_scripts_and_styles() {
        let html = "<!-- <a href=\"/old/\"> --><script>let s = '<a href=\"/js/\">';</script><STYLE>a{}</style>\
                    <a href=\"/ok/\">ok</a><script type=\"application/ld+json\">{\"url\": \"<img src=x>\"}</SCRIPT>";
        let s = scan(html);
        assert_eq!(values(&s), vec![("href".to_string(), "/ok/".to_string())]);
    }

    #[test]
    fn meta_refresh_and_images_without_alt() {
        let html = "<meta http-equiv=\"refresh\" content=\"0; url=/new/\"><img src=\"/a.png\"><img src=/b.png alt>";
        let s = scan(html);
        assert_eq!(s.refs[0].attr, "refresh");
        assert_eq!(s.refs[0].value, "/new/");
        assert_eq!(&html[s.refs[0].offset..s.refs[0].offset + 5], "/new/");
        assert_eq!(s.images_without_alt, vec![(Cow::Borrowed("/a.png"), html.find("<img").unwrap())]);
    }

    #[test]
    fn offsets_point_at_values_and_odd_input_does_not_panic() {
        let html = "<a  title=\"x > y\"  href=\"/p/#f\">";
        let s = scan(html);
        assert_eq!(&html[s.refs[0].offset..][..5], "/p/#f");
        for odd in ["<", "<a", "<a href=", "<a href=\"x", "<a =x>", "<!--", "<script>", "a < b", "<é é=é>"] {
            scan(odd);
        }
    }

    #[test]
    fn entities_are_decoded() {}
}
