//! Reach: `expires` on any page, full-content feeds and `/feed.json`, newsletter editions of
//! updates (`email.html`, `email.txt`), the `donate`, `signup` and `map` components with their
//! per-page policies in `_headers`, analytics presets and `rally init --ci`.

use crate::common;

use assert_cmd::Command;
use common::*;
use predicates::prelude::*;
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

/// A site under a sub-path in two languages, with an update that links and shows images every
/// way a writer can: root-relative, relative, an anchor, a raw HTML link and a lead image.
fn newsletter_site() -> (tempfile::TempDir, std::path::PathBuf) {
    let (g, site) = site_with(&[
        (
            "site.yaml",
            "title: Kell Trust\nbase_url: https://org.example/hub/\ndescription: Rivers for all.\nfeeds: { rss: true }\nlanguages:\n  fr: { name: Français }\nauthors:\n  jo: { name: Jo Smith }\n",
        ),
        (
            "content/updates/2026-03-01-otters.md",
            "---\ntitle: Otters are back\ndate: 2026-03-01\nimage: /images/otter.png\nimage_alt: An otter on the bank\nauthor: jo\ntags: [wildlife]\n---\nRead [our mission](/mission/), [all news](../) and [the survey](#survey).\n\n![Otter tracks](/images/otter.png)\n\n<a href=\"report.pdf\">The report</a>\n\n## Survey\n\nThe second paragraph is in the feed too: fullcontentmarker.\n",
        ),
        (
            "content/updates/2026-03-01-otters.fr.md",
            "---\ntitle: Les loutres sont de retour\n---\nLisez [notre mission](/mission/).\n",
        ),
        ("content/mission.md", "---\nstatement: Clean rivers.\n---\nWe clean rivers.\n"),
    ]);
    std::fs::create_dir_all(site.join("static/images")).unwrap();
    std::fs::write(site.join("static/images/otter.png"), photos::png(640, 400)).unwrap();
    (g, site)
}

/// Every URL in `href`, `src` and `srcset` attributes of `html` that is not absolute.
fn relative_urls(html: &str) -> Vec<String> {
    let dom = tl::parse(html, tl::ParserOptions::default()).unwrap();
    let mut out = Vec::new();
    for node in dom.nodes() {
        let Some(tag) = node.as_tag() else { continue };
        for attr in ["href", "src", "srcset", "poster", "action"] {
            let Some(Some(v)) = tag.attributes().get(attr) else { continue };
            let v = v.as_utf8_str();
            for url in v.split(',').map(|c| c.split_whitespace().next().unwrap_or("")) {
                if !(url.starts_with("https://") || url.starts_with("http://") || url.starts_with("mailto:")) {
                    out.push(format!("{attr}={url}"));
                }
            }
        }
    }
    out
}

fn validate_json_feed(feed: &serde_json::Value) -> Result<(), String> {
    let schema_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/jsonfeed-1.1.schema.json");
    let schema: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(schema_path).unwrap()).unwrap();
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler.enable_format_assertions();
    compiler.add_resource("https://test.example/jsonfeed-1.1.schema.json", schema).map_err(|e| e.to_string())?;
    let id = compiler
        .compile("https://test.example/jsonfeed-1.1.schema.json", &mut schemas)
        .map_err(|e| format!("{e:#}"))?;
    schemas.validate(feed, id).map_err(|e| format!("{e:#}"))
}

#[test]
fn the_json_feed_follows_json_feed_1_1_in_every_language() {
    let (_g, site) = newsletter_site();
    let out = build(&site);
    let feed: serde_json::Value = serde_json::from_str(&read(&out, "feed.json")).unwrap();
    validate_json_feed(&feed).unwrap();
    assert_eq!(feed["feed_url"], "https://org.example/hub/feed.json");
    let item = &feed["items"][0];
    assert_eq!(item["id"], "https://org.example/hub/updates/otters/");
    assert_eq!(item["image"], "https://org.example/hub/images/otter.png");
    assert_eq!(item["authors"][0]["name"], "Jo Smith");
    assert_eq!(item["date_published"], "2026-03-01T00:00:00Z");
    let html = item["content_html"].as_str().unwrap();
    assert!(html.contains("fullcontentmarker"), "the whole text: {html}");
    assert_eq!(relative_urls(html), Vec::<String>::new(), "{html}");
    assert!(html.contains("href=\"https://org.example/hub/updates/otters/report.pdf\""), "{html}");
    assert!(html.contains("href=\"https://org.example/hub/updates/\""), "{html}");
    let fr: serde_json::Value = serde_json::from_str(&read(&out, "fr/feed.json")).unwrap();
    validate_json_feed(&fr).unwrap();
    assert_eq!(fr["language"], "fr");
    assert_eq!(fr["items"][0]["url"], "https://org.example/hub/fr/updates/otters/");
    let fr_html = fr["items"][0]["content_html"].as_str().unwrap();
    assert!(fr_html.contains("Lisez") && relative_urls(fr_html).is_empty(), "{fr_html}");
    assert!(read(&out, "index.html").contains("<link rel=\"alternate\" type=\"application/feed+json\""));
    // a broken feed is caught by the schema
    assert!(validate_json_feed(&serde_json::json!({"version": "1", "title": "x", "items": [{"id": "a"}]})).is_err());
}

