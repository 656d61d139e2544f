//! Discovery: walks the site folder and reads every content file, static file and template.

use rayon::prelude::*;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

use super::limits;
use crate::error::{Diagnostic, line_col};

/// A Markdown file under `content/`.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to `content/`, with `/` separators: `updates/2025-09-14-kell.md`.
    pub rel: String,
    /// Path shown in diagnostics: `content/updates/2025-09-14-kell.md`.
    pub display: PathBuf,
    /// The text, without a byte order mark.
    pub text: String,
}

/// A file copied to the output as it is.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Output path relative to the output root, `/` separators.
    pub rel: String,
    pub abs: PathBuf,
}

/// Everything found in a site folder.
#[derive(Debug, Default)]
pub struct Sources {
    pub content: Vec<SourceFile>,
    /// Non-Markdown files under `content/` (co-located images and downloads).
    pub content_assets: Vec<Asset>,
    /// Files under `static/`.
    pub static_files: Vec<Asset>,
    /// Templates under `templates/` as (name relative to templates/, text).
    pub templates: Vec<(String, String)>,
    /// The text of `static/_redirects`, whose lines are merged into the `_redirects` a build writes.
    pub host_redirects: Option<String>,
    /// The text of `static/admin/config.yml`, the configuration of the CMS `rally cms decap`
    /// writes: its backend gives the CMS page its Content-Security-Policy.
    pub cms_config: Option<String>,
}

/// The CMS's configuration, under `static/`.
pub const CMS_CONFIG: &str = "admin/config.yml";

/// The redirect rules static hosts read (Netlify, Cloudflare Pages), at the root of the output.
pub const HOST_REDIRECTS: &str = "_redirects";

/// Is this a file no one meant to publish (hidden, editor backup or swap file)?
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.starts_with('#')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913"
}

/// Files below `dir` (recursively, sorted), skipping ignored names; missing folder -> empty.
pub fn files_under(dir: &Path) -> Vec<(String, PathBuf)> {
    if !dir.is_dir() {
        return Vec::new();
    }
    WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored_name(&e.file_name().to_string_lossy()))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e.path().strip_prefix(dir).ok()?;
            let rel = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
            Some((rel, e.path().to_path_buf()))
        })
        .collect()
}

/// Reads a file as UTF-8 text, dropping a BOM; invalid UTF-8 is an error at its line.
/// A file over [`limits::MAX_FILE_BYTES`] is an error, found before the file is read.
pub fn read_text(abs: &Path, display: &Path) -> Result<String, Diagnostic> {
    let cannot = |e: std::io::Error| Diagnostic::error(display, 0, 0, format!("cannot read file: {e}"));
    let len = std::fs::metadata(abs).map_err(cannot)?.len();
    if len > limits::MAX_FILE_BYTES {
        return Err(Diagnostic::error(
            display,
            0,
            0,
            format!(
                "this file is {}, over Rally's limit of {} per file (a size no real page reaches, which keeps a build's memory bounded): split it into several pages, or keep large data out of content/",
                limits::size(len),
                limits::size(limits::MAX_FILE_BYTES)
            ),
        ));
    }
    let bytes = std::fs::read(abs).map_err(cannot)?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => {
            let valid = String::from_utf8_lossy(&bytes[..e.valid_up_to()]);
            let (line, col) = line_col(&valid, valid.len());
            Err(Diagnostic::error(display, line, col, "the file is not valid UTF-8: save it as UTF-8"))
        }
    }
}

/// Reads the Markdown file `abs`, at `rel` under `content/`.
pub fn content_file(rel: String, abs: &Path) -> Result<SourceFile, Diagnostic> {
    let display = Path::new("content").join(&rel);
    let text = read_text(abs, &display)?;
    let rel = markdown_rel(&rel).unwrap_or(rel);
    Ok(SourceFile { rel, display, text })
}

