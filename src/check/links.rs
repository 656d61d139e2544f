//! Internal links: where a link leads in the built site, and whether anything is there.

use std::collections::{HashMap, HashSet};

/// Is this a link to another site, or not a page link at all?
pub fn is_external(dest: &str) -> bool {
    dest.starts_with("//")
        || dest.split_once(':').is_some_and(|(scheme, _)| {
            !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        })
}

/// Resolves `dest` as written on the page at URL `page_url` to (output file path, fragment),
/// or `None` for external links and links outside the site's base path.
pub fn target(dest: &str, page_url: &str, base_path: &str) -> Option<(String, Option<String>)> {
    if is_external(dest) || dest.is_empty() {
        return None;
    }
    let (path, frag) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(f.to_string())),
        None => (dest, None),
    };
    let path = path.split('?').next().unwrap_or("");
    let absolute = if path.is_empty() {
        page_url.to_string()
    } else if path.starts_with('/') {
        path.to_string()
    } else {
        let dir = &page_url[..page_url.rfind('/').map_or(0, |i| i + 1)];
        format!("{dir}{path}")
    };
    let mut segs: Vec<&str> = Vec::new();
    for s in absolute.split('/') {
        match s {
            "" | "." => {}
            ".." => {
                segs.pop();
            }
            s => segs.push(s),
        }
    }
    let normalised =
        format!("/{}{}", segs.join("/"), if absolute.ends_with('/') && !segs.is_empty() { "/" } else { "" });
    let rel = normalised.strip_prefix(base_path).or_else(|| (format!("{normalised}/") == base_path).then_some(""))?;
    let file = if rel.is_empty() || rel.ends_with('/') { format!("{rel}index.html") } else { rel.to_string() };
    Some((percent_decode(&file), frag))
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex =
            (bytes[i] == b'%').then(|| s.get(i + 1..i + 3)).flatten().and_then(|h| u8::from_str_radix(h, 16).ok());
        match hex {
            Some(b) => {
                out.push(b);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The files of a built site and the ids each HTML file defines.
pub struct SiteIndex<'a> {
    pub files: HashSet<&'a str>,
    pub ids: HashMap<&'a str, HashSet<String>>,
}

impl<'a> SiteIndex<'a> {
    pub fn new(files: impl Iterator<Item = (&'a str, Option<&'a str>)>) -> SiteIndex<'a> {
        let mut index = SiteIndex { files: HashSet::new(), ids: HashMap::new() };
        for (path, html) in files {
            index.files.insert(path);
            if let Some(h) = html.filter(|_| path.ends_with(".html")) {
                index.ids.insert(path, attribute_values(h, "id").into_iter().map(|(v, _)| v.to_string()).collect());
            }
        }
        index
    }

    /// `Some(problem)` when the target file or its fragment does not exist.
    pub fn problem(&self, file: &str, frag: Option<&str>) -> Option<String> {
        let file = if self.files.contains(file) {
            file.to_string()
        } else if self.files.contains(format!("{file}/index.html").as_str()) {
            format!("{file}/index.html")
        } else {
            return Some("leads nowhere: no such page or file".into());
        };
        match frag {
            Some(f) if !f.is_empty() && !self.ids.get(file.as_str()).is_some_and(|ids| ids.contains(f)) => {
                Some(format!("leads nowhere: no `#{f}` on that page"))
            }
            _ => None,
        }
    }
}

/// Values of attribute `name` in an HTML text, with their byte offsets (a light scanner, enough
/// for the HTML Rally writes: quoted attribute values).
pub fn attribute_values<'h>(html: &'h str, name: &str) -> Vec<(&'h str, usize)> {
    let mut out = Vec::new();
    let pattern = format!(" {name}=\"");
    let mut from = 0;
    while let Some(i) = html[from..].find(&pattern) {
        let start = from + i + pattern.len();
        let Some(len) = html[start..].find('"') else { break };
        out.push((&html[start..start + len], start));
        from = start + len;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn external_links() {
        for e in ["https://x.example/", "mailto:a@b", "//cdn.example/x", "tel:123"] {
            assert!(is_external(e), "{e}");
        }
        assert!(!is_external("/a/b/"));
        assert!(!is_external("../x"));
    }

    #[test]
    fn targets() {
        let t = |d: &str| target(d, "/hub/updates/kell/", "/hub/");
        assert_eq!(t("/hub/join/"), Some(("join/index.html".into(), None)));
        assert_eq!(t("../other/#x"), Some(("updates/other/index.html".into(), Some("x".into()))));
        assert_eq!(t("#readings"), Some(("updates/kell/index.html".into(), Some("readings".into()))));
        assert_eq!(t("/hub/logo.svg"), Some(("logo.svg".into(), None)));
        assert_eq!(t("/hub"), Some(("index.html".into(), None)));
        assert_eq!(t("/elsewhere/"), None);
        assert_eq!(t("https://x.example/"), None);
        assert_eq!(t("img%20one.png"), Some(("updates/kell/img one.png".into(), None)));
    }

    #[test]
    fn ids_and_problems() {
        let html = "<h2 id=\"a\">A</h2><p id=\"b-c\">";
        let index = SiteIndex::new([("x/index.html", Some(html)), ("logo.svg", None)].into_iter());
        assert_eq!(index.problem("x/index.html", Some("a")), None);
        assert!(index.problem("x/index.html", Some("zz")).unwrap().contains("#zz"));
        assert_eq!(index.problem("x", None), None);
        assert!(index.problem("y/index.html", None).is_some());
        assert_eq!(attribute_values(html, "id").iter().map(|(v, _)| *v).collect::<Vec<_>>(), vec!["a", "b-c"]);
    }
}
