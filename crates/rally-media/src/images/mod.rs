//! The photo stage: between the model and the render. Every raster image a page uses (Markdown
//! images, front matter `image`, files beside pages in `content/`, files in `static/` that pages
//! reference) is decoded once, turned upright by its EXIF orientation, stripped of its metadata
//! (EXIF, GPS, XMP), resized to `images.widths` (never upscaled) and written as lossy WebP plus its
//! own format. The photo's own path serves its largest stripped version, unless
//! `images.keep_originals` publishes the original file there. Results are cached by content hash
//! in `.rally-cache/` (see [`cache`]); photos are encoded in parallel.
//!
//! The crates, and why each:
//! - `image`: decoding JPEG, PNG and WebP with limits against decompression bombs, EXIF
//!   orientation (`ImageDecoder::orientation`, `DynamicImage::apply_orientation`), the ICC colour
//!   profile, resizing, and the PNG encoder. It writes no metadata but the profile. Its resizer is
//!   compiled in the crate itself, so it is fast in test builds too (`fast_image_resize` is
//!   generic, hence compiled unoptimised in them).
//! - `jpeg-encoder`: JPEG, several times faster than the `image` crate's own encoder.
//! - `webp`: lossy WebP through libwebp (the `image` crate writes lossless WebP only), as Zola does;
//!   `riff` adds the colour profile, which libwebp's simple encoder leaves out.
//! - `blake3`: a fast content hash for the cache keys.
//!
//! The render stage's `rally_render::images::markup` turns image tags of rendered pages into
//! `<picture>` elements from the [`Images`] made here; themes get the same data from the `image()`
//! template function.

pub mod cache;
pub mod encode;
mod riff;

use rayon::prelude::*;
use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use cache::{Cache, Entry};
use encode::Format;
use rally_core::config::ImagesConfig;
use rally_core::error::Diagnostic;
use rally_core::model::Site;
use rally_core::model::urls::{self, OutputResolver};
use rally_core::source::discover::{Asset, Sources};
use rally_render::images::markup;
use rally_render::images::{Cover, Images, Picture};
use rally_render::{Contents, OutputFile};

/// The cache folder in a site folder; the watcher and `rally init`'s `.gitignore` leave it out.
pub const CACHE_DIR: &str = ".rally-cache";

/// What the photo stage made.
#[derive(Debug, Default)]
pub struct Processed {
    pub images: Images,
    /// The files to publish (copies of cached files, or originals), before any other copied file.
    pub files: Vec<OutputFile>,
    /// How many photos were encoded (the others came from the cache).
    pub encoded: usize,
    /// How many photos have a share crop, and how many crops were made (the others came from the
    /// cache).
    pub crops: usize,
    pub crops_encoded: usize,
}

/// A page's use of a file, for errors about the file.
#[derive(Debug, Clone)]
struct Use {
    /// Where the page uses it, with the source line; the message is filled in by [`photo_error`].
    at: Diagnostic,
    src: String,
}

/// The raster files to process: every raster file beside pages, and every raster static file a
/// page uses; each with the first place a page uses it.
fn photos<'a>(site: &Site, sources: &'a Sources) -> Vec<(&'a Asset, Format, Option<Use>, Option<String>)> {
    let c = &site.config;
    let resolver = OutputResolver::new(&c.base_url, &c.base_path);
    let mut uses: HashMap<String, Use> = HashMap::new();
    // the files pages name as their `image`: shared, so cropped for sharing too, around the
    // focal point (`image_focus`) of the first page that names them
    let mut covers = HashMap::new();
    for p in &site.pages {
        let page_url = site.url(p);
        if let Some(img) = &p.image
            && let Some((file, _)) = resolver.target(&urls::site_url(&c.base_path, img), &page_url)
        {
            covers.entry(file).or_insert_with(|| p.image_focus.clone().unwrap_or_default());
        }
        // where the use is, made only for the first use of each file
        let mut add = |dest: &str, at: &dyn Fn() -> Diagnostic, src: &str| {
            if let Some((file, _)) = resolver.target(dest, &page_url) {
                uses.entry(file).or_insert_with(|| Use { at: at(), src: src.to_string() });
            }
        };
        if let Some(img) = &p.image {
            add(&urls::site_url(&c.base_path, img), &|| p.error_at_key("image", String::new()), img);
        }
        for l in p.md.links.iter().filter(|l| l.is_image) {
            let at = || Diagnostic::error(&p.display, l.line, l.col, String::new()).with_source(&p.text);
            add(&l.dest, &at, &l.raw);
        }
    }
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    // static files win over content files of the same path, as when they are copied
    let candidates =
        sources.static_files.iter().map(|a| (a, true)).chain(sources.content_assets.iter().map(|a| (a, false)));
    for (asset, is_static) in candidates {
        let Some(format) = Format::from_path(&asset.rel) else { continue };
        if !seen.insert(asset.rel.as_str()) {
            continue;
        }
        let used = uses.remove(&asset.rel);
        if is_static && used.is_none() {
            continue;
        }
        out.push((asset, format, used, covers.get(&asset.rel).cloned()));
    }
    out
}