/// The path (relative to `content/`) a Markdown file is known by, if `rel` is one: its own for
/// `.md`, and the same with `.md` for `.markdown` (as Jekyll and Hugo sites name them), so that
/// `about.markdown` is the page `about.md` would be. Messages name the file as it is.
pub fn markdown_rel(rel: &str) -> Option<String> {
    if rel.ends_with(".md") {
        return Some(rel.to_string());
    }
    rel.strip_suffix(".markdown").map(|stem| format!("{stem}.md"))
}

/// Why a file at `rel` under the folder `dir` cannot be published at the URL of its path: a name
/// that is not valid UTF-8, or holds a character a URL path cannot carry as it is (`?` and `#`
/// start a query and a fragment, a backslash is read as `/`, control characters are dropped).
fn unpublishable(dir: &Path, rel: &str, abs: &Path) -> Option<&'static str> {
    if abs.strip_prefix(dir).ok().and_then(Path::to_str).is_none() {
        return Some("its name is not valid UTF-8, so it has no URL: rename it");
    }
    (rel.contains(['?', '#', '\\']) || rel.chars().any(char::is_control))
        .then_some("its name holds a character a URL path cannot carry (? # \\ or a control character): rename it")
}

/// The files under `root/folder` that can be published; each other one is an error naming it.
fn published_files(root: &Path, folder: &str, errors: &mut Vec<Diagnostic>) -> Vec<(String, PathBuf)> {
    let dir = root.join(folder);
    let mut out = Vec::new();
    for (rel, abs) in files_under(&dir) {
        match unpublishable(&dir, &rel, &abs) {
            Some(why) => errors.push(Diagnostic::error(Path::new(folder).join(&rel), 0, 0, why)),
            None => out.push((rel, abs)),
        }
    }
    out
}

/// Walks `root` and reads the site's files. Every unreadable or unpublishable file is reported.
pub fn discover(root: &Path) -> Result<Sources, Vec<Diagnostic>> {
    let mut sources = Sources::default();
    let mut errors = Vec::new();
    let mut md = Vec::new();
    for (rel, abs) in published_files(root, "content", &mut errors) {
        if markdown_rel(&rel).is_some() {
            md.push((rel, abs));
        } else {
            sources.content_assets.push(Asset { rel, abs });
        }
    }
    let read: Vec<Result<SourceFile, Diagnostic>> =
        md.into_par_iter().map(|(rel, abs)| content_file(rel, &abs)).collect();
    for r in read {
        match r {
            Ok(f) => sources.content.push(f),
            Err(d) => errors.push(d),
        }
    }
    sources.static_files =
        published_files(root, "static", &mut errors).into_iter().map(|(rel, abs)| Asset { rel, abs }).collect();
    for (name, text) in [(HOST_REDIRECTS, &mut sources.host_redirects), (CMS_CONFIG, &mut sources.cms_config)] {
        if let Some(a) = sources.static_files.iter().find(|a| a.rel == name) {
            match read_text(&a.abs, &Path::new("static").join(name)) {
                Ok(t) => *text = Some(t),
                Err(d) => errors.push(d),
            }
        }
    }
    for (rel, abs) in files_under(&root.join("templates")) {
        match read_text(&abs, &Path::new("templates").join(&rel)) {
            Ok(text) => sources.templates.push((rel, text)),
            Err(d) => errors.push(d),
        }
    }
    if errors.is_empty() { Ok(sources) } else { Err(errors) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignores_editor_files() {
        for n in [".#a.md", "a.md~", "#a.md#", ".a.md.swp", "4913", ".hidden"] {
            assert!(is_ignored_name(n), "{n}");
        }
        assert!(!is_ignored_name("a.md"));
    }

    #[test]
    fn invalid_utf8_is_reported_at_its_line() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.md");
        std::fs::write(&p, b"---\ntitle: ok\n---\nbad \xff byte\n").unwrap();
        let e = read_text(&p, Path::new("content/a.md")).unwrap_err();
        assert_eq!((e.line, e.col), (4, 5));
    }

    #[test]
    fn bom_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.md");
        std::fs::write(&p, b"\xEF\xBB\xBF---\n").unwrap();
        assert_eq!(read_text(&p, &p).unwrap(), "---\n");
    }
}
