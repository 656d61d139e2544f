//! Display formatting in one place: locale-aware numbers, percentages, quantities and dates
//! ([`Formatter`]), and the language-independent text forms (HTML escaping, slugs,
//! percent-decoding). Templates' filters, charts, feeds, impact data and components all call
//! these, so the same value reads the same everywhere.
//!
//! ```
//! let fr = rally_core::format::Formatter::for_lang("fr");
//! assert_eq!(fr.number(1810.0), "1\u{202F}810");
//! ```

pub mod filetype;
mod locale;
mod text;

#[cfg(test)]
mod tests;

pub use locale::{Formatter, Plural, direction};
pub use text::{escape_html, percent_decode, percent_decode_strict, slug_or, slugify, unescape_html};

impl Formatter {
    /// A value with its unit: `1,810 km`, `1 810 km` (fr). In English a unit ending in `s` loses
    /// it for exactly one (`1 volunteer`).
    pub fn quantity(&self, v: f64, unit: Option<&str>) -> String {
        let n = self.number(v);
        let unit = unit.map(str::trim).filter(|u| !u.is_empty());
        match unit {
            None => n,
            Some(u) if self.lang().starts_with("en") && v == 1.0 && singular_drops_s(u) => {
                format!("{n} {}", &u[..u.len() - 1])
            }
            Some(u) => format!("{n} {u}"),
        }
    }
}

fn singular_drops_s(u: &str) -> bool {
    u.len() > 3 && u.ends_with('s') && !["ss", "us", "is", "ies"].iter().any(|e| u.ends_with(e))
}
