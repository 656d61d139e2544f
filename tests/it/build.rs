//! Whole-site tests: build a fixture and check the output folder.

use crate::common;

use assert_cmd::Command;
use common::*;
use rally::output::compress::gzip;

#[test]
fn hub_builds_every_documented_output() {
    let (_g, site) = fixture("hub");
    let out = build(&site);
    for f in [
        "index.html",
        "mission/index.html",
        "values/index.html",
        "faq/index.html",
        "impact/index.html",
        "impact/2025-q3/index.html",
        "updates/index.html",
        "updates/page/2/index.html",
        "updates/kell/index.html",
        "tags/index.html",
        "tags/cleanups/index.html",
        "atom.xml",
        "rss.xml",
        "sitemap.xml",
        "robots.txt",
        "404.html",
        "news/kell-clean-up/index.html",
        "about/index.html",
        "about/team/index.html",
        "join/index.html",
        "logo.svg",
        "images/kell.svg",
    ] {
        assert!(out.join(f).is_file(), "missing {f}");
    }
}

#[test]
fn urls_work_under_a_sub_path() {
    let (_g, site) = fixture("hub");
    let out = build(&site);
    let home = read(&out, "index.html");
    assert!(home.contains("href=\"/hub/mission/\""), "menu links carry the base path");
    assert!(home.contains("<link rel=\"canonical\" href=\"https://org.example/hub/\">"));
    assert!(home.contains("href=\"/hub/join/\""), "cta links carry the base path");
    let faq = read(&out, "faq/index.html");
    assert!(faq.contains("href=\"/hub/updates/kell/#readings\""), "@/ links resolve with their anchor");
    let robots = read(&out, "robots.txt");
    assert!(robots.contains("Sitemap: https://org.example/hub/sitemap.xml"));
}

#[test]
fn drafts_and_future_pages_are_left_out_unless_asked() {
    let (_g, site) = fixture("hub");
    let out = build(&site);
    assert!(!out.join("updates/draft/index.html").exists());
    assert!(!out.join("updates/future/index.html").exists());
    let mut opts = options();
    opts.drafts = true;
    opts.future = true;
    rally::pipeline::build(&site, &out, &opts).unwrap();
    assert!(out.join("updates/draft/index.html").exists());
    assert!(out.join("updates/future/index.html").exists());
}

#[test]
fn markdown_features_render() {
    let (_g, site) = fixture("hub");
    let out = build(&site);
    let kell = read(&out, "updates/kell/index.html");
    assert!(kell.contains("id=\"readings\""), "custom heading id");
    assert!(kell.contains("class=\"hl"), "code is highlighted with classes");
    assert!(!kell.contains("style=\"color"), "no inline highlight styles");
    assert!(kell.contains("footnote"), "footnotes");
    let report = read(&out, "impact/2025-q3/index.html");
    assert!(report.contains("<table>"), "tables");
}

#[test]
fn pagination_and_tags() {
    let (_g, site) = fixture("hub");
    let out = build(&site);
    let p1 = read(&out, "updates/index.html");
    let p2 = read(&out, "updates/page/2/index.html");
    assert!(p1.contains("3 km of the Kell restored") && p1.contains("Schools join the movement"));
    assert!(p2.contains("New funding secured") && !p2.contains("3 km of the Kell"));
    assert!(p1.contains("href=\"/hub/updates/page/2/\""));
    let tag = read(&out, "tags/volunteers/index.html");
    assert!(
        tag.contains("3 km of the Kell restored") && tag.contains("New funding secured"),
        "tags are case-insensitive"
    );
    let redirect = read(&out, "updates/page/1/index.html");
    assert!(redirect.contains("url=/hub/updates/"));
}

#[test]
fn feeds_and_sitemap() {
    let (_g, site) = fixture("hub");
    let out = build(&site);
    let atom = read(&out, "atom.xml");
    assert!(atom.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\""));
    assert!(atom.contains("<id>https://org.example/hub/updates/kell/</id>"));
    assert!(!atom.contains("A draft in progress"));
    let sitemap = read(&out, "sitemap.xml");
    assert!(sitemap.contains("<loc>https://org.example/hub/updates/kell/</loc><lastmod>2025-09-14</lastmod>"));
    assert!(!sitemap.contains("kell-clean-up"), "alias pages are not in the sitemap");
    assert!(!sitemap.contains("404"));
    let alias = read(&out, "news/kell-clean-up/index.html");
    assert!(alias.contains("<link rel=\"canonical\" href=\"https://org.example/hub/updates/kell/\">"));
    assert!(alias.contains("http-equiv=\"refresh\""));
}

