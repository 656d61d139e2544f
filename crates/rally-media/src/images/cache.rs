//! The photo cache, `.rally-cache/images/` in the site folder (never in the output): one folder
//! per encoded photo, named by a hash of the source bytes, the widths, the quality, the format and
//! the pipeline version, holding its files and a `meta.json`. A folder is written under a
//! temporary name and renamed into place, so a crash never leaves a half-written entry.
//!
//! Hashing every photo on every build would cost as much as reading them all, so `by-path/`
//! remembers, for each source file, its size, modification time and content hash: an unchanged
//! file is not read at all.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use super::encode::{Format, Photo};

/// Bump when a change to the pipeline changes its output: every cached photo is made again.
pub const PIPELINE_VERSION: u32 = 4;

/// The cache folder of a site.
pub fn dir_of(root: &Path) -> PathBuf {
    root.join(super::CACHE_DIR).join("images")
}

/// One cached file of a photo.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CachedFile {
    pub width: u32,
    pub height: u32,
    pub format: Format,
    /// File name inside the entry's folder.
    pub name: String,
}

/// What `meta.json` of an entry says.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Entry {
    pub width: u32,
    pub height: u32,
    pub format: Format,
    /// Smallest first, WebP before the fallback at each width.
    pub files: Vec<CachedFile>,
}

/// The cache of one site.
#[derive(Debug, Clone)]
pub struct Cache {
    dir: PathBuf,
}

/// The key of a photo: source hash, settings, format and pipeline version, as hex.
pub fn key(source_hash: &str, widths: &[u32], quality: u8, format: Format) -> String {
    let mut h = blake3::Hasher::new();
    h.update(source_hash.as_bytes());
    for w in widths {
        h.update(&w.to_le_bytes());
    }
    h.update(&[quality]);
    h.update(format.extension().as_bytes());
    h.update(&PIPELINE_VERSION.to_le_bytes());
    h.finalize().to_hex()[..32].to_string()
}

/// The key of the share crop of the photo whose key is `photo_key`, around `focus` (the page's
/// `image_focus`; `""` for the middle).
pub fn cover_key(photo_key: &str, focus: &str) -> String {
    let mut h = blake3::Hasher::new();
    h.update(b"share-cover\0");
    h.update(photo_key.as_bytes());
    if !focus.is_empty() {
        h.update(b"\0");
        h.update(focus.as_bytes());
    }
    h.finalize().to_hex()[..32].to_string()
}

/// The content hash of a source file, as hex.
pub fn hash_bytes(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex().to_string()
}

fn unique_suffix() -> String {
    static N: AtomicU64 = AtomicU64::new(0);
    format!("{}-{}", std::process::id(), N.fetch_add(1, Ordering::Relaxed))
}

/// Writes `bytes` to `path` through a temporary file renamed into place.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = path.with_extension(format!("tmp-{}", unique_suffix()));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

/// (size, modification time in nanoseconds) of a file, to tell whether it changed.
pub type Stamp = (u64, u128);

/// The stamp of a file, taken before it is read (so that a change while reading is seen later).
pub fn stamp(abs: &Path) -> Option<Stamp> {
    let m = std::fs::metadata(abs).ok()?;
    let modified = m.modified().ok()?.duration_since(std::time::UNIX_EPOCH).ok()?;
    Some((m.len(), modified.as_nanos()))
}

impl Cache {
    pub fn new(dir: PathBuf) -> Cache {
        Cache { dir }
    }

    /// The path of file `name` of entry `key`.
    pub fn file(&self, key: &str, name: &str) -> PathBuf {
        self.dir.join(key).join(name)
    }

    /// The entry of `key`, if it is complete.
    pub fn lookup(&self, key: &str) -> Option<Entry> {
        let text = std::fs::read(self.dir.join(key).join("meta.json")).ok()?;
        let entry: Entry = serde_json::from_slice(&text).ok()?;
        entry.files.iter().all(|f| self.file(key, &f.name).is_file()).then_some(entry)
    }

    /// Stores the files of `photo` as entry `key`.
    pub fn store(&self, key: &str, photo: &Photo) -> std::io::Result<Entry> {
        std::fs::create_dir_all(&self.dir)?;
        let tmp = self.dir.join(format!(".tmp-{key}-{}", unique_suffix()));
        std::fs::create_dir_all(&tmp)?;
        let files: Vec<CachedFile> = photo
            .files
            .iter()
            .map(|f| CachedFile {
                width: f.width,
                height: f.height,
                format: f.format,
                name: format!("{}.{}", f.width, f.format.extension()),
            })
            .collect();
        let entry = Entry { width: photo.width, height: photo.height, format: photo.format, files };
        let written = (|| {
            for (f, c) in photo.files.iter().zip(&entry.files) {
                std::fs::write(tmp.join(&c.name), &f.bytes)?;
            }
            std::fs::write(tmp.join("meta.json"), serde_json::to_vec(&entry).map_err(std::io::Error::other)?)?;
            let target = self.dir.join(key);
            if target.exists() {
                // a broken entry (or one another build just wrote): replace it
                std::fs::remove_dir_all(&target)?;
            }
            std::fs::rename(&tmp, &target)
        })();
        if written.is_err() {
            let _ = std::fs::remove_dir_all(&tmp);
        }
        written.map(|()| entry)
    }

    fn memo_path(&self, abs: &Path) -> PathBuf {
        let name = blake3::hash(abs.to_string_lossy().as_bytes()).to_hex();
        self.dir.join("by-path").join(&name[..32])
    }

    /// The content hash of `abs` remembered from an earlier build, if the file has not changed.
    pub fn remembered_hash(&self, abs: &Path, (len, mtime): Stamp) -> Option<String> {
        let text = std::fs::read_to_string(self.memo_path(abs)).ok()?;
        let mut parts = text.split_whitespace();
        let same = parts.next()? == len.to_string() && parts.next()? == mtime.to_string();
        same.then(|| parts.next().map(str::to_string)).flatten()
    }

    /// Remembers the content hash of `abs` as it was at `stamp` (best effort: a failure only costs
    /// a re-read later).
    pub fn remember_hash(&self, abs: &Path, (len, mtime): Stamp, hash: &str) {
        let path = self.memo_path(abs);
        if let Some(parent) = path.parent() {
            let _ = std::fs::create_dir_all(parent);
        }
        let _ = write_atomic(&path, format!("{len} {mtime} {hash}\n").as_bytes());
    }
}
