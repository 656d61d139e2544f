//! Where each content file is published: pretty URLs under the site's base path, and output paths
//! that can never leave the output folder; where a link on a page leads ([`OutputResolver`]).

use std::borrow::Cow;

/// Why a slug, path or alias cannot be published.
pub type UrlError = String;

/// The longest URL path segment, in bytes: what file systems allow for one file or folder name
/// (255 on ext4, APFS, NTFS), since each segment becomes a folder of the output.
pub const MAX_SEGMENT_BYTES: usize = 255;

/// Checks one URL path segment written by a user (a slug or a file stem).
pub fn check_segment(seg: &str) -> Result<(), UrlError> {
    if seg.is_empty() || seg == "." || seg == ".." {
        return Err(format!("`{seg}` cannot be part of a URL"));
    }
    if seg.len() > MAX_SEGMENT_BYTES {
        let shown: String = seg.chars().take(30).collect();
        return Err(format!(
            "`{shown}…` is {} bytes long: a URL segment becomes a folder name, and file systems allow at most {MAX_SEGMENT_BYTES} bytes; make it shorter",
            seg.len()
        ));
    }
    if seg.contains(['/', '\\', '?', '#', '\0', ':']) || seg.chars().any(char::is_control) {
        return Err(format!("`{seg}` cannot be part of a URL: it contains a character such as / \\ ? # :"));
    }
    Ok(())
}

/// Turns a file stem or folder name into a URL segment: lower case, spaces to `-`.
pub fn segment_from_name(name: &str) -> String {
    let s: String = name.trim().to_lowercase().chars().map(|c| if c.is_whitespace() { '-' } else { c }).collect();
    s
}

/// Drops a leading `YYYY-MM-DD-` or `YYYY-MM-DD_` date from a file stem, as in `2025-09-14-kell`.
pub fn strip_date_prefix(stem: &str) -> &str {
    let b = stem.as_bytes();
    let is_date = b.len() > 11
        && b[..10].iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() })
        && (b[10] == b'-' || b[10] == b'_');
    if is_date { &stem[11..] } else { stem }
}

/// The tokens a `permalinks:` pattern may use.
pub const PERMALINK_TOKENS: [&str; 5] = [":year", ":month", ":day", ":slug", ":section"];

/// A URL pattern of `permalinks:` for the pages of a content folder: `/:year/:month/:day/:slug/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Permalink {
    pattern: String,
}

/// What fills a permalink pattern's tokens for one page.
pub struct PermalinkParts<'a> {
    /// The page's date as (year, month, day), when it has one.
    pub date: Option<(i16, i8, i8)>,
    pub slug: &'a str,
    /// The folder the page is in, relative to `content/`, as URL segments.
    pub section: &'a str,
}

