//! Site search: a Pagefind index of the built pages, made in-process with Pagefind's Rust API.
//!
//! The index stage takes the rendered HTML pages and returns the files of the search bundle
//! (`pagefind/`: the index, one per language that pages declare with `lang`, its filters, and the
//! search code and styles Pagefind ships), as output files. Themes mark the indexed part of a page
//! with `data-pagefind-body` on `<main>`, so headers and footers are not indexed; this stage adds
//! each page's filters (its kind and tags) from the site model, so every theme gets them. The
//! pipeline hands it the pages the render stage kept (see `rally_render::Rendering::take_searched`);
//! the preview makes the index apart, in the background.
//!
//! May depend on: `rally-core`, `rally-render` (the output file types, and where search lives in
//! the built site). `pagefind` runs on a `tokio` runtime of its own.

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use rally_core::error::Diagnostic;
use rally_core::model::Site;
use rally_core::model::page::PageKind;
use rally_core::model::urls;
use rally_render::{Contents, OutputFile};

pub use rally_render::search::{BUNDLE_DIR, PAGE_URL};

/// The files of the bundle whose names do not change with the index (the rest are named by their
/// content): what pages may link to.
pub const FIXED_FILES: [&str; 8] = [
    "pagefind.js",
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-highlight.js",
    "pagefind-entry.json",
    START_SCRIPT.0,
];
/// The script that starts Pagefind's interface on the search page, in the bundle.
const START_SCRIPT: (&str, &str) = ("rally-search.js", include_str!("rally-search.js"));

/// The name of the `kind` filter value of a page of this kind.
pub fn kind_name(kind: PageKind) -> &'static str {
    rally_core::model::kinds::kind(kind).search
}

/// The HTML Pagefind reads for a page: the page with an element per filter value before `</head>`
/// (Pagefind reads filters anywhere on the page, inside `data-pagefind-body` or not).
pub fn with_filters(html: &str, kind: &str, tags: &[String]) -> String {
    let escape = rally_core::format::escape_html;
    let mut marks = format!("<meta data-pagefind-filter=\"kind:{}\">", escape(kind));
    for t in tags {
        marks.push_str(&format!("<meta data-pagefind-filter=\"tags:{}\">", escape(t)));
    }
    match html.find("</head>") {
        Some(at) => format!("{}{marks}{}", &html[..at], &html[at..]),
        None => format!("{marks}{html}"),
    }
}

/// The documents of the index among `pages` (output paths under the site root, and their HTML):
/// the pages of the site model in every language, each with its URL and its kind and tags as
/// filters. List pages (updates, tags, sections' lists) only repeat the summaries of pages that are
/// indexed themselves, and a page not translated yet repeats its original: both are left out.
pub fn documents<'a>(site: &Site, pages: impl IntoIterator<Item = (&'a str, &'a str)>) -> Vec<(String, String)> {
    let mut by_out: std::collections::HashMap<String, &rally_core::model::page::Page> =
        std::collections::HashMap::new();
    for lang_site in std::iter::once(site).chain(&site.others) {
        let prefix = &lang_site.config.current_language().prefix;
        for p in lang_site.pages.iter().filter(|p| p.lang.is_none()) {
            by_out.insert(format!("{prefix}{}", p.out), p);
        }
    }
    let mut docs: Vec<(String, String)> = pages
        .into_iter()
        .filter_map(|(path, html)| {
            let p = by_out.get(path)?;
            Some((urls::url_of_output(&site.config.root_path, path), with_filters(html, kind_name(p.kind()), &p.tags)))
        })
        .collect();
    // pages arrive in any order from parallel rendering; the index must not depend on it
    docs.sort();
    docs
}

/// The search bundle of these documents (URL and HTML, from [`documents`]).
pub fn index(docs: Vec<(String, String)>) -> Result<Vec<OutputFile>, Diagnostic> {
    // Pagefind's API is async: it runs on a runtime of its own, on a thread of its own, so that
    // it works the same from the build command and from inside the preview server's runtime.
    let files = std::thread::scope(|s| s.spawn(|| run(docs)).join())
        .map_err(|_| failed("the indexer stopped unexpectedly"))?
        .map_err(|e| failed(&e))?;
    let start = OutputFile {
        path: format!("{BUNDLE_DIR}{}", START_SCRIPT.0),
        contents: Contents::Static(START_SCRIPT.1.as_bytes()),
    };
    Ok(files
        .into_iter()
        .map(|f| {
            let name = f.filename.to_string_lossy().replace('\\', "/");
            OutputFile { path: format!("{BUNDLE_DIR}{name}"), contents: Contents::Bytes(f.contents) }
        })
        .chain([start])
        .collect())
}

fn failed(why: &str) -> Diagnostic {
    Diagnostic::error(format!("(output)/{BUNDLE_DIR}"), 0, 0, format!("cannot build the search index: {why}"))
}

fn run(docs: Vec<(String, String)>) -> Result<Vec<pagefind::api::SyntheticFile>, String> {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| e.to_string())?;
    rt.block_on(async move {
        let config = PagefindServiceConfig::builder().keep_index_url(false).build();
        let mut index = PagefindIndex::new(Some(config)).map_err(|e| e.to_string())?;
        for (url, html) in docs {
            index.add_html_file(None, Some(url.clone()), html).await.map_err(|e| format!("{url}: {e}"))?;
        }
        index.get_files().await.map_err(|e| e.to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_name_the_filter_values() {
        let names: Vec<&str> = [
            PageKind::Update,
            PageKind::Report,
            PageKind::Faq,
            PageKind::Event,
            PageKind::Campaign,
            PageKind::Page,
            PageKind::Mission,
        ]
        .into_iter()
        .map(kind_name)
        .collect();
        assert_eq!(names, ["update", "report", "faq", "event", "campaign", "page", "page"]);
    }

    #[test]
    fn filters_go_in_the_head() {
        let html =
            "<html lang=\"en\"><head><title>T</title></head><body><main data-pagefind-body>x</main></body></html>";
        let tags = ["Clean water".to_string(), "a&b".to_string()];
        assert_eq!(
            with_filters(html, "update", &tags),
            "<html lang=\"en\"><head><title>T</title><meta data-pagefind-filter=\"kind:update\">\
             <meta data-pagefind-filter=\"tags:Clean water\"><meta data-pagefind-filter=\"tags:a&amp;b\"></head>\
             <body><main data-pagefind-body>x</main></body></html>"
        );
    }
}
