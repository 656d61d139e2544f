//! Answering a request from the last build held in memory: safe path decoding, MIME types,
//! `dir/` -> `dir/index.html`, the site's 404 page, and the live-reload script and error overlay
//! injected into HTML. Pure: a snapshot and a path in, a reply out.

use rally_core::format::escape_html;
use std::collections::HashMap;
use std::sync::Arc;

use rally_build::output::is_safe_relative;
use rally_core::error::Diagnostic;

/// Where open pages listen for rebuilds.
pub const EVENTS_PATH: &str = "/__rally/events";

/// Where open pages fetch the warnings panel when the warnings change.
pub const WARNINGS_PATH: &str = "/__rally/warnings";

/// Warnings shown in the panel at most; `rally check` lists them all.
const PANEL_MAX: usize = 100;

/// The site as last built, ready to serve.
#[derive(Debug, Default)]
pub struct Snapshot {
    pub files: HashMap<String, Arc<Vec<u8>>>,
    /// The errors of the newest build (the files are from the last good one).
    pub errors: Vec<Diagnostic>,
    /// What `rally check` reports for the last good build: shown in a panel that does not block
    /// the page.
    pub warnings: Vec<Diagnostic>,
    pub base_path: String,
    /// The URL path and title of every built page, by its path under `content/` (for the editor).
    pub pages: Arc<HashMap<String, (String, String)>>,
}