#[test]
fn css_has_a_content_hash_and_brand_colours() {
    let (_g, site) = fixture("hub");
    let out = build(&site);
    let css: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("style.") && n.ends_with(".css"))
        .collect();
    assert_eq!(css.len(), 1, "{css:?}");
    let text = read(&out, &css[0]);
    assert!(text.contains("--brand-primary:#0b6e4f"));
    assert!(!text.contains(".hl-") && !text.contains("/*"), "minified, and no highlighting rules");
    let index = read(&out, "index.html");
    assert!(index.contains(&format!("/hub/{}", css[0])));
    let hl: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("highlight.") && n.ends_with(".css"))
        .collect();
    assert_eq!(hl.len(), 1, "{hl:?}");
    assert!(read(&out, &hl[0]).contains(".hl-"), "highlighting classes");
    let link = format!("<link rel=\"stylesheet\" href=\"/hub/{}\">", hl[0]);
    assert!(!index.contains(&link), "pages without code do not load it");
    let kell = read(&out, "updates/kell/index.html");
    let head = &kell[..kell.find("</head>").unwrap()];
    assert!(head.contains(&link), "a page with code links it in its head");
}

#[test]
fn site_templates_override_the_theme() {
    let (_g, site) = fixture("hub");
    write(
        &site,
        "templates/page.html",
        "{% extends \"base.html\" %}{% block content %}<p class=\"custom\">{{ page.title }}</p>{% endblock content %}",
    );
    let out = build(&site);
    assert!(read(&out, "join/index.html").contains("<p class=\"custom\">Join a clean-up</p>"));
}

#[test]
fn a_failed_build_keeps_the_previous_output() {
    let (_g, site) = fixture("hub");
    let out = build(&site);
    let before = read(&out, "index.html");
    write(&site, "content/broken.md", "---\ntitle: [oops\n---\n");
    build_err(&site);
    assert_eq!(read(&out, "index.html"), before);
    assert!(
        !std::fs::read_dir(site.as_path()).unwrap().any(|e| e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .contains("staging"))
    );
}

#[test]
fn every_error_of_a_build_is_reported_with_its_line() {
    let (_g, site) = site_with(&[
        ("content/a.md", "---\ntitle: A\ndate: 2025-02-30\n---\n"),
        ("content/b.md", "---\ntitle: B\nweight: heavy\n---\n"),
        ("content/c.md", "---\ntitle: C\n---\nSee [x](@/missing.md).\n"),
        ("content/d.md", "---\ntitle: D\n"),
    ]);
    let err = build_err(&site);
    assert!(err.contains("content/a.md:3:"), "{err}");
    assert!(err.contains("content/b.md:3:"), "{err}");
    assert!(err.contains("content/c.md:4:"), "{err}");
    assert!(err.contains("content/d.md:1:1: error: front matter is not closed"), "{err}");
}

#[test]
fn every_bad_key_of_a_file_is_reported() {
    let (_g, site) = site_with(&[
        ("site.yaml", "title: T\nbase_url: https://t.example/\nprimry: x\nsocail: {}\nfeeds: { atom: maybe }\n"),
        ("content/a.md", "---\ntitle: A\ntags: 5\nweight: x\ndraft: yes\ntitel: B\n---\n"),
    ]);
    let err = build_err(&site);
    for at in
        ["site.yaml:3:1: error: unknown key `primry`", "site.yaml:4:1: error: unknown key `socail`", "site.yaml:5:"]
    {
        assert!(err.contains(at), "{at}: {err}");
    }
    let (_g, site) = site_with(&[("content/a.md", "---\ntitle: A\ntags: 5\nweight: x\ndraft: yes\ntitel: B\n---\n")]);
    let err = build_err(&site);
    for at in [
        "content/a.md:3:7: error:",
        "content/a.md:4:9: error:",
        "content/a.md:5:8: error:",
        "content/a.md:6:1: error: unknown key `titel`",
    ] {
        assert!(err.contains(at), "{at}: {err}");
    }
}

