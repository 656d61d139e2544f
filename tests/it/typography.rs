//! Typography: smart punctuation in the page's language, in the body and in the front matter,
//! never inside code.
use crate::common;

use assert_cmd::Command;
use common::*;

#[test]
fn punctuation_is_smart_in_each_language_and_never_in_code() {
    let body = "\"Rivers are for everyone,\" she said -- it's 2019--2025...\n\n\
                Run `rally build --output \"x\"` and:\n\n```\necho \"it's\" -- ...\n```\n";
    let (_g, site) = site_with(&[
        (
            "site.yaml",
            "title: T\nbase_url: https://t.example/\nlanguage: en\nlanguages:\n  fr: { name: Français }\n  de: { name: Deutsch }\n",
        ),
        (
            "content/about.md",
            &format!("---\ntitle: \"The river's \\\"best\\\" year\"\ndescription: Swim -- or wade...\n---\n{body}"),
        ),
        (
            "content/about.fr.md",
            "---\ntitle: \"L'année \\\"record\\\"\"\n---\nElle a dit \"oui\" : vraiment ? Oui ! Voir `\"code\"`.\n",
        ),
        ("content/about.de.md", "---\ntitle: Das \"beste\" Jahr\n---\nEr sagte \"ja\" und 'nein'.\n"),
    ]);
    Command::cargo_bin("rally").unwrap().arg("--root").arg(&site).arg("build").assert().success();
    let out = site.join("public");
    let en = read(&out, "about/index.html");
    assert!(en.contains("<title>The river’s “best” year"), "{en}");
    assert!(en.contains("content=\"Swim – or wade…\""), "the description: {en}");
    assert!(en.contains("<p>“Rivers are for everyone,” she said – it’s 2019–2025…</p>"), "{en}");
    assert!(en.contains("<code>rally build --output \"x\"</code>"), "inline code is left alone: {en}");
    assert!(en.contains("echo &quot;it&#39;s&quot; -- ...") || en.contains("echo &quot;it's&quot; -- ..."), "{en}");
    let fr = read(&out, "fr/about/index.html");
    let n = '\u{202f}';
    assert!(fr.contains("<title>L’année «\u{202f}record\u{202f}»"), "{fr}");
    assert!(
        fr.contains(&format!("Elle a dit «{n}oui{n}»{n}: vraiment{n}? Oui{n}! Voir <code>\"code\"</code>.")),
        "{fr}"
    );
    let de = read(&out, "de/about/index.html");
    assert!(de.contains("<title>Das „beste“ Jahr"), "{de}");
    assert!(de.contains("Er sagte „ja“ und ‚nein‘."), "{de}");
}

fn fonts_site(fonts: &str, files: &[(&str, &[u8])]) -> (tempfile::TempDir, std::path::PathBuf) {
    let yaml = format!("title: T\nbase_url: https://t.example/hub/\nbrand:\n  primary: \"#0b6e4f\"\n  fonts:\n{fonts}");
    let (g, site) = site_with(&[("site.yaml", &yaml), ("content/about.md", "---\ntitle: About\n---\nText.\n")]);
    for (rel, bytes) in files {
        std::fs::create_dir_all(site.join(rel).parent().unwrap()).unwrap();
        std::fs::write(site.join(rel), bytes).unwrap();
    }
    (g, site)
}

fn woff2() -> Vec<u8> {
    let mut bytes = b"wOF2".to_vec();
    bytes.extend([0u8; 60]);
    bytes
}

