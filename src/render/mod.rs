//! The render stage: the site model and templates in, output files out. Pure: nothing here
//! touches the disk (embedded and disk assets are only referenced, the output stage copies them).

pub mod charts;
pub mod claims;
pub mod deps;
pub mod feeds;
pub mod ics;
pub mod impact_data;
pub mod jobs;
pub mod languages;
pub mod locale_filters;
pub mod minify;
pub mod paginate;
pub mod phrases;
pub mod publishing;
pub mod seo;
pub mod strings;
pub mod style;
pub mod templates;
pub mod views;

use rayon::prelude::*;
use std::path::PathBuf;

use crate::error::Diagnostic;
use crate::model::Site;
use crate::source::discover::Asset;
use templates::{Templates, ThemeFile};

/// What an output file holds.
#[derive(Debug, Clone)]
pub enum Contents {
    Text(String),
    Static(&'static [u8]),
    /// Generated binary data (the search index).
    Bytes(Vec<u8>),
    /// A file to copy from disk.
    Copy(PathBuf),
    /// A file of Rally's photo cache, which is never changed in place: hard-linked into the output
    /// where the file system allows it (a build then costs no copying), else copied.
    Cached(PathBuf),
}

/// One file of the built site, at a path relative to the output root (`/` separators).
#[derive(Debug, Clone)]
pub struct OutputFile {
    pub path: String,
    pub contents: Contents,
}

impl OutputFile {
    pub fn text(path: impl Into<String>, s: String) -> OutputFile {
        OutputFile { path: path.into(), contents: Contents::Text(s) }
    }

    /// The file's text, if it is a generated text file.
    pub fn as_text(&self) -> Option<&str> {
        match &self.contents {
            Contents::Text(s) => Some(s),
            _ => None,
        }
    }
}

/// Files copied as they are: published photos, theme static files, the site's static folder,
/// co-located content assets.
pub struct Assets<'a> {
    pub static_files: &'a [Asset],
    pub content_assets: &'a [Asset],
    /// The files of the photo stage (`crate::images`): they win over the sources they are made from.
    pub images: &'a [OutputFile],
    /// Where share cards are cached (see `crate::cards`); `None` when cards are off.
    pub cards: Option<&'a std::path::Path>,
}

/// Render settings that are not site configuration.
#[derive(Debug, Clone, Copy)]
pub struct RenderOptions {
    pub minify: bool,
    pub year: i16,
    /// Make the search index when the site has search on (the preview makes it apart, in the
    /// background).
    pub search: bool,
}

/// Where rendered files go, one at a time, from many threads.
pub type Sink<'a> = dyn Fn(OutputFile) -> Result<(), Diagnostic> + Sync + 'a;

/// Is this HTML page one for the sitemap (a page's own URL, not a redirect or a later list page)?
pub fn listed(f: &OutputFile) -> bool {
    f.path.ends_with("index.html")
        && !f.path.contains("/page/")
        && f.as_text().is_some_and(|t| {
            // the robots meta is in the head: the body is not searched
            let head = t.split("<body").next().unwrap_or(t);
            !head.contains("<meta name=\"robots\" content=\"noindex\">")
        })
}

/// Renders every output file of the site into `sink` as soon as it is made, so a build never
/// holds the whole site in memory. All template errors are collected. Generated files come first,
/// then static files, which win over a generated file of the same path. Two generated files at one
/// path, or a file where a folder of pages goes, are errors (see [`claims`]).
pub fn render_to(
    site: &Site,
    templates: &Templates,
    assets: Assets,
    opts: RenderOptions,
    sink: &Sink,
) -> Result<(), Vec<Diagnostic>> {
    let styles = style::stylesheets(site, templates).map_err(|d| vec![d])?;
    let cards = assets.cards.map(|dir| crate::cards::setup(site, dir, &assets, templates));
    let claimed = claims::Claims::default();
    // the HTML pages of every language, for the search index, when the site has search
    let searched = std::sync::Mutex::new(Vec::new());
    let put = |f: OutputFile, replace: bool| {
        claimed.claim(&f.path, replace).map_err(|p| match &f.contents {
            Contents::Copy(source) if replace => claims::blocked(site, source, &p),
            _ => claims::clash(site, &p),
        })?;
        sink(f)
    };
    let mut listed_by_language = Vec::with_capacity(1 + site.others.len());
    for lang_site in std::iter::once(site).chain(&site.others) {
        let prefix = &lang_site.config.current_language().prefix;
        let pages = render_language(lang_site, templates, &styles, opts, cards.clone(), &|mut f| {
            if !prefix.is_empty() {
                f.path = format!("{prefix}{}", f.path);
            }
            if site.config.search.enabled
                && opts.search
                && listed(&f)
                && let Some(html) = f.as_text()
            {
                searched.lock().map_err(|_| locked())?.push((f.path.clone(), html.to_string()));
            }
            put(f, false)
        })?;
        listed_by_language.push(pages);
    }
    if site.config.search.enabled && opts.search {
        let searched = searched.into_inner().map_err(|_| vec![locked()])?;
        let docs = crate::search::documents(site, searched.iter().map(|(p, h)| (p.as_str(), h.as_str())));
        for f in crate::search::index(docs).map_err(|d| vec![d])? {
            put(f, false).map_err(|d| vec![d])?;
        }
    }
    let css = std::iter::once(styles.main).chain(styles.highlight).map(|(name, css)| OutputFile::text(name, css));
    // the open impact data reads only the mission and the reports, which no incremental
    // preview rebuild changes (an edit to either renders the whole site)
    let machine = [sitemap(site, &listed_by_language), OutputFile::text("robots.txt", feeds::robots(site))];
    for f in css.chain(machine).chain(impact_data::files(site, &templates.strings)) {
        put(f, false).map_err(|d| vec![d])?;
    }
    let generated = claimed.files();
    for f in publishing::files(site, generated.iter().map(String::as_str)) {
        put(f, false).map_err(|d| vec![d])?;
    }
    for f in copied_files(templates, assets) {
        put(f, true).map_err(|d| vec![d])?;
    }
    Ok(())
}

