//! What kind of file an output path is, by its extension: its media type (for the preview's
//! `Content-Type`) and whether it is text (compressed by `--compress` and gzipped when `rally check`
//! weighs a page). One table for the preview, the compressor and the weight check.
//!
//! Media types come from `mime_guess` (the registry of extensions that web servers use); Rally
//! adds a charset to text types, names its feeds (`atom.xml`, `rss.xml`) by their feed type, and
//! writes JavaScript as `text/javascript` (RFC 9239).

/// The extensions of text files beyond the `text/*`, `+xml` and `+json` media types.
const TEXT_EXTENSIONS: [&str; 5] = ["js", "mjs", "json", "map", "md"];

/// The lower-cased extension of a path's last segment, if it has one.
fn extension(path: &str) -> Option<String> {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase())
}

/// The media type of a file, by its extension; `application/octet-stream` when unknown.
pub fn media_type(path: &str) -> &'static str {
    let Some(ext) = extension(path) else { return "application/octet-stream" };
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "json" if path.rsplit('/').next() == Some("feed.json") => "application/feed+json",
        "json" => "application/json",
        "webmanifest" => "application/manifest+json",
        "xml" => match path.rsplit('/').next() {
            Some("atom.xml") => "application/atom+xml",
            Some("rss.xml") => "application/rss+xml",
            _ => "application/xml",
        },
        _ => mime_guess::from_ext(&ext).first_raw().unwrap_or("application/octet-stream"),
    }
}

/// Whether a file is text (worth compressing; images and fonts are compressed already).
pub fn is_text(path: &str) -> bool {
    let Some(ext) = extension(path) else { return false };
    if TEXT_EXTENSIONS.contains(&ext.as_str()) {
        return true;
    }
    let t = media_type(path);
    let essence = t.split(';').next().unwrap_or(t);
    essence.starts_with("text/") || essence.ends_with("+xml") || essence.ends_with("+json") || essence.ends_with("/xml")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types() {
        assert_eq!(media_type("index.html"), "text/html; charset=utf-8");
        assert_eq!(media_type("atom.xml"), "application/atom+xml");
        assert_eq!(media_type("fr/rss.xml"), "application/rss+xml");
        assert_eq!(media_type("sitemap.xml"), "application/xml");
        assert_eq!(media_type("a/b.SVG"), "image/svg+xml");
        assert_eq!(media_type("events.ics"), "text/calendar; charset=utf-8");
        assert_eq!(media_type("impact.csv"), "text/csv; charset=utf-8");
        assert_eq!(media_type("photo.webp"), "image/webp");
        assert_eq!(media_type("font.woff2"), "font/woff2");
        assert_eq!(media_type("report.pdf"), "application/pdf");
        assert_eq!(media_type("x.bin"), "application/octet-stream");
        assert_eq!(media_type("_headers"), "application/octet-stream");
        assert_eq!(media_type("a.b/_redirects"), "application/octet-stream");
    }

    #[test]
    fn text_files() {
        for t in ["index.html", "style.1a2b.css", "events.ics", "impact.csv", "a.js", "feed.json", "site.webmanifest"] {
            assert!(is_text(t), "{t}");
        }
        for t in ["atom.xml", "logo.svg", "robots.txt", "x.map", "schema.xsl", "A.HTML"] {
            assert!(is_text(t), "{t}");
        }
        for b in ["photo.jpg", "photo.webp", "_headers", "font.woff2", "a.b/_redirects", "x.bin", "card.png"] {
            assert!(!is_text(b), "{b}");
        }
    }
}
