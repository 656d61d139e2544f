//! Translation files: `faq.fr.md` gives the text of `faq.md` in French. Everything else (dates,
//! goals, targets, metric values, tags, images) comes from the original, so a translation that
//! writes anything but text is an error at that key, saying where the value comes from.

use serde_json::{Map, Value};

use crate::error::Diagnostic;
use crate::model::kinds::{self, Translated};
use crate::model::page::{KindData, Page, PageKind};
use crate::source::discover::SourceFile;
use crate::source::front_matter;
use crate::source::yaml::{self, Positions};

/// The front matter keys a translation may write: its text, and where it was translated from.
pub const TEXT_KEYS: &[&str] =
    &["title", "description", "summary", "image_alt", "headline", "hero_image_alt", "statement", "vision"];
/// The key that records the original's text a translation was made from.
pub const FROM_KEY: &str = "translated_from";

/// A translation file, checked against its original.
#[derive(Debug, Clone)]
pub struct Translation {
    pub file: SourceFile,
    pub lang: String,
    /// The original's path under `content/`.
    pub original: String,
    pub fields: Map<String, Value>,
    pub positions: std::sync::Arc<Positions>,
    pub body_line: usize,
    pub body_start: usize,
}

impl Translation {
    /// The `translated_from` hash the translation was made from, if it records one.
    pub fn translated_from(&self) -> Option<&str> {
        self.fields.get(FROM_KEY).and_then(Value::as_str)
    }
}

/// Reads a translation file's front matter; the keys are checked by [`check`].
pub fn parse(file: SourceFile, lang: String, original: String) -> Result<Translation, Vec<Diagnostic>> {
    let split = front_matter::split(&file.text, &file.display).map_err(|d| vec![d])?;
    let range = split.yaml_offset..split.yaml_offset + split.yaml.len();
    let (fields, positions) = yaml::parse_all::<Map<String, Value>>(&file.display, &file.text, range)?;
    let (body_line, body_start) = (split.body_line, file.text.len() - split.body.len());
    let positions = std::sync::Arc::new(positions);
    Ok(Translation { file, lang, original, fields, positions, body_line, body_start })
}

/// Every key of `t` that is not text of `original`, as an error at the key saying how to fix it.
pub fn check(t: &Translation, original: &Page) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    let orig = original.display.display();
    let at = |key: &str, msg: String| {
        let loc = t.positions.key(key).unwrap_or_else(|| t.positions.start());
        Diagnostic::error_at(&t.file.display, &t.file.text, loc, msg)
    };
    let translated = kinds::kind(original.kind()).translated;
    for (key, value) in &t.fields {
        match translated.iter().find(|tr| tr.key() == key) {
            Some(Translated::Labels(name)) => {
                errors.extend(check_labels(t, name, value, &labelled_keys(original), &orig.to_string()));
                continue;
            }
            Some(Translated::Parts(name, allowed)) => {
                errors.extend(check_parts(t, name, value, allowed, &orig.to_string()));
                continue;
            }
            // such as a campaign's unit, a word of its language: `pledges`, `signatures`
            Some(Translated::Text(name)) => {
                if !value.is_string() {
                    errors.push(at(key, format!("`{name}` must be text")));
                }
                continue;
            }
            None => {}
        }
        if key == FROM_KEY {
            if !value.is_string() {
                errors.push(at(
                    key,
                    format!("`{FROM_KEY}` is the text hash `rally new translation` writes: leave it as it was written"),
                ));
            }
            continue;
        }
        if !TEXT_KEYS.contains(&key.as_str()) {
            errors.push(at(
                key,
                format!("`{key}` is not text: a translation gives only text ({}), and `{key}` comes from {orig}; remove it here (change it in {orig})", text_keys(original.kind())),
            ));
        } else if !value.is_string() {
            errors.push(at(key, format!("`{key}` must be text")));
        }
    }
    errors
}

