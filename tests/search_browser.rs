//! Site search in a real browser: example-site is built, served on loopback with the policy of
//! its `_headers`, and headless Chromium opens its search page with a question from the FAQ.
//!
//! Without a browser (`CHROMIUM`, or chromium on PATH) the test is skipped with a message, except
//! in CI (`CI=true`), where a missing browser fails it.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn browser() -> Option<PathBuf> {
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

/// The page's DOM after its scripts ran, as headless Chromium dumps it (at most 60 s).
fn dump_dom(chromium: &Path, url: &str) -> String {
    let profile = tempfile::tempdir().unwrap();
    let mut child = Command::new(chromium)
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"])
        .args(["--disable-background-networking", "--disable-component-update", "--virtual-time-budget=60000"])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(["--dump-dom", url])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut out = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut out, &mut s).map(|_| s).unwrap_or_default()
    });
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(30) {
            child.kill().unwrap();
            panic!("chromium did not finish within 30 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    reader.join().unwrap()
}

/// The `href`s of the search results in `dom`, in order.
fn result_links(dom: &str) -> Vec<String> {
    dom.split("class=\"pagefind-ui__result-link\"")
        .skip(1)
        .filter_map(|s| Some(s.split("href=\"").nth(1)?.split('"').next()?.to_string()))
        .collect()
}

#[test]
fn a_question_from_the_faq_finds_the_faq_first() {
    let Some(chromium) = browser() else {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("CI=true but no Chromium found (set CHROMIUM or install chromium): the search test must run in CI");
        }
        eprintln!(
            "SKIPPED a_question_from_the_faq_finds_the_faq_first: no Chromium found (set CHROMIUM or install chromium)"
        );
        return;
    };
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("example-site");
    assert!(common::read(&src, "site.yaml").contains("search: { enabled: true }"), "example-site has search");
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    common::copy_dir(&src, &site);
    let _ = std::fs::remove_dir_all(site.join(".rally-cache"));
    let out = common::build(&site);
    let headers = common::read(&out, "_headers");
    let csp = headers.lines().find_map(|l| l.trim().strip_prefix("Content-Security-Policy: ")).unwrap().to_string();
    let port = serve(out, csp);

    // headless Chromium's virtual time can end before the search does: then it dumps the page
    // while it still says "Searching for ..." and is asked again
    let url = format!("http://127.0.0.1:{port}/search/?q=start+a+group+on+my+river");
    let mut dom = String::new();
    for _ in 0..3 {
        dom = dump_dom(&chromium, &url);
        if dom.contains("pagefind-ui__result-link") {
            break;
        }
    }
    let links = result_links(&dom);
    assert!(links.first().is_some_and(|l| l.starts_with("/faq/")), "results: {links:?}\n{dom}");

    // the filters reach the browser: the interface lists them
    assert!(dom.contains("pagefind-ui__filter-group-label"), "no filters shown:\n{dom}");
}