/// An HTTP answer.
#[derive(Debug, PartialEq)]
pub enum Reply {
    Ok { mime: &'static str, body: Vec<u8> },
    NotFound { body: Vec<u8> },
    Redirect(String),
    BadRequest,
}

use rally_core::format::filetype::media_type;

/// Percent-decodes a request path once; `None` for anything that is not a clean path (encoded
/// slashes or backslashes, NUL, `..` segments, invalid UTF-8).
pub fn decode_path(raw: &str) -> Option<String> {
    let raw = raw.split(['?', '#']).next().unwrap_or("");
    let lower = raw.to_ascii_lowercase();
    if ["%2f", "%5c", "%00"].iter().any(|e| lower.contains(e)) {
        return None;
    }
    let s = rally_core::format::percent_decode_strict(raw)?;
    if !s.starts_with('/') || s.contains('\\') || s.contains('\0') || s.split('/').any(|seg| seg == ".." || seg == ".")
    {
        return None;
    }
    Some(s)
}

/// The preview's own script and stylesheet, which every HTML page it serves loads (files of the
/// site's origin, so the site's Content-Security-Policy lets them in without loosening it).
pub const SCRIPT_PATH: &str = "/__rally/live.js";
pub const STYLE_PATH: &str = "/__rally/live.css";

/// Live reload, the warnings panel kept open across reloads and refreshed when the warnings
/// change, and its Dismiss button.
pub const LIVE_JS: &str = concat!(
    "(()=>{const e=new EventSource(\"/__rally/events\");e.addEventListener(\"reload\",()=>location.reload());",
    "const wire=()=>{const w=document.getElementById(\"rally-warnings\");if(!w)return;",
    "if(sessionStorage.getItem(\"rally-warnings\")===\"open\")w.open=true;",
    "w.addEventListener(\"toggle\",()=>sessionStorage.setItem(\"rally-warnings\",w.open?\"open\":\"\"));",
    "const b=w.querySelector(\"[data-rally-dismiss]\");if(b)b.addEventListener(\"click\",()=>w.remove());};",
    "e.addEventListener(\"warnings\",()=>fetch(\"/__rally/warnings\").then(r=>r.text()).then(h=>{",
    "const o=document.getElementById(\"rally-warnings\"),t=document.createElement(\"template\");t.innerHTML=h;",
    "const n=t.content.firstElementChild;if(n&&o)n.open=o.open;if(o)o.remove();if(n){document.body.append(n);wire();}}));",
    "wire();})();\n"
);

/// The error overlay and the warnings panel.
pub const LIVE_CSS: &str = concat!(
    "#rally-errors{position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,20,.94);color:#fff;",
    "font:15px/1.5 ui-monospace,monospace;padding:2rem}#rally-errors h2{margin:0 0 1rem;color:#ff8a80}",
    "#rally-errors pre{white-space:pre-wrap;margin:0 0 1rem}",
    "#rally-warnings{position:fixed;right:1rem;bottom:1rem;z-index:2147483646;max-width:min(44rem,calc(100vw - 2rem));",
    "max-height:60vh;overflow:auto;background:#fff8e1;color:#1f1f1f;border:2px solid #b26a00;border-radius:.5rem;",
    "box-shadow:0 2px 12px rgba(0,0,0,.25);font:13px/1.45 ui-monospace,monospace;text-align:left}",
    "#rally-warnings summary{cursor:pointer;padding:.4rem .8rem;font-weight:bold}#rally-warnings>div{padding:0 .8rem .8rem}",
    "#rally-warnings pre{white-space:pre-wrap;margin:0 0 .6rem}#rally-warnings p:last-child{margin:0}\n"
);

/// The warnings panel, an overlay listing `errors` when there are any, and the preview's
/// stylesheet and live-reload script.
pub fn injection(errors: &[Diagnostic], warnings: &[Diagnostic]) -> String {
    let mut s = format!("<link rel=\"stylesheet\" href=\"{STYLE_PATH}\">");
    s.push_str(&warnings_panel(warnings));
    if !errors.is_empty() {
        s.push_str("<div id=\"rally-errors\" role=\"alert\"><h2>The site has errors</h2>");
        for d in errors {
            s.push_str("<pre>");
            s.push_str(&escape_html(&d.to_string()));
            s.push_str("</pre>");
        }
        s.push_str("<p>Fix the file and save: this page reloads by itself.</p></div>");
    }
    s.push_str(&format!("<script src=\"{SCRIPT_PATH}\"></script>"));
    s
}

/// The warnings panel: a collapsed box in a corner, over the page but not hiding it, that opens
/// to list what `rally check` reports and can be dismissed. Empty when there is nothing to say.
pub fn warnings_panel(warnings: &[Diagnostic]) -> String {
    if warnings.is_empty() {
        return String::new();
    }
    let errors = warnings.iter().filter(|d| d.is_error()).count();
    let count = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
    let title = match errors {
        0 => count(warnings.len(), "warning"),
        n if n == warnings.len() => count(n, "problem"),
        n => format!("{}, {}", count(n, "problem"), count(warnings.len() - n, "warning")),
    };
    let mut s = format!("<details id=\"rally-warnings\"><summary>rally check: {title}</summary><div>");
    for d in warnings.iter().take(PANEL_MAX) {
        s.push_str("<pre>");
        s.push_str(&escape_html(&d.to_string()));
        s.push_str("</pre>");
    }
    if warnings.len() > PANEL_MAX {
        s.push_str(&format!("<p>… and {} more: `rally check` lists them all.</p>", warnings.len() - PANEL_MAX));
    }
    s.push_str(
        "<p>The page is built anyway. <button type=\"button\" data-rally-dismiss>Dismiss</button></p></div></details>",
    );
    s
}

/// The headers the site's `_headers` file gives the file at URL path `path`, as a host applies
/// them: those of every rule whose path matches (`*` matches anything). Caching headers are left
/// out: the preview is never cached.
pub fn site_headers(snap: &Snapshot, path: &str) -> Vec<(String, String)> {
    let Some(text) = snap.files.get("_headers").and_then(|b| std::str::from_utf8(b).ok()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut applies = false;
    for line in text.lines() {
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        if !line.starts_with([' ', '\t']) {
            applies = glob_matches(line.trim(), path);
            continue;
        }
        if let Some((name, value)) = line.trim().split_once(':')
            && applies
            && !name.trim().eq_ignore_ascii_case("cache-control")
        {
            out.push((name.trim().to_string(), value.trim().to_string()));
        }
    }
    out
}

/// Does `pattern` (a `_headers` path, `*` matching any run of characters) match `path`?
fn glob_matches(pattern: &str, path: &str) -> bool {
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or_default();
    let Some(mut rest) = path.strip_prefix(first) else { return false };
    let parts: Vec<&str> = parts.collect();
    if parts.is_empty() {
        return rest.is_empty();
    }
    for (i, part) in parts.iter().enumerate() {
        if i + 1 == parts.len() {
            return rest.ends_with(part);
        }
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    true
}

/// Puts the injection before `</body>` (or at the end).
pub fn inject(html: &[u8], snap: &Snapshot) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    let extra = injection(&snap.errors, &snap.warnings);
    match text.rfind("</body>") {
        Some(i) => format!("{}{extra}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{extra}").into_bytes(),
    }
}

fn html_page(body: &[u8], mime: &'static str, snap: &Snapshot) -> Vec<u8> {
    if mime.starts_with("text/html") { inject(body, snap) } else { body.to_vec() }
}

/// Answers a GET for `raw_path`.
pub fn respond(snap: &Snapshot, raw_path: &str) -> Reply {
    let Some(path) = decode_path(raw_path) else { return Reply::BadRequest };
    if path == rally_media::cards::preview::PATH {
        let page = rally_media::cards::preview::page(&snap.files);
        return Reply::Ok { mime: "text/html; charset=utf-8", body: inject(page.as_bytes(), snap) };
    }
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
        let mime = media_type(&file);
        return Reply::Ok { mime, body: html_page(body, mime, snap) };
    }
    if snap.files.contains_key(&format!("{file}/index.html")) {
        return Reply::Redirect(format!("{path}/"));
    }
    if snap.files.is_empty() && !snap.errors.is_empty() {
        let page = b"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Build failed</title></head><body></body></html>";
        return Reply::Ok { mime: "text/html; charset=utf-8", body: inject(page, snap) };
    }
    not_found(snap)
}

fn not_found(snap: &Snapshot) -> Reply {
    let body = snap.files.get("404.html").map_or_else(|| b"Not found".to_vec(), |b| inject(b, snap));
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
        Snapshot { files, errors: vec![], warnings: vec![], base_path: base.into(), pages: Arc::default() }
    }

