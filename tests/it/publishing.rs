//! Publishing: `_redirects`, `_headers` and a Content-Security-Policy the pages satisfy,
//! `rally build --compress`, and the page weight `rally check` reports.

use crate::common;

use assert_cmd::Command;
use common::*;
use std::io::Read;

#[test]
fn aliases_become_301_redirects_under_the_base_path() {
    let (_g, site) = fixture("hub");
    let out = build(&site);
    let redirects = read(&out, "_redirects");
    assert!(redirects.lines().any(|l| l == "/hub/news/kell-clean-up/ /hub/updates/kell/ 301"), "{redirects}");
    assert!(redirects.lines().all(|l| l.split(' ').count() == 3 && l.ends_with(" 301")));
}

#[test]
fn headers_set_security_headers_and_cache_hashed_assets_for_good() {
    let (_g, site) = fixture("hub");
    let out = build(&site);
    let headers = read(&out, "_headers");
    assert!(headers.starts_with("/hub/*\n  Content-Security-Policy: default-src 'self';"), "{headers}");
    assert!(headers.contains("  X-Content-Type-Options: nosniff\n"));
    assert!(headers.contains("  Referrer-Policy: strict-origin-when-cross-origin\n"));
    let css = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .find(|n| n.starts_with("style.") && n.ends_with(".css"))
        .unwrap();
    assert!(
        headers.contains(&format!("/hub/{css}\n  Cache-Control: public, max-age=31536000, immutable\n")),
        "{headers}"
    );
    assert!(!headers.contains("/hub/index.html\n"), "pages are not cached for good");
}

/// Everything in `html` the policy in `_headers` would block: inline scripts (JSON-LD data
/// blocks are not run, so not blocked), style attributes, event handler attributes, and
/// resources loaded from another host.
fn csp_violations(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let lower = html.to_ascii_lowercase();
    for (i, _) in lower.match_indices("<script") {
        let tag = &lower[i..i + lower[i..].find('>').unwrap()];
        if !tag.contains(" src=") && !tag.contains("application/ld+json") {
            out.push(format!("inline script: {tag}"));
        }
    }
    for (i, _) in lower.match_indices(" style=\"") {
        out.push(format!("style attribute: {}", &html[i.saturating_sub(40)..i + 40]));
    }
    for attr in [" onclick=", " onload=", " onerror=", " onmouseover="] {
        if lower.contains(attr) {
            out.push(format!("event handler {attr}"));
        }
    }
    for tag in ["<img", "<script", "<link", "<iframe", "<source", "<video", "<audio"] {
        for (i, _) in lower.match_indices(tag) {
            let t = &lower[i..i + lower[i..].find('>').unwrap()];
            let is_link_only =
                tag == "<link" && !t.contains("stylesheet") && !t.contains("icon") && !t.contains("preload");
            for attr in [" src=\"", " href=\"", " srcset=\""] {
                if let Some(at) = t.find(attr) {
                    let v = &t[at + attr.len()..];
                    if !is_link_only && (v.starts_with("http://") || v.starts_with("https://") || v.starts_with("//")) {
                        out.push(format!("resource from another host: {t}"));
                    }
                }
            }
        }
    }
    out
}

#[test]
fn every_page_of_the_example_site_keeps_to_the_content_security_policy() {
    let out = &built_example_site("beacon").1;
    let headers = read(out, "_headers");
    assert!(headers.contains("script-src 'self'") && headers.contains("style-src 'self'"));
    let mut pages = 0;
    for entry in walk(out) {
        // an update's email edition (`email.html`) is a newsletter to paste, styled inline on purpose
        if entry.extension().is_some_and(|e| e == "html") && !entry.ends_with("email.html") {
            pages += 1;
            let html = std::fs::read_to_string(&entry).unwrap();
            let v = csp_violations(&html);
            assert!(v.is_empty(), "{}: {v:#?}", entry.display());
        }
    }
    assert!(pages > 30, "{pages} pages");
    // the checker is not a rubber stamp
    assert_eq!(
        csp_violations("<p style=\"color:red\"><script>alert(1)</script><img src=\"https://x.example/a.png\">").len(),
        3
    );
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() { out.extend(walk(&p)) } else { out.push(p) }
    }
    out
}

#[test]
fn compress_writes_brotli_and_gzip_beside_every_text_file() {
    let (dir, _site) = fixture("hub");
    Command::cargo_bin("rally")
        .unwrap()
        .current_dir(dir.path())
        .args(["--root", "site", "build", "--compress", "--output", "out"])
        .assert()
        .success();
    let out = dir.path().join("out");
    for f in ["index.html", "atom.xml", "sitemap.xml", "impact.json", "logo.svg"] {
        let original = std::fs::read(out.join(f)).unwrap();
        let mut back = Vec::new();
        brotli::BrotliDecompress(&mut std::fs::read(out.join(format!("{f}.br"))).unwrap().as_slice(), &mut back)
            .unwrap();
        assert_eq!(back, original, "{f}.br");
        let mut back = Vec::new();
        flate2::read::GzDecoder::new(std::fs::read(out.join(format!("{f}.gz"))).unwrap().as_slice())
            .read_to_end(&mut back)
            .unwrap();
        assert_eq!(back, original, "{f}.gz");
    }
    assert!(!out.join("_headers.br").exists() && !out.join(".rally-output.gz").exists());
    let plain = dir.path().join("plain");
    Command::cargo_bin("rally")
        .unwrap()
        .current_dir(dir.path())
        .args(["--root", "site", "build", "--output", "plain"])
        .assert()
        .success();
    assert!(!plain.join("index.html.br").exists(), "only with --compress");
}

