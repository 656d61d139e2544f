use super::*;

struct Map;
impl LinkResolver for Map {
    fn resolve(&self, p: &str) -> Option<String> {
        (p == "updates/kell.md").then(|| "/hub/updates/kell/".to_string())
    }
}

const OPTS: Options = Options { highlight: true, sections: true, groups: false, smart: None };

fn md(text: &str) -> Rendered {
    render(text, 1, &Map, &OPTS)
}

#[test]
fn gfm_features() {
    let r =
        md("| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~ new\n\n- [x] done\n- [ ] todo\n\nText.[^n]\n\n[^n]: A note.\n");
    insta::assert_snapshot!(r.html);
    assert!(r.anchors.contains(&"n".to_string()));
}

#[test]
fn headings_get_unique_ids_and_a_nested_toc() {
    let r = md("# Title\n\n## Why\n\n### Detail\n\n## Why\n\n## Custom {#my-id}\n");
    insta::assert_snapshot!(r.html);
    assert_eq!(r.anchors, vec!["title", "why", "detail", "why-1", "my-id"]);
    assert_eq!(r.toc.len(), 1);
    let kids: Vec<_> = r.toc[0].children.iter().map(|h| (h.id.as_str(), h.children.len())).collect();
    assert_eq!(kids, vec![("why", 1), ("why-1", 0), ("my-id", 0)]);
}

#[test]
fn summary_before_more() {
    let r = md("First paragraph.\n\n<!-- more -->\n\nSecond.\n");
    assert_eq!(r.summary_html.as_deref(), Some("<p>First paragraph.</p>\n"));
    assert!(!r.html.contains("more"));
    assert!(md("No marker.\n").summary_html.is_none());
}

#[test]
fn summary_text_is_plain_and_falls_back_to_the_first_paragraph() {
    let r = md("# Title\n\nFirst *para*\nwith `code`.\n\nSecond.\n\n<!-- more -->\n\nThird.\n");
    assert_eq!(r.summary_text.as_deref(), Some("Title First para with code. Second."));
    let r = md("## Heading\n\nThe first paragraph.\n\nThe second.\n");
    assert_eq!(r.summary_text.as_deref(), Some("The first paragraph."));
    let long = format!("{}end.\n", "word ".repeat(80));
    let r = md(&long);
    let t = r.summary_text.unwrap();
    assert!(t.ends_with("word…") && t.split_whitespace().count() == 50, "{t}");
    assert!(md("```\ncode only\n```\n").summary_text.is_none());
}

#[test]
fn sections_split_at_level_two() {
    let r = md("Intro.\n\n## People *first*\n\nOne.\n\n### Sub\n\nTwo.\n\n## Open data\n\nThree.\n");
    assert_eq!(r.intro_html, "<p>Intro.</p>\n");
    assert_eq!(r.sections.len(), 2);
    assert_eq!(r.sections[0].title, "People first");
    assert_eq!(r.sections[0].title_html, "People <em>first</em>");
    assert_eq!(r.sections[0].id, "people-first");
    assert!(r.sections[0].html.contains("<h3 id=\"sub\">Sub</h3>"));
    assert_eq!(r.sections[1].html, "<p>Three.</p>\n");
    assert_eq!(r.sections[1].line, 11);
}

#[test]
fn level_one_headings_group_sections_when_asked() {
    let text = "Intro.\n\n## Loose\n\nA.\n\n# Giving *money*\n\nAbout giving.\n\n## Is it safe?\n\nB.\n\n## Gift Aid?\n\nC.\n\n# Volunteering\n\n## Who can join?\n\nD.\n";
    let r = render(text, 1, &Map, &Options { groups: true, ..OPTS });
    assert_eq!(r.intro_html, "<p>Intro.</p>\n");
    let titles: Vec<&str> = r.sections.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(titles, ["Loose", "Is it safe?", "Gift Aid?", "Who can join?"]);
    assert_eq!(r.sections[0].html, "<p>A.</p>\n", "a section ends where a group starts");
    assert_eq!(r.groups.len(), 2);
    let g = &r.groups[0];
    assert_eq!((g.id.as_str(), g.title_html.as_str(), g.line), ("giving-money", "Giving <em>money</em>", 7));
    assert_eq!((g.intro_html.as_str(), g.sections.clone()), ("<p>About giving.</p>\n", 1..3));
    assert_eq!(
        (r.groups[1].title.as_str(), r.groups[1].sections.clone(), r.groups[1].intro_html.as_str()),
        ("Volunteering", 3..4, "")
    );
    // without groups, a `# ` heading stays in the section before it
    let r = render(text, 1, &Map, &OPTS);
    assert!(r.groups.is_empty() && r.sections[0].html.contains("<h1 id=\"giving-money\">"), "{:?}", r.sections[0]);
}

