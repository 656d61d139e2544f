//! Share cards, as the render stage makes them: the 1200 x 630 picture a link to a page shows on
//! social networks and in chat apps. A page whose front matter `image` is a photo shares that
//! photo's crop (made by the photo stage); every other HTML page gets a card drawn from the
//! theme's `card.svg` template (which a site overrides in its `templates/` like any template).
//!
//! Rendering a page fills the template (see [`view`]) into a [`Pending`] card: its output path, its
//! cache key and its SVG. The media stage (`rally_media::cards`) makes the [`Setup`] cards are
//! keyed with, and draws the pending cards into its cache; the pipeline hands them over. A card
//! the cache holds already is not even filled: a rebuild only hashes its data.
//!
//! The crate, and why: `skrifa`: font metrics for breaking lines ourselves (see [`wrap`]), with
//! the fonts the cards are drawn with (see [`fonts`]).

pub mod fonts;
pub mod view;
pub mod wrap;

use std::path::{Path, PathBuf};

/// The template cards are drawn from.
pub const TEMPLATE: &str = "card.svg";
/// The size of a card: the 1.91:1 picture every network shows in full.
pub const WIDTH: u32 = 1200;
pub const HEIGHT: u32 = 630;

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

/// A logo cards show: its file on disk, its content key and its proportions.
#[derive(Debug, Clone)]
pub struct Logo {
    pub path: PathBuf,
    pub key: String,
    /// Width over height (1 for a square logo, 4 for a wide wordmark).
    pub aspect: f64,
}

/// Where cards are cached, the site files they may show, and what their templates are: made by
/// the media stage, which alone looks into its cache (rendering asks it through [`Setup::is_drawn`]).
#[derive(Debug, Clone)]
pub struct Setup {
    pub cache_dir: PathBuf,
    /// The logo file, if the logo is a local file.
    pub logo: Option<Logo>,
    /// A hash of the sources of `card.svg` and the templates it uses, and of the theme strings.
    templates: String,
    /// The version of the drawing: a new one draws every cached card again.
    raster_version: u32,
    /// Is there a file at this path (the media stage's look into its cache)?
    exists: fn(&Path) -> bool,
}

impl Setup {
    /// A setup caching cards in `cache_dir`, with `logo` and the hash of the card templates;
    /// `exists` tells whether the cache holds a card file already.
    pub fn new(
        cache_dir: PathBuf,
        logo: Option<Logo>,
        templates: String,
        raster_version: u32,
        exists: fn(&Path) -> bool,
    ) -> Setup {
        Setup { cache_dir, logo, templates, raster_version, exists }
    }

    /// The cache key of a card drawn from `data` (the template's data, serialised) and showing
    /// files of content keys `inputs`.
    pub fn key(&self, data: &[u8], inputs: &str) -> String {
        let mut h = blake3::Hasher::new();
        for part in
            [data, b"\0", inputs.as_bytes(), b"\0", self.templates.as_bytes(), env!("CARGO_PKG_VERSION").as_bytes()]
        {
            h.update(part);
        }
        h.update(&self.raster_version.to_le_bytes());
        h.finalize().to_hex()[..32].to_string()
    }

    /// Where the card of key `key` is cached.
    pub fn cached(&self, key: &str) -> PathBuf {
        self.cache_dir.join(format!("{key}.png"))
    }

    /// Does the cache hold the card of key `key` already?
    pub fn is_drawn(&self, key: &str) -> bool {
        (self.exists)(&self.cached(key))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_has_its_own_card_path() {
        assert_eq!(card_path("/", "/"), "card.png");
        assert_eq!(card_path("/", "/updates/kell/"), "updates/kell/card.png");
        assert_eq!(card_path("/hub/", "/hub/404.html"), "404.card.png");
        assert_eq!(card_path("/hub/", "/hub/"), "card.png");
        assert_eq!(card_path("/hub/", "/hub/updates/page/2/"), "updates/page/2/card.png");
    }
}
