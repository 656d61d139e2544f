//! What every imported site gets besides its content: the head of site.yaml (title, description,
//! an absolute base URL, a language Rally accepts), a mission page to fill in and `.gitignore`.

use indexmap::IndexMap;
use serde_json::{Value, json};

use crate::output::Staging;
use rally_core::error::Result;

/// The first keys of site.yaml.
pub fn head(title: &str, description: &str, base_url: &str, language: &str) -> IndexMap<&'static str, Value> {
    let mut yaml = IndexMap::new();
    yaml.insert("title", json!(if title.trim().is_empty() { "My site" } else { title.trim() }));
    if !description.trim().is_empty() {
        yaml.insert("description", json!(description.trim()));
    }
    let base = base_url.trim().trim_end_matches('/');
    let absolute = base.starts_with("http://") || base.starts_with("https://");
    yaml.insert("base_url", json!(if absolute { format!("{base}/") } else { "https://example.org/".to_string() }));
    let lang = language.trim();
    yaml.insert("language", json!(if rally_core::languages::check_code(lang).is_ok() { lang } else { "en" }));
    yaml
}

/// Writes site.yaml, and the mission page (unless the import made one) and `.gitignore`.
pub fn finish(staging: &Staging, yaml: &IndexMap<&str, Value>) -> Result<()> {
    staging.write("site.yaml", &rally_core::source::yaml::to_string(yaml))?;
    if !staging.path("content/mission.md")?.exists() {
        let text = |k: &str| yaml.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
        let statement = Some(text("description")).filter(|d| !d.is_empty()).unwrap_or_else(|| text("title"));
        let fm: IndexMap<&str, Value> =
            IndexMap::from([("title", json!("Our mission")), ("statement", json!(statement))]);
        staging.write(
            "content/mission.md",
            &format!(
                "---\n{}---\n\nThe story behind the mission: write it here, and add goals to the front matter.\n",
                rally_core::source::yaml::to_string(&fm)
            ),
        )?;
    }
    staging.write(".gitignore", "/public/\n/.rally-cache/\n")
}
