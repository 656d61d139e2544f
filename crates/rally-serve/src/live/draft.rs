//! A page as it would be with unsaved text: the editor's live preview. The text is parsed as the
//! file would be, the model stage runs again over the site's parsed pages with it in place of the
//! file (as [`LiveSite::update`] runs it for a saved edit), and the page's own render job runs
//! through the same render functions. Nothing is written, and the preview's site is left as it was.

use std::path::Path;

use rally_core::error::Diagnostic;
use rally_core::languages::{translate, translation_of};
use rally_core::model::page::{self, Page};
use rally_core::model::{self, Site};
use rally_core::source::date::Date;
use rally_core::source::discover::{self, SourceFile};
use rally_render::jobs::{Job, SharedContext, summary_value};

use super::{LiveSite, index};
use rally_build::pipeline;

/// What the preview of unsaved text gives.
#[derive(Debug)]
pub enum Drafted {
    /// The page, rendered: its URL path and its HTML.
    Page { url: String, html: Vec<u8> },
    /// The file is not a page of the preview (a draft, dated in the future, expired).
    LeftOut,
}

impl LiveSite {
    /// The page of the content file `rel` (relative to `content/`) if its text were `text`; the
    /// errors the build would report for this file otherwise.
    pub fn draft(&mut self, rel: &str, text: &str) -> Result<Drafted, Vec<Diagnostic>> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text).to_string();
        let display = Path::new("content").join(rel);
        let rel = discover::markdown_rel(rel).unwrap_or_else(|| rel.to_string());
        let file = SourceFile { rel: rel.clone(), display: display.clone(), text };
        let codes: Vec<&str> = self.prepared.site.config.languages.iter().skip(1).map(|l| l.code.as_str()).collect();
        match translation_of(&rel, codes.iter().copied()) {
            Some((original, lang)) => self.draft_translation(file, &original, lang),
            None => self.draft_page(file),
        }
    }

    /// A page of the default language.
    fn draft_page(&mut self, file: SourceFile) -> Result<Drafted, Vec<Diagnostic>> {
        let display = file.display.clone();
        let new = page::parse(file)?;
        let now = Date::from_timestamp(self.opts.now);
        if !model::included(&new, &self.opts.selection(), now) {
            return Ok(Drafted::LeftOut);
        }
        let rel = new.rel.clone();
        let mut pages = self.prepared.site.pages.clone();
        match index(&pages, &rel) {
            Ok(i) => pages[i] = new,
            Err(i) => pages.insert(i, new),
        }
        let unparsed: Vec<&str> = self.broken.keys().map(String::as_str).filter(|b| *b != rel).collect();
        let (mut site, mut errors) = self.model(&self.prepared.site, pages, &unparsed, &|p: &Page| p.rel == rel);
        mine(&mut errors, &display)?;
        // the other languages and the translations, for the page's language switcher: lent for
        // the render
        site.others = std::mem::take(&mut self.prepared.site.others);
        site.translations = self.prepared.site.translations.clone();
        let rendered = self.render_page(&site, &rel, true);
        self.prepared.site.others = std::mem::take(&mut site.others);
        rendered
    }

    /// A translation: the site of its language with it applied over its original.
    fn draft_translation(&self, file: SourceFile, original: &str, lang: String) -> Result<Drafted, Vec<Diagnostic>> {
        let display = file.display.clone();
        let Some(lang_site) = self.prepared.site.others.iter().find(|s| s.config.current_language().code == lang)
        else {
            return Ok(Drafted::LeftOut);
        };
        let Ok(i) = index(&self.prepared.site.pages, original) else { return Ok(Drafted::LeftOut) };
        let t = translate::parse(file, lang, original.to_string())?;
        let problems = translate::check(&t, &self.prepared.site.pages[i]);
        if !problems.is_empty() {
            return Err(problems);
        }
        let mut pages = lang_site.pages.clone();
        pages[i] = translate::apply(&self.prepared.site.pages[i], &t);
        let (site, mut errors) = self.model(lang_site, pages, &[], &|p: &Page| p.rel == original);
        mine(&mut errors, &display)?;
        self.render_page(&site, original, false)
    }

    /// The model stage over `pages` with the configuration and data of `like`, as a saved edit
    /// runs it: only the pages `render_md` picks get their Markdown rendered again.
    fn model(
        &self,
        like: &Site,
        pages: Vec<Page>,
        unparsed: &[&str],
        render_md: &(dyn Fn(&Page) -> bool + Sync),
    ) -> (Site, Vec<Diagnostic>) {
        let (site, errors) =
            model::build_from_pages(like.config.clone(), pages, unparsed, like.data.clone(), self.opts.now, render_md);
        model::completed(site, errors, &self.prepared.templates)
    }

    /// Renders the page `rel` of `site` alone (no share card is drawn). `summaries_kept`: the
    /// summaries of the other pages are those of the preview's site (the default language).
    fn render_page(&self, site: &Site, rel: &str, summaries_kept: bool) -> Result<Drafted, Vec<Diagnostic>> {
        let i = index(&site.pages, rel).map_err(|_| super::internal("the previewed page went missing"))?;
        let strings = &self.prepared.templates.strings;
        let kept = &self.shown[0].summaries;
        let summaries = if summaries_kept && kept.len() == site.pages.len() {
            let mut kept = kept.clone();
            kept[i] = summary_value(site, strings, &site.pages[i]);
            kept
        } else {
            site.pages.iter().map(|p| summary_value(site, strings, p)).collect()
        };
        let year = pipeline::render_options(&self.opts).year;
        let ctx = SharedContext::with_summaries(site, &self.prepared.templates, self.styles.clone(), year, summaries);
        let page = &site.pages[i];
        let prefix = &site.config.current_language().prefix;
        let out = format!("{prefix}{}", page.out);
        let found = std::sync::Mutex::new(None);
        rally_render::run_jobs(&ctx, &[Job::Page(i)], self.opts.minify, &|f| {
            let path = format!("{prefix}{}", f.path);
            if path == out || f.path == out {
                *found.lock().map_err(|_| rally_render::locked())? = Some(f.contents);
            }
            Ok(())
        })?;
        let contents = found.into_inner().ok().flatten().ok_or_else(|| super::internal("the page made no HTML"))?;
        Ok(Drafted::Page { url: site.url(page), html: super::contents(contents)? })
    }
}

/// Keeps the errors of the file shown as `display`; `Err` when it has any.
fn mine(errors: &mut Vec<Diagnostic>, display: &Path) -> Result<(), Vec<Diagnostic>> {
    errors.retain(|d| d.path == display);
    if errors.is_empty() { Ok(()) } else { Err(std::mem::take(errors)) }
}
