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
/// Every file under `dir`, relative to it, with `/` separators, sorted.
fn files_under(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p.strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out.sort();
    out
}

const GIVE: &str = "---\ntitle: Give\ndescription: Ways to give.\n---\nHelp the river.\n\n{{ donate(provider=\"donorbox\", campaign=\"kell-2026\", label=\"Give to the Kell\") }}\n\n{{ signup(provider=\"buttondown\", list=\"kelltrust\") }}\n\n{{ map(lat=51.5072, lon=-0.1276, zoom=14, label=\"Kell Bridge\") }}\n";

/// A site in two languages with a page of embeds, its French version with a map only, a page
/// giving through PayPal (a link: no host to allow) and plain pages.
fn embeds_site() -> (tempfile::TempDir, std::path::PathBuf) {
    site_with(&[
        ("site.yaml", "title: Kell Trust\nbase_url: https://org.example/hub/\nlanguages:\n  fr: { name: Français }\n"),
        ("content/give.md", GIVE),
        (
            "content/give.fr.md",
            "---\ntitle: Donner\ndescription: Donner.\n---\n{{ map(lat=51.5072, lon=-0.1276, label=\"Pont de la Kell\") }}\n",
        ),
        ("content/about/_index.md", "---\ntitle: About\ndescription: About us.\n---\nAbout.\n"),
        (
            "content/about/paypal.md",
            "---\ntitle: PayPal\ndescription: Give by PayPal.\n---\n{{ donate(provider=\"paypal\", url=\"https://www.paypal.com/donate/?hosted_button_id=ABC123\") }}\n",
        ),
        (
            "content/about/volunteer.md",
            "---\ntitle: Volunteer\ndescription: Join us.\n---\n{{ signup(provider=\"listmonk\", url=\"https://lists.kell.example\", list=\"8d3c5a8e-1f2b-4c7d-9e0a-123456789abc\") }}\n",
        ),
        ("content/updates/2026-03-01-otters.md", "---\ntitle: Otters\ndate: 2026-03-01\n---\nOtters.\n"),
    ])
}

#[test]
fn donate_signup_and_map_render_a_fallback_that_works_without_script_and_load_nothing_before_a_click() {
    let (_g, site) = embeds_site();
    let out = site.join("public");
    rally().arg("--root").arg(&site).args(["build", "--now", "2026-06-01"]).assert().success();
    let page = read(&out, "give/index.html");
    assert!(
        page.contains("<a class=\"button donate-link\" href=\"https://donorbox.org/kell-2026\">Give to the Kell</a>"),
        "{page}"
    );
    assert!(page.contains("data-embed-src=\"https://donorbox.org/embed/kell-2026\""), "{page}");
    assert!(page.contains("<form class=\"component component-signup\" data-provider=\"buttondown\" action=\"https://buttondown.com/api/emails/embed-subscribe/kelltrust\" method=\"post\">"), "{page}");
    assert!(
        page.contains("<input type=\"email\" id=\"signup-9-1\" name=\"email\" autocomplete=\"email\" required>"),
        "{page}"
    );
    assert!(page.contains("<a class=\"map-link\" href=\"https://www.openstreetmap.org/?mlat=51.50720&amp;mlon=-0.12760#map=14/51.50720/-0.12760\">Kell Bridge — Open the map on OpenStreetMap</a>"), "{page}");
    assert!(page.contains("<script src=\"/hub/embed.js\" defer></script>"), "the script that swaps in frames");
    assert!(read(&out, "embed.js").contains("addEventListener(\"click\""));
    assert!(read(&out, "fr/give/index.html").contains("Pont de la Kell — Ouvrir la carte sur OpenStreetMap"));
    // before a click: no frame, no script or image from another host, no inline script or style
    for html in [&page, &read(&out, "fr/give/index.html")] {
        let dom = tl::parse(html, tl::ParserOptions::default()).unwrap();
        for node in dom.nodes().iter().filter_map(|n| n.as_tag()) {
            let name = node.name().as_utf8_str().to_ascii_lowercase();
            assert_ne!(name, "iframe");
            let src = node.attributes().get("src").flatten().map(|v| v.as_utf8_str().into_owned());
            assert!(src.as_ref().is_none_or(|s| s.starts_with("/hub/")), "{name} loads {src:?}");
            assert!(node.attributes().get("style").is_none() && node.attributes().get("onclick").is_none());
            if name == "script" {
                assert!(src_or_data(node), "no inline script");
            }
        }
    }
    let paypal = read(&out, "about/paypal/index.html");
    assert!(
        paypal.contains("href=\"https://www.paypal.com/donate/?hosted_button_id=ABC123\">Donate</a>")
            && !paypal.contains("embed.js"),
        "{paypal}"
    );
    let volunteer = read(&out, "about/volunteer/index.html");
    assert!(
        volunteer.contains("action=\"https://lists.kell.example/subscription/form\"")
            && volunteer.contains("<input type=\"hidden\" name=\"l\" value=\"8d3c5a8e-1f2b-4c7d-9e0a-123456789abc\">"),
        "{volunteer}"
    );
}

