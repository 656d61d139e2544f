//! `rally import wordpress`: the fixture export (tests/fixtures/import/wordpress.xml) into a site
//! folder that builds and checks clean, media copied or downloaded from a local server, and the
//! refusals: a non-empty folder, and files that are not WordPress exports.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::common::{self, photos};
use assert_cmd::Command;
use predicates::prelude::*;

fn rally() -> Command {
    Command::cargo_bin("rally").unwrap()
}

fn export() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/wordpress.xml")
}

/// A copy of the old site's `wp-content/uploads`: two photos and a PDF.
fn uploads(dir: &Path) -> PathBuf {
    let up = dir.join("uploads");
    std::fs::create_dir_all(up.join("2024/05")).unwrap();
    std::fs::write(up.join("2024/05/river.jpg"), photos::jpeg(64, 48)).unwrap();
    std::fs::write(up.join("2024/05/boats.jpg"), photos::jpeg(48, 48)).unwrap();
    std::fs::write(up.join("2024/05/report.pdf"), b"%PDF-1.4 annual report").unwrap();
    up
}

fn import(export: &Path, into: &Path, extra: &[&str]) -> assert_cmd::assert::Assert {
    rally().args(["import", "wordpress"]).arg(export).arg("--into").arg(into).args(extra).assert()
}

/// The imported site builds, and `rally check` finds no error.
fn builds_and_checks(site: &Path) {
    rally().arg("--root").arg(site).arg("build").assert().success();
    rally().arg("--root").arg(site).arg("check").assert().success().stderr(predicate::str::contains("0 errors"));
}

