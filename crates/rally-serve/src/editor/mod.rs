//! The editor at `/__rally/edit/`: a client of the library, not a second implementation. Its
//! forms are generated from the model's field table (`rally_core::model::fields`), a save is a
//! layout-keeping YAML edit (`rally_core::source::yaml::edit`), new files are made by
//! `rally_build::new` as `rally new` makes them, and the problems shown are those the preview's
//! `rally check` finds after the rebuild the save causes.
//!
//! On only when the server listens on a loopback address, or with `--edit-token` (then a browser
//! first opens `/__rally/edit/?token=TOKEN`, which sets a cookie). Every request must name this
//! server as its host (no DNS rebinding); a request that changes anything must come from the
//! server's own pages (`Origin`, or `Referer`) and carry the token of this run of the server,
//! embedded in those pages; else 403. Writes go only into `content/`, `data/` and `static/`.

pub mod files;
pub mod form;
pub mod page;
pub mod preview;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use crate::Shared;
use form::{Form, Opened};
use page::{EditView, Notice};
use rally_build::new::{NewFile, create};
use rally_core::error::Diagnostic;
use rally_core::model::fields;
use rally_core::source::front_matter::CampaignKind;

/// Where the editor is served.
pub const BASE: &str = "/__rally/edit/";
const JS: &str = include_str!("editor.js");
const CSS: &str = include_str!("editor.css");
const COOKIE: &str = "rally_edit";

/// Is the editor on for a server bound to `bind`, given `--edit-token`?
pub fn enabled(bind: &str, token: Option<&str>) -> bool {
    token.is_some() || is_loopback(bind)
}

fn is_loopback(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost") || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// The editor of one running server.
pub struct Editor {
    root: PathBuf,
    addr: SocketAddr,
    /// The token of this run, embedded in every form; a change without it is refused.
    session: String,
    /// `--edit-token`: when given, every request needs it (as a cookie, set from `?token=`).
    access: Option<String>,
    shared: Arc<Shared>,
}

impl Editor {
    pub(crate) fn new(root: PathBuf, addr: SocketAddr, access: Option<String>, shared: Arc<Shared>) -> Editor {
        Editor { root, addr, session: random_token(), access, shared }
    }
}

/// A token nobody can guess: 128 bits from the system's random source.
pub(crate) fn random_token() -> String {
    let mut bytes = [0u8; 16];
    let read = std::fs::File::open("/dev/urandom").and_then(|mut f| std::io::Read::read_exact(&mut f, &mut bytes));
    if read.is_err() {
        // elsewhere: the standard library's randomly keyed hasher, twice
        use std::hash::{BuildHasher, Hasher};
        for (i, chunk) in bytes.chunks_mut(8).enumerate() {
            let mut h = std::collections::hash_map::RandomState::new().build_hasher();
            h.write_usize(i);
            h.write_u128(
                std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default().as_nanos(),
            );
            chunk.copy_from_slice(&h.finish().to_le_bytes());
        }
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The editor's routes.
pub(crate) fn routes(editor: Arc<Editor>) -> Router {
    use axum::routing::{get, post};
    Router::new()
        .route(BASE, get(list))
        .route(&format!("{BASE}file"), get(edit))
        .route(&format!("{BASE}save"), post(save))
        .route(&format!("{BASE}preview"), post(preview::preview))
        .route(&format!("{BASE}new"), post(new_file))
        .route(&format!("{BASE}upload"), post(upload).layer(DefaultBodyLimit::max(files::MAX_PHOTO_BYTES + 64 * 1024)))
        .route(&format!("{BASE}editor.js"), get(|| async { asset("text/javascript; charset=utf-8", JS) }))
        .route(&format!("{BASE}editor.css"), get(|| async { asset("text/css; charset=utf-8", CSS) }))
        .with_state(editor)
}

fn asset(mime: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(mime)),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        body,
    )
        .into_response()
}

/// An editor page, with headers that keep it to itself.
fn html(status: StatusCode, body: String) -> Response {
    let mut res = (status, body).into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'",
        ),
    );
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    res
}