fn src_or_data(script: &tl::HTMLTag) -> bool {
    script.attributes().get("src").is_some()
        || script.attributes().get("type").flatten().is_some_and(|t| t.as_utf8_str().contains("ld+json"))
}

#[test]
fn a_bad_embed_is_an_error_at_the_component_with_the_choices() {
    let cases = [
        (
            "{{ donate(provider=\"gofundme\", url=\"https://x.example/\") }}",
            "no donate provider `gofundme`: the providers are `donorbox`, `every.org`, `stripe`, `paypal`",
        ),
        ("{{ donate(provider=\"donorbox\") }}", "`donate(provider=\"donorbox\")` needs campaign=\"...\""),
        ("{{ donate(provider=\"stripe\", url=\"http://buy.stripe.com/x\") }}", "is not an https:// address"),
        (
            "{{ donate(provider=\"every.org\", nonprofit=\"kell\", campaign=\"x\") }}",
            "`campaign` is not an argument of `donate` with provider `every.org`: it takes nonprofit=\"...\"",
        ),
        ("{{ donate(campaign=\"x\") }}", "`donate` needs `provider=\"...\"`"),
        (
            "{{ signup(provider=\"substack\", list=\"x\") }}",
            "no signup provider `substack`: the providers are `buttondown`, `mailchimp`, `listmonk`",
        ),
        (
            "{{ signup(provider=\"listmonk\", url=\"https://l.example\") }}",
            "`signup(provider=\"listmonk\")` needs url=\"...\", list=\"...\"",
        ),
        ("{{ map(lat=51.5, label=\"Bridge\") }}", "`map` needs `lon=-0.12`"),
        ("{{ map(lat=91, lon=0, label=\"Bridge\") }}", "`lat` of `map` must be a number from -90 to 90"),
        ("{{ map(lat=51.5, lon=0) }}", "`map` needs `label=\"...\"`"),
    ];
    for (call, message) in cases {
        let (_g, site) = site_with(&[("content/give.md", &format!("---\ntitle: Give\n---\nText.\n\n{call}\n"))]);
        let assert = rally().arg("--root").arg(&site).arg("build").assert().code(1);
        let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
        assert!(stderr.contains("content/give.md:6:1: error: ") && stderr.contains(message), "{call}:\n{stderr}");
    }
}

/// Does the `_headers` path pattern `pattern` (`*`: any run of characters) match `path`?
fn glob(pattern: &str, path: &str) -> bool {
    match pattern.split_once('*') {
        None => pattern == path,
        Some((head, tail)) => {
            path.starts_with(head) && path.len() >= head.len() + tail.len() && path[head.len()..].ends_with(tail)
        }
    }
}

/// The `Content-Security-Policy` values of every `_headers` rule that matches `path`.
pub fn policies_for(headers: &str, path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut applies = false;
    for line in headers.lines() {
        if !line.starts_with(' ') {
            applies = glob(line.trim(), path);
        } else if applies && let Some(csp) = line.trim().strip_prefix("Content-Security-Policy: ") {
            out.push(csp.to_string());
        }
    }
    out
}

/// Every URL path a browser may ask for an HTML file of `out` by, under the base path `base`
/// (`/hub/x/` and `/hub/x/index.html` for a folder's page).
pub fn html_paths(out: &Path, base: &str) -> Vec<String> {
    files_under(out)
        .into_iter()
        .filter(|f| f.ends_with(".html"))
        .flat_map(|f| {
            let mut paths = vec![format!("{base}{f}")];
            if let Some(dir) = f.strip_suffix("index.html") {
                paths.push(format!("{base}{dir}"));
            }
            paths
        })
        .collect()
}

