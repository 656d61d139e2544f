//! The PNG of a card of flat colours: a palette of exactly its colours (in the order they first
//! appear, so the file depends on the pixels alone), one byte a pixel, rows `Up`-filtered and
//! deflated with codes made for the card (see [`super::deflate`]). One pass over the pixels finds
//! the colours and writes the filtered rows. Lossless; a few times faster and smaller than RGB at
//! the lightest deflate level.
//!
//! A card drawn over a base layer (see [`super::layers`]) has many rows that are the base's own:
//! those are not read again. A row the card did not paint under another such row is written as the
//! few columns where the base changes from one row to the next ([`Indexed`], made once per base).

use super::deflate::Zlib;
use resvg::tiny_skia::Pixmap;

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
            table.scan(line, None, out)?;
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

    pub fn row(&self, r: usize) -> &[u8] {
        &self.indices[r * self.width..(r + 1) * self.width]
    }

    /// The colours (RGB) of the indices.
    pub fn colours(&self) -> &[[u8; 3]] {
        &self.colours
    }

    /// Writes the `Up`-filtered row `r` (not the first) of a picture whose rows `r - 1` and `r`
    /// are this one's, with its indices mapped by `mapped`: zero but where this picture's row
    /// differs from the one above.
    fn write_unchanged(&self, r: usize, mapped: &[u8; 256], z: &mut Zlib) {
        let (above, here) = (self.row(r - 1), self.row(r));
        z.byte_alone(2); // Up
        let mut at = 0;
        for &x in &self.changes[self.starts[r]..self.starts[r + 1]] {
            let x = usize::from(x);
            z.zeros((x - at) as u32);
            z.byte_alone(mapped[usize::from(here[x])].wrapping_sub(mapped[usize::from(above[x])]));
            at = x + 1;
        }
        z.zeros((self.width - at) as u32);
    }
}

/// The PNG of `pixmap` (opaque: its alpha is not read), or `None` when it has more than 256
/// colours. With `over`, the rows not marked as painted are those of the indexed base layer.
pub fn png(pixmap: &Pixmap, over: Option<(&Indexed, &[bool])>) -> Option<Vec<u8>> {
    let mut z = Zlib::new();
    let palette = filtered_indices(pixmap, over, &mut z)?;
    Some(file((pixmap.width(), pixmap.height()), &palette, &z.finish()))
}

/// The PNG file of a picture of `size` with `palette` (RGB) and its zlib stream `idat`.
pub fn file(size: (u32, u32), palette: &[u8], idat: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(idat.len() + palette.len() + 64);
    out.extend_from_slice(b"\x89PNG\r\n\x1a\n");
    let mut ihdr = Vec::with_capacity(13);
    ihdr.extend_from_slice(&size.0.to_be_bytes());
    ihdr.extend_from_slice(&size.1.to_be_bytes());
    ihdr.extend_from_slice(&[8, 3, 0, 0, 0]); // 8 bits, palette, deflate, filters, no interlace
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(&mut out, b"PLTE", palette);
    chunk(&mut out, b"IDAT", idat);
    chunk(&mut out, b"IEND", &[]);
    out
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
pub struct Table {
    keys: [u32; SLOTS],
    index: [u8; SLOTS],
    pub colours: Vec<[u8; 3]>,
}

impl Table {
    pub fn new() -> Table {
        Table { keys: [0; SLOTS], index: [0; SLOTS], colours: Vec::with_capacity(256) }
    }

    /// The index of the colour `key` (see [`key`]), added if new; `None` past 256 colours.
    pub fn index_of(&mut self, key: u32) -> Option<u8> {
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

    /// Writes the indices of the RGBA pixels `line` into `out`; `above` is the row above it, its
    /// pixels and their indices, if there is one.
    fn scan(&mut self, line: &[u8], above: Option<(&[u8], &[u8])>, out: &mut [u8]) -> Option<()> {
        // the colour of the current run, as two pixels in a word as they are in memory (opaque),
        // and its index; no run at first (alpha 0)
        let (mut run, mut last_index) = (0u64, 0u8);
        let mut runs = out.chunks_exact_mut(RUN);
        let mut pixels = line.chunks_exact(RUN * 4);
        for (k, (is, bytes)) in (&mut runs).zip(&mut pixels).enumerate() {
            // of a known size, so that filling and copying them are a store or two
            let is = <&mut [u8; RUN]>::try_from(is).ok()?;
            let bytes = <&[u8; RUN * 4]>::try_from(bytes).ok()?;
            // most pixels continue a run of one colour (compared in registers, a word at a time)
            if bytes.chunks_exact(8).fold(0, |differ, w| differ | (word(w) ^ run)) == 0 {
                *is = [last_index; RUN];
                continue;
            }
            // or are those above them (the stems of letters), whose colours are known
            if let Some((pixels, indices)) = above
                && Some(bytes) == pixels[k * RUN * 4..].first_chunk()
            {
                *is = *indices[k * RUN..].first_chunk()?;
            } else {
                // a colour a pixel (text's edges): looked up every time, as a comparison with the
                // pixel before would be mispredicted half the time
                for (i, p) in is.iter_mut().zip(bytes.chunks_exact(4)) {
                    *i = self.index_of(key(p.try_into().unwrap_or_default()))?;
                }
            }
            last_index = is[RUN - 1];
            let last = u64::from(key(*bytes[(RUN - 1) * 4..].first_chunk()?));
            run = last | (last << 32);
        }
        // the last pixels of a row whose width is not a multiple of a run
        for (i, p) in runs.into_remainder().iter_mut().zip(pixels.remainder().chunks_exact(4)) {
            *i = self.index_of(key(p.try_into().unwrap_or_default()))?;
        }
        Some(())
    }
}

/// Writes the `Up`-filtered rows of palette indices of `pixmap` to `z` and returns the palette
/// (RGB), or `None` past 256 colours; with `over`, see [`write_rows`].
fn filtered_indices(pixmap: &Pixmap, over: Option<(&Indexed, &[bool])>, z: &mut Zlib) -> Option<Vec<u8>> {
    let mut scanned = Scanned { pixmap, table: Table::new() };
    write_rows((pixmap.width() as usize, pixmap.height() as usize), over, &mut scanned, z)?;
    Some(scanned.table.colours.concat())
}

/// A picture's colours as they are met in [`write_rows`], given their places in the palette: in
/// the order they first appear, row after row, so that the file depends on the pixels alone.
pub trait Places {
    /// The place of the base layer's colour `colour` (its index `i` there), given it now if it
    /// has none; `None` past 256 colours.
    fn base(&mut self, i: u8, colour: [u8; 3]) -> Option<u8>;
    /// Writes the places of the pixels of `row`, one the picture painted, into `out`; `above` is
    /// the places of the row above, if there is one. `None` past 256 colours.
    fn row(&mut self, row: usize, above: Option<&[u8]>, out: &mut [u8]) -> Option<()>;
}

/// The places of an RGBA picture's pixels, found by [`Table::scan`].
struct Scanned<'a> {
    pixmap: &'a Pixmap,
    table: Table,
}

impl Places for Scanned<'_> {
    fn base(&mut self, _: u8, [r, g, b]: [u8; 3]) -> Option<u8> {
        self.table.index_of(key([r, g, b, 255]))
    }

    fn row(&mut self, row: usize, above: Option<&[u8]>, out: &mut [u8]) -> Option<()> {
        let stride = self.pixmap.width() as usize * 4;
        let data = self.pixmap.data();
        let above = above.map(|places| (&data[(row - 1) * stride..row * stride], places));
        self.table.scan(&data[row * stride..(row + 1) * stride], above, out)
    }
}

