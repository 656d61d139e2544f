//! The editor in a real browser: `rally serve` on a copy of example-site, and headless Chromium,
//! driven by `tests/browser/editor.js` through playwright-core, types into an update's `Title`
//! field, sees the preview change before saving, and presses `Save`; axe-core judges the list and
//! the form, and the keyboard's order through the form is checked.
//!
//! It needs what the search test needs, and axe-core beside playwright-core in
//! `RALLY_NODE_MODULES` (`.ci/run` installs both); skipped without them, except in CI.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use crate::search_browser::{node_script, tools};

/// `rally serve` running; stopped when dropped.
struct Serving(Child);

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `rally --root SITE serve --port 0` and reads the address it serves on.
fn serve(site: &Path) -> (Serving, String) {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("rally"))
        .arg("--root")
        .arg(site)
        .args(["serve", "--port", "0"])
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let url = lines
        .by_ref()
        .map_while(Result::ok)
        .find_map(|l| l.strip_prefix("Serving on ").map(|u| u.split(' ').next().unwrap_or("").to_string()))
        .expect("rally serve says where it serves");
    // keep reading, so that the server never blocks on a full pipe
    std::thread::spawn(move || lines.for_each(drop));
    (Serving(child), url.trim_end_matches('/').to_string())
}

const UPDATE: &str = "content/updates/2026-05-03-testing-season.md";

#[test]
fn a_writer_changes_a_title_sees_the_preview_and_saves() {
    let Some((chromium, modules)) =
        tools("a_writer_changes_a_title_sees_the_preview_and_saves", &["playwright-core", "axe-core"])
    else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    crate::common::copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("example-site"), &site);
    let _ = std::fs::remove_dir_all(site.join("public"));
    // a comment and a key the form does not show, which the save must keep as they are
    let original = crate::common::read(&site, UPDATE)
        .replacen("date: 2026-05-03\n", "date: 2026-05-03   # the first day of sampling\n", 1)
        .replacen("---\n", "---\n# Written for the bathing season\n", 1)
        .replacen("tags:", "extra: { mood: hopeful }\ntags:", 1);
    crate::common::write(&site, UPDATE, &original);
    let (_server, base) = serve(&site);

    let typed = ", and counting";
    let args = [base.as_str(), chromium.to_str().unwrap(), site.to_str().unwrap(), UPDATE, typed];
    let args: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_ref()).collect();
    let report = node_script("editor.js", &args, &modules);

    for (page, found) in report["axe"].as_object().unwrap() {
        assert_eq!(found, &serde_json::json!([]), "axe finds no violation on the {page} page");
    }
    assert_eq!(report["errors"], serde_json::json!([]), "no script error, nothing the editor's policy blocks");

    // the keyboard: the link home, the form's fields in their order, each with its label, then Save
    let stops = report["stops"].as_array().unwrap();
    let at = |name: &str| stops.iter().position(|s| s["name"] == name).unwrap_or_else(|| panic!("{name}: {report}"));
    assert_eq!(stops[0]["label"], "All content", "{report}");
    assert!(at("f.title") < at("f.date") && at("f.date") < at("f.summary") && at("f.summary") < at("body"));
    assert_eq!(stops.last().unwrap()["label"], "Save");
    for s in stops.iter().filter(|s| ["input", "select", "textarea"].contains(&s["tag"].as_str().unwrap())) {
        assert!(!s["label"].as_str().unwrap().is_empty(), "every field has a label: {s}");
    }
    assert_eq!(report["title_label"], "Title (required)");

    // the preview changed while the file did not
    let title = "Sixty-two testers ready for the bathing season";
    assert_eq!(report["preview_h1"], format!("{title}{typed}"), "{report}");
    assert!(report["preview_src"].as_str().unwrap().contains("/updates/testing-season/?rally-draft="), "{report}");
    assert!(report["status"].as_str().unwrap().contains("not saved yet"), "{report}");
    assert_eq!(report["unsaved_on_disk"], true, "typing writes nothing");

    // an empty required field is said under it, and named by its aria-describedby
    let empty = &report["empty_title"];
    assert!(empty["describedby"].as_str().unwrap().contains("f-title-problems"), "{report}");
    assert!(!empty["problems"].as_str().unwrap().is_empty(), "{report}");

    // saved: the title alone changed, the comments and every other key as they were
    assert_eq!(report["notice"], "Saved.");
    assert_eq!(report["saved_title"], format!("{title}{typed}"));
    let now = crate::common::read(&site, UPDATE);
    assert_eq!(now, original.replacen(title, &format!("{title}{typed}"), 1), "only the title changed");
}
