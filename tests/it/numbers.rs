//! Numbers: money (ISO 4217 units), percent and compact figures as each language writes them, and
//! numbers read from CSV data.

use crate::common;

use common::*;

const MISSION: &str = "---\nstatement: S\ngoals:\n  - { key: fund, label: Raised, target: 2650000, unit: USD, format: compact }\n  - { key: reach, label: People reached, target: 1000000000, format: compact }\n  - { key: km, label: Restored, target: 120, unit: km }\n---\n";
const REPORT: &str = "---\ndate: 2026-03-31\nperiod: 2026-Q1\nmetrics:\n  - { key: fund, value: 1040000 }\n  - { key: reach, value: 762000000 }\n  - { key: km, value: 71 }\n  - { key: passing, label: Samples passing, value: 80, unit: \"%\" }\n  - { key: spent, label: Spent, value: 12500.5, unit: EUR }\n---\n";

#[test]
fn money_percent_and_compact_numbers_in_each_language() {
    let (_g, site) = site_with(&[
        ("site.yaml", "title: T\nbase_url: https://t.example/\nlanguages:\n  fr: { name: Français }\n"),
        ("content/mission.md", MISSION),
        ("content/impact/2026-q1.md", REPORT),
    ]);
    let out = build(&site);
    let text = |rel: &str| {
        let html = read(&out, rel);
        let no_tags = regex_lite_strip(&html);
        no_tags.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    let report = text("impact/2026-q1/index.html");
    for shown in ["Raised $1.04M", "People reached 762M", "Restored 71 km", "Samples passing 80%", "Spent €12,500.50"]
    {
        assert!(report.contains(shown), "{shown}: {report}");
    }
    let impact = text("impact/index.html");
    assert!(impact.contains("$1.04M of $2.65M"), "{impact}");
    assert!(impact.contains("762M of 1B"), "{impact}");
    let fr = text("fr/impact/2026-q1/index.html");
    // (no-break spaces are spaces in the text compared here; the unit tests of the formatter
    // check which space each language writes)
    for shown in ["Raised 1,04 M$US", "People reached 762 M", "Samples passing 80 %", "Spent 12 500,50 €"] {
        assert!(fr.contains(shown), "{shown}: {fr}");
    }
    // the open data keeps the numbers as numbers and the unit as written
    let json = read(&out, "impact.json");
    assert!(json.contains(r#""value": 1040000.0"#) && json.contains(r#""unit": "USD""#), "{json}");
}

#[test]
fn numbers_from_csv_are_numbers_in_templates() {
    let (_g, site) = site_with(&[
        ("data/gifts.csv", "name,amount,code\nAsha,1500000,007\nBen,2.5,12\n"),
        (
            "templates/gifts.html",
            "{% for g in data.gifts %}<p>{{ g.name }}: {{ g.amount + 1 }} / {{ g.amount | number(format=\"compact\") }} / {{ g.amount | quantity(unit=\"GBP\") }} / {{ g.code }}</p>{% endfor %}",
        ),
        ("content/gifts.md", "---\ntitle: Gifts\ntemplate: gifts.html\n---\n"),
    ]);
    let out = build(&site);
    let html = read(&out, "gifts/index.html");
    assert!(html.contains("<p>Asha: 1500001 / 1.5M / £1,500,000 / 007</p>"), "{html}");
    assert!(html.contains("<p>Ben: 3.5 / 2.5 / £2.50 / 12</p>"), "{html}");
}

/// The text of an HTML page, tags removed and entities for quotes decoded.
fn regex_lite_strip(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&quot;", "\"").replace("&#x27;", "'")
}
