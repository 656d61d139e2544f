//! One whole rendered page of every content kind, as snapshots: a change to what any kind of page
//! shows (its template, its view, its meta) appears here as a reviewable diff. The stylesheets'
//! fingerprints are replaced by `HASH`, so a style change alone leaves these alone.

use crate::common;

use std::path::Path;

const EVENT: &str = "---\ntitle: River clean-up at Kell Bridge\ndescription: Gloves and bags provided.\nstart: 2026-12-12T10:00\nend: 2026-12-12T13:00\ntimezone: Europe/London\nlocation: { name: Kell Bridge car park, address: \"Mill Lane, Kell\" }\nregistration_url: https://org.example/register\n---\nMeet at the noticeboard.\n";
const CAMPAIGN: &str = "---\ntitle: Protect the Kell\ndescription: Ask the council to stop sewage spills.\nkind: petition\ntarget: 5000\ndeadline: 2027-03-31\ncount: 1234\ncta: { label: Sign the petition, url: https://org.example/sign }\n---\nSewage spilled into the Kell on 112 days last year.\n";

/// The page at `rel` of `out`, with fingerprinted file names made stable.
fn page(out: &Path, rel: &str) -> String {
    stable_names(&common::read(out, rel))
}

/// `html` with fingerprinted file names made stable.
fn stable_names(html: &str) -> String {
    let mut stable = String::with_capacity(html.len());
    let mut rest = html;
    // `style.a270e0d4.css` → `style.HASH.css`
    while let Some(at) = rest.find(".css") {
        let (head, tail) = rest.split_at(at);
        let dot = head.rfind('.').filter(|&d| {
            let hash = &head[d + 1..];
            hash.len() == 8 && hash.bytes().all(|b| b.is_ascii_hexdigit())
        });
        match dot {
            Some(d) => stable.push_str(&format!("{}.HASH", &head[..d])),
            None => stable.push_str(head),
        }
        stable.push_str(".css");
        rest = &tail[4..];
    }
    stable.push_str(rest);
    stable
}

/// The hub fixture with an event and a campaign, built.
fn built() -> (tempfile::TempDir, std::path::PathBuf) {
    let (dir, site) = common::fixture_with_cards("hub");
    common::write(&site, "content/events/2026-12-12-kell-clean-up.md", EVENT);
    common::write(&site, "content/campaigns/protect-the-kell.md", CAMPAIGN);
    (dir, common::build(&site))
}

/// Every file a site's build writes, by its path: the URLs of its pages and files.
#[test]
fn every_url_of_a_site() {
    let (_dir, out) = built();
    let mut files: Vec<String> = walkdir::WalkDir::new(&out)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(&out).unwrap().to_string_lossy().replace('\\', "/"))
        .filter(|p| !p.starts_with(".rally-cache/"))
        .map(|p| stable_names(&p))
        .collect();
    files.sort();
    insta::assert_snapshot!(files.join("\n"));
}

#[test]
fn one_page_of_every_kind() {
    let (_dir, out) = built();
    for (kind, rel) in [
        ("home", "index.html"),
        ("mission", "mission/index.html"),
        ("values", "values/index.html"),
        ("faq", "faq/index.html"),
        ("report", "impact/2025-q3/index.html"),
        ("update", "updates/kell/index.html"),
        ("event", "events/kell-clean-up/index.html"),
        ("campaign", "campaigns/protect-the-kell/index.html"),
        ("section", "about/index.html"),
        ("page", "about/team/index.html"),
    ] {
        insta::assert_snapshot!(kind, page(&out, rel));
    }
}
