//! Rally's importers: another generator's site into a Rally site folder.
//!
//! `ssg`: a Hugo or Jekyll site -> the same, with its old addresses as aliases.
//! `wordpress`: a WXR export (WordPress 1.1/1.2, Squarespace) -> updates, pages, media, menu,
//! authors and the old addresses as aliases. Each importer writes ordinary Rally files through
//! [`output::Staging`] and a report ([`report::Report`]); it shares nothing with the build but the
//! model's rules for addresses, slugs and YAML.
//!
//! May depend on: `rally-core` only of Rally's crates.

pub mod fetch;
pub mod html;
pub mod markdown;
pub mod output;
pub mod placeholders;
pub mod report;
pub mod ssg;
pub mod starter;
pub mod wordpress;

pub use wordpress::Summary;
