//! Responsive markup for rendered pages: every `<img>` of a published photo becomes a `<picture>`
//! with a WebP `<source>`, `srcset`, `sizes` and its intrinsic `width` and `height` (so the page
//! does not shift as photos load). A page's first photo loads at once; every later one gets
//! `loading="lazy" decoding="async"`. Images already inside a `<picture>` (made by a theme with the
//! `image()` template function) only get their loading attributes set. Pure, and linear in the page.

use super::{Images, Picture};

/// The `sizes` of a photo in a page body when its tag gives none: the width of the text column
/// of the built-in themes, or the whole viewport on narrow screens.
pub const DEFAULT_SIZES: &str = "(min-width: 48rem) 44rem, 100vw";

/// An attribute as written: its name and raw (still escaped) value.
type Attr<'a> = (&'a str, Option<String>);

/// `url` made safe for a `srcset` or an attribute: spaces, commas, quotes, `<`, `>` and `&`
/// percent-encoded.
pub fn attr_url(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            ' ' => out.push_str("%20"),
            ',' => out.push_str("%2C"),
            '"' => out.push_str("%22"),
            '\'' => out.push_str("%27"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '&' => out.push_str("%26"),
            c => out.push(c),
        }
    }
    out
}

/// Does `s` start with `tag` (ASCII case-insensitive) followed by the end of the tag name?
fn opens(s: &str, tag: &str) -> bool {
    s.len() > tag.len()
        && s.as_bytes()[..tag.len()].eq_ignore_ascii_case(tag.as_bytes())
        && matches!(s.as_bytes()[tag.len()], b' ' | b'\t' | b'\n' | b'\r' | b'/' | b'>')
}

/// The byte index of the `>` that closes the tag `s` starts with, skipping quoted values.
fn tag_end(s: &str) -> Option<usize> {
    let mut quote = None;
    for (i, b) in s.bytes().enumerate() {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if q == b => quote = None,
            (None, b'>') => return Some(i),
            _ => {}
        }
    }
    None
}

/// The attributes of a tag `<img ...>`, in order.
fn attributes(tag: &str) -> Vec<Attr<'_>> {
    let inner = tag.trim_start_matches('<').trim_end_matches('>').trim_end_matches('/');
    let inner = &inner[inner.find(|c: char| c.is_whitespace()).unwrap_or(inner.len())..];
    let mut out = Vec::new();
    let mut rest = inner.trim_start();
    while !rest.is_empty() {
        let name_end = rest.find(|c: char| c.is_whitespace() || c == '=').unwrap_or(rest.len());
        let name = &rest[..name_end];
        rest = rest[name_end..].trim_start();
        let mut value = None;
        if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            let (v, next) = match after.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let close = after[1..].find(q).map_or(after.len(), |i| i + 1);
                    (&after[1..close], after.get(close + 1..).unwrap_or(""))
                }
                _ => {
                    let end = after.find(char::is_whitespace).unwrap_or(after.len());
                    (&after[..end], &after[end..])
                }
            };
            value = Some(v.replace('"', "&quot;"));
            rest = next.trim_start();
        }
        if !name.is_empty() {
            out.push((name, value));
        }
    }
    out
}

fn get<'a>(attrs: &'a [Attr], name: &str) -> Option<&'a str> {
    attrs.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).and_then(|(_, v)| v.as_deref())
}

/// Writes `<img ...>` with `attrs` (less `skip`), then the loading attributes of a first or later image.
fn write_img(out: &mut String, lead: &[(&str, String)], attrs: &[Attr], skip: &[&str], first: bool) {
    out.push_str("<img");
    for (n, v) in lead {
        out.push_str(&format!(" {n}=\"{v}\""));
    }
    for (n, v) in attrs {
        if skip.iter().any(|s| n.eq_ignore_ascii_case(s))
            || ["loading", "decoding", "fetchpriority"].iter().any(|s| n.eq_ignore_ascii_case(s))
        {
            continue;
        }
        match v {
            Some(v) => out.push_str(&format!(" {n}=\"{v}\"")),
            None => out.push_str(&format!(" {n}")),
        }
    }
    out.push_str(if first { " fetchpriority=\"high\">" } else { " loading=\"lazy\" decoding=\"async\">" });
}

/// The `<picture>` for photo `pic` shown by an `<img>` with `attrs`.
fn picture(out: &mut String, pic: &Picture, attrs: &[Attr], first: bool) {
    let sizes = get(attrs, "sizes").unwrap_or(DEFAULT_SIZES).to_string();
    out.push_str("<picture>");
    if !pic.webp_srcset.is_empty() {
        out.push_str(&format!("<source type=\"image/webp\" srcset=\"{}\" sizes=\"{sizes}\">", pic.webp_srcset));
    }
    let lead = [
        ("src", pic.src.clone()),
        ("srcset", pic.srcset.clone()),
        ("sizes", sizes),
        ("width", pic.width.to_string()),
        ("height", pic.height.to_string()),
    ];
    write_img(out, &lead, attrs, &["src", "srcset", "sizes", "width", "height"], first);
    out.push_str("</picture>");
}