/// Checks a mapping of text parts (a [`Translated::Parts`] of the kind): each part text, no other key.
fn check_parts(t: &Translation, name: &str, value: &Value, allowed: &[&str], orig: &str) -> Vec<Diagnostic> {
    let at = |key: &str, msg: String| {
        let loc = t.positions.key(key).unwrap_or_else(|| t.positions.start());
        Diagnostic::error_at(&t.file.display, &t.file.text, loc, msg)
    };
    let Some(map) = value.as_object() else {
        return vec![at(name, format!("`{name}` in a translation is a mapping of its text: {}", allowed.join(", ")))];
    };
    let mut errors = Vec::new();
    for (k, v) in map {
        let path = format!("{name}.{k}");
        if !allowed.contains(&k.as_str()) {
            errors.push(at(
                &path,
                format!(
                    "`{k}` is not text: it comes from {orig}; a translation gives only {} here, so remove it",
                    allowed.join(", ")
                ),
            ));
        } else if !v.is_string() {
            errors.push(at(&path, format!("`{k}` must be text")));
        }
    }
    errors
}

/// The keys a translation of a file of `kind` may give, as messages list them.
fn text_keys(kind: PageKind) -> String {
    let mut keys: Vec<String> = TEXT_KEYS.iter().map(|k| k.to_string()).collect();
    keys.extend(kinds::kind(kind).translated.iter().map(|tr| match tr {
        Translated::Text(k) => k.to_string(),
        Translated::Parts(k, parts) => format!("{k} ({})", parts.join(", ")),
        Translated::Labels(k) => format!("{k} (key, label, unit)"),
    }));
    keys.join(", ")
}

/// The keys of the list a translation labels (a mission's goals, a report's metrics).
fn labelled_keys(p: &Page) -> Vec<String> {
    match p.mission() {
        Some(m) => m.goals.iter().map(|g| g.key.clone()).collect(),
        None => p.metrics().iter().map(|m| m.key.clone()).collect(),
    }
}

/// Checks `goals:` or `metrics:` of a translation: a list of `{key, label, unit}` naming keys of
/// the original.
fn check_labels(t: &Translation, name: &str, value: &Value, known: &[String], orig: &str) -> Vec<Diagnostic> {
    let at = |key: &str, msg: String| {
        let loc = t.positions.key(key).unwrap_or_else(|| t.positions.start());
        Diagnostic::error_at(&t.file.display, &t.file.text, loc, msg)
    };
    let Some(items) = value.as_array() else {
        return vec![at(name, format!("`{name}` in a translation is a list of `{{key, label, unit}}`"))];
    };
    let mut errors = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let here = format!("{name}[{i}]");
        let Some(map) = item.as_object() else {
            errors.push(at(&here, format!("each of `{name}` is `{{key: KEY, label: TEXT, unit: TEXT}}`")));
            continue;
        };
        match map.get("key").and_then(Value::as_str) {
            None => errors.push(at(&here, format!("this entry has no `key`: name the {name} of {orig} it translates"))),
            Some(k) if !known.iter().any(|x| x == k) => {
                let hint = crate::error::did_you_mean(k, known.iter().map(String::as_str))
                    .map_or(String::new(), |n| format!(" (did you mean `{n}`?)"));
                errors.push(at(
                    &format!("{here}.key"),
                    format!(
                        "{orig} has no {} `{k}`{hint}: a translation only relabels what the original defines",
                        &name[..name.len() - 1]
                    ),
                ));
            }
            Some(_) => {}
        }
        for (k, v) in map {
            let path = format!("{here}.{k}");
            match k.as_str() {
                "key" => {}
                "label" | "unit" if v.is_string() => {}
                "label" | "unit" => errors.push(at(&path, format!("`{k}` must be text"))),
                _ => errors.push(at(&path, format!("`{k}` is not text: it comes from {orig}; a translation gives only `label` and `unit` here, so remove it"))),
            }
        }
    }
    errors
}

