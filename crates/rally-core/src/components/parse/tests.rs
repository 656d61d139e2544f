use super::*;

/// (name, arguments, is a block, offset) of each call.
type Found = (String, Vec<(String, Arg)>, bool, usize);

fn calls(text: &str) -> Vec<Found> {
    let p = prepass(text).expect("the text has components");
    p.calls.into_iter().map(|(c, at)| (c.name, c.args, c.block, at)).collect()
}

#[test]
fn parses_names_and_arguments() {
    let text = "Intro {{ cta(label=\"Give \\\"now\\\"\", url=\"/give/\") }} and\n\n{{ events(limit=3, past=false) }}\n";
    insta::assert_debug_snapshot!(calls(text));
    insta::assert_snapshot!(prepass(text).unwrap().text);
}

#[test]
fn blocks_get_an_opening_and_a_closing_placeholder() {
    let p = prepass("{% callout(kind=\"tip\") %}\nInside {{ goal(key=\"k\") }}\n{% end %}\n").unwrap();
    insta::assert_snapshot!(p.text);
    assert!(p.errors.is_empty(), "{:?}", p.errors);
    assert_eq!(p.calls.iter().map(|(c, _)| c.block).collect::<Vec<_>>(), [true, false]);
}

#[test]
fn code_spans_and_blocks_are_left_alone() {
    let text = "`{{ goal(key=\"a\") }}`\n\n```\n{{ goal(key=\"b\") }}\n```\n\n    {{ goal(key=\"c\") }}\n\n{{ goal(key=\"d\") }}\n";
    let found = calls(text);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].1, vec![("key".to_string(), Arg::Str("d".into()))]);
    assert!(prepass(text).unwrap().text.contains("{{ goal(key=\"b\") }}"));
}

#[test]
fn offsets_after_a_placeholder_map_back_to_the_body() {
    let text = "{{ goal(key=\"a\") }} tail";
    let p = prepass(text).unwrap();
    let tail = p.text.find("tail").unwrap();
    assert_eq!(p.original(tail), text.find("tail").unwrap());
    assert_eq!(p.original(3), 0, "inside the placeholder is where the component starts");
}

#[test]
fn syntax_problems_are_reported_where_they_start() {
    let cases = [
        "a {{ goal(key=\"x\" }}",
        "a {{ goal key }}",
        "a {{ goal(key=x) }}",
        "a {{ goal(key=\"x\" other=\"y\") }}",
        "a {{ goal(key=\"x\", key=\"y\") }}",
        "a {{ goal(key=\"x\")",
        "a {% callout() %} never closed",
        "a {% end %}",
    ];
    let found: Vec<(usize, String)> = cases
        .iter()
        .map(|t| {
            let p = prepass(t).unwrap();
            assert_eq!(p.errors.len(), 1, "{t}: {:?}", p.errors);
            (p.errors[0].offset, p.errors[0].message.clone())
        })
        .collect();
    insta::assert_debug_snapshot!(found);
}

#[test]
fn text_without_braces_needs_no_prepass() {
    assert!(prepass("Plain { text } here").is_none());
    assert!(prepass("Write `{{ goal() }}` in code").is_some_and(|p| p.calls.is_empty() && p.errors.is_empty()));
}
