//! The render stage: the site model and templates in, output files out, as values. Pure: nothing
//! here touches the disk (embedded and disk assets are only referenced, the output stage copies
//! them; photos and share cards are looked up in what the media stage made).
//!
//! A build renders through a [`Rendering`], one stage at a time, which the pipeline drives: the
//! pages of each language ([`Rendering::pages`], which returns the share cards they show, for the
//! media stage to draw, and keeps the pages to index, for the search stage), then the files the
//! other stages made ([`Rendering::put`]), then the files made from the whole site
//! ([`Rendering::finish`]). Every file passes the same claims on output paths.
//!
//! Also here, because rendering needs them: the expansion of components ([`components`]), the pure
//! parts of share cards ([`cards`]: their data, text wrapping and fonts' metrics) and of photos
//! ([`images`]: the lookup of published photos and their markup), and where search lives in the
//! built site ([`search`]).
//!
//! May depend on: `rally-core`. Nothing that draws, encodes, indexes, writes or serves.

pub mod absolute;
pub mod analytics;
pub mod cards;
pub mod charts;
pub mod claims;
mod complete;
pub mod components;
pub mod deps;
pub mod email;
pub mod feeds;
pub mod ics;
pub mod images;
pub mod impact_data;
pub mod jobs;
pub mod json_feed;
pub mod languages;
pub mod locale_filters;
pub mod minify;
pub mod paginate;
pub mod phrases;
pub mod policies;
pub mod publishing;
mod rendering;
pub mod search;
pub mod seo;
pub mod strings;
pub mod style;
pub mod templates;
pub mod views;

use rayon::prelude::*;
use std::path::PathBuf;

use rally_core::error::Diagnostic;
use rally_core::model::Site;
use rally_core::source::discover::Asset;
use templates::{Templates, ThemeFile};

pub use rendering::{Pages, Rendering};

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
    /// The files of the photo stage (`rally_media::images`): they win over the sources they are
    /// made from.
    pub images: &'a [OutputFile],
    /// The text of the site's `static/_redirects`, merged into the `_redirects` Rally writes
    /// (the file itself is not copied over it).
    pub host_redirects: Option<&'a str>,
    /// The text of the site's `static/admin/config.yml` (the CMS's, see `rally cms decap`), which
    /// gives the CMS page its policy in `_headers`.
    pub cms_config: Option<&'a str>,
}

/// Render settings that are not site configuration.
#[derive(Debug, Clone, Copy)]
pub struct RenderOptions {
    pub minify: bool,
    pub year: i16,
    /// Keep the pages of the search index when the site has search on (the preview makes the
    /// index apart, in the background).
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

/// Runs render jobs in parallel into `sink`, minifying their HTML when asked: the one render path
/// of builds and of the preview's rebuilds. Returns the paths of the pages the sitemap lists; the
/// share cards the jobs filled wait in `ctx` (see [`jobs::SharedContext::take_cards`]).
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
    gather(results)
}

/// The error of a poisoned lock.
pub fn locked() -> Diagnostic {
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
pub(crate) fn feed_files(site: &Site, strings: &strings::Strings) -> Vec<OutputFile> {
    let mut out = Vec::new();
    if site.config.feeds.atom {
        out.push(OutputFile::text("atom.xml", feeds::atom(site, strings)));
    }
    if site.config.feeds.rss {
        out.push(OutputFile::text("rss.xml", feeds::rss(site, strings)));
    }
    if site.config.feeds.json {
        out.push(OutputFile::text("feed.json", json_feed::json_feed(site, strings)));
    }
    out
}

/// The one sitemap of every language: `listed[i]` are the HTML files (relative to the language's
/// root) the site of language `i` lists; each URL names its versions in the other languages.
pub fn sitemap(site: &Site, listed: &[Vec<String>]) -> OutputFile {
    let c = &site.config;
    let lastmod: std::collections::HashMap<&str, String> =
        site.pages.iter().filter_map(|p| p.lastmod().map(|d| (p.out.as_str(), d.iso_day()))).collect();
    let permalink = |lang: &rally_core::languages::Language, path: &str| {
        let url = rally_core::model::urls::url_of_output(&format!("{}{}", c.root_path, lang.prefix), path);
        rally_core::model::urls::permalink(&c.root_url, &c.root_path, &url)
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
        if a.rel == rally_core::source::discover::HOST_REDIRECTS && assets.host_redirects.is_some() {
            continue; // merged into the `_redirects` Rally writes
        }
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
