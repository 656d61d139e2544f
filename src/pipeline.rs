//! The build pipeline: discover -> parse -> model -> render -> write, as named stages.

use std::path::{Path, PathBuf};

use crate::config::{self, Config};
use crate::error::{Diagnostic, Error, Result};
use crate::model::{self, Site};
use crate::render::templates::Templates;
use crate::render::{self, Assets, OutputFile, RenderOptions};
use crate::source::discover::{self, Sources};

/// Runtime switches of a build (not site configuration).
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub drafts: bool,
    pub future: bool,
    pub base_url: Option<String>,
    pub minify: bool,
    /// "Now", for leaving out future-dated pages and checking staleness.
    pub now: jiff::Timestamp,
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions { drafts: false, future: false, base_url: None, minify: false, now: jiff::Timestamp::now() }
    }
}

/// A site built in memory.
#[derive(Debug)]
pub struct Built {
    pub site: Site,
    pub files: Vec<OutputFile>,
    /// Warnings found while building (errors stop the build).
    pub warnings: Vec<Diagnostic>,
}

/// Loads configuration and sources; reports every problem found.
pub fn load(root: &Path, opts: &BuildOptions) -> Result<(Config, Sources)> {
    let config = config::load(root, opts.base_url.as_deref()).map_err(Error::single)?;
    let sources = discover::discover(root).map_err(Error::Site)?;
    Ok((config, sources))
}

/// Builds the whole site in memory.
pub fn build_in_memory(root: &Path, opts: &BuildOptions) -> Result<Built> {
    let (config, sources) = load(root, opts)?;
    let templates = Templates::load(root, &config, &sources.templates);
    let site = model::build(config, sources.content, opts);
    let (site, templates) = match (site, templates) {
        (Ok(s), Ok(t)) => (s, t),
        (site, templates) => {
            let mut errors = site.err().unwrap_or_default();
            errors.extend(templates.err());
            return Err(Error::Site(errors));
        }
    };
    let year = jiff::ZonedDateTime::new(opts.now, jiff::tz::TimeZone::UTC).year();
    let assets = Assets { static_files: &sources.static_files, content_assets: &sources.content_assets };
    let files =
        render::render(&site, &templates, assets, RenderOptions { minify: opts.minify, year }).map_err(Error::Site)?;
    let warnings = crate::check::build_warnings(&site);
    Ok(Built { site, files, warnings })
}

/// Builds the site and writes it to `out` atomically.
pub fn build(root: &Path, out: &Path, opts: &BuildOptions) -> Result<Built> {
    crate::output::check_output_dir(root, out)?;
    let built = build_in_memory(root, opts)?;
    crate::output::write(out, &built.files)?;
    Ok(built)
}

/// The default output folder of a site.
pub fn default_output(root: &Path) -> PathBuf {
    root.join("public")
}
