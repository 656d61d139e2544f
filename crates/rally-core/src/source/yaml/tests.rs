use super::*;

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Doc {
    title: String,
    #[serde(default)]
    weight: i64,
}

/// `yaml` as the front matter of a file (after its `---` line), parsed as `T`.
fn all<T: DeserializeOwned>(yaml: &str) -> Result<(T, Positions), Vec<Diagnostic>> {
    let text = format!("---\n{yaml}---\n");
    parse_all(Path::new("a.md"), &text, 4..4 + yaml.len())
}

fn err(yaml: &str) -> Diagnostic {
    all::<Doc>(yaml).unwrap_err().remove(0)
}

/// The diagnostics of `yaml` as printed, one block each.
fn printed<T: DeserializeOwned + std::fmt::Debug>(yaml: &str) -> String {
    let errors = all::<T>(yaml).unwrap_err();
    errors.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n\n")
}

#[test]
fn unknown_key_points_at_its_key_and_suggests_the_nearest() {
    let d = err("title: x\ntitel: y\n");
    assert_eq!((d.line, d.col), (3, 1));
    assert_eq!(d.message, "unknown key `titel`: did you mean `title`?");
    assert_eq!(d.span.map(|s| s.len), Some(5));
    let d = err("title: x\ncolour: y\n");
    assert_eq!(d.message, "unknown key `colour`: the keys here are title, weight");
    let d = all::<Mission>("brand:\n  primray: x\n").unwrap_err().remove(0);
    assert_eq!(d.message, "unknown key `primray` in `brand`: did you mean `primary`?");
}

#[test]
fn wrong_type_is_reported_at_the_value() {
    let d = err("title: x\nweight: heavy\n");
    assert_eq!((d.line, d.col), (3, 9));
    assert!(d.message.contains("wrong type"), "{}", d.message);
    assert_eq!(d.span.map(|s| s.len), Some(5), "the whole value");
}

#[test]
fn alias_bomb_is_an_error_not_a_hang() {
    let mut y = String::from("a: &a [x,x,x,x,x,x,x,x,x,x]\n");
    for i in 0..12 {
        let prev = if i == 0 { "a".to_string() } else { format!("b{}", i - 1) };
        y.push_str(&format!(
            "b{i}: &b{i} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
        ));
    }
    y.push_str("title: x\n");
    assert!(all::<serde_json::Value>(&y).is_err());
}

#[test]
fn every_key_that_does_not_fit_is_reported() {
    let found = all::<Doc>("title: x\nweight: heavy\ntitel: y\nweigth: 3\n").unwrap_err();
    let found: Vec<(usize, usize, &str)> =
        found.iter().map(|d| (d.line, d.col, d.message.split(':').next().unwrap())).collect();
    assert_eq!(
        found,
        vec![(3, 9, "wrong type"), (4, 1, "unknown key `titel`"), (5, 1, "unknown key `weigth`")],
        "weight at its value, the unknown keys at their keys"
    );
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct WithCta {
        title: String,
        cta: Option<Cta>,
        #[serde(default)]
        weight: i64,
    }
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Cta {
        label: String,
        url: String,
    }
    let all_errors = all::<WithCta>("title: x\nweight: heavy\ncta: { label: Join }\n").unwrap_err();
    assert_eq!(all_errors.len(), 2, "{all_errors:?}");
    assert!(all_errors[1].message.contains("missing key `url`") && all_errors[1].line == 4, "{all_errors:?}");
    assert_eq!(all::<Doc>("title: x\nweight:\n  - 1\n").unwrap_err().len(), 1, "one error per key");
    assert_eq!(all::<Doc>("title: [\n").unwrap_err().len(), 1);
}

#[test]
fn duplicate_keys_are_reported_at_the_second() {
    let d = err("title: x\ntitle: y\n");
    assert_eq!((d.line, d.col), (3, 1));
    assert_eq!(d.message, "`title` is written twice (first at line 2): keep one");
}

#[test]
fn a_missing_key_is_reported_at_the_opening_fence() {
    let d = err("weight: 2\n");
    assert_eq!((d.line, d.col, d.span.map(|s| s.len)), (1, 1, Some(3)));
    assert_eq!(d.message, "missing key `title`");
}

#[test]
fn a_second_document_is_one_error() {
    let text = "title: T\n---\ntitle: U\n";
    let all = parse_all::<Doc>(Path::new("site.yaml"), text, 0..text.len()).unwrap_err();
    assert_eq!(all.len(), 1, "{all:?}");
    assert!(all[0].message.starts_with("a `---` line in the middle starts a second YAML document"), "{all:?}");
    assert_eq!(all[0].line, 2, "{all:?}");
}

