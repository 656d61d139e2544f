//! Photos as the render stage uses them: the published photos of a site ([`Images`]), looked up by
//! the sources pages name, and the `<picture>` markup made from them ([`markup`]). The photo stage
//! (`rally_media::images`) decodes, resizes, encodes and caches them, and fills an [`Images`].
//! Pure: no file is read here.

pub mod markup;

use std::collections::HashMap;
use std::path::PathBuf;

use rally_core::model::urls::OutputResolver;

/// The formats the pipeline reads, and writes as the fallback beside WebP.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Jpeg,
    Png,
    Webp,
}

impl Format {
    /// The format a file name promises, if the pipeline handles it.
    pub fn from_path(path: &str) -> Option<Format> {
        let ext = path.rsplit_once('.')?.1.to_ascii_lowercase();
        match ext.as_str() {
            "jpg" | "jpeg" => Some(Format::Jpeg),
            "png" => Some(Format::Png),
            "webp" => Some(Format::Webp),
            _ => None,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Jpeg => "jpg",
            Format::Png => "png",
            Format::Webp => "webp",
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            Format::Jpeg => "image/jpeg",
            Format::Png => "image/png",
            Format::Webp => "image/webp",
        }
    }
}

/// The raster images page `p` names, as written: its front matter `image`, then its Markdown
/// images (others, such as SVG, do not go through the pipeline).
pub fn named_by(p: &rally_core::model::page::Page) -> Vec<String> {
    let markdown = p.md.links.iter().filter(|l| l.is_image).map(|l| l.dest.clone());
    p.image
        .iter()
        .cloned()
        .chain(markdown)
        .filter(|d| Format::from_path(d.split(['?', '#']).next().unwrap_or(d)).is_some())
        .collect()
}

/// A published photo: what a `<picture>` element needs.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Picture {
    /// URL of the photo's own path (its largest version, in its own format).
    pub src: String,
    /// Intrinsic size of that largest version.
    pub width: u32,
    pub height: u32,
    /// Media type of `src` and `srcset`.
    #[serde(rename = "type")]
    pub mime: &'static str,
    /// Every width in the photo's own format, `URL 480w, ...`.
    pub srcset: String,
    /// Every width in WebP (empty when the photo is WebP itself: `srcset` has them).
    pub webp_srcset: String,
}

/// A photo cropped to 1.91:1 for sharing (`og:image`), as JPEG.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cover {
    /// Root-relative URL, without the base path (`/images/kell-share.jpg`).
    pub src: String,
    pub width: u32,
    pub height: u32,
}

/// The published photos of a site, by output path (`images/kell.jpg`).
#[derive(Debug, Default)]
pub struct Images {
    by_path: HashMap<String, Picture>,
    /// A file on disk with each photo's pixels (its largest version), and its cache key.
    files: HashMap<String, (PathBuf, String)>,
    /// The share crop of each photo a page names as its `image`.
    covers: HashMap<String, Cover>,
    base_url: String,
    base_path: String,
}

impl Images {
    /// No photos yet, of a site at `base_url` and `base_path`, with room for `capacity`.
    pub fn new(base_url: &str, base_path: &str, capacity: usize) -> Images {
        Images {
            by_path: HashMap::with_capacity(capacity),
            files: HashMap::with_capacity(capacity),
            covers: HashMap::new(),
            base_url: base_url.to_string(),
            base_path: base_path.to_string(),
        }
    }

    /// Adds the photo published at `rel` (`images/kell.jpg`): its picture, its largest file on
    /// disk with its content key, and its share crop, if it has one.
    pub fn insert(&mut self, rel: String, picture: Picture, file: (PathBuf, String), cover: Option<Cover>) {
        if let Some(c) = cover {
            self.covers.insert(rel.clone(), c);
        }
        self.files.insert(rel.clone(), file);
        self.by_path.insert(rel, picture);
    }

    /// The photo `src` names, written on the page at URL `page_url` (with base path).
    pub fn find(&self, src: &str, page_url: &str) -> Option<&Picture> {
        if self.by_path.is_empty() {
            return None;
        }
        let (file, _) = OutputResolver::new(&self.base_url, &self.base_path).target(src, page_url)?;
        self.by_path.get(&file)
    }

    /// The published file `src` names (as [`Images::find`]), as a file on disk, with its content key.
    pub fn file_of(&self, src: &str, page_url: &str) -> Option<&(PathBuf, String)> {
        let (file, _) = OutputResolver::new(&self.base_url, &self.base_path).target(src, page_url)?;
        self.files.get(&file)
    }

    /// The share crop of the photo `src` names (as [`Images::find`]), if a page's `image` is it.
    pub fn cover_of(&self, src: &str, page_url: &str) -> Option<&Cover> {
        if self.covers.is_empty() {
            return None;
        }
        let (file, _) = OutputResolver::new(&self.base_url, &self.base_path).target(src, page_url)?;
        self.covers.get(&file)
    }

    /// The site's base path, against which template-given sources are resolved.
    pub fn base_path(&self) -> &str {
        &self.base_path
    }

    pub fn len(&self) -> usize {
        self.by_path.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_path.is_empty()
    }
}
