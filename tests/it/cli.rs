//! Command-line tests: exit codes, messages and the files commands create.

use crate::common;

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

fn rally_in(site: &std::path::Path) -> Command {
    let mut c = rally();
    c.arg("--root").arg(site);
    c
}

#[test]
fn new_report_accepts_only_periods() {
    let (_g, site) = common::fixture("hub");
    for bad in ["2026-Q5", "2026-Q0", "2026-13", "2026-00", "2026-H3", "abc", "", "../x", "26"] {
        rally_in(&site)
            .args(["new", "report", bad])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("expected a year (2026), a half (2026-H1 or 2026-H2), a quarter"));
    }
    assert!(!site.join("content/x.md").exists() && !site.join("content/impact/x.md").exists());
    for (period, file) in [("2026", "2026"), ("2026-H1", "2026-h1"), ("2026-q4", "2026-q4"), ("2026-03", "2026-03")] {
        rally_in(&site).args(["new", "report", period]).assert().success();
        let text = common::read(&site, &format!("content/impact/{file}.md"));
        let line = text.lines().find(|l| l.starts_with("period: ")).unwrap_or_default();
        assert_eq!(line.trim_start_matches("period: ").trim_matches('\''), period.to_uppercase(), "{text}");
    }
    rally_in(&site).args(["build", "--future"]).assert().success();
    rally_in(&site)
        .args(["new", "report", "2025-q3"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("2025-q3.md is already the report for 2025-Q3"));
}

#[test]
fn new_page_refuses_paths_that_would_not_build() {
    let (_g, site) = common::fixture("hub");
    let before = std::fs::read_dir(site.join("content")).unwrap().count();
    for (path, says) in [
        ("about/", "ends with `/`"),
        ("about", "same URL as"),
        ("updates/foo", "rally new update"),
        ("impact/foo.md", "rally new report"),
        ("", "the page path is empty"),
        ("..", "not a path inside content/"),
        ("a/../../b", "not a path inside content/"),
        ("/tmp/abs", "absolute path"),
        ("tags", "which Rally makes itself"),
        ("events", "which Rally makes itself"),
    ] {
        rally_in(&site).args(["new", "page", path]).assert().code(2).stderr(predicate::str::contains(says));
    }
    assert_eq!(std::fs::read_dir(site.join("content")).unwrap().count(), before);
    assert!(!site.join("content/updates/foo.md").exists() && !site.join("content/about.md").exists());
    rally_in(&site).args(["new", "page", "updates/_index"]).assert().success();
    rally_in(&site).args(["new", "page", "get-involved/_index"]).assert().success();
    assert!(common::read(&site, "content/get-involved/_index.md").contains("title: Get involved"));
    rally_in(&site).args(["build", "--future"]).assert().success();
}

#[test]
fn new_needs_an_existing_site() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nonexist");
    for args in [&["new", "page", "x"][..], &["new", "update", "Hello"], &["new", "report", "2026"]] {
        rally_in(&missing)
            .args(args)
            .assert()
            .code(1)
            .stderr(predicate::str::contains("does not exist"))
            .stderr(predicate::str::contains("nonexist"));
        rally_in(dir.path()).args(args).assert().code(1).stderr(predicate::str::contains("no site.yaml in"));
    }
    assert!(!missing.exists());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "nothing was created");
}

#[test]
fn new_update_titles() {
    let (_g, site) = common::fixture("hub");
    let count = || std::fs::read_dir(site.join("content/updates")).unwrap().count();
    let before = count();
    for title in ["", "   "] {
        rally_in(&site)
            .args(["new", "update", title])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("title is empty"));
    }
    rally_in(&site)
        .args(["new", "update", "!!!"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("has no letter or digit to make a file name from"));
    assert_eq!(count(), before);
    rally_in(&site).args(["new", "update", "Ünïcödé 日本語"]).assert().success();
    let made: Vec<String> = std::fs::read_dir(site.join("content/updates"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with("-ünïcödé-日本語.md"))
        .collect();
    assert_eq!(made.len(), 1);
    rally_in(&site).args(["build", "--future"]).assert().success();
    assert!(site.join("public/updates/ünïcödé-日本語/index.html").is_file());
}

#[test]
fn a_missing_site_folder_is_one_clear_error_for_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nonexistent");
    for cmd in ["build", "check", "serve"] {
        rally_in(&missing)
            .args([cmd])
            .timeout(std::time::Duration::from_secs(30))
            .assert()
            .code(1)
            .stderr(predicate::str::contains(format!("error: site folder `{}` does not exist", missing.display())))
            .stderr(predicate::str::contains("Build failed").not())
            .stderr(predicate::str::contains("watch").not());
    }
    assert!(!missing.exists());
}