#[test]
fn atom_and_rss_carry_the_whole_text_with_absolute_urls_and_the_lead_image() {
    let (_g, site) = newsletter_site();
    let out = site.join("public");
    rally().arg("--root").arg(&site).args(["build", "--now", "2026-06-01"]).assert().success();
    for (file, content_tag) in [("atom.xml", "content"), ("rss.xml", "description")] {
        let xml = read(&out, file);
        let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{file}: {e}"));
        let entry = doc.descendants().find(|n| n.has_tag_name("entry") || n.has_tag_name("item")).unwrap();
        let html = entry.children().find(|n| n.has_tag_name(content_tag)).and_then(|n| n.text()).unwrap();
        assert!(html.contains("fullcontentmarker"), "{file}: {html}");
        assert_eq!(relative_urls(html), Vec::<String>::new(), "{file}: {html}");
        let media = entry.children().find(|n| n.has_tag_name(("http://search.yahoo.com/mrss/", "content"))).unwrap();
        assert_eq!(media.attribute("url"), Some("https://org.example/hub/images/otter.png"), "{file}");
        assert_eq!(media.attribute("type"), Some("image/png"));
    }
}

/// What in an email edition would not survive an email client: every relative URL, `<script>`,
/// `<style>`, `<link rel=stylesheet>`, `<iframe>`, and images without a width or alt text.
fn email_problems(html: &str) -> Vec<String> {
    let mut out: Vec<String> = relative_urls(html);
    let dom = tl::parse(html, tl::ParserOptions::default()).unwrap();
    for node in dom.nodes() {
        let Some(tag) = node.as_tag() else { continue };
        let name = tag.name().as_utf8_str().to_ascii_lowercase();
        let attr = |a: &str| tag.attributes().get(a).flatten().map(|v| v.as_utf8_str().to_ascii_lowercase());
        match name.as_str() {
            "script" | "style" | "iframe" | "button" => out.push(format!("<{name}>")),
            "link" if attr("rel").is_some_and(|r| r.contains("stylesheet")) => out.push("<link rel=stylesheet>".into()),
            "img" if attr("width").is_none() || attr("alt").is_none() => {
                out.push(format!("img without width or alt: {:?}", tag.raw().as_utf8_str()))
            }
            _ => {}
        }
        if tag.attributes().iter().any(|(k, _)| k.to_ascii_lowercase().starts_with("on")) {
            out.push(format!("event handler on <{name}>"));
        }
    }
    out
}

#[test]
fn every_update_has_an_email_edition_that_email_clients_can_show() {
    let (_g, site) = newsletter_site();
    let yaml = read(&site, "site.yaml");
    write(&site, "site.yaml", &format!("{yaml}brand: {{ primary: \"#2a7f62\" }}\nsearch: {{ enabled: true }}\n"));
    write(
        &site,
        "content/updates/2026-04-01-festival.md",
        "---\ntitle: Festival\ndate: 2026-04-01\n---\nA <span onclick=\"alert(1)\">festival</span>.\n\n<script>alert(2)</script>\n\n<img src=\"stage.png\">\n",
    );
    let out = site.join("public");
    rally().arg("--root").arg(&site).args(["build", "--now", "2026-06-01"]).assert().success();
    let html = read(&out, "updates/otters/email.html");
    assert_eq!(email_problems(&html), Vec::<String>::new(), "{html}");
    assert!(html.contains("<table role=\"presentation\""), "a table layout");
    assert!(html.contains("background-color:#2a7f62"), "the brand's colour, inline: {html}");
    assert!(
        html.contains(
            "<img src=\"https://org.example/hub/images/otter.png\" width=\"600\" alt=\"An otter on the bank\""
        ),
        "{html}"
    );
    assert!(html.contains("fullcontentmarker") && html.contains("href=\"https://org.example/hub/updates/otters/\""));
    let festival = read(&out, "updates/festival/email.html");
    assert_eq!(email_problems(&festival), Vec::<String>::new(), "{festival}");
    assert!(!festival.contains("alert("), "{festival}");
    let text = read(&out, "updates/otters/email.txt");
    assert!(text.starts_with("Otters are back\n==="), "{text}");
    assert!(
        text.contains("our mission (https://org.example/hub/mission/)") && text.contains("fullcontentmarker"),
        "{text}"
    );
    assert!(!text.contains('<'), "{text}");
    assert!(out.join("fr/updates/otters/email.html").is_file(), "every language's update has one");
    assert!(!read(&out, "sitemap.xml").contains("email"), "not in the sitemap");
    assert!(!search_fragments(&out).contains("email.html"), "not in the search index");
    rally()
        .arg("--root")
        .arg(&site)
        .args(["check", "--now", "2026-06-01"])
        .assert()
        .stdout(predicates::str::contains("email.html").not())
        .stderr(predicates::str::contains("email.html").not());
}

#[test]
fn an_update_under_a_permalink_pattern_has_its_email_edition_beside_its_page() {
    let (_g, site) = newsletter_site();
    let yaml = read(&site, "site.yaml");
    write(&site, "site.yaml", &format!("{yaml}permalinks:\n  updates: \"/:year/:month/:slug/\"\n"));
    let out = build(&site);
    assert!(out.join("2026/03/otters/index.html").is_file());
    let html = read(&out, "2026/03/otters/email.html");
    assert!(html.contains("href=\"https://org.example/hub/2026/03/otters/\""), "{html}");
    assert!(read(&out, "2026/03/otters/email.txt").contains("https://org.example/hub/2026/03/otters/"));
    assert!(!out.join("updates/otters").exists());
}
