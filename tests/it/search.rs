//! Site search: with `search.enabled` the build writes a Pagefind index of its pages, a search
//! page and a search box, under the site's base path; without it, none of them.

use crate::common;

use common::*;
use std::io::Read;
use std::path::Path;

fn with_search(site: &Path) {
    let yaml = read(site, "site.yaml");
    write(site, "site.yaml", &format!("{yaml}search: {{ enabled: true }}\n"));
}

/// The decompressed files of the index under `pagefind/DIR`, by name.
fn index_files(out: &Path, dir: &str) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = std::fs::read_dir(out.join("pagefind").join(dir))
        .unwrap_or_else(|e| panic!("pagefind/{dir}: {e}"))
        .map(|e| {
            let e = e.unwrap();
            let mut text = Vec::new();
            flate2::read::GzDecoder::new(std::fs::File::open(e.path()).unwrap()).read_to_end(&mut text).unwrap();
            (e.file_name().to_string_lossy().into_owned(), String::from_utf8_lossy(&text).into_owned())
        })
        .collect();
    files.sort();
    files
}

#[test]
fn without_search_there_is_no_index_no_search_page_and_no_search_box() {
    let (_g, site) = fixture("hub");
    let out = build(&site);
    assert!(!out.join("pagefind").exists());
    assert!(!out.join("search").exists());
    let home = read(&out, "index.html");
    assert!(!home.contains("site-search") && !home.contains("/search/") && !home.contains("pagefind"), "{home}");
    assert!(!read(&out, "_headers").contains("wasm-unsafe-eval"));
}

#[test]
fn the_search_box_the_search_page_and_the_index_live_under_the_base_path() {
    let (_g, site) = fixture("hub");
    with_search(&site);
    let out = build(&site);
    let home = read(&out, "index.html");
    assert!(home.contains("<form class=\"site-search\" role=\"search\" aria-label=\"Search this site\" action=\"/hub/search/\" method=\"get\">"), "{home}");
    assert!(home.contains("name=\"q\""));
    assert!(home.contains("<main id=\"main\" tabindex=\"-1\" data-pagefind-body>"), "the indexed part");
    assert!(
        !home.contains("pagefind/") && !home.contains("<script src"),
        "pages other than the search page load no search code"
    );
    let page = read(&out, "search/index.html");
    assert!(page.contains("<script src=\"/hub/pagefind/pagefind-ui.js\" defer></script>"), "{page}");
    // the interface's stylesheets, Pagefind's then the theme's, are loaded by the search script,
    // so they do not hold up the page's first paint
    assert!(page.contains("data-styles=\"/hub/pagefind/pagefind-ui.css /hub/search-ui.css\""), "{page}");
    assert!(
        !page.contains("href=\"/hub/pagefind/pagefind-ui.css\"") && !page.contains("href=\"/hub/search-ui.css\""),
        "{page}"
    );
    assert!(page.contains("data-bundle=\"/hub/pagefind/\""));
    for f in ["pagefind-entry.json", "pagefind.js", "pagefind-ui.js", "pagefind-ui.css", "rally-search.js"] {
        assert!(out.join("pagefind").join(f).is_file(), "pagefind/{f}");
    }
    let fragments = index_files(&out, "fragment");
    let urls: Vec<&str> =
        fragments.iter().filter_map(|(_, t)| Some(t.split("\"url\":\"").nth(1)?.split('"').next().unwrap())).collect();
    assert!(urls.contains(&"/hub/faq/") && urls.contains(&"/hub/updates/kell/"), "{urls:?}");
    assert!(urls.iter().all(|u| u.starts_with("/hub/")), "{urls:?}");
    assert!(!urls.contains(&"/hub/search/"), "the search page is not indexed");
    assert!(!urls.contains(&"/hub/tags/"), "list pages are not indexed");
}

