//! `rally check`: what a build does not stop for, found in a site built in memory — internal links
//! and anchors that lead nowhere, missing images, alt text and descriptions, brand colour
//! contrast, goals without data, stale impact reports and phrases the organisation avoids.
//!
//! The built site is indexed once (every output path, every id of every HTML page, in hash sets),
//! so each reference is checked in constant time and the whole check is linear in the site's size:
//! - `written`: what writers wrote (Markdown links and images, front matter `image` and `aliases`,
//!   `brand.logo`), checked at their line and column;
//! - `templates`: references in the built HTML that templates made;
//! - `content` and `voice`: content warnings;
//! - `links`, `html` and `locate`: resolving links, scanning HTML, finding positions in files.

pub mod content;
pub mod html;
pub mod links;
pub mod locate;
pub mod templates;
pub mod voice;
pub mod written;

use crate::pipeline::Built;
use links::{Resolver, SiteIndex};

use crate::config::{CONFIG_FILE, Color};
use crate::error::Diagnostic;
use crate::model::Site;
use crate::source::front_matter::key_line_in;

/// WCAG 2 AA contrast for normal text.
pub const AA_CONTRAST: f64 = 4.5;

/// Warnings every build reports; `background` is the theme's page background.
pub fn build_warnings(site: &Site, background: Color) -> Vec<Diagnostic> {
    let mut out = brand_contrast(site, background);
    out.extend(written::unsafe_markdown_links(site));
    out
}

/// A brand colour that fails WCAG AA contrast (the primary colour as text on the theme's
/// `background`, the accent colour under black or white text) is a warning naming the colour.
pub fn brand_contrast(site: &Site, background: Color) -> Vec<Diagnostic> {
    let src = &site.config.source;
    let mut out = Vec::new();
    let brand = &site.config.brand;
    if let Some(p) = brand.primary {
        let ratio = p.contrast(background);
        if ratio < AA_CONTRAST {
            out.push(
                Diagnostic::warning(
                    CONFIG_FILE,
                    key_line_in(src, "primary"),
                    1,
                    format!(
                        "brand colour primary {} has a contrast of {ratio:.2}:1 against the theme background {}; WCAG AA needs {AA_CONTRAST}:1 for text (try a darker shade)",
                        p.hex(),
                        background.hex()
                    ),
                )
                .with_source(src),
            );
        }
    }
    if let Some(a) = brand.accent {
        let best = a.contrast(Color([0, 0, 0])).max(a.contrast(Color([255, 255, 255])));
        if best < AA_CONTRAST {
            out.push(
                Diagnostic::warning(
                    CONFIG_FILE,
                    key_line_in(src, "accent"),
                    1,
                    format!("brand colour accent {} reaches only {best:.2}:1 against black or white text; WCAG AA needs {AA_CONTRAST}:1", a.hex()),
                )
                .with_source(src),
            );
        }
    }
    out
}

/// Every problem `rally check` reports for a built site, sorted by file, line and column. `now`
/// is the moment report staleness is measured from.
pub fn check(built: &Built, now: jiff::Timestamp) -> Vec<Diagnostic> {
    let site = &built.site;
    let res = Resolver::new(&site.config.base_url, &site.config.base_path);
    let scans = html::scan_files(&built.files);
    let index = SiteIndex::new(built.files.iter().map(|f| f.path.as_str()), &scans);
    let mut out = built.warnings.clone();
    out.extend(written::markdown_links(site, &res, &index));
    out.extend(written::front_matter(site, &res, &index));
    out.extend(written::logo(site, &res, &index));
    out.extend(templates::template_refs(site, &scans, &res, &index));
    out.extend(content::missing_descriptions(site));
    out.extend(content::goals_without_data(site));
    out.extend(content::unknown_metrics(site));
    out.extend(content::stale_report(site, now));
    out.extend(voice::avoided_phrases(site));
    out.sort_by(|a, b| (&a.path, a.line, a.col, b.severity).cmp(&(&b.path, b.line, b.col, a.severity)));
    out.dedup();
    out
}
