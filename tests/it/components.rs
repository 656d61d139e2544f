//! Components in Markdown bodies: each built-in, a site's own, code left alone, and the errors.

use crate::common;

use assert_cmd::Command;
use common::*;

const MISSION: &str = "---\ntitle: Mission\ndescription: Why.\ngoals:\n  - key: river_km_restored\n    label: River restored\n    target: 100\n    unit: km\n---\n";
const REPORT: &str = "---\ntitle: Q3\ndescription: Q3.\ndate: 2026-09-30\nperiod: 2026-Q3\nmetrics:\n  - { key: river_km_restored, value: 40 }\n---\n";
const CAMPAIGN: &str = "---\ntitle: The valley pledge\ndescription: Pledge.\nkind: pledge\ntarget: 100\nunit: pledges\ndeadline: 2026-12-31\ncount: 30\n---\n";
const EVENT: &str = "---\ntitle: Spring clean\ndescription: Litter pick.\nstart: 2027-03-01T10:00\nend: 2027-03-01T13:00\ntimezone: Europe/London\nlocation: { name: Kell Green }\n---\n";

fn hub(body: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    site_with(&[
        ("content/mission.md", MISSION),
        ("content/impact/2026-q3.md", REPORT),
        ("content/campaigns/valley-pledge.md", CAMPAIGN),
        ("content/events/spring-clean.md", EVENT),
        ("data/sites.csv", "name,km\nKell & Brant,3\nColdwell,2\n"),
        (
            "content/updates/2026-10-01-news.md",
            &format!("---\ntitle: News\ndescription: News.\ndate: 2026-10-01\n---\n{body}"),
        ),
    ])
}

fn news(body: &str) -> String {
    let (_g, site) = hub(body);
    let out = build(&site);
    let html = read(&out, "updates/news/index.html");
    let start = html.find("<p>Start.</p>").expect("the body");
    let end = html.find("<p>End.</p>").expect("the end of the body");
    html[start..end + 11].to_string()
}

#[test]
fn the_built_in_components_make_their_html() {
    let body = "Start.\n\n{{ goal(key=\"river_km_restored\") }}\n\n{{ cta(label=\"Donate\", url=\"https://give.example/\") }}\n\n{{ figure(src=\"kell.jpg\", alt=\"The Kell\", caption=\"At the ford\") }}\n\n{{ campaign(key=\"valley-pledge\") }}\n\n{{ events(limit=1) }}\n\n{{ table(data=\"sites\", caption=\"Our sites\") }}\n\n{% callout(kind=\"warning\") %}\nMind the **weir**.\n{% end %}\n\nEnd.\n";
    insta::assert_snapshot!(news(body));
}

#[test]
fn a_video_loads_nothing_from_youtube_until_clicked() {
    let (_g, site) = hub("Start.\n\n{{ video(youtube=\"abcdefghijk\", title=\"Our river\") }}\n\nEnd.\n");
    let out = build(&site);
    let page = read(&out, "updates/news/index.html");
    insta::assert_snapshot!(news("Start.\n\n{{ video(youtube=\"abcdefghijk\", title=\"Our river\") }}\n\nEnd.\n"));
    assert!(!page.contains("<iframe") && !page.contains("<img src=\"http"), "no player or thumbnail before a click");
    let head = &page[..page.find("</head>").unwrap()];
    assert!(head.contains("<script src=\"/video.js\" defer></script>"), "the page links the script in its head");
    assert!(!read(&out, "atom.xml").contains("video.js"), "feeds carry no script");
    assert!(read(&out, "video.js").contains("youtube-nocookie.com/embed/"));
    assert!(!read(&out, "index.html").contains("video.js"), "only pages with a video link the script");
}

#[test]
fn components_in_code_are_left_as_written() {
    let html = news("Start.\n\n`{{ goal(key=\"nope\") }}`\n\n```\n{{ cta(label=\"x\") }}\n```\n\nEnd.\n");
    assert!(html.contains("<code>{{ goal(key=\"nope\") }}</code>"), "{html}");
    assert!(html.contains("{{ cta(label=&quot;x&quot;) }}"), "{html}");
}

#[test]
fn a_site_adds_its_own_components() {
    let (_g, site) = hub("Start.\n\n{% quote(by=\"Ana\") %}\nRivers *matter*.\n{% end %}\n\nEnd.\n");
    write(
        &site,
        "templates/components/quote.html",
        "<blockquote class=\"q\">{{ body | safe }}<footer>{{ by }}</footer></blockquote>",
    );
    let out = build(&site);
    let html = read(&out, "updates/news/index.html");
    assert!(
        html.contains("<blockquote class=\"q\"><p>Rivers <em>matter</em>.</p><footer>Ana</footer></blockquote>"),
        "{html}"
    );
}

fn errors_of(body: &str) -> String {
    let (_g, site) = hub(body);
    let a = Command::cargo_bin("rally")
        .unwrap()
        .current_dir(site.parent().unwrap())
        .args(["build", "--root", "site"])
        .assert()
        .code(1);
    String::from_utf8_lossy(&a.get_output().stderr).into_owned()
}

