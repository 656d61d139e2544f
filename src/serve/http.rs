//! Answering a request from the last build held in memory: safe path decoding, MIME types,
//! `dir/` -> `dir/index.html`, the site's 404 page, and the live-reload script and error overlay
//! injected into HTML. Pure: a snapshot and a path in, a reply out.

use std::collections::HashMap;
use std::sync::Arc;

use crate::error::Diagnostic;
use crate::output::is_safe_relative;

/// Where open pages listen for rebuilds.
pub const EVENTS_PATH: &str = "/__rally/events";

/// The site as last built, ready to serve.
#[derive(Debug, Default)]
pub struct Snapshot {
    pub files: HashMap<String, Arc<Vec<u8>>>,
    /// The errors of the newest build (the files are from the last good one).
    pub errors: Vec<Diagnostic>,
    pub base_path: String,
}

/// An HTTP answer.
#[derive(Debug, PartialEq)]
pub enum Reply {
    Ok { mime: &'static str, body: Vec<u8> },
    NotFound { body: Vec<u8> },
    Redirect(String),
    BadRequest,
}

/// The MIME type of a file, by its extension.
pub fn mime(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => match path.rsplit('/').next() {
            Some("atom.xml") => "application/atom+xml",
            Some("rss.xml") => "application/rss+xml",
            _ => "application/xml",
        },
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "txt" => "text/plain; charset=utf-8",
        "pdf" => "application/pdf",
        "webmanifest" => "application/manifest+json",
        _ => "application/octet-stream",
    }
}

/// Percent-decodes a request path once; `None` for anything that is not a clean path (encoded
/// slashes or backslashes, NUL, `..` segments, invalid UTF-8).
pub fn decode_path(raw: &str) -> Option<String> {
    let raw = raw.split(['?', '#']).next().unwrap_or("");
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            let b = u8::from_str_radix(hex, 16).ok()?;
            if matches!(b, b'/' | b'\\' | 0) {
                return None;
            }
            out.push(b);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    let s = String::from_utf8(out).ok()?;
    if !s.starts_with('/') || s.contains('\\') || s.contains('\0') || s.split('/').any(|seg| seg == ".." || seg == ".")
    {
        return None;
    }
    Some(s)
}

fn escape(s: &str) -> String {
    crate::render::feeds::escape(s)
}

/// The live-reload script, and an overlay listing `errors` when there are any.
pub fn injection(errors: &[Diagnostic]) -> String {
    let mut s = format!(
        "<script>(()=>{{const e=new EventSource(\"{EVENTS_PATH}\");e.addEventListener(\"reload\",()=>location.reload());}})();</script>"
    );
    if !errors.is_empty() {
        s.push_str("<div id=\"rally-errors\" role=\"alert\" style=\"position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,20,.94);color:#fff;font:15px/1.5 ui-monospace,monospace;padding:2rem\"><h2 style=\"margin:0 0 1rem;color:#ff8a80\">The site has errors</h2>");
        for d in errors {
            s.push_str("<pre style=\"white-space:pre-wrap;margin:0 0 1rem\">");
            s.push_str(&escape(&d.to_string()));
            s.push_str("</pre>");
        }
        s.push_str("<p>Fix the file and save: this page reloads by itself.</p></div>");
    }
    s
}

/// Puts the injection before `</body>` (or at the end).
pub fn inject(html: &[u8], errors: &[Diagnostic]) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    let extra = injection(errors);
    match text.rfind("</body>") {
        Some(i) => format!("{}{extra}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{extra}").into_bytes(),
    }
}

fn html_page(body: &[u8], mime: &'static str, errors: &[Diagnostic]) -> Vec<u8> {
    if mime.starts_with("text/html") { inject(body, errors) } else { body.to_vec() }
}

