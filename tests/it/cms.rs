//! `rally cms decap`: the Decap CMS (and Sveltia CMS) configuration generated from the model.

use assert_cmd::Command;
use serde_yaml::Value;
use std::path::Path;

fn decap(site: &Path, extra: &[&str]) -> assert_cmd::assert::Assert {
    Command::cargo_bin("rally").unwrap().arg("--root").arg(site).args(["cms", "decap"]).args(extra).assert()
}

fn example_site() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    crate::common::copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("example-site"), &site);
    (dir, site)
}

fn collection<'a>(config: &'a Value, name: &str) -> &'a Value {
    config["collections"].as_sequence().unwrap().iter().find(|c| c["name"] == name).unwrap_or_else(|| panic!("{name}"))
}

fn field<'a>(fields: &'a Value, name: &str) -> &'a Value {
    fields.as_sequence().unwrap().iter().find(|f| f["name"] == name).unwrap_or_else(|| panic!("field {name}"))
}

/// The keys Decap's configuration schema requires (decap-cms-core `configSchema`): a backend with
/// a name, a media folder, collections each with a name, a label and a folder or files, and
/// fields each with a name and a widget.
fn assert_valid_for_decap(config: &Value) {
    assert!(config["backend"]["name"].as_str().is_some_and(|n| !n.is_empty()));
    assert!(config["media_folder"].is_string() && config["public_folder"].is_string());
    let collections = config["collections"].as_sequence().expect("collections");
    assert!(!collections.is_empty());
    let fields_ok = |fields: &Value| {
        for f in fields.as_sequence().expect("fields") {
            assert!(f["name"].is_string() && f["widget"].is_string(), "{f:?}");
            if let Some(sub) = f.get("fields") {
                assert!(f["widget"] == "object" || f["widget"] == "list", "{f:?}");
                assert!(!sub.as_sequence().unwrap().is_empty());
            }
            if f["widget"] == "select" {
                assert!(!f["options"].as_sequence().unwrap().is_empty());
            }
        }
    };
    for c in collections {
        assert!(c["name"].is_string() && c["label"].is_string(), "{c:?}");
        match (c.get("folder"), c.get("files")) {
            (Some(_), None) => fields_ok(&c["fields"]),
            (None, Some(files)) => {
                for f in files.as_sequence().unwrap() {
                    assert!(f["name"].is_string() && f["label"].is_string() && f["file"].is_string(), "{f:?}");
                    fields_ok(&f["fields"]);
                }
            }
            _ => panic!("a collection has a folder or files: {c:?}"),
        }
    }
    if let Some(i18n) = config.get("i18n") {
        assert_eq!(i18n["structure"], "multiple_files");
        assert!(i18n["locales"].as_sequence().unwrap().contains(&i18n["default_locale"]));
    }
}

