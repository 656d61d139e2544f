//! Card texts laid out without `usvg`. Most of a card's own elements are texts: a date, a title in
//! lines, a description. `usvg` parses each one into a tree, shapes it, and turns every glyph into
//! a path the glyph cache (see [`super::glyphs`]) never draws, which was a fifth of drawing a card.
//! A text of the plain form cards are written in is laid out here instead, as `usvg` lays it out
//! (the same font query, shaping by `harfrust` with the same settings, the same positions, step by
//! step in the same arithmetic), with each font's shaper and shape plans made once per thread.
//!
//! The plain form: a `<text>` at the top of a card whose root sets at most `font-family`, with
//! `x`, `y`, `font-size` (a number), `font-weight`, `font-family`, `fill` (an opaque colour),
//! `fill-opacity` and `text-anchor`, holding either its words or `<tspan>`s with `x` and `y` of
//! their own and nothing else. Its words run left to right in the shipped fonts, without runs of
//! spaces. [`lay_out`] says `None` to anything else, which `usvg` then parses as before.

use resvg::tiny_skia::Transform;
use resvg::usvg::fontdb::{self, ID};
use resvg::usvg::{self, roxmltree};
use std::cell::RefCell;
use std::collections::HashMap;
use std::str::FromStr;

/// A glyph placed on the card: its font, its id, and the transform of its outline.
pub struct Placed {
    pub font: ID,
    pub glyph: u32,
    pub outline: Transform,
}

/// A text laid out: its colour, its opacity (0-255) and its glyphs.
pub struct Laid {
    pub color: [u8; 3],
    pub opacity: u8,
    pub glyphs: Vec<Placed>,
}

/// The attributes a plain text may have (see the module docs).
const TEXT_ATTRIBUTES: [&str; 8] =
    ["x", "y", "font-size", "font-weight", "font-family", "fill", "fill-opacity", "text-anchor"];

/// `element`, one top-level element of a card whose root's `font-family` is `family`, laid out,
/// or `None` when it is not a text of the plain form (see the module docs).
pub fn lay_out(element: &str, family: Option<&str>) -> Option<Laid> {
    if !element.starts_with("<text") {
        return None;
    }
    let doc = roxmltree::Document::parse(element).ok()?;
    let text = doc.root_element();
    if text.tag_name().name() != "text"
        || text.tag_name().namespace().is_some()
        || !text.attributes().all(|a| a.namespace().is_none() && TEXT_ATTRIBUTES.contains(&a.name()))
    {
        return None;
    }
    // the chunks: (x, y, words)
    let number = |node: roxmltree::Node, name: &str| -> Option<Option<f32>> {
        match node.attribute(name) {
            None => Some(None),
            Some(v) => length(v).map(Some),
        }
    };
    let mut chunks: Vec<(Option<f32>, Option<f32>, &str)> = Vec::new();
    if text.has_children() && text.children().all(|c| c.is_text()) {
        chunks.push((number(text, "x")?, number(text, "y")?, text.text()?));
    } else {
        if text.attribute("x").is_some() || text.attribute("y").is_some() {
            return None;
        }
        for tspan in text.children() {
            if !tspan.is_element()
                || tspan.tag_name().name() != "tspan"
                || tspan.tag_name().namespace().is_some()
                || tspan.attributes().any(|a| a.namespace().is_some() || !matches!(a.name(), "x" | "y"))
                || !tspan.children().all(|c| c.is_text())
            {
                return None;
            }
            let (x, y) = (number(tspan, "x")?, number(tspan, "y")?);
            if x.is_none() || y.is_none() {
                return None;
            }
            chunks.push((x, y, tspan.text()?));
        }
    }
    if chunks.is_empty() || !chunks.iter().all(|c| plain_words(c.2)) {
        return None;
    }
    let size = length(text.attribute("font-size")?)?;
    if !(size > 0.0 && size.is_finite()) {
        return None;
    }
    let weight: u16 = match text.attribute("font-weight").unwrap_or("normal") {
        "normal" => 400,
        "bold" => 700,
        w @ ("100" | "200" | "300" | "400" | "500" | "600" | "700" | "800" | "900") => w.parse().ok()?,
        _ => return None,
    };
    let anchor = match text.attribute("text-anchor").unwrap_or("start") {
        "start" => 0u8,
        "middle" => 1,
        "end" => 2,
        _ => return None,
    };
    let color = match svgtypes::Paint::from_str(text.attribute("fill").unwrap_or("black")).ok()? {
        svgtypes::Paint::Color(c) if c.alpha == 255 => [c.red, c.green, c.blue],
        _ => return None,
    };
    let opacity = match text.attribute("fill-opacity") {
        None => usvg::Opacity::ONE,
        Some(v) => {
            let l = svgtypes::Length::from_str(v).ok()?;
            match l.unit {
                svgtypes::LengthUnit::None => usvg::Opacity::new_clamped(l.number as f32),
                svgtypes::LengthUnit::Percent => usvg::Opacity::new_clamped(l.number as f32 / 100.0),
                _ => return None,
            }
        }
    };
    let families = svgtypes::parse_font_families(text.attribute("font-family").or(family)?).ok()?;
    if families.is_empty() {
        return None;
    }
    let db = super::fonts::layout();
    let font = query(&db, &families, weight)?;
    SHAPERS.with_borrow_mut(|shapers| {
        let shaping = match shapers.entry((font, weight)) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => e.insert(Shaping::new(font, weight)?),
        };
        let mut glyphs = Vec::new();
        let (mut last_x, mut last_y) = (0.0f32, 0.0f32);
        for (x, y, words) in chunks {
            let (x, y) = (x.unwrap_or(last_x), y.unwrap_or(last_y));
            let end = shaping.place(words, size, anchor, (x, y), font, &mut glyphs)?;
            (last_x, last_y) = (x + end, y);
        }
        Some(Laid { color, opacity: opacity.to_u8(), glyphs })
    })
}

