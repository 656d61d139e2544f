//! Links writers give in site.yaml, front matter and Markdown: a URL that would run code when a
//! reader follows it (`javascript:`, `data:`, `vbscript:`, in any disguise) never reaches a page.

use crate::common;

use assert_cmd::Command;
use common::*;
use predicates::prelude::*;

const CONFIG: &str = "title: Test Hub\nbase_url: https://test.example/\n";

/// Builds a site whose site.yaml is `CONFIG` plus `config_extra`, with the given content files,
/// and returns the diagnostics of the failed build.
fn failing(config_extra: &str, files: &[(&str, &str)]) -> String {
    let yaml = format!("{CONFIG}{config_extra}");
    let mut all = vec![("site.yaml", yaml.as_str())];
    all.extend_from_slice(files);
    let (_g, site) = site_with(&all);
    build_err(&site)
}

#[test]
fn unsafe_urls_in_site_yaml_are_errors_at_their_value() {
    for (extra, at) in [
        ("cta: { label: Join, url: \"javascript:alert(1)\" }\n", "site.yaml:3:"),
        ("menu:\n  - { label: Home, url: /ok/ }\n  - label: Evil\n    url: \" JavaScript:alert(1)\"\n", "site.yaml:6:"),
        ("social:\n  mastodon: \"data:text/html,<script>alert(1)</script>\"\n", "site.yaml:4:"),
        ("brand:\n  logo: \"vbscript:msgbox(1)\"\n", "site.yaml:4:"),
        ("cta:\n  label: Join\n  url: \"java\\tscript:alert(1)\"\n", "site.yaml:5:"),
    ] {
        let err = failing(extra, &[]);
        assert!(err.contains(at) && err.contains("is not a safe link"), "{extra}\n{err}");
        assert!(!err.contains("panicked"), "{err}");
    }
}

#[test]
fn unsafe_urls_in_front_matter_are_errors_at_their_value() {
    for (file, text, at) in [
        (
            "content/mission.md",
            "---\ntitle: M\ncta: { label: Sign, url: \"javascript:alert(1)\" }\n---\n",
            "content/mission.md:3:",
        ),
        (
            "content/about.md",
            "---\ntitle: A\nimage: \"data:image/svg+xml,<svg onload=alert(1)>\"\n---\n",
            "content/about.md:3:",
        ),
        (
            "content/about.md",
            "---\ntitle: A\naliases:\n  - /old/\n  - \"javascript:alert(1)\"\n---\n",
            "content/about.md:5:",
        ),
    ] {
        let err = failing("", &[(file, text)]);
        assert!(err.contains(at) && err.contains("is not a safe link"), "{text}\n{err}");
    }
}

#[test]
fn the_cli_reports_an_unsafe_cta_at_file_line_col() {
    let yaml = format!("{CONFIG}cta:\n  label: Join\n  url: \"javascript:alert(document.cookie)\"\n");
    let (_g, site) = site_with(&[("site.yaml", &yaml)]);
    Command::cargo_bin("rally")
        .unwrap()
        .current_dir(&site)
        .arg("build")
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "site.yaml:5:8: error: `javascript:alert(document.cookie)` is not a safe link",
        ))
        .stderr(predicate::str::contains("panicked").not());
    assert!(!site.join("public").exists(), "nothing is written");
}

#[test]
fn safe_links_still_build() {
    let yaml = format!(
        "{CONFIG}cta: {{ label: Join, url: /join/ }}\nsocial: {{ mastodon: \"https://m.example/@x\" }}\nmenu:\n  - {{ label: Write, url: \"mailto:hi@test.example\" }}\n"
    );
    let (_g, site) = site_with(&[("site.yaml", &yaml), ("content/join.md", "---\ntitle: Join\n---\nHi.\n")]);
    let out = build(&site);
    let home = read(&out, "index.html");
    assert!(home.contains("href=\"mailto:hi@test.example\"") && home.contains("href=\"/join/\""), "{home}");
}

#[test]
fn markdown_links_to_unsafe_urls_lose_their_target_with_a_warning() {
    let body = "---\ntitle: A\n---\nA [trap](javascript:alert(1)), a [disguised one]( JaVa%09script:x) and\n\
                ![pic](data:text/html,x) beside a [good link](https://ok.example/).\n";
    let (_g, site) = site_with(&[("content/a.md", body)]);
    let written = rally::pipeline::build(&site, &site.join("public"), &options()).unwrap();
    let page = read(&site.join("public"), "a/index.html");
    assert!(!page.to_lowercase().contains("javascript:"), "{page}");
    assert!(!page.contains("data:text/html"), "{page}");
    assert!(page.contains("<a href=\"\">trap</a>"), "the text stays, the target goes: {page}");
    assert!(page.contains("href=\"https://ok.example/\""), "{page}");
    let warnings: Vec<String> =
        rally::check::build_warnings(&written.site, written.background).iter().map(|d| d.to_string()).collect();
    let unsafe_ones: Vec<&String> = warnings.iter().filter(|w| w.contains("is not a safe link")).collect();
    assert_eq!(unsafe_ones.len(), 2, "{warnings:#?}");
    assert!(unsafe_ones[0].starts_with("content/a.md:4:3: warning: `javascript:alert(1)`"), "{warnings:#?}");
    assert!(unsafe_ones[1].starts_with("content/a.md:5:1: warning: `data:text/html,x`"), "{warnings:#?}");
}

#[test]
fn raw_html_in_markdown_is_the_writers_own() {
    let body = "---\ntitle: A\n---\n<a href=\"https://ok.example/\" class=\"button\">Donate</a>\n";
    let (_g, site) = site_with(&[("content/a.md", body)]);
    let page = read(&build(&site), "a/index.html");
    assert!(page.contains("<a href=\"https://ok.example/\" class=\"button\">Donate</a>"), "{page}");
}
