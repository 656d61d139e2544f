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
mod editor;
mod events;
mod i18n;
mod impact_data;
mod import;
mod languages;
mod live;
mod names;
mod numbers;
mod pages;
mod permalinks;
mod photos;
mod publishing;
mod reach;
mod reproducible;
mod scale;
mod search;
mod search_browser;
mod serve;
mod typography;
mod urls;