#[test]
fn every_page_matches_exactly_one_policy_and_embeds_add_exactly_their_hosts_on_their_page() {
    let (_g, site) = embeds_site();
    let headers = read(&build(&site), "_headers");
    let out = site.join("public");
    let site_policy = rally::render::publishing::CONTENT_SECURITY_POLICY;
    let paths = html_paths(&out, "/hub/");
    assert!(paths.len() > 20, "{paths:?}");
    for path in &paths {
        let found = policies_for(&headers, path);
        assert_eq!(found.len(), 1, "{path}: {found:#?}\n{headers}");
        let expected = match path.as_str() {
            "/hub/give/" | "/hub/give/index.html" => site_policy
                .replace(
                    "frame-src https://www.youtube-nocookie.com;",
                    "frame-src https://www.youtube-nocookie.com https://donorbox.org https://www.openstreetmap.org;",
                )
                .replace("form-action 'self' https:;", "form-action 'self' https: https://buttondown.com;"),
            "/hub/fr/give/" | "/hub/fr/give/index.html" => site_policy.replace(
                "frame-src https://www.youtube-nocookie.com;",
                "frame-src https://www.youtube-nocookie.com https://www.openstreetmap.org;",
            ),
            "/hub/about/volunteer/"
            | "/hub/about/volunteer/index.html"
            | "/hub/fr/about/volunteer/"
            | "/hub/fr/about/volunteer/index.html" => site_policy
                .replace("form-action 'self' https:;", "form-action 'self' https: https://lists.kell.example;"),
            _ => site_policy.to_string(),
        };
        assert_eq!(found[0], expected, "{path}");
    }
    // a site without embeds keeps one catch-all policy
    let (_g2, plain) = site_with(&[("content/about.md", "---\ntitle: About\n---\nHi.\n")]);
    let plain_headers = read(&build(&plain), "_headers");
    assert!(plain_headers.starts_with(&format!("/*\n  Content-Security-Policy: {site_policy}\n")), "{plain_headers}");
    assert_eq!(plain_headers.matches("Content-Security-Policy").count(), 1);
}

#[test]
fn check_judges_each_page_by_its_own_policy_and_the_preview_sends_it() {
    let (_g, site) = embeds_site();
    // the same Donorbox frame written by hand: allowed beside a donate component, blocked elsewhere
    let frame = "\n<iframe src=\"https://donorbox.org/embed/kell-2026\" title=\"Donate\"></iframe>\n";
    write(&site, "content/give.md", &format!("{GIVE}{frame}"));
    write(
        &site,
        "content/about/_index.md",
        &format!("---\ntitle: About\ndescription: About us.\n---\nAbout.\n{frame}"),
    );
    let assert = rally().arg("--root").arg(&site).args(["check", "--now", "2026-06-01"]).assert();
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    let blocked: Vec<&str> = stderr.lines().filter(|l| l.contains("donorbox.org") && l.contains("blocked")).collect();
    assert_eq!(blocked.len(), 1, "{stderr}");
    assert!(blocked[0].starts_with("content/about/_index.md:7:14: warning:"), "{stderr}");
    let server = crate::serve::serve(&site);
    let addr = server.addr;
    let give = crate::serve::header(addr, "/hub/give/", "content-security-policy").unwrap();
    assert!(
        give.contains("frame-src https://www.youtube-nocookie.com https://donorbox.org https://www.openstreetmap.org;"),
        "{give}"
    );
    let about = crate::serve::header(addr, "/hub/about/", "content-security-policy").unwrap();
    assert_eq!(about, rally::render::publishing::CONTENT_SECURITY_POLICY);
}

#[test]
fn analytics_adds_its_script_to_every_page_its_hosts_to_the_policy_and_a_privacy_paragraph() {
    let (_g, site) = embeds_site();
    let yaml = read(&site, "site.yaml");
    write(&site, "site.yaml", &format!("{yaml}analytics: {{ provider: plausible, domain: kell.example }}\n"));
    write(&site, "content/privacy.md", "---\ntitle: Privacy\ndescription: What we count.\n---\n{{ privacy() }}\n");
    let out = site.join("public");
    rally().arg("--root").arg(&site).args(["build", "--now", "2026-06-01"]).assert().success();
    let tag = "<script defer src=\"https://plausible.io/js/script.js\" data-domain=\"kell.example\"></script>";
    for page in ["index.html", "updates/otters/index.html", "fr/index.html", "give/index.html", "404.html"] {
        let html = read(&out, page);
        let head = html.split("</head>").next().unwrap();
        assert!(head.contains(tag), "{page}: {head}");
    }
    assert!(!read(&out, "updates/otters/email.html").contains("<script"), "not in the newsletter");
    let privacy = read(&out, "privacy/index.html");
    let said = "This site counts its visits with Plausible Analytics, which sets no cookies and keeps no personal data";
    assert!(privacy.contains(said), "{privacy}");
    assert!(privacy.contains("<a href=\"https://plausible.io/data-policy\">How Plausible Analytics handles data</a>"));
    assert!(read(&out, "fr/privacy/index.html").contains("ne dépose aucun cookie"), "in the page's language");
    let headers = read(&out, "_headers");
    for path in html_paths(&out, "/hub/") {
        let found = policies_for(&headers, &path);
        assert_eq!(found.len(), 1, "{path}");
        assert!(
            found[0].contains("script-src 'self' https://plausible.io;")
                && found[0].contains("connect-src 'self' https://plausible.io;"),
            "{path}: {}",
            found[0]
        );
    }
    let give = &policies_for(&headers, "/hub/give/")[0];
    assert!(give.contains("https://donorbox.org") && give.contains("https://plausible.io"), "{give}");
    let assert = rally().arg("--root").arg(&site).args(["check", "--now", "2026-06-01"]).assert();
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(!stderr.contains("plausible"), "the policy allows the script: {stderr}");
    // without analytics, the paragraph says nothing is counted
    write(&site, "site.yaml", &yaml);
    rally().arg("--root").arg(&site).args(["build", "--now", "2026-06-01"]).assert().success();
    assert!(read(&out, "privacy/index.html").contains("This site sets no cookies and does not count its visitors."));
    assert!(!read(&out, "index.html").contains("plausible"));
}

