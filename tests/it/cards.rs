//! Whole-site tests of share cards: every page of the example site has a correct card (read
//! through its Open Graph meta with an HTML parser), photos are shared as their 1.91:1 crop, the
//! Mastodon meta, the cache, turning cards off, and the share preview that only `rally serve` has.

use crate::common;

use common::*;
use std::path::{Path, PathBuf};

/// The `<meta>` values of a page's head, by `property` or `name`, parsed as HTML.
fn meta_of(html: &str) -> Vec<(String, String)> {
    let dom = tl::parse(html, tl::ParserOptions::default()).unwrap();
    let parser = dom.parser();
    let mut out = Vec::new();
    for node in dom.query_selector("meta").unwrap() {
        let tag = node.get(parser).unwrap().as_tag().unwrap();
        let attr = |n: &str| tag.attributes().get(n).flatten().map(|v| v.as_utf8_str().to_string());
        if let (Some(key), Some(content)) = (attr("property").or_else(|| attr("name")), attr("content")) {
            out.push((key, content));
        }
    }
    out
}

fn one<'a>(meta: &'a [(String, String)], key: &str) -> Option<&'a str> {
    meta.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

fn html_pages(out: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect()
}

/// Every page of the example site (but redirects and email editions) names a share image that
/// exists in the output: a 1200 x 630 PNG card under 300 KB, or its photo's crop.
fn check_every_page(theme: &str) {
    let out = &built_example_site(theme).1;
    let base = "https://rivercommons.example/";
    let mut cards = 0;
    for page in html_pages(out) {
        let html = std::fs::read_to_string(&page).unwrap();
        let meta = meta_of(&html);
        let shown = page.strip_prefix(out).unwrap().display().to_string();
        // redirects, and the email editions of updates (newsletters to paste, not pages to share)
        if html.contains("http-equiv=\"refresh\"") || page.ends_with("email.html") {
            continue;
        }
        let image = one(&meta, "og:image").unwrap_or_else(|| panic!("{shown}: no og:image"));
        let rel = image.strip_prefix(base).unwrap_or_else(|| panic!("{shown}: og:image {image} is not absolute"));
        let bytes = std::fs::read(out.join(rel)).unwrap_or_else(|e| panic!("{shown}: {rel}: {e}"));
        assert!(bytes.len() < 300 * 1024, "{shown}: {rel} weighs {} bytes", bytes.len());
        let img = image::load_from_memory(&bytes).unwrap_or_else(|e| panic!("{shown}: {rel}: {e}"));
        let (w, h) = (img.width(), img.height());
        assert_eq!(one(&meta, "og:image:width"), Some(w.to_string().as_str()), "{shown}");
        assert_eq!(one(&meta, "og:image:height"), Some(h.to_string().as_str()), "{shown}");
        assert_eq!(one(&meta, "twitter:card"), Some("summary_large_image"), "{shown}");
        assert!(one(&meta, "og:image:alt").is_some_and(|a| !a.is_empty()), "{shown}: no og:image:alt");
        if rel.ends_with("card.png") {
            assert_eq!((w, h), (1200, 630), "{shown}");
            assert_eq!(one(&meta, "og:image:type"), Some("image/png"), "{shown}");
            assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "{shown}");
            cards += 1;
        } else {
            // a photo's share crop: 1.91:1
            assert_eq!(one(&meta, "og:image:type"), Some("image/jpeg"), "{shown}");
            assert!((w as f64 / h as f64 - 1200.0 / 630.0).abs() < 0.01, "{shown}: {w} x {h}");
        }
        assert_eq!(one(&meta, "fediverse:creator"), Some("@rivercommons@mastodon.example"), "{shown}");
    }
    assert!(cards > 30, "only {cards} cards");
    let index = read(out, "index.html");
    assert!(index.contains("<link rel=\"me\" href=\"https://mastodon.example/@rivercommons\">"));
}

#[test]
fn every_page_of_the_example_site_has_a_card_in_beacon() {
    check_every_page("beacon");
}

#[test]
fn every_page_of_the_example_site_has_a_card_in_grassroots() {
    check_every_page("grassroots");
}

const PHOTO_UPDATE: &str = "---\ntitle: Kell clean-up\ndate: 2025-09-14\nimage: /images/river.jpg\nimage_alt: Volunteers on the bank\n---\nBody.\n";

