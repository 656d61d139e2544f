//! Front matter of Hugo and Jekyll files (YAML between `---`, TOML between `+++`, or a JSON
//! object) read into JSON values, and mapped onto Rally's keys: `lastmod` is `updated`,
//! `categories` join `tags`, `url` becomes an alias, `featured_image` or `images` the `image`;
//! keys Rally has no use for are kept under `extra`.

use serde_json::{Map, Value, json};

/// A content file split into its front matter and body.
#[derive(Debug, Default)]
pub struct Split {
    pub fm: Map<String, Value>,
    pub body: String,
    /// Did the file have front matter at all? (Jekyll only renders files that do.)
    pub has_fm: bool,
}

/// Splits a file; an unreadable front matter block is an error message with its line.
pub fn split(text: &str) -> Result<Split, (usize, String)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text).replace("\r\n", "\n");
    for (fence, kind) in [("---", "yaml"), ("+++", "toml")] {
        let Some(rest) = text.strip_prefix(fence).and_then(|r| r.strip_prefix('\n')) else { continue };
        let end = rest.find(&format!("\n{fence}")).map(|i| i + 1).or_else(|| rest.starts_with(fence).then_some(0));
        let Some(end) = end else { return Err((1, format!("front matter opened with `{fence}` is never closed"))) };
        let block = &rest[..end];
        let after = rest[end + fence.len()..].strip_prefix('\n').unwrap_or(&rest[end + fence.len()..]);
        let value = if kind == "yaml" { yaml(block) } else { toml_value(block) }.map_err(|e| (2, e))?;
        let fm = match value {
            Value::Object(m) => m,
            Value::Null => Map::new(),
            _ => return Err((2, "front matter is not a map of keys".into())),
        };
        return Ok(Split { fm, body: after.to_string(), has_fm: true });
    }
    if text.starts_with('{') {
        let mut it = serde_json::Deserializer::from_str(&text).into_iter::<Value>();
        if let Some(Ok(Value::Object(fm))) = it.next() {
            let body = text[it.byte_offset()..].trim_start_matches('\n').to_string();
            return Ok(Split { fm, body, has_fm: true });
        }
    }
    Ok(Split { fm: Map::new(), body: text, has_fm: false })
}

pub fn yaml(text: &str) -> Result<Value, String> {
    if text.trim().is_empty() {
        return Ok(Value::Null);
    }
    serde_yaml::from_str::<Value>(text).map_err(|e| format!("front matter is not valid YAML: {e}"))
}

pub fn toml_value(text: &str) -> Result<Value, String> {
    let v: toml::Value = toml::from_str(text).map_err(|e| format!("not valid TOML: {e}"))?;
    Ok(plain(serde_json::to_value(v).unwrap_or(Value::Null)))
}

/// TOML dates come through serde as a private one-key map: made text again.
fn plain(v: Value) -> Value {
    match v {
        Value::Object(m) => {
            if m.len() == 1
                && let Some(Value::String(s)) = m.get("$__toml_private_datetime")
            {
                return Value::String(s.clone());
            }
            Value::Object(m.into_iter().map(|(k, v)| (k, plain(v))).collect())
        }
        Value::Array(a) => Value::Array(a.into_iter().map(plain).collect()),
        other => other,
    }
}

/// A date as Rally reads it (`YYYY-MM-DD` or RFC 3339), from the forms Hugo and Jekyll accept.
pub fn date(v: &Value) -> Option<String> {
    let s = v.as_str()?.trim();
    if s.parse::<jiff::Timestamp>().is_ok() || s.parse::<jiff::civil::Date>().is_ok() {
        return Some(s.to_string());
    }
    for fmt in ["%Y-%m-%d %H:%M:%S %z", "%Y-%m-%d %H:%M %z", "%Y-%m-%dT%H:%M:%S%z"] {
        if let Ok(ts) = jiff::fmt::strtime::parse(fmt, s).and_then(|t| t.to_timestamp()) {
            return Some(ts.to_string());
        }
    }
    if let Ok(dt) = s.replacen(' ', "T", 1).parse::<jiff::civil::DateTime>() {
        return Some(dt.strftime("%Y-%m-%dT%H:%M:%S").to_string());
    }
    s.get(..10).and_then(|d| d.parse::<jiff::civil::Date>().ok()).map(|d| d.to_string())
}

/// Text or a list of texts.
pub fn texts(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::String(s)) => s
            .split(if s.contains(',') { ',' } else { ' ' })
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .collect(),
        Some(Value::Array(a)) => {
            a.iter().filter_map(|x| x.as_str().map(|s| s.trim().to_string())).filter(|s| !s.is_empty()).collect()
        }
        _ => Vec::new(),
    }
}

/// Rally front matter made from another generator's, with the old addresses it names (`url`,
/// `aliases`, `redirect_from`) and the author keys it uses.
#[derive(Debug, Default)]
pub struct Mapped {
    pub fm: indexmap::IndexMap<String, Value>,
    pub aliases: Vec<String>,
    pub authors: Vec<String>,
}

const KNOWN: [&str; 29] = [
    "title",
    "date",
    "lastmod",
    "updated",
    "last_modified_at",
    "draft",
    "published",
    "description",
    "summary",
    "excerpt",
    "tags",
    "categories",
    "category",
    "slug",
    "aliases",
    "url",
    "permalink",
    "redirect_from",
    "weight",
    "image",
    "images",
    "featured_image",
    "cover",
    "image_alt",
    "author",
    "authors",
    "layout",
    "type",
    "expirydate",
];

