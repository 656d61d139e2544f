//! The editor's pages as HTML: pure, values in, text out. Plain forms that work without
//! JavaScript; the script and styles are files (`editor.js`, `editor.css`), as the site's
//! Content-Security-Policy wants: no inline script, no style attribute.

use std::fmt::Write;

use rally_core::error::Diagnostic;
use rally_core::format::escape_html as esc;
use rally_core::model::fields::{self, Field, FieldType};
use rally_core::model::kinds;
use rally_core::model::page::PageKind;

use super::BASE;
use super::files::Listed;
use super::form::{Form, Opened, Shown, input_name};
use super::preview::{form_keys, key_at};

/// The kinds the list shows, in order, with the heading of each: the kinds of many files first
/// (those in a folder, then plain pages, then section pages), then those of one file.
fn groups() -> Vec<(PageKind, &'static str)> {
    let rank = |k: &kinds::Kind| match k.place {
        kinds::Place::Folder(_) => 0,
        kinds::Place::Elsewhere => 1,
        kinds::Place::SectionIndex => 2,
        kinds::Place::File(_) => 3,
    };
    let mut rows: Vec<&kinds::Kind> = kinds::KINDS.iter().collect();
    rows.sort_by_key(|k| rank(k));
    rows.into_iter().map(|k| (k.kind, k.label)).collect()
}

/// A message at the top of a page.
pub struct Notice {
    pub text: String,
    pub error: bool,
}

/// A whole page around `main`.
pub fn layout(title: &str, main: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{} · Rally editor</title>\n<link rel=\"stylesheet\" href=\"{BASE}editor.css\">\n\
         <script src=\"{BASE}editor.js\" defer></script>\n</head>\n<body>\n\
         <header class=\"bar\"><a href=\"{BASE}\">All content</a></header>\n<main>\n{main}</main>\n</body>\n</html>\n",
        esc(title)
    )
}

fn notice(n: Option<&Notice>) -> String {
    n.map_or_else(String::new, |n| {
        let (class, role) = if n.error { ("notice error", "alert") } else { ("notice", "status") };
        format!("<p class=\"{class}\" role=\"{role}\">{}</p>\n", esc(&n.text))
    })
}

/// The link to a file's edit page.
pub fn edit_href(path: &str) -> String {
    format!("{BASE}file?path={}", encode(path))
}

/// `s` as a query value: letters, digits, `-._~/` as they are, other bytes as `%XX`.
fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

fn hidden(name: &str, value: &str) -> String {
    format!("<input type=\"hidden\" name=\"{name}\" value=\"{}\">", esc(value))
}

/// Every content file by kind (those whose path or title holds `q`), with the forms that make
/// new ones.
pub fn list(files: &[(Listed, String)], q: &str, token: &str, note: Option<&Notice>) -> String {
    let mut m = String::from("<h1>Content</h1>\n");
    m.push_str(&notice(note));
    let _ = writeln!(
        m,
        "<form role=\"search\" method=\"get\" action=\"{BASE}\" class=\"search\"><label for=\"q\">Search</label> \
         <input type=\"search\" id=\"q\" name=\"q\" value=\"{}\" data-filter=\"#files li\"> <button type=\"submit\">Search</button></form>",
        esc(q)
    );
    m.push_str(&new_forms(token));
    let q = q.trim().to_lowercase();
    m.push_str("<div id=\"files\">\n");
    for (kind, heading) in groups() {
        let mine: Vec<&(Listed, String)> = files
            .iter()
            .filter(|(l, title)| {
                l.kind == kind
                    && (q.is_empty() || l.path.to_lowercase().contains(&q) || title.to_lowercase().contains(&q))
            })
            .collect();
        if mine.is_empty() {
            continue;
        }
        let _ = writeln!(m, "<section><h2>{heading} <span class=\"count\">({})</span></h2>\n<ul>", mine.len());
        for (l, title) in mine {
            let lang = l.lang.as_deref().map_or(String::new(), |c| format!(" <span class=\"lang\">{}</span>", esc(c)));
            let _ = writeln!(
                m,
                "<li data-search=\"{}\"><a href=\"{}\">{}</a>{lang} <span class=\"path\">{}</span></li>",
                esc(&format!("{} {}", l.path, title).to_lowercase()),
                esc(&edit_href(&l.path)),
                esc(if title.is_empty() { &l.path } else { title }),
                esc(&l.path),
            );
        }
        m.push_str("</ul></section>\n");
    }
    m.push_str("</div>\n");
    layout("Content", &m)
}

