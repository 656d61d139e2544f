//! Text on cards, drawn from a cache of rasterised glyphs: each glyph of a font, at a size and at
//! one of [`STEPS`] x [`STEPS`] sub-pixel offsets, is filled once per thread into a coverage mask
//! (by `tiny-skia`, from its outline read with `skrifa`), and every later use blends that mask
//! onto the card. Filling glyph outlines was the largest share of drawing a card; a card's text
//! is mostly letters drawn before, on this card or an earlier one.
//!
//! `usvg` lays the text out (shaping, bidi, anchors), or [`super::text`] for the plain texts of
//! cards; only the filling is done here. Text this
//! does not draw the same way (a stroke, decorations, a gradient, a rotated or skewed glyph,
//! `text-rendering: optimizeSpeed`) is left to `resvg`: [`draw`] says whether it drew. A glyph's
//! position is rounded to 1/[`STEPS`] of a pixel, so the drawing is the same whatever was drawn
//! before it, on any thread: a card's pixels depend on its SVG alone.

use resvg::tiny_skia::{self, Transform};
use resvg::usvg::{self, fontdb};
use skrifa::MetadataProvider;
use skrifa::outline::{DrawSettings, OutlinePen};
use std::cell::RefCell;
use std::collections::HashMap;

/// Sub-pixel positions per pixel, in each direction.
const STEPS: f32 = 4.0;

/// A glyph of a font at one scale and sub-pixel offset.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct Key {
    font: fontdb::ID,
    glyph: u32,
    sx: u32,
    sy: u32,
    fx: u8,
    fy: u8,
    even_odd: bool,
}

/// A glyph's coverage, `width` x `height`, whose top-left pixel is at (`left`, `top`) from the
/// glyph's whole-pixel origin, without rows of no coverage above or below; and per row, the
/// columns from its first covered pixel to its last.
pub struct Mask {
    left: i32,
    top: i32,
    width: usize,
    coverage: Vec<u8>,
    spans: Vec<(u16, u16)>,
}

/// Rows of a canvas.
pub type Rows = std::ops::Range<usize>;

/// A row of a mask on the canvas: the canvas row, the first column it covers there, and its
/// coverage from that column on.
pub struct Covered<'a> {
    pub row: usize,
    pub x: usize,
    pub coverage: &'a [u8],
}

impl Mask {
    /// The rows of the canvas the mask touches on a canvas of `size` when its top-left pixel is
    /// at `at`, and each of its rows there (see [`Covered`]); `None` when it is off the canvas.
    pub fn rows(&self, size: (i32, i32), (x, y): (i32, i32)) -> Option<(Rows, impl Iterator<Item = Covered<'_>>)> {
        let (w, h) = (self.width as i32, (self.coverage.len() / self.width.max(1)) as i32);
        // the part of the mask on the canvas
        let (c0, c1) = ((-x).max(0), w.min(size.0 - x));
        let (r0, r1) = ((-y).max(0), h.min(size.1 - y));
        if c0 >= c1 || r0 >= r1 {
            return None;
        }
        let rows = (r0..r1).filter_map(move |row| {
            // the covered columns of the row that are on the canvas
            let (first, last) = self.spans[row as usize];
            let (from, to) = (c0.max(i32::from(first)), c1.min(i32::from(last)));
            (from < to).then(|| Covered {
                row: (y + row) as usize,
                x: (x + from) as usize,
                coverage: &self.coverage[(row * w + from) as usize..(row * w + to) as usize],
            })
        });
        Some(((y + r0) as usize..(y + r1) as usize, rows))
    }
}

thread_local! {
    static CACHE: RefCell<HashMap<Key, Option<Mask>>> = RefCell::new(HashMap::new());
}

