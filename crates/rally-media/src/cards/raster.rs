//! From a card's SVG to its PNG: parsed by `usvg` with the shipped fonts (see [`super::fonts`]),
//! drawn on a `tiny-skia` canvas of exactly [`WIDTH`] x [`HEIGHT`] pixels (shapes by `resvg`, text
//! from the glyph cache, see [`super::glyphs`]) and encoded as PNG. Pure: text in, bytes out.
//!
//! A card of flat colours (text, shapes, a logo: at most 256 colours) is written with a palette of
//! exactly its colours (see [`super::flat`]). A card with a photo in it
//! has more colours: it is written as RGB, with more effort if it would weigh more than
//! [`MAX_BYTES`], and with a palette of 256 colours (NeuQuant, from `color_quant`) as a last
//! resort.

use super::layers::Part;
use resvg::{tiny_skia, usvg};

/// The size of a card: the 1.91:1 picture every network shows in full.
pub use rally_render::cards::{HEIGHT, WIDTH};
/// The heaviest card written.
pub const MAX_BYTES: usize = 300 * 1024;

/// The parsed card, with its text laid out in the shipped fonts; the error says what is wrong.
///
/// Parsed with the layout fonts when the glyph cache draws all of its text, else with the full
/// ones (see [`super::fonts`]).
pub fn parse(svg: &str) -> Result<usvg::Tree, String> {
    let tree = parse_with(svg, super::fonts::layout())?;
    if !svg.contains("<text") || glyphs_draw_all(tree.root(), scale(&tree, WIDTH, HEIGHT)) {
        return Ok(tree);
    }
    parse_full(svg)
}

/// The parsed card with the full fonts, whose text `resvg` can draw.
pub fn parse_full(svg: &str) -> Result<usvg::Tree, String> {
    parse_with(svg, super::fonts::full())
}

fn parse_with(svg: &str, fontdb: std::sync::Arc<usvg::fontdb::Database>) -> Result<usvg::Tree, String> {
    let opts = usvg::Options { fontdb, ..usvg::Options::default() };
    usvg::Tree::from_str(svg, &opts).map_err(|e| format!("is not a valid SVG image ({e})"))
}

/// How a tree is scaled to a canvas of `width` x `height`.
fn scale(tree: &usvg::Tree, width: u32, height: u32) -> tiny_skia::Transform {
    let size = tree.size();
    tiny_skia::Transform::from_scale(width as f32 / size.width(), height as f32 / size.height())
}

/// Does the glyph cache draw every text of `group` under `ts` (as [`draw_nodes`] walks it), and
/// does no other drawing (by `resvg`) meet a text?
fn glyphs_draw_all(group: &usvg::Group, ts: tiny_skia::Transform) -> bool {
    group.children().iter().all(|node| match node {
        usvg::Node::Text(text) => super::glyphs::simple(text, ts),
        usvg::Node::Group(g) if !g.should_isolate() => {
            no_text_in_paints(node) && glyphs_draw_all(g, ts.pre_concat(g.transform()))
        }
        _ => no_text(node),
    })
}

/// Is there no text in `node`, its clip paths, masks, patterns or SVG pictures?
fn no_text(node: &usvg::Node) -> bool {
    match node {
        usvg::Node::Text(_) => false,
        usvg::Node::Group(g) => no_text_in_paints(node) && g.children().iter().all(no_text),
        usvg::Node::Path(_) => no_text_in_paints(node),
        usvg::Node::Image(i) => !matches!(i.kind(), usvg::ImageKind::SVG(_)),
    }
}

/// Is there no text in the clip path, mask or fill and stroke patterns of `node` itself?
fn no_text_in_paints(node: &usvg::Node) -> bool {
    let in_group = |g: &usvg::Group| g.children().iter().all(no_text);
    let pattern = |p: Option<&usvg::Paint>| match p {
        Some(usvg::Paint::Pattern(p)) => in_group(p.root()),
        _ => true,
    };
    match node {
        usvg::Node::Group(g) => {
            g.clip_path().is_none_or(|c| in_group(c.root()) && c.clip_path().is_none_or(|c| in_group(c.root())))
                && g.mask().is_none_or(|m| in_group(m.root()))
        }
        usvg::Node::Path(p) => pattern(p.fill().map(usvg::Fill::paint)) && pattern(p.stroke().map(usvg::Stroke::paint)),
        _ => true,
    }
}

/// A blank (white) card canvas.
pub fn canvas() -> Result<tiny_skia::Pixmap, String> {
    let mut pixmap = tiny_skia::Pixmap::new(WIDTH, HEIGHT).ok_or("cannot make a canvas")?;
    pixmap.fill(tiny_skia::Color::WHITE);
    Ok(pixmap)
}