impl Permalink {
    /// The pattern written for `folder`, checked: a path from the site's root made of
    /// [`PERMALINK_TOKENS`] and text, with `:slug` in it.
    pub fn parse(folder: &str, pattern: &str) -> Result<Permalink, String> {
        let p = pattern.trim();
        if folder.is_empty() || folder.split('/').any(|s| check_segment(s).is_err()) {
            return Err(format!("`{folder}` is not a content folder: write the folder's name, such as `updates`"));
        }
        if !p.starts_with('/') {
            return Err(format!(
                "permalink `{p}` is a URL path from the site's root: start it with `/`, as in `/:year/:month/:day/:slug/`"
            ));
        }
        let mut rest = p;
        while let Some(at) = rest.find(':') {
            let word: String = rest[at + 1..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
            let token = format!(":{word}");
            if !PERMALINK_TOKENS.contains(&token.as_str()) {
                let tokens = PERMALINK_TOKENS.join(" ");
                return Err(match crate::error::did_you_mean(&token, PERMALINK_TOKENS) {
                    Some(near) => {
                        format!("`{token}` is not a permalink token: did you mean `{near}`? (the tokens are {tokens})")
                    }
                    None => format!("`{token}` is not a permalink token: the tokens are {tokens}"),
                });
            }
            rest = &rest[at + 1 + word.len()..];
        }
        if !p.contains(":slug") {
            return Err(format!(
                "permalink `{p}` has no `:slug`: without it every page of `{folder}` would have one URL"
            ));
        }
        let literal = PERMALINK_TOKENS.iter().fold(p.to_string(), |acc, t| acc.replace(t, "x"));
        for seg in literal.split('/').filter(|s| !s.is_empty()) {
            check_segment(seg).map_err(|e| format!("permalink `{p}`: {e}"))?;
        }
        Ok(Permalink { pattern: p.to_string() })
    }

    /// Does the pattern need the page's date?
    pub fn needs_date(&self) -> bool {
        [":year", ":month", ":day"].iter().any(|t| self.pattern.contains(t))
    }

    /// The URL path segments of a page (without the base path), or why there are none.
    pub fn segments(&self, parts: &PermalinkParts) -> Result<Vec<String>, UrlError> {
        let (y, m, d) = parts.date.unwrap_or_default();
        let path = self
            .pattern
            .replace(":year", &format!("{y:04}"))
            .replace(":month", &format!("{m:02}"))
            .replace(":day", &format!("{d:02}"))
            .replace(":section", parts.section)
            .replace(":slug", parts.slug);
        let segs: Vec<String> = path.split('/').filter(|s| !s.is_empty()).map(str::to_string).collect();
        for s in &segs {
            check_segment(s)?;
        }
        Ok(segs)
    }

    pub fn pattern(&self) -> &str {
        &self.pattern
    }
}

/// Output path (relative to the output root, `/` separators) of an alias written as a URL path:
/// `/news/old/` -> `news/old/index.html`, `/old.html` -> `old.html`.
pub fn alias_output_path(alias: &str) -> Result<String, UrlError> {
    let a = alias.trim();
    if a.contains("://") || a.starts_with("//") {
        return Err(format!("alias `{a}` must be a path on this site, not a full URL"));
    }
    let a = a.split(['#', '?']).next().unwrap_or("");
    let segs: Vec<&str> = a.split('/').filter(|s| !s.is_empty()).collect();
    if segs.is_empty() {
        return Err(format!("alias `{alias}` would replace the home page"));
    }
    for s in &segs {
        check_segment(s).map_err(|e| format!("alias `{alias}`: {e}"))?;
    }
    let joined = segs.join("/");
    if joined.ends_with(".html") || joined.ends_with(".htm") { Ok(joined) } else { Ok(format!("{joined}/index.html")) }
}

/// Where the redirect page of an alias or a redirect goes: [`alias_output_path`], except for a path
/// whose last segment names a file of another type (`/feed.xml`, `/index.php`), which a host's
/// `_redirects` line alone redirects (a page there would be a folder named like a file).
pub fn redirect_page_path(from: &str) -> Option<String> {
    let out = alias_output_path(from).ok()?;
    let path = from.split(['#', '?']).next().unwrap_or("").trim();
    let last = path.rsplit('/').next().unwrap_or("");
    let other_type = last.rsplit_once('.').is_some_and(|(stem, ext)| {
        !stem.is_empty() && !ext.is_empty() && !ext.eq_ignore_ascii_case("html") && !ext.eq_ignore_ascii_case("htm")
    });
    (!other_type).then_some(out)
}

/// The URL path (under `base_path`) of an output path: `updates/x/index.html` -> `/hub/updates/x/`.
pub fn url_of_output(base_path: &str, out: &str) -> String {
    let trimmed = out.strip_suffix("index.html").unwrap_or(out);
    format!("{base_path}{trimmed}")
}

/// An absolute URL for a URL path that already carries the base path.
pub fn permalink(base_url: &str, base_path: &str, url: &str) -> String {
    let origin = &base_url[..base_url.len() - base_path.len()];
    format!("{origin}{url}")
}

/// The absolute URL (`https://org.example/hub/x/`) of a link written on the page at URL path
/// `page_url` (with base path), as a browser would resolve it there; links to other hosts and
/// other schemes (`mailto:`) stay as they are, a protocol-relative one gets `https:`.
pub fn absolute_url(base_url: &str, base_path: &str, page_url: &str, dest: &str) -> String {
    if let Some(rest) = dest.strip_prefix("//") {
        return format!("https://{rest}");
    }
    if is_external(dest) {
        return dest.to_string();
    }
    let cut = dest.find(['?', '#']).unwrap_or(dest.len());
    let (path, tail) = dest.split_at(cut);
    let full = if path.is_empty() {
        page_url.to_string()
    } else if path.starts_with('/') {
        path.to_string()
    } else {
        let dir = &page_url[..page_url.rfind('/').map_or(0, |i| i + 1)];
        format!("{dir}{path}")
    };
    let path = if path.is_empty() { full } else { normalise(&full) };
    format!("{}{tail}", permalink(base_url, base_path, &path))
}

/// Slug of a tag for its URL: [`slugify`], or `tag` for a tag with no letter or digit.
pub fn tag_slug(tag: &str) -> String {
    crate::format::slug_or(tag, "tag")
}

/// Resolves a link written in a site (`/join/`, `updates/`, `https://...`) against the base path:
/// root-relative links get the base path prefixed; others are left alone.
pub fn site_url(base_path: &str, link: &str) -> String {
    if let Some(rest) = link.strip_prefix('/') {
        if link.starts_with("//") || link.starts_with(base_path) && base_path != "/" {
            return link.to_string();
        }
        return format!("{base_path}{rest}");
    }
    link.to_string()
}

/// Is this a link to another site, or not a page link at all (`mailto:`, `tel:`, `data:`)?
pub fn is_external(dest: &str) -> bool {
    dest.starts_with("//")
        || dest.split_once(':').is_some_and(|(scheme, _)| {
            !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        })
}

/// Where a link leads: an output file path and the fragment, if any.
pub type Target = (String, Option<String>);

/// Where links lead in the built site: a link is resolved the way a browser would, against the URL
/// of the page it is on, to an output file path (`updates/kell/index.html`) and a fragment. Links
/// to other hosts, `mailto:` and the like lead outside the site; links to the site's own host
/// (`https://org.example/hub/x/`) do not.
#[derive(Debug, Clone)]
pub struct OutputResolver<'a> {
    base_path: &'a str,
    /// `https://org.example` for `base_url: https://org.example/hub/`; empty when unknown.
    origin: &'a str,
}

