//! Every stage takes what it knows of a content kind from its row of the kinds table: a site with
//! a file of each kind, each kind's templates overridden by ones that name themselves and what
//! they were given, is built, and each row's template, body, list page, extras, JSON-LD type,
//! search name, translated keys, CMS collection and `rally new` command are found where the row
//! says.

use assert_cmd::Command;
use rally::model::kinds::{self, Body, Extra, Kind, Place, Schema, Translated};
use std::path::Path;

use crate::common::{build, read, site_with, write};

/// A sample value of each key a row may require.
fn sample(key: &str) -> &'static str {
    match key {
        "title" => "One",
        "date" => "2025-09-14",
        "period" => "2025-Q3",
        "start" => "2026-04-18T10:00:00+01:00",
        "kind" => "pledge",
        "target" => "100",
        other => panic!("the test has no sample value of the required key `{other}`: add one"),
    }
}

/// Where the test writes the file of a kind (relative to `content/`), and where its page is
/// published (relative to the output).
fn place_of(k: &Kind) -> (String, String) {
    match k.place {
        Place::File(name) if name.starts_with('_') => (name.to_string(), "index.html".to_string()),
        Place::File(name) => (name.to_string(), format!("{}/index.html", name.trim_end_matches(".md"))),
        Place::Folder(f) => (format!("{f}/2025-09-14-one.md"), format!("{f}/one/index.html")),
        Place::SectionIndex => ("about/_index.md".to_string(), "about/index.html".to_string()),
        Place::Elsewhere => ("about/team.md".to_string(), "about/team/index.html".to_string()),
    }
}

/// The file of kind `k`: its required keys, and a slug so every folder's page is at `one/`.
fn file_of(k: &Kind) -> String {
    let mut fm: Vec<String> = k.required.iter().map(|(key, _)| format!("{key}: {}", sample(key))).collect();
    if !k.required.iter().any(|(key, _)| *key == "title") {
        fm.push("title: One".to_string());
    }
    if k.folder().is_some() {
        fm.push("slug: one".to_string());
    }
    format!("---\n{}\n---\nIntro.\n\n## First\n\nText.\n", fm.join("\n"))
}

/// A template that names itself and what it was given: the extras of its page and its JSON-LD.
fn template_naming(name: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><title>{{{{ meta.title }}}}</title></head><body>\
         <p>template {name}</p><p>og {{{{ meta.og_type }}}}</p>\
         <p>{{% if metrics is defined %}}extra-metrics{{% endif %}} \
         {{% if update_goals is defined %}}extra-goals{{% endif %}} \
         {{% if newer is defined %}}extra-neighbours{{% endif %}} \
         {{% if calendar_url is defined %}}extra-calendar{{% endif %}} \
         {{% if sections is defined %}}sections-{{{{ sections | length }}}}{{% endif %}}</p>\
         {{{{ meta.json_ld | safe }}}}</body></html>\n"
    )
}

/// A site with a file of every kind, or of none (`with_files` false), every kind's template and
/// list template overridden by [`template_naming`].
fn site(with_files: bool) -> (tempfile::TempDir, std::path::PathBuf) {
    let yaml = "title: Kinds\nbase_url: https://kinds.example/\nlanguages:\n  fr: { name: Français }\n";
    let (dir, site) = site_with(&[("site.yaml", yaml)]);
    for k in kinds::KINDS {
        write(&site, &format!("templates/{}", k.template), &template_naming(k.template));
        if let Some(list) = k.list {
            write(&site, &format!("templates/{}", list.template), &template_naming(list.template));
        }
        if with_files {
            let (rel, _) = place_of(k);
            write(&site, &format!("content/{rel}"), &file_of(k));
        }
    }
    (dir, site)
}

