//! The live preview of unsaved text, and where each problem of a file is shown: under the field
//! of the front matter key at its line, or above the body.
//!
//! The editor's script sends the form as it is typed (the same fields a save sends); the text a
//! save would write is made as a save makes it, and the preview's site renders the page from it
//! ([`crate::live::LiveSite::draft`]), served at the page's own URL with `?rally-draft=ID`. Errors
//! the build would report for the text come back instead, as `rally check` prints them.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use std::sync::Arc;

use super::{Editor, decode_form, files, refused, written};
use crate::live::Drafted;
use rally_core::error::Diagnostic;
use rally_core::model::fields;
use rally_core::model::page::PageKind;

/// The front matter key whose value is at 1-based `line` of `text` (a file with a `---` fenced
/// front matter), among `keys`; `None` for the body, the fences and the file as a whole.
pub fn key_at<'k>(text: &str, line: usize, keys: &[&'k str]) -> Option<&'k str> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.lines();
    if lines.next()?.trim_end() != "---" || line < 2 {
        return None;
    }
    let mut current = None;
    for (n, l) in lines.enumerate().map(|(n, l)| (n + 2, l)) {
        if l.trim_end() == "---" {
            return None;
        }
        let top = !l.starts_with([' ', '\t', '#', '-']) && !l.trim().is_empty();
        if top && let Some((key, _)) = l.split_once(':') {
            let key = key.trim().trim_matches(['"', '\'']);
            current = keys.iter().copied().find(|k| *k == key);
        }
        if n == line {
            return current;
        }
    }
    None
}

/// The keys the form of a file of `kind` has a field for.
pub fn form_keys(kind: PageKind) -> Vec<&'static str> {
    fields::of(kind).iter().map(|f| f.key).collect()
}

/// A problem for the editor's script: where it is shown, and what it says.
fn shown(d: &Diagnostic, text: &str, keys: &[&str], saved: bool) -> Value {
    json!({
        "key": key_at(text, d.line, keys),
        "error": d.is_error(),
        "line": d.line,
        "message": d.message,
        "text": d.to_string(),
        "saved": saved,
    })
}

fn answer(v: Value) -> Response {
    let mut res = (StatusCode::OK, v.to_string()).into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// `POST /__rally/edit/preview`: the form as typed in, the preview's address or the errors out.
pub(super) async fn preview(State(ed): State<Arc<Editor>>, headers: HeaderMap, body: Bytes) -> Response {
    let form = decode_form(&String::from_utf8_lossy(&body));
    if let Err(why) = ed.admit_change(&headers, &form) {
        return refused(why);
    }
    let rel = form.get("path").cloned().unwrap_or_default();
    let path = match files::resolve(&ed.root, &rel) {
        Ok(p) if rel.starts_with("content/") && rel.ends_with(".md") => p,
        Ok(_) => return refused("The editor previews only the .md files of content/."),
        Err(why) => return refused(&why),
    };
    let Ok(bytes) = std::fs::read(&path) else {
        return answer(
            json!({ "url": null, "note": format!("There is no {rel}: it was moved or deleted."), "problems": [] }),
        );
    };
    let disk = String::from_utf8_lossy(&bytes).into_owned();
    let codes = ed.codes();
    let under = rel["content/".len()..].to_string();
    let kind = files::list_one(&under, &codes).kind;
    let keys = form_keys(kind);
    // what `rally check` found in the file as saved, shown beside the errors of the text typed
    let saved: Vec<Value> = ed.problems_of(&rel).iter().map(|d| shown(d, &disk, &keys, true)).collect();
    let text = match written(&rel, &disk, &form, &codes) {
        Ok(t) => t.unwrap_or(disk),
        Err(why) => {
            let key = fields::of(kind).iter().find(|f| why.starts_with(&format!("{}:", f.label))).map(|f| f.key);
            let typed = json!({ "key": key, "error": true, "line": 0, "message": why, "text": why, "saved": false });
            let problems: Vec<Value> = std::iter::once(typed).chain(saved).collect();
            return answer(json!({ "url": null, "note": null, "problems": problems }));
        }
    };
    let shared = Arc::clone(&ed.shared);
    let drafted = {
        let text = text.clone();
        tokio::task::spawn_blocking(move || {
            let mut live = crate::lock(&shared.live);
            let drafted = live.as_mut().map(|l| l.draft(&under, &text));
            drop(live);
            drafted.map(|d| d.map(|d| (d, shared)))
        })
        .await
    };
    let (url, note, mut problems) = match drafted {
        Ok(Some(Ok((Drafted::Page { url, html }, shared)))) => (Some(shared.keep_draft(url, html)), None, Vec::new()),
        Ok(Some(Ok((Drafted::LeftOut, _)))) => (
            None,
            Some(
                "This file is not in the preview: a draft or a page dated in the future (run rally serve --drafts --future to see it).",
            ),
            Vec::new(),
        ),
        Ok(Some(Err(errors))) => (None, None, errors.iter().map(|d| shown(d, &text, &keys, false)).collect()),
        Ok(None) => (
            None,
            Some("The site has not been built yet: fix the errors the preview shows, then type again."),
            Vec::new(),
        ),
        Err(_) => (None, Some("The preview failed: save to see the page."), Vec::new()),
    };
    problems.extend(saved);
    answer(json!({ "url": url, "note": note, "problems": problems }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_belongs_to_the_key_above_it() {
        let text =
            "---\n# a comment\ntitle: A\ntags:\n  - a\n  - b\nsummary: |\n  two\n  lines\nextra: { x: 1 }\n---\nBody\n";
        let keys = ["title", "tags", "summary"];
        let at = |line| key_at(text, line, &keys);
        assert_eq!((at(1), at(2), at(3), at(4), at(6)), (None, None, Some("title"), Some("tags"), Some("tags")));
        assert_eq!(
            (at(8), at(9), at(10), at(11), at(12), at(0)),
            (Some("summary"), Some("summary"), None, None, None, None)
        );
        assert_eq!(key_at("title: A\n", 1, &keys), None, "no front matter");
        assert_eq!(key_at("\u{feff}---\n'title': A\n---\n", 2, &keys), Some("title"));
    }
}
