//! A translation (`rally new translation PATH LANG`): a file with the original's text to translate,
//! and the hash of that text, so that `rally check` can tell when the original changes.

use std::fmt::Write;
use std::path::{Path, PathBuf};

use rally_core::error::{Error, Result};
use rally_core::languages::translate;
use rally_core::model::page;
use rally_core::source::{discover, yaml};

fn quoted(s: &str) -> String {
    yaml::to_string(&s).trim_end().to_string()
}

/// The path (under `content/`) and text of the translation of `given` into `lang`.
pub fn translation(root: &Path, given: &str, lang: &str) -> Result<(PathBuf, String)> {
    let config = rally_core::config::load(root, None).map_err(Error::Site)?;
    let Some(language) = config.languages[1..].iter().find(|l| l.code == lang) else {
        let known: Vec<&str> = config.languages[1..].iter().map(|l| l.code.as_str()).collect();
        let why = if known.is_empty() {
            "site.yaml lists no other language: add it under `languages:` first, e.g. `languages: { fr: { name: Français } }`".to_string()
        } else {
            format!("it is not one of the site's languages in site.yaml ({})", known.join(", "))
        };
        return Err(Error::Usage(format!("cannot translate into `{lang}`: {why}")));
    };
    let rel = given.trim().trim_start_matches("./").trim_start_matches("content/");
    let rel = if rel.ends_with(".md") { rel.to_string() } else { format!("{rel}.md") };
    let abs = root.join("content").join(&rel);
    if !abs.is_file() || !crate::output::is_safe_relative(&rel) {
        return Err(Error::Usage(format!(
            "there is no content/{rel} to translate: give the path of a page under content/, e.g. faq or updates/2026-05-01-otters"
        )));
    }
    if rally_core::languages::translation_of(&rel, config.languages.iter().map(|l| l.code.as_str())).is_some() {
        return Err(Error::Usage(format!("content/{rel} is itself a translation: give the original's path")));
    }
    let file = discover::content_file(rel.clone(), &abs).map_err(|d| Error::Site(vec![d]))?;
    let original = page::parse(file).map_err(Error::Site)?;
    let stem = rel.strip_suffix(".md").unwrap_or(&rel);
    let path = PathBuf::from(format!("content/{stem}.{}.md", language.code));
    Ok((path, text(&original, &rel, &language.name)))
}

fn text(p: &page::Page, rel: &str, name: &str) -> String {
    let mut t = String::from("---\n");
    let _ = writeln!(t, "# Translate every line marked TRANSLATE into {name}; dates, goals, numbers, tags and images");
    let _ = writeln!(
        t,
        "# come from content/{rel}. Keep `translated_from`: it tells `rally check` when the original changes."
    );
    let _ = writeln!(t, "{}: {}", translate::FROM_KEY, quoted(&translate::text_hash(p)));
    let _ = writeln!(t, "title: {}   # TRANSLATE", quoted(&p.title));
    let mut field = |key: &str, v: Option<&str>| {
        if let Some(v) = v {
            let _ = writeln!(t, "{key}: {}   # TRANSLATE", quoted(v));
        }
    };
    field("description", p.description.as_deref());
    field("summary", p.summary.as_deref());
    field("image_alt", p.image_alt.as_deref());
    if let Some(h) = p.home() {
        field("headline", h.headline.as_deref());
        field("hero_image_alt", h.hero_image_alt.as_deref());
    }
    field("unit", p.campaign().and_then(|c| c.unit.as_deref()));
    if let Some(m) = p.mission() {
        field("headline", m.headline.as_deref());
        field("statement", m.statement.as_deref());
        field("vision", m.vision.as_deref());
        if let Some(mv) = &m.movement {
            t.push_str("movement:   # TRANSLATE its name, tagline and pledge\n");
            let _ = writeln!(t, "  name: {}", quoted(&mv.name));
            for (k, v) in [("tagline", &mv.tagline), ("pledge", &mv.pledge)] {
                if let Some(v) = v {
                    let _ = writeln!(t, "  {k}: {}", quoted(v));
                }
            }
        }
        if let Some(c) = &m.cta {
            let _ = writeln!(t, "cta: {{ label: {} }}   # TRANSLATE", quoted(&c.label));
        }
        if !m.goals.is_empty() {
            t.push_str("goals:   # TRANSLATE each label and unit\n");
            for g in &m.goals {
                let _ = write!(t, "  - key: {}\n    label: {}\n", quoted(&g.key), quoted(&g.label));
                if let Some(u) = &g.unit {
                    let _ = writeln!(t, "    unit: {}", quoted(u));
                }
            }
        }
    }
    if let Some(cta) = p.campaign().and_then(|c| c.cta.as_ref()) {
        let _ = writeln!(t, "cta: {{ label: {} }}   # TRANSLATE", quoted(&cta.label));
    }
    let labelled: Vec<_> = p.metrics().iter().filter(|m| m.label.is_some() || m.unit.is_some()).collect();
    if !labelled.is_empty() {
        t.push_str("metrics:   # TRANSLATE each label and unit\n");
        for m in labelled {
            let _ = writeln!(t, "  - key: {}", quoted(&m.key));
            if let Some(l) = &m.label {
                let _ = writeln!(t, "    label: {}", quoted(l));
            }
            if let Some(u) = &m.unit {
                let _ = writeln!(t, "    unit: {}", quoted(u));
            }
        }
    }
    t.push_str("---\n");
    t.push_str("<!-- TRANSLATE the text below, then delete this line. -->\n");
    t.push_str(p.body().trim_start_matches('\n'));
    t
}