/// The error about a photo, at the page line that uses it (or at the file, if no page does).
fn photo_error(asset: &Asset, root: &Path, used: Option<&Use>, problem: &str) -> Diagnostic {
    let shown = asset.abs.strip_prefix(root).unwrap_or(&asset.abs).display().to_string();
    match used {
        Some(u) => Diagnostic { message: format!("image `{}` ({shown}) {problem}", u.src), ..u.at.clone() },
        None => Diagnostic::error(&shown, 0, 0, format!("this image {problem}")),
    }
}

/// What the photo stage encoded: photos, and share crops (the others came from the cache).
#[derive(Debug, Default)]
struct Counts {
    photos: AtomicUsize,
    crops: AtomicUsize,
}

/// The cache entries of one photo and, when `with_crop` gives a focal point (`""` for the
/// middle), of its share crop, made if they are not cached yet (from one decoding of the photo);
/// also the photo's cache key.
fn entries_of(
    cache: &Cache,
    asset: &Asset,
    format: Format,
    cfg: &ImagesConfig,
    with_crop: Option<&str>,
    counts: &Counts,
) -> Result<(String, Entry, Option<Entry>), String> {
    let stamp = cache::stamp(&asset.abs);
    let remembered = stamp.and_then(|s| cache.remembered_hash(&asset.abs, s));
    let mut bytes = None;
    let hash = match remembered {
        Some(h) => h,
        None => {
            let b = std::fs::read(&asset.abs).map_err(|e| format!("cannot be read: {e}"))?;
            let h = cache::hash_bytes(&b);
            bytes = Some(b);
            h
        }
    };
    let key = cache::key(&hash, &cfg.widths, cfg.quality, format);
    let crop_key = cache::cover_key(&key, with_crop.unwrap_or_default());
    let (entry, crop) = (cache.lookup(&key), if with_crop.is_some() { cache.lookup(&crop_key) } else { None });
    if let Some(entry) = entry.as_ref()
        && (crop.is_some() || with_crop.is_none())
    {
        if let (Some(s), true) = (stamp, bytes.is_some()) {
            cache.remember_hash(&asset.abs, s, &hash);
        }
        return Ok((key, entry.clone(), crop));
    }
    let bytes = match bytes {
        Some(b) => b,
        None => std::fs::read(&asset.abs).map_err(|e| format!("cannot be read: {e}"))?,
    };
    let photo = encode::decode(&bytes, format)?;
    let store = |key: &str, made: &encode::Photo| {
        cache.store(key, made).map_err(|e| format!("cannot be written to the cache ({CACHE_DIR}/images): {e}"))
    };
    let entry = match entry {
        Some(e) => e,
        None => {
            let made = encode::sizes(&photo, &cfg.widths, cfg.quality)?;
            counts.photos.fetch_add(1, Ordering::Relaxed);
            store(&key, &made)?
        }
    };
    let crop = match (crop, with_crop) {
        (Some(c), _) => Some(c),
        (None, Some(focus)) => {
            let made = encode::crop(&photo, cfg.quality, focus)?;
            counts.crops.fetch_add(1, Ordering::Relaxed);
            Some(store(&crop_key, &made)?)
        }
        (None, None) => None,
    };
    if let Some(s) = stamp {
        cache.remember_hash(&asset.abs, s, &hash);
    }
    Ok((key, entry, crop))
}

/// The output path of one size of a photo published at `rel`: `images/kell-480w.webp`.
fn variant_path(rel: &str, width: u32, format: Format) -> String {
    let stem = rel.rsplit_once('.').map_or(rel, |(s, _)| s);
    format!("{stem}-{width}w.{}", format.extension())
}