fn refused(why: &str) -> Response {
    html(StatusCode::FORBIDDEN, page::message("Refused", why, BASE))
}

fn problem(status: StatusCode, title: &str, text: &str, back: &str) -> Response {
    html(status, page::message(title, text, back))
}

/// `a == b`, in a time that does not tell how much of them is the same.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |d, (x, y)| d | (x ^ y)) == 0
}

/// The query or form `s` (`a=1&b=two+words`) as a map.
fn decode_form(s: &str) -> Form {
    s.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            let d = |x: &str| rally_core::format::percent_decode(&x.replace('+', " ")).into_owned();
            (d(k), d(v))
        })
        .collect()
}

impl Editor {
    /// Checks a request for the editor: its host is this server, and with `--edit-token` it
    /// carries the token (or the cookie). Returns the cookie to set, if any.
    fn admit(&self, headers: &HeaderMap, query: &Form) -> Result<Option<String>, &'static str> {
        let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("");
        if self.access.is_none() {
            let (name, port) = host.rsplit_once(':').unwrap_or((host, ""));
            if !is_loopback(name) || port != self.addr.port().to_string() {
                return Err("The editor answers only at this server's own address.");
            }
        }
        let Some(access) = &self.access else { return Ok(None) };
        if query.get("token").is_some_and(|t| same(t, access)) {
            return Ok(Some(format!("{COOKIE}={access}; Path={BASE}; HttpOnly; SameSite=Strict")));
        }
        let cookie = headers.get_all(header::COOKIE).iter().filter_map(|c| c.to_str().ok()).flat_map(|c| c.split(';'));
        if cookie.filter_map(|c| c.trim().strip_prefix(&format!("{COOKIE}="))).any(|t| same(t, access)) {
            return Ok(None);
        }
        Err("Open the editor with its token first: /__rally/edit/?token=TOKEN (the token given to --edit-token).")
    }

    /// Checks a request that changes something: admitted, from this server's pages, with the
    /// token of this run.
    fn admit_change(&self, headers: &HeaderMap, form: &Form) -> Result<(), &'static str> {
        self.admit(headers, &Form::new())?;
        let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("");
        let origin = format!("http://{host}");
        let from_here = match headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) {
            Some(o) => o == origin,
            None => headers
                .get(header::REFERER)
                .and_then(|r| r.to_str().ok())
                .is_some_and(|r| r.strip_prefix(&origin).is_some_and(|rest| rest.starts_with('/'))),
        };
        if !from_here {
            return Err("This request did not come from the editor's own pages.");
        }
        if !form.get("token").is_some_and(|t| same(t, &self.session)) {
            return Err(
                "This form is out of date (the server was restarted, or it did not come from the editor): open the file again.",
            );
        }
        Ok(())
    }

    /// Runs `write`, then, when it wrote, waits for the rebuild and check it causes (ten seconds
    /// at most), so that the page answered shows what they find.
    async fn settled_after<T, E>(&self, write: impl FnOnce() -> Result<T, E>) -> Result<T, E> {
        let mut settled = self.shared.settled.subscribe();
        settled.mark_unchanged();
        let written = write()?;
        let _ = tokio::time::timeout(Duration::from_secs(10), settled.changed()).await;
        Ok(written)
    }

    /// The site's other languages (code, name).
    fn languages(&self) -> Vec<(String, String)> {
        let config = rally_core::config::load(&self.root, None).ok();
        config.map_or_else(Vec::new, |c| c.languages.iter().skip(1).map(|l| (l.code.clone(), l.name.clone())).collect())
    }

    /// The codes of the site's other languages.
    fn codes(&self) -> Vec<String> {
        self.languages().into_iter().map(|(c, _)| c).collect()
    }

    /// The problems the preview's `rally check` (and the last build) found in the file at `rel`.
    fn problems_of(&self, rel: &str) -> Vec<Diagnostic> {
        let snap = self.shared.snapshot();
        snap.errors.iter().chain(&snap.warnings).filter(|d| d.path.ends_with(rel)).cloned().collect()
    }

    /// The edit page of `rel` as it is on disk.
    fn edit_page(&self, rel: &str, notice: Option<Notice>, extra: Vec<Diagnostic>) -> Response {
        let back = BASE;
        if !rel.starts_with("content/") || !rel.ends_with(".md") {
            return problem(
                StatusCode::BAD_REQUEST,
                "Not a content file",
                "The editor opens the .md files of content/.",
                back,
            );
        }
        let path = match files::resolve(&self.root, rel) {
            Ok(p) => p,
            Err(why) => return problem(StatusCode::BAD_REQUEST, "Not a content file", &why, back),
        };
        let Ok(bytes) = std::fs::read(&path) else {
            return problem(StatusCode::NOT_FOUND, "No such file", &format!("There is no {rel}."), back);
        };
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let hash = files::hash(&bytes);
        let under_content = &rel["content/".len()..];
        let codes = self.codes();
        let listed = files::list_one(under_content, &codes);
        let opened = Opened::read(Path::new(rel), &text);
        let mut problems = self.problems_of(rel);
        if let Err(found) = &opened {
            problems.extend(found.iter().cloned());
        }
        for d in extra {
            if !problems.iter().any(|p| p.to_string() == d.to_string()) {
                problems.push(d);
            }
        }
        let snap = self.shared.snapshot();
        let preview = snap.pages.get(under_content).map(|(url, _)| url.clone());
        let languages = if listed.lang.is_some() { Vec::new() } else { self.languages() };
        let view = EditView {
            path: rel,
            kind: listed.kind,
            hash: &hash,
            token: &self.session,
            opened: opened.as_ref().map_err(|_| text.as_str()),
            preview: preview.as_deref(),
            problems: &problems,
            text: &text,
            notice,
            languages: &languages,
        };
        html(StatusCode::OK, page::edit(&view))
    }
}

