//! Internal links: where a link leads in the built site, and whether anything is there.
//!
//! A link is resolved the way a browser would, against the URL of the page it is on, to an output
//! file path (`updates/kell/index.html`) and a fragment. Links to other hosts, `mailto:` and the
//! like are not ours to check; links to the site's own host (`https://org.example/hub/x/`) are.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use super::html::Scanned;

/// Is this a link to another site, or not a page link at all (`mailto:`, `tel:`, `data:`)?
pub fn is_external(dest: &str) -> bool {
    dest.starts_with("//")
        || dest.split_once(':').is_some_and(|(scheme, _)| {
            !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        })
}

/// Where a link leads: an output file path and the fragment, if any.
pub type Target = (String, Option<String>);

/// Resolves links against the site's base path and origin.
#[derive(Debug, Clone)]
pub struct Resolver<'a> {
    base_path: &'a str,
    /// `https://org.example` for `base_url: https://org.example/hub/`; empty when unknown.
    origin: &'a str,
}

impl<'a> Resolver<'a> {
    pub fn new(base_url: &'a str, base_path: &'a str) -> Resolver<'a> {
        let origin = base_url
            .strip_suffix(base_path)
            .filter(|o| o.starts_with("http://") || o.starts_with("https://"))
            .unwrap_or("");
        Resolver { base_path, origin }
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
        Some((percent_decode(&file).into_owned(), frag))
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

pub use crate::format::percent_decode;

/// The files of a built site and the ids each HTML file defines.
#[derive(Debug, Default)]
pub struct SiteIndex<'a> {
    files: HashSet<&'a str>,
    ids: HashMap<&'a str, HashSet<&'a str>>,
}

impl<'a> SiteIndex<'a> {
    /// Indexes every output path, and the ids of each scanned HTML file.
    pub fn new(paths: impl IntoIterator<Item = &'a str>, scans: &'a [Scanned<'a>]) -> SiteIndex<'a> {
        SiteIndex::from_ids(paths, scans.iter().map(|s| (s.path, s.scan.ids.iter().map(|id| id.as_ref()))))
    }

    /// Indexes every output path, and the ids of HTML files known already (by output path).
    pub fn from_ids<I: IntoIterator<Item = &'a str>>(
        paths: impl IntoIterator<Item = &'a str>,
        ids: impl IntoIterator<Item = (&'a str, I)>,
    ) -> SiteIndex<'a> {
        let files = paths.into_iter().collect();
        let ids = ids.into_iter().map(|(path, ids)| (path, ids.into_iter().collect())).collect();
        SiteIndex { files, ids }
    }

    /// The output file a path names: itself, or the `index.html` of a folder named without its
    /// trailing slash (`/about` is served as `/about/`).
    fn file(&self, file: &str) -> Option<&'a str> {
        self.files
            .get(file)
            .or_else(|| self.files.get(format!("{}/index.html", file.trim_end_matches('/')).as_str()))
            .copied()
    }

    /// Why a link to `file#frag` leads nowhere, or `None` when it leads somewhere.
    pub fn problem(&self, file: &str, frag: Option<&str>) -> Option<String> {
        let Some(file) = self.file(file) else {
            return Some("leads nowhere: no such page or file in the built site".into());
        };
        let frag = frag.filter(|f| !f.is_empty())?;
        let ids = self.ids.get(file);
        let decoded = percent_decode(frag);
        let found = ids.is_some_and(|ids| ids.contains(frag) || ids.contains(decoded.as_ref()));
        // `#top` scrolls to the top of any page, as HTML defines
        (!found && !decoded.eq_ignore_ascii_case("top")).then(|| format!("leads nowhere: no `#{frag}` on that page"))
    }
}

#[cfg(test)]
mod tests {
    use super::super::html::{Scanned, scan};
    use super::*;

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
        let r = Resolver::new("https://org.example/hub/", "/hub/");
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
        assert!(!Resolver::new("https://org.example/", "/").outside("/x/", "/a/"));
    }

    #[test]
    fn targets_at_the_root() {
        let r = Resolver::new("https://org.example/", "/");
        assert_eq!(r.target("https://org.example", "/a/"), Some(("index.html".into(), None)));
        assert_eq!(r.target("/a/b", "/"), Some(("a/b".into(), None)));
        let no_host = Resolver::new("/", "/");
        assert_eq!(no_host.target("x/", "/a/"), Some(("a/x/index.html".into(), None)));
    }

    #[test]
    fn problems_name_the_missing_file_or_anchor() {
        let html = "<h2 id=\"a\">A</h2><p id=\"caf%C3%A9\"></p><p id=\"é\">";
        let scans = [Scanned { path: "x/index.html", html, scan: scan(html) }];
        let index = SiteIndex::new(["x/index.html", "logo.svg"], &scans);
        assert_eq!(index.problem("x/index.html", Some("a")), None);
        assert_eq!(index.problem("x/index.html", Some("%C3%A9")), None);
        assert_eq!(index.problem("x/index.html", Some("top")), None);
        assert_eq!(index.problem("x/index.html", Some("")), None);
        assert!(index.problem("x/index.html", Some("zz")).unwrap().contains("no `#zz` on that page"));
        assert_eq!(index.problem("x", None), None);
        assert_eq!(index.problem("logo.svg", None), None);
        assert!(index.problem("logo.svg", Some("a")).is_some());
        assert!(index.problem("y/index.html", None).unwrap().contains("no such page"));
    }
}
