//! [`Rendering`]: the render stage of a build, one step at a time, as the pipeline drives it.

use rally_core::error::Diagnostic;
use rally_core::model::Site;

use crate::templates::Templates;
use crate::{
    Assets, Contents, OutputFile, RenderOptions, Sink, cards, claims, copied_files, feed_files, feeds, impact_data,
    jobs, listed, locked, publishing, run_jobs, sitemap, style,
};

/// A site being rendered into a sink, as soon as each file is made, so a build never holds the
/// whole site in memory. Generated files come first, then static files, which win over a
/// generated file of the same path. Two generated files at one path, or a file where a folder of
/// pages goes, are errors (see [`claims`]).
pub struct Rendering<'a> {
    site: &'a Site,
    templates: &'a Templates,
    styles: style::Stylesheets,
    opts: RenderOptions,
    claimed: claims::Claims,
    /// The HTML pages of every language, for the search index, when the site has search.
    searched: std::sync::Mutex<Vec<(String, String)>>,
    sink: &'a Sink<'a>,
}

/// What the pages of one language's site showed: the HTML files the sitemap lists (relative to the
/// language's root), and the share cards to draw.
pub struct Pages {
    pub listed: Vec<String>,
    pub cards: Vec<cards::Pending>,
}

impl<'a> Rendering<'a> {
    /// Starts rendering `site` (and its other languages) into `sink`.
    pub fn new(
        site: &'a Site,
        templates: &'a Templates,
        opts: RenderOptions,
        sink: &'a Sink<'a>,
    ) -> Result<Rendering<'a>, Vec<Diagnostic>> {
        let styles = style::stylesheets(site, templates).map_err(|d| vec![d])?;
        Ok(Rendering {
            site,
            templates,
            styles,
            opts,
            claimed: claims::Claims::default(),
            searched: std::sync::Mutex::new(Vec::new()),
            sink,
        })
    }

    /// The site of each language, the default language's first.
    pub fn languages(&self) -> impl Iterator<Item = &'a Site> + use<'a> {
        std::iter::once(self.site).chain(&self.site.others)
    }

    /// Does this build keep the pages of the search index?
    fn searching(&self) -> bool {
        self.site.config.search.enabled && self.opts.search
    }

    /// Claims `f`'s path and hands it to the sink.
    fn put_claimed(&self, f: OutputFile, replace: bool) -> Result<(), Diagnostic> {
        self.claimed.claim(&f.path, replace).map_err(|p| match &f.contents {
            Contents::Copy(source) if replace => claims::blocked(self.site, source, &p),
            _ => claims::clash(self.site, &p),
        })?;
        (self.sink)(f)
    }

    /// Puts a file made for the site of one language (`lang_site`, a path relative to its root)
    /// under the language's folder, keeping it for the search index if it is a listed page.
    pub fn put_in(&self, lang_site: &Site, mut f: OutputFile) -> Result<(), Diagnostic> {
        let prefix = &lang_site.config.current_language().prefix;
        if !prefix.is_empty() {
            f.path = format!("{prefix}{}", f.path);
        }
        if self.searching()
            && listed(&f)
            && let Some(html) = f.as_text()
        {
            self.searched.lock().map_err(|_| locked())?.push((f.path.clone(), html.to_string()));
        }
        self.put_claimed(f, false)
    }

    /// Puts a file made from the whole site (the search bundle), at a path relative to the output
    /// root.
    pub fn put(&self, f: OutputFile) -> Result<(), Diagnostic> {
        self.put_claimed(f, false)
    }

    /// Renders the pages of one language's site (`lang_site`, one of [`Rendering::languages`]),
    /// their share cards filled with `cards` (`None`: cards are off); returns what they showed.
    pub fn pages(&self, lang_site: &Site, cards: Option<cards::Setup>) -> Result<Pages, Vec<Diagnostic>> {
        let ctx = jobs::SharedContext::new(
            lang_site,
            self.templates,
            self.styles.urls(&lang_site.config.root_path),
            self.opts.year,
        )
        .with_cards(cards);
        // a page not translated yet names its original as canonical: the sitemap lists the original
        let copies: std::collections::HashSet<&str> =
            lang_site.pages.iter().filter(|p| p.lang.is_some()).map(|p| p.out.as_str()).collect();
        let mut listed = run_jobs(&ctx, &jobs::all_jobs(lang_site), self.opts.minify, &|f| self.put_in(lang_site, f))?;
        listed.retain(|p| !copies.contains(p.as_str()));
        Ok(Pages { listed, cards: ctx.take_cards() })
    }

    /// Renders the feeds of one language's site.
    pub fn feeds(&self, lang_site: &Site) -> Result<(), Vec<Diagnostic>> {
        for f in feed_files(lang_site, &self.templates.strings) {
            self.put_in(lang_site, f).map_err(|d| vec![d])?;
        }
        Ok(())
    }

    /// The pages of the search index (output paths and HTML), kept so far, when this build keeps
    /// them (`None` when the site has search off, or the options leave the index out).
    pub fn take_searched(&self) -> Result<Option<Vec<(String, String)>>, Vec<Diagnostic>> {
        if !self.searching() {
            return Ok(None);
        }
        let mut searched = self.searched.lock().map_err(|_| vec![locked()])?;
        Ok(Some(std::mem::take(&mut *searched)))
    }

    /// Renders the files made from the whole site: the stylesheets, sitemap (of `listed`, the
    /// listed pages of each language, from [`Rendering::pages`]), robots.txt, the open impact data
    /// and the files static hosts read, then copies `assets`.
    pub fn finish(mut self, listed: &[Vec<String>], assets: Assets) -> Result<(), Vec<Diagnostic>> {
        let site = self.site;
        let css = std::iter::once(std::mem::take(&mut self.styles.main))
            .chain(self.styles.highlight.take())
            .map(|(name, css)| OutputFile::text(name, css));
        // the open impact data reads only the mission and the reports, which no incremental
        // preview rebuild changes (an edit to either renders the whole site)
        let machine = [sitemap(site, listed), OutputFile::text("robots.txt", feeds::robots(site))];
        for f in css.chain(machine).chain(impact_data::files(site, &self.templates.strings)) {
            self.put(f).map_err(|d| vec![d])?;
        }
        let generated = self.claimed.files();
        for f in publishing::files(site, generated.iter().map(String::as_str), assets.host_redirects, assets.cms_config)
        {
            self.put(f).map_err(|d| vec![d])?;
        }
        for f in copied_files(self.templates, assets) {
            self.put_claimed(f, true).map_err(|d| vec![d])?;
        }
        // an alias named like a file (`/atom.xml`) has no page to claim its path, only a line in
        // `_redirects`, which would hide the file the site has there
        let files: std::collections::HashSet<String> = self.claimed.files().into_iter().collect();
        let hidden: Vec<Diagnostic> = site
            .pages
            .iter()
            .flat_map(|p| &p.aliases)
            .filter(|a| rally_core::model::urls::redirect_page_path(a).is_none())
            .map(|a| a.split(['#', '?']).next().unwrap_or("").trim().trim_start_matches('/'))
            .filter(|path| files.contains(*path))
            .map(|path| claims::clash(site, path))
            .collect();
        if hidden.is_empty() { Ok(()) } else { Err(hidden) }
    }
}
