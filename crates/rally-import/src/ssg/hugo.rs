//! Hugo: the configuration (`hugo.toml|yaml|json`, `config.*` or `config/_default/`), the content
//! folder (or one per language), translations by file name (`about.fr.md`), the default addresses
//! (`/SECTION/SLUG/`, `permalinks`, `url`), `static/` and `data/`.

use std::path::Path;

use serde_json::Value;

use super::{Copies, Doc, Found, SiteConfig, front};
use crate::report::Report;
use rally_core::error::Result;

const CONFIG_NAMES: [&str; 2] = ["hugo", "config"];
const CONFIG_EXTS: [&str; 4] = ["toml", "yaml", "yml", "json"];
const UPDATE_SECTIONS: [&str; 5] = ["posts", "post", "blog", "news", "updates"];

/// Reads one config file of any of Hugo's formats.
fn read_config(path: &Path) -> Result<Value> {
    let text = std::fs::read_to_string(path).map_err(|e| rally_core::error::Error::io(path, e))?;
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    let v = match ext {
        "toml" => front::toml_value(&text),
        "json" => serde_json::from_str(&text).map_err(|e| format!("not valid JSON: {e}")),
        _ => front::yaml(&text),
    };
    v.map_err(|why| super::file_error(path, 1, why))
}

/// Hugo's keys are case-insensitive.
fn get<'a>(v: &'a Value, key: &str) -> Option<&'a Value> {
    v.as_object()?.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)).map(|(_, v)| v)
}

fn text(v: &Value, key: &str) -> String {
    get(v, key).and_then(Value::as_str).unwrap_or_default().to_string()
}

/// The site's configuration, merged from its files.
fn config(root: &Path) -> Result<Option<Value>> {
    for name in CONFIG_NAMES {
        for ext in CONFIG_EXTS {
            let p = root.join(format!("{name}.{ext}"));
            if p.is_file() {
                return read_config(&p).map(Some);
            }
        }
    }
    let dir = root.join("config/_default");
    if !dir.is_dir() {
        return Ok(None);
    }
    let mut merged = serde_json::Map::new();
    for entry in std::fs::read_dir(&dir).map_err(|e| rally_core::error::Error::io(&dir, e))?.flatten() {
        let p = entry.path();
        let stem = p.file_stem().and_then(|s| s.to_str()).unwrap_or("").to_string();
        if !CONFIG_EXTS.iter().any(|e| p.extension().is_some_and(|x| x == *e)) {
            continue;
        }
        let v = read_config(&p)?;
        if CONFIG_NAMES.contains(&stem.as_str()) {
            if let Value::Object(m) = v {
                merged.extend(m);
            }
        } else {
            merged.insert(stem, v);
        }
    }
    Ok(Some(Value::Object(merged)))
}

