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
