//! Languages: translations, fallbacks for pages not translated yet, alternates and the sitemap.

use crate::common;

use assert_cmd::Command;
use common::*;

#[test]
fn a_right_to_left_language_renders_right_to_left() {
    let (_g, site) = fixture("rtl");
    let out = build(&site);
    let faq = read(&out, "ar/faq/index.html");
    assert!(faq.contains("<html lang=\"ar\" dir=\"rtl\">"), "{faq}");
    assert!(faq.contains("<h1>أسئلة شائعة</h1>") || faq.contains("أسئلة شائعة</h1>"), "the translated title");
    assert!(faq.contains("href=\"/ar/updates/readings/\""), "@/ links stay in the language");
    let en = read(&out, "faq/index.html");
    assert!(en.contains("<html lang=\"en\" dir=\"ltr\">"));
    for (lang, href) in [
        ("en", "https://nahr.example/faq/"),
        ("ar", "https://nahr.example/ar/faq/"),
        ("x-default", "https://nahr.example/faq/"),
    ] {
        let link = format!("<link rel=\"alternate\" hreflang=\"{lang}\" href=\"{href}\">");
        assert!(en.contains(&link) && faq.contains(&link), "missing {link}");
    }
    assert!(faq.contains("<meta property=\"og:locale\" content=\"ar\">"));
    assert!(faq.contains("<meta property=\"og:locale:alternate\" content=\"en\">"));
    assert!(faq.contains("\"inLanguage\":\"ar\""));
    let switcher = "<a href=\"/faq/\" lang=\"en\" hreflang=\"en\">";
    assert!(faq.contains(switcher), "the switcher leads to the same page: {faq}");
    assert!(faq.contains("<a href=\"/ar/faq/\" lang=\"ar\" hreflang=\"ar\" aria-current=\"true\">"));
}

#[test]
fn a_page_not_translated_appears_in_the_default_language_with_a_notice() {
    let (_g, site) = fixture("rtl");
    let out = build(&site);
    let page = read(&out, "ar/updates/readings/index.html");
    assert!(page.contains("<html lang=\"ar\" dir=\"rtl\">"));
    assert!(
        page.contains("<main id=\"main\" tabindex=\"-1\" lang=\"en\" dir=\"ltr\">"),
        "the content keeps its own language and direction"
    );
    assert!(page.contains("class=\"untranslated\""));
    assert!(page.contains("<link rel=\"canonical\" href=\"https://nahr.example/updates/readings/\">"));
    let list = read(&out, "ar/updates/index.html");
    assert!(list.contains("The first readings of the season"), "lists show it too");
    assert!(list.contains("/river.svg") && !list.contains("/ar/river.svg"), "images are the site's own files: {list}");
    assert!(out.join("ar/tags/water/index.html").is_file(), "tags have their page in every language");
    assert!(out.join("ar/atom.xml").is_file(), "each language has its feed");
    let feed = read(&out, "ar/atom.xml");
    assert!(feed.contains("https://nahr.example/ar/updates/readings/"));
    assert!(
        !out.join("ar/style.css").exists() && !out.join("ar/sitemap.xml").exists(),
        "shared files are written once"
    );
}

#[test]
fn the_sitemap_names_every_language_of_a_page() {
    let (_g, site) = fixture("rtl");
    let out = build(&site);
    let map = read(&out, "sitemap.xml");
    let doc = roxmltree::Document::parse(&map).unwrap();
    let xhtml = "http://www.w3.org/1999/xhtml";
    let url = doc
        .descendants()
        .find(|n| n.has_tag_name("loc") && n.text() == Some("https://nahr.example/ar/faq/"))
        .and_then(|n| n.parent())
        .expect("the Arabic FAQ is listed");
    let alternates: Vec<_> = url
        .children()
        .filter(|n| n.has_tag_name((xhtml, "link")))
        .map(|n| (n.attribute("hreflang").unwrap(), n.attribute("href").unwrap()))
        .collect();
    assert_eq!(
        alternates,
        [
            ("en", "https://nahr.example/faq/"),
            ("ar", "https://nahr.example/ar/faq/"),
            ("x-default", "https://nahr.example/faq/")
        ]
    );
}

#[test]
fn a_translation_that_sets_data_is_an_error_at_its_line() {
    let (_g, site) = site_with(&[
        ("site.yaml", "title: T\nbase_url: https://t.example/\nlanguages:\n  fr: { name: Français }\n"),
        ("content/updates/2026-05-01-otters.md", "---\ntitle: Otters\ndate: 2026-05-01\n---\nBody.\n"),
        ("content/updates/2026-05-01-otters.fr.md", "---\ntitle: Loutres\ndate: 2026-05-02\n---\nCorps.\n"),
        ("content/about.fr.md", "---\ntitle: À propos\n---\n"),
    ]);
    let out = Command::cargo_bin("rally").unwrap().current_dir(&site).arg("build").assert().failure().code(1);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(err.contains("content/updates/2026-05-01-otters.fr.md:3:1: error: `date` is not text"), "{err}");
    assert!(err.contains("comes from content/updates/2026-05-01-otters.md"), "{err}");
    assert!(err.contains("content/about.fr.md:1:1: error: this translation has no original"), "{err}");
}

