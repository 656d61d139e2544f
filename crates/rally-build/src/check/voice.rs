//! Phrases the organisation has chosen not to use (`voice.avoid` in site.yaml), found in what
//! readers read: the Markdown text of a page (not its code, URLs or HTML) and its title,
//! description, summary, statement and vision. Matching ignores case, treats any run of spaces
//! as one, and matches whole words only: `synergy` is found in "Synergy." but not in "synergyish".

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use rayon::prelude::*;
use std::ops::Range;

use rally_core::error::{Diagnostic, LineStarts};
use rally_core::model::Site;
use rally_core::model::page::Page;

/// Front matter keys whose text readers see.
const TEXT_KEYS: [&str; 5] = ["title", "description", "summary", "statement", "vision"];

/// A phrase to look for, folded for matching.
#[derive(Debug, Clone)]
pub struct Phrase<'a> {
    pub text: &'a str,
    /// Lower case, with runs of whitespace as one `' '`.
    folded: Vec<char>,
}

impl<'a> Phrase<'a> {
    pub fn new(text: &'a str) -> Phrase<'a> {
        let mut folded: Vec<char> = Vec::new();
        for c in text.trim().chars().flat_map(char::to_lowercase) {
            if !(c.is_whitespace() && folded.last().is_some_and(|l| l.is_whitespace())) {
                folded.push(if c.is_whitespace() { ' ' } else { c });
            }
        }
        Phrase { text, folded }
    }

    /// Byte ranges of every whole-word, case-insensitive occurrence in `hay`.
    pub fn find_in(&self, hay: &str) -> Vec<Range<usize>> {
        let (Some(&first), Some(&last)) = (self.folded.first(), self.folded.last()) else { return Vec::new() };
        let mut out = Vec::new();
        let mut prev: Option<char> = None;
        let mut skip_until = 0;
        for (i, c) in hay.char_indices() {
            let boundary = !(wordy(first) && prev.is_some_and(wordy));
            prev = Some(c);
            if i < skip_until || !boundary || c.to_lowercase().next() != Some(first) {
                continue;
            }
            if let Some(end) = self.match_at(hay, i)
                && !(wordy(last) && hay[end..].chars().next().is_some_and(wordy))
            {
                out.push(i..end);
                skip_until = end;
            }
        }
        out
    }

    /// Where a match starting at `start` ends, if the phrase matches there.
    fn match_at(&self, hay: &str, start: usize) -> Option<usize> {
        let mut k = 0;
        let mut chars = hay[start..].char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if k == self.folded.len() {
                return Some(start + i);
            }
            if c.is_whitespace() {
                if self.folded[k] != ' ' {
                    return None;
                }
                k += 1;
                while chars.next_if(|(_, c)| c.is_whitespace()).is_some() {}
                continue;
            }
            for lc in c.to_lowercase() {
                if self.folded.get(k) != Some(&lc) {
                    return None;
                }
                k += 1;
            }
        }
        (k == self.folded.len()).then_some(hay.len())
    }
}

