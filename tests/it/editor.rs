//! The editor of `rally serve` (`/__rally/edit/`), over raw HTTP: the list, the typed forms,
//! saving only what changed, conflicts, refusals (403), confinement, new files and photos.

use crate::common;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::time::Duration;

use rally::serve::{ServeOptions, Server, start};

/// An answer: status, headers (lower-case names) and body.
struct Answer {
    status: u16,
    head: String,
    body: String,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().find_map(|l| {
            let (n, v) = l.split_once(':')?;
            n.eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }
}

/// Sends one HTTP/1.1 request to `addr`; `extra` are more header lines. A server may answer
/// before it has read the whole body (one too large) and close the connection: then writing stops
/// where the connection broke, and the answer it sent is read.
fn send(addr: SocketAddr, method: &str, path: &str, extra: &[String], body: &[u8]) -> Answer {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let mut req = format!("{method} {path} HTTP/1.1\r\nConnection: close\r\nContent-Length: {}\r\n", body.len());
    if !extra.iter().any(|h| h.starts_with("Host:")) {
        req.push_str(&format!("Host: {addr}\r\n"));
    }
    for h in extra {
        req.push_str(h);
        req.push_str("\r\n");
    }
    req.push_str("\r\n");
    match s.write_all(req.as_bytes()).and_then(|()| s.write_all(body)) {
        Err(e) if !closed(&e) => panic!("cannot send {method} {path}: {e}"),
        _ => {}
    }
    let mut buf = Vec::new();
    let mut chunk = [0u8; 16 * 1024];
    loop {
        match s.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
            // closing with some of the request unread resets the connection, after the answer
            Err(e) if closed(&e) => break,
            Err(e) => panic!("cannot read the answer to {method} {path}: {e}"),
        }
    }
    let text = String::from_utf8_lossy(&buf).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    Answer { status, head: head.to_string(), body: body.to_string() }
}

/// Did the server close the connection (rather than something else go wrong)?
fn closed(e: &std::io::Error) -> bool {
    use std::io::ErrorKind::{BrokenPipe, ConnectionAborted, ConnectionReset};
    matches!(e.kind(), BrokenPipe | ConnectionReset | ConnectionAborted)
}

fn page(addr: SocketAddr, path: &str) -> Answer {
    send(addr, "GET", path, &[], b"")
}

/// `application/x-www-form-urlencoded` of `pairs`.
fn encoded(pairs: &[(&str, &str)]) -> Vec<u8> {
    let enc = |s: &str| {
        s.bytes()
            .map(|b| match b {
                b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'.' | b'_' => char::from(b).to_string(),
                b' ' => "+".into(),
                _ => format!("%{b:02X}"),
            })
            .collect::<String>()
    };
    pairs.iter().map(|(k, v)| format!("{}={}", enc(k), enc(v))).collect::<Vec<_>>().join("&").into_bytes()
}

/// A POST of a form from the editor's own page (its Origin), or from `origin`.
fn post(addr: SocketAddr, path: &str, pairs: &[(&str, &str)], origin: Option<&str>) -> Answer {
    let own = format!("http://{addr}");
    let mut extra = vec!["Content-Type: application/x-www-form-urlencoded".to_string()];
    if let Some(o) = Some(origin.unwrap_or(&own)).filter(|o| !o.is_empty()) {
        extra.push(format!("Origin: {o}"));
    }
    send(addr, "POST", path, &extra, &encoded(pairs))
}

/// The value of the input named `name` in `html`.
fn input(html: &str, name: &str) -> String {
    let at = html.find(&format!("name=\"{name}\" value=\"")).unwrap_or_else(|| panic!("no input {name}"));
    let rest = &html[at + name.len() + 15..];
    rest[..rest.find('"').unwrap()].to_string()
}

fn serve(site: &Path, bind: &str, token: Option<&str>) -> Server {
    start(ServeOptions {
        root: site.to_path_buf(),
        bind: bind.into(),
        port: 0,
        build: common::options(),
        edit_token: token.map(String::from),
    })
    .unwrap()
}