/// Draws `tree` onto `pixmap`, scaled to the card's size, node after node (which is what lets a
/// card be drawn in layers, see [`super::layers`]); returns which rows it may have painted.
pub fn draw(tree: &usvg::Tree, pixmap: &mut tiny_skia::Pixmap) -> Vec<bool> {
    let ts = scale(tree, pixmap.width(), pixmap.height());
    let mut painted = vec![false; pixmap.height() as usize];
    draw_nodes(tree.root(), ts, tree.fontdb(), &mut pixmap.as_mut(), &mut painted);
    painted
}

/// What a card draws: a tree, drawn whole, or its elements one after the other, texts laid out
/// by [`super::text`] and the others from the groups of a tree (see [`super::layers::Split::parts`]).
pub struct Drawing {
    tree: Option<usvg::Tree>,
    parts: Option<Vec<Part>>,
}

impl Drawing {
    pub fn whole(tree: usvg::Tree) -> Drawing {
        Drawing { tree: Some(tree), parts: None }
    }

    /// The drawing of `parts`, whose groups are those of `svg`; `None` when `svg`'s tree does not
    /// have one group for each (the parts must then be drawn whole).
    pub fn of_parts(svg: &str, parts: Vec<Part>) -> Option<Result<Drawing, String>> {
        let groups = parts.iter().filter(|p| matches!(p, Part::Group(_))).count();
        if groups == 0 {
            return Some(Ok(Drawing { tree: None, parts: Some(parts) }));
        }
        let tree = match parse(svg) {
            Ok(tree) => tree,
            Err(e) => return Some(Err(e)),
        };
        let children = tree.root().children();
        (children.len() == groups && children.iter().all(|n| matches!(n, usvg::Node::Group(_))))
            .then(|| Ok(Drawing { tree: Some(tree), parts: Some(parts) }))
    }
}

/// Draws `drawing` onto `pixmap`; returns which rows it may have painted.
fn draw_drawing(drawing: &Drawing, pixmap: &mut tiny_skia::Pixmap) -> Vec<bool> {
    let Some(parts) = &drawing.parts else {
        return match &drawing.tree {
            Some(tree) => draw(tree, pixmap),
            None => vec![false; pixmap.height() as usize],
        };
    };
    // a plain root (see `Split`): the card's size, so no scaling
    let ts = tiny_skia::Transform::from_scale(1.0, 1.0);
    let mut painted = vec![false; pixmap.height() as usize];
    let layout = super::fonts::layout();
    let mut pixmap = pixmap.as_mut();
    for part in parts {
        match part {
            Part::Text(laid) => {
                let glyphs = laid.glyphs.iter().map(|g| (g.font, g.glyph, g.outline));
                let paint = super::glyphs::Paint { color: laid.color, opacity: laid.opacity, even_odd: false };
                super::glyphs::draw_glyphs(glyphs, paint, ts, &layout, &mut pixmap, &mut painted);
            }
            Part::Group(n) => {
                if let Some(tree) = &drawing.tree {
                    let ts = scale(tree, WIDTH, HEIGHT);
                    let node = &tree.root().children()[*n];
                    draw_node(node, ts, tree.fontdb(), &mut pixmap, &mut painted);
                }
            }
        }
    }
    painted
}

fn draw_nodes(
    group: &usvg::Group,
    ts: tiny_skia::Transform,
    db: &usvg::fontdb::Database,
    pixmap: &mut tiny_skia::PixmapMut,
    painted: &mut [bool],
) {
    for node in group.children() {
        draw_node(node, ts, db, pixmap, painted);
    }
}

fn draw_node(
    node: &usvg::Node,
    ts: tiny_skia::Transform,
    db: &usvg::fontdb::Database,
    pixmap: &mut tiny_skia::PixmapMut,
    painted: &mut [bool],
) {
    match node {
        usvg::Node::Text(text) if super::glyphs::draw(text, ts, db, pixmap, painted) => {}
        usvg::Node::Group(g) if !g.should_isolate() => {
            draw_nodes(g, ts.pre_concat(g.transform()), db, pixmap, painted);
        }
        _ => {
            // `render_node` draws a node into a canvas of its own bounds: moved back here
            let Some(b) = node.abs_layer_bounding_box() else { return };
            resvg::render_node(node, ts.pre_translate(b.x(), b.y()), pixmap);
            // the rows of its bounds, and two more each side for anti-aliasing
            let rows = b.to_rect().transform(ts).map_or((0.0, f32::MAX), |r| (r.top(), r.bottom()));
            let top = (rows.0.floor() as i64 - 2).clamp(0, painted.len() as i64) as usize;
            let bottom = (rows.1.ceil() as i64 + 2).clamp(0, painted.len() as i64) as usize;
            painted[top..bottom.max(top)].fill(true);
        }
    }
}

/// The card drawn and encoded as PNG.
pub fn png(svg: &str) -> Result<Vec<u8>, String> {
    png_over(&Drawing::whole(parse(svg)?), None)
}

