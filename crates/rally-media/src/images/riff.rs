//! Adds a colour profile to a WebP file. libwebp's simple encoder writes pixels only, so the ICC
//! profile of a photo (phones often shoot in Display P3) would be lost and its colours shown as
//! sRGB. WebP keeps a profile in an `ICCP` chunk of its extended format: a `VP8X` header chunk
//! (flags and canvas size) first, then `ICCP`, then the image data.

/// The `VP8X` flag that says an `ICCP` chunk follows.
const ICC_FLAG: u8 = 0x20;

fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(8 + data.len() + 1);
    out.extend_from_slice(kind);
    out.extend_from_slice(&(data.len() as u32).to_le_bytes());
    out.extend_from_slice(data);
    if data.len() % 2 == 1 {
        out.push(0);
    }
    out
}

/// `webp` (a whole file as libwebp writes it) with `icc` as its colour profile, for a `width` x
/// `height` image. A file that is not a WebP RIFF file comes back unchanged.
pub fn with_icc(webp: Vec<u8>, icc: &[u8], width: u32, height: u32) -> Vec<u8> {
    if webp.len() < 20 || &webp[..4] != b"RIFF" || &webp[8..12] != b"WEBP" || icc.is_empty() {
        return webp;
    }
    let body = &webp[12..];
    let mut out: Vec<u8> = Vec::with_capacity(webp.len() + icc.len() + 32);
    if &body[..4] == b"VP8X" && body.len() >= 18 {
        // already extended (an image with alpha): set the flag, put ICCP right after VP8X
        let mut vp8x = body[..18].to_vec();
        vp8x[8] |= ICC_FLAG;
        out.extend_from_slice(&vp8x);
        out.extend(chunk(b"ICCP", icc));
        out.extend_from_slice(&body[18..]);
    } else {
        let mut data = vec![ICC_FLAG, 0, 0, 0];
        data.extend_from_slice(&(width - 1).to_le_bytes()[..3]);
        data.extend_from_slice(&(height - 1).to_le_bytes()[..3]);
        out.extend(chunk(b"VP8X", &data));
        out.extend(chunk(b"ICCP", icc));
        out.extend_from_slice(body);
    }
    let mut file = Vec::with_capacity(out.len() + 12);
    file.extend_from_slice(b"RIFF");
    file.extend_from_slice(&((out.len() + 4) as u32).to_le_bytes());
    file.extend_from_slice(b"WEBP");
    file.extend(out);
    file
}
