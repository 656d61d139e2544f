//! `rally check`: what a build does not stop for, found in the built site — internal links and
//! anchors that lead nowhere, missing images, alt text and descriptions, brand colour contrast,
//! goals without data, stale impact reports and phrases the organisation avoids.

pub mod content;
pub mod links;

use crate::model::urls;
use crate::pipeline::Built;
use links::SiteIndex;

use crate::config::{CONFIG_FILE, Color};
use crate::error::Diagnostic;
use crate::model::Site;
use crate::source::front_matter::key_line_in;

/// The background the built-in themes put text on in their light scheme.
pub const THEME_BACKGROUND: Color = Color([255, 255, 255]);
/// WCAG 2 AA contrast for normal text.
pub const AA_CONTRAST: f64 = 4.5;

/// Warnings every build reports.
pub fn build_warnings(site: &Site) -> Vec<Diagnostic> {
    brand_contrast(site)
}

/// A brand colour that fails WCAG AA contrast is a warning naming the colour.
pub fn brand_contrast(site: &Site) -> Vec<Diagnostic> {
    let src = &site.config.source;
    let mut out = Vec::new();
    let brand = &site.config.brand;
    if let Some(p) = brand.primary {
        let ratio = p.contrast(THEME_BACKGROUND);
        if ratio < AA_CONTRAST {
            out.push(
                Diagnostic::warning(
                    CONFIG_FILE,
                    key_line_in(src, "primary"),
                    1,
                    format!(
                        "brand colour primary {} has a contrast of {ratio:.2}:1 against the theme background {}; WCAG AA needs {AA_CONTRAST}:1 for text (try a darker shade)",
                        p.hex(),
                        THEME_BACKGROUND.hex()
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

/// Every problem `rally check` reports for a built site, sorted by file and line.
pub fn check(built: &Built, now: jiff::Timestamp) -> Vec<Diagnostic> {
    let site = &built.site;
    let index = SiteIndex::new(built.files.iter().map(|f| (f.path.as_str(), f.as_text())));
    let mut out = built.warnings.clone();
    out.extend(markdown_links(site, &index));
    let images = front_matter_images(site, &index);
    let known: std::collections::HashSet<String> = site
        .pages
        .iter()
        .filter_map(|p| p.image.as_deref())
        .chain(site.config.brand.logo.as_deref())
        .map(|i| urls::site_url(&site.config.base_path, i))
        .collect();
    out.extend(images);
    out.extend(template_links(built, &index, &known));
    out.extend(content::missing_descriptions(site));
    out.extend(content::goals_without_data(site));
    out.extend(content::stale_report(site, now));
    out.extend(content::avoided_phrases(site));
    out.sort_by(|a, b| (&a.path, a.line, a.col).cmp(&(&b.path, b.line, b.col)));
    out.dedup();
    out
}

/// Links and images written in Markdown, checked at their line in the file.
fn markdown_links(site: &Site, index: &SiteIndex) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let base = &site.config.base_path;
    for p in &site.pages {
        let url = site.url(p);
        for l in &p.md.links {
            if l.is_image && l.alt.trim().is_empty() {
                out.push(
                    Diagnostic::warning(&p.display, l.line, l.col, format!("image `{}` has no alt text", l.raw))
                        .with_source(&p.text),
                );
            }
            let Some((file, frag)) = links::target(&l.dest, &url, base) else { continue };
            if let Some(problem) = index.problem(&file, frag.as_deref()) {
                let what = if l.is_image { "image" } else { "link" };
                out.push(
                    Diagnostic::error(&p.display, l.line, l.col, format!("{what} `{}` {problem}", l.raw))
                        .with_source(&p.text),
                );
            }
        }
    }
    out
}

/// Links made by templates (every href and src of the built HTML), reported once per target at
/// the first output file that has it; targets already reported at their source are skipped.
fn template_links(built: &Built, index: &SiteIndex, known: &std::collections::HashSet<String>) -> Vec<Diagnostic> {
    let site = &built.site;
    let base = &site.config.base_path;
    let written: std::collections::HashMap<&str, &crate::model::page::Page> =
        site.pages.iter().map(|p| (p.out.as_str(), p)).collect();
    let mut found: std::collections::BTreeMap<String, (Diagnostic, usize)> = std::collections::BTreeMap::new();
    for f in built.files.iter().filter(|f| f.path.ends_with(".html")) {
        let Some(html) = f.as_text() else { continue };
        let from_markdown: std::collections::HashSet<&str> = written
            .get(f.path.as_str())
            .map(|p| p.md.links.iter().map(|l| l.dest.as_str()).collect())
            .unwrap_or_default();
        let url = urls::url_of_output(base, &f.path);
        for attr in ["href", "src"] {
            for (value, offset) in links::attribute_values(html, attr) {
                let value = value.replace("&amp;", "&");
                if from_markdown.contains(value.as_str()) || known.contains(&value) {
                    continue;
                }
                let Some((file, frag)) = links::target(&value, &url, base) else { continue };
                let Some(problem) = index.problem(&file, frag.as_deref()) else { continue };
                let key = format!("{file}#{}", frag.unwrap_or_default());
                found.entry(key).and_modify(|(_, n)| *n += 1).or_insert_with(|| {
                    let (line, col) = crate::error::line_col(html, offset);
                    let msg = format!("{attr} `{value}` {problem} (made by a template)");
                    (Diagnostic::error(format!("(output)/{}", f.path), line, col, msg).with_source(html), 1)
                });
            }
        }
    }
    found
        .into_values()
        .map(|(mut d, n)| {
            if n > 1 {
                d.message.push_str(&format!(", on {n} pages"));
            }
            d
        })
        .collect()
}

/// `image` in front matter and the brand logo must exist; images need alt text.
fn front_matter_images(site: &Site, index: &SiteIndex) -> Vec<Diagnostic> {
    let base = &site.config.base_path;
    let mut out = Vec::new();
    for p in &site.pages {
        if let Some(img) = &p.image {
            let dest = urls::site_url(base, img);
            if let Some((file, _)) = links::target(&dest, &site.url(p), base)
                && let Some(problem) = index.problem(&file, None)
            {
                out.push(p.error_at_key("image", format!("image `{img}` {problem}")));
            }
            out.extend(content::missing_image_alt(p));
        }
    }
    if let Some(logo) = &site.config.brand.logo {
        let dest = urls::site_url(base, logo);
        if let Some((file, _)) = links::target(&dest, base, base)
            && let Some(problem) = index.problem(&file, None)
        {
            let src = &site.config.source;
            out.push(
                Diagnostic::error(CONFIG_FILE, key_line_in(src, "logo"), 1, format!("logo `{logo}` {problem}"))
                    .with_source(src),
            );
        }
    }
    out
}