async fn list(State(ed): State<Arc<Editor>>, headers: HeaderMap, uri: Uri) -> Response {
    let query = decode_form(uri.query().unwrap_or(""));
    let cookie = match ed.admit(&headers, &query) {
        Ok(c) => c,
        Err(why) => return refused(why),
    };
    let codes = ed.codes();
    let snap = ed.shared.snapshot();
    let listed: Vec<(files::Listed, String)> = files::list(&ed.root, &codes)
        .into_iter()
        .map(|l| {
            let built = snap.pages.get(&l.path["content/".len()..]).map(|(_, t)| t.clone());
            // a draft, a page dated in the future or a translation the preview leaves out: its own title
            let title = built.unwrap_or_else(|| written_title(&ed.root, &l.path));
            (l, title)
        })
        .collect();
    let q = query.get("q").map_or("", String::as_str);
    let mut res = html(StatusCode::OK, page::list(&listed, q, &ed.session, None));
    if let Some(c) = cookie.and_then(|c| HeaderValue::from_str(&c).ok()) {
        res.headers_mut().insert(header::SET_COOKIE, c);
    }
    res
}

/// The `title` the front matter of the file at `rel` gives, if any.
fn written_title(root: &Path, rel: &str) -> String {
    let path = root.join(rel);
    let Ok(text) = rally_core::source::discover::read_text(&path, Path::new(rel)) else { return String::new() };
    rally_core::source::front_matter::parse(&text, Path::new(rel))
        .ok()
        .and_then(|(fm, _, _)| fm.title)
        .unwrap_or_default()
}

async fn edit(State(ed): State<Arc<Editor>>, headers: HeaderMap, uri: Uri) -> Response {
    let query = decode_form(uri.query().unwrap_or(""));
    if let Err(why) = ed.admit(&headers, &query) {
        return refused(why);
    }
    let rel = query.get("path").map_or("", String::as_str);
    ed.edit_page(rel, None, Vec::new())
}