#[test]
fn hostile_paths_are_errors_and_nothing_escapes() {
    let (dir, site) = site_with(&[
        ("content/a.md", "---\ntitle: A\nslug: ../../escape\n---\n"),
        ("content/b.md", "---\ntitle: B\naliases: [\"/../../escape/\"]\n---\n"),
        ("content/c.md", "---\ntitle: C\naliases: [\"https://evil.example/\"]\n---\n"),
    ]);
    let err = build_err(&site);
    assert!(err.contains("content/a.md:3:"), "{err}");
    assert!(err.contains("content/b.md:3:"), "{err}");
    assert!(err.contains("content/c.md:3:"), "{err}");
    assert!(!dir.path().join("escape").exists());
}

#[test]
fn duplicate_urls_are_errors() {
    let (_g, site) = site_with(&[
        ("content/a.md", "---\ntitle: A\nslug: same\n---\n"),
        ("content/b.md", "---\ntitle: B\nslug: same\n---\n"),
        ("content/c.md", "---\ntitle: C\naliases: [/same/]\n---\n"),
    ]);
    let err = build_err(&site);
    assert!(err.contains("same URL as content/a.md"), "{err}");
    assert!(err.contains("alias `/same/` is the URL of content/a.md"), "{err}");
}

#[test]
fn paths_rally_makes_cannot_be_taken_by_pages_aliases_or_files() {
    for alias in ["/index.html", "/tags/", "/updates/page/1/", "/atom.xml", "/404.html", "/sitemap.xml"] {
        let (_g, site) = site_with(&[
            ("content/a.md", &format!("---\ntitle: A\naliases: [\"{alias}\"]\n---\n")),
            ("content/updates/2025-01-01-u.md", "---\ntitle: U\ndate: 2025-01-01\ntags: [foo]\n---\n"),
        ]);
        let err = build_err(&site);
        assert!(err.contains(&format!("content/a.md:3:11: error: alias `{alias}` clashes with")), "{alias}: {err}");
        assert!(!err.contains("staging"), "{err}");
    }
    let (_g, site) = site_with(&[
        ("content/tags/foo.md", "---\ntitle: Foo\n---\n"),
        ("content/updates/2025-01-01-u.md", "---\ntitle: U\ndate: 2025-01-01\ntags: [foo]\n---\n"),
    ]);
    let err = build_err(&site);
    assert!(err.contains("content/tags/foo.md:2:8: error: this page's URL clashes with `/tags/foo/`"), "{err}");
    let (_g, site) = site_with(&[("content/about/_index.md", "---\ntitle: About\n---\n"), ("static/about", "x")]);
    let err = build_err(&site);
    assert!(err.contains("static/about:1:1: error: this file stands where the site has pages (`/about/`)"), "{err}");
}

#[test]
fn template_errors_point_at_the_template() {
    let (_g, site) =
        site_with(&[("content/a.md", "---\ntitle: A\n---\n"), ("templates/page.html", "<p>\n{{ page.title \n</p>")]);
    let err = build_err(&site);
    assert!(err.contains("templates/page.html:"), "{err}");
    let (_g, site) = site_with(&[("content/a.md", "---\ntitle: A\ntemplate: nope.html\n---\n")]);
    let err = build_err(&site);
    assert!(err.contains("content/a.md:3:11: error: no template `nope.html`"), "{err}");
}

#[test]
fn every_template_error_is_reported_at_its_own_file_and_line() {
    let (_g, site) = site_with(&[
        ("content/a.md", "---\ntitle: A\n---\n"),
        ("templates/page.html", "<p>\n{{ page.title }\n</p>"),
        ("templates/tags.html", "\n\n{% if %}"),
    ]);
    let err = build_err(&site);
    assert!(err.contains("templates/page.html:2:"), "{err}");
    assert!(err.contains("templates/tags.html:3:"), "{err}");
    let (_g, site) = site_with(&[
        ("content/a.md", "---\ntitle: A\n---\n"),
        ("templates/page.html", "<p>\n{{ page.title | nosuchfilter }}\n{% include \"nope.html\" %}</p>"),
    ]);
    let err = build_err(&site);
    assert!(err.contains("templates/page.html:2:17: error: Unknown filter `nosuchfilter`"), "{err}");
    assert!(err.contains("templates/page.html:3:12: error: Unknown template `nope.html`"), "{err}");
    assert!(!err.contains("error: error:"), "{err}");
    let (_g, site) = site_with(&[
        ("content/a.md", "---\ntitle: A\n---\n"),
        (
            "templates/page.html",
            "{% extends \"base.html\" %}{% block content %}\n{{ page.title | round }}{% endblock content %}",
        ),
    ]);
    let err = build_err(&site);
    assert!(err.contains("templates/page.html:2:4: error:"), "{err}");
    assert!(err.contains(" 2 | {{ page.title | round }}"), "the template line is shown: {err}");
}

