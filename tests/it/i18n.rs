//! Languages of a site: theme strings in the site's language (with the site's own overrides),
//! numbers and dates as that language writes them, `<html lang dir>`, and the errors for a
//! template that asks for a string no language has.

use crate::common;

use common::*;
use rally::check::html::tags;

/// The text inside the first element `name` whose `attr` is `value` (inner tags dropped).
fn text_of(html: &str, name: &str, attr: &str, value: &str) -> String {
    let mut found = None;
    tags(html, |t, at| {
        if found.is_none() && t.is(name) && t.get(attr).is_some_and(|a| a.value == value) {
            found = Some(at);
        }
    });
    let at = found.unwrap_or_else(|| panic!("no <{name} {attr}=\"{value}\">"));
    let start = at + html[at..].find('>').unwrap() + 1;
    let end = start + html[start..].find(&format!("</{name}>")).unwrap();
    let mut out = String::new();
    let mut in_tag = false;
    for c in html[start..end].chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    rally::format::unescape_html(out.trim()).into_owned()
}

/// The attributes of the page's `<html>` tag, as (lang, dir).
fn html_lang_dir(html: &str) -> (String, String) {
    let mut got = None;
    tags(html, |t, _| {
        if got.is_none() && t.is("html") {
            let v = |n: &str| t.get(n).map(|a| a.value.to_string()).unwrap_or_default();
            got = Some((v("lang"), v("dir")));
        }
    });
    got.expect("an <html> tag")
}

fn hub_in(language: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let (dir, site) = fixture("hub");
    let yaml = read(&site, "site.yaml").replace("language: en", &format!("language: {language}"));
    write(&site, "site.yaml", &yaml);
    write(
        &site,
        "content/impact/2025-q4.md",
        "---\ntitle: Q4\nperiod: 2025-Q4\ndate: 2025-12-20\ndescription: Q4.\nmetrics:\n  - { key: river_km_restored, value: 1810.5 }\n---\nBody.\n",
    );
    (dir, site)
}

#[test]
fn a_french_site_speaks_french_and_writes_french_numbers() {
    let (_d, site) = hub_in("fr");
    let out = build(&site);
    let home = read(&out, "index.html");
    assert_eq!(html_lang_dir(&home), ("fr".into(), "ltr".into()));
    assert_eq!(text_of(&home, "h2", "id", "updates-heading"), "Dernières actualités");
    assert_eq!(text_of(&home, "h2", "id", "goals-heading"), "Le chemin parcouru");
    assert_eq!(text_of(&home, "a", "class", "skip-link"), "Aller au contenu");
    assert_eq!(text_of(&home, "p", "class", "goal-figure"), "1\u{202F}810,5 km");
    let impact = read(&out, "impact/index.html");
    assert_eq!(text_of(&impact, "h2", "id", "overview-heading"), "En bref");
    let update = read(&out, "updates/kell/index.html");
    let meta = text_of(&update, "p", "class", "meta");
    assert!(meta.starts_with("14 septembre 2025 · "), "{meta}");
    assert!(meta.ends_with("min de lecture"), "{meta}");
}

#[test]
fn an_arabic_site_is_right_to_left() {
    let (_d, site) = hub_in("ar");
    let out = build(&site);
    let home = read(&out, "index.html");
    assert_eq!(html_lang_dir(&home), ("ar".into(), "rtl".into()));
    assert_eq!(text_of(&home, "h2", "id", "updates-heading"), "آخر المستجدات");
    let (_en_dir, en_site) = hub_in("en");
    let en = build(&en_site);
    assert_eq!(html_lang_dir(&read(&en, "index.html")), ("en".into(), "ltr".into()));
}

#[test]
fn a_site_overrides_a_theme_string() {
    let (_d, site) = hub_in("fr");
    write(&site, "i18n/fr.yaml", "latest_updates: Quoi de neuf\n");
    let out = build(&site);
    let home = read(&out, "index.html");
    assert_eq!(text_of(&home, "h2", "id", "updates-heading"), "Quoi de neuf");
    assert_eq!(text_of(&home, "h2", "id", "goals-heading"), "Le chemin parcouru", "other strings stay the theme's");
}

