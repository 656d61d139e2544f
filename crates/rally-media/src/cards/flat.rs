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

/// A picture's pixels as indices into its own colours, with the colours each row shows first and
/// where each row differs from the row above it.
pub struct Indexed {
    width: usize,
    indices: Vec<u8>,
    /// RGB of each index.
    colours: Vec<[u8; 3]>,
    /// Per row: the indices of the colours in the order they first appear in the row.
    firsts: Vec<Vec<u8>>,
    /// The columns where a row differs from the row above it: row `r`'s are
    /// `changes[starts[r]..starts[r + 1]]` (row 0's are empty: nothing is above it).
    changes: Vec<u16>,
    starts: Vec<usize>,
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
        let (mut changes, mut starts) = (Vec::new(), vec![0, 0]);
        for (above, row) in indices.chunks_exact(width).zip(indices.chunks_exact(width).skip(1)) {
            changes.extend((0..width).filter(|&x| above[x] != row[x]).map(|x| x as u16));
            starts.push(changes.len());
        }
        Some(Indexed { width, indices, colours: table.colours, firsts, changes, starts })
    }

    fn row(&self, r: usize) -> &[u8] {
        &self.indices[r * self.width..(r + 1) * self.width]
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

    /// The index of the colour `key` (a pixel's RGB with alpha 255, little-endian), added if new;
    /// `None` past 256 colours.
    fn index_of(&mut self, key: u32) -> Option<u8> {
        let mut slot = (key.wrapping_mul(0x9E37_79B1) >> 22) as usize;
        while self.keys[slot] != key {
            if self.keys[slot] == 0 {
                if self.colours.len() == 256 {
                    return None;
                }
                self.keys[slot] = key;
                self.index[slot] = self.colours.len() as u8;
                let [r, g, b, _] = key.to_le_bytes();
                self.colours.push([r, g, b]);
                break;
            }
            slot = (slot + 1) % SLOTS;
        }
        Some(self.index[slot])
    }

    /// Writes the indices of the RGBA pixels `line` into `out`.
    fn scan(&mut self, line: &[u8], out: &mut [u8]) -> Option<()> {
        // the colour of the current run and its index (0 is no colour: keys have alpha 255)
        let (mut last, mut last_index) = (0u32, 0u8);
        for (is, bytes) in out.chunks_mut(RUN).zip(line.chunks(RUN * 4)) {
            let mut words = [0u32; RUN];
            for (w, p) in words.iter_mut().zip(bytes.chunks_exact(4)) {
                *w = u32::from_le_bytes([p[0], p[1], p[2], p[3]]) | 0xff00_0000;
            }
            // most pixels continue a run of one colour
            if is.len() == RUN && words.iter().fold(true, |all, &w| all & (w == last)) {
                is.fill(last_index);
                continue;
            }
            for (i, &w) in is.iter_mut().zip(&words) {
                if w != last {
                    last_index = self.index_of(w)?;
                    last = w;
                }
                *i = last_index;
            }
        }
        Some(())
    }
}

/// Fills `rows` with the `Up`-filtered rows of palette indices of `pixmap` and returns the
/// palette (RGB), or `None` past 256 colours.
///
/// Over a base layer, a row the card did not paint is the base's row with the base's indices
/// mapped to the card's; when the row above it is the base's too, its filtered bytes are zero but
/// where the base's row differs from the one above, so only those columns are written.
fn filtered_indices(pixmap: &Pixmap, over: Option<(&Indexed, &[bool])>, rows: &mut Vec<u8>) -> Option<Vec<u8>> {
    let width = pixmap.width() as usize;
    let mut table = Table::new();
    // every byte is written below
    rows.resize((width + 1) * pixmap.height() as usize, 0);
    let mut prev = vec![0u8; width];
    let mut cur = vec![0u8; width];
    // whether `prev` holds the row above (else that row is the base's, not mapped yet)
    let mut prev_held = true;
    // the index in this picture of each of the base's colours met so far
    let mut mapped = [0u8; 256];
    let mut met = [false; 256];
    let lines = pixmap.data().chunks_exact(width * 4).zip(rows.chunks_exact_mut(width + 1));
    for (row, (line, out)) in lines.enumerate() {
        out[0] = 2; // Up
        match over {
            Some((base, painted)) if !painted[row] => {
                for &i in &base.firsts[row] {
                    if !std::mem::replace(&mut met[usize::from(i)], true) {
                        mapped[usize::from(i)] = table.index_of(colour_key(base.colours[usize::from(i)]))?;
                    }
                }
                if row > 0 && !painted[row - 1] {
                    let (above, here) = (base.row(row - 1), base.row(row));
                    out[1..].fill(0);
                    for &x in &base.changes[base.starts[row]..base.starts[row + 1]] {
                        let x = usize::from(x);
                        out[1 + x] = mapped[usize::from(here[x])].wrapping_sub(mapped[usize::from(above[x])]);
                    }
                    prev_held = false;
                    continue;
                }
                for (c, &l) in cur.iter_mut().zip(base.row(row)) {
                    *c = mapped[usize::from(l)];
                }
            }
            _ => table.scan(line, &mut cur)?,
        }
        if !prev_held && let Some((base, _)) = over {
            for (p, &l) in prev.iter_mut().zip(base.row(row - 1)) {
                *p = mapped[usize::from(l)];
            }
        }
        for ((o, c), p) in out[1..].iter_mut().zip(&cur).zip(&prev) {
            *o = c.wrapping_sub(*p);
        }
        std::mem::swap(&mut prev, &mut cur);
        prev_held = true;
    }
    Some(table.colours.concat())
}

/// The table's key of colour `rgb`.
fn colour_key(rgb: [u8; 3]) -> u32 {
    u32::from_le_bytes([rgb[0], rgb[1], rgb[2], 255])
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