/// Writes the `Up`-filtered rows of palette places of a picture of `size` (width, height) to `z`,
/// each pixel's place given by `places`; `None` past 256 colours.
///
/// Over a base layer, a row the picture did not paint is the base's row with the base's colours
/// given their places; when the row above it is the base's too, its filtered bytes are zero but
/// where the base's row differs from the one above, and only those are written.
pub fn write_rows(
    (width, height): (usize, usize),
    over: Option<(&Indexed, &[bool])>,
    places: &mut impl Places,
    z: &mut Zlib,
) -> Option<()> {
    let mut out = vec![0u8; width + 1];
    out[0] = 2; // Up
    let mut prev = vec![0u8; width];
    let mut cur = vec![0u8; width];
    // whether `prev` holds the row above (else that row is the base's, not placed yet)
    let mut prev_held = true;
    // the place of each of the base's colours met so far
    let mut mapped = [0u8; 256];
    let mut met = [false; 256];
    for row in 0..height {
        match over {
            Some((base, painted)) if !painted[row] => {
                for &i in &base.firsts[row] {
                    if !std::mem::replace(&mut met[usize::from(i)], true) {
                        mapped[usize::from(i)] = places.base(i, base.colours[usize::from(i)])?;
                    }
                }
                if row > 0 && !painted[row - 1] {
                    base.write_unchanged(row, &mapped, z);
                    prev_held = false;
                    continue;
                }
                for (c, &l) in cur.iter_mut().zip(base.row(row)) {
                    *c = mapped[usize::from(l)];
                }
            }
            _ => {
                if !prev_held && let Some((base, _)) = over {
                    for (p, &l) in prev.iter_mut().zip(base.row(row - 1)) {
                        *p = mapped[usize::from(l)];
                    }
                }
                places.row(row, (row > 0).then_some(prev.as_slice()), &mut cur)?;
            }
        }
        for ((o, c), p) in out[1..].iter_mut().zip(&cur).zip(&prev) {
            *o = c.wrapping_sub(*p);
        }
        z.bytes(&out);
        std::mem::swap(&mut prev, &mut cur);
        prev_held = true;
    }
    Some(())
}

/// Eight bytes as a little-endian word.
fn word(bytes: &[u8]) -> u64 {
    u64::from_le_bytes(bytes.try_into().unwrap_or_default())
}

/// The table's key of an opaque pixel's bytes (RGBA): its colour with alpha 255.
pub fn key(rgba: [u8; 4]) -> u32 {
    u32::from_le_bytes(rgba) | 0xff00_0000
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
