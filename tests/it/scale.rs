//! Sites that grow: list pages keep their size however many updates there are, and inputs beyond
//! Rally's documented limits are refused with a clear error.

use crate::common;

use common::*;
use std::path::Path;

/// A site of `n` updates, one per list page, with the given theme.
fn updates_site(n: usize, theme: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let (g, site) = site_with(&[(
        "site.yaml",
        &format!(
            "title: Test Hub\nbase_url: https://test.example/\ntheme: {theme}\nupdates: {{ per_page: 1 }}\ncards: {{ enabled: false }}\n"
        ),
    )]);
    for i in 0..n {
        let day = 1 + i % 28;
        let month = 1 + (i / 28) % 12;
        let year = 2000 + i / (28 * 12);
        write(
            &site,
            &format!("content/updates/u{i:05}.md"),
            &format!("---\ntitle: Update {i}\ndate: {year}-{month:02}-{day:02}\ntags: [news]\n---\nText {i}.\n"),
        );
    }
    (g, site)
}

fn size(out: &Path, rel: &str) -> usize {
    read(out, rel).len()
}

#[test]
fn list_pages_stay_the_same_size_as_updates_grow() {
    for theme in ["beacon", "grassroots"] {
        let (_g1, small) = updates_site(40, theme);
        let (_g2, big) = updates_site(400, theme);
        let (small, big) = (build(&small), build(&big));
        for (a, b) in [
            ("updates/page/20/index.html", "updates/page/200/index.html"),
            ("updates/index.html", "updates/index.html"),
            ("updates/page/40/index.html", "updates/page/400/index.html"),
            ("tags/news/page/20/index.html", "tags/news/page/200/index.html"),
        ] {
            let (s, l) = (size(&small, a), size(&big, b));
            // ten times the pages: only a few more digits in the page numbers
            assert!(l < s + 300, "{theme}: {a} is {s} bytes, {b} is {l} bytes");
        }
        let nav = read(&big, "updates/page/200/index.html");
        let links = nav.matches("aria-label=\"Page ").count();
        assert!(links <= 7, "{theme}: {links} page links");
    }
}

#[test]
fn the_pagination_nav_is_accessible() {
    let (_g, site) = updates_site(30, "beacon");
    let out = build(&site);
    let page = read(&out, "updates/page/15/index.html");
    let nav = &page[page.find("<nav class=\"pagination\" aria-label=\"Pages\">").expect("a labelled nav")..];
    let nav = &nav[..nav.find("</nav>").unwrap()];
    assert_eq!(nav.matches("aria-current=\"page\"").count(), 1, "{nav}");
    assert!(nav.contains("href=\"/updates/page/15/\" aria-current=\"page\""), "{nav}");
    for shown in [1, 13, 14, 15, 16, 17, 30] {
        let url = if shown == 1 { "/updates/".to_string() } else { format!("/updates/page/{shown}/") };
        assert!(nav.contains(&format!("href=\"{url}\"")), "page {shown}: {nav}");
    }
    assert!(!nav.contains("href=\"/updates/page/12/\"") && !nav.contains("href=\"/updates/page/18/\""), "{nav}");
    assert_eq!(
        nav.matches("<li class=\"page-gap\" aria-hidden=\"true\">…</li>").count(),
        2,
        "gaps are not links: {nav}"
    );
}

#[test]
fn many_goals_each_get_their_own_values_and_updates() {
    let n = 400;
    let goals: String =
        (0..n).map(|i| format!("  - {{ key: g{i}, label: Goal {i}, target: {} }}\n", 1000 + i)).collect();
    let metrics = |scale: usize| -> String {
        let mut m: String = (0..n).rev().map(|i| format!("  - {{ key: g{i}, value: {} }}\n", i * scale)).collect();
        m.push_str("  - { key: g7, value: 99999 }\n"); // a second value for one goal: the first counts
        m
    };
    let (_g, site) = site_with(&[
        ("content/mission.md", &format!("---\ntitle: M\ngoals:\n{goals}---\n")),
        (
            "content/impact/2025-q1.md",
            &format!("---\ndate: 2025-03-01\nperiod: 2025-Q1\nmetrics:\n{}---\n", metrics(1)),
        ),
        (
            "content/impact/2025-q2.md",
            &format!("---\ndate: 2025-06-01\nperiod: 2025-Q2\nmetrics:\n{}---\n", metrics(2)),
        ),
        ("content/updates/a.md", "---\ntitle: A\ndate: 2025-07-01\ngoals: [g399, g7, g399]\n---\nA.\n"),
    ]);
    let built = rally::pipeline::build_in_memory(&site, &options()).unwrap();
    let s = &built.site;
    assert_eq!(s.goals.len(), n);
    let g7 = s.goal("g7").unwrap();
    let history: Vec<f64> = g7.history.iter().map(|o| o.value).collect();
    assert_eq!(history, vec![7.0, 14.0], "oldest first, the first value of each report");
    assert_eq!(s.goal("g399").unwrap().current, Some(798.0));
    assert!(s.goal("nope").is_none());
    let update = built.files.iter().find(|f| f.path == "updates/a/index.html").unwrap().as_text().unwrap();
    let (at7, at399) = (update.find("Goal 7<").unwrap(), update.find("Goal 399<").unwrap());
    assert!(at7 < at399, "goals in the mission's order");
    assert_eq!(update.matches("Goal 399<").count(), update.matches("Goal 7<").count(), "each goal once");
}

#[test]
fn a_content_file_over_the_size_limit_is_an_error_naming_it() {
    let mut big = String::from("---\ntitle: Big\n---\n");
    let para = "Words words words words words words words words words words words words.\n\n";
    while big.len() <= 9 * 1024 * 1024 {
        big.push_str(para);
    }
    let (_g, site) = site_with(&[("content/big.md", &big), ("content/ok.md", "---\ntitle: Ok\n---\nFine.\n")]);
    let err = build_err(&site);
    assert!(
        err.starts_with("content/big.md:1:1: error: this file is 9.0 MiB, over Rally's limit of 8 MiB per file"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn a_front_matter_block_over_its_limit_is_an_error_at_its_first_line() {
    let mut fm = String::from("---\ntitle: Long\ndescription: \"");
    fm.push_str(&"a".repeat(5 * 1024 * 1024));
    fm.push_str("\"\n---\nBody.\n");
    let (_g, site) = site_with(&[("content/long.md", &fm)]);
    let err = build_err(&site);
    assert!(
        err.starts_with("content/long.md:1:1: error: the front matter is 5.0 MiB, over Rally's limit of 4 MiB"),
        "{err}"
    );
}

#[test]
fn too_many_tags_on_one_page_is_an_error_at_the_tags_line() {
    let tags: Vec<String> = (0..1001).map(|i| format!("t{i}")).collect();
    let page = format!("---\ntitle: T\ntags: [{}]\n---\n", tags.join(", "));
    let (_g, site) = site_with(&[("content/t.md", &page)]);
    let err = build_err(&site);
    assert!(err.starts_with("content/t.md:3:7: error: this page has 1001 tags, over Rally's limit of 1000"), "{err}");
    let ok = format!("---\ntitle: T\ntags: [{}]\n---\n", tags[..1000].join(", "));
    let (_g, site) = site_with(&[("content/t.md", &ok)]);
    build(&site);
}