#[test]
fn brand_fonts_are_served_from_the_site_with_swap_and_preload() {
    let font = woff2();
    let (_g, site) = fonts_site(
        "    heading: /fonts/Brand-Head.woff2\n    body: /fonts/Brand-Body.woff2\n",
        &[("static/fonts/Brand-Head.woff2", &font), ("static/fonts/Brand-Body.woff2", &font)],
    );
    Command::cargo_bin("rally").unwrap().arg("--root").arg(&site).arg("build").assert().success();
    let out = site.join("public");
    let page = read(&out, "about/index.html");
    for f in ["Brand-Head", "Brand-Body"] {
        let preload =
            format!("<link rel=\"preload\" href=\"/hub/fonts/{f}.woff2\" as=\"font\" type=\"font/woff2\" crossorigin>");
        assert!(page.contains(&preload), "{f}: {page}");
        assert!(out.join(format!("fonts/{f}.woff2")).is_file());
    }
    let css_name = page.split("<link rel=\"stylesheet\" href=\"/hub/").nth(1).unwrap().split('"').next().unwrap();
    let css = read(&out, css_name);
    assert!(
        css.contains(
            "@font-face{font-family:\"Brand heading\";src:url(\"/hub/fonts/Brand-Head.woff2\") format(\"woff2\")"
        ),
        "{css}"
    );
    assert!(css.contains("font-display:swap"), "{css}");
    assert!(css.contains("--font-heading:\"Brand heading\",var(--font-body)"), "{css}");
    assert!(css.contains("--font-body:\"Brand body\",system-ui,sans-serif"), "{css}");
}

#[test]
fn a_brand_font_that_is_missing_or_not_woff2_is_an_error_at_its_line() {
    type Files<'a> = &'a [(&'a str, &'a [u8])];
    let cases: [(&str, Files, &str); 4] = [
        (
            "    heading: /fonts/Gone.woff2\n",
            &[],
            "site.yaml:6:14: error: font `/fonts/Gone.woff2` is not in static/: put the file at static/fonts/Gone.woff2",
        ),
        (
            "    body: /fonts/Brand.ttf\n",
            &[("static/fonts/Brand.ttf", b"\0\x01\0\0")],
            "site.yaml:6:11: error: font `/fonts/Brand.ttf` is not a WOFF2 file: convert it (e.g. `woff2_compress Brand.ttf`)",
        ),
        (
            "    body: /fonts/Fake.woff2\n",
            &[("static/fonts/Fake.woff2", b"<html>")],
            "site.yaml:6:11: error: font `/fonts/Fake.woff2` is not a WOFF2 font (static/fonts/Fake.woff2 does not start with `wOF2`)",
        ),
        (
            "    heading: https://fonts.example/x.woff2\n",
            &[],
            "site.yaml:6:14: error: font `https://fonts.example/x.woff2` is on another host",
        ),
    ];
    for (fonts, files, message) in cases {
        let (_g, site) = fonts_site(fonts, files);
        let assert = Command::cargo_bin("rally").unwrap().arg("--root").arg(&site).arg("build").assert().code(1);
        let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
        assert!(stderr.contains(message), "{stderr}");
        assert!(!site.join("public").exists(), "nothing is written");
    }
}

#[test]
fn goal_labels_are_shown_with_the_languages_marks_and_published_as_written() {
    let mission = "---\ntitle: Mission\nstatement: Clean rivers.\ngoals:\n  - key: sites\n    label: Bathing sites rated \"good\" or better\n    target: 12\n    deadline: 2030-06-30\n---\nText.\n";
    let (_g, site) = site_with(&[
        ("site.yaml", "title: T\nbase_url: https://t.example/\nlanguage: en\ncards: { enabled: false }\n"),
        ("content/mission.md", mission),
    ]);
    Command::cargo_bin("rally").unwrap().arg("--root").arg(&site).arg("build").assert().success();
    let out = site.join("public");
    for page in ["index.html", "mission/index.html", "impact/index.html"] {
        let html = read(&out, page);
        assert!(html.contains("Bathing sites rated “good” or better"), "{page}: {html}");
        assert!(!html.contains("rated &quot;good&quot;") && !html.contains("rated \"good\""), "{page}: {html}");
    }
    // the open data keeps the label as it was written
    let json = read(&out, "impact.json");
    assert!(json.contains(r#"Bathing sites rated \"good\" or better"#), "{json}");
}
