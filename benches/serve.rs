//! `cargo bench --bench serve`: the time from saving a file to the reload event that open pages
//! receive, with `rally serve` watching a generated hub of 10,000 updates (or the sizes given as
//! arguments). Two kinds of edit are timed: one to the body of an update (the page and the feeds
//! change) and one to its title (the lists, tag pages and neighbours that show it change too).

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::mpsc;
use std::time::{Duration, Instant};

mod common;

const EDITS: usize = 15;

/// Subscribes to the reload events; each one is sent on the channel as it arrives.
fn subscribe(addr: SocketAddr) -> mpsc::Receiver<Instant> {
    let (tx, rx) = mpsc::channel();
    let (ready_tx, ready_rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut s = TcpStream::connect(addr).expect("connect");
        write!(s, "GET /__rally/events HTTP/1.1\r\nHost: {addr}\r\n\r\n").expect("request");
        for line in BufReader::new(s).lines() {
            let Ok(line) = line else { break };
            if line.contains(": connected") {
                let _ = ready_tx.send(());
            }
            if line.starts_with("event: reload") && tx.send(Instant::now()).is_err() {
                break;
            }
        }
    });
    ready_rx.recv_timeout(Duration::from_secs(30)).expect("the event stream connects");
    rx
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// Saves `edit(i)` as the update's text EDITS times; returns the save-to-reload times.
fn time_edits(
    path: &std::path::Path,
    events: &mpsc::Receiver<Instant>,
    edit: impl Fn(usize) -> String,
) -> Vec<Duration> {
    let mut times = Vec::new();
    for i in 0..EDITS {
        std::thread::sleep(Duration::from_millis(300));
        while events.try_recv().is_ok() {}
        let text = edit(i);
        let saved = Instant::now();
        std::fs::write(path, text).expect("save");
        let reloaded = events.recv_timeout(Duration::from_secs(60)).expect("a reload event");
        times.push(reloaded - saved);
    }
    times
}

fn main() {
    let sizes: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let sizes = if sizes.is_empty() { vec![10_000] } else { sizes };
    for n in sizes {
        let dir = tempfile::tempdir().expect("temp dir");
        common::generate(dir.path(), n);
        let started = Instant::now();
        let server = rally::serve::start(rally::serve::ServeOptions {
            root: dir.path().to_path_buf(),
            bind: "127.0.0.1".into(),
            port: 0,
            build: Default::default(),
            edit_token: None,
        })
        .expect("the server starts");
        let first = started.elapsed();
        let events = subscribe(server.addr);
        let path = dir.path().join(format!("content/updates/{:05}-u.md", n / 2));
        let original = std::fs::read_to_string(&path).expect("the update");
        let body = time_edits(&path, &events, |i| format!("{original}\nOne more sentence, number {i}.\n"));
        let title =
            time_edits(&path, &events, |i| original.replacen("title: Update", &format!("title: Edit {i} of"), 1));
        println!("rally serve, {n} updates: first build {first:.2?}");
        for (what, t) in [("body edit", body), ("title edit", title)] {
            let (lo, hi) = (*t.iter().min().unwrap(), *t.iter().max().unwrap());
            println!("  save -> reload, {what}: median {:.1?} (min {lo:.1?}, max {hi:.1?}, {EDITS} saves)", median(t));
        }
        server.stop();
    }
}