#[test]
fn internal_links_resolve_or_report_their_position() {
    let r = render("See [K](@/updates/kell.md#readings).\n\nAnd [x](@/nope.md) too.\n", 5, &Map, &OPTS);
    assert!(r.html.contains("href=\"/hub/updates/kell/#readings\""), "{}", r.html);
    assert_eq!(r.problems.len(), 1);
    assert_eq!((r.problems[0].line, r.problems[0].col), (7, 5));
    assert!(r.problems[0].message.contains("@/nope.md"));
    assert_eq!(r.links.len(), 2);
    assert_eq!(r.links[0].raw, "@/updates/kell.md#readings");
}

#[test]
fn images_record_alt_text() {
    let r = md("![A heron](/img/heron.jpg) and ![](/img/x.png)\n");
    assert_eq!(r.links[0].alt, "A heron");
    assert!(r.links[0].is_image);
    assert_eq!(r.links[1].alt, "");
}

#[test]
fn code_blocks() {
    let r = md("```rust,linenos\nfn main() {}\n```\n\n```\n<plain>\n```\n\n    indented\n\n```klingon\nx\n```\n");
    insta::assert_snapshot!(r.html);
    let plain = render(
        "```rust\nfn x() {}\n```\n",
        1,
        &Map,
        &Options { highlight: false, sections: false, groups: false, smart: None },
    );
    assert_eq!(
        plain.html,
        "<pre class=\"hl hl-code\" tabindex=\"0\"><code class=\"language-rust\">fn x() {}\n</code></pre>\n"
    );
}

#[test]
fn words_are_counted_as_whitespace_splits_them() {
    for text in ["", " ", "one", " one  two\tthree\n", "a\x0bb\x0cc\rd", "été  à Paris", "x\u{a0}y", "end. "] {
        assert_eq!(super::words_in(text), text.split_whitespace().count(), "{text:?}");
    }
}

#[test]
fn word_count_skips_code() {
    assert_eq!(md("one two three\n\n```\nnot counted here\n```\n").word_count, 3);
}

fn on_small_stack(f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new().stack_size(2 * 1024 * 1024).spawn(f).unwrap().join().unwrap();
}

#[test]
fn hostile_input_does_not_overflow_the_stack() {
    on_small_stack(|| {
        let r = md(&format!("{} x\n", ">".repeat(20_000)));
        assert!(r.html.contains('x'));
        let lists: String = (0..10_000).map(|i| format!("{}- x\n", "  ".repeat(i))).collect();
        let _ = md(&lists);
        let table = format!("|{}\n|{}\n", "a|".repeat(2000), "-|".repeat(2000));
        let _ = md(&table);
        let _ = md("```rust\nunterminated\n");
        let _ = md("## Heading {#\n\n## {.x #y #z}\n");
        let _ = md(&"[a](@/".repeat(5000));
    });
}

struct Sub;
impl LinkResolver for Sub {
    fn resolve(&self, _: &str) -> Option<String> {
        None
    }
    fn base_path(&self) -> &str {
        "/hub/"
    }
}

#[test]
fn root_relative_links_get_the_base_path() {
    let r = render(
        "[j](/join/) ![i](/img/a.png) [h](/hub/x/) [e](https://e.example/) [p](//cdn.example/x)\n",
        1,
        &Sub,
        &OPTS,
    );
    assert!(r.html.contains("href=\"/hub/join/\""), "{}", r.html);
    assert!(r.html.contains("src=\"/hub/img/a.png\""));
    assert!(r.html.contains("href=\"/hub/x/\""));
    assert!(r.html.contains("href=\"https://e.example/\"") && r.html.contains("href=\"//cdn.example/x\""));
}

