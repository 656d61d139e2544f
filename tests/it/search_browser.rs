//! Site search in a real browser: example-site is built, served on loopback with the policy of
//! its `_headers`, and headless Chromium, driven by `tests/browser/search.js` through
//! playwright-core, opens its search page with a question from the FAQ and runs axe-core on it.
//!
//! It needs Chromium (`CHROMIUM`, or chromium on PATH), Node, playwright-core and axe-core (in
//! `RALLY_NODE_MODULES`, a `node_modules` folder; `.ci/run` installs it). Without them the test
//! is skipped with a message, except in CI (`CI=true`), where it fails.

use crate::common;

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

pub fn browser() -> Option<PathBuf> {
    let named = std::env::var_os("CHROMIUM").map(PathBuf::from);
    let known = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].map(PathBuf::from);
    named.into_iter().chain(known).find(|p| p.is_file())
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css",
        "js" => "text/javascript",
        "json" => "application/json",
        "wasm" => "application/wasm",
        "svg" => "image/svg+xml",
        "webp" => "image/webp",
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        _ => "application/octet-stream",
    }
}

/// Answers one request for a file of `root`, with the site's Content-Security-Policy.
fn answer(mut stream: TcpStream, root: &Path, csp: &str) {
    let mut line = String::new();
    if BufReader::new(&stream).read_line(&mut line).is_err() {
        return;
    }
    let target = line.split_whitespace().nth(1).unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let mut file = root.join(path.trim_start_matches('/'));
    if file.is_dir() {
        file = file.join("index.html");
    }
    let ok = !path.contains("..") && file.is_file();
    let body = if ok { std::fs::read(&file).unwrap_or_default() } else { b"not found".to_vec() };
    let head = format!(
        "HTTP/1.1 {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nContent-Security-Policy: {csp}\r\nConnection: close\r\n\r\n",
        if ok { "200 OK" } else { "404 Not Found" },
        if ok { content_type(&file) } else { "text/plain" },
        body.len()
    );
    let _ = stream.write_all(head.as_bytes()).and_then(|_| stream.write_all(&body));
}

/// Serves `root` on a loopback port until the test ends; returns the port.
fn serve(root: PathBuf, csp: String) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let (root, csp) = (root.clone(), csp.clone());
            std::thread::spawn(move || answer(stream, &root, &csp));
        }
    });
    port
}

/// What the search page shows for its query, as `tests/browser/search.js` reports it (one JSON
/// line: the result links, the names of the filters the page's index gives, the page's errors).
fn search_in_browser(chromium: &Path, modules: &Path, url: &str) -> serde_json::Value {
    node_script("search.js", &[url.as_ref(), chromium.as_os_str()], modules)
}

/// Runs `tests/browser/SCRIPT` with Node and `args`, the packages of `modules` at hand, for at
/// most 150 s; the one JSON line it prints.
pub fn node_script(script: &str, args: &[&std::ffi::OsStr], modules: &Path) -> serde_json::Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser").join(script);
    let mut child = Command::new("node")
        .arg(&path)
        .args(args)
        .env("NODE_PATH", modules)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node runs");
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(150) {
            child.kill().unwrap();
            panic!("the browser did not finish within 150 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{script} failed: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

/// The `node_modules` folder of `RALLY_NODE_MODULES`, when it holds every one of `packages` and
/// Node runs.
fn node_modules(packages: &[&str]) -> Option<PathBuf> {
    let dir = PathBuf::from(std::env::var_os("RALLY_NODE_MODULES")?);
    let node = Command::new("node").arg("--version").output().is_ok_and(|o| o.status.success());
    (node && packages.iter().all(|p| dir.join(p).is_dir())).then_some(dir)
}

/// Chromium and the `node_modules` folder with `packages`, for the browser test `test`; `None`
/// (the test is skipped, with a message) when one is missing, except in CI (`CI=true`), where
/// the test fails.
pub fn tools(test: &str, packages: &[&str]) -> Option<(PathBuf, PathBuf)> {
    if let (Some(chromium), Some(modules)) = (browser(), node_modules(packages)) {
        return Some((chromium, modules));
    }
    let missing =
        format!("Chromium (CHROMIUM or chromium on PATH), Node, or {} in RALLY_NODE_MODULES", packages.join(" and "));
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("CI=true but the browser test cannot run: it needs {missing}");
    }
    eprintln!("SKIPPED {test}: it needs {missing}");
    None
}

#[test]
fn a_question_from_the_faq_finds_the_faq_first() {
    let Some((chromium, modules)) =
        tools("a_question_from_the_faq_finds_the_faq_first", &["playwright-core", "axe-core"])
    else {
        return;
    };
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("example-site");
    assert!(common::read(&src, "site.yaml").contains("search: { enabled: true }"), "example-site has search");
    let out = common::built_example_site("beacon").1.clone();
    let headers = common::read(&out, "_headers");
    let csp = headers.lines().find_map(|l| l.trim().strip_prefix("Content-Security-Policy: ")).unwrap().to_string();
    let port = serve(out, csp);

    let url = format!("http://127.0.0.1:{port}/search/?q=start+a+group+on+my+river");
    let report = search_in_browser(&chromium, &modules, &url);
    let first = report["links"][0].as_str().unwrap_or("");
    assert!(first.starts_with("/faq/"), "the FAQ answer comes first: {report}");
    // the filters reach the browser: the index the page loads has them (kind and tags)
    assert_eq!(report["filters"], serde_json::json!(["kind", "tags"]), "{report}");
    // the policy of `_headers` lets Pagefind run: nothing was blocked
    assert_eq!(report["errors"], serde_json::json!([]), "{report}");
    // the page with its results passes axe (WCAG 2 A and AA) on a phone and a desktop, light and
    // dark: the results' colours included
    let axe = report["axe"].as_object().expect("axe ran");
    assert_eq!(axe.len(), 4, "{report}");
    for (mode, violations) in axe {
        assert_eq!(violations, &serde_json::json!([]), "axe in {mode}: {violations}");
    }
}
