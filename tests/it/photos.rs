//! Whole-site tests of the photo pipeline: responsive markup, sizes, stripped metadata, the cache,
//! errors at the line that uses a bad photo, and the preview after a photo is replaced.

use crate::common;

use common::photos;
use common::*;
use std::path::Path;

const UPDATE: &str = "---\ntitle: Kell clean-up\ndate: 2025-09-14\nimage: /images/river.jpg\nimage_alt: The river\n---\n\
Before.\n\n![Volunteers](../kell.png)\n\n![Again](/images/river.jpg)\n";

/// A site whose update has a sideways phone photo (front matter and body) and a PNG beside it.
fn photo_site() -> (tempfile::TempDir, std::path::PathBuf) {
    let (g, site) = site_with(&[("content/updates/2025-09-14-kell.md", UPDATE)]);
    write_bytes(&site, "static/images/river.jpg", &photos::phone_jpeg(2000, 1500));
    write_bytes(&site, "content/updates/kell.png", &photos::png(800, 600));
    write_bytes(&site, "static/images/unused.jpg", &photos::phone_jpeg(64, 48));
    (g, site)
}

fn write_bytes(root: &Path, rel: &str, bytes: &[u8]) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, bytes).unwrap();
}

fn all_files(dir: &Path) -> Vec<std::path::PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect()
}

#[test]
fn photos_are_published_at_each_width_upright_and_without_metadata() {
    let (_g, site) = photo_site();
    let out = build(&site);
    // 2000 x 1500 stored, orientation 6: 1500 x 2000 upright, so 480, 960 and its own 1500
    for (w, h) in [(480, 640), (960, 1280), (1500, 2000)] {
        for ext in ["webp", "jpg"] {
            let bytes = std::fs::read(out.join(format!("images/river-{w}w.{ext}"))).unwrap();
            assert_eq!(photos::size_of(&bytes), (w, h), "{w}w.{ext}");
        }
    }
    let own = std::fs::read(out.join("images/river.jpg")).unwrap();
    assert_eq!(photos::size_of(&own), (1500, 2000), "the photo's own path serves its largest stripped version");
    // 800 wide: 480 and 800, never 960 or 1600
    assert!(out.join("updates/kell-480w.png").is_file() && out.join("updates/kell-800w.webp").is_file());
    assert!(!out.join("updates/kell-960w.png").exists() && !out.join("updates/kell-1600w.webp").exists());
    for f in all_files(&out).into_iter().filter(|f| !f.ends_with("images/unused.jpg")) {
        let bytes = std::fs::read(&f).unwrap();
        assert!(!photos::has_metadata(&bytes), "{} carries EXIF, GPS or XMP", f.display());
    }
    // a static photo no page uses is copied as it is
    assert_eq!(std::fs::read(out.join("images/unused.jpg")).unwrap(), photos::phone_jpeg(64, 48));
    assert!(site.join(".rally-cache/images").is_dir() && !out.join(".rally-cache").exists());
}

#[test]
fn pages_get_pictures_with_srcset_sizes_and_intrinsic_size_and_only_the_first_loads_at_once() {
    for theme in ["beacon", "grassroots"] {
        let (_g, site) = photo_site();
        write(&site, "site.yaml", &format!("title: Test Hub\nbase_url: https://test.example/hub/\ntheme: {theme}\n"));
        let out = build(&site);
        let html = read(&out, "updates/kell/index.html");
        let pictures: Vec<&str> =
            html.split("<picture>").skip(1).map(|p| &p[..p.find("</picture>").unwrap()]).collect();
        assert_eq!(pictures.len(), 3, "{theme}: hero and two body photos\n{html}");
        for p in &pictures {
            assert!(p.contains("<source type=\"image/webp\" srcset=\"/hub/"), "{theme}: {p}");
            assert!(p.contains(" sizes=\""), "{theme}: {p}");
        }
        let river = "srcset=\"/hub/images/river-480w.jpg 480w, /hub/images/river-960w.jpg 960w, /hub/images/river-1500w.jpg 1500w\"";
        assert!(
            pictures[0].contains(river) && pictures[0].contains("width=\"1500\" height=\"2000\""),
            "{theme}: {}",
            pictures[0]
        );
        assert!(
            !pictures[0].contains("loading=") && !pictures[0].contains("decoding="),
            "{theme}: first loads at once"
        );
        assert!(
            pictures[1].contains("src=\"/hub/updates/kell.png\"")
                && pictures[1].contains("width=\"800\" height=\"600\"")
        );
        assert!(pictures[1].contains("alt=\"Volunteers\""), "{}", pictures[1]);
        for p in &pictures[1..] {
            assert!(p.contains("loading=\"lazy\" decoding=\"async\""), "{theme}: {p}");
        }
        let list = read(&out, "updates/index.html");
        assert!(list.contains("/hub/images/river-480w.webp 480w"), "{theme}: cards use the pipeline");
    }
}