/// The "New update", "New event", ... forms, each behind its button.
fn new_forms(token: &str) -> String {
    let text = |name: &str, label: &str, extra: &str| {
        format!("<label>{label} <input type=\"text\" name=\"{name}\" required{extra}></label> ")
    };
    let forms = [
        ("update", "New update", text("title", "Title", "")),
        (
            "event",
            "New event",
            text("title", "Title", "")
                + "<label>Start <input type=\"datetime-local\" name=\"start\" required></label> "
                + &text("timezone", "Time zone", " value=\"Europe/London\""),
        ),
        (
            "campaign",
            "New campaign",
            text("title", "Title", "")
                + "<label>Kind <select name=\"campaign_kind\"><option>pledge</option><option>petition</option><option>fundraiser</option></select></label> ",
        ),
        ("report", "New report", text("period", "Period", " placeholder=\"2026-Q1\"")),
        ("page", "New page", text("path", "Path under content/", " placeholder=\"about/team\"")),
    ];
    let mut s = String::from("<div class=\"new\">\n");
    for (kind, label, inputs) in forms {
        let _ = writeln!(
            s,
            "<details><summary>{label}</summary><form method=\"post\" action=\"{BASE}new\">{}{}{inputs}<button type=\"submit\">Create</button></form></details>",
            hidden("token", token),
            hidden("kind", kind)
        );
    }
    s.push_str("</div>\n");
    s
}

/// What the edit page of one file shows.
pub struct EditView<'a> {
    pub path: &'a str,
    pub kind: PageKind,
    pub hash: &'a str,
    pub token: &'a str,
    /// The file read for the form; `Err(text)` when its front matter does not parse.
    pub opened: Result<&'a Opened<'a>, &'a str>,
    pub preview: Option<&'a str>,
    pub problems: &'a [Diagnostic],
    /// The file's text as on disk, whose lines the problems name.
    pub text: &'a str,
    pub notice: Option<Notice>,
    /// The site's other languages (code, name), for a new translation; empty for a translation.
    pub languages: &'a [(String, String)],
}