#[test]
fn invalid_utf8_and_bom_and_crlf() {
    let (_g, site) = site_with(&[("content/ok.md", "\u{feff}---\r\ntitle: Windows\r\n---\r\nHello\r\n")]);
    std::fs::write(site.join("content/bad.md"), b"---\ntitle: Bad\n---\n\xff\n").unwrap();
    let err = build_err(&site);
    assert!(err.contains("content/bad.md:4:1: error: the file is not valid UTF-8"), "{err}");
    std::fs::remove_file(site.join("content/bad.md")).unwrap();
    let out = build(&site);
    assert!(read(&out, "ok/index.html").contains("Windows"));
}

#[test]
fn yaml_alias_bombs_and_deep_nesting_do_not_hang_or_crash() {
    let mut bomb = String::from("---\ntitle: Bomb\nextra:\n  a: &a [x,x,x,x,x,x,x,x,x,x]\n");
    for i in 0..9 {
        let prev = if i == 0 { "a".to_string() } else { format!("b{}", i - 1) };
        bomb.push_str(&format!(
            "  b{i}: &b{i} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
        ));
    }
    bomb.push_str("---\n");
    let deep = format!("---\ntitle: Deep\n---\n{} x\n", ">".repeat(20_000));
    let (_g, site) = site_with(&[("content/bomb.md", &bomb), ("content/deep.md", &deep)]);
    let err = build_err(&site);
    assert!(err.contains("content/bomb.md:"), "{err}");
    std::fs::remove_file(site.join("content/bomb.md")).unwrap();
    let out = build(&site);
    assert!(out.join("deep/index.html").exists());
}

#[test]
fn unknown_config_key_is_reported_at_its_line() {
    let (_g, site) = site_with(&[("site.yaml", "title: T\nbase_url: /\nbrand:\n  primry: \"#000000\"\n")]);
    let err = build_err(&site);
    assert!(err.contains("site.yaml:4:"), "{err}");
    assert!(err.contains("unknown key `primry`"), "{err}");
}

#[test]
fn output_folder_cannot_contain_the_site() {
    let (dir, site) = site_with(&[("content/a.md", "---\ntitle: A\n---\n")]);
    for out in [site.clone(), dir.path().to_path_buf()] {
        let r = rally::pipeline::build(&site, &out, &options());
        assert!(matches!(r, Err(rally::error::Error::Usage(_))), "{}", out.display());
    }
    assert!(site.join("site.yaml").exists());
}

#[test]
fn a_failed_render_keeps_the_previous_output_and_leaves_no_staging() {
    let (dir, site) = fixture("hub");
    let out = build(&site);
    let before = read(&out, "index.html");
    write(
        &site,
        "templates/page.html",
        "{% extends \"base.html\" %}{% block content %}{{ no_such_variable.field }}{% endblock content %}",
    );
    let err = build_err(&site);
    assert!(err.contains("templates/page.html"), "{err}");
    assert_eq!(read(&out, "index.html"), before);
    let leftovers: Vec<_> = std::fs::read_dir(&site)
        .unwrap()
        .chain(std::fs::read_dir(dir.path()).unwrap())
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("rally-") && n != ".rally-cache")
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn both_built_in_themes_render_every_page() {
    for theme in ["beacon", "grassroots"] {
        let (_g, site) = fixture("hub");
        let yaml = read(&site, "site.yaml").replace("theme: beacon", &format!("theme: {theme}"));
        write(&site, "site.yaml", &yaml);
        let out = build(&site);
        for f in ["index.html", "faq/index.html", "impact/index.html", "updates/kell/index.html", "404.html"] {
            assert!(out.join(f).is_file(), "{theme}: {f}");
        }
        let home = read(&out, "index.html");
        assert!(home.contains("Kilometres of river restored"), "{theme}: goals on the landing page");
        assert!(home.contains("class=\"progress\""), "{theme}: progress bars");
        let values = read(&out, "values/index.html");
        assert_eq!(values.matches("id=\"local-first\"").count(), 1, "{theme}: each value once");
        assert_eq!(values.matches("Our values guide every decision.").count(), 1, "{theme}: the intro once");
    }
}