#[test]
fn an_unknown_string_is_an_error_at_the_template_with_a_suggestion() {
    let (_d, site) = hub_in("en");
    write(
        &site,
        "templates/404.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<p>{{ t(key=\"page_not_fund\") }}</p>\n{% endblock content %}\n",
    );
    let err = build_err(&site);
    assert!(err.contains("templates/404.html:3:"), "{err}");
    assert!(err.contains("`page_not_fund`") && err.contains("did you mean `page_not_found`?"), "{err}");
}

#[test]
fn a_broken_strings_file_is_an_error_at_its_line() {
    let (_d, site) = hub_in("en");
    write(&site, "i18n/en.yaml", "latest_updates: News\nmin_read: [unclosed\n");
    let err = build_err(&site);
    assert!(err.contains("i18n/en.yaml:"), "{err}");
}

/// Every built-in theme ships every language with every key the base language has, and every
/// plural string has the forms its language needs.
#[test]
fn shipped_languages_have_every_string() {
    use rally::render::templates::embedded::THEME_FILES;
    let langs = ["en", "fr", "es", "de", "pt", "nl", "ar", "he", "it", "pl", "sv", "ja", "zh", "hi", "sw", "uk"];
    let parse = |p: &str| -> serde_yaml::Mapping {
        let (_, bytes) = THEME_FILES.iter().find(|(f, _)| *f == p).unwrap_or_else(|| panic!("missing {p}"));
        serde_yaml::from_slice(bytes).unwrap_or_else(|e| panic!("{p}: {e}"))
    };
    let base = parse("beacon/i18n/en.yaml");
    assert!(base.len() > 100, "the base language has every string");
    for lang in langs {
        let file = parse(&format!("beacon/i18n/{lang}.yaml"));
        let f = rally::format::Formatter::for_lang(lang);
        for (k, v) in &base {
            let got = file.get(k).unwrap_or_else(|| panic!("{lang}: no `{}`", k.as_str().unwrap()));
            assert_eq!(v.is_mapping(), got.is_mapping(), "{lang}: `{}` plural or not as in en", k.as_str().unwrap());
            if let Some(forms) = got.as_mapping() {
                for n in [0.0, 1.0, 2.0, 3.0, 11.0, 100.0, 1_000_000.0] {
                    let cat = f.plural(n).key();
                    assert!(
                        forms.contains_key(cat) || cat == "other" && forms.contains_key("other"),
                        "{lang}: `{}` has no `{cat}` form",
                        k.as_str().unwrap()
                    );
                }
            }
        }
        assert_eq!(file.len(), base.len(), "{lang}: no keys the base language lacks");
    }
}

/// The hub in English with a French version, a campaign ending in 23 days and an event.
fn bilingual_hub() -> (tempfile::TempDir, std::path::PathBuf) {
    let (dir, site) = hub_in("en");
    let yaml = read(&site, "site.yaml").replace("language: en", "language: en\nlanguages:\n  fr: { name: Français }");
    write(&site, "site.yaml", &yaml);
    write(
        &site,
        "content/impact/2025-q4.md",
        "---\ntitle: Q4\nperiod: 2025-Q4\ndate: 2025-12-20\ndescription: Q4.\nmetrics:\n  - { key: river_km_restored, value: 100 }\n---\nBody.\n",
    );
    write(
        &site,
        "content/campaigns/pledge.md",
        "---\ntitle: The valley pledge\ndescription: Pledge.\nkind: petition\ntarget: 5000\nunit: signatures\ndeadline: 2026-12-17\ncount: 3412\n---\nWhy.\n",
    );
    write(
        &site,
        "content/events/clean-up.md",
        "---\ntitle: Spring clean-up\ndescription: Litter pick.\nstart: 2027-04-17T10:00:00+01:00\nend: 2027-04-17T13:00:00+01:00\ntimezone: Europe/London\n---\nCome.\n",
    );
    (dir, site)
}

