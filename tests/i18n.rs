//! Languages of a site: theme strings in the site's language (with the site's own overrides),
//! numbers and dates as that language writes them, `<html lang dir>`, and the errors for a
//! template that asks for a string no language has.

mod common;

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
    rally::check::html::decode(out.trim()).into_owned()
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
    let en = build(&hub_in("en").1);
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
    let langs = ["en", "fr", "es", "de", "pt", "nl", "ar"];
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
