//! Share cards: the 1200 x 630 picture a link to a page shows on social networks and in chat apps.
//! A page whose front matter `image` is a photo shares that photo, cropped to 1.91:1 by the photo
//! stage (see [`crate::images`]). Every other HTML page gets a card drawn from the theme's
//! `card.svg` template (which a site overrides in its `templates/` like any template): brand
//! colours, logo, site and page titles; goals with their progress on mission and impact pages, an
//! update's photo and date, a report's headline metrics, the mission statement on the landing page.
//!
//! The render stage fills the template (see `rally_render::cards::view`) with the [`setup`] made
//! here, and the pipeline hands each card's SVG here: [`render`] draws the cards in parallel. A
//! card is cached in `.rally-cache/cards/` by a hash of what it is drawn from: the template's data
//! (every text, colour and number it shows), the content keys of the photos and logo it shows, the
//! sources of `card.svg` and the templates it uses, and the theme strings. An unchanged card is
//! never drawn twice, and its template is not even filled: a rebuild only hashes its data. Pages
//! whose cards show the same data share one drawing.
//!
//! The crates, and why each: `resvg` (with `usvg` and `tiny-skia`): SVG to pixels in pure Rust,
//! text included; `png` and `color_quant`: compact PNG files for cards with a photo (a card of
//! flat colours is deflated by [`deflate`], with `simd-adler32` for its checksum); `skrifa`: glyph
//! outlines for the glyph cache; `harfrust`, `unicode-bidi` and `svgtypes` (the shaper, the
//! direction check and the attribute syntax `usvg` itself uses): the card texts laid out without
//! `usvg` (see [`text`]); `blake3`: the hash of the card templates and of the logo, in the cache
//! keys.

mod deflate;
mod flat;
pub mod fonts;
mod glyphs;
mod indexed;
mod layers;
pub mod preview;
pub mod raster;
mod text;

use rayon::prelude::*;
use std::path::{Path, PathBuf};

use rally_core::error::Diagnostic;
use rally_render::cards::{Logo, Pending, Setup, TEMPLATE};
use rally_render::{Contents, OutputFile};

/// Bump when drawing changes its output for the same SVG: every cached card is drawn again.
const RASTER_VERSION: u32 = 6;

/// The card setup of a site: its cache folder, its logo file if the logo is a local file (a site
/// file, a content file, or a file of a theme on disk), and the hash of its card templates.
pub fn setup(
    site: &rally_core::model::Site,
    cache_dir: &Path,
    assets: &rally_render::Assets,
    templates: &rally_render::templates::Templates,
) -> Setup {
    let logo = site.config.brand.logo.as_deref().and_then(|l| {
        let rel = l.strip_prefix('/')?.split(['?', '#']).next()?;
        let abs = assets.static_files.iter().chain(assets.content_assets).find(|a| a.rel == rel)?.abs.clone();
        let bytes = std::fs::read(&abs).ok()?;
        let key = blake3::hash(&bytes).to_hex().to_string();
        Some(Logo { aspect: aspect_of(&bytes).unwrap_or(1.0), path: abs, key })
    });
    let mut h = blake3::Hasher::new();
    for (name, text) in rally_render::deps::TemplateDeps::used_by(templates.sources(), TEMPLATE) {
        for part in [name, "\0", text, "\0"] {
            h.update(part.as_bytes());
        }
    }
    h.update(templates.strings.fingerprint().as_bytes());
    let templates = h.finalize().to_hex().to_string();
    Setup::new(cache_dir.to_path_buf(), logo, templates, RASTER_VERSION, Path::is_file)
}

/// Width over height of a logo file (an SVG or a picture), if it can be read.
fn aspect_of(bytes: &[u8]) -> Option<f64> {
    let (w, h) =
        match image::ImageReader::new(std::io::Cursor::new(bytes)).with_guessed_format().ok()?.into_dimensions() {
            Ok((w, h)) => (f64::from(w), f64::from(h)),
            Err(_) => {
                let size = resvg::usvg::Tree::from_data(bytes, &resvg::usvg::Options::default()).ok()?.size();
                (f64::from(size.width()), f64::from(size.height()))
            }
        };
    (w > 0.0 && h > 0.0).then_some(w / h)
}

