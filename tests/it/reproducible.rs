//! Reproducible output: the same site folder, theme and `--now` give a byte-identical tree, with a
//! cold or a warm `.rally-cache/`, on one thread or two, whatever the wall clock says.
use crate::common;

use assert_cmd::Command;
use common::*;
use std::path::{Path, PathBuf};

/// Every file under `root`, relative to it, sorted.
fn files(root: &Path) -> Vec<PathBuf> {
    let mut all: Vec<PathBuf> = walkdir::WalkDir::new(root)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(root).unwrap().to_path_buf())
        .collect();
    all.sort();
    all
}

#[test]
fn example_site_builds_byte_for_byte_the_same_cold_and_warm() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("example-site"), &site);
    let build = |out: &Path, threads: &str| {
        Command::cargo_bin("rally")
            .unwrap()
            .arg("--root")
            .arg(&site)
            .args(["build", "--now", "2026-11-24T12:00:00Z", "--output"])
            .arg(out)
            .env("RAYON_NUM_THREADS", threads)
            .assert()
            .success();
    };
    let (cold, warm) = (dir.path().join("cold"), dir.path().join("warm"));
    assert!(!site.join(".rally-cache").exists());
    build(&cold, "1");
    assert!(site.join(".rally-cache").is_dir(), "the first build fills the cache");
    // a later second of the wall clock, the cache warm, two threads
    std::thread::sleep(std::time::Duration::from_millis(2100));
    build(&warm, "2");
    let (a, b) = (files(&cold), files(&warm));
    assert!(a.len() > 100, "{} files", a.len());
    assert_eq!(a, b, "the same files");
    let differ: Vec<_> =
        a.iter().filter(|p| std::fs::read(cold.join(p)).unwrap() != std::fs::read(warm.join(p)).unwrap()).collect();
    assert!(differ.is_empty(), "files that differ between a cold and a warm build: {differ:#?}");
}
