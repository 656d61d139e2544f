//! Drawing cards in layers: what the cards of a build have in common is drawn once. A card's SVG
//! is split into its top-level painted elements (a background, brand shapes, a logo, the site's
//! name, then the page's own text); the longest run of leading elements that many cards share is
//! drawn once into a base layer, and each of those cards is its base layer plus the rest of its
//! elements drawn over it.
//!
//! The result is the same, pixel for pixel, as drawing the card whole: top-level elements are
//! painted one after the other onto the canvas, each independently of the others (see
//! [`super::raster::draw`]). So the split only applies where that holds: the elements that paint
//! nothing themselves (`defs`, `clipPath`, gradients...) go into every layer, and a card with a
//! `<style>` sheet or an `id` on a painted element (which a `<use>` could draw elsewhere) is drawn
//! whole. Which base a card gets depends on the other cards drawn in the same build, never its
//! pixels.

use super::raster::Layer;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// Elements that paint nothing where they stand: every layer gets them.
const UNPAINTED: [&str; 12] = [
    "defs",
    "clipPath",
    "mask",
    "linearGradient",
    "radialGradient",
    "pattern",
    "filter",
    "symbol",
    "marker",
    "title",
    "desc",
    "metadata",
];

/// A card's SVG cut into its root's start tag, the elements that paint nothing, the painted
/// top-level elements in order, and the end.
pub struct Split<'a> {
    head: &'a str,
    unpainted: String,
    painted: Vec<&'a str>,
    tail: &'a str,
    /// When the root is plain (a card's size, no attributes but `font-family`): its font family,
    /// if it has one. Only a plain root's texts may be laid out without `usvg` (see
    /// [`super::text`]).
    plain_root: Option<Option<&'a str>>,
}

