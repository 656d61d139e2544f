//! Machine-readable outputs, written directly: the Atom and RSS feeds of the updates (full
//! content with absolute URLs, and the lead image), sitemap.xml, robots.txt and alias redirect
//! pages. The JSON Feed is in [`crate::json_feed`].

use std::fmt::Write;

use super::phrases::Words;
use super::strings::Strings;
use rally_core::model::Site;
use rally_core::model::page::Page;
use rally_core::model::urls;

use rally_core::format::escape_html;

pub(crate) fn feed_pages(site: &Site) -> impl Iterator<Item = &Page> {
    shown(&site.updates, site.config.feeds.limit).iter().map(|&i| &site.pages[i])
}

/// The updates (by page index, newest first) that feeds of `limit` entries show.
pub fn shown(updates: &[usize], limit: usize) -> &[usize] {
    &updates[..updates.len().min(limit)]
}

/// HTML of an entry: the page's whole body, every link and image in it an absolute URL, so that
/// feed readers and RSS-to-email services show it whole away from the site.
pub(crate) fn entry_html(site: &Site, p: &Page) -> String {
    let (c, url) = (&site.config, site.url(p));
    crate::absolute::absolute_html(&p.md.html, &|d| urls::absolute_url(&c.base_url, &c.base_path, &url, d))
}

/// The absolute URL of the page's lead image (`image`) and its media type.
pub(crate) fn lead_image(site: &Site, p: &Page) -> Option<(String, &'static str)> {
    let c = &site.config;
    let img = urls::site_url(&c.root_path, p.image.as_deref()?);
    let url = urls::absolute_url(&c.base_url, &c.base_path, &site.url(p), &img);
    let mime = rally_core::format::filetype::media_type(&url);
    Some((url, if mime.starts_with("image/") { mime } else { "image/jpeg" }))
}

/// The lead image as Media RSS (`media:content`), which Atom and RSS readers and RSS-to-email
/// services show with the entry.
fn media_content(x: &mut String, site: &Site, p: &Page) {
    if let Some((url, mime)) = lead_image(site, p) {
        let _ = writeln!(x, "<media:content url=\"{}\" medium=\"image\" type=\"{mime}\"/>", escape_html(&url));
    }
}

/// The feed's title, "Kell River Trust — Updates", in the feed's language.
pub(crate) fn title(site: &Site, strings: &Strings) -> String {
    Words::new(strings, &site.config.language).say("feed_updates", &[("site", site.config.title.clone())])
}

/// The Atom feed (RFC 4287) of the newest updates.
pub fn atom(site: &Site, strings: &Strings) -> String {
    let c = &site.config;
    let self_url = format!("{}atom.xml", c.base_url);
    let updated =
        feed_pages(site).filter_map(Page::lastmod).max().map_or_else(|| "1970-01-01T00:00:00Z".into(), |d| d.rfc3339());
    let mut x = String::with_capacity(4096);
    let _ = write!(
        x,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xmlns:media=\"http://search.yahoo.com/mrss/\" xml:lang=\"{}\">\n<title>{}</title>\n<subtitle>{}</subtitle>\n<link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n<id>{}</id>\n<updated>{updated}</updated>\n<author><name>{}</name></author>\n<generator uri=\"https://github.com/rally-ssg/rally\">Rally</generator>\n",
        escape_html(&c.language),
        escape_html(&title(site, strings)),
        escape_html(&c.description),
        escape_html(&self_url),
        escape_html(&format!("{}updates/", c.base_url)),
        escape_html(&self_url),
        escape_html(&c.title),
    );
    for p in feed_pages(site) {
        let link = site.permalink(p);
        let date = p.date.map(|d| d.rfc3339()).unwrap_or_default();
        let _ = write!(
            x,
            "<entry>\n<title>{}</title>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n<id>{}</id>\n<published>{date}</published>\n<updated>{}</updated>\n",
            escape_html(&p.title),
            escape_html(&link),
            escape_html(&link),
            p.updated.map_or(date.clone(), |d| d.rfc3339()),
        );
        for a in p.authors.iter().filter_map(|k| site.author(k)) {
            let uri = super::views::author_permalink(site, &a.key);
            let _ =
                writeln!(x, "<author><name>{}</name><uri>{}</uri></author>", escape_html(&a.name), escape_html(&uri));
        }
        if let Some(s) = p.teaser() {
            let _ = writeln!(x, "<summary>{}</summary>", escape_html(s));
        }
        for t in &p.tags {
            let _ = writeln!(x, "<category term=\"{}\"/>", escape_html(t));
        }
        let _ = writeln!(
            x,
            "<content type=\"html\" xml:base=\"{}\">{}</content>",
            escape_html(&link),
            escape_html(&entry_html(site, p))
        );
        media_content(&mut x, site, p);
        x.push_str("</entry>\n");
    }
    x.push_str("</feed>\n");
    x
}

