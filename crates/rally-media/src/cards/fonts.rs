//! The font databases cards are drawn with: the fonts shipped inside the binary (see
//! `rally_render::cards::fonts`, which measures text with the same files), loaded once, on first
//! use, for `usvg` (which lays the text out).
//!
//! `usvg` turns every glyph of a text into a path as it parses, which the glyph cache (see
//! [`super::glyphs`]) never draws: it fills each glyph once from the font's own outline. So cards
//! are parsed with [`layout`]: the same fonts, every table kept but for each glyph's outline,
//! which is its bounding box, a rectangle of four points. Layout (shaping, metrics, bounding
//! boxes) is the same, and the paths `usvg` makes cost little. A card that needs `usvg`'s own
//! paths (text the glyph cache does not draw, an SVG picture inside it) is parsed with [`full`].

use std::sync::{Arc, LazyLock};

use rally_render::cards::fonts::{BOLD, FAMILY, REGULAR, SERIF_BOLD, SERIF_FAMILY};
use resvg::usvg::fontdb::{Database, ID};

const SHIPPED: [&[u8]; 3] = [REGULAR, BOLD, SERIF_BOLD];

/// The database with the shipped fonts as they are: only those, whatever the machine has.
pub fn full() -> Arc<Database> {
    static DB: LazyLock<Arc<Database>> = LazyLock::new(|| Arc::new(database(SHIPPED.map(<[u8]>::to_vec))));
    Arc::clone(&DB)
}

/// The database with the shipped fonts whose glyph outlines are their bounding boxes (see the
/// module docs).
pub fn layout() -> Arc<Database> {
    Arc::clone(&LAYOUT.0)
}

/// Calls `f` with the font file (and the face's index in it) whose outlines face `id` of `db`
/// has: for a face of the layout database, the shipped file it was made from.
pub fn with_outlines<T>(db: &Database, id: ID, f: impl FnOnce(&[u8], u32) -> T) -> Option<T> {
    db.with_face_data(id, |data, index| {
        // the layout database's files are known by where they are in memory (a database made
        // from another, as `usvg` may make, shares them)
        match LAYOUT.1.iter().find(|(layout, _)| layout.as_ptr() == data.as_ptr()) {
            Some(&(_, real)) => f(real, index),
            None => f(data, index),
        }
    })
}

/// The file of face `id` of the layout database.
pub fn layout_file(id: ID) -> Option<&'static [u8]> {
    let at = LAYOUT.0.with_face_data(id, |data, _| data.as_ptr())?;
    LAYOUT.1.iter().find(|(layout, _)| layout.as_ptr() == at).map(|&(layout, _)| layout)
}

/// A file of the layout database, and the shipped file it was made from.
type Made = (&'static [u8], &'static [u8]);

/// The layout database, and its files (made once, for the life of the process).
static LAYOUT: LazyLock<(Arc<Database>, Vec<Made>)> = LazyLock::new(|| {
    let files: Vec<Made> = SHIPPED
        .iter()
        .map(|&real| {
            let layout: &'static [u8] =
                Box::leak(boxes_for_outlines(real).unwrap_or_else(|| real.to_vec()).into_boxed_slice());
            (layout, real)
        })
        .collect();
    let mut db = Database::new();
    for &(layout, _) in &files {
        db.load_font_source(resvg::usvg::fontdb::Source::Binary(Arc::new(layout)));
    }
    name_families(&mut db);
    (Arc::new(db), files)
});

fn database(files: [Vec<u8>; 3]) -> Database {
    let mut db = Database::new();
    for file in files {
        db.load_font_data(file);
    }
    name_families(&mut db);
    db
}

/// The shipped families are the database's sans-serif and serif.
fn name_families(db: &mut Database) {
    db.set_sans_serif_family(FAMILY);
    db.set_serif_family(SERIF_FAMILY);
}