async fn save(State(ed): State<Arc<Editor>>, headers: HeaderMap, body: Bytes) -> Response {
    let form = decode_form(&String::from_utf8_lossy(&body));
    if let Err(why) = ed.admit_change(&headers, &form) {
        return refused(why);
    }
    let rel = form.get("path").cloned().unwrap_or_default();
    let back = page::edit_href(&rel);
    let path = match files::resolve(&ed.root, &rel) {
        Ok(p) if rel.starts_with("content/") && rel.ends_with(".md") => p,
        Ok(_) => return refused("The editor saves only the .md files of content/."),
        Err(why) => return refused(&why),
    };
    let Ok(bytes) = std::fs::read(&path) else {
        return problem(
            StatusCode::NOT_FOUND,
            "No such file",
            &format!("There is no {rel}: it was moved or deleted."),
            BASE,
        );
    };
    let disk = String::from_utf8_lossy(&bytes).into_owned();
    let codes = ed.codes();
    let new_text = match written(&rel, &disk, &form, &codes) {
        Ok(Some(t)) => t,
        Ok(None) => {
            return ed.edit_page(&rel, Some(Notice { text: "Nothing changed.".into(), error: false }), Vec::new());
        }
        Err(why) => {
            return problem(
                StatusCode::UNPROCESSABLE_ENTITY,
                "Not saved",
                &format!("{why}. Go back to correct it."),
                &back,
            );
        }
    };
    let disk_hash = files::hash(&bytes);
    if form.get("hash").is_none_or(|h| *h != disk_hash) {
        return html(StatusCode::CONFLICT, page::conflict(&rel, &disk, &new_text, &form, &disk_hash));
    }
    // the page shows what the rebuild and check this save causes find
    if let Err(e) = ed.settled_after(|| files::write_atomic(&path, new_text.as_bytes())).await {
        return problem(StatusCode::INTERNAL_SERVER_ERROR, "Not saved", &format!("cannot write {rel}: {e}"), &back);
    }
    let now = rally_core::source::front_matter::parse(&new_text, Path::new(&rel)).err().unwrap_or_default();
    ed.edit_page(&rel, Some(Notice { text: "Saved.".into(), error: false }), now)
}

/// The text `form` makes of the file `disk` at `rel`; `None` when it changes nothing.
fn written(rel: &str, disk: &str, form: &Form, codes: &[String]) -> Result<Option<String>, String> {
    if let Some(raw) = form.get("raw") {
        let raw = raw.replace("\r\n", "\n");
        return Ok((raw != disk).then_some(raw));
    }
    let opened = Opened::read(Path::new(rel), disk).map_err(|d| {
        d.first().map_or_else(
            || "the front matter does not parse".to_string(),
            |d| format!("line {}: {}", d.line, d.message),
        )
    })?;
    let kind = files::list_one(&rel["content/".len()..], codes).kind;
    let given = |k: &str| form.get(&form::input_name(k, None)).map(|v| v.trim().to_string()).unwrap_or_default();
    if !given("image").is_empty() && given("image_alt").is_empty() && form.contains_key("f.image_alt") {
        return Err("Alt text: a photo needs its alt text, what the photo shows for people who cannot see it".into());
    }
    opened.changed(&fields::of(kind), form)
}

async fn new_file(State(ed): State<Arc<Editor>>, headers: HeaderMap, body: Bytes) -> Response {
    let form = decode_form(&String::from_utf8_lossy(&body));
    if let Err(why) = ed.admit_change(&headers, &form) {
        return refused(why);
    }
    let get = |k: &str| form.get(k).map(|v| v.trim().to_string()).unwrap_or_default();
    let new = match get("kind").as_str() {
        "update" => NewFile::Update { title: get("title") },
        "event" => {
            let timezone = Some(get("timezone")).filter(|z| !z.is_empty());
            NewFile::Event { title: get("title"), start: get("start"), timezone }
        }
        "campaign" => {
            let kind = match get("campaign_kind").as_str() {
                "petition" => CampaignKind::Petition,
                "fundraiser" => CampaignKind::Fundraiser,
                _ => CampaignKind::Pledge,
            };
            NewFile::Campaign { title: get("title"), kind }
        }
        "report" => NewFile::Report { period: get("period") },
        "page" => NewFile::Page { path: get("path") },
        "translation" => NewFile::Translation { path: get("path"), lang: get("lang") },
        other => {
            return problem(StatusCode::BAD_REQUEST, "Not made", &format!("`{other}` is not a kind of file"), BASE);
        }
    };
    // the new file's form shows it in the preview: the rebuild that reads it comes first
    match ed.settled_after(|| create(&ed.root, &new)).await {
        Ok(abs) => {
            let rel = abs.strip_prefix(&ed.root).map(|p| p.to_string_lossy().replace('\\', "/")).unwrap_or_default();
            let mut res = StatusCode::SEE_OTHER.into_response();
            if let Ok(to) = HeaderValue::from_str(&page::edit_href(&rel)) {
                res.headers_mut().insert(header::LOCATION, to);
            }
            res
        }
        Err(e) => problem(StatusCode::UNPROCESSABLE_ENTITY, "Not made", &e.to_string(), BASE),
    }
}

