//! The fonts cards are drawn with, shipped inside the binary (subsets of DejaVu Sans, regular and
//! bold: Latin, Greek, Cyrillic, Hebrew and Arabic, with the tables that join Arabic letters; and
//! of DejaVu Serif Bold, for the titles of themes set in a serif, with the same letters but Hebrew
//! and Arabic, which fall back to the sans; licence in `fonts/LICENSE`), loaded once, on first use, for measuring text (which wraps it, see
//! [`super::wrap`]); the media stage draws with the same files (`rally_media::cards::fonts`).

use std::sync::LazyLock;

use skrifa::MetadataProvider;
use skrifa::instance::{LocationRef, Size};

/// The family name card templates write in `font-family`.
pub const FAMILY: &str = "DejaVu Sans";
/// The serif family, for titles (`font-family="DejaVu Serif, DejaVu Sans"`: the sans draws the
/// letters the serif lacks).
pub const SERIF_FAMILY: &str = "DejaVu Serif";

pub static REGULAR: &[u8] = include_bytes!("fonts/DejaVuSans.ttf");
pub static BOLD: &[u8] = include_bytes!("fonts/DejaVuSans-Bold.ttf");
pub static SERIF_BOLD: &[u8] = include_bytes!("fonts/DejaVuSerif-Bold.ttf");

/// A shipped font.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Face {
    Regular,
    Bold,
    SerifBold,
}

/// Advance widths of one font, in ems.
pub struct Metrics {
    font: skrifa::FontRef<'static>,
    units_per_em: f32,
    /// The font that draws the letters this one lacks.
    fallback: Option<&'static Metrics>,
}

impl Metrics {
    fn load(bytes: &'static [u8], fallback: Option<&'static LazyLock<Metrics>>) -> Metrics {
        // the shipped fonts are known to parse; a test checks it
        let font = skrifa::FontRef::new(bytes).expect("the shipped card font parses");
        let units_per_em = f32::from(font.metrics(Size::unscaled(), LocationRef::default()).units_per_em.max(1));
        Metrics { font, units_per_em, fallback: fallback.map(|f| &**f) }
    }

    /// The width of `text` at `size` pixels (advances only; a character the font lacks is
    /// measured in `fallback`, the font that draws it, else as half an em).
    fn width_with(&self, text: &str, size: f32, fallback: Option<&Metrics>) -> f32 {
        let charmap = self.font.charmap();
        let glyphs = self.font.glyph_metrics(Size::unscaled(), LocationRef::default());
        let ems: f32 = text
            .chars()
            .map(|c| match charmap.map(c) {
                Some(id) => glyphs.advance_width(id).unwrap_or(self.units_per_em / 2.0) / self.units_per_em,
                None => fallback.map_or(0.5, |f| f.width_with(c.encode_utf8(&mut [0; 4]), 1.0, None)),
            })
            .sum();
        ems * size
    }

    /// The width of `text` at `size` pixels.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        self.width_with(text, size, self.fallback)
    }
}

/// The metrics of a shipped font.
pub fn metrics(face: Face) -> &'static Metrics {
    static REGULAR_METRICS: LazyLock<Metrics> = LazyLock::new(|| Metrics::load(REGULAR, None));
    static BOLD_METRICS: LazyLock<Metrics> = LazyLock::new(|| Metrics::load(BOLD, None));
    static SERIF_BOLD_METRICS: LazyLock<Metrics> = LazyLock::new(|| Metrics::load(SERIF_BOLD, Some(&BOLD_METRICS)));
    match face {
        Face::Regular => &REGULAR_METRICS,
        Face::Bold => &BOLD_METRICS,
        Face::SerifBold => &SERIF_BOLD_METRICS,
    }
}
