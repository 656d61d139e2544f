//! The newsletter edition of an update, next to its page: `email.html`, to paste into Mailchimp,
//! Buttondown or Listmonk (a table layout, inline styles in the brand's colours, absolute URLs,
//! images with a width and alt text, no script, no stylesheet), and `email.txt`, its plain-text
//! part.

use std::fmt::Write;

use super::absolute::{attributes, tag_end, tag_name};
use super::feeds::{entry_html, lead_image};
use super::phrases::Words;
use super::style::BrandColours;
use rally_core::format::{escape_html, unescape_html};
use rally_core::model::Site;
use rally_core::model::page::Page;

/// The width of the email's column, in pixels; images are given the width of its text.
const WIDTH: u32 = 600;
const TEXT_WIDTH: u32 = 552;
const FONT: &str = "font-family:-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;";

/// Elements dropped with their content: nothing an email client runs or loads on its own.
const DROPPED: [&str; 9] = ["script", "style", "iframe", "button", "template", "object", "video", "audio", "svg"];
/// Tags dropped, their content kept (`<noscript>` holds a fallback that is what an email needs).
const UNWRAPPED: [&str; 5] = ["noscript", "link", "meta", "picture", "source"];

/// The paths of the email edition of the page written at `out`: beside it, `updates/x/email.html`
/// for `updates/x/index.html`, `news/x.email.html` for `news/x.html`.
pub fn paths(out: &str) -> (String, String) {
    match out.strip_suffix("index.html") {
        Some(dir) => (format!("{dir}email.html"), format!("{dir}email.txt")),
        None => {
            let stem = out.strip_suffix(".html").unwrap_or(out);
            (format!("{stem}.email.html"), format!("{stem}.email.txt"))
        }
    }
}

/// Is the output file at `path` an email edition (see [`paths`])? Not a page of the site: its
/// inline styles are on purpose, it is not in the sitemap or search, and `rally check` leaves it
/// to the page it copies.
pub fn is_edition(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    name == "email.html" || name.ends_with(".email.html")
}

/// The inline style of an element of the body, in the brand's colours.
fn style_of(name: &str, c: &BrandColours) -> Option<String> {
    Some(match name {
        "p" => "margin:0 0 16px 0;".into(),
        "h1" | "h2" => "margin:28px 0 12px 0;font-size:22px;line-height:1.3;color:#111111;".into(),
        "h3" | "h4" | "h5" | "h6" => "margin:24px 0 8px 0;font-size:18px;line-height:1.3;color:#111111;".into(),
        "a" => format!("color:{};text-decoration:underline;", c.link),
        "img" => "display:block;max-width:100%;height:auto;border:0;".into(),
        "blockquote" => format!("margin:0 0 16px 0;padding:0 0 0 16px;border-left:4px solid {};", c.primary),
        "ul" | "ol" => "margin:0 0 16px 0;padding:0 0 0 24px;".into(),
        "li" => "margin:0 0 6px 0;".into(),
        "pre" => {
            "margin:0 0 16px 0;padding:12px;background-color:#f4f4f4;color:#111111;white-space:pre-wrap;font-size:14px;"
                .into()
        }
        "code" => "font-family:Menlo,Consolas,monospace;".into(),
        "table" => "border-collapse:collapse;width:100%;margin:0 0 16px 0;".into(),
        "th" | "td" => "border:1px solid #dddddd;padding:6px;text-align:left;".into(),
        "hr" => "border:0;border-top:1px solid #dddddd;margin:24px 0;".into(),
        "figure" | "details" => "margin:0 0 16px 0;".into(),
        "figcaption" => "font-size:14px;color:#555555;".into(),
        "div" | "aside" => "margin:0 0 16px 0;".into(),
        _ => return None,
    })
}

/// A start tag of the body as email clients need it: no event handlers, no classes or ids to
/// match a stylesheet, an inline style, and for images a width and alt text.
fn email_tag(tag: &str, name: &str, c: &BrandColours) -> String {
    let mut out = format!("<{name}");
    let attrs = attributes(tag);
    for a in &attrs {
        if a.name.starts_with("on") || matches!(a.name.as_str(), "class" | "id" | "style" | "loading" | "decoding") {
            continue;
        }
        if name == "img" && matches!(a.name.as_str(), "width" | "height" | "srcset" | "sizes") {
            continue;
        }
        out.push(' ');
        out.push_str(&tag[a.span.clone()]);
    }
    if name == "img" {
        let _ = write!(out, " width=\"{TEXT_WIDTH}\"");
        if !attrs.iter().any(|a| a.name == "alt") {
            out.push_str(" alt=\"\"");
        }
    }
    if let Some(style) = style_of(name, c) {
        let _ = write!(out, " style=\"{style}\"");
    }
    out.push_str(if tag.ends_with("/>") { " />" } else { ">" });
    out
}