impl<'a> Split<'a> {
    /// `svg` cut up, or `None` when it must be drawn whole (or does not parse: drawing it whole
    /// reports that).
    pub fn of(svg: &'a str) -> Option<Split<'a>> {
        let opts = resvg::usvg::roxmltree::ParsingOptions { allow_dtd: true, ..Default::default() };
        let doc = resvg::usvg::roxmltree::Document::parse_with_options(svg, opts).ok()?;
        let root = doc.root_element();
        let (first, last) = (root.first_child()?, root.last_child()?);
        let mut split = Split {
            head: &svg[..first.range().start],
            unpainted: String::new(),
            painted: Vec::new(),
            tail: &svg[last.range().end..],
            // the family as the SVG spells it (which a value with an entity is not)
            plain_root: match root.attribute_node("font-family") {
                _ if !plain(root) => None,
                None => Some(None),
                Some(a) => Some(Some(&svg[a.range_value()])).filter(|f| *f == Some(a.value())),
            },
        };
        for child in root.children().filter(|c| c.is_element()) {
            let name = child.tag_name().name();
            let text = &svg[child.range()];
            if name == "style" {
                return None;
            }
            if UNPAINTED.contains(&name) {
                split.unpainted.push_str(text);
            } else if child.descendants().any(|d| d.attribute("id").is_some()) {
                return None;
            } else {
                split.painted.push(text);
            }
        }
        Some(split)
    }

    /// How many painted elements the card has.
    pub fn len(&self) -> usize {
        self.painted.len()
    }

    /// The SVG of the painted elements `from..to`.
    pub fn layer(&self, from: usize, to: usize) -> String {
        let mut s = String::with_capacity(self.head.len() + self.unpainted.len() + self.tail.len() + 1024);
        s.push_str(self.head);
        s.push_str(&self.unpainted);
        for e in &self.painted[from..to] {
            s.push_str(e);
        }
        s.push_str(self.tail);
        s
    }

    /// The SVG of the painted elements `from..to` that [`super::text`] does not lay out, each in a
    /// group of its own, and the laid-out texts; `None` when texts cannot be laid out here (a root
    /// that is not plain, or no such text).
    pub fn parts(&self, from: usize, to: usize) -> Option<(String, Vec<Part>)> {
        let family = self.plain_root?;
        let mut svg = String::with_capacity(self.head.len() + self.unpainted.len() + self.tail.len() + 1024);
        svg.push_str(self.head);
        svg.push_str(&self.unpainted);
        let mut parts = Vec::with_capacity(to - from);
        let mut groups = 0;
        for e in &self.painted[from..to] {
            match super::text::lay_out(e, family) {
                Some(laid) => parts.push(Part::Text(laid)),
                None => {
                    svg.push_str("<g>");
                    svg.push_str(e);
                    svg.push_str("</g>");
                    parts.push(Part::Group(groups));
                    groups += 1;
                }
            }
        }
        svg.push_str(self.tail);
        parts.iter().any(|p| matches!(p, Part::Text(_))).then_some((svg, parts))
    }

    /// A hash of each leading run of painted elements (with what every layer has): the `k`th is of
    /// the first `k + 1` elements.
    fn prefixes(&self) -> Vec<blake3::Hash> {
        let mut h = blake3::Hasher::new();
        for part in [self.head, "\0", &self.unpainted, "\0", self.tail, "\0"] {
            h.update(part.as_bytes());
        }
        self.painted
            .iter()
            .map(|e| {
                h.update(e.as_bytes());
                h.update(b"\0");
                h.finalize()
            })
            .collect()
    }
}

/// A painted element of a card, ready to draw: a text laid out, or the `n`th group of the tree
/// of the others.
pub enum Part {
    Text(super::text::Laid),
    Group(usize),
}

/// Is `root` an SVG `<svg>` of a card's size, `viewBox` the same if it has one, with no other
/// attributes but `font-family`?
fn plain(root: resvg::usvg::roxmltree::Node) -> bool {
    use std::str::FromStr;
    let is = |name: &str, n: u32| {
        root.attribute(name)
            .and_then(|v| svgtypes::Length::from_str(v).ok())
            .is_some_and(|l| l.unit == svgtypes::LengthUnit::None && l.number == f64::from(n))
    };
    let view_box = root.attribute("viewBox").is_none_or(|v| {
        svgtypes::ViewBox::from_str(v).is_ok_and(|b| {
            (b.x, b.y, b.w, b.h) == (0.0, 0.0, f64::from(super::raster::WIDTH), f64::from(super::raster::HEIGHT))
        })
    });
    root.tag_name().namespace() == Some("http://www.w3.org/2000/svg")
        && root.tag_name().name() == "svg"
        && is("width", super::raster::WIDTH)
        && is("height", super::raster::HEIGHT)
        && view_box
        && root.attributes().all(|a| {
            a.namespace().is_none() && matches!(a.name(), "width" | "height" | "viewBox" | "font-family" | "version")
        })
}

/// A base layer: its SVG, drawn on first use and dropped after its last card.
struct Base {
    svg: String,
    drawn: Mutex<Option<Arc<Layer>>>,
    left: AtomicUsize,
}

/// The base layers of a batch of cards and which card is drawn over which (and from which of its
/// elements on).
pub struct Plan {
    bases: Vec<Base>,
    /// Per card: its base and the index of its first element not in the base.
    of: Vec<Option<(usize, usize)>>,
}

impl Plan {
    /// The bases worth drawing for `cards`: a leading run of elements is one when at least
    /// `max(2, cards / 16)` cards start with it; each card takes the longest it has.
    pub fn new(cards: &[Option<Split>]) -> Plan {
        let prefixes: Vec<Vec<blake3::Hash>> =
            cards.iter().map(|c| c.as_ref().map_or_else(Vec::new, Split::prefixes)).collect();
        let mut count: HashMap<blake3::Hash, usize> = HashMap::new();
        for p in prefixes.iter().flatten() {
            *count.entry(*p).or_default() += 1;
        }
        let enough = (cards.len() / 16).max(2);
        let mut index: HashMap<blake3::Hash, usize> = HashMap::new();
        let mut bases: Vec<Base> = Vec::new();
        let of = cards
            .iter()
            .zip(&prefixes)
            .map(|(card, prefixes)| {
                let k = prefixes.iter().rposition(|p| count[p] >= enough)?;
                let split = card.as_ref()?;
                let b = *index.entry(prefixes[k]).or_insert_with(|| {
                    let svg = split.layer(0, k + 1);
                    bases.push(Base { svg, drawn: Mutex::new(None), left: AtomicUsize::new(0) });
                    bases.len() - 1
                });
                bases[b].left.fetch_add(1, Ordering::Relaxed);
                Some((b, k + 1))
            })
            .collect();
        Plan { bases, of }
    }

    /// The base of card `i` and where its own elements start, if it has one.
    pub fn base_of(&self, i: usize) -> Option<(usize, usize)> {
        self.of[i]
    }