#[test]
fn writes_a_typed_config_for_example_site() {
    let (_g, site) = example_site();
    decap(&site, &[]).success();
    let text = crate::common::read(&site, "static/admin/config.yml");
    let config: Value = serde_yaml::from_str(&text).unwrap();
    assert_valid_for_decap(&config);
    assert!(crate::common::read(&site, "static/admin/index.html").contains("decap-cms"));
    assert_eq!(config["media_folder"], "static/images");
    assert_eq!(config["public_folder"], "/images");
    assert_eq!(config["site_url"], "https://rivercommons.example/");
    let locales: Vec<&str> =
        config["i18n"]["locales"].as_sequence().unwrap().iter().filter_map(Value::as_str).collect();
    assert_eq!(locales, ["en", "fr"]);
    for (name, folder) in [
        ("updates", "content/updates"),
        ("events", "content/events"),
        ("campaigns", "content/campaigns"),
        ("impact", "content/impact"),
        ("pages", "content"),
    ] {
        assert_eq!(collection(&config, name)["folder"], folder, "{name}");
    }
    let updates = &collection(&config, "updates")["fields"];
    assert_eq!(field(updates, "title")["widget"], "string");
    assert_eq!(field(updates, "title")["required"], true);
    assert_eq!(field(updates, "date")["widget"], "datetime");
    assert_eq!(field(updates, "tags")["widget"], "list");
    assert_eq!(field(updates, "image")["widget"], "image");
    assert_eq!(field(updates, "image_alt")["label"], "Alt text");
    assert_eq!(field(updates, "body")["widget"], "markdown");
    assert_eq!(collection(&config, "updates")["preview_path"], "updates/{{slug}}/");
    let events = &collection(&config, "events")["fields"];
    assert_eq!(field(events, "start")["widget"], "datetime");
    assert_eq!(field(events, "timezone")["label"], "Time zone");
    assert_eq!(field(&field(events, "location")["fields"], "name")["widget"], "string");
    assert_eq!(field(events, "location")["widget"], "object");
    let campaigns = &collection(&config, "campaigns")["fields"];
    assert_eq!(field(campaigns, "kind")["widget"], "select");
    assert_eq!(field(campaigns, "target")["widget"], "number");
    assert_eq!(field(campaigns, "deadline")["widget"], "datetime");
    let reports = &collection(&config, "impact")["fields"];
    assert_eq!(field(reports, "metrics")["widget"], "list");
    assert_eq!(field(&field(reports, "metrics")["fields"], "value")["widget"], "number");
    let files = collection(&config, "site")["files"].as_sequence().unwrap();
    let names: Vec<&str> = files.iter().filter_map(|f| f["file"].as_str()).collect();
    assert_eq!(names, ["site.yaml", "content/mission.md", "content/values.md", "content/faq.md"]);
    let mission = files.iter().find(|f| f["name"] == "mission").unwrap();
    let goals = field(&mission["fields"], "goals");
    assert_eq!(goals["widget"], "list", "goals are a list of objects");
    assert_eq!(field(&goals["fields"], "target")["widget"], "number");
}

#[test]
fn the_same_site_gives_the_same_bytes_and_nothing_is_overwritten_without_force() {
    let (_g, site) = example_site();
    decap(&site, &[]).success();
    let first = crate::common::read(&site, "static/admin/config.yml");
    decap(&site, &[]).code(2).stderr(predicates::str::contains("already exists: add --force"));
    decap(&site, &["--force"]).success();
    assert_eq!(first, crate::common::read(&site, "static/admin/config.yml"));
    decap(&site, &["--force", "--backend", "github"]).code(2).stderr(predicates::str::contains("--repo"));
    decap(&site, &["--force", "--backend", "github", "--repo", "org/hub"]).success();
    let config: Value = serde_yaml::from_str(&crate::common::read(&site, "static/admin/config.yml")).unwrap();
    assert_eq!(config["backend"]["repo"], "org/hub");
}

#[test]
fn permalinks_and_one_language() {
    let (_g, site) = crate::common::site_with(&[(
        "site.yaml",
        "title: T\nbase_url: https://x.example/hub/\npermalinks: { updates: \"/:year/:month/:slug/\" }\n",
    )]);
    decap(&site, &[]).success();
    let config: Value = serde_yaml::from_str(&crate::common::read(&site, "static/admin/config.yml")).unwrap();
    assert!(config.get("i18n").is_none(), "one language: no i18n");
    let updates = collection(&config, "updates");
    assert_eq!(updates["preview_path"], "{{year}}/{{month}}/{{slug}}/");
    assert_eq!(updates["preview_path_date_field"], "date");
    assert_valid_for_decap(&config);
}

/// Builds `site` with `rally build` into `out` beside it; the output folder.
fn built(site: &Path) -> std::path::PathBuf {
    let out = site.with_file_name("out");
    Command::cargo_bin("rally")
        .unwrap()
        .arg("--root")
        .arg(site)
        .args(["build", "--output"])
        .arg(&out)
        .assert()
        .success();
    out
}

