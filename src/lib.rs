//! Rally: a static site generator for purpose-driven brand hubs.
//!
//! The build is a pipeline of stages with a type between them, each stage a crate that depends
//! only on the stages before it:
//! `source::discover` (files) -> `model::page::parse` (pages) -> `model::build` (`Site`, complete
//! before anything reads it: titled from the theme's strings and its components expanded by the
//! templates it is lent, `model::Complete`; `rally-core`) -> `images::process` (photos, through
//! a cache; `rally-media`) -> the render (`rally-render`: files in memory, with the share cards
//! they show and the pages to index) -> `cards::render` (`rally-media`) and `search::index`
//! (`rally-search`) -> `output::Staging` (written into a staging folder, swapped in whole). The
//! pipeline that runs them, `output` and `check` are `rally-build`'s, the preview `rally-serve`'s.
//!
//! This crate is the command line: arguments, checked once, to the commands. It re-exports the
//! stages under the module names they had before they were crates (`rally::model`,
//! `rally::pipeline`, `rally::serve`, ...).

pub mod cli;
pub mod cms;
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
