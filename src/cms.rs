//! `rally cms decap`'s files: the configuration of Decap CMS (and Sveltia CMS, which reads the
//! same file), generated from Rally's own content model: a folder collection per kind of file,
//! a file collection for site.yaml, the mission, the values and the FAQ, each field typed as
//! `model::fields` types it. Pure: the site's configuration in, text out; the same input gives
//! the same bytes.

use serde_json::{Map, Value, json};

use crate::config::Config;
use crate::model::fields::{self, Field, FieldType};
use crate::model::kinds::{self, Place};
use crate::model::page::PageKind;

/// Where the CMS stores what it commits, from the command line.
#[derive(Debug, Clone)]
pub struct Backend {
    /// `git-gateway`, `github`, `gitlab`, ...
    pub name: String,
    /// `owner/name`, for the backends that need it.
    pub repo: Option<String>,
    pub branch: String,
}

/// The folder, under the site, that the CMS's two files go in.
pub const ADMIN_DIR: &str = "static/admin";

/// The page that loads the CMS: Decap's script, which works for Sveltia's config too, and for
/// the `git-gateway` backend the Netlify Identity widget it signs in with. `_headers` gives this
/// page a policy of its own that lets them run (see `rally_render::policies::cms_sources`).
pub fn index_html(backend: &Backend) -> String {
    let identity = if backend.name == "git-gateway" {
        "<script src=\"https://identity.netlify.com/v1/netlify-identity-widget.js\"></script>\n"
    } else {
        ""
    };
    format!(
        "<!doctype html>
<html lang=\"en\">
<head>
<meta charset=\"utf-8\">
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">
<meta name=\"robots\" content=\"noindex\">
<title>Content manager</title>
{identity}<script src=\"https://unpkg.com/decap-cms@^3.0.0/dist/decap-cms.js\"></script>
</head>
<body>
</body>
</html>
"
    )
}

/// The folder collections: each kind whose files are in a folder, with its folder and label.
fn folder_kinds() -> impl Iterator<Item = (PageKind, &'static str, &'static str)> {
    kinds::KINDS.iter().filter_map(|k| Some((k.kind, k.folder()?, k.label)))
}

/// The one-file kinds (the mission, the values, the FAQ), each with its file's stem and label.
fn file_kinds() -> impl Iterator<Item = (PageKind, &'static str, &'static str)> {
    kinds::KINDS.iter().filter_map(|k| match k.place {
        // the landing page's `_index.md` is not a page of its own
        Place::File(f) if !f.starts_with('_') => Some((k.kind, f.trim_end_matches(".md"), k.label)),
        _ => None,
    })
}

/// `static/admin/config.yml` for `config`.
pub fn config_yml(config: &Config, backend: &Backend) -> String {
    let mut root = Map::new();
    let mut b = Map::new();
    b.insert("name".into(), json!(backend.name));
    if let Some(repo) = &backend.repo {
        b.insert("repo".into(), json!(repo));
    }
    b.insert("branch".into(), json!(backend.branch));
    root.insert("backend".into(), Value::Object(b));
    root.insert("site_url".into(), json!(config.base_url));
    root.insert("media_folder".into(), json!("static/images"));
    root.insert("public_folder".into(), json!("/images"));
    let i18n = config.languages.len() > 1;
    if i18n {
        let locales: Vec<&str> = config.languages.iter().map(|l| l.code.as_str()).collect();
        root.insert(
            "i18n".into(),
            json!({
                "structure": "multiple_files",
                "locales": locales,
                "default_locale": config.languages[0].code,
                // Rally's translations are `name.fr.md` beside `name.md` (Sveltia CMS reads this)
                "omit_default_locale_from_filename": true,
            }),
        );
    }
    let mut collections: Vec<Value> = folder_kinds().map(|(k, n, l)| folder(config, k, n, l, i18n)).collect();
    collections.push(pages(i18n));
    collections.push(site_files(i18n));
    root.insert("collections".into(), Value::Array(collections));
    let header = "# Decap CMS and Sveltia CMS configuration, written by `rally cms decap` from Rally's content\n\
                  # model. Run it again (with --force) after changing site.yaml's languages or permalinks.\n";
    format!("{header}{}", crate::source::yaml::to_string(&Value::Object(root)))
}

/// The collection of the files of one kind, in its folder.
fn folder(config: &Config, kind: PageKind, name: &str, label: &str, i18n: bool) -> Value {
    let folder = match kinds::kind(kind).place {
        Place::Folder(f) => f,
        _ => name,
    };
    let mut c = collection(name, label, i18n);
    c.insert("folder".into(), json!(format!("content/{folder}")));
    c.insert("create".into(), json!(true));
    // Rally leaves a date at the start of a name out of the URL: names without it give the same
    // URL, which the preview path can then name
    c.insert("slug".into(), json!("{{slug}}"));
    c.insert("summary".into(), json!("{{title}}"));
    let (path, date_field) = preview_path(config, folder);
    c.insert("preview_path".into(), json!(path));
    if let Some(d) = date_field {
        c.insert("preview_path_date_field".into(), json!(d));
    }
    c.insert("fields".into(), fields_of(kind, i18n));
    Value::Object(c)
}

/// Where a file of `folder` is on the site: its `permalinks:` pattern with the CMS's tokens, or
/// `folder/slug/`; and the key whose date fills `{{year}}`, `{{month}}` and `{{day}}`.
fn preview_path(config: &Config, folder: &str) -> (String, Option<&'static str>) {
    let Some((_, pattern)) = config.permalinks.iter().find(|(f, _)| f == folder) else {
        return (format!("{folder}/{{{{slug}}}}/"), None);
    };
    let path = pattern
        .pattern()
        .replace(":year", "{{year}}")
        .replace(":month", "{{month}}")
        .replace(":day", "{{day}}")
        .replace(":slug", "{{slug}}")
        .replace(":section", folder);
    let dated = path.contains("{{year}}") || path.contains("{{month}}") || path.contains("{{day}}");
    // Rally's `:year`, `:month` and `:day` are those of a page's `date`, for every kind
    (path.trim_start_matches('/').to_string(), dated.then_some("date"))
}

