//! Page weight and its carbon estimate: what a first visit to each page transfers, and the grams
//! of CO2e that stands for in the Sustainable Web Design model (version 4, as CO2.js computes
//! it per byte: 0.3 kWh per GB across data centres, networks and devices, operational and
//! embodied, at the global grid intensity of 494 g CO2e per kWh).
//!
//! A page weighs its HTML plus each stylesheet, script and image it loads, each counted once.
//! Text (HTML, CSS, JavaScript, SVG) is counted gzip-compressed, as hosts send it. Of an image
//! with several sizes (`srcset`, `<picture>` sources), the candidate closest to 960 pixels wide
//! is counted (the first `<source>` of a `<picture>` when it has one), a phone's typical pick.
//! Fonts that stylesheets load and anything fetched by scripts are not counted.

use rayon::prelude::*;
use std::collections::HashMap;
use std::io::Write;

use super::html;
use rally_core::error::Diagnostic;
use rally_core::model::urls::OutputResolver;
use rally_core::model::{Site, urls};
use rally_render::{Contents, OutputFile};

/// kWh per GB transferred (SWD v4: 0.055 + 0.059 + 0.080 operational, 0.012 + 0.013 + 0.081
/// embodied).
const KWH_PER_GB: f64 = 0.3;
/// Global grid intensity, g CO2e per kWh.
const GRID_G_PER_KWH: f64 = 494.0;
/// The image width the estimate assumes.
const IMAGE_WIDTH: u32 = 960;

/// One page's weight.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PageWeight {
    /// Output path: `updates/kell/index.html`.
    pub path: String,
    pub bytes: u64,
    pub co2_grams: f64,
    /// The heaviest file the page loads (itself included) and its weight.
    pub heaviest: (String, u64),
}

/// Grams of CO2e for transferring `bytes` once.
pub fn co2_grams(bytes: u64) -> f64 {
    bytes as f64 / 1e9 * KWH_PER_GB * GRID_G_PER_KWH
}

fn gzip_len(data: &[u8]) -> u64 {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    let _ = enc.write_all(data);
    enc.finish().map_or(data.len(), |v| v.len()) as u64
}

/// What a file costs to transfer.
fn transfer_size(f: &OutputFile) -> u64 {
    let text = rally_core::format::filetype::is_text(&f.path);
    match &f.contents {
        Contents::Text(s) => gzip_len(s.as_bytes()),
        Contents::Static(b) if text => gzip_len(b),
        Contents::Bytes(b) if text => gzip_len(b),
        Contents::Static(b) => b.len() as u64,
        Contents::Bytes(b) => b.len() as u64,
        Contents::Copy(p) if text => std::fs::read(p).map_or(0, |b| gzip_len(&b)),
        Contents::Copy(p) | Contents::Cached(p) => std::fs::metadata(p).map_or(0, |m| m.len()),
    }
}

/// The candidate of a `srcset` closest to [`IMAGE_WIDTH`] (the first for density descriptors).
fn pick(srcset: &str) -> Option<&str> {
    let candidates = srcset.split(',').filter_map(|c| {
        let mut parts = c.split_whitespace();
        let url = parts.next()?;
        let width = parts.next().and_then(|d| d.strip_suffix('w')).and_then(|w| w.parse::<u32>().ok());
        Some((url, width))
    });
    candidates.min_by_key(|(_, w)| w.map_or(u32::MAX, |w| w.abs_diff(IMAGE_WIDTH))).map(|(u, _)| u)
}

/// The URLs of the files a page loads: stylesheets, scripts and one candidate per image.
fn resources(html_text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut source: Option<String> = None;
    html::tags(html_text, |tag, _| {
        let attr = |n: &str| tag.get(n).map(|a| rally_core::format::unescape_html(a.value).into_owned());
        if tag.is("link")
            && attr("rel").is_some_and(|r| r.split_whitespace().any(|r| r.eq_ignore_ascii_case("stylesheet")))
        {
            out.extend(attr("href"));
        } else if tag.is("script") {
            out.extend(attr("src"));
        } else if tag.is("picture") {
            source = None;
        } else if tag.is("source") && source.is_none() {
            source = attr("srcset").and_then(|s| pick(&s).map(String::from));
        } else if tag.is("img") {
            let own = attr("srcset").and_then(|s| pick(&s).map(String::from)).or_else(|| attr("src"));
            out.extend(source.take().or(own));
        }
    });
    out
}

/// Is this HTML a redirect page (an alias's, or a list's `page/1/`): nothing a reader stays on?
fn is_redirect(html_text: &str) -> bool {
    const REFRESH: &[u8] = b"http-equiv=\"refresh\"";
    let head = &html_text.as_bytes()[..html_text.len().min(1024)];
    head.windows(REFRESH.len()).any(|w| w == REFRESH)
}

/// Every HTML page's weight, heaviest first; redirect pages and email editions are not pages
/// readers read on the site, and are left out.
pub fn weights(site: &Site, files: &[OutputFile]) -> Vec<PageWeight> {
    let sizes: HashMap<&str, u64> =
        files.par_iter().filter(|f| !f.path.ends_with(".html")).map(|f| (f.path.as_str(), transfer_size(f))).collect();
    let pages: Vec<(&str, &str)> = files
        .iter()
        .filter(|f| f.path.ends_with(".html") && !rally_render::email::is_edition(&f.path))
        .filter_map(|f| Some((f.path.as_str(), f.as_text()?)))
        .collect();
    weigh(site, &pages, &sizes)
}