#[test]
fn an_unchanged_photo_is_never_encoded_twice() {
    let (_g, site) = photo_site();
    let out = site.join("public");
    let first = rally::pipeline::build(&site, &out, &options()).unwrap();
    // two photos, and the share crop of river.jpg, the update's `image`
    assert_eq!((first.photos, first.photos_encoded), (2, 2));
    assert_eq!((first.crops, first.crops_encoded), (1, 1));
    let again = rally::pipeline::build(&site, &out, &options()).unwrap();
    assert_eq!((again.photos, again.photos_encoded, again.crops, again.crops_encoded), (2, 0, 1, 0));
    assert!(out.join("images/river-960w.webp").is_file());
    #[cfg(unix)]
    {
        // published photos are links to the cache, not copies
        use std::os::unix::fs::MetadataExt;
        assert!(std::fs::metadata(out.join("images/river-960w.webp")).unwrap().nlink() >= 2);
        assert_eq!(std::fs::metadata(out.join("images/unused.jpg")).unwrap().nlink(), 1);
    }
    write_bytes(&site, "static/images/river.jpg", &photos::phone_jpeg(1200, 900));
    let changed = rally::pipeline::build(&site, &out, &options()).unwrap();
    assert_eq!((changed.photos_encoded, changed.crops_encoded), (1, 1), "the photo and its share crop");
    assert_eq!(photos::size_of(&std::fs::read(out.join("images/river.jpg")).unwrap()), (900, 1200));
    // new settings make new files
    write(
        &site,
        "site.yaml",
        "title: Test Hub\nbase_url: https://test.example/\nimages: { widths: [300], quality: 60 }\n",
    );
    let resized = rally::pipeline::build(&site, &out, &options()).unwrap();
    assert_eq!((resized.photos_encoded, resized.crops_encoded), (2, 1), "both photos and the crop, at the new quality");
    assert!(out.join("images/river-300w.webp").is_file() && !out.join("images/river-480w.webp").exists());
}

#[test]
fn keep_originals_publishes_the_original_file_too() {
    let (_g, site) = photo_site();
    write(&site, "site.yaml", "title: Test Hub\nbase_url: https://test.example/\nimages: { keep_originals: true }\n");
    let out = build(&site);
    assert_eq!(std::fs::read(out.join("images/river.jpg")).unwrap(), photos::phone_jpeg(2000, 1500));
    assert!(!photos::has_metadata(&std::fs::read(out.join("images/river-1500w.jpg")).unwrap()));
}

#[test]
fn bad_photos_are_errors_at_the_line_that_uses_them_and_nothing_is_written() {
    let jpeg = photos::jpeg(640, 480);
    let bomb = photos::png_bomb(15_000, 15_000);
    let cases: [(&str, Vec<u8>, &str); 5] = [
        ("static/images/cut.jpg", jpeg[..jpeg.len() / 2].to_vec(), "is cut short"),
        ("static/images/cut.jpg", [&jpeg[..400], &[0u8; 600][..]].concat(), "cannot be decoded"),
        ("static/images/cut.jpg", b"not an image at all".to_vec(), "is not a JPEG, PNG or WebP image"),
        ("static/images/cut.jpg", photos::png(20, 20), ""),
        ("static/images/bomb.png", bomb, "is 15000 x 15000 pixels, over the limit"),
    ];
    for (file, bytes, message) in cases {
        let src = format!("/{}", file.trim_start_matches("static/"));
        let page = format!("---\ntitle: X\ndate: 2025-01-01\n---\nText.\n\nSee ![a photo]({src}) here.\n");
        let (_g, site) = site_with(&[("content/updates/x.md", &page)]);
        write_bytes(&site, file, &bytes);
        if message.is_empty() {
            // a PNG named .jpg is read as what it is
            build(&site);
            continue;
        }
        let err = build_err(&site);
        let want = format!("content/updates/x.md:7:5: error: image `{src}` ({file}) {message}");
        assert!(err.contains(&want), "want {want}\ngot {err}");
        assert!(!site.join("public").exists(), "nothing is written");
        let cache = site.join(".rally-cache/images");
        let leftovers = all_files(&cache).into_iter().filter(|p| !p.starts_with(cache.join("by-path"))).count();
        assert_eq!(leftovers, 0, "no half-written cache entry");
    }
}