#[test]
fn posts_pages_media_menu_and_old_addresses() {
    let dir = tempfile::tempdir().unwrap();
    let up = uploads(dir.path());
    let site = dir.path().join("site");
    let up_arg = up.to_str().unwrap();
    import(&export(), &site, &["--uploads", up_arg])
        .success()
        .stderr(predicate::str::contains("Imported 4 updates, 3 pages and 3 media files"));

    let kell = common::read(&site, "content/updates/kell-restored.md");
    for want in [
        "title: 3 km of the Kell restored\n",
        "date: 2024-05-14T09:30:00Z\n",
        "slug: kell-restored\n",
        // the teaser before <!--more-->
        "summary: 'Our biggest clean-up yet: 212 volunteers and 3 km of river bank. Read about us.'\n",
        "tags:\n- Clean-ups\n- Volunteers\n",
        "image: /images/2024/05/river.jpg\nimage_alt: The river at dawn\n",
        "author: jo\n",
        // the post keeps its dated address (permalinks); its attachment page leads to it
        "aliases:\n- /2024/05/14/kell-restored/river/\n",
        "Read [about us](</about/>).",
        "## What we found",
        // a resized variant with its srcset is the one local original
        "![The river at dawn](</images/2024/05/river.jpg>)\n",
        "{% gallery() %}\n- ![The river at dawn](</images/2024/05/river.jpg>) Dawn on the Kell\n- ![Boats on the bank](</images/2024/05/boats.jpg>)\n{% end %}",
        "{{ video(youtube=\"dQw4w9WgXcQ\", title=\"3 km of the Kell restored\") }}",
        "{{ cta(label=\"Read about us\", url=\"/about/\") }}",
    ] {
        assert!(kell.contains(want), "{want}\n---\n{kell}");
    }
    assert!(!kell.contains("Uncategorized") && !kell.contains("srcset") && !kell.contains("wp-content"), "{kell}");

    let classic = common::read(&site, "content/updates/paddles.md");
    for want in [
        "title: 'Paddles & boats: a classic post'\n",
        "summary: A classic summary.\n",
        "First line of the classic post\\\nand its second line.\n\n",
        "{{ figure(src=\"/images/2024/05/boats.jpg\", alt=\"Boats waiting for the paddlers\", caption=\"Boats waiting for the paddlers\") }}",
        "- ![Boats on the bank](</images/2024/05/boats.jpg>)\n- ![The river at dawn](</images/2024/05/river.jpg>) Dawn on the Kell\n",
        "[annual report](</uploads/2024/05/report.pdf>)",
        // a link with a wrong date that WordPress found by its slug
        "[clean-up story](</2024/05/14/kell-restored/>)",
        "\\[unknownthing foo=\"bar\"\\]",
        "<table>\n<tr>\n<td>Kell</td>",
    ] {
        assert!(classic.contains(want), "{want}\n---\n{classic}");
    }
    assert!(!classic.contains("alert"), "{classic}");

    assert!(common::read(&site, "content/updates/an-idea-for-later.md").contains("draft: true\n"));
    let future = common::read(&site, "content/updates/summer.md");
    assert!(future.contains("draft: true\n") && future.contains("date: 2030-07-01T11:00:00Z\n"), "{future}");
    assert!(!site.join("content/updates/minutes.md").exists(), "password-protected posts stay out");
    assert!(common::read(&site, "content/about/_index.md").contains("weight: 1\n"));
    let team = common::read(&site, "content/about/team.md");
    assert!(
        team.contains("title: Our team\n") && team.contains("weight: 2\n") && team.contains("Jo and Sam."),
        "{team}"
    );
    assert!(common::read(&site, "content/updates-page.md").contains("title: Updates\n"));
    assert_eq!(std::fs::read(site.join("static/uploads/2024/05/report.pdf")).unwrap(), b"%PDF-1.4 annual report");
    assert!(site.join("static/images/2024/05/river.jpg").is_file());
    assert!(!site.join("static/images/2024/05/river-300x200.jpg").exists());

    let yaml = common::read(&site, "site.yaml");
    for want in [
        "title: River Commons\n",
        "base_url: https://rivercommons.example/\n",
        "language: en-GB\n",
        "menu:\n- label: About us\n  url: /about/\n- label: Donate\n  url: https://donate.example/river\n",
        "- from: /category/cleanups/\n  to: /tags/clean-ups/\n",
        "permalinks:\n  updates: /:year/:month/:day/:slug/\n",
        "authors:\n  jo:\n    name: Jo Smith\n  sam:\n    name: Sam Okafor\n",
    ] {
        assert!(yaml.contains(want), "{want}\n---\n{yaml}");
    }

    let report = common::read(&site, "IMPORT-REPORT.md");
    for want in [
        "| updates | 2 |",
        "| updates as drafts | 2 |",
        "| pages | 3 |",
        "| comments (counted, not imported) | 2 |",
        "| item 5 | Board minutes | password-protected: not imported |",
        "| item 2 | Paddles & boats: a classic post | shortcode [unknownthing] was kept as text |",
        "| item 2 | Paddles & boats: a classic post | a `<script>` was left out |",
        "| item 1 | 3 km of the Kell restored | block `latest-posts` shows WordPress data",
        "| item 22 | Updates | the address /updates/ is Rally's own: the page is at /updates-page/ |",
        "- `/?p=1` → `/2024/05/14/kell-restored/`",
        "- `/?attachment_id=11` → `/2024/04/02/paddles/`",
    ] {
        assert!(report.contains(want), "{want}\n---\n{report}");
    }

    builds_and_checks(&site);
    let public = site.join("public");
    let kell_html = common::read(&public, "2024/05/14/kell-restored/index.html");
    assert!(kell_html.contains("component-gallery") && kell_html.contains("<picture"), "{kell_html}");
    assert!(kell_html.contains("Jo Smith"), "the byline");
    let redirects = common::read(&public, "_redirects");
    assert!(redirects.contains("/2024/05/14/kell-restored/river/ /2024/05/14/kell-restored/ 301"), "{redirects}");
    assert!(redirects.contains("/category/cleanups/ /tags/clean-ups/ 301"), "{redirects}");
    // the old `/?p=ID` addresses, for hosts that match queries
    assert!(redirects.contains("/ p=1 /2024/05/14/kell-restored/ 301!"), "{redirects}");
    assert!(redirects.contains("/ page_id=20 /about/ 301!"), "{redirects}");
    assert!(common::read(&public, "index.html").contains("<main"), "the home page stays");
}

#[test]
fn a_non_empty_folder_is_refused_and_force_only_adds_files() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    common::write(&site, "content/about/_index.md", "---\ntitle: Mine\n---\n");
    import(&export(), &site, &[]).code(2).stderr(predicate::str::contains("not empty"));
    assert!(!site.join("site.yaml").exists());
    import(&export(), &site, &["--force"]).success().stderr(predicate::str::contains("content/about/_index.md"));
    assert_eq!(common::read(&site, "content/about/_index.md"), "---\ntitle: Mine\n---\n");
    assert!(site.join("content/updates/kell-restored.md").is_file() && site.join("IMPORT-REPORT.md").is_file());
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().map(|e| e.file_name()).collect();
    assert_eq!(leftovers, ["site"], "the staging folder is gone");
}