/// A base layer's pixels, with a number no other layer of the process has, and indexed when it
/// has flat colours.
pub struct Layer {
    pub serial: u64,
    pub pixels: tiny_skia::Pixmap,
    pub indexed: Option<super::flat::Indexed>,
}

/// A canvas a thread keeps for its cards: what it was cleared to (a layer's serial, `None` for
/// white) and the rows drawn over that since, which alone are cleared again for a card over the
/// same layer.
struct Canvas {
    pixmap: tiny_skia::Pixmap,
    cleared_to: Option<Option<u64>>,
    painted: Vec<bool>,
}

/// `drawing` drawn over `base` (a blank canvas without one) and encoded as PNG.
pub fn png_over(drawing: &Drawing, base: Option<&Layer>) -> Result<Vec<u8>, String> {
    // texts alone over a base of flat colours: drawn in its palette
    if let (Some(base), Some(parts), None) = (base, &drawing.parts, &drawing.tree) {
        let texts: Vec<&super::text::Laid> =
            parts.iter().filter_map(|p| if let Part::Text(t) = p { Some(t) } else { None }).collect();
        if let Some(png) = super::indexed::png(&texts, base) {
            return Ok(png);
        }
    }
    thread_local! {
        static CANVAS: std::cell::RefCell<Option<Canvas>> = const { std::cell::RefCell::new(None) };
    }
    CANVAS.with_borrow_mut(|kept| {
        let c = match kept {
            Some(c) => c,
            None => kept.insert(Canvas { pixmap: canvas()?, cleared_to: None, painted: Vec::new() }),
        };
        let to = base.map(|b| b.serial);
        let stride = c.pixmap.width() as usize * 4;
        let all = c.cleared_to != Some(to);
        for (row, line) in c.pixmap.data_mut().chunks_exact_mut(stride).enumerate() {
            if all || c.painted.get(row).copied().unwrap_or(true) {
                match base {
                    Some(b) => line.copy_from_slice(&b.pixels.data()[row * stride..(row + 1) * stride]),
                    None => line.fill(255),
                }
            }
        }
        // a failed drawing leaves the canvas to be cleared whole
        c.cleared_to = None;
        c.painted = draw_drawing(drawing, &mut c.pixmap);
        c.cleared_to = Some(to);
        // the rows not painted are the base's
        encode(&c.pixmap, base.and_then(|b| Some((b.indexed.as_ref()?, c.painted.as_slice()))))
    })
}

/// A drawn card as PNG: with a palette of its own colours when it has at most 256, else as RGB.
/// With `over`, the rows not marked painted are those of the indexed base layer.
fn encode(pixmap: &tiny_skia::Pixmap, over: Option<(&super::flat::Indexed, &[bool])>) -> Result<Vec<u8>, String> {
    // opaque, so the premultiplied pixels are the colours themselves
    if let Some(png) = super::flat::png(pixmap, over).filter(|png| png.len() <= MAX_BYTES) {
        return Ok(png);
    }
    let rgb: Vec<u8> = pixmap.data().chunks_exact(4).flat_map(|p| [p[0], p[1], p[2]]).collect();
    // A photo: the lightest deflate level on `Sub`-filtered rows, the full effort if that is too
    // heavy, and a palette if it still is.
    let quick = write(&rgb, ::png::ColorType::Rgb, None, Effort::Quick)?;
    if quick.len() <= MAX_BYTES {
        return Ok(quick);
    }
    let filtered = write(&rgb, ::png::ColorType::Rgb, None, Effort::Full)?;
    if filtered.len() <= MAX_BYTES {
        return Ok(filtered);
    }
    let rgba = pixmap.data();
    let quant = color_quant::NeuQuant::new(10, 256, rgba);
    let indices: Vec<u8> = rgba.chunks_exact(4).map(|p| quant.index_of(p) as u8).collect();
    let palette: Vec<u8> = quant.color_map_rgb();
    write(&indices, ::png::ColorType::Indexed, Some(palette), Effort::Full)
}

/// How hard PNG encoding tries.
#[derive(Clone, Copy)]
enum Effort {
    /// Deflate level 1 on `Sub`-filtered rows: fast, and small enough for most photos.
    Quick,
    /// The balanced level with adaptive filters.
    Full,
}

fn write(data: &[u8], color: ::png::ColorType, palette: Option<Vec<u8>>, effort: Effort) -> Result<Vec<u8>, String> {
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
    }
    if let Some(p) = palette {
        enc.set_palette(p);
    }
    let mut writer = enc.write_header().map_err(|e| format!("cannot be encoded as PNG: {e}"))?;
    writer.write_image_data(data).map_err(|e| format!("cannot be encoded as PNG: {e}"))?;
    writer.finish().map_err(|e| format!("cannot be encoded as PNG: {e}"))?;
    Ok(out)
}
