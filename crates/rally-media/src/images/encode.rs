//! One photo, from its bytes to the files it is published as: decoded once (within pixel and
//! memory limits), turned upright by its EXIF orientation, resized to each width (never wider than
//! the photo), and encoded as lossy WebP and in its own format. Only pixels are written: EXIF, GPS
//! and XMP stay behind; the ICC colour profile is carried over to every file.
//! Pure: bytes in, bytes out.

use image::codecs::png::PngEncoder;
use image::{DynamicImage, ImageDecoder, ImageEncoder, ImageFormat, ImageReader, Limits};
use rayon::prelude::*;
use std::io::Cursor;

/// The most pixels a photo may have (a 10,000 x 10,000 image): a larger one is refused before it
/// is decoded, so that a small file cannot expand into gigabytes (a decompression bomb).
pub const MAX_PIXELS: u64 = 100_000_000;
/// The longest side a photo may have.
pub const MAX_SIDE: u32 = 20_000;

pub use rally_render::images::Format;

/// The format the `image` crate found, if the pipeline handles it.
fn format_of(f: ImageFormat) -> Option<Format> {
    match f {
        ImageFormat::Jpeg => Some(Format::Jpeg),
        ImageFormat::Png => Some(Format::Png),
        ImageFormat::WebP => Some(Format::Webp),
        _ => None,
    }
}

/// One encoded file of a photo.
#[derive(Debug, Clone)]
pub struct Encoded {
    pub width: u32,
    pub height: u32,
    pub format: Format,
    pub bytes: Vec<u8>,
}

/// A photo, encoded at every width.
#[derive(Debug, Clone)]
pub struct Photo {
    /// The upright size of the original.
    pub width: u32,
    pub height: u32,
    /// The format of the original (and of the fallback files).
    pub format: Format,
    /// Smallest first; for each width the WebP file, then the fallback (unless the photo is WebP).
    pub files: Vec<Encoded>,
}

/// The widths a photo `width` pixels wide is written at: the asked widths narrower than it, and its
/// own width when some asked width is as wide or wider (never upscaled). `widths` are sorted.
pub fn widths_for(width: u32, widths: &[u32]) -> Vec<u32> {
    let mut out: Vec<u32> = widths.iter().copied().filter(|&w| w < width).collect();
    if widths.iter().any(|&w| w >= width) {
        out.push(width);
    }
    out
}

/// Height for `width` keeping the aspect ratio of `w` x `h`, at least 1.
fn scaled_height(w: u32, h: u32, width: u32) -> u32 {
    ((u64::from(h) * u64::from(width) + u64::from(w) / 2) / u64::from(w)).max(1) as u32
}

/// A photo decoded and turned upright, with its format and colour profile: what the photo and its
/// share crop are both made from, so that a photo is decoded once.
pub struct Decoded {
    img: DynamicImage,
    format: Format,
    icc: Option<Vec<u8>>,
}

/// Decodes, orients, resizes and encodes `bytes`. The error says what is wrong with the file.
pub fn process(bytes: &[u8], expected: Format, widths: &[u32], quality: u8) -> Result<Photo, String> {
    sizes(&decode(bytes, expected)?, widths, quality)
}

/// The sizes of a decoded photo, encoded.
pub fn sizes(photo: &Decoded, widths: &[u32], quality: u8) -> Result<Photo, String> {
    let (img, format, icc) = (&photo.img, photo.format, &photo.icc);
    let (w, h) = (img.width(), img.height());
    // each size is made from the next larger one: the photo is read in full once
    let sizes = widths_for(w, widths);
    let mut resized: Vec<(u32, DynamicImage)> = Vec::with_capacity(sizes.len());
    for &width in sizes.iter().rev() {
        let height = scaled_height(w, h, width);
        let from = resized.last().map_or(img, |(_, i)| i);
        let next = if width == from.width() { from.clone() } else { resize(from, width, height)? };
        resized.push((width, next));
    }
    // the files are encoded in parallel: a single photo (a preview after an edit) uses every core
    let jobs: Vec<(&DynamicImage, Format)> = resized
        .iter()
        .rev()
        .flat_map(|(_, img)| {
            std::iter::once((img, Format::Webp)).chain((format != Format::Webp).then_some((img, format)))
        })
        .collect();
    let encoded: Vec<Result<Encoded, String>> = jobs
        .par_iter()
        .map(|&(img, f)| {
            let bytes = if f == Format::Webp {
                webp(img, quality, icc.as_deref())?
            } else {
                fallback(img, f, quality, icc.as_deref())?
            };
            Ok(Encoded { width: img.width(), height: img.height(), format: f, bytes })
        })
        .collect();
    let files = encoded.into_iter().collect::<Result<Vec<_>, _>>()?;
    Ok(Photo { width: w, height: h, format, files })
}