/// A site in English and French with this mission, its French translation and `more` files.
fn french_mission(mission: &str, translation: &str, more: &[(&str, &str)]) -> (tempfile::TempDir, std::path::PathBuf) {
    let mut files = vec![
        ("site.yaml", "title: T\nbase_url: https://t.example/\nlanguages:\n  fr: { name: Français }\n"),
        ("content/mission.md", mission),
        ("content/mission.fr.md", translation),
    ];
    files.extend_from_slice(more);
    site_with(&files)
}

#[test]
fn a_mission_translation_relabels_goals_by_key_only() {
    let mission = "---\ntitle: Mission\ngoals:\n  - { key: km, label: Kilometres, target: 10, unit: km }\n---\n";
    let translation =
        "---\ntitle: Mission\ngoals:\n  - { key: km, label: Kilomètres }\n  - { key: kms, target: 5 }\n---\n";
    let (_g, site) = french_mission(mission, translation, &[]);
    let err = build_err(&site);
    assert!(err.contains("content/mission.fr.md:5:"), "{err}");
    assert!(err.contains("has no goal `kms` (did you mean `km`?)"), "{err}");
    assert!(err.contains("`target` is not text"), "{err}");
    write(&site, "content/mission.fr.md", "---\ntitle: Mission\ngoals:\n  - { key: km, label: Kilomètres }\n---\n");
    let out = build(&site);
    assert!(read(&out, "fr/mission/index.html").contains("Kilomètres"));
    assert!(read(&out, "mission/index.html").contains("Kilometres"));
}

#[test]
fn a_mission_translation_gives_the_movement_and_call_to_action_their_words() {
    let mission = "---\ntitle: Mission\nstatement: Swim by 2030.\nmovement: { name: The Swimmable Valley movement, pledge: I will help. }\ncta: { label: Join a clean-up, url: /join/ }\n---\n";
    let translation = "---\ntitle: Mission\ncta: { label: Participer, url: /ailleurs/ }\n---\n";
    let (_g, site) = french_mission(mission, translation, &[("content/join.md", "---\ntitle: Join\n---\nCome.\n")]);
    let err = build_err(&site);
    assert!(err.contains("content/mission.fr.md:3:"), "{err}");
    assert!(err.contains("`url` is not text: it comes from content/mission.md"), "{err}");
    write(
        &site,
        "content/mission.fr.md",
        "---\ntitle: Mission\nmovement: { name: Le mouvement Vallée baignable, pledge: J’aiderai. }\ncta: { label: Participer à un nettoyage }\n---\n",
    );
    let out = build(&site);
    let home = read(&out, "fr/index.html");
    for words in ["Le mouvement Vallée baignable", "Participer à un nettoyage</a>", "J’aiderai."] {
        assert!(home.contains(words), "{words} in {home}");
    }
    assert!(home.contains("href=\"/fr/join/\""), "the link comes from the original, in the language: {home}");
    let en = read(&out, "index.html");
    assert!(en.contains("The Swimmable Valley movement") && en.contains("Join a clean-up</a>"));
    // `rally new translation` writes the movement and the call to action to translate
    std::fs::remove_file(site.join("content/mission.fr.md")).unwrap();
    Command::cargo_bin("rally")
        .unwrap()
        .current_dir(&site)
        .args(["new", "translation", "content/mission.md", "fr"])
        .assert()
        .success();
    let made = read(&site, "content/mission.fr.md");
    assert!(made.contains("movement:   # TRANSLATE") && made.contains("  pledge: I will help.\n"), "{made}");
    assert!(made.contains("cta: { label: Join a clean-up }   # TRANSLATE"), "{made}");
    build(&site);
}

#[test]
fn new_translation_copies_the_text_to_translate_and_check_reports_coverage_and_changes() {
    let (_g, site) = site_with(&[
        ("site.yaml", "title: T\nbase_url: https://t.example/\nlanguages:\n  fr: { name: Français }\n"),
        ("content/faq.md", "---\ntitle: Questions\ndescription: What people ask.\n---\n## Can I swim?\n\nYes.\n"),
        ("content/values.md", "---\ntitle: Values\ndescription: What we hold.\n---\nWe care.\n"),
    ]);
    let rally = || {
        let mut c = Command::cargo_bin("rally").unwrap();
        c.current_dir(&site);
        c
    };
    rally().args(["new", "translation", "faq", "fr"]).assert().success();
    let made = read(&site, "content/faq.fr.md");
    assert!(made.contains("translated_from: "), "{made}");
    assert!(made.contains("title: Questions   # TRANSLATE"), "{made}");
    assert!(made.contains("description: What people ask.   # TRANSLATE"), "{made}");
    assert!(made.contains("## Can I swim?"), "{made}");
    let out = rally().arg("check").assert().success();
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(err.contains("Translations: fr (Français): 1 of 2 pages translated (50%)"), "{err}");
    assert!(!err.contains("changed since this translation"), "{err}");
    write(
        &site,
        "content/faq.md",
        "---\ntitle: Questions\ndescription: What people ask.\n---\n## Can I swim today?\n\nYes.\n",
    );
    let out = rally().arg("check").assert();
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        err.contains("content/faq.fr.md:1:1: warning: content/faq.md changed since this translation was made"),
        "{err}"
    );
    rally().args(["new", "translation", "faq", "de"]).assert().failure().code(2);
}