/// Every `aria-label` of the page's progress bars.
fn bar_labels(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    tags(html, |t, _| {
        if t.is("svg") && t.get("class").is_some_and(|c| c.value == "progress") {
            out.push(
                rally::format::unescape_html(&t.get("aria-label").map(|a| a.value.to_string()).unwrap_or_default())
                    .into_owned(),
            );
        }
    });
    out
}

#[test]
fn french_pages_of_a_bilingual_hub_write_goal_sentences_countdowns_and_event_dates_in_french() {
    let (_d, site) = bilingual_hub();
    let out = build(&site);
    let goal_fr = "100 sur 120 km (83\u{202F}%), en bonne voie pour le 31 décembre 2030.";
    let impact = read(&out, "fr/impact/index.html");
    assert!(bar_labels(&impact).iter().any(|l| l == goal_fr), "{:?}", bar_labels(&impact));
    let start = impact.find("<script type=\"application/ld+json\">").unwrap() + 35;
    let end = start + impact[start..].find("</script>").unwrap();
    let ld: serde_json::Value = serde_json::from_str(&impact[start..end]).unwrap();
    let dataset = ld["@graph"].as_array().unwrap().iter().find(|n| n["@type"] == "Dataset").unwrap();
    assert_eq!(dataset["name"], "Données d’impact de River Commons");
    let mission = read(&out, "fr/mission/index.html");
    assert!(bar_labels(&mission).iter().any(|l| l == goal_fr), "{:?}", bar_labels(&mission));
    let campaign = read(&out, "fr/campaigns/pledge/index.html");
    let meta = text_of(&campaign, "p", "class", "campaign-meta");
    assert!(meta.contains("23 jours restants"), "{meta}");
    assert!(!meta.contains("days left"), "{meta}");
    let labels = bar_labels(&campaign);
    assert!(labels.iter().any(|l| l == "3\u{202F}412 sur 5\u{202F}000 signatures (68\u{202F}%)"), "{labels:?}");
    let event = read(&out, "fr/events/clean-up/index.html");
    assert_eq!(
        text_of(&event, "time", "datetime", "2027-04-17T10:00:00+01:00"),
        "samedi 17 avril 2027 à 10:00 – 13:00 BST"
    );
    let events = read(&out, "fr/events/index.html");
    assert_eq!(text_of(&events, "span", "class", "event-date-month"), "avr.");
    // the English pages stay English
    let en_event = read(&out, "events/clean-up/index.html");
    let en_when = text_of(&en_event, "time", "datetime", "2027-04-17T10:00:00+01:00");
    assert!(en_when.starts_with("Saturday, April 17, 2027 at 10:00"), "{en_when}");
    let en_campaign = read(&out, "campaigns/pledge/index.html");
    assert!(text_of(&en_campaign, "p", "class", "campaign-meta").contains("23 days left"));
}

#[test]
fn each_language_feed_has_its_own_title() {
    let (_d, site) = bilingual_hub();
    let out = build(&site);
    let feed = read(&out, "fr/atom.xml");
    assert!(feed.contains("<title>River Commons — Actualités</title>"), "{}", &feed[..400]);
    assert!(read(&out, "atom.xml").contains("<title>River Commons — Updates</title>"));
    assert!(read(&out, "fr/rss.xml").contains("<title>River Commons — Actualités</title>"));
}

#[test]
fn the_grassroots_goal_cards_write_their_percentage_in_the_page_language() {
    let (_d, site) = bilingual_hub();
    let yaml = read(&site, "site.yaml").replace("theme: beacon", "theme: grassroots");
    write(&site, "site.yaml", &yaml);
    let out = build(&site);
    let mission = read(&out, "fr/mission/index.html");
    assert_eq!(text_of(&mission, "span", "class", "pct"), "83\u{202F}% du chemin");
    let mission = read(&out, "mission/index.html");
    assert_eq!(text_of(&mission, "span", "class", "pct"), "83% of the way");
}