impl<'a> OutputResolver<'a> {
    pub fn new(base_url: &'a str, base_path: &'a str) -> OutputResolver<'a> {
        let origin = base_url
            .strip_suffix(base_path)
            .filter(|o| o.starts_with("http://") || o.starts_with("https://"))
            .unwrap_or("");
        OutputResolver { base_path, origin }
    }

    /// The site-local form of `dest`: itself, or its path when it names the site's own host.
    fn local<'d>(&self, dest: &'d str) -> Option<&'d str> {
        if !self.origin.is_empty()
            && let Some(rest) = dest
                .get(self.origin.len()..)
                .filter(|_| dest.get(..self.origin.len()).is_some_and(|o| o.eq_ignore_ascii_case(self.origin)))
            && (rest.is_empty() || rest.starts_with(['/', '?', '#']))
        {
            return Some(if rest.is_empty() { "/" } else { rest });
        }
        (!is_external(dest) && !dest.is_empty()).then_some(dest)
    }

    /// Resolves `dest` as written on the page at URL `page_url` (with base path), or `None` for
    /// external links and links outside the site's base path.
    pub fn target(&self, dest: &str, page_url: &str) -> Option<Target> {
        let (normalised, frag) = self.absolute(dest, page_url)?;
        let rel = match normalised.strip_prefix(self.base_path) {
            Some(rel) => rel,
            None if format!("{normalised}/") == self.base_path => "",
            None => return None,
        };
        let file = if rel.is_empty() || rel.ends_with('/') { format!("{rel}index.html") } else { rel.to_string() };
        Some((crate::format::percent_decode(&file).into_owned(), frag))
    }

    /// Does `dest`, a path written without a host on the page at `page_url`, lead outside the
    /// site's base path (`/mission/` on a site at `/hub/`)? Full URLs may name other sites of the
    /// same host on purpose.
    pub fn outside(&self, dest: &str, page_url: &str) -> bool {
        self.base_path != "/"
            && !is_external(dest)
            && self
                .absolute(dest, page_url)
                .is_some_and(|(n, _)| !n.starts_with(self.base_path) && format!("{n}/") != self.base_path)
    }

    /// The absolute, normalised URL path of a site-local `dest` and its fragment.
    fn absolute(&self, dest: &str, page_url: &str) -> Option<(String, Option<String>)> {
        let dest = self.local(dest)?;
        let (path, frag) = match dest.split_once('#') {
            Some((p, f)) => (p, Some(f.to_string())),
            None => (dest, None),
        };
        let path = path.split('?').next().unwrap_or("");
        let absolute: Cow<str> = if path.is_empty() {
            Cow::Borrowed(page_url)
        } else if path.starts_with('/') {
            Cow::Borrowed(path)
        } else {
            let dir = &page_url[..page_url.rfind('/').map_or(0, |i| i + 1)];
            Cow::Owned(format!("{dir}{path}"))
        };
        Some((normalise(&absolute), frag))
    }
}

