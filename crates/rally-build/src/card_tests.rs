//! The tests of share cards that build a site: they need the pipeline (see `rally_media::cards`).

use rally_media::cards::{raster, render, setup};
use rally_render::cards::{Pending, Setup, fonts};
use rally_render::jobs::{Job, SharedContext};
use resvg::usvg;
use std::path::Path;

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

/// Writes a site of these files (after a `site.yaml` in `theme`) into `root`.
fn write_site(root: &Path, theme: &str, files: &[(&str, &str)]) {
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
}

/// The cards the pages at `rels` of the site in `root` queue, and their setup (cache in
/// `root/cache`).
fn cards_of(root: &Path, rels: &[&str]) -> (Vec<Pending>, Setup) {
    let opts = crate::pipeline::BuildOptions::default();
    let p = crate::pipeline::prepare(root, &opts).unwrap_or_else(|e| panic!("{e:?}"));
    let styles = rally_render::style::stylesheets(&p.site, &p.templates).unwrap();
    let setup = setup(&p.site, &root.join("cache"), &p.assets(), &p.templates);
    let ctx = SharedContext::new(&p.site, &p.templates, styles.urls("/"), 2026).with_cards(Some(setup.clone()));
    for rel in rels {
        let i = p.site.pages.iter().position(|pg| pg.rel == *rel).unwrap();
        ctx.run(&Job::Page(i)).unwrap();
    }
    (ctx.take_cards(), setup)
}

/// The SVG of the card of the page at `rel` in a site with these files, in `theme`.
fn card_svg(theme: &str, files: &[(&str, &str)], rel: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    write_site(dir.path(), theme, files);
    let (mut cards, _) = cards_of(dir.path(), &[rel]);
    assert_eq!(cards.len(), 1);
    cards.remove(0).svg.expect("a card not drawn yet has its SVG")
}

#[test]
fn a_cached_card_is_not_filled_again_and_equal_cards_are_drawn_once() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let page = "---\ntitle: Join us\ndescription: Same words\n---\nText.\n";
    let files = [("content/a.md", page), ("content/b/join.md", page), ("content/c.md", "---\ntitle: Other\n---\nx\n")];
    write_site(root, "beacon", &files);
    let rels = ["a.md", "b/join.md", "c.md"];
    let (cards, setup) = cards_of(root, &rels);
    assert!(cards.iter().all(|c| c.svg.is_some()), "nothing is cached yet");
    assert_eq!(cards[0].key, cards[1].key, "the same data draws the same card");
    assert_ne!(cards[0].key, cards[2].key);
    let drawn = render(&setup, cards).unwrap();
    assert_eq!((drawn.files.len(), drawn.drawn), (3, 2), "two pages share one drawing");
    // the next build hashes the data alone: no template is filled, nothing is drawn
    let (again, setup) = cards_of(root, &rels);
    assert!(again.iter().all(|c| c.svg.is_none()));
    assert_eq!(render(&setup, again).unwrap().drawn, 0);
    // a change to the card template draws every card again
    write_site(
        root,
        "beacon",
        &[(
            "templates/card.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1200\" height=\"630\"><text x=\"9\" y=\"99\">{{ page.title }}</text></svg>",
        )],
    );
    let (changed, setup) = cards_of(root, &rels);
    assert!(changed.iter().all(|c| c.svg.is_some()));
    assert_eq!(render(&setup, changed).unwrap().drawn, 2);
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
    let expected = fonts::metrics(fonts::Face::Regular).width("Ωμέγα Щука Ñandú", 40.0);
    assert!((boxes[0].width() - expected).abs() < expected * 0.1, "{} vs {expected}", boxes[0].width());
}

