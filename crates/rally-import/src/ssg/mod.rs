//! `rally import hugo` and `rally import jekyll`: a static site's folder into a Rally site folder.
//! Each generator finds its configuration and content files ([`hugo`], [`jekyll`]) as
//! [`Doc`]s with their old addresses; the shared stages here map their front matter
//! ([`front`]), convert their shortcodes and Liquid tags ([`shortcodes`]), give each its new
//! file and address (aliases where the address changes), copy static files and data, and write
//! site.yaml and the report.

pub mod front;
pub mod hugo;
pub mod jekyll;
pub mod shortcodes;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use serde_json::{Value, json};

use crate::Summary;
use crate::output::Staging;
use crate::report::Report;
use rally_core::error::{Diagnostic, Error, Result};
use rally_core::model::urls::alias_output_path;

/// What `rally import hugo|jekyll` was asked to do.
#[derive(Debug, Clone)]
pub struct Options {
    pub source: PathBuf,
    pub into: PathBuf,
    /// The section whose pages become updates (default: posts, post, blog or news).
    pub updates_section: Option<String>,
    pub force: bool,
}

/// The site's settings, from its configuration.
#[derive(Debug, Default)]
pub struct SiteConfig {
    pub title: String,
    pub base_url: String,
    pub description: String,
    pub language: String,
    /// Other languages: code and name.
    pub languages: Vec<(String, String)>,
    /// Menu entries: label, address (old), weight.
    pub menu: Vec<(String, String, i64)>,
}

/// One content file of the source site.
#[derive(Debug)]
pub struct Doc {
    /// The file, relative to the source folder (for the report and `ref`s).
    pub rel: String,
    /// Where it goes under `content/` (without the language and `.md`), e.g. `about/team` or
    /// `updates/first-post`.
    pub target: String,
    pub update: bool,
    /// A translation into this language (not the default).
    pub lang: Option<String>,
    pub split: front::Split,
    pub html: bool,
    /// Its address on the old site.
    pub old_url: String,
    /// Names a `ref`, `link` or `post_url` may give it.
    pub names: Vec<String>,
}

/// Files copied as they are: (source file, path in the new site).
pub type Copies = Vec<(PathBuf, String)>;

/// What a generator found.
pub struct Found {
    pub config: SiteConfig,
    pub docs: Vec<Doc>,
    pub copies: Copies,
    /// Files made by the import (TOML data as JSON): path in the new site, contents.
    pub generated: Vec<(String, String)>,
    /// Old addresses of pages Rally makes itself (an archive), and where they lead now.
    pub redirects: Vec<(String, String)>,
}

/// Top-level folders Rally's own pages use.
const RESERVED: [&str; 11] =
    ["updates", "tags", "impact", "events", "campaigns", "search", "authors", "mission", "values", "faq", "images"];

/// Imports a Hugo or Jekyll site.
pub fn import(options: &Options, generator: &str) -> Result<Summary> {
    if !options.source.is_dir() {
        return Err(Error::Usage(format!(
            "{} is not a folder: give the {generator} site's folder",
            options.source.display()
        )));
    }
    let mut report = Report::new(format!("the {generator} site `{}`", options.source.display()));
    let found = match generator {
        "Hugo" => hugo::find(&options.source, options.updates_section.as_deref(), &mut report)?,
        _ => jekyll::find(&options.source, &mut report)?,
    };
    let staging = Staging::new(&options.into, options.force)?;
    let (updates, pages) = write_docs(&found, &staging, &mut report)?;
    for (from, to) in &found.copies {
        let dest = staging.path(to)?;
        if let Some(parent) = dest.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        std::fs::copy(from, &dest).map_err(|e| Error::io(from, e))?;
        report.count(if to.starts_with("data/") { "data files" } else { "static files" });
    }
    for (to, text) in &found.generated {
        staging.write(to, text)?;
        report.count("data files");
    }
    write_site(&found, &staging, &mut report)?;
    staging.write("IMPORT-REPORT.md", &report.render())?;
    let problems = report.problems();
    let done = staging.commit()?;
    Ok(Summary { updates, pages, media: 0, problems, written: done.written, kept: done.kept })
}

/// A located error in a file of the source site.
pub fn file_error(path: &Path, line: usize, message: String) -> Error {
    Error::single(Diagnostic::error(path, line, 1, message))
}

/// The new address of each document (default language), by each name it may be linked by.
fn new_urls(docs: &[Doc]) -> HashMap<String, String> {
    let mut by_name = HashMap::new();
    for d in docs.iter().filter(|d| d.lang.is_none()) {
        let url = url_of(&d.target);
        for n in &d.names {
            by_name.entry(n.clone()).or_insert_with(|| url.clone());
        }
        by_name.entry(d.old_url.clone()).or_insert(url);
    }
    by_name
}