const UPDATE: &str = "---\n# Written by hand: keep this comment\ntitle: 'Kell restored'   # short, please\ndate: 2025-09-14\n\
                      description: \"Three km of river.\"\nextra: { mood: glad, count: 3 }\nsummary: |\n  Eighty volunteers\n  and a digger.\n\
                      tags:\n  - rivers   # the first\n  - volunteers\ngoals: [river_km_restored]\n---\nThe body stays.\n";
const PATH: &str = "content/updates/2025-09-14-kell.md";

/// The hub with [`UPDATE`] at [`PATH`], served, and the token and hash of its edit page.
fn update_opened() -> (tempfile::TempDir, std::path::PathBuf, Server, String, String) {
    let (g, site) = common::fixture("hub");
    common::write(&site, PATH, UPDATE);
    let server = serve(&site, "127.0.0.1", None);
    let form = page(server.addr, &edit_url(PATH)).body;
    let (token, hash) = (input(&form, "token"), input(&form, "hash"));
    (g, site, server, token, hash)
}

fn edit_url(path: &str) -> String {
    format!("/__rally/edit/file?path={path}")
}

#[test]
fn lists_content_and_shows_typed_forms() {
    let (_g, site) = common::fixture("hub");
    common::write(&site, PATH, UPDATE);
    common::write(
        &site,
        "content/events/2026-04-18-clean-up.md",
        "---\ntitle: Clean-up\nstart: 2026-04-18T10:00\ntimezone: Europe/London\nlocation: { name: Kell Bridge }\n---\nBring boots.\n",
    );
    let server = serve(&site, "127.0.0.1", None);
    let addr = server.addr;
    let list = page(addr, "/__rally/edit/");
    assert_eq!(list.status, 200, "{}", list.body);
    assert!(
        list.body.contains("<h2>Updates")
            && list.body.contains("<h2>Events")
            && list.body.contains("<h2>Impact reports")
    );
    assert!(list.body.contains("Kell restored") && list.body.contains(&format!("href=\"{}\"", edit_url(PATH))));
    for button in ["New update", "New event", "New campaign", "New report", "New page"] {
        assert!(list.body.contains(&format!("<summary>{button}</summary>")), "{button}");
    }
    assert!(list.body.contains("type=\"search\""));
    assert!(!list.body.contains("<script>") && !list.body.contains("style="), "no inline script or style");
    let searched = page(addr, "/__rally/edit/?q=clean");
    assert!(searched.body.contains("Clean-up") && !searched.body.contains("Kell restored"));
    let csp = list.header("content-security-policy").unwrap();
    assert!(csp.contains("default-src 'self'") && !csp.contains("unsafe-inline"), "{csp}");
    assert!(page(addr, "/__rally/edit/editor.js").body.contains("beforeunload"));
    assert!(page(addr, "/__rally/edit/editor.css").header("content-type").unwrap().starts_with("text/css"));

    let update = page(addr, &edit_url(PATH)).body;
    assert!(update.contains("<label for=\"f-title\">Title <span class=\"req\">(required)</span></label><input type=\"text\" id=\"f-title\" name=\"f.title\" value=\"Kell restored\" required>"), "{update}");
    assert!(update.contains("<input type=\"date\" id=\"f-date\" name=\"f.date\" value=\"2025-09-14\""));
    assert!(update.contains("name=\"f.tags\" value=\"rivers, volunteers\""));
    assert!(update.contains("<label for=\"f-image_alt\">Alt text</label>") && update.contains("name=\"f.image\""));
    assert!(update.contains("name=\"f.summary\" rows=\"3\""));
    assert!(update.contains("<textarea id=\"body\" name=\"body\" rows=\"20\">\nThe body stays.\n</textarea>"));
    assert!(update.contains("<iframe class=\"preview\" src=\"/hub/updates/kell/\""), "the page beside the form");
    assert!(update.contains(">Save</button>") && update.contains(">Discard</button>"));

    let event = page(addr, &edit_url("content/events/2026-04-18-clean-up.md")).body;
    assert!(
        event.contains("<input type=\"datetime-local\" id=\"f-start\" name=\"f.start\" value=\"2026-04-18T10:00\""),
        "{event}"
    );
    assert!(event.contains("<label for=\"f-timezone\">Time zone</label>"));
    assert!(
        event.contains("<legend>Location</legend>") && event.contains("name=\"f.location.name\" value=\"Kell Bridge\"")
    );
    assert!(event.contains("<select id=\"f-status\" name=\"f.status\">"));
    assert!(!event.contains("name=\"f.summary\""), "the keys of the kind only");
    server.stop();
}

