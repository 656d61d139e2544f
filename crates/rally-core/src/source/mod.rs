//! The source stage: finding the site's files and reading their front matter.

pub mod data;
pub mod date;
pub mod discover;
pub mod front_matter;
pub mod limits;
pub mod url;
pub mod yaml;