/// The page `original` as its translation `t` tells it: the translation's text over the
/// original's data. Its Markdown still has to be rendered.
pub fn apply(original: &Page, t: &Translation) -> Page {
    let mut p = original.clone();
    let text = |k: &str| t.fields.get(k).and_then(Value::as_str).map(str::to_string);
    if let Some(title) = text("title").filter(|s| !s.trim().is_empty()) {
        p.title = title;
        p.untitled = None;
    }
    if let Some(d) = text("description") {
        p.description = Some(d);
    }
    if let Some(s) = text("summary") {
        p.summary = Some(s);
    }
    if let Some(a) = text("image_alt") {
        p.image_alt = Some(a);
    }
    if let KindData::Home(h) = &mut p.kind {
        h.headline = text("headline").or(h.headline.take());
        h.hero_image_alt = text("hero_image_alt").or(h.hero_image_alt.take());
    }
    if let KindData::Mission(m) = &mut p.kind {
        m.headline = text("headline").or(m.headline.take());
        if let Some(s) = text("statement") {
            m.statement = Some(s);
        }
        if let Some(v) = text("vision") {
            m.vision = Some(v);
        }
        let part = |map: &str, k: &str| t.fields.get(map)?.get(k)?.as_str().map(str::to_string);
        if let Some(mv) = &mut m.movement {
            mv.name = part("movement", "name").filter(|s| !s.trim().is_empty()).unwrap_or(std::mem::take(&mut mv.name));
            mv.tagline = part("movement", "tagline").or(mv.tagline.take());
            mv.pledge = part("movement", "pledge").or(mv.pledge.take());
        }
        if let (Some(cta), Some(label)) = (&mut m.cta, part("cta", "label").filter(|s| !s.trim().is_empty())) {
            cta.label = label;
        }
        for (key, label, unit) in labels(t, "goals") {
            if let Some(g) = m.goals.iter_mut().find(|g| g.key == key) {
                g.label = label.unwrap_or(std::mem::take(&mut g.label));
                g.unit = unit.or(g.unit.take());
            }
        }
    }
    if let KindData::Campaign(c) = &mut p.kind {
        c.unit = text("unit").filter(|u| !u.trim().is_empty()).or(c.unit.take());
        let label = t.fields.get("cta").and_then(|c| c.get("label")).and_then(Value::as_str);
        if let (Some(cta), Some(label)) = (&mut c.cta, label.filter(|l| !l.trim().is_empty())) {
            cta.label = label.to_string();
        }
    }
    let metrics = if let KindData::Report(r) = &mut p.kind { r.metrics.as_mut_slice() } else { &mut [] };
    for (key, label, unit) in labels(t, "metrics") {
        if let Some(m) = metrics.iter_mut().find(|m| m.key == key) {
            m.label = label.or(m.label.take());
            m.unit = unit.or(m.unit.take());
        }
    }
    p.display = t.file.display.clone();
    p.text = std::sync::Arc::from(t.file.text.as_str());
    p.positions = std::sync::Arc::clone(&t.positions);
    p.body_line = t.body_line;
    p.body_start = t.body_start;
    p
}

type Labels = (String, Option<String>, Option<String>);

fn labels(t: &Translation, name: &str) -> Vec<Labels> {
    let items = t.fields.get(name).and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
    items
        .iter()
        .filter_map(|i| {
            let get = |k: &str| i.get(k).and_then(Value::as_str).map(str::to_string);
            Some((get("key")?, get("label"), get("unit")))
        })
        .collect()
}

/// A hash of the text of a content file a translation renders (its text keys, labels and body):
/// what `translated_from` records, so that a change to the original's text shows.
pub fn text_hash(page: &Page) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |s: &str| {
        for b in s.bytes().chain(std::iter::once(0xff)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    };
    // a title Rally gives is a theme string, translated with the theme's strings
    feed(if page.untitled.is_some() { "" } else { &page.title });
    for s in [&page.description, &page.summary, &page.image_alt] {
        feed(s.as_deref().unwrap_or(""));
    }
    if let Some(m) = page.mission() {
        feed(m.statement.as_deref().unwrap_or(""));
        feed(m.vision.as_deref().unwrap_or(""));
        if let Some(mv) = &m.movement {
            for s in [Some(&mv.name), mv.tagline.as_ref(), mv.pledge.as_ref()] {
                feed(s.map_or("", String::as_str));
            }
        }
        feed(m.cta.as_ref().map_or("", |c| c.label.as_str()));
        for g in &m.goals {
            feed(&g.key);
            feed(&g.label);
            feed(g.unit.as_deref().unwrap_or(""));
        }
    }
    for m in page.metrics() {
        feed(&m.key);
        feed(m.label.as_deref().unwrap_or(""));
        feed(m.unit.as_deref().unwrap_or(""));
    }
    feed(page.body());
    format!("{h:016x}")
}