/// Every site-local `src` and `href` of the French pages of example-site names a file the build
/// wrote: shared files (photos, badges, stylesheets) are linked at the site's root, not under /fr/.
#[test]
fn french_pages_link_only_to_files_that_exist() {
    let out = &built_example_site("beacon").1;
    let mut checked = 0;
    for page in ["fr/index.html", "fr/impact/index.html", "fr/faq/index.html", "fr/updates/index.html"] {
        let html = read(out, page);
        for attr in ["src=\"/", "href=\"/"] {
            for piece in html.split(attr).skip(1) {
                let url = piece.split(['"', '#', '?']).next().unwrap();
                if url.starts_with('/') {
                    continue; // protocol-relative: another host
                }
                let file =
                    if url.is_empty() || url.ends_with('/') { format!("{url}index.html") } else { url.to_string() };
                assert!(out.join(&file).exists(), "{page} links to /{url}, which the build did not write");
                checked += 1;
            }
        }
    }
    assert!(checked > 40, "only {checked} links checked");
    // the French landing page speaks French from the header down: no notice, the call to action,
    // the movement and the description in French
    let home = read(out, "fr/index.html");
    assert!(!home.contains("pas encore traduite"), "the landing page is translated");
    assert!(home.contains("header-cta\" href=\"/fr/join/\">Participer à un nettoyage</a>"), "{home}");
    assert!(home.contains("Le mouvement Vallée baignable"));
    assert!(home.contains("<meta name=\"description\" content=\"Des rivières propres"));
}

/// A language gives its own `menu`: its labels, and paths under the language's prefix; the other
/// languages keep the site's.
#[test]
fn a_language_gives_its_own_menu() {
    let (_g, site) = site_with(&[
        (
            "site.yaml",
            "title: Hub\nbase_url: https://hub.example/\nlanguage: en\nmenu:\n  - { label: Our mission, url: /mission/ }\n  - { label: Join, url: /join/ }\nlanguages:\n  fr:\n    menu:\n      - { label: Notre mission, url: /mission/ }\n      - { label: Nous rejoindre, url: /join/ }\n",
        ),
        ("content/join.md", "---\ntitle: Join\ndescription: Come.\n---\nCome along.\n"),
        ("content/join.fr.md", "---\ntitle: Rejoindre\ndescription: Venez.\n---\nVenez.\n"),
    ]);
    let out = dir_build(&site);
    let en = read(&out, "join/index.html");
    let fr = read(&out, "fr/join/index.html");
    assert!(en.contains(">Our mission</a>") && en.contains("href=\"/join/\""), "{en}");
    assert!(fr.contains(">Notre mission</a>") && fr.contains(">Nous rejoindre</a>"), "{fr}");
    assert!(fr.contains("href=\"/fr/join/\""), "{fr}");
    assert!(!fr.contains(">Our mission</a>"), "{fr}");
}

/// Builds through the binary, as a user does.
fn dir_build(site: &std::path::Path) -> std::path::PathBuf {
    let out = site.join("public");
    Command::cargo_bin("rally")
        .unwrap()
        .arg("--root")
        .arg(site)
        .args(["build", "--now", "2026-11-24"])
        .assert()
        .success();
    out
}

#[test]
fn a_campaign_translation_gives_its_unit_and_button_label() {
    let (_g, site) = common::site_with(&[
        ("site.yaml", "title: T\nbase_url: https://t.example/\nlanguages:\n  fr: { name: Français }\n"),
        (
            "content/campaigns/pledge.md",
            "---\ntitle: The pledge\nkind: pledge\ntarget: 1000\nunit: pledges\ncount: 952\ncta: { label: Take the pledge, url: /join/ }\n---\nPledge.\n",
        ),
        ("content/join.md", "---\ntitle: Join\n---\nJoin.\n"),
    ]);
    let out = assert_cmd::Command::cargo_bin("rally")
        .unwrap()
        .arg("--root")
        .arg(&site)
        .args(["new", "translation", "campaigns/pledge", "fr"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let made = common::read(&site, "content/campaigns/pledge.fr.md");
    assert!(
        made.contains("unit: pledges   # TRANSLATE\n")
            && made.contains("cta: { label: Take the pledge }   # TRANSLATE\n"),
        "{made}"
    );
    common::write(
        &site,
        "content/campaigns/pledge.fr.md",
        &made.replace("unit: pledges", "unit: engagements").replace("label: Take the pledge", "label: Je m’engage"),
    );
    let out = common::build(&site);
    let page = common::read(&out, "fr/campaigns/pledge/index.html");
    assert!(page.contains("sur 1\u{202f}000 engagements") && page.contains("Je m’engage"), "{page}");
}