#[test]
fn files_that_are_not_exports_are_one_located_error() {
    let dir = tempfile::tempdir().unwrap();
    let full = std::fs::read_to_string(export()).unwrap();
    let cases = [
        ("notes.xml", "just some text\n".to_string(), "not a WordPress export (WXR)"),
        (
            "feed.xml",
            "<?xml version=\"1.0\"?>\n<rss><channel><title>A feed</title></channel></rss>\n".into(),
            "not a WordPress export (WXR)",
        ),
        ("page.xml", "<html><body>hi</body></html>".into(), "its root element is <html>"),
        ("cut.xml", full[..full[..full.len() / 2].rfind('\n').unwrap()].to_string(), "is the file truncated?"),
        ("cut-in-a-tag.xml", full[..full.len() / 2].to_string(), "is the file truncated?"),
        ("bad.xml", full.replacen("</wp:post_name>", "</wp:post_nam>", 1), "not well-formed XML"),
    ];
    for (name, text, why) in cases {
        let file = dir.path().join(name);
        std::fs::write(&file, &text).unwrap();
        let into = dir.path().join(format!("out-{name}"));
        import(&file, &into, &[])
            .code(1)
            .stderr(predicate::str::contains(why))
            .stderr(predicate::str::is_match(format!("{name}:[0-9]+:[0-9]+: error")).unwrap());
        assert!(!into.exists(), "{name}: nothing is written");
    }
    import(&dir.path().join("missing.xml"), &dir.path().join("x"), &[]).code(2);
}

/// A web server on a free local port serving `files` by path; any other path is a 404, and
/// `/broken/` paths are a 500. Returns its address and the paths it was asked for.
fn serve(files: HashMap<String, Vec<u8>>) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = format!("http://{}", listener.local_addr().unwrap());
    let asked = Arc::new(Mutex::new(Vec::new()));
    let seen = asked.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            reader.read_line(&mut line).unwrap_or(0);
            let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            seen.lock().unwrap().push(path.clone());
            let (status, body) = match files.get(&path) {
                Some(b) => ("200 OK", b.clone()),
                None if path.contains("/broken/") => ("500 Internal Server Error", b"oops".to_vec()),
                None => ("404 Not Found", b"missing".to_vec()),
            };
            let mut s = stream;
            let head = format!("HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len());
            let _ = s.write_all(head.as_bytes()).and_then(|()| s.write_all(&body));
        }
    });
    (addr, asked)
}

#[test]
fn download_fetches_media_from_the_old_site_and_reports_failures() {
    let dir = tempfile::tempdir().unwrap();
    let files = HashMap::from([
        ("/wp-content/uploads/2024/05/river.jpg".to_string(), photos::jpeg(64, 48)),
        ("/wp-content/uploads/2024/05/report.pdf".to_string(), b"%PDF-1.4 remote".to_vec()),
    ]);
    let (addr, asked) = serve(files);
    let text = std::fs::read_to_string(export())
        .unwrap()
        .replace("https://rivercommons.example", &addr)
        .replace("2024/05/boats.jpg]]></wp:attachment_url>", "broken/boats.jpg]]></wp:attachment_url>");
    let file = dir.path().join("export.xml");
    std::fs::write(&file, text).unwrap();
    let site = dir.path().join("site");
    import(&file, &site, &["--download"]).success().stderr(predicate::str::contains("2 media files"));
    assert!(site.join("static/images/2024/05/river.jpg").is_file());
    assert_eq!(std::fs::read(site.join("static/uploads/2024/05/report.pdf")).unwrap(), b"%PDF-1.4 remote");
    let report = common::read(&site, "IMPORT-REPORT.md");
    assert!(
        report.contains(&format!("- {addr}/wp-content/uploads/broken/boats.jpg: HTTP 500 (tried 3 times)")),
        "{report}"
    );
    let asked = asked.lock().unwrap().clone();
    assert_eq!(asked.iter().filter(|p| p.ends_with("broken/boats.jpg")).count(), 3, "{asked:?}");
    assert_eq!(
        asked.iter().filter(|p| p.ends_with("river.jpg")).count(),
        1,
        "the original once, never its variants: {asked:?}"
    );
    let kell = common::read(&site, "content/updates/kell-restored.md");
    assert!(kell.contains("![The river at dawn](</images/2024/05/river.jpg>)"), "{kell}");
    // the photo that could not be fetched keeps its old address, on the site's own host: a
    // reported problem of the import, and the only errors of `rally check`
    rally().arg("--root").arg(&site).arg("build").assert().success();
    let out = rally().arg("--root").arg(&site).arg("check").assert().code(1).get_output().stderr.clone();
    let out = String::from_utf8(out).unwrap();
    let errors: Vec<&str> = out.lines().filter(|l| l.contains(": error: ")).collect();
    assert_eq!(errors.len(), 3, "{out}");
    assert!(errors.iter().all(|e| e.contains("boats")), "{out}");
}