#[test]
fn saving_changes_only_what_changed_and_refuses_to_overwrite_a_newer_file() {
    let (_g, site, server, token, hash) = update_opened();
    let addr = server.addr;
    // as a browser sends the form: every field, one of them changed
    let fields = [
        ("token", token.as_str()),
        ("path", PATH),
        ("hash", hash.as_str()),
        ("f.title", "Kell restored: 3 km"),
        ("f.date", "2025-09-14"),
        ("f.description", "Three km of river."),
        ("f.summary", "Eighty volunteers\r\nand a digger."),
        ("f.tags", "rivers, volunteers"),
        ("f.goals", "river_km_restored"),
        ("f.image", ""),
        ("f.image_alt", ""),
        ("body", "The body stays.\r\n"),
    ];
    let saved = post(addr, "/__rally/edit/save", &fields, None);
    assert_eq!(saved.status, 200, "{}", saved.body);
    assert!(saved.body.contains("Saved."));
    assert_eq!(
        common::read(&site, PATH),
        UPDATE.replace("'Kell restored'", "'Kell restored: 3 km'"),
        "only the title changed"
    );

    // the problems rally check finds in the file are shown after saving
    let form = page(addr, &edit_url(PATH)).body;
    let hash = input(&form, "hash");
    let mut bad = fields.to_vec();
    bad[2] = ("hash", hash.as_str());
    bad[3] = ("f.title", "Kell restored: 3 km");
    bad.push(("f.weight", "2"));
    bad[11] = ("body", "See [the plan](/no-such-page/).\r\n");
    let saved = post(addr, "/__rally/edit/save", &bad, None);
    assert!(saved.body.contains("rally check: 1 problem") && saved.body.contains("no-such-page"), "{}", saved.body);
    let now = common::read(&site, PATH);
    assert!(now.ends_with("goals: [river_km_restored]\nweight: 2\n---\nSee [the plan](/no-such-page/).\n"), "{now}");
    assert!(now.contains("  - rivers   # the first\n"));

    // changed on disk since it was opened: not overwritten, both versions shown
    let theirs = now.replace("weight: 2", "weight: 5");
    common::write(&site, PATH, &theirs);
    let mut late = fields.to_vec();
    late[2] = ("hash", hash.as_str());
    late[3] = ("f.title", "Mine");
    let conflict = post(addr, "/__rally/edit/save", &late, None);
    assert_eq!(conflict.status, 409);
    assert!(
        conflict.body.contains("changed on disk")
            && conflict.body.contains("weight: 5")
            && conflict.body.contains("title: Mine")
    );
    assert!(conflict.body.contains("Save mine over it") && conflict.body.contains("Keep this version"));
    assert_eq!(common::read(&site, PATH), theirs, "nothing written");
    // choosing mine: the form again, with the hash of the file on disk
    let disk_hash = input(&conflict.body, "hash");
    late[2] = ("hash", disk_hash.as_str());
    assert_eq!(post(addr, "/__rally/edit/save", &late, None).status, 200);
    assert!(common::read(&site, PATH).contains("title: Mine   # short, please\n"));
    server.stop();
}