    #[test]
    fn the_sites_headers_apply_to_the_paths_their_rules_match() {
        let mut s = snap("/hub/");
        let rules = "/hub/*\n  Content-Security-Policy: default-src 'self'\n  X-Frame-Options: SAMEORIGIN\n/hub/style.1a2b3c4d.css\n  Cache-Control: public, immutable\n/hub/contact/\n  Content-Security-Policy: frame-src https://maps.example\n";
        s.files.insert("_headers".into(), std::sync::Arc::new(rules.as_bytes().to_vec()));
        let names = |p: &str| site_headers(&s, p).into_iter().map(|(n, v)| format!("{n}: {v}")).collect::<Vec<_>>();
        assert_eq!(names("/hub/"), ["Content-Security-Policy: default-src 'self'", "X-Frame-Options: SAMEORIGIN"]);
        assert_eq!(names("/hub/style.1a2b3c4d.css").len(), 2, "no caching in the preview");
        assert_eq!(names("/hub/contact/").len(), 3, "every rule that matches, as hosts do");
        assert!(names("/other/").is_empty());
        assert!(glob_matches("/a/*/b", "/a/x/y/b") && !glob_matches("/a/*/b", "/a/x/c") && glob_matches("/x", "/x"));
    }

    #[test]
    fn serves_files_and_index_pages() {
        let s = snap("/");
        match respond(&s, "/a/") {
            Reply::Ok { mime, body } => {
                assert_eq!(mime, "text/html; charset=utf-8");
                let body = String::from_utf8(body).unwrap();
                assert!(
                    body.contains("<script src=\"/__rally/live.js\"></script>") && body.ends_with("</body>"),
                    "{body}"
                );
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
    fn warnings_are_in_a_collapsed_panel_that_does_not_block_the_page() {
        let mut s = snap("/");
        let Reply::Ok { body, .. } = respond(&s, "/") else { panic!() };
        assert!(!String::from_utf8(body).unwrap().contains("id=\"rally-warnings\""), "no panel without warnings");
        s.warnings = vec![Diagnostic::warning("content/a.md", 1, 1, "no `description`")];
        let Reply::Ok { body, .. } = respond(&s, "/") else { panic!() };
        let body = String::from_utf8(body).unwrap();
        assert!(body.contains("<details id=\"rally-warnings\""), "a collapsed panel: {body}");
        assert!(body.contains("rally check: 1 warning</summary>"));
        assert!(body.contains("content/a.md:1:1: warning: no `description`"));
        assert!(body.contains("Dismiss") && !body.contains("rally-errors") && !body.contains("role=\"alert\""));
        assert!(body.contains("home"), "the page itself is still there");
        s.warnings =
            (0..150).map(|i| Diagnostic::error(format!("content/{i}.md"), 1, 1, "link leads nowhere")).collect();
        let panel = warnings_panel(&s.warnings);
        assert!(panel.contains("rally check: 150 problems") && panel.contains("… and 50 more"), "{panel}");
        assert_eq!(panel.matches("<pre").count(), 100);
    }
}
