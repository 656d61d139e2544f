//! Share cards: the 1200 x 630 picture a link to a page shows on social networks and in chat apps.
//! A page whose front matter `image` is a photo shares that photo, cropped to 1.91:1 by the photo
//! stage (see [`crate::images`]). Every other HTML page gets a card drawn from the theme's
//! `card.svg` template (which a site overrides in its `templates/` like any template): brand
//! colours, logo, site and page titles; goals with their progress on mission and impact pages, an
//! update's photo and date, a report's headline metrics, the mission statement on the landing page.
//!
//! The render stage fills the template (see [`view`]) and hands each card's SVG here; [`render`]
//! draws the cards in parallel. A card is cached in `.rally-cache/cards/` by a hash of what it is
//! drawn from: the template's data (every text, colour and number it shows), the content keys of
//! the photos and logo it shows, the sources of `card.svg` and the templates it uses, and the theme
//! strings. An unchanged card is never drawn twice, and its template is not even filled: a
//! rebuild only hashes its data. Pages whose cards show the same data share one drawing.
//!
//! The crates, and why each: `resvg` (with `usvg` and `tiny-skia`): SVG to pixels in pure Rust,
//! text included; `skrifa` (which `usvg` uses too): font metrics for breaking lines ourselves;
//! `png` and `color_quant`: compact PNG files.

pub mod fonts;
pub mod preview;
pub mod raster;
pub mod view;
pub mod wrap;

use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::error::Diagnostic;
use crate::render::{Contents, OutputFile};

/// The template cards are drawn from.
pub const TEMPLATE: &str = "card.svg";
/// Bump when drawing changes its output for the same SVG: every cached card is drawn again.
const RASTER_VERSION: u32 = 3;

/// The output path of the card of the page at site URL `url` (with the base path): beside the
/// page, as `card.png` in its folder (`updates/kell/card.png`, `card.png` for the landing page),
/// or `NAME.card.png` beside a page written as `NAME.html`. A file of the site at that path (a
/// picture of its own beside a page) wins over the drawn card, like any copied file.
pub fn card_path(base_path: &str, url: &str) -> String {
    let rel = url.strip_prefix(base_path).unwrap_or(url).trim_start_matches('/');
    match rel.strip_suffix(".html") {
        Some(stem) => format!("{stem}.card.png"),
        None if rel.is_empty() => "card.png".to_string(),
        None => format!("{}/card.png", rel.trim_end_matches('/')),
    }
}

/// The picture a page is shared with, for its meta tags.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ShareImage {
    /// Absolute URL.
    pub url: String,
    pub width: u32,
    pub height: u32,
    #[serde(rename = "type")]
    pub mime: &'static str,
    pub alt: String,
}

/// A card to show: its output path, its cache key, its SVG when it is not in the cache yet, and
/// the source it was made for (for errors).
#[derive(Debug, Clone)]
pub struct Pending {
    pub out: String,
    pub key: String,
    /// `None` when the cache holds the card already.
    pub svg: Option<String>,
    pub shown: String,
}

/// Where cards are cached, the site files they may show, and what their templates are.
#[derive(Debug, Clone)]
pub struct Setup {
    pub cache_dir: PathBuf,
    /// The logo file on disk and its content key, if the logo is a local file.
    pub logo: Option<(PathBuf, String)>,
    /// A hash of the sources of `card.svg` and the templates it uses, and of the theme strings.
    templates: String,
}

