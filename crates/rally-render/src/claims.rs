//! Output paths, each claimed once: two generated files at one path, or a file where another file
//! needs a folder (`atom.xml` and an alias `/atom.xml/`), are errors at the page or alias that
//! caused them, found before anything reaches the disk.

use std::collections::HashSet;
use std::sync::Mutex;

use rally_core::error::Diagnostic;
use rally_core::model::{Site, urls};

/// The paths claimed so far, and every folder they are in.
#[derive(Default)]
pub struct Claims {
    inner: Mutex<(HashSet<String>, HashSet<String>)>,
}

impl Claims {
    /// Claims `path` (relative to the output root). A copied file may replace a generated one
    /// (`replace`); otherwise a taken path, or a clash between a file and a folder, is an error
    /// naming the path that clashed.
    pub fn claim(&self, path: &str, replace: bool) -> Result<(), String> {
        let mut guard = self.inner.lock().map_err(|_| path.to_string())?;
        let (files, dirs) = &mut *guard;
        if dirs.contains(path) || (!replace && files.contains(path)) {
            return Err(path.to_string());
        }
        let ancestors: Vec<&str> = path.match_indices('/').map(|(i, _)| &path[..i]).collect();
        if let Some(a) = ancestors.iter().find(|a| files.contains(**a)) {
            return Err((*a).to_string());
        }
        files.insert(path.to_string());
        dirs.extend(ancestors.into_iter().map(str::to_string));
        Ok(())
    }

    /// Every file path claimed so far.
    pub fn files(&self) -> Vec<String> {
        self.inner.lock().map(|g| g.0.iter().cloned().collect()).unwrap_or_default()
    }
}

/// Is one of the two output paths the other, or inside it?
fn overlap(a: &str, b: &str) -> bool {
    a == b
        || a.strip_prefix(b).is_some_and(|r| r.starts_with('/'))
        || b.strip_prefix(a).is_some_and(|r| r.starts_with('/'))
}

/// The error for a clash at `path`: at the alias or page that asked for it, when there is one.
pub fn clash(site: &Site, path: &str) -> Diagnostic {
    let shown = urls::url_of_output(&site.config.base_path, path);
    for p in &site.pages {
        for (i, a) in p.aliases.iter().enumerate() {
            if urls::alias_output_path(a).is_ok_and(|o| overlap(&o, path)) {
                return p.error_at_key(
                    &format!("aliases[{i}]"),
                    format!("alias `{a}` clashes with `{shown}`, which the site already has"),
                );
            }
        }
    }
    if let Some(p) = site.pages.iter().find(|p| overlap(&p.out, path)) {
        let key = if p.positions.value("slug").is_some() { "slug" } else { "title" };
        let folder = p.rel.strip_suffix(".md").filter(|f| site.sections.iter().any(|s| s.path == *f));
        if let Some(folder) = folder.filter(|_| p.slug.is_none()) {
            let msg = format!(
                "this page's URL clashes with `{shown}`, the page of the folder content/{folder}/: move this file to content/{folder}/_index.md, where a folder's own page goes"
            );
            return p.error_at_key(key, msg);
        }
        return p.error_at_key(key, format!("this page's URL clashes with `{shown}`, which the site already has"));
    }
    if let Some(s) = site.sections.iter().find(|s| path == format!("{}/index.html", s.path))
        && let Some(p) = s.index.or(s.pages.first().copied()).map(|i| &site.pages[i])
    {
        let msg = format!("the folder `content/{}/` makes a page at `{shown}`, which the site already has", s.path);
        return p.error_at_key("title", msg);
    }
    Diagnostic::error(format!("(output)/{path}"), 0, 0, "two files of the site need this path")
}

/// The error for a copied file (from `source`) that stands where a folder of the site goes.
pub fn blocked(site: &Site, source: &std::path::Path, path: &str) -> Diagnostic {
    let shown = urls::url_of_output(&site.config.base_path, &format!("{path}/"));
    Diagnostic::error(source, 0, 0, format!("this file stands where the site has pages (`{shown}`): rename or move it"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_claimed_once_and_files_do_not_block_folders() {
        let c = Claims::default();
        assert!(c.claim("tags/index.html", false).is_ok());
        assert_eq!(c.claim("tags/index.html", false), Err("tags/index.html".into()));
        assert!(c.claim("tags/index.html", true).is_ok(), "a copied file may replace a generated one");
        assert!(c.claim("atom.xml", false).is_ok());
        assert_eq!(c.claim("atom.xml/index.html", false), Err("atom.xml".into()));
        assert_eq!(c.claim("tags", true), Err("tags".into()), "a file where a folder is");
        assert!(c.claim("tagsx/index.html", false).is_ok());
    }

    #[test]
    fn overlapping_paths() {
        assert!(overlap("a/index.html", "a/index.html"));
        assert!(overlap("atom.xml/index.html", "atom.xml"));
        assert!(overlap("a", "a/b"));
        assert!(!overlap("ab/index.html", "a"));
    }
}
