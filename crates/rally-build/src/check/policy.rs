//! What the site's own Content-Security-Policy (the one `_headers` gives every page) would block
//! on the host: inline scripts, inline event handlers, inline styles, and scripts, frames, images,
//! stylesheets and fonts from other hosts. A browser blocks them without a word, and `rally serve`
//! sends the same policy, so each is a warning at the place it is written.

use rayon::prelude::*;
use std::collections::HashMap;

use super::PagesByOutput;
use super::grouped::{Finding, Group, groups};
use super::html::{self, Scanned};
use super::locate::find_url;
use rally_core::error::{Diagnostic, Severity};
use rally_core::format::unescape_html;
use rally_render::policies::PagePolicies;

/// A policy's directives and the sources each allows.
pub struct Policy {
    directives: HashMap<String, Vec<String>>,
}

impl Policy {
    pub fn parse(text: &str) -> Policy {
        let directives = text
            .split(';')
            .filter_map(|d| {
                let mut words = d.split_whitespace();
                let name = words.next()?.to_ascii_lowercase();
                Some((name, words.map(str::to_string).collect()))
            })
            .collect();
        Policy { directives }
    }

    /// The sources of `directive`, or of `default-src` when the policy does not give it.
    fn sources(&self, directive: &str) -> &[String] {
        self.directives.get(directive).or_else(|| self.directives.get("default-src")).map_or(&[], Vec::as_slice)
    }

    /// Does `directive` allow loading `url` (as written on a page of this site)?
    pub fn allows(&self, directive: &str, url: &str) -> bool {
        let sources = self.sources(directive);
        let url = url.trim();
        let lower = url.to_ascii_lowercase();
        if sources.iter().any(|s| s == "*") && (lower.starts_with("http") || lower.starts_with("//")) {
            return true;
        }
        if let Some((scheme, _)) = lower.split_once(':')
            && !scheme.contains('/')
            && scheme != "http"
            && scheme != "https"
        {
            return sources.iter().any(|s| s.eq_ignore_ascii_case(&format!("{scheme}:")));
        }
        let Some(rest) = lower
            .strip_prefix("https://")
            .or_else(|| lower.strip_prefix("http://"))
            .or_else(|| lower.strip_prefix("//"))
        else {
            // a path of the site itself
            return sources.iter().any(|s| s == "'self'");
        };
        let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
        let scheme = if lower.starts_with("http://") { "http:" } else { "https:" };
        sources.iter().any(|s| {
            if s.eq_ignore_ascii_case(scheme) {
                return true;
            }
            let s = s.to_ascii_lowercase();
            let allowed = s.strip_prefix("https://").or_else(|| s.strip_prefix("http://")).unwrap_or(&s);
            let allowed_host = allowed.split('/').next().unwrap_or_default();
            match allowed_host.strip_prefix("*.") {
                Some(domain) => host.ends_with(&format!(".{domain}")),
                None => !allowed_host.is_empty() && !allowed_host.starts_with('\'') && host == allowed_host,
            }
        })
    }

    /// Does the policy let inline code of `directive` run (`'unsafe-inline'`)?
    fn allows_inline(&self, directive: &str) -> bool {
        self.sources(directive).iter().any(|s| s == "'unsafe-inline'")
    }
}

/// Every warning about what its own policy (`policies`: the site's, or the page's own when its
/// embeds need more) blocks on each of the built pages `scans`; `pages` gives each output file's
/// content page.
pub fn blocked(pages: &PagesByOutput, scans: &[Scanned], policies: &PagePolicies) -> Vec<Diagnostic> {
    let site_policy = Policy::parse(&policies.site);
    let own: HashMap<&str, Policy> =
        policies.pages.iter().map(|(path, csp)| (path.as_str(), Policy::parse(csp))).collect();
    let findings: Vec<Finding> =
        scans.par_iter().flat_map_iter(|s| findings(s, own.get(s.path).unwrap_or(&site_policy))).collect();
    groups(findings).iter().map(|group| report(group, pages)).collect()
}

