//! Files static hosts read: `_redirects` (Netlify, Cloudflare Pages) with a 301 for every alias,
//! and `_headers` with security headers for every page and long caching for hashed assets.
//!
//! The Content-Security-Policy allows what the built pages use and nothing else: the site's own
//! styles, scripts, images and fonts (images also as `data:` URIs), and frames only from the
//! privacy-enhanced YouTube host that video components load after a click. Pages carry no inline
//! script or style attribute (JSON-LD is a data block, which no policy blocks); raw HTML a writer
//! puts in Markdown is the writer's own and must keep to it too.
//!
//! With search on, `script-src` also allows `'wasm-unsafe-eval'`: the search page runs Pagefind's
//! WebAssembly. It cannot be scoped to the search page in `_headers`: hosts combine the headers of
//! every rule that matches a path, and two policies both apply, so a rule can only tighten a page's
//! policy, never loosen it. The keyword allows compiling WebAssembly only (not `eval` of scripts),
//! and scripts still come from the site alone; only the search page loads any.
//!
//! A page with a `donate`, `signup` or `map` component gets the site's policy plus exactly the
//! hosts those need, in a rule of its own; see [`crate::policies`] for how the rules are laid out
//! so that each page matches one policy only.

use super::OutputFile;
use rally_core::model::{Site, urls};

pub const REDIRECTS_PATH: &str = "_redirects";
pub const HEADERS_PATH: &str = "_headers";

/// The policy every page is served with.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; \
font-src 'self'; connect-src 'self'; frame-src https://www.youtube-nocookie.com; object-src 'none'; base-uri 'self'; \
form-action 'self' https:; frame-ancestors 'self'";

/// `_redirects`: the site's `redirects` (in their order), then `FROM TO 301` for every alias, all
/// under the site's base path, then the lines of the site's own `static/_redirects` (`host`).
/// Hosts use the first rule that matches a path.
pub fn redirects(site: &Site, host: Option<&str>) -> String {
    let bp = &site.config.base_path;
    let mut lines: Vec<String> = site
        .config
        .redirects
        .iter()
        .map(|r| {
            let to = redirect_target(site, &r.to).0;
            match r.from.trim().split_once('?') {
                // a host that matches queries (Netlify) takes its pairs after the path, and a `!`
                // to apply even where a file is (`/?p=42` is the home page's path)
                Some((path, query)) => {
                    format!("{} {} {to} {}!", urls::site_url(bp, path), query.replace('&', " "), r.status)
                }
                None => format!("{} {to} {}", urls::site_url(bp, r.from.trim()), r.status),
            }
        })
        .collect();
    let mut aliases: Vec<String> = site
        .pages
        .iter()
        .flat_map(|p| {
            let to = site.url(p);
            p.aliases.iter().filter_map(move |a| {
                let out = urls::alias_output_path(a).ok()?;
                Some(format!("{} {to} 301", urls::url_of_output(bp, &out)))
            })
        })
        .collect();
    aliases.sort();
    lines.extend(aliases);
    if let Some(host) = host {
        lines.extend(host.lines().map(|l| l.trim_end().to_string()).filter(|l| !l.is_empty()));
    }
    let mut text = lines.join("\n");
    if !text.is_empty() {
        text.push('\n');
    }
    text
}

/// Where a redirect leads, as (URL for the page's link, absolute URL for its canonical link): a
/// full URL as written, a path of the site under its base path.
fn redirect_target(site: &Site, to: &str) -> (String, String) {
    let to = to.trim();
    if to.starts_with("https://") || to.starts_with("http://") {
        return (to.to_string(), to.to_string());
    }
    let url = urls::site_url(&site.config.base_path, to);
    let perma = urls::permalink(&site.config.base_url, &site.config.base_path, &url);
    (url, perma)
}

/// A redirect page (meta refresh and canonical link) for each of the site's `redirects` whose
/// `from` is a page path rather than a file of another type (see [`urls::redirect_page_path`]).
pub fn redirect_pages(site: &Site) -> Vec<OutputFile> {
    site.config
        .redirects
        .iter()
        .filter(|r| !r.from.contains('?'))
        .filter_map(|r| {
            let out = urls::redirect_page_path(r.from.trim())?;
            let (url, perma) = redirect_target(site, &r.to);
            Some(OutputFile::text(out, super::feeds::alias_page(site, &url, &perma)))
        })
        .collect()
}

