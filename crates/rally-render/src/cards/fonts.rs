//! The fonts cards are drawn with, shipped inside the binary (subsets of DejaVu Sans, regular and
//! bold: Latin, Greek, Cyrillic, Hebrew and Arabic, with the tables that join Arabic letters;
//! licence in `fonts/LICENSE`), loaded once, on first use, for measuring text (which wraps it, see
//! [`super::wrap`]); the media stage draws with the same files (`rally_media::cards::fonts`).

use std::sync::LazyLock;

use skrifa::MetadataProvider;
use skrifa::instance::{LocationRef, Size};

/// The family name card templates write in `font-family`.
pub const FAMILY: &str = "DejaVu Sans";

pub static REGULAR: &[u8] = include_bytes!("fonts/DejaVuSans.ttf");
pub static BOLD: &[u8] = include_bytes!("fonts/DejaVuSans-Bold.ttf");

/// Advance widths of one font, in ems.
pub struct Metrics {
    font: skrifa::FontRef<'static>,
    units_per_em: f32,
}

impl Metrics {
    fn load(bytes: &'static [u8]) -> Metrics {
        // the shipped fonts are known to parse; a test checks it
        let font = skrifa::FontRef::new(bytes).expect("the shipped card font parses");
        let units_per_em = f32::from(font.metrics(Size::unscaled(), LocationRef::default()).units_per_em.max(1));
        Metrics { font, units_per_em }
    }

    /// The width of `text` at `size` pixels (advances only; the fallback glyph for characters the
    /// font lacks).
    pub fn width(&self, text: &str, size: f32) -> f32 {
        let charmap = self.font.charmap();
        let glyphs = self.font.glyph_metrics(Size::unscaled(), LocationRef::default());
        let units: f32 = text
            .chars()
            .map(|c| {
                let id = charmap.map(c).unwrap_or_default();
                glyphs.advance_width(id).unwrap_or(self.units_per_em / 2.0)
            })
            .sum();
        units / self.units_per_em * size
    }
}

/// The metrics of the regular or the bold font.
pub fn metrics(bold: bool) -> &'static Metrics {
    static REGULAR_METRICS: LazyLock<Metrics> = LazyLock::new(|| Metrics::load(REGULAR));
    static BOLD_METRICS: LazyLock<Metrics> = LazyLock::new(|| Metrics::load(BOLD));
    if bold { &BOLD_METRICS } else { &REGULAR_METRICS }
}
