//! Command-line tests: exit codes, messages and the files commands create.

mod common;

use assert_cmd::Command;
use predicates::prelude::*;

fn rally() -> Command {
    Command::cargo_bin("rally").unwrap()
}

#[test]
fn init_then_build_gives_a_complete_site() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("hub");
    rally().args(["init"]).arg(&site).assert().success();
    for f in ["site.yaml", "content/mission.md", "content/values.md", "content/faq.md", "content/join.md"] {
        assert!(site.join(f).is_file(), "{f}");
    }
    assert_eq!(std::fs::read_dir(site.join("content/updates")).unwrap().count(), 2);
    assert_eq!(std::fs::read_dir(site.join("content/impact")).unwrap().count(), 1);
    rally().arg("--root").arg(&site).arg("build").assert().success().stderr(predicate::str::contains("Built"));
    let home = common::read(&site.join("public"), "index.html");
    assert!(home.contains("Every street in our neighbourhood"));
}

#[test]
fn init_refuses_a_non_empty_folder_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("keep.txt"), "x").unwrap();
    rally().arg("init").arg(dir.path()).assert().code(2).stderr(predicate::str::contains("not empty"));
    rally().arg("init").arg(dir.path()).arg("--force").assert().success();
    assert!(dir.path().join("keep.txt").exists());
    rally().arg("init").arg(dir.path().join("x")).args(["--theme", "nope"]).assert().code(2);
}

#[test]
fn build_errors_exit_1_with_located_messages() {
    let (_g, site) = common::site_with(&[("content/a.md", "---\ntitle: A\ndraft: perhaps\n---\n")]);
    rally()
        .arg("--root")
        .arg(&site)
        .arg("build")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("content/a.md:3:8: error: wrong type"))
        .stderr(predicate::str::contains(" 3 | draft: perhaps"))
        .stderr(predicate::str::contains("panicked").not());
}

#[test]
fn usage_errors_exit_2() {
    rally().arg("build").arg("--no-such-flag").assert().code(2);
    rally().arg("frobnicate").assert().code(2);
}

#[test]
fn missing_site_yaml_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    rally()
        .arg("--root")
        .arg(dir.path())
        .arg("build")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no site.yaml"));
}

#[test]
fn new_creates_content_with_front_matter() {
    let (_g, site) = common::fixture("hub");
    rally().arg("--root").arg(&site).args(["new", "update", "Otters are back!"]).assert().success();
    let updates: Vec<_> = std::fs::read_dir(site.join("content/updates"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with("-otters-are-back.md"))
        .collect();
    assert_eq!(updates.len(), 1);
    rally().arg("--root").arg(&site).args(["new", "report", "2025-Q4"]).assert().success();
    let report = common::read(&site, "content/impact/2025-q4.md");
    assert!(report.contains("period: 2025-Q4"));
    assert!(report.contains("{ key: river_km_restored, value: 42.5 }"), "{report}");
    rally().arg("--root").arg(&site).args(["new", "page", "about/history"]).assert().success();
    assert!(common::read(&site, "content/about/history.md").contains("title: History"));
    rally().arg("--root").arg(&site).args(["new", "page", "about/history"]).assert().code(2);
    rally().arg("--root").arg(&site).args(["new", "page", "../escape"]).assert().code(2);
    rally().arg("--root").arg(&site).args(["build", "--future"]).assert().success();
}

#[test]
fn build_flags() {
    let (_g, site) = common::fixture("hub");
    let out = site.join("elsewhere");
    rally()
        .arg("--root")
        .arg(&site)
        .args(["build", "--minify", "--base-url", "https://preview.example/x/", "--output"])
        .arg(&out)
        .assert()
        .success();
    let home = common::read(&out, "index.html");
    assert!(home.contains("https://preview.example/x/"));
    assert!(!home.contains("\n  "), "minified output has no indentation");
}
