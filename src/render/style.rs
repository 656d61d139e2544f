//! The site stylesheet: brand custom properties, the theme's CSS and the code highlighting CSS,
//! published under a content-hashed name for cache busting.

use std::fmt::Write;

use super::templates::Templates;
use crate::config::{CONFIG_FILE, Color};
use crate::error::Diagnostic;
use crate::model::Site;
use crate::source::front_matter::key_line_in;

/// FNV-1a, 64 bits: a stable content hash for file names.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// `style.<8 hex digits>.css`
pub fn fingerprinted_name(css: &str) -> String {
    format!("style.{:08x}.css", fnv1a(css.as_bytes()) as u32)
}

/// Black or white, whichever reads better on `c`.
fn on_colour(c: Color) -> &'static str {
    if c.contrast(Color([255, 255, 255])) >= c.contrast(Color([0, 0, 0])) { "#ffffff" } else { "#000000" }
}

fn brand_properties(site: &Site) -> String {
    let b = &site.config.brand;
    let mut css = String::from(":root {\n");
    if let Some(p) = b.primary {
        let _ = writeln!(css, "  --brand-primary: {};\n  --brand-on-primary: {};", p.hex(), on_colour(p));
    }
    if let Some(a) = b.accent {
        let _ = writeln!(css, "  --brand-accent: {};\n  --brand-on-accent: {};", a.hex(), on_colour(a));
    }
    if let Some(f) = &b.font {
        let _ = writeln!(css, "  --font-body: {};", sanitize_font(f));
    }
    if let Some(f) = &b.heading_font {
        let _ = writeln!(css, "  --font-heading: {};", sanitize_font(f));
    }
    css.push_str("}\n");
    css
}

/// Keeps a font stack from breaking out of its declaration.
fn sanitize_font(f: &str) -> String {
    f.chars().filter(|c| !matches!(c, ';' | '{' | '}' | '<' | '>' | '\\')).collect()
}

/// The whole stylesheet of the site.
pub fn stylesheet(site: &Site, templates: &Templates) -> Result<String, Diagnostic> {
    let mut css = String::with_capacity(templates.stylesheet.len() + 4096);
    css.push_str(&templates.stylesheet);
    css.push('\n');
    css.push_str(&brand_properties(site));
    if site.config.highlight.enabled {
        let hl = crate::markdown::highlight::stylesheet(&site.config.highlight.theme).map_err(|e| {
            let src = &site.config.source;
            Diagnostic::error(CONFIG_FILE, key_line_in(src, "highlight"), 1, e).with_source(src)
        })?;
        css.push_str(&hl);
    }
    Ok(css)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_names_are_stable_and_content_dependent() {
        assert_eq!(fingerprinted_name("a{}"), fingerprinted_name("a{}"));
        assert_ne!(fingerprinted_name("a{}"), fingerprinted_name("b{}"));
        assert!(fingerprinted_name("x").starts_with("style.") && fingerprinted_name("x").len() == 18);
    }

    #[test]
    fn on_colour_picks_the_readable_one() {
        assert_eq!(on_colour(Color([11, 110, 79])), "#ffffff");
        assert_eq!(on_colour(Color([242, 165, 65])), "#000000");
        assert_eq!(sanitize_font("Inter; } body { x"), "Inter  body  x");
    }
}