/// `html` of the page at `page_url` with responsive markup for its photos.
pub fn rewrite(html: String, page_url: &str, images: &Images) -> String {
    if !html.contains("<img") && !html.contains("<IMG") {
        return html;
    }
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    let (mut rest, mut in_picture, mut first) = (html.as_str(), false, true);
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if opens(rest, "<picture") || opens(rest, "</picture") {
            in_picture = rest.as_bytes()[1] != b'/';
        } else if opens(rest, "<img")
            && let Some(end) = tag_end(rest)
        {
            let tag = &rest[..=end];
            let attrs = attributes(tag);
            if in_picture {
                write_img(&mut out, &[], &attrs, &[], first);
                first = false;
            } else if let Some(pic) =
                get(&attrs, "src").and_then(|src| images.find(&rally_core::format::unescape_html(src), page_url))
            {
                picture(&mut out, pic, &attrs, first);
                first = false;
            } else {
                out.push_str(tag);
            }
            rest = &rest[end + 1..];
            continue;
        }
        out.push('<');
        rest = &rest[1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn images() -> Images {
        let pic = Picture {
            src: "/hub/images/kell.jpg".into(),
            width: 1600,
            height: 1200,
            mime: "image/jpeg",
            srcset: "/hub/images/kell-480w.jpg 480w, /hub/images/kell-1600w.jpg 1600w".into(),
            webp_srcset: "/hub/images/kell-480w.webp 480w, /hub/images/kell-1600w.webp 1600w".into(),
        };
        Images {
            by_path: [("images/kell.jpg".to_string(), pic)].into_iter().collect(),
            base_url: "https://x.example/hub/".into(),
            base_path: "/hub/".into(),
            ..Images::default()
        }
    }

    #[test]
    fn photos_become_pictures_and_only_the_first_loads_at_once() {
        let html = "<p><img src=\"/hub/images/kell.jpg\" alt=\"A &quot;river&quot;\" title=\"t\" /></p>\
                    <img src=\"../../images/kell.jpg\" alt=\"again\" width=\"1\" height=\"2\" loading=\"eager\">\
                    <img src=\"/hub/logo.svg\" alt=\"logo\">";
        let out = rewrite(html.to_string(), "/hub/updates/kell/", &images());
        let first = "<picture><source type=\"image/webp\" srcset=\"/hub/images/kell-480w.webp 480w, /hub/images/kell-1600w.webp 1600w\" sizes=\"(min-width: 48rem) 44rem, 100vw\"><img src=\"/hub/images/kell.jpg\" srcset=\"/hub/images/kell-480w.jpg 480w, /hub/images/kell-1600w.jpg 1600w\" sizes=\"(min-width: 48rem) 44rem, 100vw\" width=\"1600\" height=\"1200\" alt=\"A &quot;river&quot;\" title=\"t\" fetchpriority=\"high\"></picture>";
        assert!(out.starts_with(&format!("<p>{first}</p>")), "{out}");
        assert!(
            out.contains("width=\"1600\" height=\"1200\" alt=\"again\" loading=\"lazy\" decoding=\"async\"></picture>"),
            "{out}"
        );
        assert!(out.ends_with("<img src=\"/hub/logo.svg\" alt=\"logo\">"), "{out}");
        assert_eq!(out.matches("<picture>").count(), 2);
    }

    #[test]
    fn theme_pictures_only_get_loading_attributes() {
        let html = "<picture><source srcset=\"a.webp\"><img src=\"/hub/images/kell.jpg\" alt=\"\" loading=\"lazy\" decoding=\"async\"></picture>\
                    <PICTURE><img src='x.jpg' alt=''></PICTURE>";
        let out = rewrite(html.to_string(), "/hub/", &images());
        assert_eq!(
            out,
            "<picture><source srcset=\"a.webp\"><img src=\"/hub/images/kell.jpg\" alt=\"\" fetchpriority=\"high\"></picture>\
             <PICTURE><img src=\"x.jpg\" alt=\"\" loading=\"lazy\" decoding=\"async\"></PICTURE>"
        );
    }

    #[test]
    fn a_given_sizes_is_kept_and_other_tags_are_untouched() {
        let html = "<imgx src=\"/hub/images/kell.jpg\"><img sizes=\"50vw\" src=\"/hub/images/kell.jpg\" alt=\"k\">";
        let out = rewrite(html.to_string(), "/hub/", &images());
        assert!(out.starts_with("<imgx src=\"/hub/images/kell.jpg\"><picture>"), "{out}");
        assert_eq!(out.matches("sizes=\"50vw\"").count(), 2, "{out}");
        let plain = "<p>no images</p>".to_string();
        assert_eq!(rewrite(plain.clone(), "/hub/", &images()), plain);
    }

    #[test]
    fn urls_are_made_safe_for_srcset() {
        assert_eq!(attr_url("/a b,c.jpg"), "/a%20b%2Cc.jpg");
    }
}