#[test]
fn refuses_other_origins_wrong_tokens_and_paths_outside_the_site_folders() {
    let (_g, site, server, token, hash) = update_opened();
    let addr = server.addr;
    let save = |token: &str, path: &str, origin: Option<&str>| {
        let pairs = [("token", token), ("path", path), ("hash", hash.as_str()), ("f.title", "Hacked")];
        post(addr, "/__rally/edit/save", &pairs, origin)
    };
    assert_eq!(save("wrong", PATH, None).status, 403, "a wrong token");
    assert_eq!(save("", PATH, None).status, 403, "no token");
    assert_eq!(save(&token, PATH, Some("http://evil.example")).status, 403, "another origin");
    assert_eq!(save(&token, PATH, Some("")).status, 403, "neither Origin nor Referer");
    let rebinding = send(
        addr,
        "POST",
        "/__rally/edit/save",
        &[format!("Host: evil.example:{}", addr.port()), format!("Origin: http://evil.example:{}", addr.port())],
        &encoded(&[("token", &token), ("path", PATH), ("hash", &hash), ("f.title", "Hacked")]),
    );
    assert_eq!(rebinding.status, 403, "a name that is not this server's");
    assert_eq!(page(addr, "/__rally/edit/").status, 200);
    let site_yaml = common::read(&site, "site.yaml");
    for bad in [
        "site.yaml",
        "content/../site.yaml",
        "/etc/passwd",
        "../outside.md",
        "templates/x.md",
        "content/%2e%2e/site.yaml",
    ] {
        let answer = save(&token, bad, None);
        assert!(answer.status == 403 || answer.status == 400, "{bad}: {}", answer.status);
    }
    assert_eq!(common::read(&site, "site.yaml"), site_yaml);
    assert_eq!(common::read(&site, PATH), UPDATE, "nothing was written");
    assert!(!site.parent().unwrap().join("outside.md").exists());
    server.stop();
}