#[test]
fn the_index_has_filters_for_kind_and_tags() {
    let (_g, site) = fixture("hub");
    with_search(&site);
    let out = build(&site);
    let filters = index_files(&out, "filter");
    let names: Vec<&str> = filters.iter().map(|(n, _)| n.as_str()).collect();
    let all: String = filters.iter().map(|(_, t)| t.as_str()).collect();
    for kind in ["faq", "update", "report", "page"] {
        assert!(all.contains(kind), "kind {kind} in {names:?}");
    }
    let fragments: String = index_files(&out, "fragment").into_iter().map(|(_, t)| t).collect();
    assert!(fragments.contains("\"kind\":[\"faq\"]"), "{fragments}");
    let kell = read(&site, "content/updates/2025-09-14-kell.md");
    let tag = kell.lines().find_map(|l| l.strip_prefix("tags: [")).unwrap().split([',', ']']).next().unwrap().trim();
    assert!(fragments.contains(&format!("\"tags\":[\"{tag}\"")), "tag {tag}: {fragments}");
}

#[test]
fn there_is_one_index_per_language_of_the_pages() {
    let (_g, site) = fixture("hub");
    with_search(&site);
    let yaml = read(&site, "site.yaml").replace("language: en", "language: de");
    write(&site, "site.yaml", &yaml);
    let out = build(&site);
    let entry = read(&out, "pagefind/pagefind-entry.json");
    assert!(entry.contains("\"de\""), "{entry}");
    assert!(!entry.contains("\"en\""), "{entry}");
}

#[test]
fn with_search_the_policy_allows_webassembly() {
    let (_g, site) = fixture("hub");
    with_search(&site);
    let out = build(&site);
    let headers = read(&out, "_headers");
    assert!(headers.contains("script-src 'self' 'wasm-unsafe-eval';"), "{headers}");
}

#[test]
fn the_search_page_without_javascript_leads_to_the_faq_and_the_tags() {
    let (_g, site) = fixture("hub");
    with_search(&site);
    let out = build(&site);
    let page = read(&out, "search/index.html");
    let noscript = page.split("<noscript>").nth(1).unwrap().split("</noscript>").next().unwrap();
    assert!(noscript.contains("href=\"/hub/faq/\""), "{noscript}");
    assert!(noscript.contains("href=\"/hub/tags/\""), "{noscript}");
    // a page of the site like the others: search engines may list it (its results are the
    // reader's, made in the browser)
    assert!(!page.contains("noindex"));
    assert!(read(&out, "sitemap.xml").contains("/hub/search/"));
}

fn gunzip(bytes: &[u8]) -> String {
    let mut text = Vec::new();
    flate2::read::GzDecoder::new(bytes).read_to_end(&mut text).unwrap();
    String::from_utf8_lossy(&text).into_owned()
}

#[test]
fn the_preview_indexes_the_pages_it_holds_after_an_edit() {
    let (_g, site) = fixture("hub");
    with_search(&site);
    let load = |site: &Path| rally::live::LiveSite::load(site, &options(), None).unwrap_or_else(|d| panic!("{d:?}"));
    let mut live = load(&site);
    assert!(!live.files().keys().any(|p| p.starts_with("pagefind/")), "the preview indexes apart from its files");
    let rel = "content/updates/2025-09-14-kell.md";
    write(&site, rel, &format!("{}\nWe saw kingfishers.\n", read(&site, rel)));
    live.update(&[site.join(rel)]).unwrap_or_else(|d| panic!("{d:?}"));
    let docs = live.search_documents().expect("search is on");
    assert!(docs.iter().any(|(p, html)| p == "/hub/updates/kell/" && html.contains("kingfishers")));
    let fresh = load(&site).search_documents().unwrap();
    assert_eq!(docs, fresh, "the same documents as a fresh load");
    let bundle = rally::search::index(docs).unwrap();
    let found = bundle.iter().filter(|f| f.path.starts_with("pagefind/fragment/")).any(|f| match &f.contents {
        rally::render::Contents::Bytes(b) => gunzip(b).contains("kingfishers"),
        _ => false,
    });
    assert!(found, "the edit is in the index");
}