/// Finds a Hugo site's configuration, content and files.
pub fn find(root: &Path, updates_section: Option<&str>, report: &mut Report) -> Result<Found> {
    let Some(cfg) = config(root)? else {
        return Err(rally_core::error::Error::Usage(format!(
            "{} is not a Hugo site: it has no hugo.toml, config.toml (or .yaml, .json) or config/_default/",
            root.display()
        )));
    };
    let params = get(&cfg, "params").cloned().unwrap_or(Value::Null);
    let default_lang = {
        let l = text(&cfg, "defaultContentLanguage");
        if l.is_empty() { text(&cfg, "languageCode").split(['-', '_']).next().unwrap_or("en").to_string() } else { l }
    };
    let mut config = SiteConfig {
        title: text(&cfg, "title"),
        base_url: text(&cfg, "baseURL"),
        description: [text(&params, "description"), text(&cfg, "description")]
            .into_iter()
            .find(|d| !d.is_empty())
            .unwrap_or_default(),
        language: if default_lang.is_empty() { "en".into() } else { default_lang.to_lowercase() },
        ..SiteConfig::default()
    };
    // languages: their names, and their own content folders
    let content_dir = Some(text(&cfg, "contentDir")).filter(|d| !d.is_empty()).unwrap_or_else(|| "content".into());
    let mut dirs: Vec<(String, Option<String>)> = Vec::new();
    if let Some(Value::Object(langs)) = get(&cfg, "languages") {
        for (code, l) in langs {
            let code = code.to_lowercase();
            let name = Some(text(l, "languageName")).filter(|n| !n.is_empty()).unwrap_or_else(|| code.clone());
            config.languages.push((code.clone(), name));
            let dir = text(l, "contentDir");
            if !dir.is_empty() {
                dirs.push((dir, (code != config.language).then_some(code)));
            }
        }
    }
    if dirs.is_empty() {
        dirs.push((content_dir, None));
    }
    let codes: Vec<String> = config.languages.iter().map(|(c, _)| c.clone()).collect();
    menus(&cfg, &mut config);
    let permalinks = get(&cfg, "permalinks").cloned().unwrap_or(Value::Null);
    let mut docs = Vec::new();
    for (dir, lang) in &dirs {
        let base = root.join(dir);
        let section = updates_section
            .map(str::to_string)
            .or_else(|| UPDATE_SECTIONS.iter().find(|s| base.join(s).is_dir()).map(|s| s.to_string()));
        read_content(
            &base,
            root,
            lang.as_deref(),
            &codes,
            &config.language,
            section.as_deref(),
            &permalinks,
            report,
            &mut docs,
        )?;
    }
    let mut copies: Copies = Vec::new();
    let mut generated = Vec::new();
    if root.join("static").is_dir() {
        super::copy_static(&root.join("static"), "", &mut copies);
    }
    if root.join("data").is_dir() {
        super::copy_data(&root.join("data"), &mut copies, report, &mut generated);
    }
    if root.join("assets").is_dir() {
        report.note("Not imported", "assets/ (Hugo Pipes: Rally's themes bring their own CSS and scripts)".into());
    }
    Ok(Found { config, docs, copies, generated, redirects: Vec::new() })
}

/// `menu.main` (or `menus.main`) of the configuration.
fn menus(cfg: &Value, config: &mut SiteConfig) {
    let main = get(cfg, "menu").or(get(cfg, "menus")).and_then(|m| get(m, "main")).and_then(Value::as_array);
    for e in main.into_iter().flatten() {
        let label = text(e, "name");
        let url = Some(text(e, "url")).filter(|u| !u.is_empty()).unwrap_or_else(|| text(e, "pageRef"));
        let weight = get(e, "weight").and_then(Value::as_i64).unwrap_or(0);
        config.menu.push((label, url, weight));
    }
}