/// A length in user units: a number, or pixels.
fn length(value: &str) -> Option<f32> {
    let l = svgtypes::Length::from_str(value).ok()?;
    matches!(l.unit, svgtypes::LengthUnit::None | svgtypes::LengthUnit::Px).then_some(l.number as f32)
}

/// Words `usvg` keeps as they are and lays out left to right: no space at either end, no two
/// spaces together, no other white space or control character, nothing right to left.
fn plain_words(words: &str) -> bool {
    !words.is_empty()
        && !words.starts_with(' ')
        && !words.ends_with(' ')
        && !words.contains("  ")
        && !words.chars().any(|c| c.is_control() || (c.is_whitespace() && c != ' '))
        && !unicode_bidi::BidiInfo::new(words, Some(unicode_bidi::Level::ltr())).has_rtl()
}

/// The face `usvg` picks for `families` (and then the serif family) at `weight`.
fn query(db: &fontdb::Database, families: &[svgtypes::FontFamily], weight: u16) -> Option<ID> {
    let mut names: Vec<fontdb::Family> = families
        .iter()
        .map(|f| match f {
            svgtypes::FontFamily::Serif => fontdb::Family::Serif,
            svgtypes::FontFamily::SansSerif => fontdb::Family::SansSerif,
            svgtypes::FontFamily::Cursive => fontdb::Family::Cursive,
            svgtypes::FontFamily::Fantasy => fontdb::Family::Fantasy,
            svgtypes::FontFamily::Monospace => fontdb::Family::Monospace,
            svgtypes::FontFamily::Named(s) => fontdb::Family::Name(s),
        })
        .collect();
    names.push(fontdb::Family::Serif);
    db.query(&fontdb::Query {
        families: &names,
        weight: fontdb::Weight(weight),
        stretch: fontdb::Stretch::Normal,
        style: fontdb::Style::Normal,
    })
}

thread_local! {
    static SHAPERS: RefCell<HashMap<(ID, u16), Shaping>> = RefCell::new(HashMap::new());
}

/// What shaping a face at a weight needs, made once per thread: the font, its shaper data, the
/// instance for the weight (as `usvg` asks for it), and a shape plan per script.
struct Shaping {
    font: harfrust::FontRef<'static>,
    data: harfrust::ShaperData,
    instance: harfrust::ShaperInstance,
    units_per_em: u16,
    plans: HashMap<Option<harfrust::Script>, harfrust::ShapePlan>,
}