#[test]
fn empty_parses_as_empty_mapping() {
    let (v, p): (serde_json::Value, _) = all("  \n").unwrap();
    assert_eq!(v, serde_json::json!({}));
    assert_eq!(p.start().line, 1);
}

#[test]
fn position_index() {
    let yaml = "title: \"Our work\"\nbrand: { primary: '#0b6e4f', logo: /l.svg }\ntags: [a, b]\n\
                description: >\n  Long text\n  more\ngoals:\n  - key: trees\n    target: 10\n  - key: km\n    \
                label: Km\n";
    let (_, positions) = all::<serde_json::Value>(yaml).unwrap();
    let text = format!("---\n{yaml}---\n");
    let shown: Vec<String> = positions
        .sorted()
        .into_iter()
        .filter(|(path, _)| !path.is_empty())
        .map(|(path, e)| {
            let key = e.key.map_or("-".to_string(), |k| format!("{}:{}", k.line, k.col));
            let v = e.value;
            let value = &text[v.span.offset..v.span.offset + v.span.len];
            format!("{path:<16} key {key:<5} value {}:{} {value:?}", v.line, v.col)
        })
        .collect();
    insta::assert_snapshot!(shown.join("\n"));
}

#[test]
fn crlf_and_offsets_in_the_file() {
    let text = "---\r\ntitle: A\r\nweight: heavy\r\n---\r\n";
    let d = parse_all::<Doc>(Path::new("a.md"), text, 5..30).unwrap_err().remove(0);
    assert_eq!((d.line, d.col), (3, 9));
    assert_eq!(&text[d.span.unwrap().offset..][..5], "heavy");
    assert_eq!(d.source_line.as_deref(), Some("weight: heavy"));
}

#[derive(Debug, serde::Deserialize)]
#[allow(dead_code)]
struct Mission {
    #[serde(default)]
    brand: Option<Brand>,
    #[serde(default)]
    goals: Vec<Goal>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    description: Option<String>,
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Brand {
    primary: Option<String>,
    accent: Option<String>,
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Goal {
    key: String,
    label: String,
    target: f64,
}

#[test]
fn messages_for_writers() {
    let cases = [
        ("colour_as_a_comment", "brand:\n  primary: #0b6e4f\n  accent: \"#f2a541\"\n"),
        ("colour_as_a_comment_in_braces", "brand: { primary: #0b6e4f, accent: \"#f2a541\" }\ntitle: A\n"),
        ("tab", "title: A\n\tdescription: B\n"),
        ("colon_in_a_value", "title: Update: our first clean-up\n"),
        ("over_indented_key", "title: A\n  description: B\n"),
        ("under_indented_key", "brand:\n    primary: \"#000\"\n  accent: \"#fff\"\n"),
        ("unclosed_quote", "title: \"Our work\ndescription: B\n"),
        ("quote_inside_a_quoted_value", "title: 'it's here'\ndescription: B\n"),
        ("text_after_a_quoted_value", "title: A\ndescription: \"Clean\" rivers\n"),
        ("a_key_without_a_colon", "title: A\nbrand:\n  primary \"#000\"\n  accent: \"#fff\"\n"),
        ("a_block_sign_at_the_start_of_a_value", "title: >Our work\n"),
        ("unclosed_list", "title: A\ntags: [a, b\ndescription: B\n"),
        (
            "goals_by_key_and_counted_from_one",
            "goals:\n  - { key: a, label: A, target: 1 }\n  - { key: b, label: B, target: 2 }\n  - { key: c, label: C, target: 3 }\n  - key: river_km\n    label: River\n    target: many\n",
        ),
        ("goal_key_typo", "goals:\n  - key: river_km\n    label: River\n    traget: 12\n"),
        ("goal_without_key", "goals:\n  - label: River\n    target: 12\n"),
    ];
    for (name, yaml) in cases {
        insta::assert_snapshot!(name, printed::<Mission>(yaml), yaml);
    }
}

#[test]
fn a_commented_out_value_is_an_error_only_when_it_reads_as_a_value() {
    assert!(all::<Mission>("title: # not yet\ndescription:\n").is_ok(), "a comment after an empty key");
    let d = all::<Mission>("description: #synergy\n").unwrap_err().remove(0);
    assert_eq!((d.line, d.col), (2, 14));
    assert!(d.message.contains("`description: \"#synergy\"`"), "{}", d.message);
}
