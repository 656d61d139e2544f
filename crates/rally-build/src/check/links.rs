//! Internal links: whether anything is where a link leads in the built site. Where it leads is
//! [`OutputResolver`](rally_core::model::urls::OutputResolver)'s to say: an output file path
//! (`updates/kell/index.html`) and a fragment.

use std::collections::{HashMap, HashSet};

use super::html::Scanned;

use rally_core::format::percent_decode;

/// The files of a built site and the ids each HTML file defines.
#[derive(Debug, Default)]
pub struct SiteIndex<'a> {
    files: HashSet<&'a str>,
    ids: HashMap<&'a str, HashSet<&'a str>>,
    /// Redirect pages (of aliases) and the output file each leads to: an anchor in a link to one
    /// is looked for on the page it leads to.
    redirects: Option<&'a HashMap<String, String>>,
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
        SiteIndex { files, ids, redirects: None }
    }

    /// This index, knowing which files are redirect pages and where each leads.
    pub fn with_redirects(mut self, redirects: &'a HashMap<String, String>) -> SiteIndex<'a> {
        self.redirects = Some(redirects);
        self
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
        let file = self.redirects.and_then(|r| r.get(file)).and_then(|to| self.file(to)).unwrap_or(file);
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
