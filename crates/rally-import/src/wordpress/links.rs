//! Where the old site's addresses lead in the new one: uploads to their local copies, posts,
//! pages, attachment pages and archives to their new pages, `/?p=ID` and `/?page_id=ID` by id.
//! An address of the old site that leads nowhere new stays absolute, so it is never a broken link
//! of the new site.

use std::collections::HashMap;

use super::media::Media;

pub struct Links<'a> {
    /// The old site's host and path prefix, without scheme or `www.`: `example.org/blog`.
    site: String,
    origin: String,
    media: &'a Media,
    /// Old path (with a trailing slash) -> new address.
    pub by_path: HashMap<String, String>,
    /// Item id -> new address.
    pub by_id: HashMap<u64, String>,
    /// Item id -> the old addresses that redirect to its page.
    pub aliases: HashMap<u64, Vec<String>>,
    /// Slug -> new address, for old links with a wrong date that WordPress found by slug.
    pub by_slug: HashMap<String, String>,
}

impl<'a> Links<'a> {
    pub fn new(site_link: &str, media: &'a Media) -> Links<'a> {
        let origin = site_link.trim().trim_end_matches('/').to_string();
        let site = bare(&origin).to_string();
        Links {
            site,
            origin,
            media,
            by_path: HashMap::from([("/".to_string(), "/".to_string())]),
            by_id: HashMap::new(),
            aliases: HashMap::new(),
            by_slug: HashMap::new(),
        }
    }

    /// The path of an old address on this site (with its query), or `None` for another site's.
    pub fn old_path(&self, url: &str) -> Option<String> {
        let url = url.trim();
        if url.starts_with('/') && !url.starts_with("//") {
            return Some(url.to_string());
        }
        if !(url.starts_with("http://") || url.starts_with("https://") || url.starts_with("//")) {
            return None;
        }
        let rest = bare(url).strip_prefix(self.site.as_str())?;
        if !(rest.is_empty() || rest.starts_with(['/', '?', '#'])) {
            return None;
        }
        let rest = if rest.starts_with('/') { rest.to_string() } else { format!("/{rest}") };
        Some(rest)
    }

    pub fn aliases_of(&self, id: u64) -> &[String] {
        self.aliases.get(&id).map_or(&[], Vec::as_slice)
    }

    /// The new address of an old one.
    pub fn rewrite(&self, url: &str) -> String {
        if let Some(local) = self.media.local_url(url) {
            return local;
        }
        let Some(path) = self.old_path(url) else { return url.to_string() };
        let (path, fragment) = path.split_once('#').map_or((path.as_str(), ""), |(p, f)| (p, f));
        let hash = if fragment.is_empty() { String::new() } else { format!("#{fragment}") };
        let (p, query) = path.split_once('?').unwrap_or((path, ""));
        if let Some(id) = query_id(p, query)
            && let Some(new) = self.by_id.get(&id)
        {
            return format!("{new}{hash}");
        }
        if query.is_empty()
            && let Some(new) = self.by_path.get(&with_slash(p))
        {
            return format!("{new}{hash}");
        }
        let last = p.trim_end_matches('/').rsplit('/').next().unwrap_or("");
        if query.is_empty()
            && let Some(new) = self.by_slug.get(last)
        {
            return format!("{new}{hash}");
        }
        if url.starts_with('/') { format!("{}{url}", self.origin) } else { url.to_string() }
    }
}

/// The item id of `/?p=ID`, `/?page_id=ID` or `/?attachment_id=ID`.
pub fn query_id(path: &str, query: &str) -> Option<u64> {
    if !(path.is_empty() || path == "/" || path == "/index.php") {
        return None;
    }
    query.split('&').find_map(|kv| {
        let (k, v) = kv.split_once('=')?;
        matches!(k, "p" | "page_id" | "attachment_id").then(|| v.parse().ok()).flatten()
    })
}

/// A path with a trailing slash (unless its last segment names a file).
pub fn with_slash(p: &str) -> String {
    let p = if p.is_empty() { "/" } else { p };
    let last = p.rsplit('/').next().unwrap_or("");
    if p.ends_with('/') || last.contains('.') { p.to_string() } else { format!("{p}/") }
}

fn bare(url: &str) -> &str {
    let u = url.split_once("://").map_or(url, |(_, r)| r);
    let u = u.strip_prefix("//").unwrap_or(u);
    u.strip_prefix("www.").unwrap_or(u)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_addresses_lead_to_new_pages_or_stay_absolute() {
        let media = Media::default();
        let mut links = Links::new("https://www.old.example/", &media);
        links.by_path.insert("/2024/05/kell/".into(), "/updates/kell/".into());
        links.by_id.insert(7, "/about/".into());
        assert_eq!(links.rewrite("http://old.example/2024/05/kell#x"), "/updates/kell/#x");
        assert_eq!(links.rewrite("https://old.example/?page_id=7"), "/about/");
        assert_eq!(links.rewrite("/wp-admin/"), "https://www.old.example/wp-admin/");
        assert_eq!(links.rewrite("https://old.example.net/x/"), "https://old.example.net/x/");
        assert_eq!(links.rewrite("mailto:a@old.example"), "mailto:a@old.example");
    }
}
