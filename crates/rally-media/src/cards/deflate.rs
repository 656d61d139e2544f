//! The zlib stream of a flat card's filtered rows (see [`super::flat`]): one deflate block with
//! Huffman codes made for the card, whose only repeats are runs of zero bytes (a pixel the same as
//! the one above it, after the `Up` filter). A run is given by its length, never written out and
//! read again: a row the card shares with its base layer costs the few bytes where that row
//! differs from the one above. The Adler-32 checksum of a run is computed from its length too.

use simd_adler32::Adler32;

/// The longest repeat deflate has.
const MAX_LENGTH: u32 = 258;
/// Symbols of the literal/length alphabet: 256 bytes, end of block, 29 lengths.
const SYMBOLS: usize = 286;
const END: usize = 256;
/// The first length of each length symbol (257...) and its extra bits.
const LENGTH_BASE: [u16; 29] =
    [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LENGTH_EXTRA: [u8; 29] = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
/// The length symbol (less 257) of each length from 3 to 258, at its length.
const LENGTH_SYMBOL: [u8; 259] = {
    let mut table = [0u8; 259];
    let mut length = 3;
    while length < 259 {
        let mut i = 0;
        while i + 1 < LENGTH_BASE.len() && LENGTH_BASE[i + 1] as usize <= length {
            i += 1;
        }
        table[length] = i as u8;
        length += 1;
    }
    table
};
/// The order the code length code's lengths are written in.
const CODE_LENGTH_ORDER: [usize; 19] = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

/// A zlib stream being made: the symbols so far (a byte, or a length symbol with its extra bits in
/// the high half), how often each occurs, zero bytes not yet turned into symbols, and the checksum.
pub struct Zlib {
    symbols: Vec<u32>,
    counts: [u32; SYMBOLS],
    zeros: u32,
    /// The two sums of Adler-32.
    a: u32,
    b: u32,
}

thread_local! {
    /// The symbol buffer of the thread's last stream, kept for the next one.
    static SPARE: std::cell::RefCell<Vec<u32>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The low 7 bits of each byte of a word.
const LOW_7: u64 = 0x7f7f_7f7f_7f7f_7f7f;

/// Adler-32's modulus.
const BASE: u32 = 65521;

impl Zlib {
    pub fn new() -> Zlib {
        let symbols = SPARE.with_borrow_mut(std::mem::take);
        Zlib { symbols, counts: [0; SYMBOLS], zeros: 0, a: 1, b: 0 }
    }

    /// Appends `bytes`.
    pub fn bytes(&mut self, bytes: &[u8]) {
        let mut adler = Adler32::from_checksum((self.b << 16) | self.a);
        adler.write(bytes);
        let sum = adler.finish();
        (self.a, self.b) = (sum & 0xffff, sum >> 16);
        // counted here rather than in `self`, where each zero would be a store and a load
        let mut zeros = std::mem::take(&mut self.zeros);
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let word = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
            // the top bit of each byte that is not zero
            let mut set = (((word & LOW_7) + LOW_7) | word) & !LOW_7;
            let mut at = 0;
            while set != 0 {
                let i = (set.trailing_zeros() / 8) as usize;
                zeros = self.byte(zeros + (i - at) as u32, chunk[i]);
                at = i + 1;
                set &= set - 1;
            }
            zeros += (8 - at) as u32;
        }
        for &b in chunks.remainder() {
            zeros = self.byte(zeros, b);
        }
        self.zeros = zeros;
    }

    /// Byte `b` after `zeros` zeros not yet written; how many are left unwritten.
    #[inline]
    fn byte(&mut self, zeros: u32, b: u8) -> u32 {
        if b == 0 {
            return zeros + 1;
        }
        if zeros > 0 {
            self.run(zeros);
        }
        self.literal(b);
        0
    }

    /// Appends `n` zero bytes.
    pub fn zeros(&mut self, n: u32) {
        // each zero adds nothing to the sum of the bytes, and that sum to the sum of sums
        self.b = ((u64::from(self.b) + u64::from(n) * u64::from(self.a)) % u64::from(BASE)) as u32;
        self.zeros += n;
    }

    /// Appends the one byte `b`.
    pub fn byte_alone(&mut self, b: u8) {
        self.a = (self.a + u32::from(b)) % BASE;
        self.b = (self.b + self.a) % BASE;
        let zeros = std::mem::take(&mut self.zeros);
        self.zeros = self.byte(zeros, b);
    }

    fn literal(&mut self, b: u8) {
        self.symbols.push(u32::from(b));
        self.counts[usize::from(b)] += 1;
    }

    /// `zeros` zero bytes as symbols: a zero, then repeats of the byte before.
    fn run(&mut self, zeros: u32) {
        let mut left = zeros;
        if left == 0 {
            return;
        }
        self.literal(0);
        left -= 1;
        while left >= 3 {
            // never leave 1 or 2 behind, which no repeat can be
            let length = if left > MAX_LENGTH && left < MAX_LENGTH + 3 { left - 3 } else { left.min(MAX_LENGTH) };
            let i = usize::from(LENGTH_SYMBOL[length as usize]);
            self.symbols.push((257 + i as u32) | ((length - u32::from(LENGTH_BASE[i])) << 16));
            self.counts[257 + i] += 1;
            left -= length;
        }
        for _ in 0..left {
            self.literal(0);
        }
    }

    /// The finished zlib stream.
    pub fn finish(mut self) -> Vec<u8> {
        let zeros = std::mem::take(&mut self.zeros);
        self.run(zeros);
        self.counts[END] += 1;
        let lengths = code_lengths(&self.counts, 15);
        let codes = canonical(&lengths);
        let used = 257 + lengths[257..].iter().rposition(|&l| l > 0).map_or(0, |i| i + 1);
        let mut w = Bits::new(2 * self.symbols.len() + 1024);
        w.put(0x78, 8);
        w.put(0x01, 8);
        w.put(1, 1); // the last block
        w.put(2, 2); // with its own codes
        // the lengths of both codes: every literal and length symbol used, and two distances of
        // one bit each (only the first, a distance of 1, is used; two make the code complete)
        let mut all: Vec<u8> = lengths[..used].to_vec();
        all.extend_from_slice(&[1, 1]);
        let runs = length_runs(&all);
        let mut counts = [0u32; 19];
        for &(symbol, _) in &runs {
            counts[usize::from(symbol)] += 1;
        }
        let cl_lengths = code_lengths(&counts, 7);
        let cl_codes = canonical(&cl_lengths);
        let hclen = 4.max(19 - CODE_LENGTH_ORDER.iter().rev().take_while(|&&s| cl_lengths[s] == 0).count());
        w.put((used - 257) as u64, 5);
        w.put(1, 5); // two distance codes
        w.put((hclen - 4) as u64, 4);
        for &s in &CODE_LENGTH_ORDER[..hclen] {
            w.put(u64::from(cl_lengths[s]), 3);
        }
        for (symbol, extra) in runs {
            let s = usize::from(symbol);
            w.put(u64::from(cl_codes[s]), cl_lengths[s]);
            match symbol {
                16 => w.put(u64::from(extra), 2),
                17 => w.put(u64::from(extra), 3),
                18 => w.put(u64::from(extra), 7),
                _ => {}
            }
        }
        // each symbol as one run of bits: its code, then for a length its extra bits and the
        // distance of 1 (the first distance code: a zero bit)
        let bits: Vec<(u64, u8, u8)> = (0..SYMBOLS)
            .map(|s| match s {
                0..=END => (u64::from(codes[s]), lengths[s], lengths[s]),
                _ => (u64::from(codes[s]), lengths[s], lengths[s] + LENGTH_EXTRA[s - 257] + 1),
            })
            .collect();
        // two symbols at a time (at most 21 bits each), one write for both
        let bits_of = |symbol: u32| {
            let (code, length, n) = bits[(symbol & 0xffff) as usize];
            (code | (u64::from(symbol >> 16) << length), n)
        };
        let mut pairs = self.symbols.chunks_exact(2);
        for pair in &mut pairs {
            let ((a, m), (b, n)) = (bits_of(pair[0]), bits_of(pair[1]));
            w.put(a | (b << m), m + n);
        }
        for &symbol in pairs.remainder() {
            let (a, m) = bits_of(symbol);
            w.put(a, m);
        }
        w.put(u64::from(codes[END]), lengths[END]);
        self.symbols.clear();
        SPARE.with_borrow_mut(|spare| *spare = std::mem::take(&mut self.symbols));
        let mut out = w.finish();
        out.extend_from_slice(&((self.b << 16) | self.a).to_be_bytes());
        out
    }
}

/// Bits written least significant first, as deflate has them: each write stores the whole
/// buffer and keeps its whole bytes, so that fewer than 8 bits wait in it.
struct Bits {
    bytes: Vec<u8>,
    /// Where the buffer's first byte goes.
    at: usize,
    buffer: u64,
    count: u32,
}

impl Bits {
    fn new(capacity: usize) -> Bits {
        Bits { bytes: vec![0; capacity + 8], at: 0, buffer: 0, count: 0 }
    }

    /// Writes the low `n` bits of `bits` (up to 56).
    fn put(&mut self, bits: u64, n: u8) {
        self.buffer |= bits << self.count;
        self.count += u32::from(n);
        if self.at + 8 > self.bytes.len() {
            self.bytes.resize(2 * self.bytes.len(), 0);
        }
        self.bytes[self.at..self.at + 8].copy_from_slice(&self.buffer.to_le_bytes());
        let whole = self.count / 8;
        self.at += whole as usize;
        // `whole` is at most 7: the shift stays inside the word
        self.buffer >>= 8 * whole;
        self.count -= 8 * whole;
    }

    fn finish(mut self) -> Vec<u8> {
        // the last byte, if it is partly filled, was stored by the last write
        self.bytes.truncate(self.at + usize::from(self.count > 0));
        self.bytes
    }
}

/// The Huffman code lengths of symbols occurring `counts` times, none longer than `limit`; a
/// symbol that does not occur gets none. At least two symbols get a length, so the code is
/// complete. The same counts always give the same lengths.
fn code_lengths(counts: &[u32], limit: u8) -> Vec<u8> {
    let mut counts = counts.to_vec();
    let used = counts.iter().filter(|&&c| c > 0).count();
    if used < 2 {
        // a code of one symbol is incomplete: a second one makes it whole
        let spare = usize::from(counts[0] > 0);
        counts[spare] = counts[spare].max(1);
        if used == 0 {
            counts[1] = 1;
        }
    }
    loop {
        let lengths = huffman(&counts);
        if lengths.iter().all(|&l| l <= limit) {
            return lengths;
        }
        // too deep: flatten the counts and try again
        for c in counts.iter_mut().filter(|c| **c > 0) {
            *c = (*c >> 1).max(1);
        }
    }
}

/// The depth of each symbol in a Huffman tree of `counts` (two queues: the leaves by count, then
/// the inner nodes as they are made; ties go to the leaf, then to the smaller symbol).
fn huffman(counts: &[u32]) -> Vec<u8> {
    let mut leaves: Vec<(u64, usize)> =
        counts.iter().enumerate().filter(|&(_, &c)| c > 0).map(|(s, &c)| (u64::from(c), s)).collect();
    leaves.sort_unstable();
    let n = leaves.len();
    // nodes 0..n are the leaves, then the inner nodes; each node's parent
    let mut parent = vec![0usize; 2 * n - 1];
    let mut weight: Vec<u64> = leaves.iter().map(|&(c, _)| c).collect();
    let (mut leaf, mut inner) = (0, n);
    for made in n..2 * n - 1 {
        let mut two = [0usize; 2];
        for t in &mut two {
            if leaf < n && (inner >= made || weight[leaf] <= weight[inner]) {
                *t = leaf;
                leaf += 1;
            } else {
                *t = inner;
                inner += 1;
            }
        }
        weight.push(weight[two[0]] + weight[two[1]]);
        parent[two[0]] = made;
        parent[two[1]] = made;
    }
    let mut depth = vec![0u8; 2 * n - 1];
    for node in (0..2 * n - 2).rev() {
        depth[node] = depth[parent[node]] + 1;
    }
    let mut lengths = vec![0u8; counts.len()];
    for (i, &(_, s)) in leaves.iter().enumerate() {
        lengths[s] = depth[i];
    }
    lengths
}

/// The canonical codes of `lengths`, bit-reversed to be written least significant bit first.
fn canonical(lengths: &[u8]) -> Vec<u16> {
    let mut per_length = [0u16; 16];
    for &l in lengths {
        per_length[usize::from(l)] += 1;
    }
    per_length[0] = 0;
    let mut next = [0u16; 16];
    let mut code = 0u16;
    for l in 1..16 {
        code = (code + per_length[l - 1]) << 1;
        next[l] = code;
    }
    lengths
        .iter()
        .map(|&l| {
            if l == 0 {
                return 0;
            }
            let c = next[usize::from(l)];
            next[usize::from(l)] += 1;
            c.reverse_bits() >> (16 - l)
        })
        .collect()
}

/// Code lengths as the symbols of the code length code, with their extra bits: 16 repeats the
/// length before 3-6 times, 17 writes 3-10 zeros, 18 writes 11-138.
fn length_runs(lengths: &[u8]) -> Vec<(u8, u8)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < lengths.len() {
        let l = lengths[i];
        let run = lengths[i..].iter().take_while(|&&x| x == l).count();
        if l == 0 && run >= 3 {
            let n = run.min(138);
            out.push(if n >= 11 { (18, (n - 11) as u8) } else { (17, (n - 3) as u8) });
            i += n;
        } else if l != 0 && run >= 4 {
            out.push((l, 0));
            let n = (run - 1).min(6);
            out.push((16, (n - 3) as u8));
            i += 1 + n;
        } else {
            out.push((l, 0));
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inflate(z: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut d = fdeflate::Decompressor::new();
        let mut input = z;
        out.resize(1 << 22, 0);
        let mut at = 0;
        loop {
            let (used, wrote) = d.read(input, &mut out, at, true).expect("a valid zlib stream");
            input = &input[used..];
            at += wrote;
            if d.is_done() {
                out.truncate(at);
                return out;
            }
        }
    }

    #[test]
    fn rows_and_runs_come_back_as_they_went_in() {
        let mut rows = Vec::new();
        let mut z = Zlib::new();
        // a row of zeros, a row with a few bytes, runs of every length around the limits
        let mut state = 7u32;
        for row in 0..40u32 {
            let mut line = vec![0u8; 1201];
            line[0] = 2;
            for _ in 0..(row * 3) {
                state = state.wrapping_mul(1_103_515_245).wrapping_add(12345);
                line[(state >> 8) as usize % 1201] = (state >> 20) as u8;
            }
            z.bytes(&line);
            rows.extend_from_slice(&line);
            let n = [1, 2, 3, 4, 258, 259, 260, 261, 517, 1200][row as usize % 10];
            z.zeros(n);
            rows.extend(std::iter::repeat_n(0, n as usize));
        }
        let stream = z.finish();
        assert_eq!(inflate(&stream), rows);
        // the checksum zlib readers verify
        assert_eq!(&stream[stream.len() - 4..], &simd_adler32::adler32(&rows.as_slice()).to_be_bytes());
    }

    #[test]
    fn deep_trees_are_flattened_to_fifteen_bits() {
        // counts growing like Fibonacci numbers make the deepest tree
        let mut counts = vec![0u32; SYMBOLS];
        let (mut a, mut b) = (1u32, 1u32);
        for c in counts.iter_mut().take(30) {
            *c = a;
            (a, b) = (b, a.saturating_add(b));
        }
        let lengths = code_lengths(&counts, 15);
        assert!(lengths.iter().all(|&l| l <= 15) && lengths[..30].iter().all(|&l| l > 0));
        // the code is complete: Kraft's sum is exactly 1
        let kraft: f64 = lengths.iter().filter(|&&l| l > 0).map(|&l| 0.5f64.powi(i32::from(l))).sum();
        assert!((kraft - 1.0).abs() < 1e-12, "{kraft}");
        assert_eq!(code_lengths(&[0, 5, 0], 7), vec![1, 1, 0], "one symbol gets a partner");
    }
}
