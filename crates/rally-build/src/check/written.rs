//! References writers make themselves, checked at the place they wrote them: links and images in
//! Markdown (including `@/path.md#anchor` links), front matter `image`, `brand.logo` in site.yaml
//! and `aliases`.

use rayon::prelude::*;

use super::content;
use super::links::SiteIndex;
use rally_core::error::{Diagnostic, LineStarts};
use rally_core::model::page::Page;
use rally_core::model::urls::OutputResolver;
use rally_core::model::{Site, urls};

/// Links and images written in Markdown, checked at their line and column in the file.
pub fn markdown_links(site: &Site, res: &OutputResolver, index: &SiteIndex) -> Vec<Diagnostic> {
    site.pages.par_iter().flat_map_iter(|p| links_of(site, p, res, index)).collect()
}

fn links_of(site: &Site, p: &Page, res: &OutputResolver, index: &SiteIndex) -> Vec<Diagnostic> {
    let url = site.url(p);
    let mut out = Vec::new();
    // one table of line starts per page with problems, however many problems it has
    let lines = std::cell::OnceCell::new();
    let lines = || lines.get_or_init(|| LineStarts::new(&p.text));
    for l in &p.md.links {
        if l.is_image && l.alt.trim().is_empty() {
            let msg = format!("image `{}` has no alt text: describe it between the brackets, `![...]`", l.raw);
            out.push(Diagnostic::warning(&p.display, l.line, l.col, msg).with_source_line(&p.text, lines()));
        }
        let Some((file, frag)) = res.target(&l.dest, &url) else { continue };
        if let Some(problem) = index.problem(&file, frag.as_deref()) {
            let what = if l.is_image { "image" } else { "link" };
            let msg = format!("{what} `{}` {problem}", l.raw);
            out.push(Diagnostic::error(&p.display, l.line, l.col, msg).with_source_line(&p.text, lines()));
        }
    }
    out
}

/// Markdown links and images to `javascript:`, `data:` or `vbscript:` URLs are published without
/// their target (the Markdown stage drops it); each is a warning at its line and column.
pub fn unsafe_markdown_links(site: &Site) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for p in &site.pages {
        for l in &p.md.links {
            if let Some(why) = rally_core::source::url::dangerous(&l.raw) {
                let msg = format!("{why}; the {} was published without it", if l.is_image { "image" } else { "link" });
                out.push(Diagnostic::warning(&p.display, l.line, l.col, msg).with_source(&p.text));
            }
        }
    }
    out
}

/// Front matter `image` must exist and have alt text; aliases must have their redirect page.
pub fn front_matter(site: &Site, res: &OutputResolver, index: &SiteIndex) -> Vec<Diagnostic> {
    let base = &site.config.base_path;
    let mut out = Vec::new();
    for p in &site.pages {
        if let Some(img) = &p.image {
            let target = res.target(&urls::site_url(base, img), &site.url(p));
            if let Some(problem) = target.and_then(|(file, _)| index.problem(&file, None)) {
                out.push(p.error_at_key("image", format!("image `{img}` {problem}")));
            }
            out.extend(content::missing_image_alt(p));
        }
        if let Some(reg) = p.event().and_then(|e| e.registration_url.as_ref()) {
            let target = res.target(&urls::site_url(base, reg), &site.url(p));
            if let Some(problem) = target.and_then(|(file, frag)| index.problem(&file, frag.as_deref())) {
                out.push(p.error_at_key("registration_url", format!("registration link `{reg}` {problem}")));
            }
        }
        for (i, alias) in p.aliases.iter().enumerate() {
            // an alias named like a file of another type (`/rss.xml`) is the host's `_redirects`
            // line alone
            let Some(file) = urls::redirect_page_path(alias) else { continue };
            if let Some(problem) = index.problem(&file, None) {
                let msg = format!("alias `{alias}` has no redirect page: it {problem}");
                out.push(p.error_at_key(&format!("aliases[{i}]"), msg));
            }
        }
    }
    out
}

/// `brand.logo` in site.yaml must point at a file of the built site.
pub fn logo(site: &Site, res: &OutputResolver, index: &SiteIndex) -> Option<Diagnostic> {
    let logo = site.config.brand.logo.as_deref()?;
    let base = &site.config.base_path;
    let (file, _) = res.target(&urls::site_url(base, logo), base)?;
    let problem = index.problem(&file, None)?;
    Some(site.config.error_at("brand.logo", format!("logo `{logo}` {problem}")))
}