/// The edit page: the form, the problems `rally check` finds in the file (each under the field of
/// the key at its line, the others above the body), and the page beside.
pub fn edit(v: &EditView) -> String {
    let mut m = format!("<h1>Editing {}</h1>\n<p class=\"path\">{}</p>\n", esc(kinds::kind(v.kind).one), esc(v.path));
    m.push_str(&notice(v.notice.as_ref()));
    m.push_str("<div class=\"split\">\n<div class=\"editing\">\n");
    m.push_str(&summary(v.problems));
    let _ = writeln!(
        m,
        "<form method=\"post\" action=\"{BASE}save\" class=\"edit\" id=\"edit\">{}{}{}",
        hidden("token", v.token),
        hidden("path", v.path),
        hidden("hash", v.hash)
    );
    let keys = if v.opened.is_ok() { form_keys(v.kind) } else { Vec::new() };
    let key_of = |d: &Diagnostic| key_at(v.text, d.line, &keys);
    let rest: Vec<&Diagnostic> = v.problems.iter().filter(|d| key_of(d).is_none()).collect();
    match v.opened {
        Ok(opened) => {
            for f in fields::of(v.kind) {
                let mine: Vec<&Diagnostic> = v.problems.iter().filter(|d| key_of(d) == Some(f.key)).collect();
                m.push_str(&field(&f, &opened.shown(&f), fields::required(v.kind, f.key), &mine));
            }
            m.push_str(&problem_list("body-problems", &rest));
            let _ = write!(
                m,
                "<div class=\"field body\"><label for=\"body\">Text (Markdown)</label>\
                 <textarea id=\"body\" name=\"body\" rows=\"20\"{}>\n{}</textarea></div>\n",
                described_by("body-problems", &rest),
                esc(opened.body())
            );
        }
        Err(text) => {
            m.push_str(&problem_list("body-problems", &rest));
            let _ = write!(
                m,
                "<div class=\"field body\"><label for=\"raw\">The whole file (its front matter does not parse: see above)</label>\
                 <textarea id=\"raw\" name=\"raw\" rows=\"30\"{}>\n{}</textarea></div>\n",
                described_by("body-problems", &rest),
                esc(text)
            );
        }
    }
    m.push_str(
        "<div class=\"actions\"><button type=\"submit\">Save</button> <button type=\"reset\">Discard</button></div>\n</form>\n",
    );
    m.push_str(&upload_form(v.token, v.path));
    if !v.languages.is_empty() {
        m.push_str(&translation_form(v.token, v.path, v.languages));
    }
    m.push_str("</div>\n<div class=\"previewing\">\n");
    m.push_str(
        "<p class=\"preview-status\" id=\"preview-status\" role=\"status\">The page as saved.</p>\n\
         <section class=\"preview-errors\" id=\"preview-errors\" hidden aria-labelledby=\"preview-errors-title\">\
         <h2 id=\"preview-errors-title\">The page cannot be shown: the build reports</h2><div></div></section>\n",
    );
    let none = "<p class=\"preview none\" id=\"preview-none\"{}>This file is not in the preview: a draft or a page dated in the future \
             (run <code>rally serve --drafts --future</code> to see it), or the build failed.</p>\n";
    match v.preview {
        Some(url) => {
            let _ = writeln!(
                m,
                "<iframe class=\"preview\" src=\"{}\" title=\"The page as the build renders it\"></iframe>",
                esc(url)
            );
            m.push_str(&none.replace("{}", " hidden"));
        }
        None => {
            m.push_str("<iframe class=\"preview\" hidden title=\"The page as the build renders it\"></iframe>\n");
            m.push_str(&none.replace("{}", ""));
        }
    }
    m.push_str("</div>\n</div>\n");
    layout(v.path, &m)
}

/// How many problems `rally check` finds in the file, at the top of the form.
fn summary(found: &[Diagnostic]) -> String {
    if found.is_empty() {
        return "<p class=\"problems\" id=\"check-summary\">rally check: no problems in this file.</p>\n".into();
    }
    format!(
        "<p class=\"problems\" id=\"check-summary\">rally check: {} problem{} in this file, shown under the fields they concern \
         (the others above the text).</p>\n",
        found.len(),
        if found.len() == 1 { "" } else { "s" }
    )
}

/// The problems of one field (or of the body), in the element `id` its input names in
/// `aria-describedby`; the editor's script fills it again as the writer types.
fn problem_list(id: &str, found: &[&Diagnostic]) -> String {
    let mut s = format!("<div class=\"field-problems\" id=\"{id}\">");
    if !found.is_empty() {
        s.push_str("<ul>");
        for d in found {
            let (class, level) = if d.is_error() { ("error", "Error") } else { ("warning", "Warning") };
            let _ = write!(s, "<li class=\"{class}\">{level}, line {}: {}</li>", d.line, esc(&d.message));
        }
        s.push_str("</ul>");
    }
    s + "</div>"
}

/// `aria-describedby` (with the hint `hint`, if any) and `aria-invalid` for an input with `found`.
fn described_by(id: &str, found: &[&Diagnostic]) -> String {
    if found.is_empty() {
        return String::new();
    }
    let invalid = if found.iter().any(|d| d.is_error()) { " aria-invalid=\"true\"" } else { "" };
    format!(" aria-describedby=\"{id}\"{invalid}")
}