/// Draws `text` onto `pixmap` under `ts` from the glyph cache, marking the rows it paints in
/// `painted`; `false` (and nothing drawn) when the text needs `resvg` (see the module docs).
pub fn draw(
    text: &usvg::Text,
    ts: Transform,
    db: &fontdb::Database,
    pixmap: &mut tiny_skia::PixmapMut,
    painted: &mut [bool],
) -> bool {
    if !simple(text, ts) {
        return false;
    }
    for span in text.layouted() {
        let Some(fill) = &span.fill else { continue };
        let usvg::Paint::Color(c) = fill.paint() else { continue };
        let glyphs = span.positioned_glyphs.iter().map(|g| (g.font, g.id.0, g.outline_transform()));
        let even_odd = fill.rule() == usvg::FillRule::EvenOdd;
        let paint = Paint { color: [c.red, c.green, c.blue], opacity: fill.opacity().to_u8(), even_odd };
        draw_glyphs(glyphs, paint, ts, db, pixmap, painted);
    }
    true
}

/// How glyphs are filled: a colour, an opacity (0-255), and the fill rule.
pub struct Paint {
    pub color: [u8; 3],
    pub opacity: u8,
    pub even_odd: bool,
}

/// Draws `glyphs` (their fonts in `db`, their ids and outline transforms) under `ts` onto
/// `pixmap` from the glyph cache, marking the rows it paints in `painted`.
pub fn draw_glyphs(
    glyphs: impl Iterator<Item = (fontdb::ID, u32, Transform)>,
    paint: Paint,
    ts: Transform,
    db: &fontdb::Database,
    pixmap: &mut tiny_skia::PixmapMut,
    painted: &mut [bool],
) {
    let (width, height) = (pixmap.width() as i32, pixmap.height() as i32);
    let data = pixmap.data_mut();
    let opacity = u16::from(paint.opacity);
    each_mask(glyphs, paint.even_odd, ts, db, |m, at| {
        if let Some(rows) = blend(data, (width, height), m, at, paint.color, opacity) {
            painted[rows].fill(true);
        }
    });
}

/// Calls `f` with the cached coverage of each of `glyphs` under `ts` and where its top-left
/// pixel goes on the canvas (glyphs without an outline have none).
pub fn each_mask(
    glyphs: impl Iterator<Item = (fontdb::ID, u32, Transform)>,
    even_odd: bool,
    ts: Transform,
    db: &fontdb::Database,
    mut f: impl FnMut(&Mask, (i32, i32)),
) {
    CACHE.with_borrow_mut(|cache| {
        for (font, glyph, outline) in glyphs {
            let t = ts.pre_concat(outline);
            let (qx, qy) = ((t.tx * STEPS).round(), (t.ty * STEPS).round());
            let key = Key {
                font,
                glyph,
                sx: t.sx.to_bits(),
                sy: t.sy.to_bits(),
                fx: qx.rem_euclid(STEPS) as u8,
                fy: qy.rem_euclid(STEPS) as u8,
                even_odd,
            };
            if let Some(m) = cache.entry(key).or_insert_with(|| rasterise(db, &key)) {
                f(m, (qx.div_euclid(STEPS) as i32 + m.left, qy.div_euclid(STEPS) as i32 + m.top));
            }
        }
    });
}

/// Can the glyph cache draw `text` as `resvg` would: filled with a plain colour, anti-aliased, no
/// stroke or decorations, glyphs scaled and moved but not rotated or skewed?
pub fn simple(text: &usvg::Text, ts: Transform) -> bool {
    text.rendering_mode() != usvg::TextRendering::OptimizeSpeed
        && text.layouted().iter().all(|s| {
            s.visible
                && s.stroke.is_none()
                && s.underline.is_none()
                && s.overline.is_none()
                && s.line_through.is_none()
                && s.fill.as_ref().is_none_or(|f| matches!(f.paint(), usvg::Paint::Color(_)))
                && s.positioned_glyphs.iter().all(|g| {
                    let t = ts.pre_concat(g.outline_transform());
                    t.kx == 0.0
                        && t.ky == 0.0
                        && t.sx.is_finite()
                        && t.sy.is_finite()
                        && t.tx.is_finite()
                        && t.ty.is_finite()
                })
        })
}