/// Answers a GET for `raw_path`.
pub fn respond(snap: &Snapshot, raw_path: &str) -> Reply {
    let Some(path) = decode_path(raw_path) else { return Reply::BadRequest };
    let base = &snap.base_path;
    if base != "/" && (path == "/" || format!("{path}/") == *base) {
        return Reply::Redirect(base.clone());
    }
    let Some(rel) = path.strip_prefix(base.as_str()).or_else(|| (path.len() + 1 == base.len()).then_some("")) else {
        return not_found(snap);
    };
    let file = if rel.is_empty() || rel.ends_with('/') { format!("{rel}index.html") } else { rel.to_string() };
    if !is_safe_relative(&file) {
        return Reply::BadRequest;
    }
    if let Some(body) = snap.files.get(&file) {
        let mime = mime(&file);
        return Reply::Ok { mime, body: html_page(body, mime, &snap.errors) };
    }
    if snap.files.contains_key(&format!("{file}/index.html")) {
        return Reply::Redirect(format!("{path}/"));
    }
    if snap.files.is_empty() && !snap.errors.is_empty() {
        let page = b"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Build failed</title></head><body></body></html>";
        return Reply::Ok { mime: "text/html; charset=utf-8", body: inject(page, &snap.errors) };
    }
    not_found(snap)
}

fn not_found(snap: &Snapshot) -> Reply {
    let body = snap.files.get("404.html").map_or_else(|| b"Not found".to_vec(), |b| inject(b, &snap.errors));
    Reply::NotFound { body }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snap(base: &str) -> Snapshot {
        let mut files = HashMap::new();
        for (p, c) in [
            ("index.html", "<html><body>home</body></html>"),
            ("a/index.html", "<body>a</body>"),
            ("s.css", "x{}"),
            ("404.html", "<body>missing</body>"),
        ] {
            files.insert(p.to_string(), Arc::new(c.as_bytes().to_vec()));
        }
        Snapshot { files, errors: vec![], base_path: base.into() }
    }

    #[test]
    fn serves_files_and_index_pages() {
        let s = snap("/");
        match respond(&s, "/a/") {
            Reply::Ok { mime, body } => {
                assert_eq!(mime, "text/html; charset=utf-8");
                let body = String::from_utf8(body).unwrap();
                assert!(body.contains("EventSource") && body.ends_with("</body>"), "{body}");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(respond(&s, "/s.css"), Reply::Ok { mime: "text/css; charset=utf-8", body: b"x{}".to_vec() });
        assert_eq!(respond(&s, "/a"), Reply::Redirect("/a/".into()));
        assert!(
            matches!(respond(&s, "/nope/"), Reply::NotFound { body } if String::from_utf8_lossy(&body).contains("missing"))
        );
    }

    #[test]
    fn traversal_is_refused() {
        let s = snap("/");
        for bad in [
            "/../etc/passwd",
            "/a/%2e%2e/%2e%2e/etc/passwd",
            "/a%2f..%2fb",
            "/a/..%5c..%5cb",
            "/%00",
            "/./index.html",
            "/%zz",
        ] {
            assert_eq!(respond(&s, bad), Reply::BadRequest, "{bad}");
        }
    }

    #[test]
    fn sub_paths() {
        let s = snap("/hub/");
        assert_eq!(respond(&s, "/"), Reply::Redirect("/hub/".into()));
        assert_eq!(respond(&s, "/hub"), Reply::Redirect("/hub/".into()));
        assert!(matches!(respond(&s, "/hub/a/"), Reply::Ok { .. }));
        assert!(matches!(respond(&s, "/a/"), Reply::NotFound { .. }));
    }

    #[test]
    fn errors_are_overlaid_and_escaped() {
        let mut s = snap("/");
        s.errors = vec![Diagnostic::error("content/a.md", 3, 1, "bad <thing>")];
        let Reply::Ok { body, .. } = respond(&s, "/") else { panic!() };
        let body = String::from_utf8(body).unwrap();
        assert!(body.contains("rally-errors") && body.contains("content/a.md:3:1: error: bad &lt;thing&gt;"));
    }

    #[test]
    fn mime_types() {
        assert_eq!(mime("atom.xml"), "application/atom+xml");
        assert_eq!(mime("sitemap.xml"), "application/xml");
        assert_eq!(mime("a/b.SVG"), "image/svg+xml");
        assert_eq!(mime("x.bin"), "application/octet-stream");
    }
}