    /// The pixels of base `b`, drawn by the first card that asks (`None` if its SVG does not
    /// parse: the cards over it are drawn whole and report the error).
    pub fn pixels(&self, b: usize) -> Option<Arc<Layer>> {
        static SERIAL: AtomicU64 = AtomicU64::new(0);
        let base = &self.bases[b];
        let mut drawn = base.drawn.lock().ok()?;
        if drawn.is_none() {
            let tree = super::raster::parse(&base.svg).ok()?;
            let mut pixels = super::raster::canvas().ok()?;
            super::raster::draw(&tree, &mut pixels);
            let indexed = super::flat::Indexed::of(&pixels);
            *drawn = Some(Arc::new(Layer { serial: SERIAL.fetch_add(1, Ordering::Relaxed), pixels, indexed }));
        }
        drawn.clone()
    }

    /// Card of base `b` done: the last one frees the base's pixels.
    pub fn done(&self, b: usize) {
        let base = &self.bases[b];
        if base.left.fetch_sub(1, Ordering::AcqRel) == 1
            && let Ok(mut drawn) = base.drawn.lock()
        {
            *drawn = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cards::raster;

    fn card(title: &str) -> String {
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1200\" height=\"630\" font-family=\"DejaVu Sans\">\n\
             <clipPath id=\"c\"><rect width=\"10\" height=\"10\"/></clipPath>\n\
             <rect width=\"1200\" height=\"630\" fill=\"#0b6e4f\"/>\n\
             <circle cx=\"1130\" cy=\"70\" r=\"260\" fill=\"#fff\" fill-opacity=\"0.06\"/>\n\
             <text x=\"80.3\" y=\"99\" font-size=\"30\" font-weight=\"bold\" fill=\"#fff\">River Commons</text>\n\
             <text x=\"80\" y=\"300\" font-size=\"60\" fill=\"#f2a541\" fill-opacity=\"0.9\">{title}</text>\n\
             <rect x=\"80\" y=\"594\" width=\"96\" height=\"8\" rx=\"4\" fill=\"#f2a541\" clip-path=\"url(#c)\"/>\n\
             <rect x=\"80\" y=\"{}\" width=\"{}\" height=\"14\" rx=\"7\" fill=\"#f2a541\"/>\n\
             </svg>",
            400 + title.len(),
            title.len() * 20
        )
    }

    #[test]
    fn a_card_drawn_over_a_base_layer_is_the_card_drawn_whole() {
        let svgs: Vec<String> =
            ["Otters return", "Kell clean-up, with a longer title", "Ωμέγα Щука"].map(card).to_vec();
        let splits: Vec<Option<Split>> = svgs.iter().map(|s| Split::of(s)).collect();
        let plan = Plan::new(&splits);
        // one after the other on this thread's canvas, which clears only what the card before drew
        let layered: Vec<Vec<u8>> = (0..svgs.len())
            .map(|i| {
                let (b, from) = plan.base_of(i).expect("a base");
                assert_eq!(from, 3, "background, circle and site name are the base");
                let s = splits[i].as_ref().unwrap();
                let rest = raster::Drawing::whole(raster::parse(&s.layer(from, s.len())).unwrap());
                let png = raster::png_over(&rest, Some(&plan.pixels(b).unwrap())).unwrap();
                plan.done(b);
                png
            })
            .collect();
        assert!(plan.bases[0].drawn.lock().unwrap().is_none(), "the last card frees its base");
        for (i, svg) in svgs.iter().enumerate() {
            assert!(layered[i] == raster::png(svg).unwrap(), "card {i} differs");
        }
    }

    #[test]
    fn only_the_texts_of_a_plain_root_are_laid_out_without_usvg() {
        let svg = card("Otters return");
        let split = Split::of(&svg).unwrap();
        let (_, parts) = split.parts(3, split.len()).expect("a plain root");
        assert!(matches!(parts[..], [Part::Text(_), Part::Group(0), Part::Group(1)]));
        for other in [
            svg.replacen(" xmlns=\"http://www.w3.org/2000/svg\"", "", 1),
            svg.replacen("height=\"630\"", "height=\"600\"", 1),
            svg.replacen("<svg ", "<svg fill=\"red\" ", 1),
            svg.replacen("<svg ", "<svg viewBox=\"0 0 600 315\" ", 1),
        ] {
            let split = Split::of(&other).unwrap();
            assert!(split.parts(3, split.len()).is_none(), "{other}");
        }
    }

    #[test]
    fn a_card_with_a_style_sheet_or_a_painted_id_is_drawn_whole() {
        let svg = card("x");
        assert_eq!(Split::of(&svg).map(|s| s.len()), Some(6));
        assert!(
            Split::of(&svg.replace("<rect width=\"1200\"", "<style>rect{fill:red}</style><rect width=\"1200\""))
                .is_none()
        );
        assert!(Split::of(&svg.replace("<circle ", "<circle id=\"sun\" ")).is_none());
        assert!(Split::of("<svg").is_none());
    }
}