#[test]
fn a_bad_analytics_preset_is_an_error_at_its_line_in_site_yaml() {
    let cases = [
        ("analytics:\n  provider: matomo\n  site: x\n", "site.yaml:5:13: error:", "plausible"),
        (
            "analytics:\n  provider: goatcounter\n",
            "site.yaml:5:13: error:",
            "`analytics` with provider `goatcounter` needs `code`",
        ),
        ("analytics:\n  domain: kell.example\n", "site.yaml:4:", "provider"),
        (
            "analytics:\n  provider: fathom\n  site: ABC\n  token: x\n",
            "site.yaml:7:10: error:",
            "`token` is not a key of `analytics` with provider `fathom`",
        ),
    ];
    for (yaml, at, message) in cases {
        let (_g, site) = site_with(&[("site.yaml", &format!("title: T\nbase_url: https://t.example/\n\n{yaml}"))]);
        let assert = rally().arg("--root").arg(&site).arg("build").assert().code(1);
        let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
        assert!(stderr.contains(at) && stderr.contains(message), "{yaml}:\n{stderr}");
    }
}

/// Problems of a GitHub Actions workflow that actionlint would report too: a job without
/// `runs-on` or steps, a step with neither or both of `uses` and `run`, an action without a
/// version, a `needs` naming no job, an output read from a step id the job does not have, and a
/// schedule that is not a five-field cron.
fn workflow_problems(w: &serde_yaml::Value) -> Vec<String> {
    let mut out = Vec::new();
    let jobs = w["jobs"].as_mapping().expect("jobs");
    for (name, job) in jobs {
        let name = name.as_str().unwrap();
        if job["runs-on"].as_str().is_none() {
            out.push(format!("{name}: no runs-on"));
        }
        let steps = job["steps"].as_sequence().map(Vec::as_slice).unwrap_or_default();
        if steps.is_empty() {
            out.push(format!("{name}: no steps"));
        }
        let ids: Vec<&str> = steps.iter().filter_map(|s| s["id"].as_str()).collect();
        for s in steps {
            match (s["uses"].as_str(), s["run"].as_str()) {
                (Some(u), None) if u.split_once('@').is_some_and(|(a, v)| a.contains('/') && !v.is_empty()) => {}
                (None, Some(_)) => {}
                _ => out.push(format!("{name}: step {s:?}")),
            }
        }
        let text = serde_yaml::to_string(job).unwrap();
        for (at, _) in text.match_indices("steps.") {
            let id = text[at + 6..].split('.').next().unwrap();
            if !ids.contains(&id) {
                out.push(format!("{name}: no step `{id}`"));
            }
        }
        if let Some(needs) = job["needs"].as_str()
            && !jobs.contains_key(needs)
        {
            out.push(format!("{name}: needs `{needs}`"));
        }
    }
    for s in w["on"]["schedule"].as_sequence().into_iter().flatten() {
        let cron = s["cron"].as_str().unwrap_or_default();
        let fields: Vec<&str> = cron.split_whitespace().collect();
        let ok = fields.len() == 5
            && fields.iter().all(|f| f.chars().all(|c| c.is_ascii_digit() || matches!(c, '*' | '/' | ',' | '-')));
        if !ok {
            out.push(format!("cron `{cron}`"));
        }
    }
    out
}