impl Shaping {
    fn new(id: ID, weight: u16) -> Option<Shaping> {
        let file = super::fonts::layout_file(id)?;
        let font = harfrust::FontRef::from_index(file, 0).ok()?;
        let units_per_em = {
            use skrifa::MetadataProvider;
            let f = skrifa::FontRef::from_index(file, 0).ok()?;
            f.metrics(skrifa::instance::Size::unscaled(), skrifa::instance::LocationRef::default()).units_per_em
        };
        if !(16..=16384).contains(&units_per_em) {
            return None;
        }
        let data = harfrust::ShaperData::new(&font);
        let wght = harfrust::Variation { tag: harfrust::Tag::new(b"wght"), value: f32::from(weight) };
        let instance = harfrust::ShaperInstance::from_variations(&font, [wght]);
        Some(Shaping { font, data, instance, units_per_em, plans: HashMap::new() })
    }

    /// Shapes `words` and places their glyphs (of face `id`) as `usvg` places a chunk at `at`,
    /// at `size`, anchored at its start, middle or end (0, 1, 2); returns where the chunk ends,
    /// from `at`. `None` when a glyph is missing from the face (`usvg` would look for another).
    fn place(
        &mut self,
        words: &str,
        size: f32,
        anchor: u8,
        at: (f32, f32),
        id: ID,
        out: &mut Vec<Placed>,
    ) -> Option<f32> {
        let shaper = self.data.shaper(&self.font).instance(Some(&self.instance)).build();
        let mut buffer = harfrust::UnicodeBuffer::new();
        buffer.push_str(words);
        buffer.set_direction(harfrust::Direction::LeftToRight);
        buffer.guess_segment_properties();
        let script = Some(buffer.script()).filter(|s| *s != harfrust::script::UNKNOWN);
        let plan = self
            .plans
            .entry(script)
            .or_insert_with(|| harfrust::ShapePlan::new(&shaper, harfrust::Direction::LeftToRight, script, None, &[]));
        let output = shaper.shape(buffer, harfrust::ShapeOptions::new().plan(Some(plan)));
        let (infos, positions) = (output.glyph_infos(), output.glyph_positions());
        if infos.iter().any(|i| i.glyph_id == 0) {
            return None;
        }
        let sx = size / f32::from(self.units_per_em);
        // clusters: the glyphs of one character (or ligature) and their advance; each glyph's
        // offset within its cluster
        let mut clusters: Vec<(std::ops::Range<usize>, f32)> = Vec::new();
        let mut offsets = Vec::with_capacity(infos.len());
        let mut i = 0;
        while i < infos.len() {
            let start = i;
            while i < infos.len() && infos[i].cluster == infos[start].cluster {
                i += 1;
            }
            let (mut x, mut advance) = (0.0f32, 0.0f32);
            for p in &positions[start..i] {
                offsets.push(Transform::from_translate(x + p.x_offset as f32, -p.y_offset as f32));
                x += p.x_advance as f32;
                advance += p.x_advance as f32 * sx;
            }
            clusters.push((start..i, advance));
        }
        // where the chunk starts: its left edge (the least of each cluster's ends), then the anchor
        // (the `+ 0.0`s and `- 0.0`s are `usvg`'s shifts and spacings, all zero here: kept so that
        // a `-0.0` turns out as it does there)
        let (mut left, mut right, mut advance) = (f32::INFINITY, f32::NEG_INFINITY, 0.0f32);
        for (_, a) in &clusters {
            let start = advance + 0.0;
            let end = start + a - 0.0;
            left = left.min(start).min(end);
            right = right.max(start).max(end);
            advance += a;
        }
        let width = right - left;
        let shift = match anchor {
            0 => 0.0,
            1 => -width / 2.0,
            _ => -width,
        };
        let mut x = 0.0 - left + shift;
        let span = Transform::default().pre_translate(at.0, at.1).pre_translate(0.0, -0.0 + 0.0);
        for (range, a) in clusters {
            let cluster = Transform::default().post_concat(Transform::default().pre_translate(x + 0.0, 0.0));
            for g in range {
                let outline = span
                    .pre_concat(cluster)
                    .pre_concat(Transform::from_scale(sx, sx))
                    .pre_concat(offsets[g])
                    .pre_concat(Transform::from_scale(1.0, -1.0));
                out.push(Placed { font: id, glyph: infos[g].glyph_id, outline });
            }
            x += a;
        }
        Some(x)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The glyphs `usvg` lays out for a card with `element`.
    fn usvg_glyphs(element: &str) -> Vec<(ID, u32, [u32; 6])> {
        let svg = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1200\" height=\"630\" viewBox=\"0 0 1200 630\" font-family=\"DejaVu Sans\">{element}</svg>"
        );
        let tree = super::super::raster::parse(&svg).unwrap();
        let mut out = Vec::new();
        for node in tree.root().children() {
            let usvg::Node::Text(t) = node else { panic!("a text") };
            for span in t.layouted() {
                for g in &span.positioned_glyphs {
                    out.push((g.font, g.id.0, bits(g.outline_transform())));
                }
            }
        }
        out
    }

