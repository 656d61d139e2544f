//! Rally: a static site generator for purpose-driven brand hubs.
//!
//! The build is a pipeline of stages, each in its own module with a type between them:
//! `source::discover` (files) -> `model::page::parse` (pages) -> `model::build` (`Site`) ->
//! `components::expand` -> `images::process` (photos, through a cache) -> `render::render`
//! (`Vec<OutputFile>`) -> `output::Staging` (written into a staging folder, swapped in whole).

pub mod cli;
pub mod commands;
pub mod scaffold;

pub use rally_build::{check, output, pipeline};
pub use rally_core::{config, error, format, languages, markdown, model, source};
pub use rally_media::{cards, images};
pub use rally_render as render;
pub use rally_render::components;
pub use rally_search as search;
pub use rally_serve as serve;
pub use rally_serve::live;
