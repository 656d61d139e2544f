//! The integration tests, one binary: whole-site builds of fixtures, the `rally` command line
//! (assert_cmd), the preview server and the browser tests. Each file is a module.

mod common;

mod authors;
mod build;
mod campaigns;
mod cards;
mod charts;
mod check;
mod cli;
mod cms;
mod components;
mod design;
mod docs;
mod editor;
mod editor_browser;
mod events;
mod i18n;
mod impact_data;
mod import;
mod kinds;
mod languages;
mod live;
mod names;
mod numbers;
mod pages;
mod permalinks;
mod photos;
mod publishing;
pub mod reach;
mod reproducible;
mod scale;
mod search;
pub mod search_browser;
mod serve;
mod typography;
mod urls;
