//! Jekyll: `_config.yml`, posts in `_posts/` (and `_drafts/`, as drafts) named
//! `YYYY-MM-DD-title.md`, pages (files with front matter outside `_` folders), their addresses
//! (`permalink`, the site's permalink style), `_data/` and the other files as static files.

use std::path::Path;

use serde_json::Value;

use super::{Copies, Doc, Found, SiteConfig, front};
use crate::report::Report;
use rally_core::error::{Error, Result};

const CONTENT_EXTS: [&str; 3] = ["md", "markdown", "html"];
/// Files of a Jekyll project that are not part of the site.
const NOT_SITE: [&str; 10] = [
    "Gemfile",
    "Gemfile.lock",
    "Rakefile",
    "README.md",
    "README",
    "LICENSE",
    "LICENSE.md",
    "package.json",
    "package-lock.json",
    "CNAME",
];

/// Finds a Jekyll site's configuration, posts, pages and files.
pub fn find(root: &Path, report: &mut Report) -> Result<Found> {
    let cfg_path = ["_config.yml", "_config.yaml"].iter().map(|n| root.join(n)).find(|p| p.is_file());
    if cfg_path.is_none() && !root.join("_posts").is_dir() {
        return Err(Error::Usage(format!(
            "{} is not a Jekyll site: it has no _config.yml and no _posts/",
            root.display()
        )));
    }
    let cfg = match &cfg_path {
        Some(p) => {
            let text = std::fs::read_to_string(p).map_err(|e| Error::io(p, e))?;
            front::yaml(&text).map_err(|why| super::file_error(p, 1, why))?
        }
        None => Value::Null,
    };
    let s = |k: &str| cfg.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
    let lang = Some(s("lang"))
        .filter(|l| !l.is_empty())
        .unwrap_or_else(|| s("locale").split(['-', '_']).next().unwrap_or("en").to_string());
    let config = SiteConfig {
        title: s("title"),
        base_url: format!("{}{}", s("url").trim_end_matches('/'), s("baseurl")),
        description: Some(s("description")).filter(|d| !d.is_empty()).unwrap_or_else(|| s("tagline")),
        language: if lang.is_empty() { "en".into() } else { lang.to_lowercase() },
        languages: Vec::new(),
        menu: s_list(&cfg, "header_pages").into_iter().map(|p| (String::new(), p, 0)).collect(),
    };
    let style = permalink_style(&s("permalink"));
    let mut docs = Vec::new();
    for (folder, draft) in [("_posts", false), ("_drafts", true)] {
        posts(root, folder, draft, &style, report, &mut docs)?;
    }
    let mut copies: Copies = Vec::new();
    let mut generated = Vec::new();
    let mut redirects = Vec::new();
    pages(root, &style, report, &mut docs, &mut copies, &mut redirects)?;
    if root.join("_data").is_dir() {
        super::copy_data(&root.join("_data"), &mut copies, report, &mut generated);
    }
    let mut config = config;
    // header_pages name files: their titles are the labels
    let menu = std::mem::take(&mut config.menu);
    for (_, file, w) in menu {
        if let Some(d) = docs.iter().find(|d| d.rel == file) {
            let label = d.split.fm.get("title").and_then(Value::as_str).unwrap_or(&file).to_string();
            config.menu.push((label, d.old_url.clone(), w));
        }
    }
    Ok(Found { config, docs, copies, generated, redirects })
}

fn s_list(cfg: &Value, key: &str) -> Vec<String> {
    front::texts(cfg.get(key))
}

/// The site's permalink pattern for posts: a named style or a pattern.
fn permalink_style(p: &str) -> String {
    match p.trim() {
        "" | "date" => "/:categories/:year/:month/:day/:title:output_ext".into(),
        "pretty" => "/:categories/:year/:month/:day/:title/".into(),
        "ordinal" => "/:categories/:year/:y_day/:title:output_ext".into(),
        "none" => "/:categories/:title:output_ext".into(),
        other => other.into(),
    }
}

fn posts(root: &Path, folder: &str, draft: bool, style: &str, report: &mut Report, docs: &mut Vec<Doc>) -> Result<()> {
    let dir = root.join(folder);
    if !dir.is_dir() {
        return Ok(());
    }
    for e in walkdir::WalkDir::new(&dir).sort_by_file_name().into_iter().flatten().filter(|e| e.file_type().is_file()) {
        let path = e.path();
        let ext = path.extension().and_then(|x| x.to_str()).unwrap_or("").to_ascii_lowercase();
        if !CONTENT_EXTS.contains(&ext.as_str()) {
            continue;
        }
        let rel = path.strip_prefix(root).unwrap_or(path).to_string_lossy().replace('\\', "/");
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        let mut split = front::split(&text).map_err(|(line, why)| super::file_error(path, line, why))?;
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("post").to_string();
        // the date of the file name, unless the front matter gives one
        if !split.fm.contains_key("date") && stem.len() > 10 && stem[..10].parse::<jiff::civil::Date>().is_ok() {
            split.fm.insert("date".into(), Value::String(stem[..10].to_string()));
        }
        if draft {
            split.fm.insert("draft".into(), Value::Bool(true));
        }
        let slug = split
            .fm
            .get("slug")
            .and_then(Value::as_str)
            .map(rally_core::format::slugify)
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| super::slug_of_stem(&stem));
        // a draft was never published: it has no old address
        let old_url = if draft { String::new() } else { post_url(&split, style, &slug) };
        let names = vec![rel.clone(), stem.clone(), format!("{folder}/{stem}")];
        docs.push(Doc {
            target: format!("updates/{slug}"),
            rel,
            update: true,
            lang: None,
            split,
            html: ext == "html",
            old_url,
            names,
        });
    }
    if draft {
        report.count("drafts in _drafts (imported as drafts)");
    }
    Ok(())
}