#[allow(clippy::too_many_arguments)]
fn read_content(
    base: &Path,
    root: &Path,
    lang: Option<&str>,
    codes: &[String],
    default_lang: &str,
    section: Option<&str>,
    permalinks: &Value,
    report: &mut Report,
    docs: &mut Vec<Doc>,
) -> Result<()> {
    for e in walkdir::WalkDir::new(base).sort_by_file_name().into_iter().flatten().filter(|e| e.file_type().is_file()) {
        let path = e.path();
        let rel_content = path.strip_prefix(base).unwrap_or(path).to_string_lossy().replace('\\', "/");
        let ext = path.extension().and_then(|x| x.to_str()).unwrap_or("").to_ascii_lowercase();
        let rel = path.strip_prefix(root).unwrap_or(path).to_string_lossy().replace('\\', "/");
        if !["md", "markdown", "html"].contains(&ext.as_str()) {
            report.count("files beside pages (not imported)");
            report.problem_at(format!("{rel}:1"), "", "a file beside a page (page bundle resource): not imported");
            continue;
        }
        let text = std::fs::read_to_string(path).map_err(|e| rally_core::error::Error::io(path, e))?;
        let split = front::split(&text).map_err(|(line, why)| super::file_error(path, line, why))?;
        // a translation by file name: about.fr.md
        let no_ext = &rel_content[..rel_content.len() - ext.len() - 1];
        let (no_ext, lang) = match no_ext.rsplit_once('.') {
            Some((stem, code)) if codes.iter().any(|c| c == code) => {
                (stem.to_string(), (code != default_lang).then(|| code.to_string()))
            }
            _ => (no_ext.to_string(), lang.map(str::to_string)),
        };
        let (dir, stem) = no_ext.rsplit_once('/').map_or(("", no_ext.as_str()), |(d, s)| (d, s));
        if no_ext == "_index" || no_ext == "index" {
            report.problem_at(
                format!("{rel}:1"),
                "home page",
                "the home page's text: Rally's home page is the mission (content/mission.md)",
            );
            continue;
        }
        let top = no_ext.split('/').next().unwrap_or("");
        let update = section.is_some_and(|s| s == top) && no_ext.contains('/');
        let bundle = stem == "index";
        let slug_src = if bundle { dir.rsplit('/').next().unwrap_or(dir) } else { stem };
        let fm_slug =
            split.fm.get("slug").and_then(Value::as_str).map(rally_core::format::slugify).filter(|s| !s.is_empty());
        let slug = fm_slug.clone().unwrap_or_else(|| super::slug_of_stem(slug_src));
        let old_url = old_url(&split, dir, stem, &slug, bundle, top, permalinks, lang.as_deref());
        let target = if update && stem == "_index" {
            report.problem_at(format!("{rel}:1"), "", "the text of the updates section: Rally makes /updates/ itself");
            continue;
        } else if update {
            format!("updates/{slug}")
        } else if bundle {
            super::free_name(&format!("{dir}/_index"), report, &rel)
        } else {
            super::free_name(&no_ext.to_lowercase(), report, &rel)
        };
        let names = vec![rel_content.clone(), no_ext.clone(), format!("/{no_ext}"), stem.to_string(), rel.clone()];
        docs.push(Doc { rel, target, update, lang, split, html: ext == "html", old_url, names });
    }
    Ok(())
}

/// A page's address on the Hugo site: its `url`, its section's `permalinks` pattern, or
/// `/SECTION/SLUG/`.
#[allow(clippy::too_many_arguments)]
fn old_url(
    split: &front::Split,
    dir: &str,
    stem: &str,
    slug: &str,
    bundle: bool,
    top: &str,
    permalinks: &Value,
    lang: Option<&str>,
) -> String {
    let prefix = lang.map_or(String::new(), |l| format!("/{l}"));
    if let Some(u) = split.fm.get("url").and_then(Value::as_str) {
        return format!("{prefix}{u}");
    }
    let pattern = get(permalinks, top).and_then(Value::as_str).filter(|_| dir.contains(top) && !dir.is_empty());
    if let Some(p) = pattern {
        let date = split.fm.get("date").and_then(front::date).unwrap_or_default();
        let (y, m, d) =
            (date.get(..4).unwrap_or("0000"), date.get(5..7).unwrap_or("01"), date.get(8..10).unwrap_or("01"));
        let title = split.fm.get("title").and_then(Value::as_str).map(rally_core::format::slugify).unwrap_or_default();
        let filled = p
            .replace(":year", y)
            .replace(":month", m)
            .replace(":day", d)
            .replace(":slug", slug)
            .replace(":title", &title)
            .replace(":filename", stem)
            .replace(":section", top)
            .replace(":contentbasename", stem);
        return format!("{prefix}{filled}");
    }
    let path = if stem == "_index" || bundle {
        dir.to_string()
    } else if dir.is_empty() {
        slug.to_string()
    } else {
        format!("{dir}/{slug}")
    };
    format!("{prefix}/{}/", path.to_lowercase().replace(' ', "-"))
}
