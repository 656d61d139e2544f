//! Campaigns counted from numbers and data files, data files in templates, and their errors.

use crate::common;

use assert_cmd::Command;
use common::*;

fn pledges(rows: usize) -> String {
    let mut s = String::from("date,area\n");
    for i in 0..rows {
        s.push_str(&format!("2026-06-{:02},KB{}\n", i % 28 + 1, i % 4));
    }
    s
}

const PLEDGE: &str = "---\ntitle: The valley pledge\ndescription: Pledge.\nkind: pledge\ntarget: 100\nunit: pledges\ndeadline: 2026-12-31\ncount: { from: data/pledges.csv }\nadjustments: [{ value: 12, note: Paper forms }]\ncta: { label: Take the pledge, url: /join/ }\n---\nWhy.\n";

fn hub(rows: usize) -> (tempfile::TempDir, std::path::PathBuf) {
    site_with(&[
        ("content/join.md", "---\ntitle: Join\ndescription: Join.\n---\n"),
        ("content/campaigns/valley-pledge.md", PLEDGE),
        (
            "content/campaigns/appeal.md",
            "---\ntitle: Winter appeal\ndescription: Give.\nkind: fundraiser\ntarget: 500\nunit: pounds\ndeadline: 2026-01-31\ncount: { from: data/gifts.json, sum: amount }\ncta: { label: Give, url: https://give.example/winter }\n---\n",
        ),
        ("data/pledges.csv", &pledges(rows)),
        ("data/gifts.json", "[{\"amount\": 120}, {\"amount\": \"80.50\"}]"),
        ("data/sites.yaml", "- { name: Kell, km: 3 }\n- { name: Brant, km: 2 }\n"),
        (
            "templates/page.html",
            "{% extends \"base.html\" %}{% block content %}<ul id=\"sites\">{% for s in data.sites %}<li>{{ s.name }}: {{ s.km }}</li>{% endfor %}</ul><p id=\"rows\">{{ data.pledges | length }}</p>{% endblock content %}",
        ),
    ])
}

#[test]
fn a_campaign_counts_the_rows_of_its_data_file_plus_adjustments() {
    let (_g, site) = hub(40);
    let out = build(&site);
    let html = read(&out, "campaigns/valley-pledge/index.html");
    assert!(html.contains("<strong>52</strong> of 100 pledges"), "40 rows and 12 paper forms");
    assert!(html.contains("aria-label=\"52 of 100 pledges (52%)\""), "the bar is named");
    assert!(html.contains("37 days left"), "from 2026-11-24 to 2026-12-31");
    assert!(html.contains("href=\"/join/\">Take the pledge</a>"));
    assert!(html.contains("12 — Paper forms"), "the adjustments are shown");
    let home = read(&out, "index.html");
    assert!(
        home.contains("id=\"campaigns-heading\"") && home.contains("The valley pledge"),
        "open campaigns are on the landing page"
    );
    assert!(!home.contains("Winter appeal"), "a closed campaign is not");
    let list = read(&out, "campaigns/index.html");
    let (open, closed) = (list.find("The valley pledge").unwrap(), list.find("Winter appeal").unwrap());
    assert!(open < closed, "open campaigns first");
    let appeal = read(&out, "campaigns/appeal/index.html");
    assert!(appeal.contains("<strong>200.5</strong> of 500 pounds"), "the sum of a JSON column");
    assert!(appeal.contains("Ended on January 31, 2026"), "the date as the rest of the English page writes it");
    assert!(!appeal.contains(">Give</a>"), "no call to action once closed");
}

#[test]
fn the_count_follows_the_data_file_on_rebuild() {
    let (_g, site) = hub(40);
    build(&site);
    write(&site, "data/pledges.csv", &pledges(150));
    let out = build(&site);
    let html = read(&out, "campaigns/valley-pledge/index.html");
    assert!(html.contains("<strong>162</strong> of 200 pledges"), "past the target of 100, the next milestone is 200");
    assert!(html.contains("target of 100 pledges is reached"));
}

#[test]
fn the_count_follows_the_data_file_in_the_preview() {
    let (_g, site) = hub(40);
    let mut live = rally::live::LiveSite::load(&site, &options(), None).unwrap();
    write(&site, "data/pledges.csv", &pledges(60));
    live.update(&[site.join("data/pledges.csv")]).unwrap();
    let html = String::from_utf8_lossy(&live.files()["campaigns/valley-pledge/index.html"]).into_owned();
    assert!(html.contains("<strong>72</strong> of 100 pledges"), "{html}");
}

