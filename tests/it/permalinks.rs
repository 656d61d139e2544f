//! `permalinks:`: the URL pattern of a content folder's pages (`/:year/:month/:day/:slug/`).

use crate::common;

use assert_cmd::Command;
use common::*;

const CONFIG: &str = "title: Test Hub\nbase_url: https://test.example/hub/\npermalinks:\n  updates: \"/:year/:month/:day/:slug/\"\n  news: \"/:section/:year/:slug/\"\n";

fn report(date: &str) -> String {
    format!(
        "---\ntitle: Transparency report\ndate: {date}\nslug: transparency-report\n---\nSee [the next one](@/updates/2025-03-01-report.md).\n"
    )
}

#[test]
fn date_permalinks_give_pages_of_one_slug_their_own_urls() {
    let (_g, site) = site_with(&[
        ("site.yaml", CONFIG),
        ("content/updates/2024-03-01-report.md", &report("2024-03-01")),
        ("content/updates/2025-03-01-report.md", &report("2025-03-01")),
        (
            "content/updates/2025-06-19-kell.md",
            "---\ntitle: Kell\ndate: 2025-06-19\naliases: [/updates/kell/]\n---\nText.\n",
        ),
        ("content/news/archive/old.md", "---\ntitle: Old\ndate: 2020-01-05\n---\nText.\n"),
        ("content/about.md", "---\ntitle: About\n---\nText.\n"),
    ]);
    let out = build(&site);
    for path in [
        "2024/03/01/transparency-report/index.html",
        "2025/03/01/transparency-report/index.html",
        "2025/06/19/kell/index.html",
        "news/archive/2020/old/index.html",
        "about/index.html",
        "updates/kell/index.html",
    ] {
        assert!(out.join(path).is_file(), "{path}");
    }
    // @/ links, lists, feeds and the sitemap use the new URLs
    let first = read(&out, "2024/03/01/transparency-report/index.html");
    assert!(first.contains(r#"href="/hub/2025/03/01/transparency-report/""#), "{first}");
    assert!(read(&out, "updates/index.html").contains(r#"href="/hub/2025/06/19/kell/""#));
    assert!(read(&out, "atom.xml").contains("https://test.example/hub/2025/06/19/kell/"));
    assert!(read(&out, "sitemap.xml").contains("<loc>https://test.example/hub/2024/03/01/transparency-report/</loc>"));
    assert!(read(&out, "_redirects").contains("/hub/updates/kell/ /hub/2025/06/19/kell/ 301"));
}

#[test]
fn two_pages_at_one_url_and_bad_patterns_are_errors() {
    let (_g, site) = site_with(&[
        ("site.yaml", CONFIG),
        ("content/updates/a.md", &report("2025-03-01")),
        ("content/updates/b.md", &report("2025-03-01")),
    ]);
    let out = Command::cargo_bin("rally").unwrap().arg("--root").arg(&site).arg("build").output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("content/updates/b.md:4:7: error: this page has the same URL as content/updates/a.md"),
        "{err}"
    );
    for (pattern, message) in [
        ("\"/:yaer/:slug/\"", "`:yaer` is not a permalink token: did you mean `:year`?"),
        ("\"/:year/\"", "has no `:slug`: without it every page of `updates` would have one URL"),
        ("\":year/:slug/\"", "start it with `/`"),
    ] {
        let yaml = format!("title: T\nbase_url: https://t.example/\npermalinks:\n  updates: {pattern}\n");
        let (_g, site) = site_with(&[("site.yaml", &yaml)]);
        let err = build_err(&site);
        assert!(err.contains("site.yaml:4:12") && err.contains(message), "{pattern}: {err}");
    }
    // a page without a date in a folder whose pattern needs one
    let (_g, site) = site_with(&[("site.yaml", CONFIG), ("content/news/x.md", "---\ntitle: X\n---\n")]);
    let err = build_err(&site);
    assert!(
        err.contains("content/news/x.md:1:1") && err.contains("needs the page's date: give this page a `date`"),
        "{err}"
    );
}
