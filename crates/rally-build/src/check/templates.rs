//! References made by templates: every `href`, `src`, `srcset`, `poster` and meta refresh of every
//! built page that the page's own Markdown and front matter did not already account for, and
//! `<img>` tags without an `alt` attribute.
//!
//! A problem is reported once, however many pages repeat it (a broken menu link is one problem,
//! not one per page), at the place a writer can fix it: where its value is written in the content
//! file the page comes from or in site.yaml; for a problem on one content page only, at that
//! page; otherwise at the built page, as `(output)/PATH:LINE:COL`.

use rayon::prelude::*;
use std::collections::HashSet;

use super::PagesByOutput;
use super::grouped::{Finding, Group, groups};
use super::html::Scanned;
use super::links::SiteIndex;
use super::locate::find_url;
use rally_core::config::CONFIG_FILE;
use rally_core::error::{Diagnostic, Severity, line_col};
use rally_core::format::percent_decode;
use rally_core::model::page::Page;
use rally_core::model::urls::{OutputResolver, is_external};
use rally_core::model::{Site, urls};

/// What the check knows about the site while it looks at built pages.
struct Context<'a> {
    site: &'a Site,
    res: &'a OutputResolver<'a>,
    index: &'a SiteIndex<'a>,
    /// The content page each output file of every language comes from.
    pages: &'a PagesByOutput<'a>,
    /// URLs already checked where they are written, and resolved the same on every page.
    checked: HashSet<String>,
}

/// Every problem in references made by templates.
pub fn template_refs<'a>(
    site: &'a Site,
    pages: &'a PagesByOutput<'a>,
    scans: &[Scanned<'a>],
    res: &'a OutputResolver,
    index: &'a SiteIndex,
) -> Vec<Diagnostic> {
    let ctx = Context::new(site, pages, res, index);
    let findings: Vec<Finding> = scans.par_iter().flat_map_iter(|s| ctx.findings(s)).collect();
    groups(findings).iter().map(|group| ctx.report(group)).collect()
}

impl<'a> Context<'a> {
    fn new(
        site: &'a Site,
        pages: &'a PagesByOutput<'a>,
        res: &'a OutputResolver<'a>,
        index: &'a SiteIndex<'a>,
    ) -> Context<'a> {
        let base = &site.config.base_path;
        let same_everywhere = |u: &str| u.starts_with('/') || is_external(u);
        let mut checked: HashSet<String> = site
            .pages
            .iter()
            .flat_map(|p| p.md.links.iter().map(|l| l.dest.clone()))
            .chain(site.pages.iter().filter_map(|p| p.image.as_deref()).map(|i| urls::site_url(base, i)))
            .filter(|u| same_everywhere(u))
            .collect();
        checked.extend(site.config.brand.logo.as_deref().map(|l| urls::site_url(base, l)));
        Context { site, res, index, pages, checked }
    }

    /// Was `value`, on the page made from `page`, already checked where it is written?
    fn already_checked(&self, value: &str, page: Option<&Page>) -> bool {
        let decoded = percent_decode(value);
        let base = &self.site.config.base_path;
        let own = |p: &Page| {
            p.md.links.iter().any(|l| l.dest == value || l.dest == decoded)
                || p.image.as_deref().is_some_and(|i| urls::site_url(base, i) == value)
        };
        self.checked.contains(value) || self.checked.contains(decoded.as_ref()) || page.is_some_and(own)
    }

    fn findings(&self, s: &Scanned<'a>) -> Vec<Finding<'a>> {
        let page = self.pages.get(s.path).copied();
        let url = urls::url_of_output(&self.site.config.base_path, s.path);
        let mut out = Vec::new();
        for r in &s.scan.refs {
            if self.already_checked(&r.value, page) {
                continue;
            }
            let (key, problem) = match self.res.target(&r.value, &url) {
                Some((file, frag)) => match self.index.problem(&file, frag.as_deref()) {
                    Some(problem) => (format!("{file}#{}", frag.unwrap_or_default()), problem),
                    None => continue,
                },
                None if self.res.outside(&r.value, &url) => (
                    format!("outside {}", r.value),
                    format!(
                        "leads outside the site, which is published under `{}`: in content write a Markdown link \
                         (it gets the base path), in a template use the `url` filter",
                        self.site.config.base_path
                    ),
                ),
                None => continue,
            };
            out.push(Finding {
                key,
                path: s.path,
                html: s.html,
                offset: r.offset,
                written: r.value.to_string(),
                message: format!("{} `{}` {problem}", r.attr, r.value),
                severity: Severity::Error,
            });
        }
        for (src, offset) in &s.scan.images_without_alt {
            out.push(Finding {
                key: format!("<img> {src}"),
                path: s.path,
                html: s.html,
                offset: *offset,
                written: src.to_string(),
                message: format!(
                    "`<img src=\"{src}\">` has no alt attribute: add alt text, or `alt=\"\"` if it is decorative"
                ),
                severity: Severity::Warning,
            });
        }
        out
    }

    /// One diagnostic for the pages of a group: where its value is written in a content file a
    /// page of the group comes from, or in site.yaml; or at the one content page it is on; else at
    /// the first built page.
    fn report(&self, group: &Group) -> Diagnostic {
        let first = group.first();
        let value = first.written.as_str();
        let base = &self.site.config.base_path;
        let stripped = value.strip_prefix(base.as_str()).filter(|_| base != "/").map(|rest| format!("/{rest}"));
        let forms: Vec<&str> = [Some(value), stripped.as_deref()].into_iter().flatten().collect();
        let found_in = |text: &str| forms.iter().find_map(|f| find_url(text, f));
        // written in a page's own Markdown as HTML, or in its front matter: the file says it all
        if let Some((page, at)) = group.in_content(self.pages, found_in) {
            return group.at_content(page, at);
        }
        let (line, col) = group.output_at();
        let made =
            format!("{} (made by a template, at {}:{line}:{col}{})", first.message, group.output(), group.on_pages());
        let config = &self.site.config.source;
        if let Some(at) = found_in(config) {
            return group.diagnostic(CONFIG_FILE, line_col(config, at), made).with_source(config);
        }
        match self.pages.get(first.path).filter(|_| group.pages() == 1) {
            Some(page) => group.diagnostic(&page.display, (0, 0), made),
            None => group.at_output(),
        }
    }
}
