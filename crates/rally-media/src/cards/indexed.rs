//! Cards whose own elements are all texts laid out by [`super::text`], over a base layer of flat
//! colours (see [`super::layers`]): most cards of a site (an update's date, title and
//! description). They are drawn straight into palette indices, never as RGBA pixels: the canvas
//! is the base's indices, and a glyph's pixel of coverage `c` over a pixel of index `i` becomes
//! the index of the colour `c` gives over `i`'s colour, worked out once per card for each such
//! pair and the text's paint. The colour is the one RGBA drawing gives (see [`super::glyphs`]), so
//! the pixels are the same; the palette is the base's colours, then the card's new ones in the
//! order they were made. No pixel is read back to find its colour, and the rows the card shares
//! with its base cost what they cost over RGBA (see [`super::flat`]).

use super::deflate::Zlib;
use super::flat::{self, Table, key};
use super::glyphs;
use super::raster::{HEIGHT, Layer, MAX_BYTES, WIDTH};
use super::text::Laid;
use resvg::tiny_skia::Transform;
use std::cell::RefCell;

/// A thread's canvas of palette indices: the base layer it was last cleared to (`None`: not a
/// known state), and the rows drawn over it since, which alone are cleared for the next card over
/// the same base.
struct Canvas {
    indices: Vec<u8>,
    cleared_to: Option<u64>,
    painted: Vec<bool>,
}

thread_local! {
    static CANVAS: RefCell<Option<Canvas>> = const { RefCell::new(None) };
}

/// No index worked out yet.
const NONE: u16 = u16::MAX;

/// The PNG of `texts` drawn over `base` in its palette, or `None` when the base is not of flat
/// colours, the card has more than 256, or its file would weigh more than [`MAX_BYTES`] (it is
/// then drawn as RGBA).
pub fn png(texts: &[&Laid], base: &Layer) -> Option<Vec<u8>> {
    let indexed = base.indexed.as_ref()?;
    let (width, height) = (WIDTH as usize, HEIGHT as usize);
    CANVAS.with_borrow_mut(|kept| {
        let c = kept.get_or_insert_with(|| Canvas {
            indices: vec![0; width * height],
            cleared_to: None,
            painted: vec![true; height],
        });
        let all = c.cleared_to != Some(base.serial);
        for (row, line) in c.indices.chunks_exact_mut(width).enumerate() {
            if all || c.painted[row] {
                line.copy_from_slice(indexed.row(row));
            }
        }
        // until the card is drawn, the canvas is in no known state
        c.cleared_to = None;
        c.painted.fill(false);
        // the base's colours keep their indices
        let mut table = Table::new();
        for (i, &[r, g, b]) in indexed.colours().iter().enumerate() {
            if usize::from(table.index_of(key([r, g, b, 255]))?) != i {
                return None;
            }
        }
        let layout = super::fonts::layout();
        for laid in texts {
            draw(laid, &layout, c, &mut table)?;
        }
        c.cleared_to = Some(base.serial);
        // The file's palette is the card's colours in the order they first appear, as a card
        // drawn in RGBA has it (see `super::flat::write_rows`): its bytes are the same whichever
        // way it was drawn. So each index is written as its colour's place in that order.
        let mut order = Order {
            indices: &c.indices,
            colours: &table.colours,
            place: [NONE; 256],
            palette: Vec::with_capacity(3 * table.colours.len()),
        };
        let mut z = Zlib::new();
        flat::write_rows((width, height), Some((indexed, &c.painted)), &mut order, &mut z)?;
        let png = flat::file((WIDTH, HEIGHT), &order.palette, &z.finish());
        (png.len() <= MAX_BYTES).then_some(png)
    })
}

/// The places of the canvas's indices (of `colours`) in the order their colours first appear,
/// and the palette in that order.
struct Order<'a> {
    indices: &'a [u8],
    colours: &'a [[u8; 3]],
    place: [u16; 256],
    palette: Vec<u8>,
}

impl Order<'_> {
    /// Index `i` put next in the palette; its place.
    #[cold]
    fn add(&mut self, i: u8) -> u16 {
        self.palette.extend_from_slice(&self.colours[usize::from(i)]);
        (self.palette.len() / 3 - 1) as u16
    }
}

impl flat::Places for Order<'_> {
    /// The base's colours keep their indices on the canvas.
    fn base(&mut self, i: u8, _: [u8; 3]) -> Option<u8> {
        if self.place[usize::from(i)] == NONE {
            self.place[usize::from(i)] = self.add(i);
        }
        Some(self.place[usize::from(i)] as u8)
    }

    fn row(&mut self, row: usize, _: Option<&[u8]>, out: &mut [u8]) -> Option<()> {
        let width = out.len();
        // in a copy of the places the loop alone sees, which it keeps in registers and cache
        let mut place = self.place;
        for (p, &i) in out.iter_mut().zip(&self.indices[row * width..(row + 1) * width]) {
            let mut k = place[usize::from(i)];
            if k == NONE {
                k = self.add(i);
                place[usize::from(i)] = k;
            }
            *p = k as u8;
        }
        self.place = place;
        Some(())
    }
}

