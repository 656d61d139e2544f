//! `rally check`: every kind of problem found at its file and line, text and JSON output, exit codes.

use crate::common;

use assert_cmd::Command;
use predicates::prelude::*;

fn check(site: &std::path::Path) -> Command {
    let mut c = Command::cargo_bin("rally").unwrap();
    c.arg("--root").arg(site).arg("check");
    c
}

#[test]
fn finds_each_problem_at_its_place() {
    let (_g, site) = common::fixture("check-problems");
    let out = check(&site).assert().code(1).get_output().stderr.clone();
    let text = String::from_utf8(out).unwrap();
    for expected in [
        "content/updates/2020-01-01-a.md:6:3: error: link `/nowhere/` leads nowhere",
        "content/updates/2020-01-01-a.md:6:34: error: link `@/mission.md#nope` leads nowhere: no `#nope` on that page",
        "content/updates/2020-01-01-a.md:8:1: warning: image `/static-missing.png` has no alt text",
        "content/updates/2020-01-01-a.md:8:1: error: image `/static-missing.png` leads nowhere",
        "content/updates/2020-01-01-a.md:4:8: error: image `/nope.png` leads nowhere",
        "content/updates/2020-01-01-a.md:4:8: warning: `image` has no `image_alt`",
        "content/updates/2020-01-01-a.md:1:1: warning: no `description`",
        "content/updates/2020-01-01-a.md:10:6: warning: “synergy” is on the list of words to avoid (voice.avoid in site.yaml)\n 10 | Real synergy here.\n    |      ^^^^^^^\n",
        "site.yaml:6:9: error: logo `/missing-logo.svg` leads nowhere",
        "site.yaml:5:12: warning: brand colour primary #9ccc65",
        "content/mission.md:8:10: warning: goal `rivers` has no data",
        "content/impact/2020-q1.md:5:7: warning: the newest impact report is",
        "errors, ",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
    assert!(!text.contains("content/page.md"), "the fine page has no problems:\n{text}");
    assert!(!site.join("public").exists(), "check writes nothing");
}

#[test]
fn json_output_for_ci() {
    let (_g, site) = common::fixture("check-problems");
    let out = check(&site).args(["--format", "json"]).assert().code(1).get_output().stdout.clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["errors"], 5);
    assert_eq!(v["warnings"], 7);
    let first = &v["diagnostics"][0];
    for key in ["severity", "path", "line", "col", "message"] {
        assert!(!first[key].is_null(), "{key}");
    }
}

#[test]
fn clean_site_passes_and_strict_turns_warnings_into_failure() {
    let (_g, site) = common::fixture("hub");
    check(&site).assert().success().stderr(predicate::str::contains("warning"));
    check(&site).arg("--strict").assert().code(1);
    let (_g, site) =
        common::site_with(&[("content/a.md", "---\ntitle: A\ndescription: Fine.\n---\nHello [top](#a).\n\n# A\n")]);
    check(&site).arg("--strict").assert().success().stderr(predicate::str::contains("No problems found"));
}

#[test]
fn build_errors_are_reported_too() {
    let (_g, site) = common::site_with(&[("content/a.md", "---\ntitle: [\n---\n")]);
    check(&site).assert().code(1).stderr(predicate::str::contains("content/a.md:"));
    let out = check(&site).args(["--format", "json"]).assert().code(1).get_output().stdout.clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["errors"], 1);
}

#[test]
fn template_made_links_are_checked() {
    let (_g, site) = common::site_with(&[
        ("content/a.md", "---\ntitle: A\ndescription: Fine.\n---\nHello.\n"),
        (
            "templates/page.html",
            "{% extends \"base.html\" %}{% block content %}<a href=\"/gone/\">x</a><a href=\"/a/#missing\">y</a>{% endblock content %}",
        ),
    ]);
    check(&site)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("(output)/a/index.html:"))
        .stderr(predicate::str::contains("href `/gone/` leads nowhere"))
        .stderr(predicate::str::contains("href `/a/#missing` leads nowhere: no `#missing` on that page"));
}

#[test]
fn root_relative_links_that_leave_a_sub_path_site_are_errors() {
    let (_g, site) = common::site_with(&[
        ("site.yaml", "title: Hub\nbase_url: https://org.example/hub/\n"),
        ("content/a.md", "---\ntitle: A\ndescription: Fine.\n---\nSee <a href=\"/b/\">raw</a> and [md](/b/).\n"),
        ("content/b.md", "---\ntitle: B\ndescription: Fine.\n---\nHello.\n"),
        (
            "templates/page.html",
            "{% extends \"base.html\" %}{% block content %}{{ page.content | safe }}<a href=\"/hard-coded/\">x</a>{% endblock content %}",
        ),
    ]);
    let out = check(&site).assert().code(1).get_output().stderr.clone();
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.contains("content/a.md:5:14: error: href `/b/` leads outside the site, which is published under `/hub/`"),
        "raw HTML in content, at its place: {text}"
    );
    assert!(text.contains("href `/hard-coded/` leads outside the site"), "{text}");
    assert!(!text.contains("`/hub/b/`"), "the Markdown link gets the base path: {text}");
}