#[test]
fn an_arabic_card_is_drawn_right_to_left_with_every_glyph() {
    let site = "title: مشاع النهر\nbase_url: https://nahr.example/\nlanguage: ar\n";
    let page = "---\ntitle: أسئلة شائعة\ndescription: إجابات عن الأسئلة التي تُطرح علينا كثيرًا.\n---\nنص.\n";
    let svg = card_svg("beacon", &[("site.yaml", site), ("content/faq.md", page)], "faq.md");
    let tree = raster::parse(&svg).unwrap();
    let mut boxes = Vec::new();
    text_boxes(tree.root(), &mut boxes);
    // the footer comes before the page's own texts (it is the same on every card)
    assert_eq!(boxes.len(), 4, "site title, domain, page title, description: {svg}");
    // mirrored: the texts end 80 pixels from the right edge
    for b in [&boxes[0], &boxes[2], &boxes[3]] {
        assert!((b.right() - 1120.0).abs() < 4.0, "a text ends at {} not 1120", b.right());
    }
    // every glyph is in the shipped fonts: the drawn title is about as wide as its letters (joined
    // forms are narrower than the isolated ones measured)
    let isolated = fonts::metrics(fonts::Face::Bold).width("أسئلة شائعة", 60.0);
    let drawn = boxes[2].width();
    assert!(drawn > isolated * 0.6 && drawn < isolated * 1.05, "{drawn} vs {isolated}");
    // the closing full stop is at the left end of the line, where Arabic ends it
    let line = svg.split("<tspan").nth(2).unwrap();
    assert!(line.contains("\u{202B}إجابات"), "the description is embedded right to left: {line}");
}

/// The texts of a card's SVG, each with its box in card pixels, as `usvg` lays them out.
fn texts_of(svg: &str) -> Vec<(String, usvg::Rect)> {
    fn walk(g: &usvg::Group, out: &mut Vec<(String, usvg::Rect)>) {
        for n in g.children() {
            match n {
                usvg::Node::Group(g) => walk(g, out),
                usvg::Node::Text(t) => {
                    let text = t.chunks().iter().map(|c| c.text()).collect::<Vec<_>>().join(" ");
                    out.push((text, t.abs_bounding_box()));
                }
                _ => {}
            }
        }
    }
    let tree = raster::parse(svg).unwrap();
    let mut out = Vec::new();
    walk(tree.root(), &mut out);
    out
}

const EVENT: &str = "---\ntitle: Spring clean-up\nstart: 2027-04-17T10:00:00+01:00\nend: 2027-04-17T13:00:00+01:00\ntimezone: Europe/London\nlocation:\n  name: Coldwell footbridge\n  address: Mill Lane, Kellbridge\n---\nBring gloves.\n";

#[test]
fn an_event_card_says_when_and_where_in_the_pages_language() {
    for theme in ["beacon", "grassroots"] {
        let svg = card_svg(theme, &[("content/events/clean-up.md", EVENT)], "events/clean-up.md");
        let texts = texts_of(&svg);
        let find = |s: &str| {
            texts.iter().find(|(t, _)| t.contains(s)).unwrap_or_else(|| panic!("{theme}: no {s:?} in {texts:?}"))
        };
        let (_, when) = find("April 17, 2027");
        let (_, title) = find("Spring clean-up");
        let (_, place) = find("Coldwell footbridge, Mill Lane, Kellbridge");
        assert!(find("April 17, 2027").0.contains("10:00"), "{theme}: the time is shown");
        assert!(when.bottom() < title.top() && title.bottom() < place.top(), "{theme}: when, title, place in order");
    }
    // in French, with the event's status
    let site = "title: Rivières\nbase_url: https://test.example/\nlanguage: fr\n";
    let cancelled = EVENT.replace("timezone:", "status: cancelled\ntimezone:");
    let svg =
        card_svg("beacon", &[("site.yaml", site), ("content/events/clean-up.md", &cancelled)], "events/clean-up.md");
    let when = texts_of(&svg).into_iter().map(|(t, _)| t).find(|t| t.contains("2027")).unwrap();
    assert!(when.contains("avril") && when.starts_with("Annulé"), "{when}");
}

