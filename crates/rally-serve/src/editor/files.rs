//! The editor's files: which content files there are (by kind), where a path the browser sends
//! may lead (only into `content/`, `data/` and `static/`, never out through `..`, an absolute path
//! or a link), writing atomically, and photos: their type read from their first bytes.

use std::io::Write;
use std::path::{Path, PathBuf};

use rally_core::languages::translation_of;
use rally_core::model::page::PageKind;
use rally_core::source::discover;

/// The folders the editor may write into.
pub const WRITABLE: &[&str] = &["content", "data", "static"];

/// The largest photo the editor takes.
pub const MAX_PHOTO_BYTES: usize = 10 * 1024 * 1024;

/// One content file in the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    /// Relative to the site: `content/updates/x.md`.
    pub path: String,
    pub kind: PageKind,
    /// The language code of a translation (`fr` of `faq.fr.md`).
    pub lang: Option<String>,
}

/// Every content file of the site at `root`, sorted by path; a translation has its original's
/// kind. `codes` are the site's other languages.
pub fn list(root: &Path, codes: &[String]) -> Vec<Listed> {
    discover::files_under(&root.join("content"))
        .into_iter()
        .filter(|(rel, _)| rel.ends_with(".md"))
        .map(|(rel, _)| list_one(&rel, codes))
        .collect()
}

/// The content file at `rel` (relative to `content/`) as the list shows it.
pub fn list_one(rel: &str, codes: &[String]) -> Listed {
    let (original, lang) = match translation_of(rel, codes.iter().map(String::as_str)) {
        Some((original, lang)) => (original, Some(lang)),
        None => (rel.to_string(), None),
    };
    Listed { path: format!("content/{rel}"), kind: PageKind::of(&original), lang }
}

/// The file at `rel` (relative to the site at `root`, which is canonical) when the editor may
/// write it: a plain relative path into one of [`WRITABLE`], whose folder, once links are
/// followed, is still inside it, and which is not itself a link.
pub fn resolve(root: &Path, rel: &str) -> Result<PathBuf, String> {
    let refused =
        || Err(format!("`{rel}` is not a file the editor may write: only files in content/, data/ and static/"));
    if !rally_build::output::is_safe_relative(rel) {
        return refused();
    }
    let Some((top, _)) = rel.split_once('/') else { return refused() };
    if !WRITABLE.contains(&top) {
        return refused();
    }
    let path = root.join(rel);
    let allowed = root.join(top).canonicalize().map_err(|e| format!("cannot read {top}/: {e}"))?;
    // the nearest folder that exists, with links followed, must be inside the allowed one
    let mut folder = path.parent().map(Path::to_path_buf).unwrap_or_default();
    while !folder.exists() {
        if !folder.pop() {
            return refused();
        }
    }
    let real = folder.canonicalize().map_err(|e| format!("cannot read {}: {e}", folder.display()))?;
    if !real.starts_with(&allowed) {
        return refused();
    }
    if path.symlink_metadata().is_ok_and(|m| m.file_type().is_symlink()) {
        return refused();
    }
    Ok(path)
}

/// Writes `bytes` to `path` atomically: into a temporary file in the same folder (a hidden name
/// the watcher ignores), then renamed over it, so a reader sees the old file or the new one.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let folder = path.parent().ok_or_else(|| std::io::Error::other("no folder"))?;
    std::fs::create_dir_all(folder)?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = folder.join(format!(".{name}.{}.rally-edit", std::process::id()));
    let written = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

/// A short hash of a file's bytes: a form carries the one of the version it was opened from.
pub fn hash(bytes: &[u8]) -> String {
    // FNV-1a: to notice a change, not to resist one
    let h = bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3));
    format!("{h:016x}")
}

/// The file ending of a photo, read from its first bytes: JPEG, PNG, WebP, GIF or AVIF; `None`
/// for anything else (SVG included: it can carry scripts).
pub fn photo_type(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [0xFF, 0xD8, 0xFF, ..] => Some("jpg"),
        [0x89, b'P', b'N', b'G', ..] => Some("png"),
        [b'R', b'I', b'F', b'F', _, _, _, _, b'W', b'E', b'B', b'P', ..] => Some("webp"),
        [b'G', b'I', b'F', b'8', ..] => Some("gif"),
        [_, _, _, _, b'f', b't', b'y', b'p', b'a', b'v', b'i', b'f', ..] => Some("avif"),
        _ => None,
    }
}