/// The share crop of a photo: the part of it at 1.91:1 (the shape of a share card) around its
/// focal point (`image_focus`: `top`, `bottom-left`...; the middle for `""`), at most 1200 pixels
/// wide (never upscaled), as JPEG (which every network reads) on white where the photo is
/// transparent.
pub fn crop(photo: &Decoded, quality: u8, focus: &str) -> Result<Photo, String> {
    let (img, icc) = (&photo.img, &photo.icc);
    let (w, h) = (img.width(), img.height());
    // 1200 x 630: width / height = 40 / 21
    let (cw, ch) = if u64::from(w) * 21 > u64::from(h) * 40 {
        ((u64::from(h) * 40 / 21) as u32, h)
    } else {
        (w, (u64::from(w) * 21 / 40) as u32)
    };
    let (cw, ch) = (cw.max(1), ch.max(1));
    // the share of the spare width (height) left of (above) the crop: 0, a half or all of it
    let share = |low: &str, high: &str, spare: u32| {
        let words = || focus.split('-');
        if words().any(|w| w == low) {
            0
        } else if words().any(|w| w == high) {
            spare
        } else {
            spare / 2
        }
    };
    let cropped = img.crop_imm(share("left", "right", w - cw), share("top", "bottom", h - ch), cw, ch);
    let width = cw.min(1200);
    let height = scaled_height(cw, ch, width);
    let sized = if width == cw { cropped } else { resize(&cropped, width, height)? };
    let rgb = match sized {
        DynamicImage::ImageRgba8(b) => {
            let mut out = image::RgbImage::new(b.width(), b.height());
            for (o, p) in out.pixels_mut().zip(b.pixels()) {
                let a = u16::from(p[3]);
                let mix = |c: u8| ((u16::from(c) * a + 255 * (255 - a)) / 255) as u8;
                *o = image::Rgb([mix(p[0]), mix(p[1]), mix(p[2])]);
            }
            DynamicImage::ImageRgb8(out)
        }
        other => DynamicImage::ImageRgb8(other.into_rgb8()),
    };
    let bytes = jpeg(&rgb, quality, icc.as_deref())?;
    let file = Encoded { width: rgb.width(), height: rgb.height(), format: Format::Jpeg, bytes };
    Ok(Photo { width: w, height: h, format: Format::Jpeg, files: vec![file] })
}

/// Decodes and orients `bytes`: the upright pixels, the format and the colour profile. The error
/// says what is wrong with the file.
pub fn decode(bytes: &[u8], expected: Format) -> Result<Decoded, String> {
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| format!("cannot read the image: {e}"))?;
    let format = match reader.format().and_then(format_of) {
        Some(f) => f,
        None => {
            return Err(format!(
                "is not a JPEG, PNG or WebP image (its name says {}): re-export it as one of these",
                expected.extension().to_uppercase()
            ));
        }
    };
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_PIXELS * 4 + (64 << 20));
    let mut decoder = reader.into_decoder().map_err(|e| bad_image(&e))?;
    let (w, h) = decoder.dimensions();
    if w == 0 || h == 0 {
        return Err("has no pixels (0 wide or 0 high)".into());
    }
    if u64::from(w) * u64::from(h) > MAX_PIXELS || w > MAX_SIDE || h > MAX_SIDE {
        return Err(format!(
            "is {w} x {h} pixels, over the limit of {} megapixels ({MAX_SIDE} pixels a side): scale it down before adding it",
            MAX_PIXELS / 1_000_000
        ));
    }
    decoder.set_limits(limits).map_err(|e| bad_image(&e))?;
    if format == Format::Jpeg && !jpeg_is_complete(bytes) {
        return Err("is cut short (its data stops before the end of the image): copy or export it again".into());
    }
    let orientation = decoder.orientation().unwrap_or(image::metadata::Orientation::NoTransforms);
    let icc = decoder.icc_profile().ok().flatten();
    let mut img = DynamicImage::from_decoder(decoder).map_err(|e| bad_image(&e))?;
    img.apply_orientation(orientation);
    let img = if img.color().has_alpha() {
        DynamicImage::ImageRgba8(img.into_rgba8())
    } else {
        DynamicImage::ImageRgb8(img.into_rgb8())
    };
    Ok(Decoded { img, format, icc })
}

/// Does the JPEG's image data end with its end-of-image marker? A file cut short in transfer does
/// not, and decoders fill the missing part with grey instead of failing. The search starts at the
/// main image's first scan, so an embedded thumbnail's marker does not count.
fn jpeg_is_complete(bytes: &[u8]) -> bool {
    let mut i = 2;
    while i + 4 <= bytes.len() && bytes[i] == 0xFF {
        let marker = bytes[i + 1];
        if marker == 0xFF {
            i += 1;
            continue;
        }
        if marker == 0xDA {
            return bytes[i..].windows(2).any(|w| w == [0xFF, 0xD9]);
        }
        let len = usize::from(u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]));
        i += 2 + len;
    }
    false
}

fn bad_image(e: &image::ImageError) -> String {
    match e {
        image::ImageError::Limits(_) => format!("is too large to decode safely ({e}): scale it down before adding it"),
        _ => format!("cannot be decoded, the file may be corrupt or cut short ({e}): export it again"),
    }
}