async fn upload(State(ed): State<Arc<Editor>>, headers: HeaderMap, body: Bytes) -> Response {
    let ct = headers.get(header::CONTENT_TYPE).and_then(|c| c.to_str().ok()).unwrap_or("");
    let Some(parts) = files::multipart(ct, &body) else {
        return problem(StatusCode::BAD_REQUEST, "Not uploaded", "Send the photo from the editor's form.", BASE);
    };
    let mut fields: HashMap<String, String> = HashMap::new();
    let mut photo = None;
    for p in &parts {
        match &p.filename {
            Some(name) if p.name == "photo" => photo = Some((name.clone(), p.bytes)),
            _ => {
                fields.insert(p.name.clone(), String::from_utf8_lossy(p.bytes).into_owned());
            }
        }
    }
    if let Err(why) = ed.admit_change(&headers, &fields) {
        return refused(why);
    }
    let back = fields.get("path").map_or_else(|| BASE.to_string(), |p| page::edit_href(p));
    let alt = fields.get("alt").map(|a| a.trim().to_string()).unwrap_or_default();
    let fail = |status, why: &str| problem(status, "Not uploaded", why, &back);
    let Some((name, bytes)) = photo.filter(|(_, b)| !b.is_empty()) else {
        return fail(StatusCode::BAD_REQUEST, "Choose a photo to upload.");
    };
    if alt.is_empty() {
        return fail(StatusCode::UNPROCESSABLE_ENTITY, page::ALT_MISSING);
    }
    let Some(ext) = files::photo_type(bytes) else {
        return fail(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "This file is not a photo the site can show: upload a JPEG, PNG, WebP, GIF or AVIF.",
        );
    };
    let images = ed.root.join("static/images");
    let file = files::photo_name(&images, &name, ext);
    let written = files::resolve(&ed.root, &format!("static/images/{file}"))
        .and_then(|p| files::write_atomic(&p, bytes).map_err(|e| format!("cannot write static/images/{file}: {e}")));
    if let Err(why) = written {
        return fail(StatusCode::FORBIDDEN, &why);
    }
    let text = format!(
        "Uploaded static/images/{file}. Put /images/{file} in the Image field with its alt text, or this in the text: ![{alt}](/images/{file})"
    );
    html(StatusCode::CREATED, page::message("Photo uploaded", &text, &back))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn on_for_loopback_or_with_a_token() {
        for host in ["127.0.0.1", "localhost", "::1", "[::1]", "127.1.2.3"] {
            assert!(enabled(host, None), "{host}");
        }
        for host in ["0.0.0.0", "192.168.1.4", "::", "example.org"] {
            assert!(!enabled(host, None), "{host}");
            assert!(enabled(host, Some("secret")), "{host}");
        }
        assert_eq!(random_token().len(), 32);
        assert_ne!(random_token(), random_token());
        assert!(same("abc", "abc") && !same("abc", "abd") && !same("abc", "ab"));
        let f = decode_form("a=1&b=two+words&c=%2F..%2F&d");
        assert_eq!(
            (f["a"].as_str(), f["b"].as_str(), f["c"].as_str(), f["d"].as_str()),
            ("1", "two words", "/../", "")
        );
    }
}