/// Removes `.` and `..` segments and doubled slashes from an absolute URL path.
fn normalise(path: &str) -> String {
    let mut segs: Vec<&str> = Vec::new();
    for s in path.split('/') {
        match s {
            "" | "." => {}
            ".." => {
                segs.pop();
            }
            s => segs.push(s),
        }
    }
    let slash = path.ends_with('/') || path.ends_with("/.") || path.ends_with("/..");
    format!("/{}{}", segs.join("/"), if slash && !segs.is_empty() { "/" } else { "" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_become_absolute_as_a_browser_resolves_them() {
        let abs = |d| absolute_url("https://org.example/hub/", "/hub/", "/hub/updates/kell/", d);
        assert_eq!(abs("/hub/mission/"), "https://org.example/hub/mission/");
        assert_eq!(abs("../"), "https://org.example/hub/updates/");
        assert_eq!(abs("photo.jpg?v=2#top"), "https://org.example/hub/updates/kell/photo.jpg?v=2#top");
        assert_eq!(abs("#x"), "https://org.example/hub/updates/kell/#x");
        assert_eq!(abs("https://other.example/a"), "https://other.example/a");
        assert_eq!(abs("mailto:hi@org.example"), "mailto:hi@org.example");
        assert_eq!(abs("//cdn.example/a.png"), "https://cdn.example/a.png");
    }

    #[test]
    fn date_prefix_is_dropped() {
        assert_eq!(strip_date_prefix("2025-09-14-kell-restored"), "kell-restored");
        assert_eq!(strip_date_prefix("2025-09-14_kell"), "kell");
        assert_eq!(strip_date_prefix("2025-q3"), "2025-q3");
        assert_eq!(strip_date_prefix("2025-09-14"), "2025-09-14");
    }

    #[test]
    fn only_paths_without_a_file_type_get_a_redirect_page() {
        assert_eq!(redirect_page_path("/sponsors").as_deref(), Some("sponsors/index.html"));
        assert_eq!(redirect_page_path("/news/old/").as_deref(), Some("news/old/index.html"));
        assert_eq!(redirect_page_path("/old.html").as_deref(), Some("old.html"));
        assert_eq!(redirect_page_path("/v1.2/").as_deref(), Some("v1.2/index.html"));
        assert_eq!(redirect_page_path("/feed.xml"), None);
        assert_eq!(redirect_page_path("/index.php"), None);
        assert_eq!(redirect_page_path("/../x"), None);
    }

    #[test]
    fn aliases_stay_inside_the_output() {
        assert_eq!(alias_output_path("/news/old/").unwrap(), "news/old/index.html");
        assert_eq!(alias_output_path("old.html").unwrap(), "old.html");
        for bad in ["/../etc/passwd", "https://evil.example/", "/", "a/../../b", "//host/x", "/a\\..\\b"] {
            assert!(alias_output_path(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn segments_are_checked() {
        assert!(check_segment(&"a".repeat(255)).is_ok());
        assert!(check_segment(&"a".repeat(256)).unwrap_err().contains("256 bytes long"));
        assert!(check_segment(&"é".repeat(128)).is_err(), "bytes, not characters");
        assert!(check_segment("..").is_err());
        assert!(check_segment("a/b").is_err());
        assert!(check_segment("ok-slug").is_ok());
    }

    #[test]
    fn urls_respect_the_base_path() {
        assert_eq!(url_of_output("/hub/", "updates/x/index.html"), "/hub/updates/x/");
        assert_eq!(url_of_output("/", "index.html"), "/");
        assert_eq!(permalink("https://o.example/hub/", "/hub/", "/hub/x/"), "https://o.example/hub/x/");
        assert_eq!(permalink("/", "/", "/x/"), "/x/");
        assert_eq!(site_url("/hub/", "/join/"), "/hub/join/");
        assert_eq!(site_url("/hub/", "/hub/join/"), "/hub/join/");
        assert_eq!(site_url("/", "/join/"), "/join/");
        assert_eq!(site_url("/hub/", "https://x.example/"), "https://x.example/");
    }

    #[test]
    fn slugs_keep_letters_of_any_script() {
        use crate::format::slugify;
        assert_eq!(slugify("3 km of the Kell restored!"), "3-km-of-the-kell-restored");
        assert_eq!(slugify("Ünïcödé 日本語"), "ünïcödé-日本語");
        assert_eq!(slugify("!!!"), "");
        for t in ["Café au lait", "Ünïcödé 日本語", "a  b"] {
            assert_eq!(segment_from_name(&slugify(t)), slugify(t), "{t}");
        }
    }

    #[test]
    fn tag_slugs() {
        assert_eq!(tag_slug("Clean-ups & Volunteers"), "clean-ups-volunteers");
        assert_eq!(tag_slug("!!!"), "tag");
    }

    #[test]
    fn external_links() {
        for e in ["https://x.example/", "mailto:a@b", "//cdn.example/x", "tel:123", "data:image/png;base64,x"] {
            assert!(is_external(e), "{e}");
        }
        assert!(!is_external("/a/b/"));
        assert!(!is_external("../x"));
        assert!(!is_external("a/b:c"));
    }

    #[test]
    fn targets_under_a_sub_path() {
        let r = OutputResolver::new("https://org.example/hub/", "/hub/");
        let t = |d: &str| r.target(d, "/hub/updates/kell/");
        let some = |f: &str, frag: Option<&str>| Some((f.to_string(), frag.map(String::from)));
        assert_eq!(t("/hub/join/"), some("join/index.html", None));
        assert_eq!(t("../other/#x"), some("updates/other/index.html", Some("x")));
        assert_eq!(t("#readings"), some("updates/kell/index.html", Some("readings")));
        assert_eq!(t("?page=2#readings"), some("updates/kell/index.html", Some("readings")));
        assert_eq!(t("photo.jpg"), some("updates/kell/photo.jpg", None));
        assert_eq!(t("../../../../etc/"), None);
        assert_eq!(t("/hub/logo.svg"), some("logo.svg", None));
        assert_eq!(t("/hub"), some("index.html", None));
        assert_eq!(t("/hub/./a//b/../c/"), some("a/c/index.html", None));
        assert_eq!(t("/elsewhere/"), None);
        assert_eq!(t("img%20one.png"), some("updates/kell/img one.png", None));
        assert_eq!(t("https://org.example/hub/faq/#q"), some("faq/index.html", Some("q")));
        assert_eq!(t("HTTPS://ORG.EXAMPLE/hub/faq/"), some("faq/index.html", None));
        assert_eq!(t("https://org.example.evil/hub/"), None);
        assert_eq!(t("https://other.example/hub/"), None);
        assert_eq!(t("mailto:hi@org.example"), None);
        assert_eq!(t(""), None);
        let out = |d: &str| r.outside(d, "/hub/updates/kell/");
        assert!(out("/mission/") && out("/") && out("../../../x/") && out("/hubx/"));
        assert!(!out("/hub/mission/") && !out("/hub") && !out("../x/") && !out("#a"));
        assert!(!out("https://org.example/") && !out("mailto:a@b"), "full URLs are deliberate");
        assert!(!OutputResolver::new("https://org.example/", "/").outside("/x/", "/a/"));
    }

    #[test]
    fn targets_at_the_root() {
        let r = OutputResolver::new("https://org.example/", "/");
        assert_eq!(r.target("https://org.example", "/a/"), Some(("index.html".into(), None)));
        assert_eq!(r.target("/a/b", "/"), Some(("a/b".into(), None)));
        let no_host = OutputResolver::new("/", "/");
        assert_eq!(no_host.target("x/", "/a/"), Some(("a/x/index.html".into(), None)));
    }
}