#[test]
fn init_ci_github_writes_a_workflow_that_builds_caches_deploys_and_runs_daily() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("hub");
    rally().arg("init").arg(&site).args(["--ci", "github"]).assert().success();
    let text = read(&site, ".github/workflows/rally.yml");
    let w: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    assert_eq!(workflow_problems(&w), Vec::<String>::new(), "{text}");
    let broken = "on: { schedule: [{ cron: daily }] }\njobs:\n  a: { needs: b, steps: [{ uses: actions/cache }, { run: x, uses: y@1 }, { run: \"${{ steps.c.outputs.d }}\" }] }\n";
    assert_eq!(workflow_problems(&serde_yaml::from_str(broken).unwrap()).len(), 6, "the checker is not a rubber stamp");
    assert_eq!(w["on"]["schedule"][0]["cron"], "0 5 * * *", "daily");
    assert!(w["on"]["push"]["branches"][0] == "main" && w["permissions"]["pages"] == "write");
    let steps = w["jobs"]["build"]["steps"].as_sequence().unwrap();
    let step = |f: &dyn Fn(&serde_yaml::Value) -> bool| steps.iter().find(|s| f(s)).cloned();
    let cache = step(&|s| s["with"]["path"].as_str().is_some_and(|p| p.contains(".rally-cache/")))
        .expect("a cache of .rally-cache/");
    assert!(cache["uses"].as_str().unwrap().starts_with("actions/cache@"));
    assert!(
        step(&|s| s["run"].as_str().is_some_and(|r| r.contains("cargo install --locked"))).is_some(),
        "built with --locked"
    );
    assert!(step(&|s| s["run"].as_str().is_some_and(|r| r.starts_with("rally build"))).is_some());
    assert_eq!(
        step(&|s| s["uses"].as_str().is_some_and(|u| u.starts_with("actions/upload-pages-artifact@"))).unwrap()["with"]
            ["path"],
        "public/"
    );
    assert_eq!(w["jobs"]["deploy"]["needs"], "build");
    assert!(w["jobs"]["deploy"]["steps"][0]["uses"].as_str().unwrap().starts_with("actions/deploy-pages@"));
    // actionlint, the real linter, when it is installed
    match std::process::Command::new("actionlint").arg(site.join(".github/workflows/rally.yml")).output() {
        Ok(o) => assert!(o.status.success(), "actionlint: {}", String::from_utf8_lossy(&o.stdout)),
        Err(_) => eprintln!("actionlint is not installed: the workflow was checked by its structure only"),
    }
    // the starter still builds beside it
    rally().arg("--root").arg(&site).arg("build").assert().success();
}

#[test]
fn init_ci_gitlab_writes_a_pages_pipeline_and_an_unknown_ci_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("hub");
    let assert = rally().arg("init").arg(&site).args(["--ci", "gitlab"]).assert().success();
    assert!(String::from_utf8_lossy(&assert.get_output().stderr).contains("pipeline schedule"));
    let text = read(&site, ".gitlab-ci.yml");
    let p: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    let script: Vec<&str> = p["pages"]["script"].as_sequence().unwrap().iter().filter_map(|s| s.as_str()).collect();
    assert!(
        script.iter().any(|s| s.contains("cargo install --locked"))
            && script.iter().any(|s| s.starts_with("rally build")),
        "{text}"
    );
    assert_eq!(p["pages"]["artifacts"]["paths"][0], "public");
    let cached: Vec<&str> = p["cache"]["paths"].as_sequence().unwrap().iter().filter_map(|s| s.as_str()).collect();
    assert!(cached.contains(&".rally-cache/") && cached.contains(&".cargo/registry/cache/"), "{cached:?}");
    assert!(text.contains("$CI_PIPELINE_SOURCE == \"schedule\""), "scheduled runs publish");
    assert!(!site.join(".github").exists());
    let other = dir.path().join("other");
    rally()
        .arg("init")
        .arg(&other)
        .args(["--ci", "bitbucket"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("github, gitlab"));
    assert!(!other.exists(), "nothing written");
}

#[test]
fn a_site_without_a_newsletter_turns_the_email_editions_off() {
    let (_g, site) = newsletter_site();
    let yaml = read(&site, "site.yaml").replace("feeds: { rss: true }", "feeds: { rss: true, email: false }");
    write(&site, "site.yaml", &yaml);
    let out = build(&site);
    assert!(out.join("updates/otters/index.html").is_file());
    assert!(!out.join("updates/otters/email.html").exists() && !out.join("updates/otters/email.txt").exists());
    assert!(!out.join("fr/updates/otters/email.html").exists());
}
