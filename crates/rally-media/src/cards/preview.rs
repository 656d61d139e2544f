//! The share preview `rally serve` offers at [`PATH`]: every page's card, and its link as Mastodon,
//! Bluesky and LinkedIn show it, with the title and description cut where they cut them. It is
//! made from the built pages' own meta tags, so it shows what the networks will read; it is served
//! by the preview server only and never written to the built site. Pure: pages in, HTML out.
//!
//! Where each network cuts (the web apps, as of 2026; the character limits are those the networks'
//! link cards apply before their CSS does):
//! - Mastodon: the title on one line, the description on two (CSS line clamps, since Mastodon 4.2),
//!   each cut at 200 and 500 characters first.
//! - Bluesky: the title on two lines and the description on two, cut at 200 and 300 characters.
//! - LinkedIn: the title alone (no description in the feed), on two lines, cut at 119 characters.

use rally_core::format::escape_html;
use std::collections::HashMap;
use std::sync::Arc;

/// Where the preview is served.
pub const PATH: &str = "/__rally/share/";

/// How one network shows a link.
pub struct Network {
    pub name: &'static str,
    pub title_chars: usize,
    pub title_lines: u8,
    /// `None`: the description is not shown.
    pub description: Option<(usize, u8)>,
}

pub const NETWORKS: [Network; 3] = [
    Network { name: "Mastodon", title_chars: 200, title_lines: 1, description: Some((500, 2)) },
    Network { name: "Bluesky", title_chars: 200, title_lines: 2, description: Some((300, 2)) },
    Network { name: "LinkedIn", title_chars: 119, title_lines: 2, description: None },
];

/// The share meta of a built page.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Shared {
    pub path: String,
    pub title: String,
    pub description: String,
    pub image: String,
    pub image_alt: String,
    pub url: String,
}

/// The value of attribute `name` in the text of one tag.
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let mut rest = tag;
    while let Some(i) = rest.find(name) {
        let after = &rest[i + name.len()..];
        let before_ok = i == 0 || rest.as_bytes()[i - 1].is_ascii_whitespace();
        if before_ok && let Some(v) = after.strip_prefix("=\"") {
            return v.split_once('"').map(|(v, _)| v);
        }
        rest = after;
    }
    None
}

/// The Open Graph meta of an HTML page, if it has an `og:title`.
pub fn shared(path: &str, html: &str) -> Option<Shared> {
    let head = html.split_once("</head>").map_or(html, |(h, _)| h);
    let mut s = Shared { path: path.to_string(), ..Shared::default() };
    for tag in head.split("<meta ").skip(1) {
        let tag = tag.split_once('>').map_or(tag, |(t, _)| t);
        let (Some(key), Some(content)) = (attr(tag, "property").or_else(|| attr(tag, "name")), attr(tag, "content"))
        else {
            continue;
        };
        let slot = match key {
            "og:title" => &mut s.title,
            "og:description" => &mut s.description,
            "og:image" => &mut s.image,
            "og:image:alt" => &mut s.image_alt,
            "og:url" => &mut s.url,
            _ => continue,
        };
        *slot = rally_core::format::unescape_html(content).into_owned();
    }
    (!s.title.is_empty()).then_some(s)
}

/// `text` cut to `max` characters, with an ellipsis when cut.
pub fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let kept: String = text.chars().take(max.saturating_sub(1)).collect();
    format!("{}…", kept.trim_end())
}

fn domain(url: &str) -> &str {
    url.split("://").nth(1).unwrap_or(url).split('/').next().unwrap_or(url)
}

fn link_card(s: &Shared, n: &Network) -> String {
    let clamp = |lines: u8| {
        format!("display:-webkit-box;-webkit-box-orient:vertical;-webkit-line-clamp:{lines};overflow:hidden")
    };
    let description = n.description.map_or_else(String::new, |(chars, lines)| {
        format!("<p class=\"d\" style=\"{}\">{}</p>", clamp(lines), escape_html(&cut(&s.description, chars)))
    });
    format!(
        "<figure class=\"net\"><figcaption>{name}</figcaption><div class=\"link\"><img src=\"{img}\" alt=\"{alt}\" loading=\"lazy\" width=\"1200\" height=\"630\"><div class=\"t\"><p class=\"u\">{host}</p><p class=\"h\" style=\"{clamp}\">{title}</p>{description}</div></div></figure>",
        name = n.name,
        img = escape_html(&s.image),
        alt = escape_html(&s.image_alt),
        host = escape_html(domain(&s.url)),
        clamp = clamp(n.title_lines),
        title = escape_html(&cut(&s.title, n.title_chars)),
    )
}