#[test]
fn a_bad_front_matter_photo_is_reported_at_its_key() {
    let page = "---\ntitle: X\ndate: 2025-01-01\nimage: /images/bad.jpg\n---\n";
    let (_g, site) = site_with(&[("content/updates/x.md", page)]);
    write_bytes(&site, "static/images/bad.jpg", b"\xFF\xD8\xFF\xE0 truncated");
    let err = build_err(&site);
    assert!(
        err.contains(
            "content/updates/x.md:4:8: error: image `/images/bad.jpg` (static/images/bad.jpg) cannot be decoded"
        ),
        "{err}"
    );
}

#[test]
fn the_preview_shows_a_replaced_photo() {
    let (_g, site) = photo_site();
    let mut live = rally::live::LiveSite::load(&site, &options(), None).unwrap();
    assert_eq!(photos::size_of(&live.files()["images/river.jpg"]), (1500, 2000));
    assert!(live.files()["updates/kell/index.html"].windows(9).any(|w| w == b"<picture>"));
    write_bytes(&site, "static/images/river.jpg", &photos::jpeg(1000, 500));
    live.update(&[site.join("static/images/river.jpg")]).unwrap();
    assert_eq!(photos::size_of(&live.files()["images/river.jpg"]), (1000, 500));
    assert!(live.files().contains_key("images/river-1000w.webp"));
    let html = String::from_utf8(live.files()["updates/kell/index.html"].to_vec()).unwrap();
    assert!(html.contains("width=\"1000\" height=\"500\""), "{html}");
}

#[test]
fn the_preview_publishes_a_photo_a_page_starts_to_use() {
    let (_g, site) = photo_site();
    let mut live = rally::live::LiveSite::load(&site, &options(), None).unwrap();
    assert_eq!(live.files()["images/unused.jpg"].to_vec(), photos::phone_jpeg(64, 48), "unused: copied as it is");
    let page = site.join("content/updates/2025-09-14-kell.md");
    std::fs::write(&page, format!("{UPDATE}\n![Now used](/images/unused.jpg)\n")).unwrap();
    live.update(std::slice::from_ref(&page)).unwrap();
    assert!(!photos::has_metadata(&live.files()["images/unused.jpg"]), "now a photo: stripped");
    assert!(live.files().contains_key("images/unused-48w.webp"), "turned upright: 48 wide");
    let html = String::from_utf8(live.files()["updates/kell/index.html"].to_vec()).unwrap();
    assert!(html.contains("/images/unused-48w.webp 48w"), "{html}");
}

#[test]
fn the_watcher_and_the_starter_leave_the_cache_out() {
    let root = Path::new("/site");
    let change =
        rally::serve::watch::classify(root, &root.join("public"), &root.join(".rally-cache/images/k/480.webp"));
    assert_eq!(change, rally::serve::watch::Change::Ignored);
}

#[test]
fn the_cli_reports_a_corrupt_photo_at_its_line_with_a_relative_root() {
    let page = "---\ntitle: X\ndate: 2025-01-01\n---\n\n![The weir](/images/weir.jpg)\n";
    let (g, _site) = site_with(&[("content/updates/x.md", page)]);
    write_bytes(&g.path().join("site"), "static/images/weir.jpg", &photos::jpeg(320, 240)[..900]);
    let out = assert_cmd::Command::cargo_bin("rally")
        .unwrap()
        .current_dir(g.path())
        .args(["--root", "site", "build"])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains(
            "content/updates/x.md:6:1: error: image `/images/weir.jpg` (static/images/weir.jpg) is cut short"
        ),
        "{stderr}"
    );
    assert!(stderr.contains(" 6 | ![The weir](/images/weir.jpg)"), "{stderr}");
    assert!(!g.path().join("site/public").exists());
    // fixed, it builds and says how many photos it encoded
    write_bytes(&g.path().join("site"), "static/images/weir.jpg", &photos::jpeg(320, 240));
    let out = assert_cmd::Command::cargo_bin("rally")
        .unwrap()
        .current_dir(g.path().join("site"))
        .arg("build")
        .assert()
        .success()
        .get_output()
        .clone();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("1 photo (1 encoded)"), "{stderr}");
}
