//! Languages: the codes a site is written in, where each is served (`/` for the default,
//! `/CODE/` for the others), which way its script runs, and which content file translates which.

pub mod sites;
pub mod translate;

use serde::Deserialize;

/// A language of the site, checked.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Language {
    /// The BCP 47 code as written in site.yaml (`en`, `fr`, `pt-BR`).
    pub code: String,
    /// The language's name in itself, for the language switcher (`Français`).
    pub name: String,
    /// `ltr` or `rtl`.
    pub dir: &'static str,
    /// Where its pages go under the site root: empty for the default language, `fr/` for others.
    pub prefix: String,
    /// The site's description and call to action label in this language, when site.yaml gives
    /// them (`languages: { fr: { description: ..., cta: { label: ... } } }`).
    pub description: Option<String>,
    pub cta_label: Option<String>,
    /// The navigation in this language (`languages: { fr: { menu: [...] } }`), in place of the
    /// site's `menu`; its paths are under the language's own prefix, as the site's menu is.
    pub menu: Option<Vec<crate::config::MenuItem>>,
}

/// One entry of `languages:` in site.yaml.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLanguage {
    /// The name in the switcher; the language's usual name in itself when not given.
    #[serde(default)]
    pub name: Option<String>,
    /// The site's `description` in this language.
    #[serde(default)]
    pub description: Option<String>,
    /// The label of the site's `cta` in this language (its link is the site's).
    #[serde(default)]
    pub cta: Option<RawCtaLabel>,
    /// The navigation in this language.
    #[serde(default)]
    pub menu: Option<Vec<crate::config::MenuItem>>,
}

/// The words of the site's call to action in one language.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCtaLabel {
    pub label: String,
}

/// The name of a language in itself (`fr` -> `Français`), for the languages most hubs publish in;
/// the code itself for others (a site names them in `languages:`).
pub fn autonym(code: &str) -> String {
    let primary = code.split('-').next().unwrap_or(code);
    let name = match primary {
        "ar" => "العربية",
        "bg" => "Български",
        "bn" => "বাংলা",
        "ca" => "Català",
        "cs" => "Čeština",
        "cy" => "Cymraeg",
        "da" => "Dansk",
        "de" => "Deutsch",
        "el" => "Ελληνικά",
        "en" => "English",
        "es" => "Español",
        "et" => "Eesti",
        "eu" => "Euskara",
        "fa" => "فارسی",
        "fi" => "Suomi",
        "fr" => "Français",
        "ga" => "Gaeilge",
        "gd" => "Gàidhlig",
        "he" => "עברית",
        "hi" => "हिन्दी",
        "hr" => "Hrvatski",
        "hu" => "Magyar",
        "id" => "Bahasa Indonesia",
        "it" => "Italiano",
        "ja" => "日本語",
        "ko" => "한국어",
        "lt" => "Lietuvių",
        "lv" => "Latviešu",
        "nb" | "no" => "Norsk",
        "nl" => "Nederlands",
        "pl" => "Polski",
        "pt" => "Português",
        "ro" => "Română",
        "ru" => "Русский",
        "sk" => "Slovenčina",
        "sl" => "Slovenščina",
        "sr" => "Српски",
        "sv" => "Svenska",
        "sw" => "Kiswahili",
        "th" => "ไทย",
        "tr" => "Türkçe",
        "uk" => "Українська",
        "ur" => "اردو",
        "vi" => "Tiếng Việt",
        "zh" => "中文",
        _ => return code.to_string(),
    };
    name.to_string()
}

pub use crate::format::direction;

/// Checks a language code: a BCP 47 tag of the common form `ll`, `lll`, `ll-Scrp`, `ll-RR` or
/// `ll-Scrp-RR` (`en`, `fr`, `pt-BR`, `zh-Hant`, `es-419`). The error says how to write it.
pub fn check_code(code: &str) -> Result<(), String> {
    let mut parts = code.split('-');
    let primary = parts.next().unwrap_or("");
    let ok_primary = (2..=3).contains(&primary.len()) && primary.bytes().all(|b| b.is_ascii_lowercase());
    let mut ok = ok_primary;
    let mut seen_script = false;
    let mut seen_region = false;
    for p in parts {
        let script = p.len() == 4 && p.bytes().all(|b| b.is_ascii_alphabetic());
        let region = (p.len() == 2 && p.bytes().all(|b| b.is_ascii_alphabetic()))
            || (p.len() == 3 && p.bytes().all(|b| b.is_ascii_digit()));
        if script && !seen_script && !seen_region {
            seen_script = true;
        } else if region && !seen_region {
            seen_region = true;
        } else {
            ok = false;
        }
    }
    if ok {
        Ok(())
    } else {
        Err(format!(
            "`{code}` is not a language code: write a BCP 47 code such as `fr`, `pt-BR` or `zh-Hant` (a lower-case language, then optionally a script and a region)"
        ))
    }
}