/// The coverage of the glyph `key`, `None` for a glyph without an outline (a space).
fn rasterise(db: &fontdb::Database, key: &Key) -> Option<Mask> {
    let path = super::fonts::with_outlines(db, key.font, |data, index| outline(data, index, key.glyph))??;
    let ts = Transform::from_row(
        f32::from_bits(key.sx),
        0.0,
        0.0,
        f32::from_bits(key.sy),
        f32::from(key.fx) / STEPS,
        f32::from(key.fy) / STEPS,
    );
    let path = path.transform(ts)?;
    let b = path.bounds();
    let (left, top) = (b.left().floor() as i32 - 1, b.top().floor() as i32 - 1);
    let (right, bottom) = (b.right().ceil() as i32 + 1, b.bottom().ceil() as i32 + 1);
    let mut mask = tiny_skia::Mask::new((right - left) as u32, (bottom - top) as u32)?;
    let rule = if key.even_odd { tiny_skia::FillRule::EvenOdd } else { tiny_skia::FillRule::Winding };
    mask.fill_path(&path, rule, true, Transform::from_translate(-left as f32, -top as f32));
    let width = mask.width() as usize;
    let coverage = mask.take();
    let spans: Vec<(u16, u16)> = coverage
        .chunks_exact(width)
        .map(|row| match (row.iter().position(|&c| c > 0), row.iter().rposition(|&c| c > 0)) {
            (Some(first), Some(last)) => (first as u16, last as u16 + 1),
            _ => (0, 0),
        })
        .collect();
    // the rows of no coverage above and below the glyph go
    let first = spans.iter().position(|s| s.0 < s.1)?;
    let last = spans.iter().rposition(|s| s.0 < s.1)? + 1;
    Some(Mask {
        left,
        top: top + first as i32,
        width,
        coverage: coverage[first * width..last * width].to_vec(),
        spans: spans[first..last].to_vec(),
    })
}

/// The outline of glyph `glyph` of a font, in font units, as `usvg` reads it (unhinted).
fn outline(data: &[u8], index: u32, glyph: u32) -> Option<tiny_skia::Path> {
    let font = skrifa::FontRef::from_index(data, index).ok()?;
    let outline = font.outline_glyphs().get(skrifa::GlyphId::new(glyph))?;
    let mut pen = Pen(tiny_skia::PathBuilder::new());
    let location = font.axes().location::<[(skrifa::Tag, f32); 0]>([]);
    outline.draw(DrawSettings::unhinted(skrifa::instance::Size::unscaled(), &location), &mut pen).ok()?;
    pen.0.finish()
}

struct Pen(tiny_skia::PathBuilder);

impl OutlinePen for Pen {
    fn move_to(&mut self, x: f32, y: f32) {
        self.0.move_to(x, y);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.0.line_to(x, y);
    }
    fn quad_to(&mut self, cx0: f32, cy0: f32, x: f32, y: f32) {
        self.0.quad_to(cx0, cy0, x, y);
    }
    fn curve_to(&mut self, cx0: f32, cy0: f32, cx1: f32, cy1: f32, x: f32, y: f32) {
        self.0.cubic_to(cx0, cy0, cx1, cy1, x, y);
    }
    fn close(&mut self) {
        self.0.close();
    }
}

/// `x / 255`, rounded, for `x` up to 255 * 255 (which keeps every step within 16 bits).
fn div255_16(x: u16) -> u16 {
    (x + 128 + ((x + 128) >> 8)) >> 8
}