#[test]
fn events_stream_to_the_writer_instead_of_piling_up() {
    let mut body: String = (0..20_000).map(|i| format!("- item {i} with **bold** and [a link](/x/)\n")).collect();
    body.push_str("\n## A heading with *many* `inline` [parts](/y/) in it\n\nEnd.\n");
    let written = std::cell::Cell::new(0);
    let mut pass = Pass::new(&body, 1, &Map, &OPTS, &written);
    let html = write(&body, &mut pass);
    assert!(pass.peak_pending <= 16, "{} events held back at once", pass.peak_pending);
    let r = pass.finish(html);
    assert_eq!(r.sections.len(), 1);
    assert_eq!(
        r.sections[0].title_html,
        "A heading with <em>many</em> <code>inline</code> <a href=\"/y/\">parts</a> in it"
    );
    assert_eq!(r.sections[0].html, "<p>End.</p>\n");
    assert!(
        r.intro_html.starts_with("<ul>\n<li>item 0 with <strong>bold</strong>") && r.intro_html.ends_with("</ul>\n")
    );
}

#[test]
fn a_long_preamble_before_more_keeps_only_the_summary_words() {
    let body = format!("{}\n\n<!-- more -->\n\nAfter.\n", "word ".repeat(200_000));
    let r = md(&body);
    let t = r.summary_text.unwrap();
    assert_eq!(t.split_whitespace().count(), 50, "{t}");
    assert!(r.summary_html.unwrap().len() > 1_000_000, "the HTML summary is the whole preamble");
    assert!(!r.html.contains("more"));
}

#[test]
fn components_become_placeholders_with_file_positions() {
    let r = render(
        "Text.\n\n{{ goal(key=\"a\") }}\n\nSee [x](@/nowhere.md) and {{ cta(label=\"L\", url=\"/u/\") }}\n",
        5,
        &Map,
        &OPTS,
    );
    insta::assert_snapshot!(r.html);
    let at: Vec<_> = r.components.iter().map(|c| (c.name.as_str(), c.line, c.col)).collect();
    assert_eq!(at, [("goal", 7, 1), ("cta", 9, 27)]);
    let link = r.problems.iter().find(|p| p.message.contains("nowhere")).unwrap();
    assert_eq!((link.line, link.col), (9, 5), "a link after a component keeps its column");
}

#[test]
fn component_syntax_errors_are_problems_at_the_file_position() {
    let r = render("Line one.\n\nA {{ goal(key=oops) }}\n", 3, &Map, &OPTS);
    let p: Vec<_> = r.problems.iter().map(|p| (p.line, p.col, p.message.as_str())).collect();
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!((p[0].0, p[0].1), (5, 3));
}

#[test]
fn email_autolinks_are_mailto_links_not_paths() {
    let r = md("Write to <press@org.example> or [us](mailto:hi@org.example).\n");
    assert!(r.html.contains("<a href=\"mailto:press@org.example\">press@org.example</a>"), "{}", r.html);
    let dests: Vec<&str> = r.links.iter().map(|l| l.dest.as_str()).collect();
    assert_eq!(dests, ["mailto:press@org.example", "mailto:hi@org.example"]);
    assert!(r.problems.is_empty());
}

#[test]
fn bare_urls_are_links_as_on_github() {
    let r = md(
        "See https://kell.example/data, or www.kell.example (and https://x.example/a_(b)).\n\nNot in `https://code.example` nor [a link](https://l.example) nor <a href=\"/x\">https://raw.example</a>.\n",
    );
    assert!(r.html.contains(r#"See <a href="https://kell.example/data">https://kell.example/data</a>, or <a href="http://www.kell.example">www.kell.example</a> (and <a href="https://x.example/a_(b)">https://x.example/a_(b)</a>)."#), "{}", r.html);
    assert!(
        r.html.contains("<code>https://code.example</code>")
            && r.html.contains(r#"<a href="/x">https://raw.example</a>"#),
        "{}",
        r.html
    );
    let dests: Vec<&str> = r.links.iter().map(|l| l.dest.as_str()).collect();
    assert_eq!(
        dests,
        ["https://kell.example/data", "http://www.kell.example", "https://x.example/a_(b)", "https://l.example"]
    );
    assert_eq!((r.links[1].line, r.links[1].col), (1, 35));
    assert_eq!(md("a www. b and mailto:x@y.example\n").links.len(), 0);
}