#[test]
fn bad_components_are_errors_at_their_line_and_column() {
    let body = "Intro.\n\n{{ gaol(key=\"river_km_restored\") }}\n\nText {{ goal(key=\"river_km\") }}\n\n{{ cta(label=\"Go\", url=\"javascript:alert(1)\") }}\n\n{{ figure(src=\"a.jpg\") }}\n\n{{ table(data=\"site\") }}\n\n{{ campaign(key=\"pledge\") }}\n\n{{ events(limit=\"3\") }}\n\n{% callout(kind=\"danger\") %}\nx\n{% end %}\n\n{{ video(youtube=\"short\", title=\"T\") }}\n\n{{ cta(label=\"x\", url=\"/\", colour=\"red\") }}\n";
    insta::assert_snapshot!(errors_of(body));
}

#[test]
fn a_block_component_inside_a_paragraph_is_an_error() {
    let err = errors_of(
        "Intro.\n\nSee {{ goal(key=\"river_km_restored\") }} here, and {{ cta(label=\"Go\", url=\"/\") }}.\n",
    );
    assert!(
        err.starts_with(
            "content/updates/2026-10-01-news.md:8:5: error: `goal` makes a block: put it on a line of its own"
        ),
        "{err}"
    );
    assert_eq!(err.matches("error:").count(), 2, "a cta may stand in a sentence: {err}");
}

#[test]
fn component_syntax_errors_are_errors_at_their_line_and_column() {
    let err = errors_of("Intro.\n\nText {{ goal(key=oops) }}\n");
    assert!(
        err.starts_with(
            "content/updates/2026-10-01-news.md:8:6: error: argument `key` of `goal`: `oops` is not a value"
        ),
        "{err}"
    );
}

#[test]
fn blocks_nest_and_hold_other_components() {
    let html = news(
        "Start.\n\n{% callout(kind=\"tip\") %}\nOuter.\n\n{% callout(kind=\"note\", title=\"Inside\") %}\n{{ goal(key=\"river_km_restored\") }}\n{% end %}\n{% end %}\n\nEnd.\n",
    );
    let outer = html.find("callout--tip").unwrap();
    let inner = html.find("callout--note").unwrap();
    let goal = html.find("component-goal").unwrap();
    assert!(outer < inner && inner < goal, "{html}");
    assert!(
        html.contains("</div>\n</div>\n</div>\n</div>\n"),
        "the goal closes inside the inner callout, the inner inside the outer: {html}"
    );
    assert!(!html.contains("rally:"), "no placeholder is left: {html}");
}

#[test]
fn a_summary_cut_inside_a_block_keeps_its_text() {
    let (_g, site) = hub("Start.\n\n{% callout() %}\nBefore.\n\n<!-- more -->\n\nAfter.\n{% end %}\n\nEnd.\n");
    let out = build(&site);
    let list = read(&out, "updates/index.html");
    assert!(!list.contains("rally:"), "{list}");
    let page = read(&out, "updates/news/index.html");
    assert!(page.contains("<p class=\"callout-title\">Note</p>\n<p>Before.</p>\n<p>After.</p>\n</div>"), "{page}");
}

#[test]
fn a_site_component_sees_the_site_its_data_language_and_page() {
    let (_g, site) = hub("Start.\n\n{{ sites_list() }}\n\nEnd.\n");
    let yaml = read(&site, "site.yaml");
    write(
        &site,
        "site.yaml",
        &format!("{yaml}languages:\n  fr: {{ name: Français }}\nextra:\n  motto: \"Rivers *for* everyone\"\n"),
    );
    write(
        &site,
        "templates/components/sites_list.html",
        "<div class=\"sites\" lang=\"{{ lang }}\"><p>{{ site.title }} · {{ page.title }} · {{ site.languages | length }} languages</p>{{ site.extra.motto | markdown(inline=true) | safe }}<ul>{% for s in data.sites %}<li>{{ s.name }}: {{ s.km * 2 }}</li>{% endfor %}</ul></div>",
    );
    let out = build(&site);
    let html = read(&out, "updates/news/index.html");
    assert!(
        html.contains("<div class=\"sites\" lang=\"en\"><p>Test Hub · News · 2 languages</p>Rivers <em>for</em> everyone<ul><li>Kell &amp; Brant: 6</li><li>Coldwell: 4</li></ul></div>"),
        "{html}"
    );
    assert!(read(&out, "fr/updates/news/index.html").contains("<div class=\"sites\" lang=\"fr\">"));
}

#[test]
fn an_error_in_a_site_component_is_reported_once_for_every_language() {
    let (_g, site) = hub("Start.\n\n{{ broken() }}\n\nEnd.\n");
    let yaml = read(&site, "site.yaml");
    write(&site, "site.yaml", &format!("{yaml}languages:\n  fr: {{ name: Français }}\n  de: {{ name: Deutsch }}\n"));
    write(&site, "templates/components/broken.html", "<p>{{ missing_variable.x }}</p>");
    let out = Command::cargo_bin("rally").unwrap().arg("--root").arg(&site).arg("build").output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_eq!(err.matches("missing_variable` is not defined").count(), 1, "{err}");
    assert!(err.contains("1 error found"), "{err}");
}
