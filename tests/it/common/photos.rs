//! Test photos made in code: JPEGs and PNGs of a known size and pattern, with an EXIF block (an
//! orientation and a GPS position) and an XMP packet written in by hand, as phones write them.
#![allow(dead_code)]

use image::{ImageEncoder, RgbImage};

/// A `w` x `h` photo whose top-left quarter is red and the rest blue, so that a rotation shows.
pub fn pixels(w: u32, h: u32) -> RgbImage {
    let (red, blue) = ([220u8, 30, 30], [30u8, 30, 200]);
    let top: Vec<u8> = (0..w).flat_map(|x| if x < w / 2 { red } else { blue }).collect();
    let bottom: Vec<u8> = blue.repeat(w as usize);
    let mut raw = Vec::with_capacity((w * h * 3) as usize);
    for y in 0..h {
        raw.extend_from_slice(if y < h / 2 { &top } else { &bottom });
    }
    RgbImage::from_raw(w, h, raw).unwrap()
}

pub fn jpeg(w: u32, h: u32) -> Vec<u8> {
    let mut out = Vec::new();
    jpeg_encoder::Encoder::new(&mut out, 90)
        .encode(pixels(w, h).as_raw(), w as u16, h as u16, jpeg_encoder::ColorType::Rgb)
        .unwrap();
    out
}

pub fn png(w: u32, h: u32) -> Vec<u8> {
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new(&mut out)
        .write_image(pixels(w, h).as_raw(), w, h, image::ExtendedColorType::Rgb8)
        .unwrap();
    out
}

/// The latitude written into [`phone_jpeg`]'s GPS block, as text, to look for in outputs.
pub const GPS_MARK: &[u8] = b"51N-GPS-SECRET";

/// A TIFF/EXIF block, big-endian: IFD0 with Orientation and a GPS IFD pointer; the GPS IFD with
/// GPSVersionID and a GPSLatitudeRef, and a GPSAreaInformation string holding [`GPS_MARK`].
pub fn exif_block(orientation: u16) -> Vec<u8> {
    let mut t: Vec<u8> = b"MM\0\x2a\0\0\0\x08".to_vec();
    let entry = |t: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: [u8; 4]| {
        t.extend(tag.to_be_bytes());
        t.extend(kind.to_be_bytes());
        t.extend(count.to_be_bytes());
        t.extend(value);
    };
    // IFD0 at 8: 2 entries (2 + 24 bytes) + next-IFD offset (4) = 30 bytes -> GPS IFD at 38
    t.extend(2u16.to_be_bytes());
    let o = orientation.to_be_bytes();
    entry(&mut t, 0x0112, 3, 1, [o[0], o[1], 0, 0]);
    entry(&mut t, 0x8825, 4, 1, 38u32.to_be_bytes());
    t.extend(0u32.to_be_bytes());
    // GPS IFD at 38: 3 entries (2 + 36) + next (4) = 42 bytes -> area text at 80
    t.extend(3u16.to_be_bytes());
    entry(&mut t, 0x0000, 1, 4, [2, 3, 0, 0]);
    entry(&mut t, 0x0001, 2, 2, *b"N\0\0\0");
    let area: Vec<u8> = [b"ASCII\0\0\0".as_slice(), GPS_MARK].concat();
    entry(&mut t, 0x001c, 7, area.len() as u32, 80u32.to_be_bytes());
    t.extend(0u32.to_be_bytes());
    assert_eq!(t.len(), 80);
    t.extend(area);
    [b"Exif\0\0".as_slice(), &t].concat()
}

/// `jpeg` with an EXIF APP1 segment (orientation, GPS) and an XMP APP1 segment after its SOI.
pub fn with_metadata(jpeg: &[u8], orientation: u16) -> Vec<u8> {
    assert_eq!(&jpeg[..2], b"\xFF\xD8");
    let segment = |payload: &[u8]| {
        let mut s = vec![0xFF, 0xE1];
        s.extend(((payload.len() + 2) as u16).to_be_bytes());
        s.extend(payload);
        s
    };
    let xmp = b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><exif:GPSLatitude>51N</exif:GPSLatitude></x:xmpmeta>";
    [&jpeg[..2], &segment(&exif_block(orientation)), &segment(xmp), &jpeg[2..]].concat()
}

/// A phone photo: `w` x `h` as stored, orientation 6 (shown turned a quarter clockwise), with GPS.
pub fn phone_jpeg(w: u32, h: u32) -> Vec<u8> {
    with_metadata(&jpeg(w, h), 6)
}

/// Does `bytes` carry EXIF, GPS or XMP metadata?
pub fn has_metadata(bytes: &[u8]) -> bool {
    let has = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    has(b"Exif") || has(b"EXIF") || has(GPS_MARK) || has(b"xmpmeta") || has(b"XMP ") || has(b"ns.adobe.com/xap")
}

/// The size of an encoded image.
pub fn size_of(bytes: &[u8]) -> (u32, u32) {
    image::load_from_memory(bytes).map(|i| (i.width(), i.height())).unwrap()
}

/// A PNG that claims `w` x `h` pixels in a few dozen bytes: a decompression bomb's header, with a
/// tiny image data chunk and an end chunk, every CRC right.
pub fn png_bomb(w: u32, h: u32) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut chunk = |kind: &[u8], data: &[u8]| {
        out.extend((data.len() as u32).to_be_bytes());
        let body = [kind, data].concat();
        out.extend(&body);
        out.extend(crc32(&body).to_be_bytes());
    };
    let ihdr = [w.to_be_bytes().as_slice(), &h.to_be_bytes(), &[8, 2, 0, 0, 0]].concat();
    chunk(b"IHDR", &ihdr);
    chunk(b"IDAT", &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);
    chunk(b"IEND", &[]);
    out
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}