#[test]
fn the_cms_page_has_a_policy_of_its_own_that_lets_the_cms_and_its_backend_in() {
    use crate::reach::{html_paths, policies_for};
    // example-site (pages of their own policies) with GitHub; a plain site (one policy) with
    // Netlify's git-gateway
    let (_g, example) = example_site();
    decap(&example, &["--backend", "github", "--repo", "org/hub"]).success();
    let (_g2, plain) = crate::common::site_with(&[("content/about.md", "---\ntitle: About\n---\nHi.\n")]);
    decap(&plain, &["--backend", "git-gateway"]).success();
    assert!(
        crate::common::read(&plain, "static/admin/index.html")
            .contains("identity.netlify.com/v1/netlify-identity-widget.js")
    );
    for (site, hosts) in [
        (&example, ["connect-src 'self' blob: https://api.github.com", "https://avatars.githubusercontent.com"]),
        (
            &plain,
            [
                "script-src 'self' https://unpkg.com 'unsafe-eval' https://identity.netlify.com",
                "https://api.netlify.com",
            ],
        ),
    ] {
        let out = built(site);
        let headers = crate::common::read(&out, "_headers");
        let paths = html_paths(&out, "/");
        assert!(paths.iter().any(|p| p == "/admin/") && paths.len() > 4, "{paths:?}");
        for path in &paths {
            let found = policies_for(&headers, path);
            assert_eq!(found.len(), 1, "one policy for {path}: {found:#?}\n{headers}");
            let cms = path.starts_with("/admin/");
            assert_eq!(found[0].contains("https://unpkg.com"), cms, "the CMS's script on the CMS page alone: {path}");
            assert_eq!(found[0].contains("'unsafe-eval'"), cms, "{path}");
            if cms {
                assert!(found[0].contains("style-src 'self' https://unpkg.com 'unsafe-inline'"), "{}", found[0]);
                for host in hosts {
                    assert!(found[0].contains(host), "{host} in {}", found[0]);
                }
                // the rest of the site's policy stays
                assert!(found[0].contains("object-src 'none'") && found[0].contains("frame-ancestors 'self'"));
            }
        }
    }
}

#[test]
fn preview_paths_of_dated_permalinks_are_the_built_urls() {
    let (_g, site) = crate::common::site_with(&[
        (
            "site.yaml",
            "title: T\nbase_url: https://x.example/\npermalinks: { updates: \"/:year/:month/:day/:slug/\", events: \"/events/:year/:slug/\" }\n",
        ),
        ("content/updates/kell-restored.md", "---\ntitle: Kell restored\ndate: 2025-09-04\n---\nHi.\n"),
        ("content/updates/late.md", "---\ntitle: Late\ndate: 2025-01-31T23:30:00+00:00\n---\nHi.\n"),
        ("content/events/spring.md", "---\ntitle: Spring\ndate: 2026-03-01\nstart: 2026-04-18T10:00:00Z\n---\nCome.\n"),
    ]);
    decap(&site, &[]).success();
    let config: Value = serde_yaml::from_str(&crate::common::read(&site, "static/admin/config.yml")).unwrap();
    let out = built(&site);
    // the preview path as the CMS fills it: the file's name as `{{slug}}` (the CMS's own files are
    // named by their slug, without a date), the date field's UTC parts, zero-padded
    for (name, slug, date) in [
        ("updates", "kell-restored", "2025-09-04"),
        ("updates", "late", "2025-01-31"),
        ("events", "spring", "2026-04-18"),
    ] {
        let c = collection(&config, name);
        assert_eq!(c["slug"], "{{slug}}");
        assert_eq!(c["preview_path_date_field"], "date", "Rally's :year, :month and :day are the `date`'s");
        let (y, m, d) = (&date[..4], &date[5..7], &date[8..]);
        let path = c["preview_path"]
            .as_str()
            .unwrap()
            .replace("{{year}}", y)
            .replace("{{month}}", m)
            .replace("{{day}}", d)
            .replace("{{slug}}", slug);
        assert!(out.join(&path).join("index.html").is_file(), "{name}/{slug}: {path} is a built page");
    }
}
