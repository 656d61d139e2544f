//! The plain-text summary of a body, collected as its events stream by: the text before a
//! `<!-- more -->` line when there is one, else the first paragraph, cut at about 50 words. Only
//! the first words are kept, so a long body costs no extra memory.

use pulldown_cmark::{Event, Tag, TagEnd};

/// Words a summary keeps.
const WORDS: usize = 50;

/// Text that stops growing once it holds more than [`WORDS`] words.
#[derive(Default)]
struct Capped {
    text: String,
    /// The length at which the words were last counted.
    counted_at: usize,
    full: bool,
}

impl Capped {
    fn push(&mut self, s: &str) {
        if self.full {
            return;
        }
        self.text.push_str(s);
        // counted again each time the text doubles: linear in all
        if self.text.len() >= (2 * self.counted_at).max(256) {
            self.counted_at = self.text.len();
            // two words more than kept: the last word kept is whole
            self.full = self.text.split_whitespace().count() >= WORDS + 2;
        }
    }

    fn summary(&self) -> Option<String> {
        let words: Vec<&str> = self.text.split_whitespace().collect();
        match words.len() {
            0 => None,
            n if n > WORDS => Some(format!("{}…", words[..WORDS].join(" ").trim_end_matches(['.', ',', ';', ':']))),
            _ => Some(words.join(" ")),
        }
    }
}

/// Collects both candidate summaries until it is known whether the body has a `more` line.
#[derive(Default)]
pub struct Collector {
    /// All text before the `more` line.
    before_more: Capped,
    /// The text of the first paragraph with text.
    first_paragraph: Capped,
    first_done: bool,
    in_paragraph: bool,
    more_seen: bool,
}

impl Collector {
    /// Takes in the next event of the body, as the HTML writer gets it.
    pub fn feed(&mut self, ev: &Event<'_>) {
        if self.more_seen {
            return;
        }
        match ev {
            Event::Start(Tag::Paragraph) => self.in_paragraph = true,
            Event::End(TagEnd::Paragraph) if !self.first_done && !self.first_paragraph.text.trim().is_empty() => {
                self.first_done = true;
                self.in_paragraph = false;
                self.before_more.push(" ");
            }
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item) => {
                self.in_paragraph = false;
                self.before_more.push(" ");
                self.first(" ");
            }
            Event::Text(t) | Event::Code(t) => {
                self.before_more.push(t);
                if self.in_paragraph {
                    self.first(t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                self.before_more.push(" ");
                self.first(" ");
            }
            _ => {}
        }
    }

    fn first(&mut self, s: &str) {
        if !self.first_done {
            self.first_paragraph.push(s);
        }
    }

    /// The `<!-- more -->` line: what follows is not part of the summary.
    pub fn more(&mut self) {
        self.more_seen = true;
    }

    /// The summary, if the body has any text for one.
    pub fn text(self) -> Option<String> {
        if self.more_seen { self.before_more.summary() } else { self.first_paragraph.summary() }
    }
}
