//! Names the file system or a URL cannot take: a slug, alias or tag too long for a folder name,
//! and static files whose names cannot be published, are errors naming the file (and line) that
//! made them, found before anything is written.

use crate::common;

use assert_cmd::Command;
use common::*;
use predicates::prelude::*;

#[test]
fn a_slug_too_long_for_the_file_system_is_an_error_at_its_line() {
    let page = format!("---\ntitle: Long\nslug: {}\n---\nBody.\n", "a".repeat(300));
    let (_g, site) =
        site_with(&[("content/updates/2025-01-01-long.md", &page.replace("title", "date: 2025-01-01\ntitle"))]);
    Command::cargo_bin("rally")
        .unwrap()
        .current_dir(&site)
        .arg("build")
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "content/updates/2025-01-01-long.md:4:7: error: slug `aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa…` is 300 bytes long",
        ))
        .stderr(predicate::str::contains("at most 255 bytes"))
        .stderr(predicate::str::contains("File name too long").not());
    assert!(!site.join("public").exists());
    // the same from the folder above, with a relative --root
    Command::cargo_bin("rally")
        .unwrap()
        .current_dir(site.parent().unwrap())
        .args(["--root", "site", "check"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("content/updates/2025-01-01-long.md:4:7: error: slug"));
}

#[test]
fn long_aliases_and_tags_are_errors_at_their_lines() {
    let alias = format!("---\ntitle: A\naliases: [\"/old/{}/\"]\n---\n", "b".repeat(256));
    let (_g, site) = site_with(&[("content/a.md", &alias)]);
    let err = build_err(&site);
    assert!(err.starts_with("content/a.md:3:11: error: alias"), "{err}");
    assert!(err.contains("256 bytes long"), "{err}");
    let tag = format!("---\ntitle: T\ndate: 2025-01-01\ntags: [ok, \"{}\"]\n---\n", "Ünïcödé ".repeat(30));
    let (_g, site) = site_with(&[("content/updates/t.md", &tag)]);
    let err = build_err(&site);
    assert!(err.starts_with("content/updates/t.md:4:12: error: tag `Ünïcödé"), "{err}");
    assert!(err.contains("over the 255 bytes"), "{err}");
}

#[cfg(unix)]
#[test]
fn static_files_whose_names_cannot_be_published_are_named() {
    use std::os::unix::ffi::OsStrExt;
    let (_g, site) = site_with(&[("static/ok.txt", "fine"), ("static/docs/what?.txt", "q"), ("static/a#b.css", "h")]);
    std::fs::write(site.join("static").join(std::ffi::OsStr::from_bytes(b"caf\xe9.txt")), "latin-1").unwrap();
    std::fs::write(site.join("static/docs/tab\tname.txt"), "t").unwrap();
    std::fs::write(site.join("static/new\nline?.txt"), "n").unwrap();
    let err = build_err(&site);
    for (path, why) in [
        ("static/a#b.css:1:1: error: ", "cannot carry"),
        ("static/docs/what?.txt:1:1: error: ", "cannot carry"),
        // control characters are shown escaped, so that each problem stays on its line
        ("static/docs/tab\\tname.txt:1:1: error: ", "cannot carry"),
        ("static/new\\nline?.txt:1:1: error: ", "cannot carry"),
        ("static/caf\u{FFFD}.txt:1:1: error: ", "not valid UTF-8"),
    ] {
        let line = err.lines().find(|l| l.starts_with(path)).unwrap_or_else(|| panic!("{path}\n{err}"));
        assert!(line.contains(why), "{line}");
    }
    assert_eq!(err.lines().count(), 5, "{err}");
    assert!(!site.join("public").exists());
}