/// A copy of `tests/fixtures/import/<case>`, with a photo in it where the site has one.
fn site_source(dir: &Path, case: &str) -> PathBuf {
    let src = dir.join(case);
    common::copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import").join(case), &src);
    src
}

fn import_site(generator: &str, src: &Path, into: &Path) -> assert_cmd::assert::Assert {
    rally().args(["import", generator]).arg(src).arg("--into").arg(into).assert()
}

#[test]
fn a_hugo_site_with_translations_shortcodes_static_files_and_data() {
    let dir = tempfile::tempdir().unwrap();
    let src = site_source(dir.path(), "hugo");
    std::fs::write(src.join("static/files/kell.jpg"), photos::jpeg(64, 48)).unwrap();
    let site = dir.path().join("site");
    import_site("hugo", &src, &site).success().stderr(predicate::str::contains("Imported 2 updates, 1 pages"));
    let first = common::read(&site, "content/updates/first-post.md");
    for want in [
        "date: 2024-05-14T10:30:00+01:00\nupdated: 2024-05-20\n",
        "tags:\n- volunteers\n- Clean-ups\n",
        "image: /files/kell.jpg\n",
        "extra:\n  series: river\n",
        "author: jo-smith\n",
        "aliases:\n- /posts/first-post/\n",
        "Read [about us](/about/).",
        "{{ video(youtube=\"dQw4w9WgXcQ\", title=\"3 km of the Kell restored\") }}",
        "```sh\nrally build {{x}}\n```",
        "{&#123;< gist jo 12345 >}}",
    ] {
        assert!(first.contains(want), "{want}\n---\n{first}");
    }
    let second = common::read(&site, "content/updates/second.md");
    assert!(second.contains("aliases:\n- /old/second/\n"), "{second}");
    assert!(
        second
            .contains("{{ figure(src=\"/files/kell.jpg\", alt=\"The Kell at dawn\", caption=\"The Kell at dawn\") }}")
    );
    assert!(common::read(&site, "content/about.fr.md").contains("title: À propos\n"));
    assert_eq!(common::read(&site, "data/team.json"), r#"{"people":[{"name":"Jo"}]}"#);
    assert_eq!(common::read(&site, "static/files/guide.txt"), "Guide to the river.\n");
    let yaml = common::read(&site, "site.yaml");
    for want in [
        "languages:\n  fr:\n    name: Français\n",
        "menu:\n- label: About\n  url: /about/\n- label: Donate\n  url: https://donate.example/river\n",
        "authors:\n  jo-smith:\n    name: Jo Smith\n",
    ] {
        assert!(yaml.contains(want), "{want}\n---\n{yaml}");
    }
    let report = common::read(&site, "IMPORT-REPORT.md");
    assert!(
        report.contains(
            "| content/posts/first-post.md:1 | 3 km of the Kell restored | shortcode `gist` was kept as text |"
        )
    );
    assert!(report.contains("| content/posts/second/notes.txt:1 |"), "{report}");
    assert!(report.contains("| translations | 1 |"), "{report}");
    builds_and_checks(&site);
    assert!(common::read(&site.join("public"), "fr/about/index.html").contains("Nous sommes"));
}

#[test]
fn a_jekyll_site_with_posts_drafts_liquid_and_data() {
    let dir = tempfile::tempdir().unwrap();
    let src = site_source(dir.path(), "jekyll");
    let site = dir.path().join("site");
    import_site("jekyll", &src, &site).success();
    let post = common::read(&site, "content/updates/river-day.md");
    for want in [
        "date: 2021-03-04\n",
        "tags:\n- volunteers\n- news\n",
        "aliases:\n- /news/2021/03/04/river-day.html\n",
        "see [the idea](/updates/river-day/) and [about](/about/).",
        "```ruby\nputs \"{{ hello }}\"\n```",
        "{&#37; include signup.html %}",
    ] {
        assert!(post.contains(want), "{want}\n---\n{post}");
    }
    let draft = common::read(&site, "content/updates/an-idea.md");
    assert!(draft.contains("draft: true\n") && !draft.contains("aliases"), "{draft}");
    assert!(common::read(&site, "content/about.md").contains("aliases:\n- /about.html\n"));
    assert!(!site.join("content/index.md").exists());
    assert_eq!(common::read(&site, "data/sites.yaml"), "- name: Kell\n  km: 3\n");
    assert_eq!(common::read(&site, "static/assets/site.css"), "body { color: #123; }\n");
    let yaml = common::read(&site, "site.yaml");
    assert!(yaml.contains("menu:\n- label: About\n  url: /about/\n"), "{yaml}");
    assert!(
        yaml.contains("redirects:\n- from: /archive/\n  to: /updates/\n"),
        "an archive page leads to the updates: {yaml}"
    );
    assert!(!site.join("content/archive.md").exists());
    let report = common::read(&site, "IMPORT-REPORT.md");
    assert!(
        report.contains("| _posts/2021-03-04-river-day.md:1 | River day | Liquid tag `include` was kept as text |"),
        "{report}"
    );
    assert!(report.contains("| index.html:1 |"), "{report}");
    builds_and_checks(&site);
    assert!(common::read(&site.join("public"), "about.html").contains("/about/"), "the old .html address redirects");
}

#[test]
fn a_folder_that_is_not_a_hugo_or_jekyll_site_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    import_site("hugo", dir.path(), &dir.path().join("a"))
        .code(2)
        .stderr(predicate::str::contains("is not a Hugo site"));
    import_site("jekyll", dir.path(), &dir.path().join("b"))
        .code(2)
        .stderr(predicate::str::contains("is not a Jekyll site"));
    std::fs::write(dir.path().join("hugo.toml"), "title = [").unwrap();
    import_site("hugo", dir.path(), &dir.path().join("c"))
        .code(1)
        .stderr(predicate::str::is_match("hugo.toml:1:1: error: not valid TOML").unwrap());
    assert!(!dir.path().join("c").exists());
}

