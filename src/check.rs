//! Content checks that do not stop a build: brand colour contrast (reported by every build).

use crate::config::{CONFIG_FILE, Color};
use crate::error::Diagnostic;
use crate::model::Site;
use crate::source::front_matter::key_line_in;

/// The background the built-in themes put text on in their light scheme.
pub const THEME_BACKGROUND: Color = Color([255, 255, 255]);
/// WCAG 2 AA contrast for normal text.
pub const AA_CONTRAST: f64 = 4.5;

/// Warnings every build reports.
pub fn build_warnings(site: &Site) -> Vec<Diagnostic> {
    brand_contrast(site)
}

/// A brand colour that fails WCAG AA contrast is a warning naming the colour.
pub fn brand_contrast(site: &Site) -> Vec<Diagnostic> {
    let src = &site.config.source;
    let mut out = Vec::new();
    let brand = &site.config.brand;
    if let Some(p) = brand.primary {
        let ratio = p.contrast(THEME_BACKGROUND);
        if ratio < AA_CONTRAST {
            out.push(
                Diagnostic::warning(
                    CONFIG_FILE,
                    key_line_in(src, "primary"),
                    1,
                    format!(
                        "brand colour primary {} has a contrast of {ratio:.2}:1 against the theme background {}; WCAG AA needs {AA_CONTRAST}:1 for text (try a darker shade)",
                        p.hex(),
                        THEME_BACKGROUND.hex()
                    ),
                )
                .with_source(src),
            );
        }
    }
    if let Some(a) = brand.accent {
        let best = a.contrast(Color([0, 0, 0])).max(a.contrast(Color([255, 255, 255])));
        if best < AA_CONTRAST {
            out.push(
                Diagnostic::warning(
                    CONFIG_FILE,
                    key_line_in(src, "accent"),
                    1,
                    format!("brand colour accent {} reaches only {best:.2}:1 against black or white text; WCAG AA needs {AA_CONTRAST}:1", a.hex()),
                )
                .with_source(src),
            );
        }
    }
    out
}