/// The TrueType font `font` with each glyph's outline replaced by its bounding box (glyphs
/// without one stay empty); `None` if it is not a TrueType font with outlines.
fn boxes_for_outlines(font: &[u8]) -> Option<Vec<u8>> {
    let u16_at = |at: usize| Some(u16::from_be_bytes(font.get(at..at + 2)?.try_into().ok()?));
    let u32_at = |at: usize| Some(u32::from_be_bytes(font.get(at..at + 4)?.try_into().ok()?));
    let tables = usize::from(u16_at(4)?);
    let records: Vec<([u8; 4], usize, usize)> = (0..tables)
        .map(|i| {
            let at = 12 + 16 * i;
            let tag: [u8; 4] = font.get(at..at + 4)?.try_into().ok()?;
            Some((tag, u32_at(at + 8)? as usize, u32_at(at + 12)? as usize))
        })
        .collect::<Option<_>>()?;
    let table = |tag: &[u8; 4]| records.iter().find(|r| &r.0 == tag).and_then(|&(_, o, l)| font.get(o..o + l));
    let (head, loca, glyf, maxp) = (table(b"head")?, table(b"loca")?, table(b"glyf")?, table(b"maxp")?);
    let glyphs = usize::from(u16::from_be_bytes(maxp.get(4..6)?.try_into().ok()?));
    let long = head.get(50..52)? == [0, 1];
    let offset = |g: usize| -> Option<usize> {
        if long {
            Some(u32::from_be_bytes(loca.get(4 * g..4 * g + 4)?.try_into().ok()?) as usize)
        } else {
            Some(2 * usize::from(u16::from_be_bytes(loca.get(2 * g..2 * g + 2)?.try_into().ok()?)))
        }
    };
    let (mut new_glyf, mut new_loca) = (Vec::new(), Vec::with_capacity(4 * (glyphs + 1)));
    for g in 0..glyphs {
        new_loca.extend_from_slice(&(new_glyf.len() as u32).to_be_bytes());
        let (start, end) = (offset(g)?, offset(g + 1)?);
        if end < start + 10 {
            continue;
        }
        let b = |i: usize| Some(i16::from_be_bytes(glyf.get(start + i..start + i + 2)?.try_into().ok()?));
        let (x0, y0, x1, y1) = (b(2)?, b(4)?, b(6)?, b(8)?);
        if x0 >= x1 || y0 >= y1 {
            continue;
        }
        // one contour of four points on the curve, coordinates as 16-bit steps
        for v in [1, x0, y0, x1, y1, 3, 0] {
            new_glyf.extend_from_slice(&v.to_be_bytes());
        }
        new_glyf.extend_from_slice(&[1, 1, 1, 1]);
        for v in [x0, x1 - x0, 0, x0 - x1, y0, 0, y1 - y0, 0] {
            new_glyf.extend_from_slice(&v.to_be_bytes());
        }
    }
    new_loca.extend_from_slice(&(new_glyf.len() as u32).to_be_bytes());
    let mut new_head = head.to_vec();
    new_head[50..52].copy_from_slice(&[0, 1]);
    // the font again, its tables in the same order, each at a 4-byte boundary
    let mut out = font.get(..12 + 16 * tables)?.to_vec();
    for (i, (tag, _, _)) in records.iter().enumerate() {
        let data: &[u8] = match tag {
            b"glyf" => &new_glyf,
            b"loca" => &new_loca,
            b"head" => &new_head,
            _ => table(tag)?,
        };
        while out.len() % 4 != 0 {
            out.push(0);
        }
        let at = 12 + 16 * i;
        let sum = data.chunks(4).fold(0u32, |s, c| {
            let mut word = [0u8; 4];
            word[..c.len()].copy_from_slice(c);
            s.wrapping_add(u32::from_be_bytes(word))
        });
        out[at + 4..at + 8].copy_from_slice(&sum.to_be_bytes());
        let start = out.len() as u32;
        out[at + 8..at + 12].copy_from_slice(&start.to_be_bytes());
        out[at + 12..at + 16].copy_from_slice(&(data.len() as u32).to_be_bytes());
        out.extend_from_slice(data);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use skrifa::MetadataProvider;
    use skrifa::raw::TableProvider;

    #[test]
    fn layout_fonts_keep_every_glyph_its_box_and_metrics() {
        for file in SHIPPED {
            let boxes = boxes_for_outlines(file).expect("a TrueType font");
            let (real, layout) = (skrifa::FontRef::new(file).unwrap(), skrifa::FontRef::new(&boxes).unwrap());
            let size = skrifa::instance::Size::unscaled();
            let location = skrifa::instance::LocationRef::default();
            let (rm, lm) = (real.glyph_metrics(size, location), layout.glyph_metrics(size, location));
            let count = real.maxp().map(|m| m.num_glyphs()).unwrap();
            assert_eq!(layout.maxp().map(|m| m.num_glyphs()).unwrap(), count);
            let mut boxed = 0;
            for g in 0..count {
                let g = skrifa::GlyphId::new(u32::from(g));
                assert_eq!(rm.advance_width(g), lm.advance_width(g));
                assert_eq!(rm.bounds(g), lm.bounds(g), "glyph {g:?}");
                boxed += usize::from(lm.bounds(g).is_some());
            }
            assert!(boxed > 100, "{boxed} glyphs with an outline");
        }
    }
}
