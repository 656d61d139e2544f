//! The render stage: the site model and templates in, output files out. Pure: nothing here
//! touches the disk (embedded and disk assets are only referenced, the output stage copies them).

pub mod charts;
pub mod claims;
pub mod deps;
pub mod feeds;
pub mod ics;
pub mod impact_data;
pub mod jobs;
pub mod minify;
pub mod paginate;
pub mod publishing;
pub mod seo;
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
}

/// Render settings that are not site configuration.
#[derive(Debug, Clone, Copy)]
pub struct RenderOptions {
    pub minify: bool,
    pub year: i16,
}

/// Where rendered files go, one at a time, from many threads.
pub type Sink<'a> = dyn Fn(OutputFile) -> Result<(), Diagnostic> + Sync + 'a;

/// Is this HTML page one for the sitemap (a page's own URL, not a redirect or a later list page)?
pub fn listed(f: &OutputFile) -> bool {
    f.path.ends_with("index.html")
        && !f.path.contains("/page/")
        && f.as_text().is_some_and(|t| !t.contains("<meta name=\"robots\" content=\"noindex\">"))
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
    let ctx = jobs::SharedContext::new(site, templates, styles.urls(&site.config.base_path), opts.year);
    let list = jobs::all_jobs(site);
    let claimed = claims::Claims::default();
    // the pages the search index is made of (the sitemap's pages), when the site has search
    let searched = std::sync::Mutex::new(Vec::new());
    let put = |f: OutputFile, replace: bool| {
        claimed.claim(&f.path, replace).map_err(|p| match &f.contents {
            Contents::Copy(source) if replace => claims::blocked(site, source, &p),
            _ => claims::clash(site, &p),
        })?;
        sink(f)
    };
    let results: Vec<Result<Vec<String>, Diagnostic>> = list
        .par_iter()
        .map(|j| {
            let mut pages = Vec::new();
            for mut f in ctx.run(j)? {
                if opts.minify
                    && f.path.ends_with(".html")
                    && let Contents::Text(s) = &mut f.contents
                {
                    *s = minify::html(s);
                }
                if listed(&f) {
                    pages.push(f.path.clone());
                    if let (true, Some(html)) = (site.config.search.enabled, f.as_text()) {
                        searched.lock().map_err(|_| locked())?.push((f.path.clone(), html.to_string()));
                    }
                }
                put(f, false)?;
            }
            Ok(pages)
        })
        .collect();
    let pages = gather(results)?;
    let css = std::iter::once(styles.main).chain(styles.highlight).map(|(name, css)| OutputFile::text(name, css));
    // the open impact data reads only the mission and the reports, which no incremental
    // preview rebuild changes (an edit to either renders the whole site)
    for f in css.chain(machine_files(site, &pages)).chain(impact_data::files(site)) {
        put(f, false).map_err(|d| vec![d])?;
    }
    if site.config.search.enabled {
        let searched = searched.into_inner().map_err(|_| vec![locked()])?;
        let bundle = crate::search::index(site, searched.iter().map(|(p, h)| (p.as_str(), h.as_str())));
        for f in bundle.map_err(|d| vec![d])? {
            put(f, false).map_err(|d| vec![d])?;
        }
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

/// Feeds, sitemap and robots.txt; `pages` are the HTML files listed in the sitemap (see `listed`).
pub fn machine_files(site: &Site, pages: &[impl AsRef<str>]) -> Vec<OutputFile> {
    let mut out = Vec::new();
    if site.config.feeds.atom {
        out.push(OutputFile::text("atom.xml", feeds::atom(site)));
    }
    if site.config.feeds.rss {
        out.push(OutputFile::text("rss.xml", feeds::rss(site)));
    }
    let lastmod: std::collections::HashMap<&str, String> =
        site.pages.iter().filter_map(|p| p.updated.or(p.date).map(|d| (p.out.as_str(), d.iso_day()))).collect();
    let mut entries: Vec<feeds::SitemapEntry> = pages
        .iter()
        .map(|path| {
            let path = path.as_ref();
            let url = crate::model::urls::url_of_output(&site.config.base_path, path);
            let loc = crate::model::urls::permalink(&site.config.base_url, &site.config.base_path, &url);
            feeds::SitemapEntry { loc, lastmod: lastmod.get(path).cloned() }
        })
        .collect();
    entries.sort_by(|a, b| a.loc.cmp(&b.loc));
    out.push(OutputFile::text("sitemap.xml", feeds::sitemap(&entries)));
    out.push(OutputFile::text("robots.txt", feeds::robots(site)));
    out
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