#[test]
fn a_metric_that_names_no_goal_is_a_likely_typo() {
    let (_g, site) = common::site_with(&[
        (
            "content/mission.md",
            "---\ntitle: M\ndescription: D.\ngoals:\n  - { key: river_km_restored, label: Km, target: 10 }\n---\n",
        ),
        (
            "content/impact/2026-q3.md",
            "---\ntitle: R\ndescription: D.\nperiod: 2026-Q3\ndate: 2026-10-01\nmetrics:\n  - { key: river_km_restored, value: 2 }\n  - { key: river_km_restord, value: 3 }\n  - { key: volunteers, label: Volunteers, value: 40 }\n  - { key: trees, value: 5 }\n---\n",
        ),
    ]);
    let out = check(&site).assert().success().get_output().stderr.clone();
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.contains("content/impact/2026-q3.md:8:12: warning: metric `river_km_restord` names no goal and has no `label`: did you mean goal `river_km_restored`?"),
        "{text}"
    );
    assert!(text.contains("metric `trees` names no goal and has no `label`: give it a `label`"), "{text}");
    assert!(!text.contains("metric `volunteers`"), "a labelled metric is fine: {text}");
}

#[test]
fn thousands_of_goals_and_metrics_are_checked_in_linear_time() {
    // every goal without data and every metric naming no goal is a warning, each located with the
    // position index and given a suggestion from an index of goal keys (no scan per warning)
    let n = 3000;
    let goals: String = (0..n).map(|i| format!("  - key: goal_{i}\n    label: Goal {i}\n    target: 10\n")).collect();
    let metrics: String = (0..n).map(|i| format!("  - {{ key: metric_{i}, value: {i} }}\n")).collect();
    let (_g, site) = common::site_with(&[
        ("content/mission.md", &format!("---\ntitle: Mission\ndescription: D\ngoals:\n{goals}---\n")),
        (
            "content/impact/2026-q1.md",
            &format!("---\ntitle: R\ndescription: D\nperiod: 2026-Q1\ndate: 2026-01-01\nmetrics:\n{metrics}---\n"),
        ),
    ]);
    let start = std::time::Instant::now();
    let out = check(&site).timeout(std::time::Duration::from_secs(60)).assert().success().get_output().stderr.clone();
    let text = String::from_utf8(out).unwrap();
    assert_eq!(text.matches("warning: goal `goal_").count(), n, "{}", &text[..500]);
    assert_eq!(text.matches("warning: metric `metric_").count(), n);
    let last = format!("content/mission.md:{}:10: warning: goal `goal_{}` has no data", 5 + 3 * (n - 1), n - 1);
    assert!(text.contains(&last), "{last}");
    assert!(start.elapsed() < std::time::Duration::from_secs(60));
}