/// Renders the pages and feeds of one language's site into `sink` (paths relative to the
/// language's own root); returns the HTML files the sitemap lists.
fn render_language(
    site: &Site,
    templates: &Templates,
    styles: &style::Stylesheets,
    opts: RenderOptions,
    cards: Option<crate::cards::Setup>,
    sink: &Sink,
) -> Result<Vec<String>, Vec<Diagnostic>> {
    let ctx =
        jobs::SharedContext::new(site, templates, styles.urls(&site.config.root_path), opts.year).with_cards(cards);
    // a page not translated yet names its original as canonical: the sitemap lists the original
    let copies: std::collections::HashSet<&str> =
        site.pages.iter().filter(|p| p.lang.is_some()).map(|p| p.out.as_str()).collect();
    let mut pages = run_jobs(&ctx, &jobs::all_jobs(site), opts.minify, sink)?;
    pages.retain(|p| !copies.contains(p.as_str()));
    for f in feed_files(site, &templates.strings) {
        sink(f).map_err(|d| vec![d])?;
    }
    Ok(pages)
}

/// Runs render jobs in parallel into `sink`, minifying their HTML when asked, then draws the
/// share cards they queued: the one render path of builds and of the preview's rebuilds.
/// Returns the paths of the pages the sitemap lists.
pub fn run_jobs(
    ctx: &jobs::SharedContext,
    list: &[jobs::Job],
    minify: bool,
    sink: &Sink,
) -> Result<Vec<String>, Vec<Diagnostic>> {
    let results: Vec<Result<Vec<String>, Diagnostic>> = list
        .par_iter()
        .map(|j| {
            let mut pages = Vec::new();
            for mut f in ctx.run(j)? {
                if minify
                    && f.path.ends_with(".html")
                    && let Contents::Text(s) = &mut f.contents
                {
                    *s = minify::html(s);
                }
                if listed(&f) {
                    pages.push(f.path.clone());
                }
                sink(f)?;
            }
            Ok(pages)
        })
        .collect();
    let pages = gather(results)?;
    if let Some(setup) = &ctx.cards() {
        for f in crate::cards::render(setup, ctx.take_cards())?.files {
            sink(f).map_err(|d| vec![d])?;
        }
    }
    Ok(pages)
}

fn locked() -> Diagnostic {
    Diagnostic::error("(output)", 0, 0, "internal error: output lock")
}

/// The outputs of many jobs, or the errors of all the jobs that failed (sorted, without repeats).
pub fn gather<T>(results: Vec<Result<Vec<T>, Diagnostic>>) -> Result<Vec<T>, Vec<Diagnostic>> {
    let mut out = Vec::with_capacity(results.len());
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok(items) => out.extend(items),
            Err(d) => errors.push(d),
        }
    }
    if errors.is_empty() {
        return Ok(out);
    }
    errors.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
    errors.dedup();
    Err(errors)
}