/// One labelled, typed input (or a group of them).
fn field(f: &Field, shown: &Shown, required: bool, problems: &[&Diagnostic]) -> String {
    let name = input_name(f.key, None);
    let id = format!("f-{}", f.key);
    let req = if required { " required" } else { "" };
    let label = format!(
        "<label for=\"{id}\">{}{}</label>",
        esc(f.label),
        if required { " <span class=\"req\">(required)</span>" } else { "" }
    );
    let hint = if f.hint.is_empty() {
        String::new()
    } else {
        format!("<p class=\"hint\" id=\"{id}-hint\">{}</p>", esc(f.hint))
    };
    let listed = format!("{id}-problems");
    let mut ids: Vec<String> = Vec::new();
    if !f.hint.is_empty() {
        ids.push(format!("{id}-hint"));
    }
    if !problems.is_empty() {
        ids.push(listed.clone());
    }
    let mut described = if ids.is_empty() { String::new() } else { format!(" aria-describedby=\"{}\"", ids.join(" ")) };
    if problems.iter().any(|d| d.is_error()) {
        described.push_str(" aria-invalid=\"true\"");
    }
    let hint = hint + &problem_list(&listed, problems);
    let input = match shown {
        Shown::Bool(on) => {
            let checked = if *on { " checked" } else { "" };
            return format!(
                "<div class=\"field check\"><input type=\"checkbox\" id=\"{id}\" name=\"{name}\"{checked}{described}> {label}{hint}</div>\n"
            );
        }
        Shown::Parts(parts) => return object(f, parts, &hint, &described),
        Shown::Yaml(text) => format!(
            "<textarea id=\"{id}\" name=\"{name}\" rows=\"{}\" class=\"yaml\" spellcheck=\"false\"{described}{req}>\n{}</textarea>",
            text.lines().count().clamp(2, 12),
            esc(text)
        ),
        Shown::Text(value) => typed_input(f, &id, &name, value, &format!("{described}{req}")),
    };
    let yaml_note = if matches!(shown, Shown::Yaml(_)) { "<p class=\"hint\">Written as YAML.</p>" } else { "" };
    format!("<div class=\"field\">{label}{input}{hint}{yaml_note}</div>\n")
}

/// The input for a value shown as text, by the field's type.
fn typed_input(f: &Field, id: &str, name: &str, value: &str, attrs: &str) -> String {
    let v = esc(value);
    let input =
        |ty: &str, more: &str| format!("<input type=\"{ty}\" id=\"{id}\" name=\"{name}\" value=\"{v}\"{more}{attrs}>");
    match f.ty {
        FieldType::LongText => format!("<textarea id=\"{id}\" name=\"{name}\" rows=\"3\"{attrs}>\n{v}</textarea>"),
        FieldType::Date if value.is_empty() || is_date(value) => input("date", ""),
        FieldType::DateTime if value.is_empty() || is_local_time(value) => input("datetime-local", " step=\"1\""),
        FieldType::Date | FieldType::DateTime => input("text", " class=\"when\""),
        FieldType::Number => input("number", " step=\"any\""),
        FieldType::Image => input("text", " class=\"image\" data-alt=\"#f-image_alt\""),
        FieldType::Url => input("text", " inputmode=\"url\""),
        FieldType::Select(options) => {
            let mut s = format!("<select id=\"{id}\" name=\"{name}\"{attrs}><option value=\"\"></option>");
            let mut all: Vec<&str> = options.to_vec();
            if !value.is_empty() && !all.contains(&value) {
                all.push(value);
            }
            for o in all {
                let sel = if o == value { " selected" } else { "" };
                let _ = write!(s, "<option{sel}>{}</option>", esc(o));
            }
            s + "</select>"
        }
        _ => input("text", ""),
    }
}

/// A mapping's keys, each its own input, in a group.
fn object(f: &Field, parts: &[(&str, String)], after: &str, described: &str) -> String {
    let FieldType::Object(subs) = f.ty else { return String::new() };
    let mut s = format!("<fieldset class=\"field\"><legend>{}</legend>", esc(f.label));
    for (sub, value) in parts {
        let Some(sf) = subs.iter().find(|s| s.key == *sub) else { continue };
        let id = format!("f-{}-{sub}", f.key);
        let _ = write!(
            s,
            "<label for=\"{id}\">{}</label>{}",
            esc(sf.label),
            typed_input(sf, &id, &input_name(f.key, Some(sub)), value, described)
        );
    }
    s + after + "</fieldset>\n"
}

fn is_date(v: &str) -> bool {
    v.len() == 10 && v.parse::<jiff::civil::Date>().is_ok()
}

fn is_local_time(v: &str) -> bool {
    (16..=19).contains(&v.len()) && v.parse::<jiff::civil::DateTime>().is_ok() && v.as_bytes().get(10) == Some(&b'T')
}