fn findings<'a>(s: &Scanned<'a>, policy: &Policy) -> Vec<Finding<'a>> {
    let mut out = Vec::new();
    let mut add = |offset: usize, key: String, needle: String, message: String| {
        out.push(Finding {
            key,
            path: s.path,
            html: s.html,
            offset,
            written: needle,
            message,
            severity: Severity::Warning,
        });
    };
    html::tags(s.html, |tag, offset| {
        let attr = |n: &str| tag.get(n).map(|a| unescape_html(a.value).into_owned());
        for a in tag.attrs {
            let name = a.name.to_ascii_lowercase();
            if name.starts_with("on") && name.len() > 2 && !policy.allows_inline("script-src") {
                let code = unescape_html(a.value).trim().to_string();
                add(
                    a.offset,
                    format!("handler {name}={code}"),
                    format!("{}=", a.name),
                    format!(
                        "the inline event handler `{name}` is blocked by the site's Content-Security-Policy: browsers will not run it; move the code to a script file in static/ and attach it with addEventListener"
                    ),
                );
            }
            if name == "style" && !policy.allows_inline("style-src") {
                add(
                    a.offset,
                    format!("style attribute {}", a.value),
                    format!("style=\"{}", a.value.chars().take(30).collect::<String>()),
                    "the inline `style` attribute is blocked by the site's Content-Security-Policy: browsers ignore it; give the element a class and style it in a stylesheet".into(),
                );
            }
        }
        if tag.is("script") {
            let kind = attr("type").unwrap_or_default().to_ascii_lowercase();
            let runs = kind.is_empty() || kind.contains("javascript") || kind == "module";
            match attr("src") {
                Some(src) if runs && !policy.allows("script-src", &src) => add(
                    offset,
                    format!("script {src}"),
                    src.clone(),
                    format!(
                        "the script `{src}` is blocked by the site's Content-Security-Policy (script-src): browsers will not load it; serve it from static/, or use a component that the policy allows"
                    ),
                ),
                None if runs && !policy.allows_inline("script-src") => {
                    let body_start = s.html[offset..].find('>').map_or(offset, |e| offset + e + 1);
                    let body = s.html[body_start..].split("</script").next().unwrap_or_default();
                    let first = body.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or_default();
                    let needle: String = first.chars().take(40).collect();
                    add(
                        offset,
                        format!("inline script {first}"),
                        needle,
                        "this inline `<script>` is blocked by the site's Content-Security-Policy: browsers will not run it; move it to a file in static/ and load it with `<script src>`".into(),
                    );
                }
                _ => {}
            }
        }
        if tag.is("style") && !policy.allows_inline("style-src") {
            add(
                offset,
                "style element".into(),
                "<style".into(),
                "this `<style>` element is blocked by the site's Content-Security-Policy: browsers ignore it; put the rules in a stylesheet".into(),
            );
        }
        let remote = |directive: &'static str, what: &'static str, url: Option<String>| {
            url.filter(|u| !u.trim().is_empty() && !policy.allows(directive, u)).map(|u| (directive, what, u))
        };
        let checks = [
            if tag.is("iframe") || tag.is("frame") { remote("frame-src", "frame", attr("src")) } else { None },
            if tag.is("img") { remote("img-src", "image", attr("src")) } else { None },
            if tag.is("link") && attr("rel").is_some_and(|r| r.to_ascii_lowercase().contains("stylesheet")) {
                remote("style-src", "stylesheet", attr("href"))
            } else {
                None
            },
            if tag.is("embed") || tag.is("object") {
                remote("object-src", "embedded object", attr("src").or(attr("data")))
            } else {
                None
            },
        ];
        for (directive, what, url) in checks.into_iter().flatten() {
            add(
                offset,
                format!("{directive} {url}"),
                url.clone(),
                format!(
                    "the {what} `{url}` is blocked by the site's Content-Security-Policy ({directive}): browsers will not load it; copy it into static/, or use a component that the policy allows"
                ),
            );
        }
    });
    out
}

/// One warning for a group of findings: at the content file it is written in, else at the first
/// built page.
fn report(group: &Group, pages: &PagesByOutput) -> Diagnostic {
    let written = &group.first().written;
    match group.in_content(pages, |text| find_url(text, written).or_else(|| text.find(written.as_str()))) {
        Some((page, at)) => group.at_content(page, at),
        None => group.at_output(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_policy_allows_its_sources_only() {
        let p = Policy::parse(rally_render::publishing::CONTENT_SECURITY_POLICY);
        assert!(p.allows("script-src", "/app.js") && p.allows("script-src", "app.js"));
        assert!(!p.allows("script-src", "https://cdn.example/app.js"));
        assert!(p.allows("img-src", "data:image/png;base64,AAAA") && !p.allows("script-src", "data:text/javascript,1"));
        assert!(!p.allows("img-src", "https://images.example/a.jpg"));
        assert!(p.allows("frame-src", "https://www.youtube-nocookie.com/embed/x"));
        assert!(!p.allows("frame-src", "https://www.youtube.com/embed/x"));
        assert!(!p.allows_inline("script-src") && !p.allows_inline("style-src"));
        let wild = Policy::parse("default-src 'self'; img-src *.tiles.example; frame-src https:");
        assert!(wild.allows("frame-src", "https://any.example/") && !wild.allows("frame-src", "http://any.example/"));
        assert!(
            wild.allows("img-src", "https://a.tiles.example/1.png")
                && !wild.allows("img-src", "https://x.example/1.png")
        );
    }
}
