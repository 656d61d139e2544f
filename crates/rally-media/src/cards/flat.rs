//! The PNG of a card of flat colours: a palette of exactly its colours (in the order they first
//! appear, so the file depends on the pixels alone), one byte a pixel, rows `Up`-filtered and
//! deflated by `fdeflate`'s fast mode, which is made for such rows. One pass over the pixels finds
//! the colours and writes the filtered rows. Lossless; a few times faster and smaller than RGB at
//! the lightest deflate level.
//!
//! A card drawn over a base layer (see [`super::layers`]) has many rows that are the base's own:
//! those are not read again but mapped from the base's indices ([`Indexed`], made once per base).

use resvg::tiny_skia::Pixmap;
use std::cell::RefCell;

/// A picture's pixels as indices into its own colours, with the colours each row shows first.
pub struct Indexed {
    indices: Vec<u8>,
    /// RGB of each index.
    colours: Vec<[u8; 3]>,
    /// Per row: the indices of the colours in the order they first appear in the row.
    firsts: Vec<Vec<u8>>,
}

impl Indexed {
    /// `pixmap` (opaque) indexed, or `None` past 256 colours.
    pub fn of(pixmap: &Pixmap) -> Option<Indexed> {
        let width = pixmap.width() as usize;
        let mut table = Table::new();
        let mut indices = vec![0u8; width * pixmap.height() as usize];
        let mut firsts = Vec::with_capacity(pixmap.height() as usize);
        for (line, out) in pixmap.data().chunks_exact(width * 4).zip(indices.chunks_exact_mut(width)) {
            let mut seen = [false; 256];
            let mut first = Vec::new();
            table.scan(line, out)?;
            for &i in out.iter() {
                if !std::mem::replace(&mut seen[usize::from(i)], true) {
                    first.push(i);
                }
            }
            firsts.push(first);
        }
        Some(Indexed { indices, colours: table.colours, firsts })
    }
}

/// The PNG of `pixmap` (opaque: its alpha is not read), or `None` when it has more than 256
/// colours. With `over`, the rows not marked as painted are those of the indexed base layer.
pub fn png(pixmap: &Pixmap, over: Option<(&Indexed, &[bool])>) -> Option<Vec<u8>> {
    thread_local! {
        static ROWS: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    }
    ROWS.with_borrow_mut(|rows| {
        let palette = filtered_indices(pixmap, over, rows)?;
        let mut out = Vec::with_capacity(64 * 1024);
        out.extend_from_slice(b"\x89PNG\r\n\x1a\n");
        let mut ihdr = Vec::with_capacity(13);
        ihdr.extend_from_slice(&pixmap.width().to_be_bytes());
        ihdr.extend_from_slice(&pixmap.height().to_be_bytes());
        ihdr.extend_from_slice(&[8, 3, 0, 0, 0]); // 8 bits, palette, deflate, filters, no interlace
        chunk(&mut out, b"IHDR", &ihdr);
        chunk(&mut out, b"PLTE", &palette);
        let mut z = fdeflate::Compressor::new(Vec::with_capacity(64 * 1024)).ok()?;
        z.write_data(rows).ok()?;
        chunk(&mut out, b"IDAT", &z.finish().ok()?);
        chunk(&mut out, b"IEND", &[]);
        Some(out)
    })
}

fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let mut crc = crc32fast::Hasher::new();
    crc.update(kind);
    crc.update(data);
    out.extend_from_slice(&crc.finalize().to_be_bytes());
}

/// Pixels compared at once with the run they may continue.
const RUN: usize = 8;
/// Slots of the colour table.
const SLOTS: usize = 1024;

/// The colours found so far, in the order they were found, and an open-addressed table of them
/// (as RGBA words with alpha 255, so never 0, the empty slot) to their indices.
struct Table {
    keys: [u32; SLOTS],
    index: [u8; SLOTS],
    colours: Vec<[u8; 3]>,
}

impl Table {
    fn new() -> Table {
        Table { keys: [0; SLOTS], index: [0; SLOTS], colours: Vec::with_capacity(256) }
    }