/// What a file of the built site (at output path `path`) costs to transfer.
pub fn transfer_bytes(path: &str, bytes: &[u8]) -> u64 {
    if rally_core::format::filetype::is_text(path) { gzip_len(bytes) } else { bytes.len() as u64 }
}

/// The weight of each HTML page of `pages` (output path and text), heaviest first, given what
/// each other file costs to transfer (`sizes`, by output path).
pub fn weigh(site: &Site, pages: &[(&str, &str)], sizes: &HashMap<&str, u64>) -> Vec<PageWeight> {
    let res = OutputResolver::new(&site.config.base_url, &site.config.base_path);
    let mut out: Vec<PageWeight> = pages
        .par_iter()
        .filter_map(|&(path, text)| {
            if is_redirect(text) {
                return None;
            }
            let own = gzip_len(text.as_bytes());
            let page_url = urls::url_of_output(&site.config.base_path, path);
            let mut seen = std::collections::HashSet::new();
            let mut heaviest = (path.to_string(), own);
            let mut bytes = own;
            for r in resources(text) {
                let Some((file, _)) = res.target(&r, &page_url) else { continue };
                let Some(&size) = sizes.get(file.as_str()) else { continue };
                if seen.insert(file.clone()) {
                    bytes += size;
                    if size > heaviest.1 {
                        heaviest = (file, size);
                    }
                }
            }
            Some(PageWeight { path: path.to_string(), bytes, co2_grams: co2_grams(bytes), heaviest })
        })
        .collect();
    out.sort_by(|a, b| b.bytes.cmp(&a.bytes).then_with(|| a.path.cmp(&b.path)));
    out
}

fn kb(bytes: u64) -> String {
    format!("{:.0} KB", bytes as f64 / 1024.0)
}

/// A warning for each page over `check.page_budget_kb`, at its content file when it has one: once
/// for a content file, at its heaviest language.
pub fn over_budget(site: &Site, pages: &super::PagesByOutput, weights: &[PageWeight]) -> Vec<Diagnostic> {
    let budget = site.config.check.page_budget_kb;
    let mut warned = std::collections::HashSet::new();
    weights
        .iter()
        .take_while(|w| w.bytes > budget * 1024)
        .filter(|w| {
            // a page Rally writes in every language (the 404 page, lists) is one page too
            let source = match pages.get(&w.path) {
                Some(p) => p.display.clone(),
                None => std::path::PathBuf::from(in_default_language(site, &w.path)),
            };
            warned.insert(source)
        })
        .map(|w| {
            let msg = format!(
                "this page weighs {} (more than check.page_budget_kb, {budget} KB), about {:.2} g CO2e per view; the heaviest part is {} ({})",
                kb(w.bytes),
                w.co2_grams,
                w.heaviest.0,
                kb(w.heaviest.1)
            );
            match pages.get(&w.path) {
                Some(p) => Diagnostic::warning(&p.display, 1, 1, msg).with_source(&p.text),
                None => Diagnostic::warning(format!("(output)/{}", w.path), 1, 1, msg),
            }
        })
        .collect()
}

/// An output path with the language prefix of a language other than the default left out.
fn in_default_language<'p>(site: &Site, path: &'p str) -> &'p str {
    site.config.languages[1..]
        .iter()
        .find_map(|l| path.strip_prefix(l.prefix.as_str()).filter(|_| !l.prefix.is_empty()))
        .unwrap_or(path)
}

/// The summary line people read: the median and the heaviest pages.
pub fn summary(weights: &[PageWeight]) -> Vec<String> {
    if weights.is_empty() {
        return Vec::new();
    }
    let median = weights[weights.len() / 2].bytes;
    let mut lines = vec![format!(
        "Page weight: {} pages, median {} ({:.3} g CO2e per view)",
        weights.len(),
        kb(median),
        co2_grams(median)
    )];
    for w in weights.iter().take(5) {
        lines.push(format!("  {:>8}  {:.3} g  {}", kb(w.bytes), w.co2_grams, w.path));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn co2_follows_the_sustainable_web_design_model() {
        // 1 GB: 0.3 kWh at 494 g/kWh
        assert!((co2_grams(1_000_000_000) - 148.2).abs() < 1e-9);
        assert!((co2_grams(500_000) - 0.0741).abs() < 1e-9);
    }

    #[test]
    fn redirect_pages_are_known_by_their_refresh() {
        let page = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<title>Redirecting…</title>\n<meta http-equiv=\"refresh\" content=\"0; url=/new/\">\n</head></html>";
        assert!(is_redirect(page));
        let long = format!("<title>{}</title><p>text</p>", "—".repeat(400));
        assert!(!is_redirect(&long), "a page with text across the first kilobyte");
    }

    #[test]
    fn one_candidate_per_image() {
        assert_eq!(pick("a-480.webp 480w, a-960.webp 960w, a-1600.webp 1600w"), Some("a-960.webp"));
        assert_eq!(pick("a-480.webp 480w, a-1600.webp 1600w"), Some("a-480.webp"));
        assert_eq!(pick("a.png 1x, a@2x.png 2x"), Some("a.png"));
        let html = r#"<link rel="stylesheet" href="/s.css"><picture><source type="image/webp" srcset="/p-480.webp 480w, /p-960.webp 960w"><img src="/p-960.jpg" srcset="/p-480.jpg 480w, /p-960.jpg 960w" alt=""></picture><img src="/logo.svg" alt=""><script src="/x.js"></script>"#;
        assert_eq!(resources(html), ["/s.css", "/p-960.webp", "/logo.svg", "/x.js"]);
    }
}
