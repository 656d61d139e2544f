//! `rally build --compress`: `.br` (Brotli) and `.gz` (gzip) beside every text file, for hosts
//! that serve precompressed files (nginx `gzip_static` / `brotli_static`, S3 with
//! `Content-Encoding`). The one module that knows the compression crates.

use std::io::Write;

/// Brotli at quality 10 (quality 11 is several times slower for a few bytes less).
pub fn brotli(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() / 3 + 64);
    let params = brotli::enc::BrotliEncoderParams { quality: 10, lgwin: 22, ..Default::default() };
    let mut input = data;
    // writing into a Vec cannot fail
    let _ = brotli::BrotliCompress(&mut input, &mut out, &params);
    out
}

/// gzip at the best compression.
pub fn gzip(data: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::with_capacity(data.len() / 3 + 64), flate2::Compression::best());
    let _ = enc.write_all(data);
    enc.finish().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn both_round_trip() {
        let text = "<p>River Commons</p>\n".repeat(200);
        let mut back = Vec::new();
        brotli::BrotliDecompress(&mut brotli(text.as_bytes()).as_slice(), &mut back).unwrap();
        assert_eq!(back, text.as_bytes());
        let mut back = String::new();
        flate2::read::GzDecoder::new(gzip(text.as_bytes()).as_slice()).read_to_string(&mut back).unwrap();
        assert_eq!(back, text);
        assert!(gzip(text.as_bytes()).len() < text.len() / 10);
    }
}