/// Why a photo without alt text is not uploaded: said under the field before sending (by the
/// editor's script), and by the server when the alt text sent is blank.
pub const ALT_MISSING: &str = "Write the photo's alt text first: what it shows, for people who cannot see it.";

/// The photo form; `data-problems`: the editor's script says under each field what the browser
/// finds wrong in it, in the element its `aria-describedby` names.
fn upload_form(token: &str, path: &str) -> String {
    format!(
        "<form method=\"post\" action=\"{BASE}upload\" enctype=\"multipart/form-data\" class=\"upload\" data-problems \
         aria-labelledby=\"upload-title\">{}{}<h2 id=\"upload-title\">Add a photo</h2>\
         <div class=\"field\"><label for=\"photo\">Photo (JPEG, PNG, WebP, GIF or AVIF, up to 10 MB)</label>\
         <input type=\"file\" id=\"photo\" name=\"photo\" accept=\"image/jpeg,image/png,image/webp,image/gif,image/avif\" required \
         aria-describedby=\"photo-problems\"><div class=\"field-problems\" id=\"photo-problems\"></div></div>\
         <div class=\"field\"><label for=\"alt\">Alt text <span class=\"req\">(required)</span></label>\
         <input type=\"text\" id=\"alt\" name=\"alt\" required aria-describedby=\"alt-hint alt-problems\" data-missing=\"{}\">\
         <p class=\"hint\" id=\"alt-hint\">What the photo shows, for people who cannot see it.</p>\
         <div class=\"field-problems\" id=\"alt-problems\"></div></div>\
         <button type=\"submit\">Upload photo</button></form>\n",
        hidden("token", token),
        hidden("path", path),
        esc(ALT_MISSING)
    )
}

fn translation_form(token: &str, path: &str, languages: &[(String, String)]) -> String {
    let rel = path.strip_prefix("content/").unwrap_or(path);
    let mut options = String::new();
    for (code, name) in languages {
        let _ = write!(options, "<option value=\"{}\">{}</option>", esc(code), esc(name));
    }
    format!(
        "<form method=\"post\" action=\"{BASE}new\" class=\"translate\">{}{}{}\
         <label for=\"lang\">Translate into</label> <select id=\"lang\" name=\"lang\">{options}</select> \
         <button type=\"submit\">New translation</button></form>\n",
        hidden("token", token),
        hidden("kind", "translation"),
        hidden("path", rel)
    )
}

/// The file changed on disk since it was opened: both versions, and the writer's choice.
pub fn conflict(path: &str, disk: &str, mine: &str, form: &Form, disk_hash: &str) -> String {
    let mut m = format!(
        "<h1>{} changed on disk</h1>\n<p class=\"notice error\" role=\"alert\">Someone (or another program) changed this \
         file after you opened it. Nothing was saved. Compare the two versions and choose.</p>\n<div class=\"versions\">\
         <section><h2>On disk now</h2><pre>{}</pre><p><a href=\"{}\">Keep this version</a> (your changes are dropped)</p></section>\
         <section><h2>Yours</h2><pre>{}</pre><form method=\"post\" action=\"{BASE}save\">",
        esc(path),
        esc(disk),
        esc(&edit_href(path)),
        esc(mine)
    );
    let mut names: Vec<&String> = form.keys().filter(|k| k.as_str() != "hash").collect();
    names.sort();
    for name in names {
        if name == "body" || name == "raw" || form[name].contains('\n') {
            let _ = write!(m, "<textarea hidden name=\"{}\">\n{}</textarea>", esc(name), esc(&form[name]));
        } else {
            m.push_str(&hidden(&esc(name), &form[name]));
        }
    }
    m.push_str(&hidden("hash", disk_hash));
    m.push_str("<button type=\"submit\">Save mine over it</button></form></section></div>\n");
    layout(path, &m)
}

/// A page that only says something (an error, or what was done), with a way back.
pub fn message(title: &str, text: &str, back: &str) -> String {
    layout(
        title,
        &format!("<h1>{}</h1>\n<p>{}</p>\n<p><a href=\"{}\">Back</a></p>\n", esc(title), esc(text), esc(back)),
    )
}