/// Draws `laid` onto the canvas `c`, adding the colours it makes to `table`; `None` past 256.
#[inline(never)]
fn draw(laid: &Laid, layout: &resvg::usvg::fontdb::Database, c: &mut Canvas, table: &mut Table) -> Option<()> {
    let (width, height) = (WIDTH as usize, HEIGHT as usize);
    let opacity = u16::from(laid.opacity);
    let src = laid.color.map(u16::from);
    // per index under the text, where its row of indices by coverage is in `over`
    let mut row_of = [NONE; 256];
    let mut over: Vec<[u16; 256]> = Vec::new();
    let mut full = false;
    let glyphs = laid.glyphs.iter().map(|g| (g.font, g.glyph, g.outline));
    // a plain root (see `super::layers::Split`): the card's size, so no scaling
    let ts = Transform::from_scale(1.0, 1.0);
    glyphs::each_mask(glyphs, false, ts, layout, |m, at| {
        let Some((touched, rows)) = m.rows((width as i32, height as i32), at) else { return };
        if full {
            return;
        }
        c.painted[touched].fill(true);
        for glyphs::Covered { row, x, coverage: cov } in rows {
            let start = row * width + x;
            for (i, &coverage) in c.indices[start..start + cov.len()].iter_mut().zip(cov) {
                let under = usize::from(*i);
                if row_of[under] == NONE {
                    row_of[under] = over.len() as u16;
                    over.push([NONE; 256]);
                }
                let slot = &mut over[usize::from(row_of[under])][usize::from(coverage)];
                if *slot == NONE {
                    let a = glyphs::coverage_alpha(coverage, opacity);
                    let [r, g, b] = table.colours[under];
                    let colour = [glyphs::over(src[0], a, r), glyphs::over(src[1], a, g), glyphs::over(src[2], a, b)];
                    let Some(index) = table.index_of(key([colour[0], colour[1], colour[2], 255])) else {
                        full = true;
                        return;
                    };
                    *slot = u16::from(index);
                }
                *i = *slot as u8;
            }
        }
    });
    (!full).then_some(())
}

#[cfg(test)]
mod tests {
    use crate::cards::layers::{Part, Plan, Split};
    use crate::cards::raster;

    fn card(date: &str, title: [&str; 2], overlap: bool) -> String {
        let again = if overlap {
            format!("<text x=\"83\" y=\"293\" font-size=\"60\" fill=\"#f2a541\">{}</text>", title[0])
        } else {
            String::new()
        };
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1200\" height=\"630\" viewBox=\"0 0 1200 630\" font-family=\"DejaVu Sans\">\n\
             <rect width=\"1200\" height=\"630\" fill=\"#0b6e4f\"/>\n\
             <circle cx=\"1130\" cy=\"70\" r=\"260\" fill=\"#fff\" fill-opacity=\"0.06\"/>\n\
             <text x=\"80\" y=\"99\" font-size=\"30\" font-weight=\"bold\" fill=\"#fff\">River Commons</text>\n\
             <text x=\"80\" y=\"574\" font-size=\"24\" fill=\"#fff\" fill-opacity=\"0.8\">rivercommons.example</text>\n\
             <rect x=\"80\" y=\"594\" width=\"96\" height=\"8\" rx=\"4\" fill=\"#f2a541\"/>\n\
             <text x=\"80\" y=\"190\" font-size=\"26\" font-weight=\"bold\" fill=\"#f2a541\">{date}</text>\n\
             <text font-size=\"60\" font-weight=\"bold\" fill=\"#fff\"><tspan x=\"80\" y=\"290\">{}</tspan><tspan x=\"80\" y=\"362\">{}</tspan></text>\n\
             {again}\
             <text x=\"1120\" y=\"480\" font-size=\"28\" text-anchor=\"end\" fill=\"#fff\" fill-opacity=\"0.88\">A description, at the end</text>\n\
             </svg>",
            title[0], title[1]
        )
    }

    #[test]
    fn texts_drawn_in_the_palette_are_the_card_drawn_in_rgba_byte_for_byte() {
        let svgs = [
            card("12 March 2026", ["Otters return to", "the Kell"], false),
            card("1 April 2026", ["WAVE: AV To Ta", "Ωμέγα Щука Ñandú"], false),
            // a text over another: pixels drawn twice
            card("2 April 2026", ["Drawn twice", "over itself"], true),
        ];
        let splits: Vec<Option<Split>> = svgs.iter().map(|s| Split::of(s)).collect();
        let plan = Plan::new(&splits);
        for (i, svg) in svgs.iter().enumerate() {
            let (b, from) = plan.base_of(i).expect("a base");
            let split = splits[i].as_ref().unwrap();
            let (_, parts) = split.parts(from, split.len()).expect("texts laid out here");
            let texts: Vec<_> = parts
                .iter()
                .map(|p| match p {
                    Part::Text(t) => t,
                    Part::Group(_) => panic!("card {i}: only texts"),
                })
                .collect();
            let base = plan.pixels(b).unwrap();
            assert!(base.indexed.is_some(), "card {i}: a base of flat colours");
            let png = super::png(&texts, &base).unwrap_or_else(|| panic!("card {i} drawn in the palette"));
            assert!(png == raster::png(svg).unwrap(), "card {i} differs");
        }
    }
}
