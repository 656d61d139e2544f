//! Share cards: the 1200 x 630 picture a link to a page shows on social networks and in chat apps.
//! A page whose front matter `image` is a photo shares that photo, cropped to 1.91:1 by the photo
//! stage (see [`crate::images`]). Every other HTML page gets a card drawn from the theme's
//! `card.svg` template (which a site overrides in its `templates/` like any template): brand
//! colours, logo, site and page titles; goals with their progress on mission and impact pages, an
//! update's photo and date, a report's headline metrics, the mission statement on the landing page.
//!
//! The render stage fills the template (see [`view`]) and hands each card's SVG here; [`render`]
//! draws the cards in parallel. A card is cached in `.rally-cache/cards/` by a hash of its SVG
//! (which holds every text, colour and position drawn, and the content keys of the photos and
//! logo it shows), so an unchanged card is never drawn twice.
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
const RASTER_VERSION: u32 = 2;

/// The output path of the card of the page at site URL `url` (with the base path): beside no page,
/// under `cards/`, one folder per page so that no two pages share a card.
pub fn card_path(base_path: &str, url: &str) -> String {
    let rel = url.strip_prefix(base_path).unwrap_or(url).trim_matches('/');
    let rel = rel.strip_suffix(".html").unwrap_or(rel);
    if rel.is_empty() { "cards/card.png".to_string() } else { format!("cards/{rel}/card.png") }
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

/// A card to draw: its output path, its SVG, and the source it was made for (for errors).
#[derive(Debug, Clone)]
pub struct Pending {
    pub out: String,
    pub svg: String,
    /// The content keys of files the SVG shows by path (photo, logo): part of the cache key.
    pub inputs: String,
    pub shown: String,
}

/// Where cards are cached, and the site files they may show.
#[derive(Debug, Clone)]
pub struct Setup {
    pub cache_dir: PathBuf,
    /// The logo file on disk and its content key, if the logo is a local file.
    pub logo: Option<(PathBuf, String)>,
}

/// The card setup of a site: its cache folder and its logo file, if the logo is a local file
/// (a site file, a content file, or a file of a theme on disk).
pub fn setup(site: &crate::model::Site, cache_dir: &Path, assets: &crate::render::Assets) -> Setup {
    let logo = site.config.brand.logo.as_deref().and_then(|l| {
        let rel = l.strip_prefix('/')?.split(['?', '#']).next()?;
        let abs = assets.static_files.iter().chain(assets.content_assets).find(|a| a.rel == rel)?.abs.clone();
        let bytes = std::fs::read(&abs).ok()?;
        Some((abs, blake3::hash(&bytes).to_hex().to_string()))
    });
    Setup { cache_dir: cache_dir.to_path_buf(), logo }
}

/// The cache folder of a site's cards.
pub fn dir_of(root: &Path) -> PathBuf {
    root.join(crate::images::CACHE_DIR).join("cards")
}

/// The cache key of a card.
pub fn key(p: &Pending) -> String {
    let mut h = blake3::Hasher::new();
    h.update(p.svg.as_bytes());
    h.update(b"\0");
    h.update(p.inputs.as_bytes());
    h.update(&RASTER_VERSION.to_le_bytes());
    h.finalize().to_hex()[..32].to_string()
}

/// What drawing the cards made: their files and how many were drawn (the others were cached).
#[derive(Debug, Default)]
pub struct Drawn {
    pub files: Vec<OutputFile>,
    pub drawn: usize,
}

/// Draws every card not in the cache yet (in parallel) and returns them all as cached files.
pub fn render(cache_dir: &Path, pending: Vec<Pending>) -> Result<Drawn, Vec<Diagnostic>> {
    let drawn = AtomicUsize::new(0);
    if !pending.is_empty() {
        std::fs::create_dir_all(cache_dir).map_err(|e| vec![cache_error(cache_dir, &e)])?;
    }
    let results: Vec<Result<Vec<OutputFile>, Diagnostic>> = pending
        .into_par_iter()
        .map(|p| {
            let path = cache_dir.join(format!("{}.png", key(&p)));
            if !path.is_file() {
                let png = raster::png(&p.svg).map_err(|e| {
                    Diagnostic::error(&p.shown, 0, 0, format!("its share card (from {TEMPLATE}) {e}: fix the template"))
                })?;
                crate::images::cache::write_atomic(&path, &png).map_err(|e| cache_error(cache_dir, &e))?;
                drawn.fetch_add(1, Ordering::Relaxed);
            }
            Ok(vec![OutputFile { path: p.out, contents: Contents::Cached(path) }])
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