#[test]
fn data_files_are_available_to_templates() {
    let (_g, site) = hub(3);
    let out = build(&site);
    let html = read(&out, "join/index.html");
    assert!(html.contains("<ul id=\"sites\"><li>Kell: 3</li><li>Brant: 2</li></ul>"), "{html}");
    assert!(html.contains("<p id=\"rows\">3</p>"), "CSV rows");
}

#[test]
fn fundraisers_offer_a_donate_action() {
    let (_g, site) = hub(3);
    let out = build(&site);
    let html = read(&out, "campaigns/appeal/index.html");
    assert!(html.contains("\"potentialAction\":{\"@type\":\"DonateAction\",\"name\":\"Give\",\"target\":\"https://give.example/winter\"}"), "{html}");
}

fn errors_of(files: &[(&str, &str)]) -> String {
    let (_g, site) = site_with(files);
    let a = Command::cargo_bin("rally").unwrap().current_dir(&site).arg("build").assert().code(1);
    String::from_utf8_lossy(&a.get_output().stderr).into_owned()
}

#[test]
fn malformed_data_files_are_errors_at_their_line() {
    let err = errors_of(&[("data/sites.csv", "name,km\nKell,3\nBrant,upper,2\n")]);
    assert!(err.contains("data/sites.csv:3:1: error: this row has 3 fields and the header has 2"), "{err}");
    let err = errors_of(&[("data/sites.json", "{\n  \"a\": 1,\n  \"b\":\n}\n")]);
    assert!(err.contains("data/sites.json:4:1: error: this JSON does not parse"), "{err}");
    let err = errors_of(&[("data/sites.yaml", "- a\nb: 2\n")]);
    assert!(err.contains("data/sites.yaml:2:"), "{err}");
    let err = errors_of(&[("data/notes.txt", "hello\n")]);
    assert!(err.contains("data/notes.txt:1:1: error: not a data file"), "{err}");
    let err = errors_of(&[("data/a.csv", "x\n1\n"), ("data/a.json", "[]")]);
    assert!(err.contains("`data.a` is already data/a.csv"), "{err}");
}

#[test]
fn counting_problems_are_errors_where_they_are() {
    let err = errors_of(&[("content/campaigns/p.md", PLEDGE)]);
    assert!(err.contains("content/campaigns/p.md:8:"), "{err}");
    assert!(err.contains("no data file `data/pledges.csv` to count from"), "{err}");
    let err = errors_of(&[
        (
            "content/campaigns/p.md",
            &PLEDGE.replace("{ from: data/pledges.csv }", "{ from: data/pledges.csv, sum: gift }"),
        ),
        ("data/pledges.csv", "area,gift\nKB1,5\nKB2,lots\n"),
    ]);
    assert!(err.contains("data/pledges.csv:3:1: error: `gift` is `lots` in row 2, which is not a number"), "{err}");
    let err = errors_of(&[("content/campaigns/p.md", &PLEDGE.replace("kind: pledge\n", ""))]);
    assert!(err.contains("the front matter has no `kind`: a campaign needs one, `kind: pledge`, `petition`"), "{err}");
    let err = errors_of(&[("content/about.md", "---\ntitle: About\ntarget: 100\n---\n")]);
    assert!(
        err.contains("content/about.md:3:")
            && err.contains("`target` is a key of campaigns (content/campaigns/), not of pages"),
        "{err}"
    );
}

#[test]
fn rally_new_campaign_writes_a_campaign_that_builds() {
    let (_g, site) = site_with(&[]);
    Command::cargo_bin("rally")
        .unwrap()
        .current_dir(&site)
        .args(["new", "campaign", "Clean the Kell", "--kind", "petition"])
        .assert()
        .success();
    let text = read(&site, "content/campaigns/clean-the-kell.md");
    assert!(text.contains("kind: petition") && text.contains("unit: signatures"), "{text}");
    Command::cargo_bin("rally").unwrap().current_dir(&site).arg("build").assert().success();
    assert!(
        read(&site.join("public"), "campaigns/clean-the-kell/index.html")
            .contains("<strong>0</strong> of 1,000 signatures")
    );
}

#[test]
fn check_warns_when_an_open_campaigns_data_file_has_gone_stale() {
    let (_g, site) = hub(10);
    let file = std::fs::File::options().write(true).open(site.join("data/pledges.csv")).unwrap();
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(400 * 86_400);
    file.set_modified(old).unwrap();
    let a = Command::cargo_bin("rally").unwrap().current_dir(&site).args(["check", "--now", "2026-12-01"]).assert();
    let err = String::from_utf8_lossy(&a.get_output().stderr).into_owned();
    assert!(err.contains("content/campaigns/valley-pledge.md:8:"), "{err}");
    assert!(err.contains("data/pledges.csv has not changed in"), "{err}");
    // the closed appeal's data file is left alone
    assert!(!err.contains("data/gifts.json has not changed"), "{err}");
}