/// The files and the picture of one photo published at `rel`.
fn publish(
    cache: &Cache,
    key: &str,
    entry: &Entry,
    asset: &Asset,
    cfg: &ImagesConfig,
    base_path: &str,
) -> (Picture, Vec<OutputFile>) {
    let mut files = Vec::new();
    let (mut srcset, mut webp_srcset) = (Vec::new(), Vec::new());
    for f in &entry.files {
        let out = variant_path(&asset.rel, f.width, f.format);
        let url = markup::attr_url(&urls::site_url(base_path, &format!("/{out}")));
        if f.format == entry.format {
            srcset.push(format!("{url} {}w", f.width));
        } else {
            webp_srcset.push(format!("{url} {}w", f.width));
        }
        files.push(OutputFile { path: out, contents: Contents::Cached(cache.file(key, &f.name)) });
    }
    let largest = entry.files.iter().rev().find(|f| f.format == entry.format);
    let (width, height) = largest.map_or((entry.width, entry.height), |f| (f.width, f.height));
    let own = match (cfg.keep_originals, largest) {
        (false, Some(f)) => Contents::Cached(cache.file(key, &f.name)),
        _ => Contents::Copy(asset.abs.clone()),
    };
    files.push(OutputFile { path: asset.rel.clone(), contents: own });
    let picture = Picture {
        src: markup::attr_url(&urls::site_url(base_path, &format!("/{}", asset.rel))),
        width,
        height,
        mime: entry.format.mime(),
        srcset: srcset.join(", "),
        webp_srcset: webp_srcset.join(", "),
    };
    (picture, files)
}

/// One published photo.
struct Published {
    rel: String,
    picture: Picture,
    files: Vec<OutputFile>,
    /// Its largest file on disk, and its cache key.
    file: (std::path::PathBuf, String),
    cover: Option<Cover>,
}

/// The file and the cover of a photo's share crop, from its cache entry.
fn cover(cache: &Cache, asset: &Asset, key: &str, focus: &str, entry: &Entry) -> Result<(OutputFile, Cover), String> {
    let f = entry.files.first().ok_or("internal error: an empty cache entry")?;
    let stem = asset.rel.rsplit_once('.').map_or(asset.rel.as_str(), |(s, _)| s);
    let out = format!("{stem}-share.jpg");
    let src = format!("/{out}");
    let file = OutputFile { path: out, contents: Contents::Cached(cache.file(&cache::cover_key(key, focus), &f.name)) };
    Ok((file, Cover { src, width: f.width, height: f.height }))
}

/// Processes every photo of the site (in parallel), reporting every bad one.
pub fn process(root: &Path, site: &Site, sources: &Sources) -> Result<Processed, Vec<Diagnostic>> {
    let cfg = &site.config.images;
    let cache = Cache::new(cache::dir_of(root));
    let counts = Counts::default();
    let list = photos(site, sources);
    let results: Vec<Result<Vec<Published>, Diagnostic>> = list
        .par_iter()
        .map(|(asset, format, used, focus)| {
            let fail = |problem: String| photo_error(asset, root, used.as_ref(), &problem);
            let (key, entry, crop) =
                entries_of(&cache, asset, *format, cfg, focus.as_deref(), &counts).map_err(fail)?;
            let (picture, mut files) = publish(&cache, &key, &entry, asset, cfg, &site.config.base_path);
            let largest = entry.files.iter().rev().find(|f| f.format == entry.format).or(entry.files.last());
            let file = largest.map_or_else(|| asset.abs.clone(), |f| cache.file(&key, &f.name));
            let cover = match crop {
                Some(crop) => {
                    let focus = focus.as_deref().unwrap_or_default();
                    let (f, c) = cover(&cache, asset, &key, focus, &crop).map_err(fail)?;
                    files.push(f);
                    Some(c)
                }
                None => None,
            };
            Ok(vec![Published { rel: asset.rel.clone(), picture, files, file: (file, key), cover }])
        })
        .collect();
    let done = rally_render::gather(results)?;
    let mut out = Processed {
        images: Images::new(&site.config.base_url, &site.config.base_path, done.len()),
        files: Vec::new(),
        encoded: counts.photos.into_inner(),
        crops: 0,
        crops_encoded: counts.crops.into_inner(),
    };
    for p in done {
        out.crops += usize::from(p.cover.is_some());
        out.images.insert(p.rel, p.picture, p.file, p.cover);
        out.files.extend(p.files);
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
