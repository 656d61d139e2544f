//! Open impact data: `/impact.json` against its published schema, `/impact.csv`, the Dataset
//! JSON-LD on `/impact/` and the goal badges.

use crate::common;

use common::*;
use serde_json::Value;

fn parse_json(out: &std::path::Path, rel: &str) -> Value {
    serde_json::from_str(&read(out, rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Validates `instance` against the JSON Schema in `schema` (draft 2020-12).
fn validate(schema: Value, instance: &Value) -> Result<(), String> {
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler.enable_format_assertions();
    compiler.add_resource("https://test.example/impact.schema.json", schema).map_err(|e| e.to_string())?;
    let id = compiler.compile("https://test.example/impact.schema.json", &mut schemas).map_err(|e| format!("{e:#}"))?;
    schemas.validate(instance, id).map_err(|e| format!("{e:#}"))
}

#[test]
fn impact_json_is_valid_against_its_published_schema_and_carries_every_goal_and_report() {
    let (_g, site) = fixture("hub");
    let out = build(&site);
    let data = parse_json(&out, "impact.json");
    let schema = parse_json(&out, "impact.schema.json");
    validate(schema.clone(), &data).unwrap();

    assert_eq!(data["$schema"], "https://org.example/hub/impact.schema.json");
    assert_eq!(data["updated"], "2025-10-05");
    let goals = data["goals"].as_array().unwrap();
    let keys: Vec<&str> = goals.iter().map(|g| g["key"].as_str().unwrap()).collect();
    assert_eq!(keys, ["river_km_restored", "litter_tonnes", "schools"]);
    let km = &goals[0];
    assert_eq!(km["current"], 42.5);
    assert_eq!(km["percent"], 35);
    assert_eq!(km["target"], 120.0);
    assert_eq!(km["deadline"], "2030-12-31");
    assert_eq!(km["url"], "https://org.example/hub/impact/#goal-river_km_restored");
    assert_eq!(km["badge_url"], "https://org.example/hub/impact/goals/river_km_restored.svg");
    let history: Vec<f64> = km["history"].as_array().unwrap().iter().map(|o| o["value"].as_f64().unwrap()).collect();
    assert_eq!(history, [30.0, 42.5], "oldest first");
    assert_eq!(km["history"][1]["report_url"], "https://org.example/hub/impact/2025-q3/");
    assert_eq!(goals[1]["direction"], "down");
    assert_eq!(goals[2]["status"], "no_data");
    assert_eq!(goals[2]["current"], Value::Null);

    let reports = data["reports"].as_array().unwrap();
    assert_eq!(reports.len(), 2);
    assert_eq!(reports[0]["period"], "2025-Q3", "newest first");
    let volunteers = &reports[0]["metrics"][2];
    assert_eq!(volunteers["key"], "volunteers");
    assert_eq!(volunteers["unit"], "people");
    assert_eq!(volunteers["goal"], false);
    assert_eq!(reports[0]["metrics"][0]["goal"], true);
    assert_eq!(
        reports[0]["metrics"][0]["label"], "Kilometres of river restored",
        "a goal's label when the metric has none"
    );

    // the schema is not a rubber stamp: a goal without its key, or a made-up status, fails
    let mut broken = data.clone();
    broken["goals"][0].as_object_mut().unwrap().remove("key");
    assert!(validate(schema.clone(), &broken).is_err());
    let mut broken = data;
    broken["goals"][0]["status"] = "great".into();
    assert!(validate(schema, &broken).is_err());
}

#[test]
fn impact_csv_has_one_row_per_report_and_metric() {
    let (_g, site) = fixture("hub");
    let out = build(&site);
    let text = read(&out, "impact.csv");
    assert!(text.contains("\r\n"), "RFC 4180 lines end in CRLF");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, ["period", "date", "report_url", "key", "label", "value", "unit", "goal"]);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 5, "3 metrics in 2025-Q3 and 2 in 2025-Q2");
    let row: Vec<&str> = rows[2].iter().collect();
    assert_eq!(
        row,
        [
            "2025-Q3",
            "2025-10-05",
            "https://org.example/hub/impact/2025-q3/",
            "volunteers",
            "Volunteers",
            "412",
            "people",
            "no"
        ]
    );
    assert_eq!(&rows[3][3], "river_km_restored");
    assert_eq!(&rows[3][5], "30");
}

#[test]
fn csv_quotes_labels_with_commas_and_quotes() {
    let (_g, site) = site_with(&[
        (
            "content/mission.md",
            "---\ntitle: Mission\ngoals:\n  - { key: sites, label: 'Sites rated \"good\", or better', target: 10 }\n---\n",
        ),
        (
            "content/impact/2026.md",
            "---\ntitle: 2026\nperiod: 2026\ndate: 2026-01-10\nmetrics:\n  - { key: sites, value: 4 }\n---\n",
        ),
    ]);
    let out = build(&site);
    let text = read(&out, "impact.csv");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let row = reader.records().next().unwrap().unwrap();
    assert_eq!(&row[4], "Sites rated \"good\", or better");
    assert_eq!(row.len(), 8);
}

#[test]
fn the_dashboard_describes_the_data_as_a_dataset_whose_files_exist() {
    let (_g, site) = fixture("hub");
    let out = build(&site);
    let html = read(&out, "impact/index.html");
    let start = html.find("<script type=\"application/ld+json\">").unwrap() + 35;
    let end = start + html[start..].find("</script>").unwrap();
    let ld: Value = serde_json::from_str(&html[start..end]).unwrap();
    let graph = ld["@graph"].as_array().unwrap();
    let dataset = graph.iter().find(|n| n["@type"] == "Dataset").expect("a Dataset node");
    assert_eq!(dataset["temporalCoverage"], "2025-07-05/2025-10-05");
    let formats: Vec<&str> =
        dataset["distribution"].as_array().unwrap().iter().map(|d| d["encodingFormat"].as_str().unwrap()).collect();
    assert_eq!(formats, ["application/json", "text/csv"]);
    for d in dataset["distribution"].as_array().unwrap() {
        let url = d["contentUrl"].as_str().unwrap();
        let rel = url.strip_prefix("https://org.example/hub/").expect("an absolute URL on the site");
        assert!(out.join(rel).is_file(), "{url} is published");
    }
    assert!(html.contains("href=\"/hub/impact.json\"") && html.contains("href=\"/hub/impact.csv\""));
    // only the dashboard is a dataset
    assert!(!read(&out, "index.html").contains("\"Dataset\""));
}

#[test]
fn every_goal_has_an_accessible_badge_and_an_embed_snippet() {
    let (_g, site) = fixture("hub");
    let out = build(&site);
    for key in ["river_km_restored", "litter_tonnes", "schools"] {
        let svg = read(&out, &format!("impact/goals/{key}.svg"));
        let doc = roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("{key}.svg is not XML: {e}"));
        let root = doc.root_element();
        assert_eq!(root.attribute("role"), Some("img"));
        let title = root.children().find(|n| n.has_tag_name("title")).expect("a <title>");
        assert_eq!(root.attribute("aria-labelledby"), title.attribute("id"));
        assert!(!title.text().unwrap_or("").is_empty());
    }
    let km = read(&out, "impact/goals/river_km_restored.svg");
    assert!(km.contains(">35%</text>"), "{km}");
    assert!(km.contains("fill=\"#0b6e4f\""), "the bar is in the brand colour");
    assert!(read(&out, "impact/goals/schools.svg").contains("No data yet"));

    let html = read(&out, "impact/index.html");
    assert!(html.contains(
        "&lt;a href=&quot;https://org.example/hub/impact/#goal-river_km_restored&quot;&gt;&lt;img src=&quot;https://org.example/hub/impact/goals/river_km_restored.svg&quot;"
    ), "a copyable snippet, escaped as text");
    assert!(html.contains("<img src=\"/hub/impact/goals/river_km_restored.svg\""), "a preview of the badge");
}

#[test]
fn a_site_without_goals_or_reports_still_publishes_valid_empty_data() {
    let (_g, site) = site_with(&[("content/about.md", "---\ntitle: About\n---\nHello.\n")]);
    let out = build(&site);
    let data = parse_json(&out, "impact.json");
    validate(parse_json(&out, "impact.schema.json"), &data).unwrap();
    assert_eq!(data["goals"], serde_json::json!([]));
    assert_eq!(data["updated"], Value::Null);
    assert_eq!(read(&out, "impact.csv"), "period,date,report_url,key,label,value,unit,goal\r\n");
}
