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
pub mod grouped;
pub mod html;
pub mod links;
pub mod locate;
pub mod policy;
pub mod templates;
pub mod translations;
pub mod voice;
pub mod weight;
pub mod written;

use crate::pipeline::Built;
use links::SiteIndex;
use rally_core::model::urls::OutputResolver;

use rally_core::config::Color;
use rally_core::error::Diagnostic;
use rally_core::model::Site;

/// The content page each HTML output file of every language comes from, by output path.
pub type PagesByOutput<'a> = std::collections::HashMap<String, &'a rally_core::model::page::Page>;

/// The content page each HTML output file of every language comes from (`fr/updates/x/index.html`
/// is the French version of `updates/x.md`: its translation, or the original when it has none).
/// Made once per check and lent to each check that reports at a page's source.
pub fn pages_by_output(site: &Site) -> PagesByOutput<'_> {
    let mut out = std::collections::HashMap::new();
    for s in std::iter::once(site).chain(&site.others) {
        let prefix = &s.config.current_language().prefix;
        out.extend(s.pages.iter().map(|p| (format!("{prefix}{}", p.out), p)));
    }
    out
}

/// The redirect page of every alias, in every language, and the output file of the page it
/// leads to.
pub fn alias_targets(site: &Site) -> std::collections::HashMap<String, String> {
    let mut out = std::collections::HashMap::new();
    for s in std::iter::once(site).chain(&site.others) {
        let prefix = &s.config.current_language().prefix;
        for p in &s.pages {
            for a in &p.aliases {
                if let Some(path) = rally_core::model::urls::redirect_page_path(a) {
                    out.insert(format!("{prefix}{path}"), format!("{prefix}{}", p.out));
                }
            }
        }
    }
    out
}

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
    let mut out = Vec::new();
    let brand = &site.config.brand;
    if let Some(p) = brand.primary {
        let ratio = p.contrast(background);
        if ratio < AA_CONTRAST {
            out.push(site.config.warning_at(
                "brand.primary",
                format!(
                    "brand colour primary {} has a contrast of {ratio:.2}:1 against the theme background {}; WCAG AA needs {AA_CONTRAST}:1 for text (try a darker shade)",
                    p.hex(),
                    background.hex()
                ),
            ));
        }
    }
    if let Some(a) = brand.accent {
        let best = a.contrast(Color([0, 0, 0])).max(a.contrast(Color([255, 255, 255])));
        if best < AA_CONTRAST {
            out.push(site.config.warning_at(
                "brand.accent",
                format!("brand colour accent {} reaches only {best:.2}:1 against black or white text; WCAG AA needs {AA_CONTRAST}:1", a.hex()),
            ));
        }
    }
    out
}

/// Every problem `rally check` reports for a built site, sorted by file, line and column, and the
/// weight of each page. `now` is the moment report staleness is measured from.
pub fn check(built: &Built, now: jiff::Timestamp) -> (Vec<Diagnostic>, Vec<weight::PageWeight>) {
    let site = &built.site;
    let scans = html::scan_files(&built.files);
    let redirects = alias_targets(site);
    let index = SiteIndex::new(built.files.iter().map(|f| f.path.as_str()), &scans).with_redirects(&redirects);
    let pages = pages_by_output(site);
    let mut template = template_problems(site, &pages, &scans, &index);
    template.extend(policy::blocked(&pages, &scans, &rally_render::policies::PagePolicies::of(site)));
    let weights = weight::weights(site, &built.files);
    (problems(site, &pages, &index, template, &weights, built.background, now), weights)
}

/// Every problem of a site, given its built pages (`index`), the problems of the references its
/// templates made and its pages' weights: what `rally check` reports and the preview shows, one
/// set of checks, sorted. `pages` is [`pages_by_output`] of `site`.
pub fn problems(
    site: &Site,
    pages: &PagesByOutput,
    index: &SiteIndex,
    template: Vec<Diagnostic>,
    weights: &[weight::PageWeight],
    background: Color,
    now: jiff::Timestamp,
) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> =
        rally_core::config::require_absolute_base_url(&site.config).err().into_iter().collect();
    out.extend(build_warnings(site, background));
    out.extend(content_problems(site, index, now));
    out.extend(template);
    out.extend(translations::outdated(site));
    out.extend(weight::over_budget(site, pages, weights));
    sorted(out)
}

/// The problems in what writers wrote (links, images, front matter, descriptions, goals, reports,
/// phrases), checked against `index`, the built site: cheap, they need no built page scanned.
pub fn content_problems(site: &Site, index: &SiteIndex, now: jiff::Timestamp) -> Vec<Diagnostic> {
    let res = OutputResolver::new(&site.config.base_url, &site.config.base_path);
    let mut out = written::markdown_links(site, &res, index);
    out.extend(written::front_matter(site, &res, index));
    out.extend(written::logo(site, &res, index));
    out.extend(content::missing_descriptions(site));
    out.extend(content::goals_without_data(site));
    out.extend(content::event_problems(site));
    out.extend(content::stale_campaign_data(site, now));
    out.extend(content::unknown_metrics(site));
    out.extend(content::stale_report(site, now));
    out.extend(voice::avoided_phrases(site));
    out
}

/// The problems in references that templates made on the built pages `scans`.
pub fn template_problems(
    site: &Site,
    pages: &PagesByOutput,
    scans: &[html::Scanned],
    index: &SiteIndex,
) -> Vec<Diagnostic> {
    let res = OutputResolver::new(&site.config.base_url, &site.config.base_path);
    templates::template_refs(site, pages, scans, &res, index)
}

/// Diagnostics in the order they are reported (by file, line and column, errors first), each once.
pub fn sorted(mut out: Vec<Diagnostic>) -> Vec<Diagnostic> {
    out.sort_by(|a, b| (&a.path, a.line, a.col, b.severity).cmp(&(&b.path, b.line, b.col, a.severity)));
    out.dedup();
    out
}