/// The address of a file under `content/` (without `.md`).
fn url_of(target: &str) -> String {
    let t = target.strip_suffix("/_index").or(target.strip_suffix("_index")).unwrap_or(target);
    if t.is_empty() { "/".into() } else { format!("/{t}/") }
}

fn write_docs(found: &Found, staging: &Staging, report: &mut Report) -> Result<(usize, usize)> {
    let by_name = new_urls(&found.docs);
    let resolve = |t: &str| {
        let t = t.trim().trim_start_matches("./");
        let bare = t.trim_end_matches(".md").trim_end_matches(".markdown").trim_end_matches(".html");
        [t, bare, &format!("/{bare}"), t.trim_start_matches('/')].iter().find_map(|k| by_name.get(*k).cloned())
    };
    let mut used: HashSet<String> =
        found.docs.iter().filter_map(|d| alias_output_path(&url_of(&d.target)).ok()).collect();
    let mut counts = (0, 0);
    for d in &found.docs {
        let mut problems = Vec::new();
        let mut mapped = front::map(&d.split.fm, d.update);
        let title = mapped.fm.get("title").and_then(Value::as_str).unwrap_or_default().to_string();
        let body = if d.html {
            crate::markdown::to_markdown(&d.split.body, &|u: &str| u.to_string(), &mut problems)
        } else {
            let ctx = shortcodes::Ctx { title: &title, resolve: &resolve };
            shortcodes::convert(&d.split.body, &ctx, &mut problems)
        };
        if title.is_empty() {
            let stem = d.target.rsplit('/').next().unwrap_or("page").replace('-', " ");
            mapped.fm.insert("title".into(), json!(stem));
        }
        if !mapped.authors.is_empty() {
            let keys: Vec<String> = mapped.authors.iter().map(|a| rally_core::format::slug_or(a, "author")).collect();
            mapped.fm.insert(
                if keys.len() == 1 { "author".into() } else { "authors".into() },
                if keys.len() == 1 { json!(keys[0]) } else { json!(keys) },
            );
        }
        if d.update && !mapped.fm.contains_key("date") {
            problems.push("no date: dated 2000-01-01".to_string());
            mapped.fm.insert("date".into(), json!("2000-01-01"));
        }
        if d.lang.is_some() {
            translation_text_only(&mut mapped.fm, found, d, &mut problems);
        }
        let new_url = url_of(&d.target);
        let mut aliases = Vec::new();
        if d.lang.is_none() {
            for old in std::iter::once(d.old_url.clone()).chain(mapped.aliases.iter().cloned()) {
                let first = old.trim_start_matches('/').split('/').next().unwrap_or("");
                if old.starts_with('/')
                    && old != new_url
                    && !old.contains('?')
                    && !RESERVED.contains(&first)
                    && alias_output_path(&old).is_ok_and(|out| used.insert(out))
                {
                    aliases.push(old);
                }
            }
        }
        if !aliases.is_empty() {
            report.add("old addresses kept as aliases", aliases.len());
            mapped.fm.insert("aliases".into(), json!(aliases));
        }
        for p in problems {
            report.problem_at(format!("{}:1", d.rel), &title, &p);
        }
        let file = match &d.lang {
            Some(l) => format!("content/{}.{l}.md", d.target),
            None => format!("content/{}.md", d.target),
        };
        let yaml = rally_core::source::yaml::to_string(&mapped.fm);
        staging.write(&file, &format!("---\n{yaml}---\n\n{}", body.trim_start()))?;
        match (d.update, &d.lang) {
            (_, Some(_)) => report.count("translations"),
            (true, None) => {
                counts.0 += 1;
                report.count("updates");
            }
            (false, None) => {
                counts.1 += 1;
                report.count("pages");
            }
        }
    }
    Ok(counts)
}

/// A Rally translation gives only text: the other keys of a translated file (its date, tags,
/// image) are its original's. Each that says something else than the original is reported.
fn translation_text_only(fm: &mut IndexMap<String, Value>, found: &Found, d: &Doc, problems: &mut Vec<String>) {
    let original = found.docs.iter().find(|o| o.lang.is_none() && o.target == d.target);
    let original_fm = original.map(|o| front::map(&o.split.fm, o.update).fm);
    let text_keys = rally_core::languages::translate::TEXT_KEYS;
    let dropped: Vec<String> = fm.keys().filter(|k| !text_keys.contains(&k.as_str())).cloned().collect();
    for key in dropped {
        let value = fm.shift_remove(&key);
        if original_fm.as_ref().is_some_and(|o| o.get(&key) != value.as_ref()) {
            problems.push(format!(
                "`{key}` of the translation differs from the original's and was left out: a translation gives only text"
            ));
        }
    }
}