#[test]
fn a_hugo_site_with_a_content_folder_per_language() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    common::write(
        &src,
        "config.toml",
        "baseURL = \"https://hub.example/\"\ntitle = \"Hub\"\ndefaultContentLanguage = \"en\"\n[languages.en]\ncontentDir = \"content/en\"\nlanguageName = \"English\"\nweight = 1\n[languages.fr]\ncontentDir = \"content/fr\"\nlanguageName = \"Français\"\nweight = 2\n",
    );
    common::write(&src, "content/en/about.md", "---\ntitle: About us\n---\nWe clean rivers.\n");
    common::write(&src, "content/fr/about.md", "---\ntitle: À propos\n---\nNous nettoyons les rivières.\n");
    common::write(&src, "content/en/posts/hello.md", "---\ntitle: Hello\ndate: 2024-02-01\n---\nFirst post.\n");
    common::write(&src, "content/fr/posts/hello.md", "---\ntitle: Bonjour\ndate: 2024-02-01\n---\nPremier article.\n");
    let site = dir.path().join("site");
    import_site("hugo", &src, &site).success();
    assert!(common::read(&site, "content/about.md").contains("title: About us"));
    assert!(common::read(&site, "content/about.fr.md").contains("title: À propos"));
    assert!(common::read(&site, "content/updates/hello.fr.md").contains("Premier article."));
    assert!(common::read(&site, "site.yaml").contains("languages:\n  fr:\n    name: Français\n"));
    builds_and_checks(&site);
    let public = site.join("public");
    assert!(common::read(&public, "fr/about/index.html").contains("Nous nettoyons les rivières."));
    assert!(common::read(&public, "fr/updates/hello/index.html").contains("Premier article."));
}