/// The name a photo is saved under in `static/images/`: the slug of the name it came with and
/// the ending of its type, numbered when taken (`river-2.jpg`).
pub fn photo_name(images: &Path, given: &str, ext: &str) -> String {
    let stem = given.rsplit(['/', '\\']).next().unwrap_or(given);
    let stem = stem.rsplit_once('.').map_or(stem, |(s, _)| s);
    let slug = rally_core::format::slugify(stem);
    let slug = if slug.is_empty() { "photo".to_string() } else { slug };
    let mut name = format!("{slug}.{ext}");
    let mut n = 2;
    while images.join(&name).exists() {
        name = format!("{slug}-{n}.{ext}");
        n += 1;
    }
    name
}

/// One part of a `multipart/form-data` body.
#[derive(Debug, PartialEq, Eq)]
pub struct Part<'a> {
    pub name: String,
    /// The name of the file it carries, for a file.
    pub filename: Option<String>,
    pub bytes: &'a [u8],
}

/// The parts of a `multipart/form-data` body, or `None` when it is not one.
pub fn multipart<'a>(content_type: &str, body: &'a [u8]) -> Option<Vec<Part<'a>>> {
    let boundary = content_type.split(';').find_map(|p| p.trim().strip_prefix("boundary="))?.trim_matches('"');
    let delimiter = format!("\r\n--{boundary}");
    // the first delimiter has no line break before it
    let mut rest = body.strip_prefix(&delimiter.as_bytes()[2..])?;
    let mut parts = Vec::new();
    while !rest.starts_with(b"--") {
        let head_end = find(rest, b"\r\n\r\n")?;
        let head = String::from_utf8_lossy(&rest[..head_end]).into_owned();
        let content = &rest[head_end + 4..];
        let end = find(content, delimiter.as_bytes())?;
        let attr =
            |key: &str| head.split(&format!("{key}=\"")).nth(1).and_then(|v| v.split('"').next()).map(String::from);
        parts.push(Part { name: attr("name").unwrap_or_default(), filename: attr("filename"), bytes: &content[..end] });
        rest = &content[end + delimiter.len()..];
    }
    Some(parts)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_stay_in_content_data_and_static() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        for d in ["content/updates", "data", "static", "templates"] {
            std::fs::create_dir_all(root.join(d)).unwrap();
        }
        assert!(resolve(&root, "content/updates/a.md").is_ok());
        assert!(resolve(&root, "content/new/folder/a.md").is_ok());
        assert!(resolve(&root, "static/images/a.jpg").is_ok());
        for bad in [
            "site.yaml",
            "templates/base.html",
            "../x.md",
            "content/../site.yaml",
            "/etc/passwd",
            "content//a.md",
            "content\\a.md",
            "content/./a.md",
            "content",
        ] {
            assert!(resolve(&root, bad).is_err(), "{bad}");
        }
        #[cfg(unix)]
        {
            let outside = tempfile::tempdir().unwrap();
            std::os::unix::fs::symlink(outside.path(), root.join("content/out")).unwrap();
            assert!(resolve(&root, "content/out/a.md").is_err(), "a link out of content/");
            std::os::unix::fs::symlink(root.join("site.yaml"), root.join("content/link.md")).unwrap();
            assert!(resolve(&root, "content/link.md").is_err(), "a link itself");
        }
    }

    #[test]
    fn atomic_writes_and_photos() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a/b.md");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        assert_eq!(std::fs::read_dir(dir.path().join("a")).unwrap().count(), 1, "no temporary file left");
        assert_ne!(hash(b"one"), hash(b"two"));
        assert_eq!(photo_type(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("jpg"));
        assert_eq!(photo_type(b"<svg xmlns="), None);
        std::fs::write(dir.path().join("river.jpg"), "").unwrap();
        assert_eq!(photo_name(dir.path(), "My River.JPG", "jpg"), "my-river.jpg");
        assert_eq!(photo_name(dir.path(), "C:\\x\\river.jpeg", "jpg"), "river-2.jpg");
        assert_eq!(photo_name(dir.path(), "!!!.png", "png"), "photo.png");
        let body = b"--XY\r\nContent-Disposition: form-data; name=\"alt\"\r\n\r\nA river\r\n--XY\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"r.png\"\r\nContent-Type: image/png\r\n\r\n\x89PNG..\r\n--XY--\r\n";
        let parts = multipart("multipart/form-data; boundary=XY", body).unwrap();
        assert_eq!(parts.len(), 2);
        assert_eq!(
            (parts[0].name.as_str(), parts[0].bytes, parts[0].filename.as_deref()),
            ("alt", &b"A river"[..], None)
        );
        assert_eq!((parts[1].filename.as_deref(), parts[1].bytes), (Some("r.png"), &b"\x89PNG.."[..]));
        assert!(multipart("multipart/form-data; boundary=XY", b"garbage").is_none());
        assert!(multipart("text/plain", body).is_none());
    }
}
