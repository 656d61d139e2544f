//! `rally serve` end to end: pages, the reload event, errors shown in the page and cleared.

use crate::common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use rally::serve::{ServeOptions, start};

/// A plain HTTP/1.1 GET: (status, body).
fn get(addr: SocketAddr, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).unwrap();
    let text = String::from_utf8_lossy(&buf).into_owned();
    let status = text.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    let body = text.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
    (status, body)
}

pub(crate) fn header(addr: SocketAddr, path: &str, name: &str) -> Option<String> {
    let mut s = TcpStream::connect(addr).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
    let mut text = String::new();
    s.read_to_string(&mut text).unwrap();
    text.lines()
        .find(|l| l.to_ascii_lowercase().starts_with(&format!("{}:", name.to_ascii_lowercase())))
        .map(|l| l.split_once(':').unwrap().1.trim().to_string())
}

/// Subscribes to the reload events; each received event is sent on the returned channel.
fn subscribe(addr: SocketAddr) -> mpsc::Receiver<()> {
    let (tx, rx) = mpsc::channel();
    let (ready_tx, ready_rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut s = TcpStream::connect(addr).unwrap();
        write!(s, "GET /__rally/events HTTP/1.1\r\nHost: {addr}\r\n\r\n").unwrap();
        let reader = BufReader::new(s);
        for line in reader.lines() {
            let Ok(line) = line else { break };
            if line.contains(": connected") {
                let _ = ready_tx.send(());
            }
            if line.starts_with("event: reload") && tx.send(()).is_err() {
                break;
            }
        }
    });
    ready_rx.recv_timeout(Duration::from_secs(10)).expect("event stream connects");
    rx
}