    /// The index of colour `rgb`, added if new; `None` past 256 colours.
    fn index_of(&mut self, rgb: [u8; 3]) -> Option<u8> {
        let key = u32::from_le_bytes([rgb[0], rgb[1], rgb[2], 255]);
        let mut slot = (key.wrapping_mul(0x9E37_79B1) >> 22) as usize;
        while self.keys[slot] != key {
            if self.keys[slot] == 0 {
                if self.colours.len() == 256 {
                    return None;
                }
                self.keys[slot] = key;
                self.index[slot] = self.colours.len() as u8;
                self.colours.push(rgb);
                break;
            }
            slot = (slot + 1) % SLOTS;
        }
        Some(self.index[slot])
    }

    /// Writes the indices of the RGBA pixels `line` into `out`.
    fn scan(&mut self, line: &[u8], out: &mut [u8]) -> Option<()> {
        // the colour of the current run, repeated over RUN pixels, and its index
        let (mut last, mut run, mut last_index) = (None, [0u8; RUN * 4], 0u8);
        for (is, bytes) in out.chunks_mut(RUN).zip(line.chunks(RUN * 4)) {
            // most pixels continue a run of one colour (compared as arrays, not by `memcmp`)
            if last.is_some() && <&[u8; RUN * 4]>::try_from(bytes).is_ok_and(|b| *b == run) {
                is.fill(last_index);
                continue;
            }
            for (i, p) in is.iter_mut().zip(bytes.chunks_exact(4)) {
                let rgb = [p[0], p[1], p[2]];
                if last != Some(rgb) {
                    last_index = self.index_of(rgb)?;
                    last = Some(rgb);
                    for r in run.chunks_exact_mut(4) {
                        r.copy_from_slice(&[rgb[0], rgb[1], rgb[2], 255]);
                    }
                }
                *i = last_index;
            }
        }
        Some(())
    }
}

/// Fills `rows` with the `Up`-filtered rows of palette indices of `pixmap` and returns the
/// palette (RGB), or `None` past 256 colours.
fn filtered_indices(pixmap: &Pixmap, over: Option<(&Indexed, &[bool])>, rows: &mut Vec<u8>) -> Option<Vec<u8>> {
    let width = pixmap.width() as usize;
    let mut table = Table::new();
    // every byte is written below
    rows.resize((width + 1) * pixmap.height() as usize, 0);
    let mut prev = vec![0u8; width];
    let mut cur = vec![0u8; width];
    // the index of each of the base's colours in this picture, once met
    let mut mapped: [Option<u8>; 256] = [None; 256];
    let lines = pixmap.data().chunks_exact(width * 4).zip(rows.chunks_exact_mut(width + 1));
    for (row, (line, out)) in lines.enumerate() {
        match over {
            Some((base, painted)) if !painted[row] => {
                for &i in &base.firsts[row] {
                    if mapped[usize::from(i)].is_none() {
                        mapped[usize::from(i)] = Some(table.index_of(base.colours[usize::from(i)])?);
                    }
                }
                let local = &base.indices[row * width..(row + 1) * width];
                for (c, &l) in cur.iter_mut().zip(local) {
                    *c = mapped[usize::from(l)].unwrap_or_default();
                }
            }
            _ => table.scan(line, &mut cur)?,
        }
        out[0] = 2; // Up
        for ((o, c), p) in out[1..].iter_mut().zip(&cur).zip(&prev) {
            *o = c.wrapping_sub(*p);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    Some(table.colours.concat())
}

#[cfg(test)]
mod tests {
    use super::*;
    use resvg::tiny_skia::PremultipliedColorU8;

    #[test]
    fn a_flat_card_is_its_own_pixels_with_a_palette() {
        let mut pixmap = Pixmap::new(40, 3).unwrap();
        pixmap.fill(resvg::tiny_skia::Color::from_rgba8(9, 9, 9, 255));
        pixmap.pixels_mut()[41] = PremultipliedColorU8::from_rgba(200, 10, 0, 255).unwrap();
        let file = png(&pixmap, None).unwrap();
        let img = image::load_from_memory(&file).unwrap().to_rgba8();
        assert_eq!(img.as_raw(), pixmap.data());
        let mut many = Pixmap::new(300, 1).unwrap();
        for (i, p) in many.pixels_mut().iter_mut().enumerate() {
            *p = PremultipliedColorU8::from_rgba(i as u8, (i >> 8) as u8, 7, 255).unwrap();
        }
        assert!(png(&many, None).is_none(), "more than 256 colours");
    }
}
