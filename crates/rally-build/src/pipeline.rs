//! The build pipeline: discover -> parse -> model -> components -> photos -> render (with share
//! cards and the search index) -> write, as named stages. The render stage returns values; the
//! pipeline hands the share cards it fills to the media stage to draw, and the pages it keeps to
//! the search stage to index.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use rally_core::config::{self, Config};
use rally_core::error::{Diagnostic, Error, Result};
use rally_core::model::{self, Site};
use rally_core::source::discover::{self, Sources};
use rally_render::cards::{self as card, Pending};
use rally_render::jobs::{Job, SharedContext};
use rally_render::templates::Templates;
use rally_render::{Assets, OutputFile, RenderOptions, Rendering, Sink};

/// Runtime switches of a build (not site configuration).
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub drafts: bool,
    pub future: bool,
    pub base_url: Option<String>,
    pub minify: bool,
    /// Write `.br` and `.gz` beside every text file.
    pub compress: bool,
    /// "Now", for leaving out future-dated pages and checking staleness.
    pub now: jiff::Timestamp,
    /// Replace an output folder that holds files no earlier build wrote (`build --force`).
    pub force: bool,
    /// The build is to be published (`rally build`): `base_url` must be an absolute address.
    pub published: bool,
    /// The site is previewed at this origin (`http://127.0.0.1:1111`), under the base path its
    /// site.yaml gives.
    pub origin: Option<String>,
}

impl BuildOptions {
    /// Which pages these options publish.
    pub fn selection(&self) -> model::Selection {
        model::Selection { drafts: self.drafts, future: self.future, now: self.now }
    }
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions {
            drafts: false,
            future: false,
            base_url: None,
            minify: false,
            compress: false,
            now: jiff::Timestamp::now(),
            force: false,
            published: false,
            origin: None,
        }
    }
}

/// A site built in memory.
#[derive(Debug)]
pub struct Built {
    pub site: Site,
    pub files: Vec<OutputFile>,
    /// The theme's page background, which brand colours are checked against.
    pub background: config::Color,
}

/// Loads configuration and sources; reports every problem found.
pub fn load(root: &Path, opts: &BuildOptions) -> Result<(Config, Sources)> {
    let mut config = config::load(root, opts.base_url.as_deref()).map_err(Error::Site)?;
    if opts.published {
        config::require_absolute_base_url(&config).map_err(Error::single)?;
    }
    if let Some(origin) = &opts.origin {
        config = config.served_at(origin);
    }
    let sources = discover::discover(root).map_err(Error::Site)?;
    Ok((config, sources))
}

/// The site model and templates, ready to render.
pub struct Prepared {
    pub site: Site,
    pub templates: Templates,
    pub sources: Sources,
    /// The photos, processed (see `rally_media::images`); the templates hold their index.
    pub images: rally_media::images::Processed,
    /// Where share cards are cached, if the site draws them.
    pub cards: Option<PathBuf>,
}

impl Prepared {
    pub fn assets(&self) -> Assets<'_> {
        Assets {
            static_files: &self.sources.static_files,
            content_assets: &self.sources.content_assets,
            images: &self.images.files,
            host_redirects: self.sources.host_redirects.as_deref(),
            cms_config: self.sources.cms_config.as_deref(),
        }
    }

    /// The setup share cards are drawn with, when the site draws them.
    pub fn card_setup(&self) -> Option<card::Setup> {
        self.cards.as_deref().map(|dir| rally_media::cards::setup(&self.site, dir, &self.assets(), &self.templates))
    }
}

