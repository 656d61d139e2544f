//! One whole rendered page of every content kind, as snapshots: a change to what any kind of page
//! shows (its template, its view, its meta) appears here as a reviewable diff. The stylesheets'
//! fingerprints are replaced by `HASH`, so a style change alone leaves these alone.

use crate::common;

use std::path::Path;

const EVENT: &str = "---\ntitle: River clean-up at Kell Bridge\ndescription: Gloves and bags provided.\nstart: 2026-12-12T10:00\nend: 2026-12-12T13:00\ntimezone: Europe/London\nlocation: { name: Kell Bridge car park, address: \"Mill Lane, Kell\" }\nregistration_url: https://org.example/register\n---\nMeet at the noticeboard.\n";
const CAMPAIGN: &str = "---\ntitle: Protect the Kell\ndescription: Ask the council to stop sewage spills.\nkind: petition\ntarget: 5000\ndeadline: 2027-03-31\ncount: 1234\ncta: { label: Sign the petition, url: https://org.example/sign }\n---\nSewage spilled into the Kell on 112 days last year.\n";

/// The page at `rel` of `out`, with fingerprinted file names made stable.
fn page(out: &Path, rel: &str) -> String {
    stable_names(&common::read(out, rel))
}

/// `html` with fingerprinted file names made stable.
fn stable_names(html: &str) -> String {
    let mut stable = String::with_capacity(html.len());
    let mut rest = html;
    // `style.a270e0d4.css` → `style.HASH.css`
    while let Some(at) = rest.find(".css") {
        let (head, tail) = rest.split_at(at);
        let dot = head.rfind('.').filter(|&d| {
            let hash = &head[d + 1..];
            hash.len() == 8 && hash.bytes().all(|b| b.is_ascii_hexdigit())
        });
        match dot {
            Some(d) => stable.push_str(&format!("{}.HASH", &head[..d])),
            None => stable.push_str(head),
        }
        stable.push_str(".css");
        rest = &tail[4..];
    }
    stable.push_str(rest);
    stable
}

/// The hub fixture with an event and a campaign, built.
fn built() -> (tempfile::TempDir, std::path::PathBuf) {
    let (dir, site) = common::fixture_with_cards("hub");
    common::write(&site, "content/events/2026-12-12-kell-clean-up.md", EVENT);
    common::write(&site, "content/campaigns/protect-the-kell.md", CAMPAIGN);
    (dir, common::build(&site))
}

/// Every file a site's build writes, by its path: the URLs of its pages and files.
#[test]
fn every_url_of_a_site() {
    let (_dir, out) = built();
    let mut files: Vec<String> = walkdir::WalkDir::new(&out)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(&out).unwrap().to_string_lossy().replace('\\', "/"))
        .filter(|p| !p.starts_with(".rally-cache/"))
        .map(|p| stable_names(&p))
        .collect();
    files.sort();
    insta::assert_snapshot!(files.join("\n"));
}

#[test]
fn one_page_of_every_kind() {
    let (_dir, out) = built();
    for (kind, rel) in [
        ("home", "index.html"),
        ("mission", "mission/index.html"),
        ("values", "values/index.html"),
        ("faq", "faq/index.html"),
        ("report", "impact/2025-q3/index.html"),
        ("update", "updates/kell/index.html"),
        ("event", "events/kell-clean-up/index.html"),
        ("campaign", "campaigns/protect-the-kell/index.html"),
        ("section", "about/index.html"),
        ("page", "about/team/index.html"),
    ] {
        insta::assert_snapshot!(kind, page(&out, rel));
    }
}

