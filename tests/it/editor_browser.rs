//! The editor in a real browser: `rally serve` on a copy of example-site, and headless Chromium,
//! driven by `tests/browser/editor.js` through playwright-core, types into an update's `Title`
//! field, sees the preview change before saving, and presses `Save`; makes an event with `New
//! event`, uploads a photo with its alt text, and saves a form whose file changed on disk since it
//! was opened. axe-core judges every page and state reached, and the keyboard's order through the
//! form is checked.
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
const EVENT_TITLE: &str = "Otter survey on the Kell";
const EVENT_START: &str = "2027-05-01T10:00";
const EVENT_ZONE: &str = "Europe/Berlin";

/// The names of the files in the folder `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut all: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    all.sort();
    all
}

/// A small PNG photo (8 by 6 pixels of colour).
fn photo() -> Vec<u8> {
    let img = image::RgbImage::from_fn(8, 6, |x, y| image::Rgb([(x * 30) as u8, (y * 40) as u8, 120]));
    let mut png = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png).unwrap();
    png
}

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
    let png = photo();
    let photo_file = dir.path().join("Otters at dawn.png");
    std::fs::write(&photo_file, &png).unwrap();
    let images_before = names(&site.join("static/images"));
    let (server, base) = serve(&site);

    let typed = ", and counting";
    let args = [
        base.as_str(),
        chromium.to_str().unwrap(),
        site.to_str().unwrap(),
        UPDATE,
        typed,
        photo_file.to_str().unwrap(),
        EVENT_TITLE,
        EVENT_START,
        EVENT_ZONE,
    ];
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

    // New event: the writer lands on the new file's form, and the page beside it shows the event
    let event = &report["event"];
    let made = format!("content/events/{}-otter-survey-on-the-kell.md", &EVENT_START[..10]);
    assert_eq!(event["path"], made.as_str(), "{report}");
    assert_eq!(event["h1"], "Editing an event", "{report}");
    assert_eq!(event["title_value"], EVENT_TITLE, "{report}");
    assert!(event["preview_src"].as_str().unwrap().ends_with("/events/otter-survey-on-the-kell/"), "{report}");
    assert_eq!(event["preview_h1"], EVENT_TITLE, "the new file builds: {report}");

    // a photo: refused in the page without alt text, by the server with alt text of spaces
    let refused = &report["photo"]["missing"];
    assert!(refused["problems"].as_str().unwrap().contains(rally_serve::editor::page::ALT_MISSING), "{report}");
    assert_eq!(refused["visible"], true, "{report}");
    assert_eq!(refused["invalid"], "true", "{report}");
    assert!(refused["describedby"].as_str().unwrap().split(' ').any(|id| id == "alt-problems"), "{report}");
    assert_eq!((&refused["focused"], &refused["stayed"]), (&true.into(), &true.into()), "{report}");
    let blank = &report["photo"]["blank"];
    assert_eq!(blank["status"], 422, "{report}");
    assert_eq!(blank["h1"], "Not uploaded");
    assert_eq!(blank["text"], rally_serve::editor::page::ALT_MISSING);
    // with its alt text: in static/images/, byte for byte, and how to use it is said
    let done = &report["photo"]["done"];
    assert_eq!((&done["status"], &done["h1"]), (&201.into(), &"Photo uploaded".into()), "{report}");
    assert!(done["text"].as_str().unwrap().contains("![Otters at dawn on the Kell](/images/otters-at-dawn.png)"));
    let mut images = images_before.clone();
    images.push("otters-at-dawn.png".into());
    images.sort();
    assert_eq!(names(&site.join("static/images")), images, "the photo alone was written: {report}");
    assert_eq!(std::fs::read(site.join("static/images/otters-at-dawn.png")).unwrap(), png);

    // the event's file changed on disk while its form was open: both versions shown, the file kept
    let conflict = &report["conflict"];
    let theirs = conflict["theirs"].as_str().unwrap();
    assert_eq!(conflict["status"], 409, "{report}");
    assert_eq!(conflict["h1"], format!("{made} changed on disk"));
    assert!(conflict["alert"].as_str().unwrap().contains("Nothing was saved"), "{report}");
    assert_eq!(conflict["on_disk"], theirs, "the version on disk, as it is: {report}");
    let yours = conflict["yours"].as_str().unwrap();
    assert!(yours.contains(&format!("title: {EVENT_TITLE} (rescheduled)\n")), "the writer's version: {report}");
    assert_eq!((&conflict["keep"], &conflict["mine"]), (&1.into(), &1.into()), "both choices: {report}");
    assert!(theirs.contains("description: \"Counting otters along the Kell.\"\n"), "{report}");
    assert_eq!(crate::common::read(&site, &made), theirs, "the file on disk was not overwritten");

    // the event as the editor made it is the file `rally new event` makes
    drop(server);
    std::fs::remove_file(site.join(&made)).unwrap();
    let out = Command::new(assert_cmd::cargo::cargo_bin("rally"))
        .arg("--root")
        .arg(&site)
        .args(["new", "event", EVENT_TITLE, "--start", EVENT_START, "--timezone", EVENT_ZONE])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(event["created"], crate::common::read(&site, &made), "as `rally new event` makes it");
}