#[test]
fn check_reports_page_weight_and_warns_over_the_budget() {
    let (_g, site) = fixture("hub");
    let a = Command::cargo_bin("rally").unwrap().current_dir(&site).args(["check", "--format", "json"]).assert();
    let report: serde_json::Value = serde_json::from_slice(&a.get_output().stdout).unwrap();
    let pages = report["weight"]["pages"].as_array().unwrap();
    assert_eq!(report["weight"]["budget_kb"], 512);
    let home = pages.iter().find(|p| p["path"] == "index.html").unwrap();
    let (bytes, co2) = (home["bytes"].as_u64().unwrap(), home["co2_grams"].as_f64().unwrap());
    assert!(bytes > 2_000 && bytes < 200_000, "{bytes}");
    assert!((co2 - bytes as f64 / 1e9 * 0.3 * 494.0).abs() < 1e-12, "the SWD v4 figure");
    let sizes: Vec<u64> = pages.iter().map(|p| p["bytes"].as_u64().unwrap()).collect();
    assert!(sizes.windows(2).all(|w| w[0] >= w[1]), "heaviest first");

    let yaml = read(&site, "site.yaml");
    write(&site, "site.yaml", &format!("{yaml}check: {{ page_budget_kb: 1 }}\n"));
    let a = Command::cargo_bin("rally").unwrap().current_dir(&site).args(["check"]).assert();
    let err = String::from_utf8_lossy(&a.get_output().stderr).into_owned();
    assert!(err.contains("content/mission.md:1:1: warning: this page weighs"), "{err}");
    assert!(err.contains("more than check.page_budget_kb, 1 KB"), "{err}");
    assert!(err.contains("Page weight: "), "{err}");
}

const REDIRECTS_SITE: &str = "title: Hub\nbase_url: https://org.example/hub/\nredirects:\n  - { from: /sponsors, to: \"https://sponsors.example/\" }\n  - { from: /feed.xml, to: /atom.xml }\n  - { from: /old-join, to: /join/, status: 302 }\n";

/// `redirects:` in site.yaml: `_redirects` lines under the base path (before the aliases), merged
/// with the lines of the site's own `static/_redirects`; a redirect page for a `from` that is a
/// page path, none for a path that names another type of file (nor for such an alias).
#[test]
fn redirects_join_the_aliases_and_the_sites_own_redirects_file() {
    let (_g, site) = site_with(&[
        ("site.yaml", REDIRECTS_SITE),
        (
            "content/join.md",
            "---\ntitle: Join\ndescription: Come.\naliases: [/rss.xml, /signup/]\n---\nSee [our sponsors](/sponsors/).\n",
        ),
        ("static/_redirects", "/legacy/*  /updates/:splat  301\n"),
    ]);
    Command::cargo_bin("rally")
        .unwrap()
        .arg("--root")
        .arg(&site)
        .args(["build", "--now", "2026-11-24"])
        .assert()
        .success();
    let out = site.join("public");
    let redirects = read(&out, "_redirects");
    assert_eq!(
        redirects.lines().collect::<Vec<_>>(),
        [
            "/hub/sponsors https://sponsors.example/ 301",
            "/hub/feed.xml /hub/atom.xml 301",
            "/hub/old-join /hub/join/ 302",
            "/hub/rss.xml/ /hub/join/ 301",
            "/hub/signup/ /hub/join/ 301",
            "/legacy/*  /updates/:splat  301",
        ],
        "{redirects}"
    );
    let sponsors = read(&out, "sponsors/index.html");
    assert!(
        sponsors.contains("<meta http-equiv=\"refresh\" content=\"0; url=https://sponsors.example/\">"),
        "{sponsors}"
    );
    assert!(read(&out, "old-join/index.html").contains("url=/hub/join/\""));
    assert!(!out.join("feed.xml").exists() && !out.join("rss.xml").exists(), "no folder named like a file");
    assert!(out.join("signup/index.html").is_file());
    Command::cargo_bin("rally")
        .unwrap()
        .arg("--root")
        .arg(&site)
        .args(["check", "--now", "2026-11-24"])
        .assert()
        .success();
}

/// A redirect from the URL of a page would hide the page: an error at its `from`.
#[test]
fn a_redirect_from_a_pages_url_is_an_error_at_it() {
    let yaml = format!("{REDIRECTS_SITE}  - {{ from: /join/, to: \"https://act.example/\" }}\n");
    let (_g, site) =
        site_with(&[("site.yaml", &yaml), ("content/join.md", "---\ntitle: Join\ndescription: Come.\n---\nCome.\n")]);
    Command::cargo_bin("rally").unwrap().arg("--root").arg(&site).arg("build").assert().code(1).stderr(
        predicates::str::contains("site.yaml:7:13: error: redirect from `/join/`: that is the URL of content/join.md"),
    );
}