const STYLE: &str = "body{font:15px/1.45 system-ui,sans-serif;margin:0;background:#f3f4f6;color:#111}\
header{padding:1rem 1.5rem;background:#111;color:#fff}h1{margin:0;font-size:1.3rem}\
main{padding:1rem 1.5rem;display:grid;gap:1.5rem}section{background:#fff;border-radius:.6rem;padding:1rem;box-shadow:0 1px 3px #0002}\
h2{margin:0 0 .6rem;font-size:1rem}h2 a{color:inherit}.nets{display:grid;grid-template-columns:repeat(auto-fit,minmax(16rem,1fr));gap:1rem}\
.net{margin:0}.net figcaption{font-weight:600;margin-bottom:.3rem}.link{border:1px solid #d1d5db;border-radius:.6rem;overflow:hidden;background:#fff}\
.link img{display:block;width:100%;height:auto;aspect-ratio:1200/630;object-fit:cover}.t{padding:.5rem .7rem}.t p{margin:0}\
.u{color:#6b7280;font-size:.8rem}.h{font-weight:600}.d{color:#4b5563;font-size:.9rem}";

/// The preview page of the built `files`.
pub fn page(files: &HashMap<String, Arc<Vec<u8>>>) -> String {
    let mut pages: Vec<Shared> = files
        .iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .filter_map(|(p, b)| shared(p, &String::from_utf8_lossy(b)))
        .filter(|s| !s.image.is_empty())
        .collect();
    pages.sort_by(|a, b| a.path.cmp(&b.path));
    let mut body = String::new();
    for s in &pages {
        let nets: String = NETWORKS.iter().map(|n| link_card(s, n)).collect();
        body.push_str(&format!(
            "<section><h2><a href=\"{url}\">{path}</a></h2><div class=\"nets\">{nets}</div></section>",
            url = escape_html(&s.url),
            path = escape_html(&s.path),
        ));
    }
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><meta name=\"robots\" content=\"noindex\"><title>Share preview</title><style>{STYLE}</style></head><body><header><h1>Share preview: {n} pages</h1><p>How a link to each page shows on Mastodon, Bluesky and LinkedIn. Only <code>rally serve</code> shows this page; it is not part of the built site.</p></header><main>{body}</main></body></html>",
        n = pages.len()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_open_graph_meta() {
        let html = "<html><head><meta property=\"og:title\" content=\"Otters &amp; voles\"><meta name=\"description\" content=\"x\"><meta property=\"og:image\" content=\"https://e.org/cards/card.png\"><meta property=\"og:url\" content=\"https://e.org/a/\"></head><body><meta property=\"og:title\" content=\"no\"></body></html>";
        let s = shared("a/index.html", html).unwrap();
        assert_eq!(
            (s.title.as_str(), s.image.as_str(), s.url.as_str()),
            ("Otters & voles", "https://e.org/cards/card.png", "https://e.org/a/")
        );
        assert_eq!(shared("b.html", "<head></head>"), None);
    }

    #[test]
    fn cuts_where_the_networks_cut() {
        let long = "a".repeat(150);
        assert_eq!(cut(&long, 119).chars().count(), 119);
        assert!(cut(&long, 119).ends_with('…'));
        assert_eq!(cut("short", 119), "short");
    }

    #[test]
    fn lists_every_page_with_a_card_for_each_network() {
        let mut files = HashMap::new();
        let page = |t: &str| {
            Arc::new(format!("<head><meta property=\"og:title\" content=\"{t}\"><meta property=\"og:image\" content=\"https://e.org/c.png\"><meta property=\"og:url\" content=\"https://e.org/\"></head>").into_bytes())
        };
        files.insert("index.html".to_string(), page("Home"));
        files.insert("about/index.html".to_string(), page(&"Long ".repeat(40)));
        files.insert("style.css".to_string(), Arc::new(b"body{}".to_vec()));
        let html = page_html(&files);
        assert_eq!(html.matches("<section>").count(), 2);
        assert_eq!(html.matches("<figure class=\"net\">").count(), 6);
        // LinkedIn's cut title is in the page
        assert!(html.contains(&cut(&"Long ".repeat(40), 119)));
    }

    fn page_html(files: &HashMap<String, Arc<Vec<u8>>>) -> String {
        page(files)
    }
}
