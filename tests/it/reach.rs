//! Reach: `expires` on any page, full-content feeds and `/feed.json`, newsletter editions of
//! updates (`email.html`, `email.txt`), the `donate`, `signup` and `map` components with their
//! per-page policies in `_headers`, analytics presets and `rally init --ci`.

use crate::common;

use assert_cmd::Command;
use common::*;
use std::io::Read;
use std::path::Path;

fn rally() -> Command {
    Command::cargo_bin("rally").unwrap()
}

/// The decompressed text of every file of the search index (`pagefind/fragment/`), joined.
fn search_fragments(out: &Path) -> String {
    let mut all = String::new();
    for e in std::fs::read_dir(out.join("pagefind/fragment")).unwrap() {
        let mut text = Vec::new();
        flate2::read::GzDecoder::new(std::fs::File::open(e.unwrap().path()).unwrap()).read_to_end(&mut text).unwrap();
        all.push_str(&String::from_utf8_lossy(&text));
    }
    all
}

const EXPIRING: &[(&str, &str)] = &[
    (
        "site.yaml",
        "title: Test Hub\nbase_url: https://test.example/\nsearch: { enabled: true }\nfeeds: { rss: true }\n",
    ),
    (
        "content/updates/old-appeal.md",
        "---\ntitle: Winter coat appeal\ndate: 2026-01-10\nexpires: 2026-03-01\ntags: [appeal]\n---\nBring coats to the hall: zanzibarcoats.\n",
    ),
    (
        "content/updates/today.md",
        "---\ntitle: Last day of the drive\ndate: 2026-11-01\nexpires: 2026-11-24\n---\nStill on today: quokkadrive.\n",
    ),
    ("content/updates/kept.md", "---\ntitle: River clean-up\ndate: 2026-02-01\n---\nWe cleared the river.\n"),
    (
        "content/volunteer.md",
        "---\ntitle: Volunteer this spring\nexpires: 2026-05-31T18:00:00Z\n---\nSign up by May: springvolunteers.\n",
    ),
];

#[test]
fn expired_pages_leave_the_build_lists_feeds_sitemap_and_search() {
    let (_g, site) = site_with(EXPIRING);
    let out = build(&site);
    assert!(!out.join("updates/old-appeal/index.html").exists());
    assert!(!out.join("volunteer/index.html").exists());
    assert!(out.join("updates/kept/index.html").exists());
    assert!(out.join("updates/today/index.html").exists(), "a bare date keeps the page to the end of its day");
    for file in ["updates/index.html", "index.html", "atom.xml", "rss.xml", "sitemap.xml"] {
        let text = read(&out, file);
        assert!(!text.contains("Winter coat appeal") && !text.contains("old-appeal"), "{file}: {text}");
        assert!(!text.contains("volunteer/"), "{file}: {text}");
    }
    assert!(read(&out, "sitemap.xml").contains("https://test.example/updates/kept/"));
    assert!(!out.join("tags/appeal").exists(), "its tag has no page left");
    let index = search_fragments(&out);
    assert!(index.contains("River clean-up"), "{index}");
    assert!(!index.contains("zanzibarcoats") && !index.contains("springvolunteers"), "{index}");
}

#[test]
fn an_expiry_date_is_judged_against_the_builds_now() {
    let (_g, site) = site_with(EXPIRING);
    let out = site.join("public");
    rally().arg("--root").arg(&site).args(["build", "--now", "2026-02-15"]).assert().success();
    assert!(out.join("updates/old-appeal/index.html").exists(), "not expired yet on 15 February");
    assert!(out.join("volunteer/index.html").exists());
    rally().arg("--root").arg(&site).args(["build", "--now", "2026-11-25"]).assert().success();
    assert!(!out.join("updates/old-appeal/index.html").exists());
    assert!(!out.join("updates/today/index.html").exists(), "gone the day after");
    assert!(!read(&out, "atom.xml").contains("Winter coat appeal"));
}

#[test]
fn a_bad_expiry_date_is_an_error_at_its_line() {
    let (_g, site) = site_with(&[("content/about.md", "---\ntitle: About\nexpires: someday\n---\nHi.\n")]);
    let err = build_err(&site);
    assert!(err.contains("content/about.md:3:"), "{err}");
}