#[test]
fn a_local_theme_can_extend_a_built_in_one() {
    let (_g, site) = fixture("hub");
    write(&site, "site.yaml", &read(&site, "site.yaml").replace("theme: beacon", "theme: mine"));
    write(&site, "themes/mine/theme.yaml", "name: mine\nextends: grassroots\n");
    write(
        &site,
        "themes/mine/templates/page.html",
        "{% extends \"base.html\" %}{% block content %}<p class=\"mine\">{{ page.title }}</p>{% endblock content %}",
    );
    let out = build(&site);
    assert!(read(&out, "join/index.html").contains("<p class=\"mine\">Join a clean-up</p>"));
    assert!(read(&out, "index.html").contains("masthead"), "grassroots' own index.html");
    assert!(out.join("faq/index.html").exists(), "beacon's faq.html through grassroots");
    write(&site, "themes/mine/theme.yaml", "name: mine\nextends: mine\n");
    assert!(build_err(&site).contains("loop"));
}

/// Every HTML page of the hub (but redirects and the email editions of updates) with its search
/// and social meta.
fn pages_of(out: &std::path::Path) -> Vec<(String, String)> {
    walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html") && e.file_name() != "email.html")
        .map(|e| {
            (e.path().strip_prefix(out).unwrap().display().to_string(), std::fs::read_to_string(e.path()).unwrap())
        })
        .filter(|(_, html)| !html.contains("http-equiv=\"refresh\""))
        .collect()
}

#[test]
fn every_page_has_search_and_social_meta_and_structured_data() {
    let (_g, site) = fixture_with_cards("hub");
    let out = build(&site);
    let pages = pages_of(&out);
    assert!(pages.len() > 15);
    for (path, html) in &pages {
        for needle in [
            "<title>",
            "<meta name=\"description\" content=\"",
            "<link rel=\"canonical\" href=\"https://org.example/hub/",
            "<meta property=\"og:title\"",
            "<meta property=\"og:description\"",
            "<meta property=\"og:url\" content=\"https://org.example/hub/",
            "<meta name=\"twitter:card\"",
            "\"@type\":\"NGO\"",
            "\"sameAs\":[\"https://mastodon.example/@rivercommons\",\"https://instagram.example/rivercommons\"]",
        ] {
            assert!(html.contains(needle), "{path}: no {needle}");
        }
        assert!(!html.contains("<meta name=\"description\" content=\"\""), "{path}: empty description");
    }
    let faq = read(&out, "faq/index.html");
    assert!(faq.contains("\"@type\":\"FAQPage\"") && faq.contains("\"@type\":\"Question\""));
    assert!(faq.contains("<details"), "FAQ answers are disclosure widgets");
    let kell = read(&out, "updates/kell/index.html");
    assert!(kell.contains("\"@type\":\"Article\"") && kell.contains("\"datePublished\":\"2025-09-14"));
    assert!(kell.contains("<meta property=\"og:type\" content=\"article\">"));
    let schools = read(&out, "updates/schools/index.html");
    for page in [&kell, &schools] {
        assert!(
            page.contains("<meta name=\"twitter:card\" content=\"summary_large_image\">"),
            "every page: a large card"
        );
    }
    let impact = read(&out, "impact/index.html");
    let goal = &impact[impact.find("id=\"goal-river_km_restored\"").expect("the goal's section")..];
    let goal = &goal[..goal.find("</section>").unwrap()];
    assert!(goal.contains("Updates on this goal") && goal.contains("href=\"/hub/updates/kell/\""), "{goal}");
    assert!(!goal.contains("/hub/updates/schools/"), "only the updates that advance it");
    // an SVG image is no picture social networks show: the page shares with its drawn card
    assert!(kell.contains("og:image\" content=\"https://org.example/hub/updates/kell/card.png\""));
    assert!(out.join("updates/kell/card.png").is_file());
    assert!(!kell.contains("<script src="), "no third-party scripts");
    let u = "https%3A%2F%2Forg.example%2Fhub%2Fupdates%2Fkell%2F";
    assert!(
        kell.contains(&format!("href=\"https://www.linkedin.com/sharing/share-offsite/?url={u}\"")),
        "plain share links"
    );
    assert!(kell.contains("href=\"mailto:?subject="));
}