/// Maps front matter onto Rally's keys for an update (`summary`) or a page (`description`).
pub fn map(fm: &Map<String, Value>, update: bool) -> Mapped {
    let mut m = Mapped::default();
    let get = |k: &str| fm.get(k).filter(|v| !v.is_null());
    if let Some(t) = get("title").and_then(Value::as_str) {
        m.fm.insert("title".into(), json!(t.trim()));
    }
    if let Some(d) = get("date").and_then(date) {
        m.fm.insert("date".into(), json!(d));
    }
    if let Some(d) = ["lastmod", "updated", "last_modified_at"].iter().find_map(|k| get(k).and_then(date)) {
        m.fm.insert("updated".into(), json!(d));
    }
    let summary = get("summary").or(get("excerpt")).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty());
    let description = get("description").and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty());
    if let Some(d) = description.or(if update { None } else { summary }) {
        m.fm.insert("description".into(), json!(d));
    }
    if update && let Some(s) = summary.or(description) {
        m.fm.insert("summary".into(), json!(s));
    }
    let mut tags = texts(get("tags"));
    for c in texts(get("categories")).into_iter().chain(texts(get("category"))) {
        if !tags.iter().any(|t| t.eq_ignore_ascii_case(&c)) {
            tags.push(c);
        }
    }
    if !tags.is_empty() {
        m.fm.insert("tags".into(), json!(tags));
    }
    if let Some(s) = get("slug").and_then(Value::as_str).map(rally_core::format::slugify).filter(|s| !s.is_empty()) {
        m.fm.insert("slug".into(), json!(s));
    }
    if let Some(w) = get("weight").and_then(Value::as_i64) {
        m.fm.insert("weight".into(), json!(w));
    }
    if let Some(img) = image(fm) {
        m.fm.insert("image".into(), json!(img));
        if let Some(alt) = get("image_alt").and_then(Value::as_str) {
            m.fm.insert("image_alt".into(), json!(alt));
        }
    }
    m.authors = texts(get("authors")).into_iter().chain(texts(get("author")).into_iter().take(1)).collect();
    if get("author").and_then(Value::as_str).is_some() {
        m.authors = vec![get("author").and_then(Value::as_str).unwrap_or_default().trim().to_string()];
    }
    m.authors.retain(|a| !a.is_empty());
    m.aliases = texts(get("aliases")).into_iter().chain(texts(get("redirect_from"))).collect();
    m.aliases.extend(["url", "permalink"].iter().filter_map(|k| get(k).and_then(Value::as_str).map(str::to_string)));
    if get("draft").and_then(Value::as_bool) == Some(true) || get("published").and_then(Value::as_bool) == Some(false) {
        m.fm.insert("draft".into(), json!(true));
    }
    let extra: Map<String, Value> =
        fm.iter().filter(|(k, _)| !KNOWN.contains(&k.as_str())).map(|(k, v)| (k.clone(), v.clone())).collect();
    if !extra.is_empty() {
        m.fm.insert("extra".into(), Value::Object(extra));
    }
    m
}

/// The page's photo: `image`, `featured_image`, the first of `images`, or `cover.image`.
fn image(fm: &Map<String, Value>) -> Option<String> {
    let s = fm
        .get("image")
        .and_then(|v| v.as_str().or_else(|| v.get("path").and_then(Value::as_str)))
        .or_else(|| fm.get("featured_image").and_then(Value::as_str))
        .or_else(|| fm.get("images").and_then(|v| v.get(0)).and_then(Value::as_str))
        .or_else(|| fm.get("cover").and_then(|c| c.get("image")).and_then(Value::as_str))?;
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    Some(if s.starts_with('/') || s.contains("://") { s.to_string() } else { format!("/{s}") })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_yaml_and_json_front_matter() {
        let t = split("+++\ntitle = \"A\"\ndate = 2024-05-14T10:00:00+01:00\ntags = [\"x\"]\n+++\nBody\n").unwrap();
        assert_eq!(t.fm["date"], "2024-05-14T10:00:00+01:00");
        assert_eq!(t.body, "Body\n");
        let y = split("---\ntitle: B\n---\n\nText").unwrap();
        assert_eq!((y.fm["title"].as_str(), y.body.as_str()), (Some("B"), "\nText"));
        let j = split("{\"title\": \"C\"}\nText").unwrap();
        assert_eq!(j.fm["title"], "C");
        assert!(!split("no front matter").unwrap().has_fm);
        assert!(split("---\ntitle: [\n---\n").is_err());
    }

    #[test]
    fn keys_are_mapped_and_the_rest_kept_under_extra() {
        let fm = split("---\ntitle: T\ndate: 2020-01-02 10:00:00 +0100\nlastmod: 2020-02-01\ncategories: [News]\ntags: a, b\nurl: /old/t/\nfeatured_image: img/t.jpg\nauthor: Jo Smith\nlayout: post\n---\n").unwrap().fm;
        let m = map(&fm, true);
        assert_eq!(m.fm["date"], "2020-01-02T09:00:00Z");
        assert_eq!(m.fm["updated"], "2020-02-01");
        assert_eq!(m.fm["tags"], json!(["a", "b", "News"]));
        assert_eq!(m.fm["image"], "/img/t.jpg");
        assert_eq!(m.aliases, ["/old/t/"]);
        assert_eq!(m.authors, ["Jo Smith"]);
        assert!(!m.fm.contains_key("extra"), "layout is dropped: Rally's templates have other names");
    }
}