    fn bits(t: Transform) -> [u32; 6] {
        [t.sx, t.ky, t.kx, t.sy, t.tx, t.ty].map(f32::to_bits)
    }

    #[test]
    fn plain_texts_are_laid_out_as_usvg_lays_them_out() {
        for element in [
            "<text x=\"80\" y=\"190\" font-size=\"26\" font-weight=\"bold\" fill=\"#f2a541\">12 March 2026</text>",
            "<text text-anchor=\"start\" font-size=\"60\" font-weight=\"bold\" fill=\"#fff\"><tspan x=\"80\" y=\"270\">Otters return to the Kell,</tspan><tspan x=\"80\" y=\"342\">fifty years on: WAVE final AV To</tspan></text>",
            "<text x=\"1120.5\" y=\"407.25\" font-size=\"22\" font-weight=\"bold\" text-anchor=\"end\" fill=\"#fff\">73%</text>",
            "<text x=\"600\" y=\"300\" font-size=\"27.5\" text-anchor=\"middle\" fill=\"rgb(10, 20, 30)\" fill-opacity=\"0.88\">Ωμέγα Щука Ñandú · “quotes” — 42 km²</text>",
            "<text x=\"80\" y=\"99\" font-size=\"30\" font-family=\"DejaVu Serif, serif\" font-weight=\"bold\" fill=\"#0b6e4f\">River Commons</text>",
        ] {
            let laid = lay_out(element, Some("DejaVu Sans")).unwrap_or_else(|| panic!("laid out: {element}"));
            let ours: Vec<_> = laid.glyphs.iter().map(|g| (g.font, g.glyph, bits(g.outline))).collect();
            assert!(!ours.is_empty());
            assert_eq!(ours, usvg_glyphs(element), "{element}");
        }
    }

    #[test]
    fn other_texts_are_left_to_usvg() {
        for element in [
            "<rect width=\"10\" height=\"10\"/>",
            "<text x=\"80\" y=\"99\" font-size=\"30\" stroke=\"#000\">Stroked</text>",
            "<text x=\"80\" y=\"99\" font-size=\"30\" transform=\"rotate(5)\">Turned</text>",
            "<text x=\"80\" y=\"99\" font-size=\"2em\">Em</text>",
            "<text x=\"80\" y=\"99\" font-size=\"30\"> Spaced</text>",
            "<text x=\"80\" y=\"99\" font-size=\"30\">two  spaces</text>",
            "<text x=\"80\" y=\"99\" font-size=\"30\">مرحبا بالعالم</text>",
            "<text x=\"80\" y=\"99\" font-size=\"30\">A <tspan fill=\"red\">red</tspan> word</text>",
            "<text font-size=\"30\"><tspan x=\"80\">no y</tspan></text>",
            "<text x=\"80\" y=\"99\" font-size=\"30\" fill=\"url(#g)\">Gradient</text>",
            "<text x=\"80\" y=\"99\" font-size=\"30\" fill=\"#0008\">Translucent colour</text>",
            "<text x=\"80\" y=\"99\" font-size=\"30\">漢字</text>",
            "<text x=\"80 90\" y=\"99\" font-size=\"30\">Listed positions</text>",
            "<text x=\"80\" y=\"99\" font-size=\"30\">no\u{a0}break</text>",
            "<text x=\"80\" y=\"99\" font-size=\"30\" font-weight=\"bolder\">Bolder</text>",
            "<text x=\"80\" y=\"99\" font-size=\"30\" fill=\"currentColor\">Current</text>",
            "<text x=\"80\" y=\"99\" font-size=\"30\" xml:space=\"preserve\">Preserved</text>",
        ] {
            assert!(lay_out(element, Some("DejaVu Sans")).is_none(), "{element}");
        }
        assert!(lay_out("<text x=\"1\" y=\"2\" font-size=\"30\">No family</text>", None).is_none());
    }
}