/// The languages of a site: the default first, then the others in the order site.yaml lists them.
pub fn languages(default: &str, others: &[(String, RawLanguage)]) -> Vec<Language> {
    let mut out = vec![Language {
        code: default.to_string(),
        name: autonym(default),
        dir: direction(default),
        prefix: String::new(),
        description: None,
        cta_label: None,
        menu: None,
    }];
    for (code, raw) in others {
        if code == default {
            if let Some(name) = &raw.name {
                out[0].name = name.clone();
            }
            out[0].menu.clone_from(&raw.menu);
            continue;
        }
        out.push(Language {
            code: code.clone(),
            name: raw.name.clone().unwrap_or_else(|| autonym(code)),
            dir: direction(code),
            prefix: format!("{}/", code.to_ascii_lowercase()),
            description: raw.description.clone(),
            cta_label: raw.cta.as_ref().map(|c| c.label.clone()),
            menu: raw.menu.clone(),
        });
    }
    out
}

/// Splits a content path that names a translation into the original's path and the language:
/// `updates/x.fr.md` -> (`updates/x.md`, `fr`), when `fr` is one of `codes`.
pub fn translation_of<'a>(rel: &str, codes: impl IntoIterator<Item = &'a str>) -> Option<(String, String)> {
    let stem = rel.strip_suffix(".md")?;
    let (base, code) = stem.rsplit_once('.')?;
    if base.is_empty() || base.ends_with('/') {
        return None;
    }
    let code = codes.into_iter().find(|c| *c == code)?;
    Some((format!("{base}.md"), code.to_string()))
}

/// The path of the translation of the content file `original` into language `code`:
/// (`updates/x.md`, `fr`) -> `updates/x.fr.md`. The inverse of [`translation_of`].
pub fn translation_path(original: &str, code: &str) -> String {
    format!("{}.{code}.md", original.strip_suffix(".md").unwrap_or(original))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_language_without_a_name_is_named_in_itself() {
        let others = [
            ("fr".to_string(), RawLanguage { name: None, description: None, cta: None, menu: None }),
            ("xx".to_string(), RawLanguage { name: None, description: None, cta: None, menu: None }),
        ];
        let names: Vec<String> = languages("en-GB", &others).into_iter().map(|l| l.name).collect();
        assert_eq!(names, ["English", "Français", "xx"]);
        let named = [(
            "en-GB".to_string(),
            RawLanguage { name: Some("British English".into()), description: None, cta: None, menu: None },
        )];
        assert_eq!(languages("en-GB", &named)[0].name, "British English");
    }

    #[test]
    fn codes_of_the_common_forms_are_accepted() {
        for ok in ["en", "fr", "pt-BR", "zh-Hant", "es-419", "sr-Latn-RS", "fil"] {
            assert_eq!(check_code(ok), Ok(()), "{ok}");
        }
        for bad in ["", "FR", "french", "fr_FR", "fr-", "e", "fr-BR-CA", "en-US-Latn"] {
            assert!(check_code(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn right_to_left_by_language_or_script() {
        assert_eq!(direction("ar"), "rtl");
        assert_eq!(direction("he-IL"), "rtl");
        assert_eq!(direction("fr"), "ltr");
        assert_eq!(direction("az-Arab"), "rtl");
        assert_eq!(direction("ku-Latn"), "ltr");
    }

    #[test]
    fn translations_are_named_by_a_configured_code() {
        let codes = ["fr", "pt-BR"];
        assert_eq!(translation_of("faq.fr.md", codes), Some(("faq.md".into(), "fr".into())));
        assert_eq!(
            translation_of("updates/2026-05-01-otters.pt-BR.md", codes),
            Some(("updates/2026-05-01-otters.md".into(), "pt-BR".into()))
        );
        assert_eq!(translation_of("faq.de.md", codes), None);
        assert_eq!(translation_of("v1.2.md", codes), None);
        assert_eq!(translation_of("updates/.fr.md", codes), None);
        assert_eq!(translation_path("updates/2026-05-01-otters.md", "pt-BR"), "updates/2026-05-01-otters.pt-BR.md");
    }
}