/// The RSS 2.0 feed of the newest updates.
pub fn rss(site: &Site, strings: &Strings) -> String {
    let c = &site.config;
    let mut x = String::with_capacity(4096);
    let _ = write!(
        x,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:media=\"http://search.yahoo.com/mrss/\">\n<channel>\n<title>{}</title>\n<link>{}</link>\n<description>{}</description>\n<language>{}</language>\n<generator>Rally</generator>\n<atom:link href=\"{}rss.xml\" rel=\"self\" type=\"application/rss+xml\"/>\n",
        escape_html(&title(site, strings)),
        escape_html(&format!("{}updates/", c.base_url)),
        escape_html(if c.description.is_empty() { &c.title } else { &c.description }),
        escape_html(&c.language),
        escape_html(&c.base_url),
    );
    for p in feed_pages(site) {
        let link = site.permalink(p);
        let _ = write!(
            x,
            "<item>\n<title>{}</title>\n<link>{}</link>\n<guid isPermaLink=\"true\">{}</guid>\n<pubDate>{}</pubDate>\n<description>{}</description>\n",
            escape_html(&p.title),
            escape_html(&link),
            escape_html(&link),
            p.date.map(|d| d.rfc2822()).unwrap_or_default(),
            escape_html(&entry_html(site, p)),
        );
        media_content(&mut x, site, p);
        // RSS's own <author> is an email address: a name is Dublin Core's creator
        for a in p.authors.iter().filter_map(|k| site.author(k)) {
            let _ = writeln!(x, "<dc:creator>{}</dc:creator>", escape_html(&a.name));
        }
        for t in &p.tags {
            let _ = writeln!(x, "<category>{}</category>", escape_html(t));
        }
        x.push_str("</item>\n");
    }
    x.push_str("</channel>\n</rss>\n");
    x
}

/// One sitemap entry: an absolute URL and its last modification day.
pub struct SitemapEntry {
    pub loc: String,
    pub lastmod: Option<String>,
    /// The page in every language (`hreflang`, absolute URL), `x-default` last; empty for a site
    /// of one language.
    pub alternates: Vec<(String, String)>,
}

/// A URL with its non-ASCII characters and spaces percent-encoded (as UTF-8), as sitemaps need.
fn ascii_url(url: &str) -> std::borrow::Cow<'_, str> {
    if url.bytes().all(|b| b.is_ascii_graphic()) {
        return std::borrow::Cow::Borrowed(url);
    }
    let mut out = String::with_capacity(url.len() + 16);
    for b in url.bytes() {
        if b.is_ascii_graphic() {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    std::borrow::Cow::Owned(out)
}

/// sitemap.xml (sitemaps.org 0.9).
pub fn sitemap(entries: &[SitemapEntry]) -> String {
    let mut x = String::with_capacity(entries.len() * 96 + 128);
    x.push_str(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"",
    );
    if entries.iter().any(|e| !e.alternates.is_empty()) {
        x.push_str(" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\"");
    }
    x.push_str(">\n");
    for e in entries {
        let _ = write!(x, "<url><loc>{}</loc>", escape_html(&ascii_url(&e.loc)));
        if let Some(d) = &e.lastmod {
            let _ = write!(x, "<lastmod>{d}</lastmod>");
        }
        for (lang, href) in &e.alternates {
            let _ = write!(
                x,
                "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                escape_html(lang),
                escape_html(&ascii_url(href))
            );
        }
        x.push_str("</url>\n");
    }
    x.push_str("</urlset>\n");
    x
}

/// robots.txt: everything allowed, with the sitemap's address when the base URL is absolute.
pub fn robots(site: &Site) -> String {
    let mut s = String::from("User-agent: *\nAllow: /\n");
    if site.config.base_url.starts_with("http") {
        let _ = writeln!(s, "\nSitemap: {}sitemap.xml", site.config.base_url);
    }
    s
}

/// A redirect page for an old URL: meta refresh plus a canonical link.
pub fn alias_page(site: &Site, target_url: &str, target_permalink: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Redirecting…</title>\n<meta name=\"robots\" content=\"noindex\">\n<link rel=\"canonical\" href=\"{perma}\">\n<meta http-equiv=\"refresh\" content=\"0; url={url}\">\n</head>\n<body>\n<p>This page has moved to <a href=\"{url}\">{perma}</a>.</p>\n</body>\n</html>\n",
        lang = escape_html(&site.config.language),
        perma = escape_html(target_permalink),
        url = escape_html(target_url),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sitemap_urls_are_ascii_and_escaped() {
        let e =
            |loc: &str| SitemapEntry { loc: loc.into(), lastmod: Some("2025-01-01".into()), alternates: Vec::new() };
        let x = sitemap(&[e("https://o.example/tags/ünï/"), e("https://o.example/a?b=1&c=2")]);
        assert!(x.contains("<loc>https://o.example/tags/%C3%BCn%C3%AF/</loc><lastmod>2025-01-01</lastmod>"), "{x}");
        assert!(x.contains("<loc>https://o.example/a?b=1&amp;c=2</loc>"), "{x}");
    }
}