/// Source-over of `color` at `opacity` (0-255) through the coverage `m`, whose top-left pixel goes
/// at `at`, onto premultiplied RGBA pixels `data` of `size`; the rows it touched.
fn blend(
    data: &mut [u8],
    size: (i32, i32),
    m: &Mask,
    at: (i32, i32),
    color: [u8; 3],
    opacity: u16,
) -> Option<std::ops::Range<usize>> {
    let (touched, rows) = m.rows(size, at)?;
    let src = [u16::from(color[0]), u16::from(color[1]), u16::from(color[2]), 255];
    for Covered { row, x, coverage: cov } in rows {
        let start = (row * size.0 as usize + x) * 4;
        let pixels = &mut data[start..start + cov.len() * 4];
        // without branches, so that it runs on vectors: a coverage of 0 gives the pixel back as it
        // was, and a full one the colour itself
        for (p, &c) in pixels.chunks_exact_mut(4).zip(cov) {
            let a = coverage_alpha(c, opacity);
            for (d, s) in p.iter_mut().zip(src) {
                *d = over(s, a, *d);
            }
        }
    }
    Some(touched)
}

/// The alpha of a pixel of coverage `c` filled at `opacity` (both 0-255).
#[inline]
pub fn coverage_alpha(c: u8, opacity: u16) -> u16 {
    div255_16(u16::from(c) * opacity)
}

/// One channel of source `s` at alpha `a` over `d`.
#[inline]
pub fn over(s: u16, a: u16, d: u8) -> u8 {
    div255_16(s * a + u16::from(d) * (255 - a)) as u8
}

#[cfg(test)]
mod tests {
    use crate::cards::raster;
    use resvg::tiny_skia;

    #[test]
    fn cached_glyphs_look_like_the_glyphs_resvg_fills() {
        let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1200\" height=\"630\" font-family=\"DejaVu Sans\">\
            <text x=\"80.4\" y=\"200\" font-size=\"60\" font-weight=\"bold\" fill=\"#0b6e4f\">Rivers are for everyone</text>\
            <text x=\"80\" y=\"300\" font-size=\"28\" fill=\"#111\" fill-opacity=\"0.8\">Ωμέγα Щука Ñandú, 42 km</text></svg>";
        let tree = raster::parse(svg).unwrap();
        let mut ours = raster::canvas().unwrap();
        raster::draw(&tree, &mut ours);
        // resvg fills the outlines of the full fonts
        let mut theirs = raster::canvas().unwrap();
        resvg::render(&raster::parse_full(svg).unwrap(), tiny_skia::Transform::identity(), &mut theirs.as_mut());
        let (mut inked, mut off) = (0u64, 0u64);
        for (a, b) in ours.data().iter().zip(theirs.data()) {
            inked += u64::from(255 - b.min(a));
            off += u64::from(a.abs_diff(*b));
        }
        assert!(inked > 1_000_000, "the text is drawn");
        assert!(off * 30 < inked, "{off} of {inked} differs");
    }

    #[test]
    fn text_the_glyph_cache_does_not_draw_is_drawn_from_the_full_fonts() {
        // a stroke, and a rotated text: resvg draws them, from the fonts' own outlines
        for text in [
            "<text x=\"80\" y=\"200\" font-size=\"60\" fill=\"#0b6e4f\" stroke=\"#111\">Rivers</text>",
            "<text x=\"80\" y=\"200\" font-size=\"60\" fill=\"#0b6e4f\" transform=\"rotate(10)\">Rivers</text>",
        ] {
            let svg = format!(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1200\" height=\"630\" font-family=\"DejaVu Sans\">{text}</svg>"
            );
            let mut ours = raster::canvas().unwrap();
            raster::draw(&raster::parse(&svg).unwrap(), &mut ours);
            let mut theirs = raster::canvas().unwrap();
            resvg::render(&raster::parse_full(&svg).unwrap(), tiny_skia::Transform::identity(), &mut theirs.as_mut());
            assert!(ours.data() == theirs.data(), "{text}");
            assert!(ours.data().iter().any(|&b| b < 128), "{text} is drawn");
        }
    }
}