/// Polls until `f` holds (or panics after a generous timeout).
fn eventually(what: &str, mut f: impl FnMut() -> bool) {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(20) {
        if f() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("timed out waiting for {what}");
}

pub(crate) fn serve(site: &std::path::Path) -> rally::serve::Server {
    start(ServeOptions {
        root: site.to_path_buf(),
        bind: "127.0.0.1".into(),
        port: 0,
        build: common::options(),
        edit_token: None,
    })
    .unwrap()
}

#[test]
fn serves_reloads_and_shows_errors() {
    let (_g, site) = common::fixture("hub");
    let server = serve(&site);
    let addr = server.addr;

    let (status, home) = get(addr, "/hub/");
    assert_eq!(status, 200);
    assert!(home.contains("Every river in the valley safe to swim in by 2030."));
    assert!(home.contains("<script src=\"/__rally/live.js\">"), "the live-reload script is injected");
    assert!(get(addr, "/__rally/live.js").1.contains("EventSource(\"/__rally/events\")"));
    assert!(home.contains(&format!("http://{addr}/hub/")), "the base URL points at the preview server");

    let events = subscribe(addr);
    common::write(&site, "content/join.md", "---\ntitle: Join us today\ndescription: Come along.\n---\nBring boots.\n");
    events.recv_timeout(Duration::from_secs(20)).expect("a reload event after an edit");
    eventually("the new content", || get(addr, "/hub/join/").1.contains("Bring boots."));

    common::write(&site, "content/join.md", "---\ntitle: [broken\n---\n");
    eventually("the error overlay", || {
        let page = get(addr, "/hub/join/").1;
        page.contains("rally-errors") && page.contains("content/join.md:2:")
    });
    assert!(get(addr, "/hub/").1.contains("Every river"), "the last good build stays online");

    common::write(&site, "content/join.md", "---\ntitle: Join us\n---\nFixed.\n");
    eventually("the overlay to clear", || {
        let page = get(addr, "/hub/join/").1;
        page.contains("Fixed.") && !page.contains("rally-errors")
    });
    server.stop();
}

#[test]
fn statuses_types_and_traversal() {
    let (_g, site) = common::fixture("hub");
    let server = serve(&site);
    let addr = server.addr;
    let (status, body) = get(addr, "/hub/no-such-page/");
    assert_eq!(status, 404);
    assert!(body.contains("Page not found"), "the site's 404 page");
    assert_eq!(get(addr, "/").0, 301);
    assert_eq!(get(addr, "/hub/join").0, 301);
    assert_eq!(header(addr, "/hub/atom.xml", "content-type").as_deref(), Some("application/atom+xml"));
    assert_eq!(header(addr, "/hub/logo.svg", "content-type").as_deref(), Some("image/svg+xml"));
    // the headers the host will send: the site's own policy, which the preview's script keeps to
    let csp = header(addr, "/hub/", "content-security-policy").expect("a policy");
    assert!(csp.starts_with("default-src 'self';") && csp.contains("script-src 'self'"), "{csp}");
    assert_eq!(header(addr, "/hub/", "x-content-type-options").as_deref(), Some("nosniff"));
    assert_eq!(header(addr, "/hub/", "cache-control").as_deref(), Some("no-store"), "the preview is never cached");
    let (_, page) = get(addr, "/hub/");
    assert!(page.contains("<script src=\"/__rally/live.js\"></script>") && !page.contains("<script>("), "{page}");
    assert_eq!(header(addr, "/__rally/live.js", "content-type").as_deref(), Some("text/javascript; charset=utf-8"));
    assert!(get(addr, "/__rally/live.js").1.contains("new EventSource"));
    assert!(get(addr, "/__rally/live.css").1.contains("#rally-warnings"));
    for bad in ["/hub/../../etc/passwd", "/hub/%2e%2e/%2e%2e/etc/passwd", "/hub/..%2f..%2fsite.yaml"] {
        let (status, body) = get(addr, bad);
        assert!(status == 400 || status == 404, "{bad}: {status}");
        assert!(!body.contains("title:"), "{bad} must not leak files");
    }
    server.stop();
}

/// `rally serve` run as a user runs it: the real binary, from a folder of the user's choosing.
/// Killed when dropped.
struct Running {
    child: std::process::Child,
    lines: mpsc::Receiver<String>,
    /// Every line printed so far.
    seen: Vec<String>,
}

impl Running {
    fn start(cwd: &std::path::Path, args: &[&str]) -> Running {
        Running::serve(cwd, args, &[])
    }

    /// `rally ARGS serve --port 0 SERVE_ARGS`.
    fn serve(cwd: &std::path::Path, args: &[&str], serve_args: &[&str]) -> Running {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("rally"))
            .current_dir(cwd)
            .args(args)
            .args(["serve", "--port", "0"])
            .args(serve_args)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = child.stderr.take().unwrap();
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Running { child, lines, seen: Vec::new() }
    }

    /// Waits for a printed line that contains `what` and returns it.
    fn line(&mut self, what: &str) -> String {
        if let Some(l) = self.seen.iter().find(|l| l.contains(what)) {
            return l.clone();
        }
        let deadline = Instant::now() + Duration::from_secs(30);
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.lines.recv_timeout(left) {
                Ok(l) => {
                    self.seen.push(l.clone());
                    if l.contains(what) {
                        return l;
                    }
                }
                Err(_) => break,
            }
        }
        panic!("no line with `{what}` among:\n{}", self.seen.join("\n"));
    }

    /// The address printed on the "Serving on" line, and the URL as printed.
    fn address(&mut self) -> (SocketAddr, String) {
        let line = self.line("Serving on ");
        let url = line.split_whitespace().nth(2).unwrap().to_string();
        let host = url.trim_start_matches("http://").split('/').next().unwrap();
        (host.parse().unwrap(), url)
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Edits a page of the site at `site` and waits for the preview at `addr` to serve the change.
fn edit_and_see(running: &mut Running, addr: SocketAddr, site: &std::path::Path) {
    assert_eq!(get(addr, "/hub/join/").0, 200);
    common::write(site, "content/join.md", "---\ntitle: Join us\ndescription: Come along.\n---\nBring wellies.\n");
    eventually("the rebuilt page", || get(addr, "/hub/join/").1.contains("Bring wellies."));
    running.line("Rebuilt ");
}

#[test]
fn the_binary_rebuilds_with_a_relative_root() {
    let (dir, site) = common::fixture("hub");
    let mut running = Running::start(dir.path(), &["--root", "site"]);
    let (addr, url) = running.address();
    assert_eq!(url, format!("http://{addr}/hub/"), "the address printed has the site's base path");
    let built = running.line("Built ");
    assert!(built.starts_with("Built ") && built.contains(" files in "), "{built}");
    assert!(!running.seen.iter().any(|l| l.starts_with("Rebuilt")), "the first build is no rebuild");
    edit_and_see(&mut running, addr, &site);
}

/// `serve --now` builds as at that time, as `build --now` does: an event of 2021 is upcoming in
/// 2020, so it is on the events page's upcoming list and in `/events.ics`; calendars and CSV are
/// served with their own types.
#[test]
fn the_binary_serves_as_at_its_now_time() {
    let (_g, site) = common::site_with(&[(
        "content/events/2021-05-01-river-day.md",
        "---\ntitle: River day\nstart: 2021-05-01\nlocation: { name: The weir }\n---\nCome along.\n",
    )]);
    let mut running = Running::serve(&site, &[], &["--now", "2020-01-01"]);
    let (addr, _) = running.address();
    running.line("Built ");
    let (status, events) = get(addr, "/events/");
    assert_eq!(status, 200);
    let (upcoming, _) = events.split_once("id=\"past-heading\"").unwrap_or((&events, ""));
    assert!(upcoming.contains("River day"), "upcoming in 2020: {events}");
    let (status, calendar) = get(addr, "/events.ics");
    assert_eq!(status, 200);
    assert!(calendar.contains("SUMMARY:River day"), "{calendar}");
    assert_eq!(header(addr, "/events.ics", "content-type").as_deref(), Some("text/calendar; charset=utf-8"));
    assert_eq!(header(addr, "/impact.csv", "content-type").as_deref(), Some("text/csv; charset=utf-8"));
}

/// Thousands of requests while saves trigger rebuilds: every one gets a complete page, the old one
/// or the new one, never nothing.
#[test]
fn every_request_during_rebuilds_gets_a_whole_page() {
    let (_g, site) = common::fixture("hub");
    let server = serve(&site);
    let addr = server.addr;
    let reloads = subscribe(addr);
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let clients: Vec<_> = (0..4)
        .map(|_| {
            let done = std::sync::Arc::clone(&done);
            std::thread::spawn(move || {
                let mut answered = 0;
                while !done.load(std::sync::atomic::Ordering::Relaxed) || answered < 500 {
                    for path in ["/hub/", "/hub/join/", "/hub/updates/"] {
                        let (status, body) = get(addr, path);
                        assert_eq!(status, 200, "{path} after {answered} answers: {body}");
                        assert!(body.trim_end().ends_with("</html>"), "{path}: a whole page");
                        answered += 1;
                    }
                }
                answered
            })
        })
        .collect();
    for i in 0..30 {
        let body = format!("---\ntitle: Join us\ndescription: Come along.\n---\nBring wellies, edit {i}.\n");
        common::write(&site, "content/join.md", &body);
        let _ = reloads.recv_timeout(Duration::from_secs(10));
    }
    done.store(true, std::sync::atomic::Ordering::Relaxed);
    let answered: usize = clients.into_iter().map(|c| c.join().expect("every request answered")).sum();
    assert!(answered >= 2000, "{answered} requests");
    assert!(get(addr, "/hub/join/").1.contains("edit 29."), "the last save is served");
    server.stop();
}

#[test]
fn the_binary_rebuilds_in_the_site_folder() {
    let (_g, site) = common::fixture("hub");
    let mut running = Running::start(&site, &[]);
    let (addr, _) = running.address();
    edit_and_see(&mut running, addr, &site);
}

#[test]
fn the_binary_rebuilds_with_a_dotted_relative_root() {
    let (dir, site) = common::fixture("hub");
    std::fs::create_dir(dir.path().join("elsewhere")).unwrap();
    let mut running = Running::start(&dir.path().join("elsewhere"), &["--root", "../site/."]);
    let (addr, _) = running.address();
    edit_and_see(&mut running, addr, &site);
}

#[test]
fn check_problems_are_printed_and_shown_in_a_panel_after_each_build() {
    let (dir, site) = common::fixture("hub");
    let mut running = Running::start(dir.path(), &["--root", "site"]);
    let (addr, _) = running.address();
    running.line("content/mission.md:22:10: warning: goal `schools` has no data");
    running.line("Checked: 0 errors, 2 warnings (2 new) in ");
    eventually("the panel with the first build's warnings", || {
        let page = get(addr, "/hub/join/").1;
        page.contains("<details id=\"rally-warnings\"") && page.contains("goal `schools` has no data")
    });
    let join = "---\ntitle: Join us\n---\nSee [the map](/no-such-page/) and ![](/images/none.jpg).\n";
    common::write(&site, "content/join.md", join);
    running.line("content/join.md:4:5: error: link `/no-such-page/` leads nowhere");
    running.line("content/join.md:4:35: error: image `/images/none.jpg` leads nowhere");
    running.line("content/join.md:1:1: warning: no `description`");
    eventually("the panel with the new problems", || {
        let panel = get(addr, "/__rally/warnings").1;
        panel.contains("link `/no-such-page/` leads nowhere") && panel.contains("goal `schools` has no data")
    });
    let page = get(addr, "/hub/join/").1;
    assert!(page.contains("See <a href=\"/hub/no-such-page/\">the map</a>"), "the page is served: {page}");
    assert!(page.contains("image `/images/none.jpg` leads nowhere") && !page.contains("rally-errors"));

    common::write(&site, "content/join.md", "---\ntitle: Join us\ndescription: Come.\n---\nSee [the FAQ](/faq/).\n");
    eventually("the fixed problems to leave the panel", || {
        let panel = get(addr, "/__rally/warnings").1;
        !panel.contains("leads nowhere") && panel.contains("goal `schools` has no data")
    });
}

#[test]
fn the_search_index_is_made_in_the_background_and_follows_edits() {
    let (_g, site) = common::fixture("hub");
    let config = common::read(&site, "site.yaml");
    common::write(&site, "site.yaml", &format!("{config}\nsearch: {{ enabled: true }}\n"));
    let server = serve(&site);
    let addr = server.addr;
    // the pages the index holds, once it is there
    let indexed = || {
        let (status, body) = get(addr, "/hub/pagefind/pagefind-entry.json");
        (status == 200).then(|| {
            let entry: serde_json::Value = serde_json::from_str(&body).unwrap();
            entry["languages"].as_object().unwrap().values().map(|l| l["page_count"].as_u64().unwrap()).sum::<u64>()
        })
    };
    eventually("the first index", || indexed().is_some());
    let before = indexed().unwrap();
    assert!(before > 3, "{before} pages indexed");
    for name in rally::search::FIXED_FILES {
        assert_eq!(get(addr, &format!("/hub/pagefind/{name}")).0, 200, "{name}");
    }
    common::write(&site, "content/volunteer.md", "---\ntitle: Volunteer\n---\nBring boots.\n");
    eventually("the new page in the index", || indexed() == Some(before + 1));
    assert_eq!(get(addr, "/hub/pagefind/nothing.js").0, 404);
    server.stop();
}