/// The page's HTML made email-safe (see [`email_tag`], [`DROPPED`] and [`UNWRAPPED`]).
fn email_body(html: &str, c: &BrandColours) -> String {
    let mut out = String::with_capacity(html.len() * 2);
    let mut rest = html;
    let mut skipping: Option<String> = None;
    while let Some(lt) = rest.find('<') {
        if skipping.is_none() {
            out.push_str(&rest[..lt]);
        }
        rest = &rest[lt..];
        if rest.starts_with("<!") || rest.starts_with("<?") {
            let end = rest.find('>').map_or(rest.len(), |i| i + 1);
            rest = &rest[end..];
            continue;
        }
        let end = tag_end(rest);
        let (tag, (name, closing)) = (&rest[..end], tag_name(&rest[..end]));
        rest = &rest[end..];
        match &skipping {
            Some(s) => {
                if closing && name == *s {
                    skipping = None;
                }
            }
            None if DROPPED.contains(&name.as_str()) => {
                if !closing && !tag.ends_with("/>") {
                    skipping = Some(name);
                }
            }
            None if UNWRAPPED.contains(&name.as_str()) || name.is_empty() => {}
            None if closing => out.push_str(&format!("</{name}>")),
            None => out.push_str(&email_tag(tag, &name, c)),
        }
    }
    if skipping.is_none() {
        out.push_str(rest);
    }
    out
}

/// `email.html` of the update `p`.
pub fn html(site: &Site, p: &Page, words: &Words, c: &BrandColours) -> String {
    let cfg = &site.config;
    let (title, link) = (escape_html(&p.title), escape_html(&site.permalink(p)));
    let lang = escape_html(p.lang.as_deref().unwrap_or(&cfg.language));
    let mut x = String::with_capacity(p.md.html.len() * 2 + 4096);
    let _ = write!(
        x,
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"color-scheme\" content=\"light dark\">\n<meta name=\"supported-color-schemes\" content=\"light dark\">\n<meta name=\"robots\" content=\"noindex\">\n<title>{title}</title>\n</head>\n\
         <body style=\"margin:0;padding:0;background-color:#f4f4f4;\">\n\
         <table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"background-color:#f4f4f4;\">\n<tr><td align=\"center\" style=\"padding:24px 12px;\">\n\
         <table role=\"presentation\" width=\"{WIDTH}\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"width:100%;max-width:{WIDTH}px;background-color:#ffffff;color:#1a1a1a;\">\n\
         <tr><td style=\"background-color:{bg};color:{fg};padding:18px 24px;{FONT}font-size:18px;font-weight:bold;\"><a href=\"{home}\" style=\"color:{fg};text-decoration:none;\">{site}</a></td></tr>\n",
        bg = c.primary,
        fg = c.on_primary,
        home = escape_html(&cfg.base_url),
        site = escape_html(&cfg.title),
    );
    if let Some((src, _)) = lead_image(site, p) {
        let alt = escape_html(p.image_alt.as_deref().unwrap_or(&p.title));
        let _ = writeln!(
            x,
            "<tr><td><img src=\"{}\" width=\"{WIDTH}\" alt=\"{alt}\" style=\"display:block;width:100%;max-width:{WIDTH}px;height:auto;border:0;\"></td></tr>",
            escape_html(&src)
        );
    }
    let _ = write!(
        x,
        "<tr><td style=\"padding:24px;{FONT}font-size:16px;line-height:1.55;color:#1a1a1a;\">\n<h1 style=\"margin:0 0 8px 0;font-size:26px;line-height:1.25;color:#111111;\">{title}</h1>\n"
    );
    if let Some(d) = p.date {
        let date = words.say("published_on", &[("date", words.format().date(d.day()))]);
        let _ = writeln!(x, "<p style=\"margin:0 0 20px 0;font-size:14px;color:#555555;\">{}</p>", escape_html(&date));
    }
    x.push_str(&email_body(&entry_html(site, p), c));
    let _ = write!(
        x,
        "\n<table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"margin:8px 0 0 0;\"><tr><td style=\"background-color:{bg};padding:12px 20px;\"><a href=\"{link}\" style=\"color:{fg};text-decoration:none;font-weight:bold;\">{read}</a></td></tr></table>\n</td></tr>\n\
         <tr><td style=\"padding:16px 24px;{FONT}font-size:13px;line-height:1.5;color:#555555;border-top:1px solid #dddddd;\"><a href=\"{home}\" style=\"color:#555555;\">{site}</a>{desc}</td></tr>\n</table>\n</td></tr>\n</table>\n</body>\n</html>\n",
        bg = c.primary,
        fg = c.on_primary,
        read = escape_html(&words.say("read_online", &[])),
        home = escape_html(&cfg.base_url),
        site = escape_html(&cfg.title),
        desc =
            if cfg.description.is_empty() { String::new() } else { format!(" — {}", escape_html(&cfg.description)) },
    );
    x
}

