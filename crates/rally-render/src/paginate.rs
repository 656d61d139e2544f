//! The page numbers a paginated list shows: the first and last page, the current page and its
//! neighbours, with a gap between runs, so a list page stays the same size however many pages
//! the list has.

use serde::Serialize;

/// How many pages either side of the current one are shown.
const NEIGHBOURS: usize = 2;

/// One entry of a pagination nav: a page number, or a gap standing for the pages left out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// The page number; none for a gap.
    pub number: Option<usize>,
    pub url: Option<String>,
    pub current: bool,
    /// True for a gap (shown as `…`, not a link).
    pub gap: bool,
}

/// The numbers shown for page `current` of `total` (both from 1), in order, `None` for a gap.
/// A gap never stands for a single page: that page is shown instead.
pub fn window(current: usize, total: usize) -> Vec<Option<usize>> {
    let (lo, hi) = (current.saturating_sub(NEIGHBOURS).max(1), (current + NEIGHBOURS).min(total));
    let mut shown: Vec<usize> = vec![1];
    shown.extend(lo..=hi);
    shown.push(total);
    shown.sort_unstable();
    shown.dedup();
    let mut out = Vec::with_capacity(shown.len() + 2);
    for (i, &n) in shown.iter().enumerate() {
        if let Some(&prev) = i.checked_sub(1).map(|j| &shown[j]) {
            match n - prev {
                1 => {}
                2 => out.push(Some(prev + 1)),
                _ => out.push(None),
            }
        }
        out.push(Some(n));
    }
    out
}

/// The entries of the nav for page `current` of `total`, with `url` giving each page's URL.
pub fn entries(current: usize, total: usize, url: impl Fn(usize) -> String) -> Vec<Entry> {
    window(current, total)
        .into_iter()
        .map(|n| match n {
            Some(k) => Entry { number: Some(k), url: Some(url(k)), current: k == current, gap: false },
            None => Entry { number: None, url: None, current: false, gap: true },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(current: usize, total: usize) -> String {
        window(current, total)
            .iter()
            .map(|n| n.map_or("…".to_string(), |k| k.to_string()))
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn short_lists_show_every_page() {
        assert_eq!(shown(1, 1), "1");
        assert_eq!(shown(2, 3), "1 2 3");
        assert_eq!(shown(4, 7), "1 2 3 4 5 6 7");
    }

    #[test]
    fn long_lists_show_first_last_and_neighbours() {
        assert_eq!(shown(1, 200), "1 2 3 … 200");
        assert_eq!(shown(100, 200), "1 … 98 99 100 101 102 … 200");
        assert_eq!(shown(200, 200), "1 … 198 199 200");
        assert_eq!(shown(4, 200), "1 2 3 4 5 6 … 200", "a gap of one page shows the page");
        assert_eq!(shown(5, 200), "1 2 3 4 5 6 7 … 200");
    }

    #[test]
    fn the_window_has_a_fixed_size() {
        for total in [10, 1_000, 100_000] {
            for current in [1, total / 2, total] {
                assert!(window(current, total).len() <= 2 * NEIGHBOURS + 5, "{current} of {total}");
            }
        }
    }

    #[test]
    fn entries_mark_the_current_page_and_gaps() {
        let e = entries(5, 9, |k| format!("/p/{k}/"));
        let current: Vec<_> = e.iter().filter(|e| e.current).collect();
        assert_eq!(current.len(), 1);
        assert_eq!(current[0].url.as_deref(), Some("/p/5/"));
        let e = entries(1, 9, |k| format!("/p/{k}/"));
        assert!(e.iter().any(|e| e.gap && e.url.is_none() && e.number.is_none()));
    }
}