/// The cache folder of a site's cards.
pub fn dir_of(root: &Path) -> PathBuf {
    root.join(crate::images::CACHE_DIR).join("cards")
}

/// What drawing the cards made: their files and how many were drawn (the others were cached).
#[derive(Debug, Default)]
pub struct Drawn {
    pub files: Vec<OutputFile>,
    pub drawn: usize,
}

/// Draws every card not in the cache yet (in parallel; a drawing shared by several pages once,
/// what many cards have in common once, see [`layers`]) and returns them all as cached files.
pub fn render(setup: &Setup, mut pending: Vec<Pending>) -> Result<Drawn, Vec<Diagnostic>> {
    let cache_dir = &setup.cache_dir;
    if !pending.is_empty() {
        std::fs::create_dir_all(cache_dir).map_err(|e| vec![cache_error(cache_dir, &e)])?;
    }
    // the first page of a drawing draws it; the others link the same file
    pending.sort_by(|a, b| a.key.cmp(&b.key));
    let mut groups: Vec<Vec<Pending>> = Vec::new();
    for p in pending {
        match groups.last_mut() {
            Some(g) if g[0].key == p.key => g.push(p),
            _ => groups.push(vec![p]),
        }
    }
    // a card's SVG is filled only when the cache did not hold it (see `view::card`)
    let svgs: Vec<Option<(&str, &str)>> =
        groups.iter().map(|g| g.iter().find_map(|p| Some((p.svg.as_deref()?, p.shown.as_str())))).collect();
    let splits: Vec<Option<layers::Split>> =
        svgs.par_iter().map(|s| s.and_then(|(svg, _)| layers::Split::of(svg))).collect();
    let plan = layers::Plan::new(&splits);
    // the cards over one base one after the other, so that few bases are held at once
    let mut order: Vec<usize> = (0..groups.len()).filter(|&i| svgs[i].is_some()).collect();
    order.sort_by_key(|&i| plan.base_of(i).map_or(usize::MAX, |(b, _)| b));
    let errors: Vec<Diagnostic> = order
        .par_iter()
        .map(|&i| {
            let Some((svg, shown)) = svgs[i] else { return Ok(()) };
            let png = draw(svg, splits[i].as_ref(), plan.base_of(i), &plan).map_err(|e| {
                Diagnostic::error(shown, 0, 0, format!("its share card (from {TEMPLATE}) {e}: fix the template"))
            })?;
            crate::images::cache::write_atomic(&setup.cached(&groups[i][0].key), &png)
                .map_err(|e| cache_error(cache_dir, &e))
        })
        .filter_map(Result::err)
        .collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    let drawn = order.len();
    let files = groups
        .into_iter()
        .flat_map(|group| {
            let path = setup.cached(&group[0].key);
            group.into_iter().map(move |p| OutputFile { path: p.out, contents: Contents::Cached(path.clone()) })
        })
        .collect();
    Ok(Drawn { files, drawn })
}

/// One card as PNG: over its base layer, if it has one, else whole.
fn draw(
    svg: &str,
    split: Option<&layers::Split>,
    base: Option<(usize, usize)>,
    plan: &layers::Plan,
) -> Result<Vec<u8>, String> {
    let png = match (split, base.and_then(|(b, from)| Some((plan.pixels(b)?, from)))) {
        (Some(split), Some((pixels, from))) => drawing(split, from).and_then(|d| raster::png_over(&d, Some(&pixels))),
        (Some(split), None) => drawing(split, 0).and_then(|d| raster::png_over(&d, None)),
        (None, _) => raster::parse(svg).and_then(|tree| raster::png_over(&raster::Drawing::whole(tree), None)),
    };
    if let Some((b, _)) = base {
        plan.done(b);
    }
    png
}

/// What a card draws from its painted elements `from..`: its texts laid out here when they can
/// be (see [`text`]), else all of them parsed by `usvg`.
fn drawing(split: &layers::Split, from: usize) -> Result<raster::Drawing, String> {
    let to = split.len();
    match split.parts(from, to).and_then(|(svg, parts)| raster::Drawing::of_parts(&svg, parts)) {
        Some(drawing) => drawing,
        None => raster::parse(&split.layer(from, to)).map(raster::Drawing::whole),
    }
}

fn cache_error(dir: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(dir.display().to_string(), 0, 0, format!("cannot write a share card to the cache: {e}"))
}
