//! What the built-in themes show: the impact page, the FAQ and photos' focal points.
use crate::common;

use common::*;

#[test]
fn the_impact_page_shows_each_goal_once_with_its_figures_folded_away() {
    for theme in ["beacon", "grassroots"] {
        let out = &built_example_site(theme).1;
        let impact = read(out, "impact/index.html");
        assert!(!impact.contains("class=\"goal-stats\""), "{theme}: no tiles repeating the figures");
        let folded = impact.matches("<details class=\"goal-data\">").count();
        assert!(folded > 0, "{theme}: the table is in a details element");
        assert_eq!(folded, impact.matches("<table class=\"data-table\">").count(), "{theme}: every table is folded");
        assert!(impact.contains("class=\"chart-pace\""), "{theme}: charts show the pace to the target");
        // A report card starts with its title, not its period, and has a summary.
        let cards = impact.split("<li class=\"link-card\">").skip(1);
        for card in cards {
            assert!(card.starts_with("<h3 class=\"link-card-title\">"), "{theme}: {card}");
            assert!(card.contains("class=\"link-card-summary\""), "{theme}: {card}");
        }
    }
}

#[test]
fn the_faq_page_offers_a_way_to_ask() {
    let out = &built_example_site("beacon").1;
    let faq = read(out, "faq/index.html");
    assert!(faq.contains("<aside class=\"faq-contact\""), "{faq}");
    assert!(faq.contains("href=\"mailto:hello@rivercommons.example\""), "{faq}");
}

#[test]
fn a_photo_focal_point_becomes_its_object_position() {
    for theme in ["beacon", "grassroots"] {
        let out = &built_example_site(theme).1;
        let update = read(out, "updates/trees-for-the-upper-kell/index.html");
        assert!(update.contains(" focus-bottom\""), "{theme}: the update's photo keeps its subject in view");
        let css = std::fs::read_dir(out)
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().starts_with("style."))
            .map(|e| std::fs::read_to_string(e.path()).unwrap())
            .collect::<String>();
        assert!(css.contains(".focus-bottom"), "{theme}: the theme styles the class");
    }
}

#[test]
fn a_focal_point_that_is_not_one_is_an_error_at_its_line() {
    let (_g, site) = site_with(&[(
        "content/updates/2025-01-01-a.md",
        "---\ntitle: A\ndate: 2025-01-01\nimage_focus: middle\n---\n",
    )]);
    let err = build_err(&site);
    assert!(
        err.contains("content/updates/2025-01-01-a.md:4:14: error: `image_focus: middle` is not a focal point"),
        "{err}"
    );
}

#[test]
fn a_share_crop_keeps_the_focal_point_in_view() {
    // a tall photo, red at the top left and blue elsewhere: its 1.91:1 crop is a band of it
    let update = |focus: &str| {
        format!(
            "---\ntitle: Tall\ndate: 2025-09-14\nimage: /images/tall.jpg\nimage_alt: A tall photo\nimage_focus: {focus}\n---\nBody.\n"
        )
    };
    let mut colours = Vec::new();
    for focus in ["top", "bottom"] {
        let (_g, site) = site_with_cards(&[("content/updates/2025-09-14-tall.md", &update(focus))]);
        std::fs::create_dir_all(site.join("static/images")).unwrap();
        std::fs::write(site.join("static/images/tall.jpg"), common::photos::jpeg(400, 1600)).unwrap();
        let out = build(&site);
        let page = read(&out, "updates/tall/index.html");
        assert!(page.contains(&format!(" focus-{focus}\"")), "{focus}: the page's photo");
        let crop = image::load_from_memory(&std::fs::read(out.join("images/tall-share.jpg")).unwrap()).unwrap();
        assert_eq!((crop.width(), crop.height()), (400, 210));
        let image::Rgba([r, _, b, _]) = image::GenericImageView::get_pixel(&crop, 50, 100);
        colours.push(if r > b { "red" } else { "blue" });
    }
    assert_eq!(colours, ["red", "blue"], "top keeps the top of the photo, bottom its bottom");
}

#[test]
fn the_landing_photo_and_event_photos_keep_their_focal_point() {
    let files = [
        (
            "content/_index.md",
            "---\ntitle: Home\nheadline: Rivers for all\nhero_image: /images/hero.jpg\nhero_image_alt: The river\nhero_image_focus: bottom right\n---\n",
        ),
        (
            "content/events/fair.md",
            "---\ntitle: Fair\nstart: 2030-05-01T10:00:00+01:00\nimage: /images/hero.jpg\nimage_alt: The fair\nimage_focus: left\n---\nCome.\n",
        ),
    ];
    for theme in ["beacon", "grassroots"] {
        let yaml = format!("title: T\nbase_url: https://t.example/\ntheme: {theme}\n");
        let (_g, site) = site_with(&[&[("site.yaml", yaml.as_str())][..], &files[..]].concat());
        std::fs::create_dir_all(site.join("static/images")).unwrap();
        std::fs::write(site.join("static/images/hero.jpg"), common::photos::jpeg(800, 600)).unwrap();
        let out = build(&site);
        let event = read(&out, "events/fair/index.html");
        assert!(event.contains(" focus-left\""), "{theme}: {event}");
        if theme == "grassroots" {
            assert!(read(&out, "index.html").contains("masthead-image focus-bottom-right\""), "{theme}");
        }
    }
    let (_g, site) = site_with(&[("content/_index.md", "---\ntitle: Home\nhero_image_focus: middle\n---\n")]);
    let err = build_err(&site);
    assert!(err.contains("content/_index.md:3:19: error: `hero_image_focus: middle` is not a focal point"), "{err}");
}
