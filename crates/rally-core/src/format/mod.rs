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
mod numbers;
mod text;
mod typography;

#[cfg(test)]
mod tests;

pub use locale::{Formatter, Plural, direction};
pub use numbers::{NumberFormat, is_currency};
pub use text::{escape_html, percent_decode, percent_decode_strict, slug_or, slugify, unescape_html};
pub use typography::{Marks, Smart, smarten};
