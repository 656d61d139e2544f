//! Authors: `authors:` in site.yaml (or data/authors.yaml), `author:`/`authors:` on pages, shown on
//! pages, in lists, JSON-LD and feeds, with a page per author.

use crate::common;

use assert_cmd::Command;
use common::*;

const CONFIG: &str = "title: Test Hub\nbase_url: https://test.example/\nupdates: { per_page: 2 }\nfeeds: { rss: true }\nauthors:\n  jo: { name: Jo Smith, bio: \"Field officer since 2019.\", avatar: /images/jo.jpg, url: \"https://jo.example/\" }\n  sam: { name: Sam Lee }\n";

fn update(day: u32, author: &str) -> String {
    format!("---\ntitle: Update {day}\ndate: 2026-03-{day:02}\n{author}\n---\nText of update {day}.\n")
}

fn hub(files: &[(&str, String)]) -> (tempfile::TempDir, std::path::PathBuf) {
    let mut all: Vec<(&str, &str)> = vec![("site.yaml", CONFIG)];
    all.extend(files.iter().map(|(p, t)| (*p, t.as_str())));
    site_with(&all)
}

#[test]
fn authors_are_shown_on_their_pages_lists_json_ld_and_feeds() {
    let (_g, site) = hub(&[
        ("content/updates/a.md", update(1, "author: jo")),
        ("content/updates/b.md", update(2, "authors: [jo, sam]")),
        ("content/updates/c.md", update(3, "author: jo")),
        ("content/updates/d.md", update(4, "")),
    ]);
    let out = build(&site);
    let b = read(&out, "updates/b/index.html");
    assert!(
        b.contains(
            r#"By <a href="/authors/jo/" rel="author">Jo Smith</a>, <a href="/authors/sam/" rel="author">Sam Lee</a>"#
        ),
        "{b}"
    );
    assert!(b.contains(r#""author":[{"@type":"Person","@id":"https://test.example/authors/jo/#person","name":"Jo Smith","url":"https://test.example/authors/jo/","sameAs":"https://jo.example/","image":"https://test.example/images/jo.jpg"}"#), "{b}");
    let d = read(&out, "updates/d/index.html");
    assert!(
        !d.contains("rel=\"author\"") && d.contains(r##""author":{"@id":"https://test.example/#organization"}"##),
        "{d}"
    );
    // the author's page lists their updates, newest first, two a page
    let jo = read(&out, "authors/jo/index.html");
    assert!(jo.contains("<h1>Jo Smith</h1>") && jo.contains("Field officer since 2019."), "{jo}");
    assert!(jo.contains("3 updates and pages by this author."), "{jo}");
    let (c, b_at) = (jo.find("Update 3").unwrap(), jo.find("Update 2").unwrap());
    assert!(c < b_at && !jo.contains("Update 1<"), "{jo}");
    assert!(read(&out, "authors/jo/page/2/index.html").contains("Update 1"));
    let index = read(&out, "authors/index.html");
    assert!(
        index.contains(r#"<a href="/authors/sam/">Sam Lee</a>"#) && index.contains("1 update or page by this author.")
    );
    let atom = read(&out, "atom.xml");
    assert!(
        atom.contains("<author><name>Jo Smith</name><uri>https://test.example/authors/jo/</uri></author>"),
        "{atom}"
    );
    assert!(read(&out, "rss.xml").contains("<dc:creator>Sam Lee</dc:creator>"));
    assert!(read(&out, "sitemap.xml").contains("<loc>https://test.example/authors/jo/</loc>"));
}

#[test]
fn an_unknown_author_is_an_error_at_its_line_with_a_suggestion() {
    let (_g, site) = hub(&[
        ("content/updates/a.md", update(1, "author: joe")),
        ("content/updates/b.md", update(2, "authors:\n  - sam\n  - alexandra")),
    ]);
    let out = Command::cargo_bin("rally").unwrap().arg("--root").arg(&site).arg("build").output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("content/updates/a.md:4:9")
            && err.contains("no author `joe` in `authors:` of site.yaml: did you mean `jo`?"),
        "{err}"
    );
    assert!(
        err.contains("content/updates/b.md:6:5")
            && err.contains("no author `alexandra` in `authors:` of site.yaml: the authors are jo, sam"),
        "{err}"
    );
    let (_g, site) = hub(&[("content/updates/a.md", update(1, "author: jo\nauthors: [sam]"))]);
    assert!(build_err(&site).contains("give `author: KEY` or `authors: [KEY, KEY]`, not both"));
}

#[test]
fn authors_can_be_listed_in_data_authors_yaml() {
    let (_g, site) = site_with(&[
        ("data/authors.yaml", "# the people who write for us\nkim: { name: Kim Park, bio: Volunteer. }\n"),
        ("content/updates/a.md", &update(1, "author: kim")),
    ]);
    let out = build(&site);
    assert!(read(&out, "updates/a/index.html").contains(r#"<a href="/authors/kim/" rel="author">Kim Park</a>"#));
    assert!(read(&out, "authors/kim/index.html").contains("Volunteer."));
    // both lists: an error at site.yaml's own
    let (_g, site) = hub(&[("data/authors.yaml", "kim: { name: Kim Park }\n".to_string())]);
    let err = build_err(&site);
    assert!(
        err.contains("site.yaml:6:") && err.contains("authors are listed both here and in data/authors.yaml"),
        "{err}"
    );
    // a bad entry is an error at its line in data/authors.yaml
    let (_g, site) =
        site_with(&[("data/authors.yaml", "kim: { name: Kim Park }\n\"Al B\": { name: Al }\nx: { name: \" \" }\n")]);
    let err = build_err(&site);
    assert!(err.contains("data/authors.yaml:2:") && err.contains("write it as `al-b`"), "{err}");
    assert!(err.contains("data/authors.yaml:3:") && err.contains("author `x` has an empty `name`"), "{err}");
}
