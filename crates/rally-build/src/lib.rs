//! Rally's build: the pipeline that runs every stage in order ([`pipeline`]), the output stage
//! that writes the built site ([`output`]: the only code that writes it), and `rally check`
//! ([`check`]), which reads a site built in memory.
//!
//! The pipeline hands values from stage to stage: sources and the model (`rally-core`), photos
//! (`rally-media`), the render (`rally-render`), whose share cards it hands to `rally-media` and
//! whose pages to `rally-search`, and the files to [`output`].
//!
//! May depend on: `rally-core`, `rally-render`, `rally-media`, `rally-search`. Nothing that serves.

pub mod check;
mod fonts;
pub mod new;
pub mod output;
pub mod pipeline;

#[cfg(test)]
mod card_tests;