/// Renders every output file of the site into memory; of two files with one path, the later wins.
pub fn render(
    site: &Site,
    templates: &Templates,
    assets: Assets,
    opts: RenderOptions,
) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let out = std::sync::Mutex::new(Vec::new());
    render_to(site, templates, assets, opts, &|f| {
        out.lock().map_err(|_| locked())?.push(f);
        Ok(())
    })?;
    let files = out.into_inner().unwrap_or_default();
    let mut last: std::collections::HashMap<&str, usize> = std::collections::HashMap::with_capacity(files.len());
    for (i, f) in files.iter().enumerate() {
        last.insert(f.path.as_str(), i);
    }
    let keep: std::collections::HashSet<usize> = last.into_values().collect();
    Ok(files.into_iter().enumerate().filter(|(i, _)| keep.contains(i)).map(|(_, f)| f).collect())
}

/// Which of the files made from the whole site to make again (robots.txt changes only with the
/// configuration, which a rebuild of content keeps).
#[derive(Debug, Clone, Copy)]
pub struct Machine {
    pub feeds: bool,
    pub sitemap: bool,
}

/// The feeds and the sitemap, those `which` names; `pages` are the HTML files listed in the
/// sitemap (see `listed`).
pub fn machine_files(
    site: &Site,
    strings: &strings::Strings,
    pages: &[impl AsRef<str>],
    which: Machine,
) -> Vec<OutputFile> {
    let mut out = if which.feeds { feed_files(site, strings) } else { Vec::new() };
    if which.sitemap {
        let listed: Vec<String> = pages.iter().map(|p| p.as_ref().to_string()).collect();
        out.push(sitemap(site, &[listed]));
    }
    out
}

/// The feeds of one language's site.
fn feed_files(site: &Site, strings: &strings::Strings) -> Vec<OutputFile> {
    let mut out = Vec::new();
    if site.config.feeds.atom {
        out.push(OutputFile::text("atom.xml", feeds::atom(site, strings)));
    }
    if site.config.feeds.rss {
        out.push(OutputFile::text("rss.xml", feeds::rss(site, strings)));
    }
    out
}

/// The one sitemap of every language: `listed[i]` are the HTML files (relative to the language's
/// root) the site of language `i` lists; each URL names its versions in the other languages.
pub fn sitemap(site: &Site, listed: &[Vec<String>]) -> OutputFile {
    let c = &site.config;
    let lastmod: std::collections::HashMap<&str, String> =
        site.pages.iter().filter_map(|p| p.lastmod().map(|d| (p.out.as_str(), d.iso_day()))).collect();
    let permalink = |lang: &crate::languages::Language, path: &str| {
        let url = crate::model::urls::url_of_output(&format!("{}{}", c.root_path, lang.prefix), path);
        crate::model::urls::permalink(&c.root_url, &c.root_path, &url)
    };
    let mut languages_of: std::collections::HashMap<&str, Vec<usize>> = std::collections::HashMap::new();
    for (i, paths) in listed.iter().enumerate() {
        for p in paths {
            languages_of.entry(p.as_str()).or_default().push(i);
        }
    }
    let mut entries = Vec::with_capacity(languages_of.len() * listed.len());
    for (i, paths) in listed.iter().enumerate() {
        for path in paths {
            let versions = &languages_of[path.as_str()];
            let mut alternates = Vec::new();
            if c.languages.len() > 1 {
                for &v in versions {
                    alternates.push((c.languages[v].code.clone(), permalink(&c.languages[v], path)));
                }
                if versions.contains(&0) {
                    alternates.push(("x-default".to_string(), permalink(&c.languages[0], path)));
                }
            }
            entries.push(feeds::SitemapEntry {
                loc: permalink(&c.languages[i], path),
                lastmod: lastmod.get(path.as_str()).cloned(),
                alternates,
            });
        }
    }
    entries.sort_by(|a, b| a.loc.cmp(&b.loc));
    OutputFile::text("sitemap.xml", feeds::sitemap(&entries))
}

/// Published photos first, then the site's static files, then content assets, then the theme's
/// static files: of two files at one path, the first wins.
pub fn copied_files(templates: &Templates, assets: Assets) -> Vec<OutputFile> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for f in assets.images {
        if seen.insert(f.path.clone()) {
            out.push(f.clone());
        }
    }
    let site_files = assets.static_files.iter().chain(assets.content_assets);
    for a in site_files {
        if seen.insert(a.rel.clone()) {
            out.push(OutputFile { path: a.rel.clone(), contents: Contents::Copy(a.abs.clone()) });
        }
    }
    for (rel, f) in &templates.static_files {
        if seen.insert(rel.clone()) {
            let contents = match f {
                ThemeFile::Embedded(b) => Contents::Static(b),
                ThemeFile::Disk(p) => Contents::Copy(p.clone()),
            };
            out.push(OutputFile { path: rel.clone(), contents });
        }
    }
    out
}