fn write_site(found: &Found, staging: &Staging, report: &mut Report) -> Result<()> {
    let c = &found.config;
    let by_name = new_urls(&found.docs);
    let mut yaml = crate::starter::head(&c.title, &c.description, &c.base_url, &c.language);
    let lang = yaml["language"].as_str().unwrap_or("en").to_string();
    let lang = lang.as_str();
    let langs: IndexMap<&str, Value> = c
        .languages
        .iter()
        .filter(|(code, _)| code != lang && rally_core::languages::check_code(code).is_ok())
        .map(|(code, name)| (code.as_str(), json!({ "name": name })))
        .collect();
    if !langs.is_empty() {
        yaml.insert("languages", json!(langs));
    }
    yaml.insert("theme", json!("beacon"));
    let mut menu = c.menu.clone();
    menu.sort_by_key(|(_, _, w)| *w);
    let entries: Vec<Value> = menu
        .iter()
        .filter_map(|(label, url, _)| {
            let new = by_name.get(url).or(by_name.get(url.trim_end_matches('/'))).cloned();
            let url = new.unwrap_or_else(|| url.clone());
            (!label.is_empty() && (url.starts_with('/') && by_name.values().any(|u| *u == url) || url.contains("://")))
                .then(|| json!({ "label": label, "url": url }))
        })
        .collect();
    report.add("menu entries", entries.len());
    if !entries.is_empty() {
        yaml.insert("menu", json!(entries));
    }
    let redirects: Vec<Value> = found.redirects.iter().map(|(from, to)| json!({ "from": from, "to": to })).collect();
    if !redirects.is_empty() {
        report.add("lists Rally makes itself, redirected", redirects.len());
        yaml.insert("redirects", json!(redirects));
    }
    let mut authors: IndexMap<String, Value> = IndexMap::new();
    for d in &found.docs {
        for a in front::map(&d.split.fm, d.update).authors {
            authors.entry(rally_core::format::slug_or(&a, "author")).or_insert_with(|| json!({ "name": a }));
        }
    }
    if !authors.is_empty() {
        report.add("authors", authors.len());
        yaml.insert("authors", json!(authors));
    }
    crate::starter::finish(staging, &yaml)
}

/// The file stem without a leading `YYYY-MM-DD-` date, as a URL segment.
pub fn slug_of_stem(stem: &str) -> String {
    let s = rally_core::model::urls::strip_date_prefix(stem);
    let slug = rally_core::format::slugify(s);
    if slug.is_empty() { "page".into() } else { slug }
}

/// A top-level name Rally uses itself, made free (`tags` -> `tags-page`).
pub fn free_name(target: &str, report: &mut Report, rel: &str) -> String {
    let (first, rest) = target.split_once('/').unwrap_or((target, ""));
    if !RESERVED.contains(&first) {
        return target.to_string();
    }
    report.problem_at(format!("{rel}:1"), first, &format!("/{first}/ is Rally's own address: moved to /{first}-page/"));
    if rest.is_empty() { format!("{first}-page") } else { format!("{first}-page/{rest}") }
}

/// Data files Rally reads as they are (YAML, JSON, CSV), and TOML ones (converted to JSON).
pub fn copy_data(dir: &Path, copies: &mut Copies, report: &mut Report, generated: &mut Vec<(String, String)>) {
    for e in walkdir::WalkDir::new(dir).into_iter().flatten().filter(|e| e.file_type().is_file()) {
        let rel = e.path().strip_prefix(dir).unwrap_or(e.path()).to_string_lossy().replace('\\', "/");
        let ext = rel.rsplit_once('.').map(|(_, x)| x.to_ascii_lowercase()).unwrap_or_default();
        match ext.as_str() {
            "yaml" | "json" | "csv" => copies.push((e.path().to_path_buf(), format!("data/{rel}"))),
            "yml" => copies.push((e.path().to_path_buf(), format!("data/{}.yaml", rel.trim_end_matches(".yml")))),
            "toml" => {
                match std::fs::read_to_string(e.path()).map_err(|e| e.to_string()).and_then(|t| front::toml_value(&t)) {
                    Ok(v) => generated.push((format!("data/{}.json", rel.trim_end_matches(".toml")), v.to_string())),
                    Err(why) => report.problem_at(format!("{}:1", e.path().display()), "", &why),
                }
            }
            _ => report.problem_at(
                format!("{}:1", e.path().display()),
                "",
                "a data file Rally does not read: not copied",
            ),
        }
    }
}

/// Every file of `dir` to copy to `static/`.
pub fn copy_static(dir: &Path, prefix: &str, copies: &mut Copies) {
    let files = walkdir::WalkDir::new(dir).into_iter().flatten().filter(|e| e.file_type().is_file());
    for e in files.filter(|e| !e.file_name().to_string_lossy().starts_with('.')) {
        let rel = e.path().strip_prefix(dir).unwrap_or(e.path()).to_string_lossy().replace('\\', "/");
        copies.push((e.path().to_path_buf(), format!("static/{prefix}{rel}")));
    }
}