#[test]
fn summaries_fall_back_to_the_text_before_more_or_the_first_paragraph() {
    let (_g, site) = site_with(&[
        (
            "content/updates/2025-01-01-a.md",
            "---\ntitle: A\ndate: 2025-01-01\n---\nThe teaser text.\n\n<!-- more -->\n\nThe rest.\n",
        ),
        ("content/updates/2025-01-02-b.md", "---\ntitle: B\ndate: 2025-01-02\n---\nFirst paragraph of B.\n\nSecond.\n"),
    ]);
    let out = build(&site);
    let a = read(&out, "updates/a/index.html");
    assert!(
        a.contains("<meta name=\"description\" content=\"The teaser text.\">"),
        "meta description from the summary"
    );
    let b = read(&out, "updates/b/index.html");
    assert!(b.contains("<meta name=\"description\" content=\"First paragraph of B.\">"));
    let list = read(&out, "updates/index.html");
    assert!(list.contains("The teaser text.") && list.contains("First paragraph of B."), "cards show the summaries");
    let atom = read(&out, "atom.xml");
    assert!(atom.contains("<summary>The teaser text.</summary>"));
}

#[test]
fn brand_colours_are_checked_against_the_theme_background() {
    let yaml = |theme: &str| {
        format!("title: T\nbase_url: https://t.example/\ntheme: {theme}\nbrand:\n  primary: \"#767676\"\n")
    };
    let warnings = |theme: &str| {
        let (_g, site) = site_with(&[("site.yaml", &yaml(theme)), ("content/a.md", "---\ntitle: A\n---\n")]);
        let w = rally::pipeline::build(&site, &site.join("public"), &options()).unwrap();
        let w = rally::check::build_warnings(&w.site, w.background);
        w.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n")
    };
    assert_eq!(warnings("beacon"), "", "#767676 passes on white");
    let w = warnings("grassroots");
    assert!(w.contains("site.yaml:5:12: warning: brand colour primary #767676 has a contrast of 4.25:1 against the theme background #fbf7f0"), "{w}");
}

#[test]
fn two_reports_for_one_period_are_an_error_at_the_later_one() {
    let (_g, site) = fixture("hub");
    write(
        &site,
        "content/impact/2025-q3-revised.md",
        "---\ntitle: Q3 again\nperiod: 2025-q3\ndate: 2025-10-20\nmetrics:\n  - { key: river_km_restored, value: 50 }\n---\n",
    );
    let err = build_err(&site);
    assert!(
        err.contains(
            "content/impact/2025-q3-revised.md:3:9: error: same period as content/impact/2025-q3.md: write one report per period\n 3 | period: 2025-q3"
        ),
        "{err}"
    );
    assert_eq!(err.matches("error:").count(), 1, "{err}");
}

#[test]
fn empty_titles_and_tags_are_errors_at_their_lines() {
    let (_g, site) = site_with(&[
        ("content/updates/2025-01-01-a.md", "---\ndate: 2025-01-01\ntitle: ''\n---\n"),
        ("content/about.md", "---\ntitle: \"  \"\n---\n"),
        ("content/b.md", "---\ntitle: B\ntags: [ok, \"\"]\n---\n"),
        ("content/c.md", "---\ntitle: C\ntags:\n  - \"!!!\"\n---\n"),
    ]);
    let err = build_err(&site);
    assert!(err.contains("content/updates/2025-01-01-a.md:3:8: error: `title` is empty"), "{err}");
    assert!(err.contains("content/about.md:2:8: error: `title` is empty"), "{err}");
    assert!(err.contains("content/b.md:3:12: error: a tag is empty"), "{err}");
    assert!(err.contains("content/c.md:4:5: error: tag `!!!` has no letter or digit"), "{err}");
}