#[test]
fn a_page_with_thousands_of_images_without_alt_is_checked_in_linear_time() {
    // each warning finds its source line through the page's line starts, not by reading the page
    let n = 20_000;
    let body: String = (0..n).map(|i| format!("Photo {i}: ![](/logo.svg)\n\n")).collect();
    let (_g, site) = common::site_with(&[
        ("content/a.md", &format!("---\ntitle: A\ndescription: D\n---\n{body}")),
        ("static/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
    ]);
    let out = check(&site).timeout(std::time::Duration::from_secs(60)).assert().success().get_output().stderr.clone();
    let text = String::from_utf8(out).unwrap();
    assert_eq!(text.matches("has no alt text").count(), n);
    let last = format!("content/a.md:{}:14: warning: image `/logo.svg` has no alt text", 5 + 2 * (n - 1));
    assert!(
        text.contains(&format!(
            "{last}: describe it between the brackets, `![...]`\n {} | Photo {}: ![](/logo.svg)",
            5 + 2 * (n - 1),
            n - 1
        )),
        "{last}"
    );
}

/// An email address in angle brackets is a `mailto:` link, not a page of the site.
#[test]
fn email_autolinks_are_not_internal_links() {
    let (_g, site) = common::site_with(&[(
        "content/updates/2025-01-01-press.md",
        "---\ntitle: Press\ndate: 2025-01-01\ndescription: For journalists.\n---\nWrite to <press@org.example>, or [the office](mailto:office@org.example).\n",
    )]);
    let out = check(&site).arg("--now").arg("2025-02-01").assert().success().get_output().stderr.clone();
    let text = String::from_utf8(out).unwrap();
    assert!(!text.contains("leads nowhere"), "{text}");
}

#[test]
fn check_tells_where_each_problem_is_written_and_says_it_once() {
    // text that does not compress: a page of about 40 KB gzipped
    let mut seed = 7u64;
    let big: String = (0..60_000)
        .map(|_| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            char::from(b'a' + (seed >> 59) as u8 % 26)
        })
        .collect();
    let (_g, site) = common::site_with(&[
        (
            "site.yaml",
            "title: T\nbase_url: https://t.example/\nlanguages:\n  fr: { name: Français }\n  de: { name: Deutsch }\ncheck: { page_budget_kb: 30 }\n",
        ),
        (
            "content/updates/2024-03-19-a-post.md",
            "---\ntitle: A post\ndate: 2024-03-19\ndescription: D.\naliases: [/2024/03/19/a-post/]\n---\n## A heading\n\nText.\n",
        ),
        (
            "content/about.md",
            &format!(
                "---\ntitle: About\ndescription: D.\n---\nSee [the post](/2024/03/19/a-post/#a-heading) and [not here](/2024/03/19/a-post/#nope).\n\n<p>Raw: <a href=\"/no-such-page/\">gone</a></p>\n\n{big}\n"
            ),
        ),
        (
            "content/about.fr.md",
            "---\ntitle: À propos\ndescription: D.\n---\nVoir <a href=\"/fr/nulle-part/\">ici</a>.\n",
        ),
    ]);
    let out = check(&site).arg("--now").arg("2025-01-01").assert().code(1).get_output().stderr.clone();
    let text = String::from_utf8(out).unwrap();
    // an anchor behind an alias is looked for on the page the alias leads to
    assert!(!text.contains("no `#a-heading`"), "{text}");
    assert!(text.contains("content/about.md:5:51") && text.contains("no `#nope` on that page"), "{text}");
    // a link in raw HTML: at its file and line, not "made by a template"
    let raw = text.lines().find(|l| l.contains("/no-such-page/") && l.contains("error:")).expect(&text);
    assert!(raw.starts_with("content/about.md:7:18") && !raw.contains("made by a template"), "{raw}");
    // in a translation: at the translation
    assert!(text.lines().any(|l| l.starts_with("content/about.fr.md:5:15") && l.contains("/fr/nulle-part/")), "{text}");
    assert!(!text.contains("(output)/"), "{text}");
    // a heavy page is one warning, not one per language; redirect pages are no pages
    assert_eq!(text.matches("this page weighs").count(), 1, "{text}");
    let summary = text.lines().find(|l| l.starts_with("Page weight:")).expect(&text);
    let counted: usize = summary.split_whitespace().nth(2).unwrap().parse().unwrap();
    let html_pages = walk_html(&site, &rally::pipeline::build_in_memory(&site, &common::options()).unwrap());
    assert_eq!(counted, html_pages.0 - html_pages.1, "{summary}: {html_pages:?}");
}

/// (HTML pages, redirect pages among them) of a site built in memory; the email editions of
/// updates are no pages of the site.
fn walk_html(_site: &std::path::Path, built: &rally::pipeline::Built) -> (usize, usize) {
    let html: Vec<_> =
        built.files.iter().filter(|f| f.path.ends_with(".html") && !f.path.ends_with("email.html")).collect();
    let redirects = html.iter().filter(|f| f.as_text().is_some_and(|t| t.contains("http-equiv=\"refresh\""))).count();
    assert!(redirects >= 3, "an alias page in each language");
    (html.len(), redirects)
}

#[test]
fn check_warns_at_its_line_about_what_the_sites_policy_blocks() {
    let (_g, site) = common::site_with(&[(
        "content/contact.md",
        "---\ntitle: Contact\ndescription: D.\n---\nWrite to us.\n\n<form onsubmit=\"return send()\"><input name=\"e\"></form>\n\n<script>\n  window.signup = true;\n</script>\n\n<img src=\"https://images.example/team.jpg\" alt=\"The team\">\n\n<iframe src=\"https://maps.example/embed?x=1\" title=\"Map\"></iframe>\n\n<p style=\"color: red\">Urgent</p>\n\n<iframe src=\"https://www.youtube-nocookie.com/embed/abc\" title=\"Video\"></iframe>\n",
    )]);
    let out = check(&site).arg("--now").arg("2025-01-01").assert().success().get_output().stderr.clone();
    let text = String::from_utf8(out).unwrap();
    let warning = |at: &str, what: &str| {
        assert!(
            text.lines().any(|l| l.starts_with(at) && l.contains("warning:") && l.contains(what)),
            "{at} {what}:\n{text}"
        )
    };
    warning("content/contact.md:7:7:", "the inline event handler `onsubmit` is blocked");
    warning("content/contact.md:10:3:", "this inline `<script>` is blocked");
    warning(
        "content/contact.md:13:11:",
        "the image `https://images.example/team.jpg` is blocked by the site's Content-Security-Policy (img-src)",
    );
    warning("content/contact.md:15:14:", "the frame `https://maps.example/embed?x=1` is blocked");
    warning("content/contact.md:17:4:", "the inline `style` attribute is blocked");
    assert!(!text.contains("youtube-nocookie"), "the policy allows it: {text}");
    assert_eq!(text.matches("Content-Security-Policy").count(), 5, "{text}");
}