/// Pages at the top of `content/` (`join.md`, ...).
fn pages(i18n: bool) -> Value {
    let mut c = collection("pages", "Pages", i18n);
    c.insert("folder".into(), json!("content"));
    c.insert("create".into(), json!(true));
    c.insert("slug".into(), json!("{{slug}}"));
    c.insert("summary".into(), json!("{{title}}"));
    c.insert("preview_path".into(), json!("{{slug}}/"));
    c.insert("fields".into(), fields_of(PageKind::Page, i18n));
    Value::Object(c)
}

/// The one-file collection: site.yaml, the mission, the values and the FAQ.
fn site_files(i18n: bool) -> Value {
    let site = json!({
        "name": "site",
        "label": "Site settings (site.yaml)",
        "file": "site.yaml",
        "fields": [
            {"name": "title", "label": "Site title", "widget": "string"},
            {"name": "description", "label": "Description", "widget": "text"},
            {"name": "base_url", "label": "Address of the site", "widget": "string"},
            {"name": "cta", "label": "Call to action", "widget": "object", "required": false, "fields": [
                {"name": "label", "label": "Label", "widget": "string"},
                {"name": "url", "label": "Link", "widget": "string"},
            ]},
        ],
    });
    let mut files = vec![site];
    for (kind, name, label) in file_kinds() {
        let preview = format!("{name}/");
        let mut f = Map::new();
        f.insert("name".into(), json!(name));
        f.insert("label".into(), json!(label));
        f.insert("file".into(), json!(format!("content/{name}.md")));
        if i18n {
            f.insert("i18n".into(), json!(true));
        }
        f.insert("preview_path".into(), json!(preview));
        f.insert("fields".into(), fields_of(kind, i18n));
        files.push(Value::Object(f));
    }
    let mut c = collection("site", "Site", i18n);
    c.insert("files".into(), Value::Array(files));
    Value::Object(c)
}

fn collection(name: &str, label: &str, i18n: bool) -> Map<String, Value> {
    let mut c = Map::new();
    c.insert("name".into(), json!(name));
    c.insert("label".into(), json!(label));
    if i18n {
        c.insert("i18n".into(), json!(true));
    }
    c.insert("extension".into(), json!("md"));
    c.insert("format".into(), json!("frontmatter"));
    c
}

/// The fields of a file of `kind`, then its body.
fn fields_of(kind: PageKind, i18n: bool) -> Value {
    let mut out: Vec<Value> =
        fields::of(kind).iter().map(|f| widget(f, fields::required(kind, f.key), i18n.then_some(f))).collect();
    let mut b = json!({"name": "body", "label": "Text", "widget": "markdown"});
    if i18n {
        b["i18n"] = json!(true);
    }
    out.push(b);
    Value::Array(out)
}

/// One field as the CMS's widget. `i18n`: translated when it is text, the same in every
/// language otherwise.
fn widget(f: &Field, required: bool, i18n: Option<&Field>) -> Value {
    let mut w = Map::new();
    w.insert("name".into(), json!(f.key));
    w.insert("label".into(), json!(f.label));
    let (name, extra): (&str, Value) = match f.ty {
        FieldType::Text | FieldType::Url => ("string", json!({})),
        FieldType::LongText => ("text", json!({})),
        FieldType::Date => {
            ("datetime", json!({"format": "YYYY-MM-DD", "date_format": "YYYY-MM-DD", "time_format": false}))
        }
        FieldType::DateTime => ("datetime", json!({"format": "YYYY-MM-DDTHH:mm:ssZ"})),
        FieldType::Number => ("number", json!({"value_type": "float"})),
        FieldType::Bool => ("boolean", json!({"default": false})),
        FieldType::List => ("list", json!({})),
        FieldType::Image => ("image", json!({})),
        FieldType::Select(options) => ("select", json!({"options": options})),
        FieldType::Object(sub) => ("object", json!({"fields": sub_fields(sub)})),
        FieldType::ObjectList(sub) => ("list", json!({"fields": sub_fields(sub)})),
    };
    w.insert("widget".into(), json!(name));
    if let Value::Object(extra) = extra {
        w.extend(extra);
    }
    w.insert("required".into(), json!(required));
    if !f.hint.is_empty() {
        w.insert("hint".into(), json!(f.hint));
    }
    if let Some(f) = i18n {
        let translated = matches!(f.ty, FieldType::Text | FieldType::LongText | FieldType::List);
        w.insert("i18n".into(), if translated { json!(true) } else { json!("duplicate") });
    }
    Value::Object(w)
}

fn sub_fields(sub: &[Field]) -> Vec<Value> {
    sub.iter().map(|f| widget(f, matches!(f.key, "key" | "name" | "label" | "value"), None)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permalinks_become_preview_paths() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("site.yaml"),
            "title: T\nbase_url: https://x.example/\npermalinks: { updates: \"/news/:year/:month/:slug/\" }\n",
        )
        .unwrap();
        let config = crate::config::load(dir.path(), None).unwrap();
        assert_eq!(preview_path(&config, "updates"), ("news/{{year}}/{{month}}/{{slug}}/".to_string(), Some("date")));
        assert_eq!(preview_path(&config, "events"), ("events/{{slug}}/".to_string(), None));
    }
}