/// The card setup of a site: its cache folder, its logo file if the logo is a local file (a site
/// file, a content file, or a file of a theme on disk), and the hash of its card templates.
pub fn setup(
    site: &crate::model::Site,
    cache_dir: &Path,
    assets: &crate::render::Assets,
    templates: &crate::render::templates::Templates,
) -> Setup {
    let logo = site.config.brand.logo.as_deref().and_then(|l| {
        let rel = l.strip_prefix('/')?.split(['?', '#']).next()?;
        let abs = assets.static_files.iter().chain(assets.content_assets).find(|a| a.rel == rel)?.abs.clone();
        let bytes = std::fs::read(&abs).ok()?;
        Some((abs, blake3::hash(&bytes).to_hex().to_string()))
    });
    let mut h = blake3::Hasher::new();
    for (name, text) in crate::render::deps::TemplateDeps::used_by(templates.sources(), TEMPLATE) {
        for part in [name, "\0", text, "\0"] {
            h.update(part.as_bytes());
        }
    }
    h.update(templates.strings.fingerprint().as_bytes());
    Setup { cache_dir: cache_dir.to_path_buf(), logo, templates: h.finalize().to_hex().to_string() }
}

impl Setup {
    /// The cache key of a card drawn from `data` (the template's data, serialised) and showing
    /// files of content keys `inputs`.
    pub fn key(&self, data: &[u8], inputs: &str) -> String {
        let mut h = blake3::Hasher::new();
        for part in
            [data, b"\0", inputs.as_bytes(), b"\0", self.templates.as_bytes(), env!("CARGO_PKG_VERSION").as_bytes()]
        {
            h.update(part);
        }
        h.update(&RASTER_VERSION.to_le_bytes());
        h.finalize().to_hex()[..32].to_string()
    }

    /// Where the card of key `key` is cached.
    pub fn cached(&self, key: &str) -> PathBuf {
        self.cache_dir.join(format!("{key}.png"))
    }
}

/// The cache folder of a site's cards.
pub fn dir_of(root: &Path) -> PathBuf {
    root.join(crate::images::CACHE_DIR).join("cards")
}

/// What drawing the cards made: their files and how many were drawn (the others were cached).
#[derive(Debug, Default)]
pub struct Drawn {
    pub files: Vec<OutputFile>,
    pub drawn: usize,
}

/// Draws every card not in the cache yet (in parallel; a drawing shared by several pages once)
/// and returns them all as cached files.
pub fn render(setup: &Setup, mut pending: Vec<Pending>) -> Result<Drawn, Vec<Diagnostic>> {
    let cache_dir = &setup.cache_dir;
    let drawn = AtomicUsize::new(0);
    if !pending.is_empty() {
        std::fs::create_dir_all(cache_dir).map_err(|e| vec![cache_error(cache_dir, &e)])?;
    }
    // the first page of a drawing draws it; the others wait for it and link the same file
    pending.sort_by(|a, b| a.key.cmp(&b.key));
    let mut groups: Vec<Vec<Pending>> = Vec::new();
    for p in pending {
        match groups.last_mut() {
            Some(g) if g[0].key == p.key => g.push(p),
            _ => groups.push(vec![p]),
        }
    }
    let results: Vec<Result<Vec<OutputFile>, Diagnostic>> = groups
        .into_par_iter()
        .map(|group| {
            let path = setup.cached(&group[0].key);
            // a card's SVG is filled only when the cache did not hold it (see `view::card`)
            if let Some((svg, shown)) = group.iter().find_map(|p| Some((p.svg.as_deref()?, &p.shown))) {
                let png = raster::png(svg).map_err(|e| {
                    Diagnostic::error(shown, 0, 0, format!("its share card (from {TEMPLATE}) {e}: fix the template"))
                })?;
                crate::images::cache::write_atomic(&path, &png).map_err(|e| cache_error(cache_dir, &e))?;
                drawn.fetch_add(1, Ordering::Relaxed);
            }
            Ok(group
                .into_iter()
                .map(|p| OutputFile { path: p.out, contents: Contents::Cached(path.clone()) })
                .collect())
        })
        .collect();
    let files = crate::render::gather(results)?;
    Ok(Drawn { files, drawn: drawn.into_inner() })
}

fn cache_error(dir: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(dir.display().to_string(), 0, 0, format!("cannot write a share card to the cache: {e}"))
}

#[cfg(test)]
mod tests;
