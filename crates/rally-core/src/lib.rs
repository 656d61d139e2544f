//! Rally's core: the stages from files to the site model, and the types every later stage reads.
//!
//! `source::discover` (files) -> `model::page::parse` (pages, their Markdown rendered with
//! component placeholders, see [`components::parse`]) -> `model::build` (`Site`). Configuration
//! (`config`: raw -> checked), languages, errors with their source positions (`error`), and the
//! formatting of numbers, dates and text (`format`) live here too.
//!
//! May depend on: no other Rally crate, and on no crate that draws, encodes, indexes or serves
//! (no `resvg`, `image`, `pagefind`, `tokio`, `axum`, `notify`): every later stage depends on
//! this one.

pub mod analytics;
pub mod components;
pub mod config;
pub mod error;
pub mod format;
pub mod languages;
pub mod markdown;
pub mod model;
pub mod source;