#[test]
fn file_names_in_any_script_become_urls() {
    let (_g, site) = site_with(&[
        ("content/café.md", "---\ntitle: Café\n---\n"),
        ("content/updates/2025-01-01-ünïcödé-日本語.md", "---\ntitle: Ünïcödé 日本語\ndate: 2025-01-01\n---\n"),
    ]);
    let out = build(&site);
    assert!(out.join("café/index.html").is_file());
    assert!(out.join("updates/ünïcödé-日本語/index.html").is_file());
}

#[test]
fn example_site_builds_and_its_landing_page_stays_small() {
    for theme in ["beacon", "grassroots"] {
        let out = &built_example_site(theme).1;
        let index = read(out, "index.html");
        // what a first visit transfers: the page, its stylesheets and the images it does not defer,
        // each compressed with gzip as `rally build --compress` writes it for hosts
        let mut total = gzip(index.as_bytes()).len();
        for (attr, tag) in [("href=\"", "<link rel=\"stylesheet\""), ("src=\"", "<img ")] {
            for piece in index.split(tag).skip(1) {
                let piece = &piece[..piece.find('>').unwrap()];
                if piece.contains("loading=\"lazy\"") {
                    continue;
                }
                let url = piece.split(attr).nth(1).unwrap().split('"').next().unwrap();
                total += gzip(&std::fs::read(out.join(url.trim_start_matches('/'))).unwrap()).len();
            }
        }
        assert!(total < 14 * 1024, "{theme}: a first visit to the landing page transfers {total} bytes (gzip)");
    }
}

/// Names of the work folders (staging, set-aside outputs) in `dir`.
fn work_folders(dir: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("rally-staging") || n.contains("rally-old"))
        .collect()
}

#[cfg(unix)]
#[test]
fn an_output_folder_that_is_a_link_stays_a_link() {
    let (dir, site) = fixture("hub");
    let www = dir.path().join("www");
    std::fs::create_dir(&www).unwrap();
    std::os::unix::fs::symlink(&www, site.join("public")).unwrap();
    build(&site);
    assert!(std::fs::symlink_metadata(site.join("public")).unwrap().file_type().is_symlink());
    assert!(www.join("index.html").is_file() && www.join(".rally-output").is_file());

    // a second build replaces the contents, through the link
    write(&site, "content/join.md", "---\ntitle: Join\ndescription: d\n---\nSecond build.\n");
    std::fs::write(www.join("stale.html"), "old").unwrap();
    build(&site);
    assert!(read(&www, "join/index.html").contains("Second build."));
    assert!(!www.join("stale.html").exists());
    assert!(std::fs::symlink_metadata(site.join("public")).unwrap().file_type().is_symlink());
    assert!(work_folders(&www).is_empty() && work_folders(&site).is_empty(), "no work folders left");

    // a failed build leaves the target as it was
    let before = read(&www, "join/index.html");
    write(
        &site,
        "templates/page.html",
        "{% extends \"base.html\" %}{% block content %}{{ nope.x }}{% endblock content %}",
    );
    build_err(&site);
    assert_eq!(read(&www, "join/index.html"), before);
    assert!(work_folders(&www).is_empty());
}

#[cfg(unix)]
#[test]
fn a_link_to_a_folder_rally_did_not_write_is_refused() {
    let (dir, site) = fixture("hub");
    let www = dir.path().join("www");
    write(&www, "index.html", "hand-made");
    std::os::unix::fs::symlink(&www, site.join("public")).unwrap();
    let r = rally::pipeline::build(&site, &site.join("public"), &options());
    assert!(matches!(&r, Err(rally::error::Error::Usage(m)) if m.contains("--force")), "{:?}", r.err());
    assert_eq!(read(&www, "index.html"), "hand-made");
}

#[test]
fn staging_folders_of_killed_builds_are_removed_but_not_those_of_live_ones() {
    let (_g, site) = fixture("hub");
    let mut dead = std::process::Command::new("true").spawn().unwrap();
    let dead_pid = dead.id();
    dead.wait().unwrap();
    let mut live = std::process::Command::new("sleep").arg("60").spawn().unwrap();
    let stale = site.join(format!(".public.rally-staging-{dead_pid}"));
    let busy = site.join(format!(".public.rally-staging-{}", live.id()));
    write(&stale, "index.html", "half-written");
    write(&busy, "index.html", "being written");
    build(&site);
    let still_there = busy.join("index.html").is_file();
    let _ = live.kill();
    let _ = live.wait();
    assert!(!stale.exists(), "the dead build's staging folder is removed");
    assert!(still_there, "a live build's staging folder is left alone");
}

