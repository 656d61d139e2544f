//! The site in each language: the default-language site with each translated page's text put
//! over its original, and every untranslated page kept in the default language (so no link of
//! one language leads into a page missing there).

use std::collections::HashMap;
use std::path::PathBuf;

use super::translate::{self, Translation};
use crate::error::Diagnostic;
use crate::model::page::Page;
use crate::model::{self, Complete, Site};
use crate::source::discover::SourceFile;

/// A translation and whether its original changed since it was made.
#[derive(Debug, Clone)]
pub struct TranslationStatus {
    pub lang: String,
    pub original: PathBuf,
    pub translation: PathBuf,
    /// The original's text hash differs from the `translated_from` the translation records.
    pub outdated: bool,
}

/// Whether translation `t` of `original` is up to date.
pub fn status_of(t: &Translation, original: &Page) -> TranslationStatus {
    TranslationStatus {
        lang: t.lang.clone(),
        original: original.display.clone(),
        translation: t.file.display.clone(),
        outdated: t.translated_from().is_some_and(|h| h != translate::text_hash(original)),
    }
}

/// Takes the translation files out of `content`: those named `NAME.CODE.md` for a language of
/// the site. Each is parsed; a file that does not parse is reported.
pub fn split_translations(
    content: Vec<SourceFile>,
    codes: &[&str],
    errors: &mut Vec<Diagnostic>,
) -> (Vec<SourceFile>, Vec<Translation>) {
    let mut originals = Vec::with_capacity(content.len());
    let mut translations = Vec::new();
    for f in content {
        match super::translation_of(&f.rel, codes.iter().copied()) {
            Some((original, lang)) => match translate::parse(f, lang, original) {
                Ok(t) => translations.push(t),
                Err(d) => errors.extend(d),
            },
            None => originals.push(f),
        }
    }
    (originals, translations)
}

/// Builds the site of every language but the default from the default one and the translations.
/// Problems of the translations (a missing original, a key that is not text, Markdown errors)
/// are added to `errors`.
pub fn build(
    default: &Site,
    translations: Vec<Translation>,
    errors: &mut Vec<Diagnostic>,
) -> (Vec<Site>, Vec<TranslationStatus>) {
    let by_rel: HashMap<&str, usize> = default.pages.iter().enumerate().map(|(i, p)| (p.rel.as_str(), i)).collect();
    let mut status = Vec::new();
    let mut per_lang: HashMap<String, HashMap<usize, Translation>> = HashMap::new();
    for t in translations {
        let Some(&i) = by_rel.get(t.original.as_str()) else {
            let msg = format!(
                "this translation has no original: there is no content/{} (or it is a draft); write the page in the default language first, or rename this file after it",
                t.original
            );
            errors.push(Diagnostic::error(&t.file.display, 1, 1, msg).with_source(&t.file.text));
            continue;
        };
        let original = &default.pages[i];
        let problems = translate::check(&t, original);
        if !problems.is_empty() {
            errors.extend(problems);
            continue;
        }
        status.push(status_of(&t, original));
        per_lang.entry(t.lang.clone()).or_default().insert(i, t);
    }
    let mut sites = Vec::new();
    for lang in &default.config.languages[1..] {
        let mut mine = per_lang.remove(&lang.code).unwrap_or_default();
        let pages: Vec<Page> = default
            .pages
            .iter()
            .enumerate()
            .map(|(i, p)| match mine.remove(&i) {
                Some(t) => translate::apply(p, &t),
                None => {
                    // its text and rendered body are shared, not copied
                    let mut p = p.clone();
                    p.lang = Some(default.config.language.clone());
                    p
                }
            })
            .collect();
        let config = default.config.for_language(lang);
        let render_md = |p: &Page| p.lang.is_none();
        // the data and the pages' own problems are the default site's: reported there once
        let (site, _) = model::build_from_pages(config, pages, &[], default.data.clone(), default.now, &render_md);
        for p in site.pages.iter().filter(|p| p.lang.is_none()) {
            errors.extend(model::markdown_problems(p));
        }
        sites.push(site);
    }
    (sites, status)
}

/// The page of `other` (the site of another language) made from `original` when that language has
/// no translation of it, as [`build`] and [`model::completed`] make it: a copy in the default
/// language `default_lang`. `original` is an edited page as the model stage has it before the site
/// is completed (see [`model::rendered_in_place`]). With the problems of its components.
pub fn untranslated_in(
    other: &Site,
    original: &Page,
    default_lang: &str,
    with: &dyn Complete,
) -> (Page, Vec<Diagnostic>) {
    let mut p = original.clone();
    p.lang = Some(default_lang.to_string());
    model::smarten_front_matter(&mut p, &other.config);
    model::completed_in_place(other, p, Vec::new(), with)
}

/// The page of `other` (the site of the language of `t`) made from `original` and its translation
/// `t`, as [`build`] and [`model::completed`] make it: `t`'s text over `original`'s data, its
/// Markdown rendered with the links of `other`. `original` is the page of the default language's
/// site or, edited, as the model stage has it before the site is completed. With the problems of
/// `t`, of its Markdown and of its components.
pub fn translated_in(other: &Site, original: &Page, t: &Translation, with: &dyn Complete) -> (Page, Vec<Diagnostic>) {
    let mut errors = translate::check(t, original);
    let mut p = translate::apply(original, t);
    model::smarten_front_matter(&mut p, &other.config);
    let (p, more) = model::rendered_in_place(other, p);
    errors.extend(more);
    model::completed_in_place(other, p, errors, with)
}
