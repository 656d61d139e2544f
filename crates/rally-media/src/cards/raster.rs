//! From a card's SVG to its PNG: parsed by `usvg` with the shipped fonts (see [`super::fonts`]),
//! drawn by `resvg` on a `tiny-skia` canvas of exactly [`WIDTH`] x [`HEIGHT`] pixels, and written
//! as an opaque RGB PNG. A card that would weigh more than [`MAX_BYTES`] (a large photo in it) is
//! written with a palette of 256 colours instead (NeuQuant, from `color_quant`). Pure: text in,
//! bytes out.

use resvg::{tiny_skia, usvg};

/// The size of a card: the 1.91:1 picture every network shows in full.
pub use rally_render::cards::{HEIGHT, WIDTH};
/// The heaviest card written.
pub const MAX_BYTES: usize = 300 * 1024;

/// The parsed card, with its text laid out in the shipped fonts; the error says what is wrong.
pub fn parse(svg: &str) -> Result<usvg::Tree, String> {
    let opts = usvg::Options { fontdb: super::fonts::database(), ..usvg::Options::default() };
    usvg::Tree::from_str(svg, &opts).map_err(|e| format!("is not a valid SVG image ({e})"))
}

/// The card drawn and encoded as PNG.
pub fn png(svg: &str) -> Result<Vec<u8>, String> {
    let tree = parse(svg)?;
    let mut pixmap = tiny_skia::Pixmap::new(WIDTH, HEIGHT).ok_or("cannot make a canvas")?;
    pixmap.fill(tiny_skia::Color::WHITE);
    let size = tree.size();
    let transform = tiny_skia::Transform::from_scale(WIDTH as f32 / size.width(), HEIGHT as f32 / size.height());
    resvg::render(&tree, transform, &mut pixmap.as_mut());
    // opaque, so the premultiplied pixels are the colours themselves
    let mut rgb = Vec::with_capacity((WIDTH * HEIGHT * 3) as usize);
    for p in pixmap.data().chunks_exact(4) {
        rgb.extend_from_slice(&p[..3]);
    }
    // Flat brand colours compress well with the lightest deflate level and the `Sub` filter: a
    // quarter of the time of the balanced level, for files about twice as large (60 KB for a card
    // of text). A card with a photo in it may need the full effort, and one that is still too heavy
    // is written with a palette.
    let quick = encode(&rgb, ::png::ColorType::Rgb, None, Effort::Quick)?;
    if quick.len() <= MAX_BYTES {
        return Ok(quick);
    }
    let filtered = encode(&rgb, ::png::ColorType::Rgb, None, Effort::Full)?;
    if filtered.len() <= MAX_BYTES {
        return Ok(filtered);
    }
    let rgba = pixmap.data();
    let quant = color_quant::NeuQuant::new(10, 256, rgba);
    let indices: Vec<u8> = rgba.chunks_exact(4).map(|p| quant.index_of(p) as u8).collect();
    let palette: Vec<u8> = quant.color_map_rgb();
    encode(&indices, ::png::ColorType::Indexed, Some(palette), Effort::Palette)
}

/// How hard PNG encoding tries.
#[derive(Clone, Copy)]
enum Effort {
    /// Deflate level 1 on `Sub`-filtered rows: fast, and small enough for flat colours.
    Quick,
    /// The balanced level with adaptive filters: for photos.
    Full,
    /// The balanced level on unfiltered palette indices.
    Palette,
}

fn encode(data: &[u8], color: ::png::ColorType, palette: Option<Vec<u8>>, effort: Effort) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let mut enc = ::png::Encoder::new(&mut out, WIDTH, HEIGHT);
    enc.set_color(color);
    enc.set_depth(::png::BitDepth::Eight);
    match effort {
        Effort::Quick => {
            enc.set_deflate_compression(::png::DeflateCompression::Level(1));
            enc.set_filter(::png::Filter::Sub);
        }
        Effort::Full => {
            enc.set_compression(::png::Compression::Balanced);
            enc.set_filter(::png::Filter::Adaptive);
        }
        Effort::Palette => {
            enc.set_compression(::png::Compression::Balanced);
            enc.set_filter(::png::Filter::NoFilter);
        }
    }
    if let Some(p) = palette {
        enc.set_palette(p);
    }
    let mut writer = enc.write_header().map_err(|e| format!("cannot be encoded as PNG: {e}"))?;
    writer.write_image_data(data).map_err(|e| format!("cannot be encoded as PNG: {e}"))?;
    writer.finish().map_err(|e| format!("cannot be encoded as PNG: {e}"))?;
    Ok(out)
}
