//! Rally's media stage: photos ([`images`]: decoded, resized, encoded) and share cards
//! ([`cards`]: drawn from the SVG the render stage fills). The only code that reads or writes the
//! site's cache, `.rally-cache/` ([`images::CACHE_DIR`]).
//!
//! Photos run between the model and the render (the render stage looks them up in the
//! `rally_render::images::Images` made here); cards run after the render of each language's pages
//! (the pipeline hands over the cards they filled).
//!
//! May depend on: `rally-core`, `rally-render`.

pub mod cards;
pub mod images;