#[test]
fn a_previous_output_set_aside_by_a_killed_build_is_put_back() {
    let (_g, site) = fixture("hub");
    let out = build(&site);
    let mut dead = std::process::Command::new("true").spawn().unwrap();
    let dead_pid = dead.id();
    dead.wait().unwrap();
    // killed between moving the old output aside and moving the new one in
    let aside = site.join(format!(".public.rally-old-{dead_pid}"));
    std::fs::rename(&out, &aside).unwrap();
    write(
        &site,
        "templates/page.html",
        "{% extends \"base.html\" %}{% block content %}{{ nope.x }}{% endblock content %}",
    );
    build_err(&site);
    assert!(out.join("index.html").is_file(), "the previous output is back");
    assert!(work_folders(&site).is_empty());
}

#[test]
fn a_broken_mission_is_reported_once_not_as_missing() {
    let (_g, site) = site_with(&[
        (
            "content/mission.md",
            "---\ntitle: Our mission\nstatement: Rivers: swimmable by 2030\ngoals:\n  - { key: km, label: Km, target: 10 }\n---\n",
        ),
        (
            "content/updates/2025-01-01-a.md",
            "---\ntitle: A\ndate: 2025-01-01\ngoals: [km]\n---\nSee [the mission](@/mission.md).\n",
        ),
        (
            "content/updates/2025-01-02-b.md",
            "---\ntitle: B\ndate: 2025-01-02\ngoals: [km]\n---\nSee [the goals](@/mission.md#goals).\n",
        ),
    ]);
    let err = build_err(&site);
    assert_eq!(err.matches("error:").count(), 1, "{err}");
    assert!(err.contains("content/mission.md:3:12: error: this value has a `: ` in it"), "{err}");
    assert!(err.contains("`statement: \"Rivers: swimmable by 2030\"`"), "{err}");
}

#[test]
fn unknown_keys_get_the_nearest_known_key() {
    let (_g, site) = site_with(&[
        ("site.yaml", "title: T\nbase_url: https://t.example/\nbrand:\n  primray: \"#000000\"\n"),
        ("content/a.md", "---\ntitle: A\ndescripton: D\n---\n"),
    ]);
    let err = build_err(&site);
    assert!(err.contains("site.yaml:4:3: error: unknown key `primray` in `brand`: did you mean `primary`?"), "{err}");
    let (_g, site) = site_with(&[("content/a.md", "---\ntitle: A\ndescripton: D\n---\n")]);
    let err = build_err(&site);
    assert!(err.contains("content/a.md:3:1: error: unknown key `descripton`: did you mean `description`?"), "{err}");
}

/// A key another generator uses (Hugo's `lastmod`, WordPress's `excerpt`) is named as Rally calls it.
#[test]
fn keys_of_other_generators_are_named_as_rally_calls_them() {
    let (_g, site) = site_with(&[(
        "content/updates/2025-01-01-a.md",
        "---\ntitle: A\ndate: 2025-01-01\nexcerpt: The gist.\nlastmod: 2025-01-02\n---\nBody.\n",
    )]);
    let out = Command::cargo_bin("rally").unwrap().arg("--root").arg(&site).arg("build").assert().code(1);
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        err.contains("content/updates/2025-01-01-a.md:4:1: error: unknown key `excerpt`: Rally calls it `summary`"),
        "{err}"
    );
    assert!(
        err.contains("content/updates/2025-01-01-a.md:5:1: error: unknown key `lastmod`: Rally calls it `updated`"),
        "{err}"
    );
}

#[test]
fn a_colour_read_as_a_comment_is_an_error_with_the_quoted_form() {
    let (_g, site) =
        site_with(&[("site.yaml", "title: T\nbase_url: https://t.example/\nbrand:\n  primary: #0b6e4f\n")]);
    let err = build_err(&site);
    assert!(
        err.contains("site.yaml:4:12: error: `brand.primary` has no value: YAML reads `#0b6e4f` as a comment; put the value in quotes, `primary: \"#0b6e4f\"`\n 4 |   primary: #0b6e4f\n   |            ^^^^^^^"),
        "{err}"
    );
}