/// Runs the stages before the render: configuration and sources, the model, components and
/// photos; reports every problem found.
pub fn prepare(root: &Path, opts: &BuildOptions) -> Result<Prepared> {
    let (config, mut sources) = load(root, opts)?;
    let font_errors = crate::fonts::check(&config, &sources.static_files);
    if !font_errors.is_empty() {
        return Err(Error::Site(font_errors));
    }
    let templates = Templates::load(root, &config, &sources.templates);
    let data = rally_core::source::data::load(root);
    // the templates complete the model (titles, components); without them it is only checked
    let with: &dyn model::Complete = match &templates {
        Ok(t) => t,
        Err(_) => &model::AsWritten,
    };
    let site = match data {
        Ok(data) => model::build(config, std::mem::take(&mut sources.content), data, &opts.selection(), with),
        Err(errors) => Err(errors),
    };
    match (site, templates) {
        (Ok(site), Ok(templates)) => {
            let mut images = rally_media::images::process(root, &site, &sources).map_err(Error::Site)?;
            // the render stage's templates read the photos the photo stage made
            let templates = templates.with_images(std::mem::take(&mut images.images));
            let cards = site.config.cards.enabled.then(|| rally_media::cards::dir_of(root));
            Ok(Prepared { site, templates, sources, images, cards })
        }
        (site, templates) => {
            let mut errors = site.err().unwrap_or_default();
            errors.extend(templates.err().into_iter().flatten());
            Err(Error::Site(errors))
        }
    }
}

/// The render settings of a build with these options.
pub fn render_options(opts: &BuildOptions) -> RenderOptions {
    RenderOptions {
        minify: opts.minify,
        year: jiff::ZonedDateTime::new(opts.now, jiff::tz::TimeZone::UTC).year(),
        search: true,
    }
}

/// Renders every output file of the site into `sink` as soon as it is made, so a build never
/// holds the whole site in memory (see [`Rendering`]); all template errors are collected. The
/// share cards the pages of each language fill are drawn (with `cards`; `None`: cards are off)
/// after those pages, and the search index is made of the pages of every language. Returns the
/// pages the sitemap lists, of each language (relative to its folder), the default's first.
pub fn render_to(
    site: &Site,
    templates: &Templates,
    assets: Assets,
    opts: RenderOptions,
    cards: Option<&card::Setup>,
    sink: &Sink,
) -> std::result::Result<Vec<Vec<String>>, Vec<Diagnostic>> {
    let rendering = Rendering::new(site, templates, opts, sink)?;
    let mut listed = Vec::with_capacity(1 + site.others.len());
    for lang_site in rendering.languages() {
        let pages = rendering.pages(lang_site, cards.cloned())?;
        draw_cards(cards, pages.cards, &|f| rendering.put_in(lang_site, f))?;
        rendering.feeds(lang_site)?;
        listed.push(pages.listed);
    }
    if let Some(searched) = rendering.take_searched()? {
        let docs = rally_search::documents(site, searched.iter().map(|(p, h)| (p.as_str(), h.as_str())));
        for f in rally_search::index(docs).map_err(|d| vec![d])? {
            rendering.put(f).map_err(|d| vec![d])?;
        }
    }
    rendering.finish(&listed, assets)?;
    Ok(listed)
}

/// Renders every output file of the site into memory (as [`render_to`]); of two files with one
/// path, the later wins.
pub fn render(
    site: &Site,
    templates: &Templates,
    assets: Assets,
    opts: RenderOptions,
    cards: Option<&card::Setup>,
) -> std::result::Result<Vec<OutputFile>, Vec<Diagnostic>> {
    render_listed(site, templates, assets, opts, cards).map(|(files, _)| files)
}

/// The files of a site rendered into memory, and the pages its sitemap lists, of each language
/// (relative to its folder), the default's first.
pub type RenderedListed = (Vec<OutputFile>, Vec<Vec<String>>);

/// Like [`render`], with the pages the sitemap lists, of each language (see [`render_to`]).
pub fn render_listed(
    site: &Site,
    templates: &Templates,
    assets: Assets,
    opts: RenderOptions,
    cards: Option<&card::Setup>,
) -> std::result::Result<RenderedListed, Vec<Diagnostic>> {
    let out = std::sync::Mutex::new(Vec::new());
    let listed = render_to(site, templates, assets, opts, cards, &|f| {
        out.lock().map_err(|_| rally_render::locked())?.push(f);
        Ok(())
    })?;
    let files = out.into_inner().unwrap_or_default();
    let mut last: std::collections::HashMap<&str, usize> = std::collections::HashMap::with_capacity(files.len());
    for (i, f) in files.iter().enumerate() {
        last.insert(f.path.as_str(), i);
    }
    let keep: std::collections::HashSet<usize> = last.into_values().collect();
    Ok((files.into_iter().enumerate().filter(|(i, _)| keep.contains(i)).map(|(_, f)| f).collect(), listed))
}