#[test]
fn creates_files_as_rally_new_does_and_takes_photos() {
    let (_g, site) = common::fixture("hub");
    let server = serve(&site, "127.0.0.1", None);
    let addr = server.addr;
    let token = input(&page(addr, "/__rally/edit/").body, "token");
    let made =
        post(addr, "/__rally/edit/new", &[("token", &token), ("kind", "update"), ("title", "Otters are back!")], None);
    assert_eq!(made.status, 303, "{}", made.body);
    let today = jiff::ZonedDateTime::now().date();
    let path = format!("content/updates/{today}-otters-are-back.md");
    assert_eq!(made.header("location"), Some(edit_url(&path).as_str()));
    let text = common::read(&site, &path);
    assert!(text.starts_with(&format!("---\ntitle: Otters are back!\ndate: {today}\n")), "{text}");
    assert!(page(addr, &edit_url(&path)).body.contains("value=\"Otters are back!\""));
    let event = [
        ("token", token.as_str()),
        ("kind", "event"),
        ("title", "Survey"),
        ("start", "2027-05-01T10:00"),
        ("timezone", "Europe/London"),
    ];
    assert_eq!(post(addr, "/__rally/edit/new", &event, None).status, 303);
    assert!(common::read(&site, "content/events/2027-05-01-survey.md").contains("timezone: Europe/London"));
    // its form is answered once the preview has built it: the page beside the form shows it
    let form = page(addr, &edit_url("content/events/2027-05-01-survey.md")).body;
    assert!(form.contains("<iframe class=\"preview\" src=\"/hub/events/survey/\""), "{form}");
    let again =
        post(addr, "/__rally/edit/new", &[("token", &token), ("kind", "update"), ("title", "Otters are back!")], None);
    assert_eq!(again.status, 422, "a file that exists is left alone");
    assert!(again.body.contains("already exists"));
    let outside = post(addr, "/__rally/edit/new", &[("token", &token), ("kind", "page"), ("path", "../../x")], None);
    assert_eq!(outside.status, 422);
    assert_eq!(
        post(addr, "/__rally/edit/new", &[("token", "no"), ("kind", "update"), ("title", "X")], None).status,
        403
    );

    let upload = |name: &str, bytes: &[u8], alt: &str| {
        let mut body = Vec::new();
        for (field, value) in [("token", token.as_str()), ("alt", alt)] {
            body.extend(format!("--B\r\nContent-Disposition: form-data; name=\"{field}\"\r\n\r\n{value}\r\n").bytes());
        }
        body.extend(format!("--B\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"{name}\"\r\nContent-Type: image/png\r\n\r\n").bytes());
        body.extend(bytes);
        body.extend(b"\r\n--B--\r\n");
        let extra = ["Content-Type: multipart/form-data; boundary=B".to_string(), format!("Origin: http://{addr}")];
        send(addr, "POST", "/__rally/edit/upload", &extra, &body)
    };
    let png = b"\x89PNG\r\n\x1a\n0000";
    let done = upload("River Bank.png", png, "The bank at dawn");
    assert_eq!(done.status, 201, "{}", done.body);
    assert!(done.body.contains("![The bank at dawn](/images/river-bank.png)"));
    assert_eq!(std::fs::read(site.join("static/images/river-bank.png")).unwrap(), png);
    assert_eq!(upload("x.png", png, "").status, 422, "alt text first");
    assert_eq!(upload("x.png", b"<svg onload=alert(1)>", "A").status, 415, "not a photo");
    // answered 413, though the server may close the connection before all of it is sent
    assert_eq!(upload("big.png", &vec![0x89; 11 * 1024 * 1024], "A").status, 413, "too large");
    let mut images: Vec<String> = std::fs::read_dir(site.join("static/images"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    images.sort();
    assert_eq!(images, ["kell.svg", "river-bank.png"], "nothing written but the photo taken");
    server.stop();
}

#[test]
fn no_editor_on_other_addresses_without_a_token() {
    let (_g, site) = common::fixture("hub");
    let server = serve(&site, "0.0.0.0", None);
    let local = SocketAddr::from(([127, 0, 0, 1], server.addr.port()));
    assert_eq!(page(local, "/__rally/edit/").status, 404);
    assert_eq!(page(local, "/hub/").status, 200, "the preview itself is served");
    server.stop();
    let token = "0123456789abcdef0123";
    let server = serve(&site, "0.0.0.0", Some(token));
    let local = SocketAddr::from(([127, 0, 0, 1], server.addr.port()));
    assert_eq!(page(local, "/__rally/edit/").status, 403, "the token first");
    let opened = page(local, &format!("/__rally/edit/?token={token}"));
    assert_eq!(opened.status, 200);
    let cookie = opened.header("set-cookie").unwrap().split(';').next().unwrap().to_string();
    let again = send(local, "GET", "/__rally/edit/", &[format!("Cookie: {cookie}")], b"");
    assert_eq!(again.status, 200, "the cookie stands for the token");
    server.stop();
}

#[test]
fn previews_unsaved_text_and_shows_problems_under_their_fields() {
    let (_g, site, server, token, hash) = update_opened();
    let addr = server.addr;
    let typed = |pairs: &[(&str, &str)], origin: Option<&str>| {
        let mut all = vec![("token", token.as_str()), ("path", PATH), ("hash", hash.as_str())];
        all.extend_from_slice(pairs);
        post(addr, "/__rally/edit/preview", &all, origin)
    };
    let json = |a: Answer| -> serde_json::Value {
        assert_eq!(a.status, 200, "{}", a.body);
        assert!(a.header("content-type").unwrap().starts_with("application/json"));
        serde_json::from_str(&a.body).unwrap()
    };
    // the page as it would be, at its own URL, with the site's policy; the site and the file as saved
    let v = json(typed(&[("f.title", "Kell restored, and more"), ("body", "A new body.\r\n")], None));
    let url = v["url"].as_str().unwrap();
    assert!(url.starts_with("/hub/updates/kell/?rally-draft="), "{v}");
    let draft = page(addr, url);
    assert!(draft.body.contains("Kell restored, and more") && draft.body.contains("A new body."), "{}", draft.body);
    assert!(draft.header("content-security-policy").unwrap().contains("default-src 'self'"));
    assert!(!page(addr, "/hub/updates/kell/").body.contains("and more"), "the site stays as saved");
    let id = &url[url.find('=').unwrap() + 1..];
    assert!(id.len() >= 32, "a draft's id cannot be guessed: {id}");
    let elsewhere = page(addr, &format!("/hub/about/?rally-draft={id}"));
    assert!(elsewhere.status == 200 && !elsewhere.body.contains("and more"), "a draft is shown at its own URL only");
    assert_eq!(common::read(&site, PATH), UPDATE, "typing writes nothing");

    // an error in the unsaved text: as rally check prints it, for the field of its key
    let v = json(typed(&[("f.date", "2025-02-30")], None));
    assert_eq!(v["url"], serde_json::Value::Null, "{v}");
    let p = &v["problems"][0];
    assert_eq!((&p["key"], &p["error"], &p["line"]), (&"date".into(), &true.into(), &4.into()), "{v}");
    assert!(p["text"].as_str().unwrap().starts_with("content/updates/2025-09-14-kell.md:4:"), "{v}");
    let v = json(typed(&[("body", "See [the plan](@/nowhere.md).\r\n")], None));
    assert_eq!(v["problems"][0]["key"], serde_json::Value::Null, "a body problem is for the body: {v}");
    let v = json(typed(&[("f.weight", "heavy")], None));
    assert_eq!(v["problems"][0]["key"], "weight", "a typed value that is not a number: {v}");

    // from another origin, or without the page's token: refused
    assert_eq!(typed(&[("f.title", "X")], Some("http://evil.example")).status, 403);
    let no_token = [("path", PATH), ("f.title", "X")];
    assert_eq!(post(addr, "/__rally/edit/preview", &no_token, None).status, 403);

    // a problem rally check finds at a key's line is shown under that field, which names it
    let fields = [
        ("token", token.as_str()),
        ("path", PATH),
        ("hash", hash.as_str()),
        ("f.image", "/images/no-such-photo.jpg"),
        ("f.image_alt", "A photo that is not there"),
    ];
    let saved = post(addr, "/__rally/edit/save", &fields, None);
    assert_eq!(saved.status, 200, "{}", saved.body);
    // the page once the preview has rebuilt and checked the saved file (a save waits for that,
    // but for ten seconds at most)
    let checked = |body: &str| body.contains("rally check: 1 problem");
    let mut body = saved.body;
    for _ in 0..300 {
        if checked(&body) {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
        body = page(addr, &edit_url(PATH)).body;
    }
    let body = &body;
    let under = body.find("id=\"f-image-problems\"").expect("the image field's problems");
    assert!(body[under..].split("</div>").next().unwrap().contains("no-such-photo"), "{body}");
    assert!(body.contains("aria-describedby=\"f-image-hint f-image-problems\" aria-invalid=\"true\""), "{body}");
    assert!(body.contains("id=\"body-problems\"></div>"), "nothing above the body: {body}");
    server.stop();
}

#[test]
fn previews_a_translation_in_its_language() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    common::copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("example-site"), &site);
    let _ = std::fs::remove_dir_all(site.join("public"));
    let server = serve(&site, "127.0.0.1", None);
    let addr = server.addr;
    let path = "content/faq.fr.md";
    let form = page(addr, &edit_url(path)).body;
    let (token, hash) = (input(&form, "token"), input(&form, "hash"));
    let fields = [("token", token.as_str()), ("path", path), ("hash", hash.as_str()), ("f.title", "Vos questions")];
    let answer = post(addr, "/__rally/edit/preview", &fields, None);
    let v: serde_json::Value = serde_json::from_str(&answer.body).unwrap();
    let url = v["url"].as_str().unwrap_or_else(|| panic!("{v}"));
    assert!(url.starts_with("/fr/faq/?rally-draft="), "{v}");
    let draft = page(addr, url).body;
    assert!(draft.contains("<html lang=\"fr\"") && draft.contains("Vos questions"), "{draft}");
    assert!(!page(addr, "/fr/faq/").body.contains("Vos questions"), "the site stays as saved");
    assert!(!common::read(&site, path).contains("Vos questions"), "nothing written");
    server.stop();
}