/// `email.txt` of the update `p`: its title, date, text (links written after their words, images
/// as their alt text) and the address of its page.
pub fn text(site: &Site, p: &Page, words: &Words) -> String {
    let mut x = format!("{}\n{}\n", p.title, "=".repeat(p.title.chars().count().min(72)));
    if let Some(d) = p.date {
        let _ = writeln!(x, "{}", words.say("published_on", &[("date", words.format().date(d.day()))]));
    }
    x.push('\n');
    x.push_str(&plain(&entry_html(site, p)));
    let _ = write!(
        x,
        "\n\n{}: {}\n\n-- \n{}\n{}\n",
        words.say("read_online", &[]),
        site.permalink(p),
        site.config.title,
        site.config.base_url
    );
    x
}

/// HTML as plain text: blocks on lines of their own, list items with `- `, a link's address in
/// brackets after its words (unless they are the address), an image as its alt text.
fn plain(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    let mut links: Vec<String> = Vec::new();
    let mut skipping: Option<String> = None;
    while let Some(lt) = rest.find('<') {
        if skipping.is_none() {
            out.push_str(&unescape_html(&rest[..lt]));
        }
        rest = &rest[lt..];
        let end = tag_end(rest);
        let tag = &rest[..end];
        let (name, closing) = tag_name(tag);
        rest = &rest[end..];
        if let Some(s) = &skipping {
            if closing && name == *s {
                skipping = None;
            }
            continue;
        }
        let attr = |n: &str| {
            attributes(tag)
                .into_iter()
                .find(|a| a.name == n)
                .and_then(|a| a.value)
                .map(|v| unescape_html(&tag[v]).into_owned())
        };
        match (name.as_str(), closing) {
            (n, false) if DROPPED.contains(&n) && !tag.ends_with("/>") => skipping = Some(name),
            ("a", false) => links.push(attr("href").unwrap_or_default()),
            ("a", true) => {
                let href = links.pop().unwrap_or_default();
                if !href.is_empty() && !out.ends_with(href.as_str()) {
                    let _ = write!(out, " ({href})");
                }
            }
            ("img", _) => {
                if let Some(alt) = attr("alt").filter(|a| !a.is_empty()) {
                    let _ = write!(out, "[{alt}]");
                }
            }
            ("li", false) => out.push_str("\n- "),
            ("br", _) => out.push('\n'),
            (
                "p" | "div" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "blockquote" | "pre" | "ul" | "ol" | "table"
                | "tr" | "figure" | "hr" | "details" | "aside",
                _,
            ) => out.push_str("\n\n"),
            _ => {}
        }
    }
    out.push_str(&unescape_html(rest));
    tidy(&out)
}

/// Text with trailing spaces cut and no more than one empty line in a row.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut empty = 0;
    for line in text.lines().map(str::trim_end) {
        empty = if line.trim().is_empty() { empty + 1 } else { 0 };
        if empty <= 1 && !(empty == 1 && out.is_empty()) {
            out.push_str(line);
            out.push('\n');
        }
    }
    out.trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn colours() -> BrandColours {
        BrandColours { primary: "#0b5cad".into(), on_primary: "#ffffff", link: "#0b5cad".into() }
    }

    #[test]
    fn the_edition_sits_beside_the_page() {
        assert_eq!(paths("updates/x/index.html"), ("updates/x/email.html".into(), "updates/x/email.txt".into()));
        assert_eq!(paths("news/x.html"), ("news/x.email.html".into(), "news/x.email.txt".into()));
        assert!(is_edition("updates/x/email.html") && is_edition("fr/news/x.email.html"));
        assert!(!is_edition("updates/x/index.html") && !is_edition("updates/email/index.html"));
    }

    #[test]
    fn the_body_loses_scripts_frames_and_classes_and_gains_inline_styles() {
        let html = "<p class=\"lead\" onclick=\"x()\">Hi <a href=\"https://o.example/\">there</a></p>\n<script>alert(1)</script><iframe src=\"https://m.example/\"></iframe><noscript><a href=\"https://m.example/\">Map</a></noscript><button>Load</button><img src=\"https://o.example/a.png\" width=\"2000\" loading=\"lazy\">";
        assert_eq!(
            email_body(html, &colours()),
            "<p style=\"margin:0 0 16px 0;\">Hi <a href=\"https://o.example/\" style=\"color:#0b5cad;text-decoration:underline;\">there</a></p>\n<a href=\"https://m.example/\" style=\"color:#0b5cad;text-decoration:underline;\">Map</a><img src=\"https://o.example/a.png\" width=\"552\" alt=\"\" style=\"display:block;max-width:100%;height:auto;border:0;\">"
        );
    }

    #[test]
    fn plain_text_keeps_the_words_and_the_addresses() {
        let html = "<h2>Otters</h2>\n<p>Read <a href=\"https://o.example/m/\">our mission</a> &amp; more.</p>\n<ul><li>One</li><li>Two</li></ul><p><img src=\"x\" alt=\"An otter\"></p><p><a href=\"https://o.example/\">https://o.example/</a></p><script>x</script>";
        assert_eq!(
            plain(html),
            "Otters\n\nRead our mission (https://o.example/m/) & more.\n\n- One\n- Two\n\n[An otter]\n\nhttps://o.example/"
        );
    }
}
