//! Attachments and every upload a body links to: which local file each one becomes
//! (`static/images/2024/05/photo.jpg`, other files under `static/uploads/`), with resized
//! variants (`photo-300x200.jpg`, `photo-scaled.jpg`) folded into their one original.

use std::collections::{BTreeMap, HashMap};

use super::wxr::{Export, Item};

/// Where uploads live on the old site, and what each became.
#[derive(Debug, Default)]
pub struct Media {
    /// Prefixes of upload addresses, without the scheme: `example.org/wp-content/uploads/`.
    bases: Vec<String>,
    /// Upload path (`2024/05/photo.jpg`) of each attachment id.
    pub by_id: HashMap<u64, Attachment>,
    /// Every upload path known, with the address to fetch it from.
    pub known: BTreeMap<String, String>,
    /// Upload paths of the files the import has (copied or downloaded).
    pub obtained: std::collections::HashSet<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Attachment {
    pub path: String,
    pub alt: String,
    pub title: String,
    pub caption: String,
    pub parent: u64,
    pub link: String,
}

const IMAGE_EXTENSIONS: [&str; 6] = ["jpg", "jpeg", "png", "gif", "webp", "svg"];

impl Media {
    /// The attachments of an export, and the upload addresses of its site.
    pub fn new(export: &Export) -> Media {
        let mut m = Media::default();
        let site = strip_scheme(&export.link);
        m.bases.push(format!("{}/wp-content/uploads/", site.trim_end_matches('/')));
        for item in export.items.iter().filter(|i| i.post_type == "attachment") {
            let Some(path) = attachment_path(item, &m.bases) else { continue };
            let url = item.attachment_url.trim();
            let bare = strip_scheme(url);
            if let Some(base) = bare.strip_suffix(path.as_str())
                && !m.bases.iter().any(|b| b == base)
            {
                m.bases.push(base.to_string());
            }
            m.known.insert(path.clone(), url.to_string());
            let a = Attachment {
                path,
                alt: item.meta("_wp_attachment_image_alt").unwrap_or_default().trim().to_string(),
                title: item.title.clone(),
                caption: crate::wordpress::convert::plain_text(&item.excerpt),
                parent: item.parent,
                link: item.link.clone(),
            };
            m.by_id.insert(item.id, a);
        }
        m
    }

    /// The upload path an address names, if it is an upload of the old site: the original's
    /// path for a resized variant of a known file.
    pub fn upload_path(&self, url: &str) -> Option<String> {
        let bare = strip_scheme(url.trim());
        let bare = bare.split(['?', '#']).next().unwrap_or("");
        let rest = self.bases.iter().find_map(|b| bare.strip_prefix(b.as_str()))?;
        let path = safe_path(rest)?;
        if self.known.contains_key(&path) {
            return Some(path);
        }
        Some(original_of(&path).filter(|o| self.known.contains_key(o)).unwrap_or(path))
    }

    /// Notes an upload a body links to, with the address to fetch it from.
    pub fn note(&mut self, url: &str) {
        if let Some(path) = self.upload_path(url) {
            let fetch = if url.starts_with("//") { format!("https:{url}") } else { url.to_string() };
            self.known.entry(path).or_insert(fetch);
        }
    }

    /// Every upload address in a text (attributes, links, shortcodes), noted.
    pub fn note_all(&mut self, text: &str) {
        for base in self.bases.clone() {
            let mut at = 0;
            while let Some(i) = text[at..].find(base.as_str()).map(|i| at + i) {
                let start =
                    text[..i].rfind(|c: char| c.is_whitespace() || "\"'(<>=,[".contains(c)).map_or(0, |s| s + 1);
                let end = text[i..]
                    .find(|c: char| c.is_whitespace() || "\"'()<>,[]".contains(c))
                    .map_or(text.len(), |e| i + e);
                self.note(&text[start..end]);
                at = end.max(i + 1);
            }
        }
    }

    /// The address of an upload in the new site, if the import has the file.
    pub fn local_url(&self, url: &str) -> Option<String> {
        let path = self.upload_path(url)?;
        self.obtained.contains(&path).then(|| site_path(&path))
    }
}

/// The site address an upload path is published at.
pub fn site_path(path: &str) -> String {
    format!("/{}", static_rel(path))
}

/// The path under `static/` of an upload: images under `images/`, other files under `uploads/`.
pub fn static_rel(path: &str) -> String {
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    let folder = if IMAGE_EXTENSIONS.contains(&ext.as_str()) { "images" } else { "uploads" };
    format!("{folder}/{path}")
}

fn strip_scheme(url: &str) -> &str {
    let u = url.split_once("://").map_or(url, |(_, r)| r);
    let u = u.strip_prefix("//").unwrap_or(u);
    u.strip_prefix("www.").unwrap_or(u)
}

fn attachment_path(item: &Item, bases: &[String]) -> Option<String> {
    if let Some(p) = item.meta("_wp_attached_file").filter(|p| !p.trim().is_empty() && !p.contains("://")) {
        return safe_path(p.trim());
    }
    let bare = strip_scheme(&item.attachment_url);
    if let Some(rest) = bases.iter().find_map(|b| bare.strip_prefix(b.as_str())) {
        return safe_path(rest);
    }
    // a site whose uploads live elsewhere (wordpress.com): the year/month/file at the end
    let segs: Vec<&str> = bare.split('/').collect();
    (segs.len() >= 4).then(|| segs[segs.len() - 3..].join("/")).and_then(|p| safe_path(&p))
}

/// An upload path that stays inside its folder: decoded, every segment a plain name, or `None`.
pub fn safe_path(p: &str) -> Option<String> {
    let decoded = rally_core::format::percent_decode(p);
    let segs: Vec<&str> = decoded.split('/').collect();
    let ok = !segs.is_empty()
        && segs.iter().all(|s| {
            !s.is_empty()
                && *s != "."
                && *s != ".."
                && !s.contains(['\\', '\0', ':'])
                && !s.chars().any(char::is_control)
        });
    ok.then(|| segs.join("/"))
}

/// The original of a resized variant: `a/photo-300x200.jpg` or `a/photo-scaled.jpg` -> `a/photo.jpg`.
pub fn original_of(path: &str) -> Option<String> {
    let (stem, ext) = path.rsplit_once('.')?;
    if let Some(s) = stem.strip_suffix("-scaled") {
        return Some(format!("{s}.{ext}"));
    }
    let (base, size) = stem.rsplit_once('-')?;
    let (w, h) = size.split_once('x')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    (digits(w) && digits(h)).then(|| format!("{base}.{ext}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_fold_into_their_original_and_paths_stay_inside() {
        assert_eq!(original_of("2024/05/photo-300x200.jpg").as_deref(), Some("2024/05/photo.jpg"));
        assert_eq!(original_of("2024/05/photo-scaled.jpg").as_deref(), Some("2024/05/photo.jpg"));
        assert_eq!(original_of("2024/05/x-ray.jpg"), None);
        assert_eq!(safe_path("2024/05/a%20b.jpg").as_deref(), Some("2024/05/a b.jpg"));
        for bad in ["../etc/passwd", "2024/%2e%2e/x.jpg", "/abs.jpg", "a//b.jpg", "c:\\x.jpg"] {
            assert_eq!(safe_path(bad), None, "{bad}");
        }
        assert_eq!(static_rel("2024/05/a.PNG"), "images/2024/05/a.PNG");
        assert_eq!(static_rel("2024/05/report.pdf"), "uploads/2024/05/report.pdf");
    }
}