/// A smaller copy, by a Catmull-Rom filter: a convolution, free of aliasing at any ratio, through
/// `fast_image_resize`'s SIMD code (a tenth of the time of the `image` crate's filters). RGBA
/// pixels are weighted by their alpha.
fn resize(img: &DynamicImage, width: u32, height: u32) -> Result<DynamicImage, String> {
    use fast_image_resize as fir;
    let (kind, raw) = match img {
        DynamicImage::ImageRgb8(b) => (fir::PixelType::U8x3, b.as_raw()),
        DynamicImage::ImageRgba8(b) => (fir::PixelType::U8x4, b.as_raw()),
        _ => return Err("internal error: unexpected pixel layout".into()),
    };
    let failed = |e: &dyn std::fmt::Display| format!("cannot be resized: {e}");
    let options = fir::ResizeOptions::new().resize_alg(fir::ResizeAlg::Convolution(fir::FilterType::CatmullRom));
    let src = fir::images::ImageRef::new(img.width(), img.height(), raw, kind).map_err(|e| failed(&e))?;
    let mut dst = fir::images::Image::new(width, height, kind);
    fir::Resizer::new().resize(&src, &mut dst, &options).map_err(|e| failed(&e))?;
    let made = match kind {
        fir::PixelType::U8x3 => image::RgbImage::from_raw(width, height, dst.into_vec()).map(DynamicImage::ImageRgb8),
        _ => image::RgbaImage::from_raw(width, height, dst.into_vec()).map(DynamicImage::ImageRgba8),
    };
    made.ok_or_else(|| failed(&"the resized pixels do not fit"))
}

/// libwebp's speed/size trade-off, 0 (fastest) to 6: at quality 80, method 2 encodes a 1600-pixel
/// photo in about a third of the time of the default 4, for files 3-5% larger.
const WEBP_METHOD: i32 = 2;

/// Lossy WebP through libwebp, with the colour profile, if any.
fn webp(img: &DynamicImage, quality: u8, icc: Option<&[u8]>) -> Result<Vec<u8>, String> {
    let (w, h) = (img.width(), img.height());
    let encoder = match img {
        DynamicImage::ImageRgba8(b) => webp::Encoder::from_rgba(b.as_raw(), w, h),
        DynamicImage::ImageRgb8(b) => webp::Encoder::from_rgb(b.as_raw(), w, h),
        _ => return Err("internal error: unexpected pixel layout".into()),
    };
    let mut config = webp::WebPConfig::new().map_err(|()| "internal error: no WebP configuration".to_string())?;
    config.quality = f32::from(quality);
    config.method = WEBP_METHOD;
    let mem = encoder.encode_advanced(&config).map_err(|e| format!("cannot be encoded as WebP: {e:?}"))?;
    Ok(match icc {
        Some(p) => super::riff::with_icc(mem.to_vec(), p, w, h),
        None => mem.to_vec(),
    })
}

/// JPEG through `jpeg-encoder` (several times faster than the `image` crate's own encoder), with
/// the colour profile, if any.
fn jpeg(img: &DynamicImage, quality: u8, icc: Option<&[u8]>) -> Result<Vec<u8>, String> {
    let too_large = || "is too large for a JPEG file (65,535 pixels a side at most)".to_string();
    let w = u16::try_from(img.width()).map_err(|_| too_large())?;
    let h = u16::try_from(img.height()).map_err(|_| too_large())?;
    let (data, color) = match img {
        DynamicImage::ImageRgb8(b) => (b.as_raw(), jpeg_encoder::ColorType::Rgb),
        DynamicImage::ImageRgba8(b) => (b.as_raw(), jpeg_encoder::ColorType::Rgba),
        _ => return Err("internal error: unexpected pixel layout".into()),
    };
    let mut out = Vec::new();
    let mut enc = jpeg_encoder::Encoder::new(&mut out, quality);
    if let Some(p) = icc {
        enc.add_icc_profile(p).map_err(|e| format!("has a colour profile that cannot be kept: {e}"))?;
    }
    enc.encode(data, w, h, color).map_err(|e| format!("cannot be encoded as JPEG: {e}"))?;
    Ok(out)
}

fn fallback(img: &DynamicImage, format: Format, quality: u8, icc: Option<&[u8]>) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let (w, h, color) = (img.width(), img.height(), img.color().into());
    let result = match format {
        Format::Jpeg => return jpeg(img, quality, icc),
        Format::Png => {
            let mut enc = PngEncoder::new(&mut out);
            if let Some(p) = icc {
                let _ = enc.set_icc_profile(p.to_vec());
            }
            enc.write_image(img.as_bytes(), w, h, color)
        }
        Format::Webp => return webp(img, quality, icc),
    };
    result.map_err(|e| format!("cannot be encoded as {}: {e}", format.extension().to_uppercase()))?;
    Ok(out)
}

#[cfg(test)]
mod tests;