#[test]
fn build_and_check_need_an_absolute_base_url() {
    for yaml in ["title: T\nbase_url: /\n", "title: T\nbase_url: /hub/\n"] {
        let (_g, site) = common::site_with(&[("site.yaml", yaml)]);
        rally_in(&site)
            .arg("build")
            .assert()
            .code(1)
            .stderr(predicate::str::contains("site.yaml:2:11: error: `base_url` must be the absolute address"));
        assert!(!site.join("public").exists());
        rally_in(&site)
            .arg("check")
            .assert()
            .code(1)
            .stderr(predicate::str::contains("site.yaml:2:11: error: `base_url` must be the absolute address"));
        rally_in(&site).args(["build", "--base-url", "https://preview.example/"]).assert().success();
    }
    let (_g, site) = common::site_with(&[("site.yaml", "title: T\n")]);
    rally_in(&site).arg("build").assert().code(1).stderr(predicate::str::contains("site.yaml has no `base_url`"));
    for bad in ["ftp://x", "/hub/", "example.org"] {
        rally_in(&site)
            .args(["build", "--base-url", bad])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("expected an absolute http(s) URL"))
            .stderr(predicate::str::contains("--base-url:1:1").not());
    }
}

#[test]
fn init_force_keeps_existing_files() {
    let dir = tempfile::tempdir().unwrap();
    common::write(dir.path(), "content/mission.md", "---\ntitle: Mine\n---\nOur own words.\n");
    rally()
        .arg("init")
        .arg(dir.path())
        .arg("--force")
        .assert()
        .success()
        .stderr(predicate::str::contains("kept 1 existing file as it was"))
        .stderr(predicate::str::contains("content/mission.md"));
    assert_eq!(common::read(dir.path(), "content/mission.md"), "---\ntitle: Mine\n---\nOur own words.\n");
    assert!(dir.path().join("site.yaml").is_file() && dir.path().join("content/values.md").is_file());
}

#[test]
fn build_refuses_a_folder_it_did_not_write_unless_forced() {
    let (dir, _site) = common::fixture("hub");
    let docs = dir.path().join("Documents");
    common::write(&docs, "taxes.txt", "keep me");
    let build = |extra: &[&str]| {
        let mut c = rally();
        c.current_dir(dir.path()).args(["--root", "site", "build", "--output", "Documents"]).args(extra);
        c
    };
    build(&[])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "refusing to replace Documents: it is not empty and has no .rally-output file",
        ))
        .stderr(predicate::str::contains("--force"));
    assert_eq!(common::read(&docs, "taxes.txt"), "keep me");
    assert!(!docs.join("index.html").exists());

    build(&["--force"]).assert().success();
    assert!(!docs.join("taxes.txt").exists() && docs.join("index.html").is_file());
    assert!(docs.join(".rally-output").is_file(), "every output has the marker");
    build(&[]).assert().success().stderr(predicate::str::contains("into Documents in"));

    std::fs::create_dir(dir.path().join("empty")).unwrap();
    rally().current_dir(dir.path()).args(["--root", "site", "build", "--output", "empty"]).assert().success();
}

#[test]
fn the_default_output_folder_follows_the_same_rule() {
    let (_g, site) = common::fixture("hub");
    common::write(&site, "public/mine.html", "by hand");
    rally().current_dir(&site).arg("build").assert().code(2).stderr(predicate::str::contains("refusing to replace"));
    assert_eq!(common::read(&site, "public/mine.html"), "by hand");
    rally().current_dir(&site).args(["build", "--force"]).assert().success();
    assert!(!site.join("public/mine.html").exists());
    rally().current_dir(&site).arg("build").assert().success();
}

#[test]
fn errors_underline_the_whole_value_and_suggest_the_goal_meant() {
    let (dir, site) = common::site_with(&[
        ("content/mission.md", "---\ngoals:\n  - { key: river_km_restored, label: River, target: 120 }\n---\n"),
        ("content/updates/2025-01-01-a.md", "---\ntitle: A\ndate: 2025-01-01\ngoals: [river_km_restord]\n---\n"),
    ]);
    let shown = "content/updates/2025-01-01-a.md:4:9: error: no goal `river_km_restord` in content/mission.md: did you mean `river_km_restored`?\n 4 | goals: [river_km_restord]\n   |         ^^^^^^^^^^^^^^^^\n";
    assert_eq!(site.file_name().unwrap(), "site");
    rally()
        .current_dir(dir.path())
        .args(["--root", "site", "build"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(shown));
    rally().current_dir(&site).arg("check").assert().code(1).stderr(predicate::str::contains(shown));
}