/// A post's address on the Jekyll site.
fn post_url(split: &front::Split, style: &str, slug: &str) -> String {
    if let Some(p) = split.fm.get("permalink").and_then(Value::as_str) {
        return p.to_string();
    }
    let date = split.fm.get("date").and_then(front::date).unwrap_or_default();
    let (y, m, d) = (date.get(..4).unwrap_or("0000"), date.get(5..7).unwrap_or("01"), date.get(8..10).unwrap_or("01"));
    let cats: Vec<String> = front::texts(split.fm.get("categories"))
        .iter()
        .chain(front::texts(split.fm.get("category")).iter())
        .map(|c| rally_core::format::slugify(c))
        .collect();
    let url = style
        .replace(":categories", &cats.join("/"))
        .replace(":year", y)
        .replace(":month", m)
        .replace(":i_month", m.trim_start_matches('0'))
        .replace(":day", d)
        .replace(":i_day", d.trim_start_matches('0'))
        .replace(":title", slug)
        .replace(":slug", slug)
        .replace(":output_ext", ".html");
    let mut clean = String::new();
    for seg in url.split('/').filter(|s| !s.is_empty()) {
        clean.push('/');
        clean.push_str(seg);
    }
    if url.ends_with('/') {
        clean.push('/');
    }
    clean
}

fn pages(
    root: &Path,
    style: &str,
    report: &mut Report,
    docs: &mut Vec<Doc>,
    copies: &mut Copies,
    redirects: &mut Vec<(String, String)>,
) -> Result<()> {
    let pretty = style.ends_with('/');
    let walk = walkdir::WalkDir::new(root).sort_by_file_name().into_iter().filter_entry(|e| {
        let name = e.file_name().to_string_lossy();
        e.depth() == 0
            || !(name.starts_with('_') || name.starts_with('.') || ["node_modules", "vendor"].contains(&name.as_ref()))
    });
    for e in walk.flatten().filter(|e| e.file_type().is_file()) {
        let path = e.path();
        let rel = path.strip_prefix(root).unwrap_or(path).to_string_lossy().replace('\\', "/");
        if NOT_SITE.contains(&rel.as_str()) || rel.ends_with(".gemspec") {
            continue;
        }
        let ext = path.extension().and_then(|x| x.to_str()).unwrap_or("").to_ascii_lowercase();
        let text = std::fs::read(path).ok().and_then(|b| String::from_utf8(b).ok());
        let has_fm = text.as_deref().is_some_and(|t| t.starts_with("---\n") || t.starts_with("---\r\n"));
        if !CONTENT_EXTS.contains(&ext.as_str()) || !has_fm {
            if has_fm {
                // a Liquid template of the old site (a feed, a stylesheet): Rally makes its own
                report.problem_at(format!("{rel}:1"), "", "a Liquid template (feed, stylesheet): not imported");
            } else {
                copies.push((path.to_path_buf(), format!("static/{rel}")));
            }
            continue;
        }
        let split = front::split(text.as_deref().unwrap_or_default())
            .map_err(|(line, why)| super::file_error(path, line, why))?;
        let no_ext = &rel[..rel.len() - ext.len() - 1];
        if split.body.contains("{% for ") || split.body.contains("{%- for ") {
            let why = "a list made by a Liquid loop (an archive): Rally makes its own lists (/updates/, /tags/)";
            report.problem_at(format!("{rel}:1"), "", why);
            // the old address of an archive leads to the updates
            if no_ext != "index" && !no_ext.ends_with("/index") {
                let permalink = split.fm.get("permalink").and_then(Value::as_str);
                redirects
                    .push((permalink.map_or_else(|| format!("/{no_ext}/"), str::to_string), "/updates/".to_string()));
            }
            continue;
        }
        if no_ext == "index" || ["feed.xml", "404.html", "404.md", "sitemap.xml"].contains(&rel.as_str()) {
            report.problem_at(format!("{rel}:1"), "", "a page Rally makes itself (home, 404, feed): not imported");
            continue;
        }
        let (target, old) = match no_ext.strip_suffix("/index") {
            Some(dir) => (format!("{dir}/_index"), format!("/{dir}/")),
            None if pretty => (no_ext.to_string(), format!("/{no_ext}/")),
            None => (no_ext.to_string(), format!("/{no_ext}.html")),
        };
        let old_url = split.fm.get("permalink").and_then(Value::as_str).map_or(old, str::to_string);
        let target = super::free_name(&target.to_lowercase(), report, &rel);
        let names = vec![rel.clone(), no_ext.to_string()];
        docs.push(Doc { rel, target, update: false, lang: None, split, html: ext == "html", old_url, names });
    }
    Ok(())
}
