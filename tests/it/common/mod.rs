//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Copies `tests/fixtures/<case>` into a fresh temporary folder and returns (guard, site path).
pub fn fixture(case: &str) -> (tempfile::TempDir, PathBuf) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(case);
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_dir(&src, &site);
    (dir, site)
}

/// A site made of the given (path, contents) pairs, with a minimal site.yaml unless one is given.
pub fn site_with(files: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    std::fs::create_dir_all(&site).unwrap();
    if !files.iter().any(|(p, _)| *p == "site.yaml") {
        write(&site, "site.yaml", "title: Test Hub\nbase_url: https://test.example/\n");
    }
    for (p, c) in files {
        write(&site, p, c);
    }
    (dir, site)
}

pub fn write(root: &Path, rel: &str, contents: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, contents).unwrap();
}

/// Copies a site folder, leaving out what a build leaves in it (`.rally-cache/`, `public/`): tests
/// start from the sources alone, as a fresh clone does.
pub fn copy_dir(src: &Path, dst: &Path) {
    std::fs::create_dir_all(dst).unwrap();
    for e in std::fs::read_dir(src).unwrap() {
        let e = e.unwrap();
        if e.file_name() == ".rally-cache" || (e.file_name() == "public" && src.join("site.yaml").is_file()) {
            continue;
        }
        let to = dst.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to);
        } else {
            std::fs::copy(e.path(), to).unwrap();
        }
    }
}

pub fn read(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

pub mod photos;

/// Build options with a fixed "now" so tests do not depend on the date.
pub fn options() -> rally::pipeline::BuildOptions {
    rally::pipeline::BuildOptions { now: "2026-11-24T12:00:00Z".parse().unwrap(), ..Default::default() }
}

/// Builds `site` into `site/public` and returns the output path.
pub fn build(site: &Path) -> PathBuf {
    let out = site.join("public");
    if let Err(e) = rally::pipeline::build(site, &out, &options()) {
        panic!("build failed: {}", describe(&e));
    }
    out
}

/// The diagnostics of a failed build, one per line.
pub fn describe(e: &rally::error::Error) -> String {
    match e {
        rally::error::Error::Site(d) => d.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n"),
        other => other.to_string(),
    }
}

/// Builds and expects failure; returns the diagnostics as text.
pub fn build_err(site: &Path) -> String {
    match rally::pipeline::build(site, &site.join("public"), &options()) {
        Ok(_) => panic!("the build should have failed"),
        Err(e) => describe(&e),
    }
}

/// example-site with `theme` (beacon or grassroots), copied and built once per test run as
/// [`build`] builds (cold cache): (site folder, output folder), for tests that only read them.
pub fn built_example_site(theme: &str) -> &'static (PathBuf, PathBuf) {
    static BEACON: OnceLock<(PathBuf, PathBuf)> = OnceLock::new();
    static GRASSROOTS: OnceLock<(PathBuf, PathBuf)> = OnceLock::new();
    let cell = match theme {
        "beacon" => &BEACON,
        "grassroots" => &GRASSROOTS,
        other => panic!("no built-in theme `{other}`"),
    };
    cell.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("example-site-{theme}"));
        let _ = std::fs::remove_dir_all(&dir);
        let site = dir.join("site");
        copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("example-site"), &site);
        let yaml = read(&site, "site.yaml");
        assert!(yaml.contains("\ntheme: beacon\n"), "example-site's theme is beacon");
        write(&site, "site.yaml", &yaml.replace("\ntheme: beacon\n", &format!("\ntheme: {theme}\n")));
        let out = build(&site);
        (site, out)
    })
}