#[test]
fn each_kind_is_rendered_listed_and_described_as_its_row_says() {
    let (_dir, site) = site(true);
    // a translation gives the keys its kind's row names beside the text keys
    for k in kinds::KINDS.iter().filter(|k| !k.translated.is_empty()) {
        let (rel, _) = place_of(k);
        let keys: Vec<String> = k
            .translated
            .iter()
            .map(|t| match t {
                Translated::Text(key) => format!("{key}: texte"),
                Translated::Parts(key, parts) => format!("{key}: {{ {}: texte }}", parts[0]),
                Translated::Labels(key) => format!("{key}: []"),
            })
            .collect();
        let text = format!("---\ntitle: Un\n{}\n---\nTexte.\n", keys.join("\n"));
        write(&site, &format!("content/{}", rel.replace(".md", ".fr.md")), &text);
    }
    let out = build(&site);
    for k in kinds::KINDS {
        let (_, page) = place_of(k);
        let html = read(&out, &page);
        let name = format!("{:?}", k.kind);
        assert!(html.contains(&format!("template {}", k.template)), "{name}: {html}");
        let shows = |marker: &str| html.contains(marker);
        assert_eq!(shows("extra-metrics"), k.shows(Extra::Metrics), "{name}");
        assert_eq!(shows("extra-goals"), k.shows(Extra::AdvancedGoals), "{name}");
        assert_eq!(shows("extra-neighbours"), k.shows(Extra::Neighbours), "{name}");
        let dir = page.trim_end_matches("/index.html");
        assert_eq!(out.join(format!("{dir}.ics")).is_file(), k.shows(Extra::Calendar), "{name}");
        assert_eq!(out.join(dir).join("email.html").is_file(), k.shows(Extra::EmailEditions), "{name}");
        assert_eq!(html.contains("\"Article\""), k.schema == Schema::Article, "{name}");
        assert_eq!(html.contains("og article"), k.schema == Schema::Article, "{name}");
        assert_eq!(html.contains("\"FAQPage\""), k.schema == Schema::FaqPage, "{name}");
        assert_eq!(rally::search::kind_name(k.kind), k.search, "{name}");
        // the one `## First` of its body is an item of its own only where the body is read so
        assert_eq!(html.contains("sections-1"), k.body != Body::Plain, "{name}: {html}");
        let Some(folder) = k.folder() else { continue };
        let Some(list) = k.list else { continue };
        let listed = read(&out, &format!("{folder}/index.html"));
        assert!(listed.contains(&format!("template {}", list.template)), "{name}: {listed}");
        assert_eq!(listed.contains("extra-calendar"), k.shows(Extra::Calendar), "{name}");
        assert_eq!(out.join(format!("{folder}.ics")).is_file(), k.shows(Extra::Calendar), "{name}");
        assert_eq!(out.join(format!("{folder}/page/1/index.html")).is_file(), list.paginated, "{name}");
        let french = read(&out, &format!("fr/{folder}/index.html"));
        assert!(french.contains(&format!("template {}", list.template)), "{name}: {french}");
    }
}

#[test]
fn a_list_page_without_files_of_its_kind_is_written_when_its_row_says_always() {
    let (_dir, site) = site(false);
    let out = build(&site);
    for k in kinds::KINDS {
        if let (Some(folder), Some(list)) = (k.folder(), k.list) {
            assert_eq!(out.join(folder).join("index.html").is_file(), list.always, "{:?}", k.kind);
        }
    }
}

fn rally(site: &Path) -> Command {
    let mut c = Command::cargo_bin("rally").unwrap();
    c.arg("--root").arg(site);
    c
}

#[test]
fn rally_new_page_sends_each_kind_to_its_command_and_the_cms_lists_each_kind() {
    let (_dir, site) = site(false);
    for k in kinds::KINDS {
        let (Some(folder), Some(command)) = (k.folder(), k.new) else { continue };
        let out = rally(&site).args(["new", "page", &format!("{folder}/x")]).assert().code(2);
        let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
        assert!(stderr.contains(command), "{:?}: {stderr}", k.kind);
    }
    rally(&site).args(["cms", "decap"]).assert().success();
    let config: serde_yaml::Value = serde_yaml::from_str(&read(&site, "static/admin/config.yml")).unwrap();
    let collections = config["collections"].as_sequence().unwrap();
    let files = collections.iter().find(|c| c["name"] == "site").unwrap()["files"].as_sequence().unwrap();
    for k in kinds::KINDS {
        match k.place {
            Place::Folder(f) => {
                let c = collections.iter().find(|c| c["folder"] == format!("content/{f}").as_str());
                assert_eq!(c.map(|c| &c["label"]), Some(&serde_yaml::Value::from(k.label)), "{:?}", k.kind);
            }
            Place::File(name) if !name.starts_with('_') => {
                let f = files.iter().find(|f| f["file"] == format!("content/{name}").as_str());
                assert_eq!(f.map(|f| &f["label"]), Some(&serde_yaml::Value::from(k.label)), "{:?}", k.kind);
            }
            _ => {}
        }
    }
}