#[test]
fn a_page_with_a_photo_shares_its_crop_and_cards_are_cached() {
    let (_g, site) = site_with_cards(&[
        ("content/updates/2025-09-14-kell.md", PHOTO_UPDATE),
        ("content/about.md", "---\ntitle: About us\n---\nHello.\n"),
    ]);
    std::fs::create_dir_all(site.join("static/images")).unwrap();
    std::fs::write(site.join("static/images/river.jpg"), common::photos::jpeg(2000, 1500)).unwrap();
    let out = build(&site);
    let meta = meta_of(&read(&out, "updates/kell/index.html"));
    assert_eq!(one(&meta, "og:image"), Some("https://test.example/images/river-share.jpg"));
    assert_eq!((one(&meta, "og:image:width"), one(&meta, "og:image:height")), (Some("1200"), Some("630")));
    assert_eq!(one(&meta, "og:image:alt"), Some("Volunteers on the bank"));
    let crop = std::fs::read(out.join("images/river-share.jpg")).unwrap();
    assert_eq!(common::photos::size_of(&crop), (1200, 630));
    let about = meta_of(&read(&out, "about/index.html"));
    assert_eq!(one(&about, "og:image"), Some("https://test.example/about/card.png"));
    // a second build draws nothing: every card comes from the cache
    let cached: Vec<_> = std::fs::read_dir(site.join(".rally-cache/cards")).unwrap().collect();
    let stamp = |p: &Path| std::fs::metadata(p).unwrap().modified().unwrap();
    let before = stamp(&site.join(".rally-cache/cards"));
    let again = build(&site);
    assert_eq!(std::fs::read_dir(site.join(".rally-cache/cards")).unwrap().count(), cached.len());
    assert_eq!(stamp(&site.join(".rally-cache/cards")), before);
    assert!(again.join("about/card.png").is_file());
}

#[test]
fn cards_can_be_turned_off() {
    let (_g, site) = site_with_cards(&[
        ("site.yaml", "title: Test Hub\nbase_url: https://test.example/\ncards: { enabled: false }\n"),
        ("content/about.md", "---\ntitle: About us\n---\nHello.\n"),
    ]);
    let out = build(&site);
    assert!(!out.join("cards").exists());
    let meta = meta_of(&read(&out, "about/index.html"));
    assert_eq!(one(&meta, "twitter:card"), Some("summary"));
    assert!(!site.join(".rally-cache/cards").exists());
}

#[test]
fn a_bad_mastodon_url_is_an_error_at_its_line() {
    let (_g, site) = site_with_cards(&[(
        "site.yaml",
        "title: Test Hub\nbase_url: https://test.example/\nsocial:\n  mastodon: https://mastodon.example/users/x\n",
    )]);
    let err = build_err(&site);
    assert!(err.contains("site.yaml:4:13: error:") && err.contains("https://HOST/@NAME"), "{err}");
}

#[test]
fn the_share_preview_lists_every_card_and_is_not_in_the_built_site() {
    let site = &built_example_site("beacon").0;
    let live = rally::live::LiveSite::load(site, &options(), Some("http://127.0.0.1:1111")).unwrap();
    let snap = rally::serve::http::Snapshot {
        files: live.files().iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
        base_path: "/".into(),
        ..Default::default()
    };
    let rally::serve::http::Reply::Ok { body, .. } = rally::serve::http::respond(&snap, rally::cards::preview::PATH)
    else {
        panic!("no share preview")
    };
    let html = String::from_utf8(body).unwrap();
    let dom = tl::parse(&html, tl::ParserOptions::default()).unwrap();
    let sections = dom.query_selector("section").unwrap().count();
    let figures = dom.query_selector("figure.net").unwrap().count();
    assert!(sections > 30 && figures == sections * 3, "{sections} pages, {figures} link previews");
    assert!(html.contains("http://127.0.0.1:1111/card.png"));
    // never part of the built site
    let out = build(site);
    let built: Vec<_> = walkdir::WalkDir::new(&out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().to_string_lossy().contains("__rally") || e.path().to_string_lossy().contains("share/"))
        .collect();
    assert!(built.is_empty(), "{built:?}");
}

#[test]
fn the_later_pages_of_a_list_share_the_card_of_its_first_page() {
    let (_g, site) = site_with_cards(&[(
        "site.yaml",
        "title: Test Hub\nbase_url: https://test.example/\nupdates: { per_page: 1 }\n",
    )]);
    for day in 1..=3 {
        common::write(
            &site,
            &format!("content/updates/2025-09-0{day}-u{day}.md"),
            &format!("---\ntitle: Update {day}\ndate: 2025-09-0{day}\ntags: [rivers]\n---\nBody.\n"),
        );
    }
    let out = build(&site);
    for (list, first) in [("updates", "updates"), ("tags/rivers", "tags/rivers")] {
        let meta = meta_of(&read(&out, &format!("{list}/page/2/index.html")));
        assert_eq!(one(&meta, "og:image"), Some(format!("https://test.example/{first}/card.png").as_str()), "{list}");
        assert!(out.join(format!("{first}/card.png")).is_file(), "{list}");
        assert!(!out.join(format!("{list}/page/2/card.png")).exists(), "{list}: no card of its own");
    }
}
