//! Where a URL is written in a text, so a diagnostic about a link a template made can point at
//! it. (Front matter and site.yaml keys are found with their position index, `Page::positions`
//! and `Config::positions`.)

/// The byte offset of the first occurrence of URL `url` in `text` that stands alone (not part of
/// a longer path or word).
pub fn find_url(text: &str, url: &str) -> Option<usize> {
    if url.is_empty() {
        return None;
    }
    let part_of_url = |c: char| c.is_alphanumeric() || matches!(c, '/' | '.' | '-' | '_' | '%' | '~' | '@');
    let mut from = 0;
    while let Some(i) = text[from..].find(url).map(|i| from + i) {
        let end = i + url.len();
        let before = text[..i].chars().next_back();
        let after = text[end..].chars().next();
        if !before.is_some_and(part_of_url) && !after.is_some_and(|c| part_of_url(c) || matches!(c, '#' | '?')) {
            return Some(i);
        }
        from = end;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_stand_alone() {
        let text = "see /hub/gone/x and (/gone/) or /gone/#a; cta: { url: /gone/ }";
        assert_eq!(find_url(text, "/gone/"), Some(text.find("/gone/)").unwrap()));
        assert_eq!(find_url("url: /gone/}", "/gone/"), Some(5));
        assert_eq!(find_url("/gone/x", "/gone/"), None);
        assert_eq!(find_url("abc", ""), None);
    }
}