#[test]
fn a_campaign_card_shows_its_count_target_and_progress_bar() {
    let page = "---\ntitle: The valley pledge\nkind: pledge\ncount: 952\ntarget: 1000\nunit: pledges\n---\nSign it.\n";
    for theme in ["beacon", "grassroots"] {
        let svg = card_svg(theme, &[("content/campaigns/pledge.md", page)], "campaigns/pledge.md");
        let texts: Vec<String> = texts_of(&svg).into_iter().map(|(t, _)| t).collect();
        assert!(texts.iter().any(|t| t == "952 of 1,000 pledges"), "{theme}: {texts:?}");
        assert!(texts.iter().any(|t| t == "95%"), "{theme}: {texts:?}");
        // the bar: a track 1040 wide and its filled part, 95% of it (with the rounded end)
        assert!(svg.contains("width=\"1040\" height=\"18\""), "{theme}: no track");
        let filled = format!("width=\"{}\" height=\"18\"", 18.0 + 95.0 * 1022.0 / 100.0);
        assert!(svg.contains(&filled), "{theme}: no bar {filled}");
    }
}

#[test]
fn grassroots_titles_are_set_in_the_shipped_serif() {
    let page = "---\ntitle: Rivers are for everyone\n---\nText.\n";
    let svg = card_svg("grassroots", &[("content/about.md", page)], "about.md");
    assert!(svg.contains(&format!("font-family=\"{}, {}\"", fonts::SERIF_FAMILY, fonts::FAMILY)), "{svg}");
    let width_of =
        |svg: &str| texts_of(svg).into_iter().find(|(t, _)| t == "Rivers are for everyone").unwrap().1.width();
    let (drawn, as_sans) = (width_of(&svg), width_of(&svg.replace(fonts::SERIF_FAMILY, fonts::FAMILY)));
    // drawn with the serif's own glyphs: the same title in the sans has another width
    let serif = fonts::metrics(fonts::Face::SerifBold).width("Rivers are for everyone", 60.0);
    assert!((drawn - as_sans).abs() > 10.0, "{drawn} vs {as_sans} in the sans");
    assert!((drawn - serif).abs() < 8.0, "{drawn} vs {serif}");
    // letters the serif lacks come from the sans: an Arabic title has every glyph
    let svg = card_svg("grassroots", &[("content/about.md", "---\ntitle: أسئلة شائعة\n---\nنص.\n")], "about.md");
    let (_, title) = texts_of(&svg).into_iter().find(|(t, _)| t.contains("أسئلة")).unwrap();
    assert!(title.width() > fonts::metrics(fonts::Face::Bold).width("أسئلة شائعة", 60.0) * 0.6);
}

#[test]
fn a_wordmark_logo_keeps_its_proportions_and_replaces_the_written_name() {
    let wordmark = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"340\" height=\"80\" viewBox=\"0 0 340 80\"><rect width=\"340\" height=\"80\" fill=\"#123\"/></svg>";
    let square = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"80\" height=\"80\"><circle cx=\"40\" cy=\"40\" r=\"40\" fill=\"#123\"/></svg>";
    let page = "---\ntitle: About us\n---\nText.\n";
    for theme in ["beacon", "grassroots"] {
        let site = |logo: &str| {
            format!(
                "title: Кооператив чистых рек\nbase_url: https://test.example/\ntheme: {theme}\nbrand:\n  logo: /{logo}\n"
            )
        };
        let (wide_site, square_site) = (site("wide.svg"), site("square.svg"));
        let files = [("site.yaml", wide_site.as_str()), ("static/wide.svg", wordmark), ("content/about.md", page)];
        let svg = card_svg(theme, &files, "about.md");
        // 64 high and 4.25 times as wide, not squeezed into a square
        assert!(svg.contains("width=\"272\" height=\"64\""), "{theme}: {svg}");
        assert!(!texts_of(&svg).iter().any(|(t, _)| t.contains("Кооператив")), "{theme}: the name is written again");
        let files = [("site.yaml", square_site.as_str()), ("static/square.svg", square), ("content/about.md", page)];
        let svg = card_svg(theme, &files, "about.md");
        assert!(svg.contains("width=\"64\" height=\"64\""), "{theme}");
        assert!(texts_of(&svg).iter().any(|(t, _)| t.contains("Кооператив")), "{theme}: a square logo keeps the name");
    }
}
