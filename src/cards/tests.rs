use super::*;
use crate::render::jobs::{Job, SharedContext};
use resvg::usvg;

#[test]
fn every_page_has_its_own_card_path() {
    assert_eq!(card_path("/", "/"), "cards/card.png");
    assert_eq!(card_path("/", "/updates/kell/"), "cards/updates/kell/card.png");
    assert_eq!(card_path("/hub/", "/hub/404.html"), "cards/404/card.png");
    assert_eq!(card_path("/hub/", "/hub/"), "cards/card.png");
}

/// The text boxes of a card, in card pixels.
fn text_boxes(g: &usvg::Group, out: &mut Vec<usvg::Rect>) {
    for n in g.children() {
        match n {
            usvg::Node::Group(g) => text_boxes(g, out),
            usvg::Node::Text(t) => out.push(t.abs_bounding_box()),
            _ => {}
        }
    }
}

/// The SVG of the card of the page at `rel` in a site with these files, in `theme`.
fn card_svg(theme: &str, files: &[(&str, &str)], rel: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(
        root.join("site.yaml"),
        format!("title: Кооператив чистых рек\nbase_url: https://test.example/\ntheme: {theme}\n"),
    )
    .unwrap();
    for (p, c) in files {
        let p = root.join(p);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, c).unwrap();
    }
    let opts = crate::pipeline::BuildOptions::default();
    let p = crate::pipeline::prepare(root, &opts).unwrap_or_else(|e| panic!("{e:?}"));
    let styles = crate::render::style::stylesheets(&p.site, &p.templates).unwrap();
    let setup = setup(&p.site, &root.join("cache"), &p.assets());
    let ctx = SharedContext::new(&p.site, &p.templates, styles.urls("/"), 2026).with_cards(Some(setup));
    let i = p.site.pages.iter().position(|pg| pg.rel == rel).unwrap();
    ctx.run(&Job::Page(i)).unwrap();
    let mut cards = ctx.take_cards();
    assert_eq!(cards.len(), 1);
    cards.remove(0).svg
}

#[test]
fn a_300_character_cyrillic_title_wraps_and_is_ellipsed_within_the_card() {
    let title: String = "Жители долины восстановили реку своими руками и ".repeat(7).chars().take(300).collect();
    assert_eq!(title.chars().count(), 300);
    for theme in ["beacon", "grassroots"] {
        let page = format!("---\ntitle: {title}\ndescription: Очень длинное описание страницы\n---\nТекст.\n");
        let svg = card_svg(theme, &[("content/long.md", &page)], "long.md");
        assert!(svg.matches("<tspan").count() >= 3, "{theme}: the title is not wrapped");
        assert!(svg.contains('…'), "{theme}: the title is not ellipsed");
        let tree = raster::parse(&svg).unwrap();
        let mut boxes = Vec::new();
        text_boxes(tree.root(), &mut boxes);
        assert!(boxes.len() >= 3, "{theme}: {} text boxes", boxes.len());
        for b in boxes {
            assert!(
                b.left() >= 0.0 && b.top() >= 0.0 && b.right() <= 1200.0 && b.bottom() <= 630.0,
                "{theme}: text at {b:?} runs off the card"
            );
        }
        let png = raster::png(&svg).unwrap();
        assert!(png.len() < raster::MAX_BYTES, "{theme}: {} bytes", png.len());
    }
}

#[test]
fn greek_and_cyrillic_are_drawn_with_the_shipped_fonts() {
    // every glyph found: no fallback boxes (which usvg leaves out of the text's outline)
    let svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1200\" height=\"630\"><text x=\"10\" y=\"100\" font-family=\"{}\" font-size=\"40\">Ωμέγα Щука Ñandú</text></svg>",
        fonts::FAMILY
    );
    let tree = raster::parse(&svg).unwrap();
    let mut boxes = Vec::new();
    text_boxes(tree.root(), &mut boxes);
    assert_eq!(boxes.len(), 1);
    let expected = fonts::metrics(false).width("Ωμέγα Щука Ñandú", 40.0);
    assert!((boxes[0].width() - expected).abs() < expected * 0.1, "{} vs {expected}", boxes[0].width());
}