/// Is `c` part of a word?
fn wordy(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Byte ranges of a Markdown body (relative to it) holding text a reader sees: not code, link
/// destinations or raw HTML.
pub fn prose_ranges(body: &str) -> Vec<Range<usize>> {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut in_code = false;
    // text runs split only by line breaks within a paragraph are one range, so a phrase can be
    // found across a break
    let mut joinable = false;
    let mut out: Vec<Range<usize>> = Vec::new();
    for (ev, range) in Parser::new_ext(body, options).into_offset_iter() {
        match ev {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Text(_) if !in_code => {
                match out.last_mut() {
                    Some(last) if joinable => last.end = range.end,
                    _ => out.push(range),
                }
                joinable = true;
                continue;
            }
            Event::SoftBreak | Event::HardBreak if joinable => continue,
            _ => {}
        }
        joinable = false;
    }
    out
}

/// Every avoided phrase in one page, at its line and column.
fn in_page(page: &Page, phrases: &[Phrase]) -> Vec<Diagnostic> {
    let mut ranges: Vec<Range<usize>> = TEXT_KEYS
        .iter()
        .filter_map(|k| page.positions.value(k))
        .map(|at| at.span.offset..at.span.offset + at.span.len)
        .collect();
    let start = page.body_start;
    ranges.extend(prose_ranges(page.body()).into_iter().map(|r| r.start + start..r.end + start));
    let mut out = Vec::new();
    let lines = std::cell::OnceCell::new();
    for r in ranges {
        let Some(hay) = page.text.get(r.clone()) else { continue };
        for phrase in phrases {
            for at in phrase.find_in(hay) {
                let lines = lines.get_or_init(|| LineStarts::new(&page.text));
                let found = lines.location(&page.text, r.start + at.start, at.len());
                let message = format!("“{}” is on the list of words to avoid (voice.avoid in site.yaml)", phrase.text);
                out.push(Diagnostic::warning_at(&page.display, &page.text, found, message));
            }
        }
    }
    out
}

/// Phrases from `voice.avoid`, wherever a page uses them.
pub fn avoided_phrases(site: &Site) -> Vec<Diagnostic> {
    let phrases: Vec<Phrase> =
        site.config.voice.avoid.iter().map(|p| Phrase::new(p)).filter(|p| !p.folded.is_empty()).collect();
    if phrases.is_empty() {
        return Vec::new();
    }
    site.pages.par_iter().flat_map_iter(|p| in_page(p, &phrases)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cols(hay: &str, phrase: &str) -> Vec<usize> {
        Phrase::new(phrase).find_in(hay).into_iter().map(|m| hay[..m.start].chars().count() + 1).collect()
    }

    #[test]
    fn phrases_match_whole_words_in_any_case() {
        assert_eq!(cols("Synergy and synergyish, SYNERGY.", "synergy"), vec![1, 25]);
        assert_eq!(cols("hypersynergy", "synergy"), Vec::<usize>::new());
        assert_eq!(cols("please click here now", "click here"), vec![8]);
        assert_eq!(cols("please CLICK   here", "Click Here"), vec![8]);
        assert!(cols("clicker", "click").is_empty());
        assert_eq!(cols("the co-founder, co", "co"), vec![5, 17]);
        assert_eq!(cols("#impact! #impactful", "#impact"), vec![1]);
        assert!(cols("anything", "  ").is_empty());
    }

    #[test]
    fn case_folding_beyond_ascii() {
        // İ lowercases to two chars (i + combining dot): offsets must stay on the original text
        assert_eq!(cols("İİ über Über ÜBERall", "über"), vec![4, 9]);
        assert_eq!(cols("Straße STRASSE", "straße"), vec![1]);
    }

    #[test]
    fn prose_leaves_out_code_urls_and_html() {
        let body = "Real synergy [synergy](/synergy/) `synergy`\n\n```\nsynergy\n```\n<p class=\"synergy\"></p>\n";
        let found: Vec<usize> = prose_ranges(body)
            .into_iter()
            .flat_map(|r| Phrase::new("synergy").find_in(&body[r.clone()]).into_iter().map(move |m| r.start + m.start))
            .collect();
        assert_eq!(found, vec![5, 14]);
    }

    #[test]
    fn phrases_are_found_across_line_breaks_but_not_paragraphs() {
        let find = |body: &str| -> Vec<usize> {
            prose_ranges(body)
                .into_iter()
                .flat_map(|r| {
                    Phrase::new("click here").find_in(&body[r.clone()]).into_iter().map(move |m| r.start + m.start)
                })
                .collect()
        };
        assert_eq!(find("Please click\nhere to join.\n"), vec![7]);
        assert_eq!(find("Please click  \nhere.\n"), vec![7]);
        assert!(find("Please click\n\nhere.\n").is_empty());
    }
}
