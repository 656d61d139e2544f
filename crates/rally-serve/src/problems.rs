//! What `rally check` would report, found after each rebuild of the preview, so that a writer who
//! only runs `rally serve` sees it. The check library does the checking; this module keeps it
//! cheap: the ids of built pages are kept between rebuilds and only re-rendered pages are scanned
//! again, so an incremental rebuild runs the content checks (links, images, front matter,
//! descriptions, goals, reports, phrases) against the whole site without reading every page. The
//! references templates make, which need every page scanned, are checked after the builds that
//! render every page (the first, and those after a change to site.yaml, templates, themes or the
//! site's shape), and kept until the next one.

use rayon::prelude::*;
use std::collections::HashMap;
use std::sync::Arc;

use crate::live::LiveSite;
use rally_build::check::{self, html, links::SiteIndex};
use rally_core::error::Diagnostic;

/// The ids an HTML page defines, and the built page they were found in.
struct Ids {
    bytes: Arc<Vec<u8>>,
    ids: Vec<String>,
}

/// Checks a preview site after each rebuild.
#[derive(Default)]
pub struct Problems {
    /// The ids of every built HTML page, by output path.
    ids: HashMap<String, Ids>,
    /// What the last check of every built page found in references made by templates.
    template: Vec<Diagnostic>,
    /// The weight of every page at the last check of every built page.
    weights: Vec<check::weight::PageWeight>,
}

impl Problems {
    /// Every problem of `site`, sorted. With `all_pages` (every page was rendered again) the
    /// references of every built page are checked too; otherwise those found last time stand.
    pub fn check(&mut self, site: &LiveSite, all_pages: bool, now: jiff::Timestamp) -> Vec<Diagnostic> {
        let mut pages: Vec<(&str, &Arc<Vec<u8>>, &str)> = site
            .files()
            .iter()
            .filter(|(path, _)| path.ends_with(".html") && !rally_render::email::is_edition(path))
            .filter_map(|(path, bytes)| Some((path.as_str(), bytes, std::str::from_utf8(bytes).ok()?)))
            .collect();
        // a problem many pages repeat is reported at the first, in path order
        pages.sort_unstable_by_key(|p| p.0);
        self.ids.retain(|path, _| site.files().contains_key(path));
        let model = site.site();
        // the search index is made apart, in the background (see `super::index_in_background`)
        let search: Vec<String> = if model.config.search.enabled {
            rally_search::FIXED_FILES.iter().map(|f| format!("{}{f}", rally_search::BUNDLE_DIR)).collect()
        } else {
            Vec::new()
        };
        // the redirect pages of aliases, whose anchors are looked for where they lead
        let redirects = check::alias_targets(model);
        let paths = || site.files().keys().chain(&search).map(String::as_str);
        let by_output = check::pages_by_output(model);
        if all_pages {
            let scans: Vec<html::Scanned> =
                pages.par_iter().map(|&(path, _, html)| html::Scanned { path, html, scan: html::scan(html) }).collect();
            let index = SiteIndex::new(paths(), &scans).with_redirects(&redirects);
            self.template = check::template_problems(model, &by_output, &scans, &index);
            let policies = rally_render::policies::PagePolicies::of(model);
            self.template.extend(check::policy::blocked(&by_output, &scans, &policies));
            let sizes: HashMap<&str, u64> = site
                .files()
                .par_iter()
                .filter(|(path, _)| !path.ends_with(".html"))
                .map(|(path, bytes)| (path.as_str(), check::weight::transfer_bytes(path, bytes)))
                .collect();
            let texts: Vec<(&str, &str)> = pages.iter().map(|&(path, _, html)| (path, html)).collect();
            self.weights = check::weight::weigh(model, &texts, &sizes);
            for (s, &(_, bytes, _)) in scans.iter().zip(&pages) {
                let ids = s.scan.ids.iter().map(|id| id.to_string()).collect();
                self.ids.insert(s.path.to_string(), Ids { bytes: Arc::clone(bytes), ids });
            }
        } else {
            let rescanned: Vec<(String, Ids)> = pages
                .par_iter()
                .filter(|(path, bytes, _)| self.ids.get(*path).is_none_or(|known| !Arc::ptr_eq(&known.bytes, bytes)))
                .map(|&(path, bytes, html)| {
                    let ids = html::scan(html).ids.iter().map(|id| id.to_string()).collect();
                    (path.to_string(), Ids { bytes: Arc::clone(bytes), ids })
                })
                .collect();
            self.ids.extend(rescanned);
        }
        let index = SiteIndex::from_ids(
            paths(),
            self.ids.iter().map(|(path, known)| (path.as_str(), known.ids.iter().map(String::as_str))),
        )
        .with_redirects(&redirects);
        let mut out =
            check::problems(model, &by_output, &index, self.template.clone(), &self.weights, site.background(), now);
        // the preview serves the site at its own address: what `rally check` says of the one
        // site.yaml gives is said here too
        out.extend(rally_core::config::require_written_base_url(&model.config).err());
        check::sorted(out)
    }
}