/// Runs render jobs into `sink` (see [`rally_render::run_jobs`]), then draws the share cards they
/// filled: the preview's rebuilds render as a build renders each language. Returns the paths of
/// the pages the sitemap lists.
pub fn run_jobs(
    ctx: &SharedContext,
    list: &[Job],
    minify: bool,
    sink: &Sink,
) -> std::result::Result<Vec<String>, Vec<Diagnostic>> {
    let pages = rally_render::run_jobs(ctx, list, minify, sink)?;
    draw_cards(ctx.cards(), ctx.take_cards(), sink)?;
    Ok(pages)
}

/// Draws the share cards `pending` (in the media stage's cache) when cards are on, into `sink`.
fn draw_cards(
    setup: Option<&card::Setup>,
    pending: Vec<Pending>,
    sink: &Sink,
) -> std::result::Result<(), Vec<Diagnostic>> {
    if let Some(setup) = setup {
        for f in rally_media::cards::render(setup, pending)?.files {
            sink(f).map_err(|d| vec![d])?;
        }
    }
    Ok(())
}

/// Builds the whole site in memory.
pub fn build_in_memory(root: &Path, opts: &BuildOptions) -> Result<Built> {
    let p = prepare(root, opts)?;
    let cards = p.card_setup();
    let files = render(&p.site, &p.templates, p.assets(), render_options(opts), cards.as_ref()).map_err(Error::Site)?;
    Ok(Built { site: p.site, files, background: p.templates.background })
}

/// What a build wrote.
#[derive(Debug)]
pub struct Written {
    pub site: Site,
    /// The theme's page background, which brand colours are checked against.
    pub background: config::Color,
    /// Files written, and how many of them are HTML pages.
    pub files: usize,
    pub pages: usize,
    /// Photos published, and how many of them were encoded (the others came from the cache).
    pub photos: usize,
    pub photos_encoded: usize,
    /// Share crops of photos published, and how many of them were made.
    pub crops: usize,
    pub crops_encoded: usize,
}

/// Builds the site and writes it to `out` atomically: files stream into a staging folder as they
/// are rendered, which replaces `out` only when the whole build succeeded.
pub fn build(root: &Path, out: &Path, opts: &BuildOptions) -> Result<Written> {
    crate::output::check_output_dir(root, out, opts.force)?;
    let p = prepare(root, opts)?;
    let staging = crate::output::Staging::create(out)?;
    let staging = if opts.compress { staging.compressed() } else { staging };
    let (files, pages) = (AtomicUsize::new(0), AtomicUsize::new(0));
    let cards = p.card_setup();
    // a file that cannot be written stops the render; the failure is reported as what it is, an
    // I/O error at the real path, not as a problem of the site
    let failed: std::sync::Mutex<Option<Error>> = std::sync::Mutex::new(None);
    let rendered = render_to(&p.site, &p.templates, p.assets(), render_options(opts), cards.as_ref(), &|f| {
        files.fetch_add(1, Ordering::Relaxed);
        if f.path.ends_with(".html") {
            pages.fetch_add(1, Ordering::Relaxed);
        }
        staging.write(&f).map_err(|e| {
            let d = Diagnostic::error(&f.path, 0, 0, e.to_string());
            if let Ok(mut first) = failed.lock() {
                first.get_or_insert(e);
            }
            d
        })
    });
    if let Some(e) = failed.into_inner().ok().flatten() {
        return Err(e);
    }
    rendered.map_err(Error::Site)?;
    staging.commit()?;
    let (photos, photos_encoded) = (p.templates.images().len(), p.images.encoded);
    let (crops, crops_encoded) = (p.images.crops, p.images.crops_encoded);
    Ok(Written {
        site: p.site,
        background: p.templates.background,
        files: files.into_inner(),
        pages: pages.into_inner(),
        photos,
        photos_encoded,
        crops,
        crops_encoded,
    })
}

/// The default output folder of a site.
pub fn default_output(root: &Path) -> PathBuf {
    root.join("public")
}
