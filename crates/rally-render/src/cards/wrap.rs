//! Line breaking for cards, with the fonts' own metrics: text is broken between words (a word
//! wider than a line is broken between letters), and text that needs more lines than it may have
//! ends its last line with an ellipsis. The card template gets the lines ready to write as
//! `<tspan>`s, so no text can run off the card.

use super::fonts::{self, Face};

/// A line of right-to-left text as `usvg` must get it: embedded in a right-to-left level
/// (RLE ... PDF), since it lays every text out from a left-to-right paragraph, which would put a
/// closing full stop or a number on the wrong side.
pub fn right_to_left(line: &str) -> String {
    format!("\u{202B}{line}\u{202C}")
}

/// The lines of `text` at `size` pixels in lines `width` pixels wide, at most `max_lines`.
pub fn wrap(text: &str, size: f32, width: f32, max_lines: usize, face: Face) -> Vec<String> {
    let m = fonts::metrics(face);
    let fits = |s: &str| m.width(s, size) <= width;
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut words = text.split_whitespace().peekable();
    let max_lines = max_lines.max(1);
    while let Some(word) = words.next() {
        let candidate = if line.is_empty() { word.to_string() } else { format!("{line} {word}") };
        if fits(&candidate) {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        // a word too wide for a line of its own is broken between letters
        let mut rest = word;
        while !fits(rest) && lines.len() < max_lines {
            let cut = longest_fitting(rest, &fits).max(rest.chars().next().map_or(1, char::len_utf8));
            lines.push(rest[..cut].to_string());
            rest = &rest[cut..];
        }
        line = rest.to_string();
        if lines.len() >= max_lines {
            if line.is_empty() && words.peek().is_none() {
                return lines;
            }
            // text is left over: the last line gets the ellipsis
            let last = lines.pop().unwrap_or_default();
            lines.push(ellipsed(&last, &fits));
            return lines;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// The byte length of the longest start of `s` that fits.
fn longest_fitting(s: &str, fits: &dyn Fn(&str) -> bool) -> usize {
    let mut best = 0;
    for (i, c) in s.char_indices() {
        let end = i + c.len_utf8();
        if !fits(&s[..end]) {
            break;
        }
        best = end;
    }
    best
}

/// `line` shortened, at a word if it can be, until it fits with an ellipsis after it.
fn ellipsed(line: &str, fits: &dyn Fn(&str) -> bool) -> String {
    let mut s = line.trim_end().to_string();
    loop {
        let candidate = format!("{s}…");
        if fits(&candidate) || s.is_empty() {
            return candidate;
        }
        // drop the last word when the line has several, else the last letter
        match s.rfind(' ') {
            Some(i) if i > s.len() / 2 => s.truncate(i),
            _ => {
                s.pop();
            }
        }
        s = s.trim_end().trim_end_matches([',', ';', ':', '—', '-']).to_string();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn width(s: &str, size: f32) -> f32 {
        fonts::metrics(Face::Bold).width(s, size)
    }

    #[test]
    fn short_text_is_one_line() {
        assert_eq!(wrap("Clean rivers", 64.0, 1000.0, 3, Face::Bold), vec!["Clean rivers"]);
    }

    #[test]
    fn long_text_wraps_within_the_width_and_ends_with_an_ellipsis() {
        let text = "Пример очень длинного заголовка ".repeat(10);
        let lines = wrap(&text, 64.0, 1000.0, 3, Face::Bold);
        assert_eq!(lines.len(), 3);
        assert!(lines.iter().all(|l| width(l, 64.0) <= 1000.0), "{lines:?}");
        assert!(lines[2].ends_with('…'), "{lines:?}");
        assert!(!lines[0].ends_with('…'));
    }

    #[test]
    fn a_word_wider_than_a_line_is_broken_between_letters() {
        let lines = wrap(&"Ω".repeat(80), 64.0, 600.0, 20, Face::Bold);
        assert!(lines.len() > 1 && lines.iter().all(|l| width(l, 64.0) <= 600.0), "{lines:?}");
        assert_eq!(lines.concat().chars().filter(|&c| c == 'Ω').count(), 80);
    }

    #[test]
    fn greek_and_latin_have_real_widths() {
        // the fallback glyph would give every letter one width
        assert!(width("iiii", 64.0) < width("WWWW", 64.0));
        assert!(width("ιιιι", 64.0) < width("ΩΩΩΩ", 64.0));
    }
}