/// Is this output path a hashed asset (`style.1a2b3c4d.css`): a name whose part before the
/// extension ends in at least 8 hex digits after a `.` or `-`?
pub fn is_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let Some((stem, _ext)) = name.rsplit_once('.') else { return false };
    let hash = stem.rsplit(['.', '-']).next().unwrap_or("");
    hash.len() >= 8 && hash.len() < stem.len() && hash.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The policy of this site's pages: [`CONTENT_SECURITY_POLICY`], with WebAssembly allowed when the
/// site has search, and the analytics provider's hosts (`script-src`, `connect-src`) when it has
/// one.
pub fn content_security_policy(site: &Site) -> String {
    let csp = if site.config.search.enabled {
        CONTENT_SECURITY_POLICY.replace("script-src 'self';", "script-src 'self' 'wasm-unsafe-eval';")
    } else {
        CONTENT_SECURITY_POLICY.to_string()
    };
    match &site.config.analytics {
        Some(a) => super::policies::with_sources(&csp, &super::analytics::sources(a)),
        None => csp,
    }
}

/// `_headers`: security headers for everything, each HTML page's policy (`html`: their output
/// paths; `cms_config`: the text of the configuration of the CMS page the site copies from its
/// static files, if it has one), `immutable` caching for each hashed asset.
pub fn headers(site: &Site, hashed: &[String], html: &[&str], cms_config: Option<&str>) -> String {
    let bp = &site.config.base_path;
    let policies = super::policies::PagePolicies::of(site).with_cms(cms_config);
    let mut html = html.to_vec();
    if cms_config.is_some() {
        html.push(super::policies::CMS_PAGE);
    }
    let global = if policies.pages.is_empty() {
        format!("  Content-Security-Policy: {}\n", policies.site)
    } else {
        String::new()
    };
    let mut text = format!(
        "{bp}*\n{global}  X-Content-Type-Options: nosniff\n  \
         Referrer-Policy: strict-origin-when-cross-origin\n  X-Frame-Options: SAMEORIGIN\n  \
         Permissions-Policy: camera=(), microphone=(), geolocation=()\n"
    );
    if !policies.pages.is_empty() {
        for (path, csp) in super::policies::csp_rules(bp, &html, &policies) {
            text.push_str(&format!("{path}\n  Content-Security-Policy: {csp}\n"));
        }
    }
    let mut hashed: Vec<&String> = hashed.iter().collect();
    hashed.sort();
    hashed.dedup();
    for path in hashed {
        text.push_str(&format!("{bp}{path}\n  Cache-Control: public, max-age=31536000, immutable\n"));
    }
    text
}

/// Both files and the redirect pages; `paths` are the site's other output paths, of which the
/// hashed ones get caching; `host` is the text of the site's own `static/_redirects`, `cms_config`
/// that of its `static/admin/config.yml`.
pub fn files<'a>(
    site: &Site,
    paths: impl IntoIterator<Item = &'a str>,
    host: Option<&str>,
    cms_config: Option<&str>,
) -> Vec<OutputFile> {
    let paths: Vec<&str> = paths.into_iter().collect();
    let hashed: Vec<String> = paths.iter().filter(|p| is_hashed(p)).map(|p| p.to_string()).collect();
    let pages = redirect_pages(site);
    // the redirect pages too: each page has its policy
    let html: Vec<&str> =
        paths.iter().copied().chain(pages.iter().map(|f| f.path.as_str())).filter(|p| p.ends_with(".html")).collect();
    let mut files = vec![
        OutputFile::text(REDIRECTS_PATH, redirects(site, host)),
        OutputFile::text(HEADERS_PATH, headers(site, &hashed, &html, cms_config)),
    ];
    files.extend(pages);
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names() {
        assert!(is_hashed("style.1a2b3c4d.css"));
        assert!(is_hashed("images/photo-0123456789abcdef.webp"));
        assert!(!is_hashed("style.css"));
        assert!(!is_hashed("deadbeef.css"), "a name that is only a hash may be a writer's file");
        assert!(!is_hashed("updates/index.html"));
        assert!(!is_hashed("images/kell-2025.jpg"));
    }
}
