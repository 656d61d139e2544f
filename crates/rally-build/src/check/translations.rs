//! Translations in `rally check`: how much of the site each language covers, and which
//! translations were made from an older text of their original.

use rally_core::error::Diagnostic;
use rally_core::model::Site;

/// A translation whose original's text changed since it was made: a warning at the translation
/// that names both files.
pub fn outdated(site: &Site) -> Vec<Diagnostic> {
    site.translations
        .iter()
        .filter(|t| t.outdated)
        .map(|t| {
            Diagnostic::warning(
                &t.translation,
                1,
                1,
                format!(
                    "{} changed since this translation was made: update the translation, then set `translated_from` to the hash `rally new translation` writes for the original now",
                    t.original.display()
                ),
            )
        })
        .collect()
}

/// One line per language other than the default: `fr: 7 of 52 pages translated (13%)`.
pub fn coverage(site: &Site) -> Vec<String> {
    let total = site.pages.len();
    site.config.languages[1..]
        .iter()
        .map(|l| {
            let done = site.translations.iter().filter(|t| t.lang == l.code).count();
            let pct = (done * 100).checked_div(total).unwrap_or(100);
            format!("Translations: {} ({}): {done} of {total} pages translated ({pct}%)", l.code, l.name)
        })
        .collect()
}
