//! Where site search lives in the built site: the search page renders here, and the search stage
//! (`rally_search`) makes the bundle its page loads.

/// Where the search page is, under the base path.
pub const PAGE_URL: &str = "search/";
/// Where the search bundle is written, under the output root.
pub const BUNDLE_DIR: &str = "pagefind/";