#[test]
fn a_level_one_heading_starts_a_section_of_the_faq() {
    let faq = "---\ntitle: FAQ\n---\nAsk us anything.\n\n## Who are you?\n\nA trust.\n\n# Giving\n\nHow money works.\n\n## Is my gift safe?\n\nYes.\n\n## Can I give monthly?\n\nYes.\n\n# Volunteering\n\n## Who can join?\n\nAnyone.\n";
    let (_g, site) = crate::common::site_with(&[("content/faq.md", faq)]);
    let out = crate::common::build(&site);
    let html = page(&out, "faq/index.html");
    let giving = html.find(r#"<section class="faq-group" aria-labelledby="giving">"#).expect(&html);
    let volunteering = html.find(r#"<section class="faq-group" aria-labelledby="volunteering">"#).expect(&html);
    assert!(html.contains(r#"<h2 class="faq-group-title" id="giving">Giving</h2>"#), "{html}");
    assert!(html.contains("<p>How money works.</p>"), "{html}");
    let safe = html
        .find(
            r#"<details class="faq-item" id="is-my-gift-safe"><summary><h3 class="faq-question">Is my gift safe?</h3>"#,
        )
        .expect(&html);
    let who = html
        .find(r#"<details class="faq-item" id="who-are-you"><summary><h2 class="faq-question">Who are you?</h2>"#)
        .expect(&html);
    let join = html.find(r#"id="who-can-join"><summary><h3"#).expect(&html);
    assert!(who < giving && giving < safe && safe < volunteering && volunteering < join, "{html}");
    // the answer before a section heading does not take the heading in
    let who_answer = &html[who..giving];
    assert!(!who_answer.contains("Giving") && who_answer.contains("A trust."), "{who_answer}");
    // FAQPage JSON-LD lists every question
    for q in ["Who are you?", "Is my gift safe?", "Can I give monthly?", "Who can join?"] {
        assert!(html.contains(&format!(r#"{{"@type":"Question","name":"{q}""#)), "{q}: {html}");
    }
}

#[test]
fn markdown_files_named_dot_markdown_are_pages_and_bare_urls_are_links() {
    let (_g, site) = crate::common::site_with(&[
        (
            "content/about.markdown",
            "---\ntitle: About\n---\nOur data: https://data.kell.example/latest. See [the FAQ](@/faq.markdown).\n",
        ),
        ("content/faq.markdown", "---\ntitle: Questions\n---\n## Why?\n\nBecause.\n"),
    ]);
    let out = crate::common::build(&site);
    let about = page(&out, "about/index.html");
    assert!(
        about.contains(r#"<a href="https://data.kell.example/latest">https://data.kell.example/latest</a>."#),
        "{about}"
    );
    assert!(about.contains(r#"<a href="/faq/">the FAQ</a>"#), "{about}");
    assert!(page(&out, "faq/index.html").contains("Because."), "faq.markdown is the FAQ");
    assert!(!out.join("about.markdown").exists(), "not copied as a file");
}

#[test]
fn a_page_beside_a_folder_of_its_name_is_told_where_to_go() {
    let (_g, site) = crate::common::site_with(&[
        ("content/about.md", "---\ntitle: About\n---\nUs.\n"),
        ("content/about/team.md", "---\ntitle: Team\n---\nThem.\n"),
    ]);
    let out = assert_cmd::Command::cargo_bin("rally").unwrap().arg("--root").arg(&site).arg("build").output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("content/about.md:2:8: error: this page's URL clashes with `/about/`, the page of the folder content/about/: move this file to content/about/_index.md"), "{err}");
}

#[test]
fn the_landing_page_has_its_own_headline_and_chooses_its_photo() {
    let statement = "Every river in the valley safe to swim in by 2030, cared for by the people who live beside them, with clean water, thriving wildlife and open banks for everyone who wants to walk, swim or fish there.";
    let mission = format!("---\nstatement: {statement}\n---\nWhy.\n");
    let update = "---\ntitle: Otters\ndate: 2026-01-01\nimage: /images/otter.svg\nimage_alt: An otter\n---\nText.\n";
    let (_g, site) = crate::common::site_with(&[
        ("content/mission.md", mission.as_str()),
        ("content/updates/otters.md", update),
        ("static/images/otter.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
    ]);
    let yaml = crate::common::read(&site, "site.yaml");
    crate::common::write(
        &site,
        "site.yaml",
        &format!("{yaml}theme: grassroots\nlanguages:\n  fr: {{ name: Français }}\n"),
    );
    let out = crate::common::build(&site);
    let home = page(&out, "index.html");
    assert!(
        home.contains(&format!("<h1 id=\"hero-heading\" class=\"hero-title hero-title--xlong\">{statement}</h1>")),
        "{home}"
    );
    assert!(!home.contains("masthead-figure"), "no photo unless the landing page chooses one: {home}");
    crate::common::write(
        &site,
        "content/_index.md",
        "---\ntitle: Hub\nheadline: Swimmable rivers by 2030\nhero_image: /images/otter.svg\nhero_image_alt: An otter at dusk\n---\n",
    );
    crate::common::write(
        &site,
        "content/_index.fr.md",
        "---\ntitle: Hub\nheadline: Des rivières baignables d’ici 2030\n---\n",
    );
    let out = crate::common::build(&site);
    let home = page(&out, "index.html");
    assert!(
        home.contains("<h1 id=\"hero-heading\" class=\"hero-title hero-title--short\">Swimmable rivers by 2030</h1>"),
        "{home}"
    );
    assert!(home.contains("src=\"/images/otter.svg\" alt=\"An otter at dusk\""), "{home}");
    assert!(page(&out, "fr/index.html").contains(">Des rivières baignables d’ici 2030</h1>"));
}
