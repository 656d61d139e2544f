//! Smart punctuation in a language's own marks: straight quotes become the language's quotation
//! marks ("“…”" in English, "« … »" in French, "„…“" in German, "「…」" in Japanese), an apostrophe
//! between letters becomes ’, `--` an en dash, `---` an em dash and `...` an ellipsis. French
//! gets narrow no-break spaces (U+202F) inside its guillemets and before `; : ! ?`, so a mark is
//! never left alone at the start or the end of a line.
//!
//! ```
//! use rally_core::format::smarten;
//! assert_eq!(smarten("\"Don't\" -- she said...", "en"), "“Don’t” – she said…");
//! assert_eq!(smarten("Il a dit \"oui\" !", "fr"), "Il a dit «\u{202f}oui\u{202f}»\u{202f}!");
//! assert_eq!(smarten("Er sagte \"ja\".", "de"), "Er sagte „ja“.");
//! ```
//!
//! Text is smartened a piece at a time (the Markdown stage hands it each run of text outside
//! code); [`Smart`] remembers the character before the piece and which quotes are open.

/// A narrow no-break space.
const NNBSP: char = '\u{202f}';

/// A language's quotation marks: double (outer) and single (inner).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Marks {
    open: &'static str,
    close: &'static str,
    open_inner: &'static str,
    close_inner: &'static str,
    /// French: narrow no-break spaces inside guillemets and before `; : ! ?`.
    spaced: bool,
}

impl Marks {
    /// The marks of `lang` (a BCP 47 tag such as `fr` or `pt-BR`): English's for a language
    /// without its own here.
    pub fn of(lang: &str) -> Marks {
        let lower = lang.to_ascii_lowercase();
        let primary = lower.split(['-', '_']).next().unwrap_or("");
        let m = |open, close, open_inner, close_inner| Marks { open, close, open_inner, close_inner, spaced: false };
        match primary {
            "fr" => Marks { spaced: true, ..m("«", "»", "“", "”") },
            "de" => m("„", "“", "‚", "‘"),
            "pt" if lower.ends_with("br") => m("“", "”", "‘", "’"),
            "es" | "it" | "pt" | "ar" | "ca" => m("«", "»", "“", "”"),
            "uk" | "ru" => m("«", "»", "„", "“"),
            "pl" => m("„", "”", "«", "»"),
            "sv" | "fi" => m("”", "”", "’", "’"),
            "ja" => m("「", "」", "『", "』"),
            _ => m("“", "”", "‘", "’"),
        }
    }
}

/// Smart punctuation for a run of pieces of one block of text.
#[derive(Debug, Clone)]
pub struct Smart {
    marks: Marks,
    /// The character before the next piece (a space at the start of a block).
    prev: char,
    open_double: bool,
    open_single: bool,
}

impl Smart {
    pub fn new(lang: &str) -> Smart {
        Smart::with_marks(Marks::of(lang))
    }

    pub fn with_marks(marks: Marks) -> Smart {
        Smart { marks, prev: ' ', open_double: false, open_single: false }
    }

    /// A new block of text starts: nothing is before it and no quote is open.
    pub fn new_block(&mut self) {
        self.prev = ' ';
        self.open_double = false;
        self.open_single = false;
    }

    /// Text left as it is (code): what comes after it follows it.
    pub fn skip(&mut self, text: &str) {
        if let Some(c) = text.chars().next_back() {
            self.prev = c;
        }
    }

    /// `text` with smart punctuation.
    pub fn text(&mut self, text: &str) -> String {
        let chars: Vec<char> = text.chars().collect();
        let mut out = String::with_capacity(text.len() + 8);
        let m = self.marks;
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            let next = chars.get(i + 1).copied();
            let opening = opens_after(self.prev);
            match c {
                '.' if chars.get(i + 1..i + 3) == Some(&['.', '.']) => {
                    out.push('…');
                    i += 2;
                }
                '-' if chars.get(i + 1..i + 3) == Some(&['-', '-']) => {
                    out.push('—');
                    i += 2;
                }
                '-' if next == Some('-') => {
                    out.push('–');
                    i += 1;
                }
                '"' if self.opens_double(next) => {
                    out.push_str(m.open);
                    if m.spaced {
                        out.push(NNBSP);
                        i += usize::from(next.is_some_and(is_space));
                    }
                    self.open_double = true;
                }
                '"' => {
                    if m.spaced {
                        trim_space(&mut out);
                        out.push(NNBSP);
                    }
                    out.push_str(m.close);
                    self.open_double = false;
                }
                '\'' if self.prev.is_alphanumeric()
                    && (next.is_some_and(char::is_alphanumeric) || !self.open_single) =>
                {
                    out.push('’');
                }
                '\'' if opening && next.is_some_and(|n| n.is_ascii_digit()) => out.push('’'),
                '\'' if opening => {
                    out.push_str(m.open_inner);
                    self.open_single = true;
                }
                '\'' => {
                    out.push_str(m.close_inner);
                    self.open_single = false;
                }
                '«' if m.spaced => {
                    out.push('«');
                    out.push(NNBSP);
                    i += usize::from(next.is_some_and(is_space));
                }
                ' ' | '\u{a0}' if m.spaced && next.is_some_and(|n| matches!(n, '»' | ';' | ':' | '!' | '?')) => {
                    out.push(NNBSP);
                }
                _ => out.push(c),
            }
            self.prev = out.chars().next_back().unwrap_or(self.prev);
            i += 1;
        }
        out
    }
}

impl Smart {
    /// Whether a `"` before `next` opens a quotation: after a space or an opening mark, unless
    /// it ends one already open (`" espacé "`); or before a letter after anything but a letter.
    fn opens_double(&self, next: Option<char>) -> bool {
        let ends = self.open_double && next.is_none_or(|n| n.is_whitespace() || n.is_ascii_punctuation());
        !ends && (opens_after(self.prev) || !self.prev.is_alphanumeric() && next.is_some_and(char::is_alphanumeric))
    }
}

/// Whether a quote after `prev` opens (at the start, after a space, a bracket, a dash or another
/// opening mark).
fn opens_after(prev: char) -> bool {
    prev.is_whitespace()
        || matches!(prev, '(' | '[' | '{' | '—' | '–' | '-' | '/' | '“' | '‘' | '„' | '‚' | '«' | '「' | '『')
}

fn is_space(c: char) -> bool {
    c == ' ' || c == '\u{a0}'
}

/// Drops a space at the end of `out` (before a closing guillemet, which brings its own).
fn trim_space(out: &mut String) {
    if out.ends_with([' ', '\u{a0}', NNBSP]) {
        out.pop();
    }
}

/// `text` (one block, such as a title) with smart punctuation in `lang`'s marks.
pub fn smarten(text: &str, lang: &str) -> String {
    Smart::new(lang).text(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english() {
        assert_eq!(smarten("\"Rivers are for everyone,\" she said.", "en"), "“Rivers are for everyone,” she said.");
        assert_eq!(smarten("It's the river's 'best' year", "en"), "It’s the river’s ‘best’ year");
        assert_eq!(smarten("born in the '90s", "en"), "born in the ’90s");
        assert_eq!(smarten("2019--2025 --- and then...", "en"), "2019–2025 — and then…");
        assert_eq!(smarten("(\"quoted\")", "en"), "(“quoted”)");
        assert_eq!(smarten("the swimmers' picnic", "en"), "the swimmers’ picnic");
    }

    #[test]
    fn french_spaces_never_strand_a_mark() {
        assert_eq!(smarten("\"Oui\", dit-elle.", "fr"), "«\u{202f}Oui\u{202f}», dit-elle.");
        assert_eq!(
            smarten("« déjà » : vraiment ? Oui !", "fr"),
            "«\u{202f}déjà\u{202f}»\u{202f}: vraiment\u{202f}? Oui\u{202f}!"
        );
        assert_eq!(smarten("l'eau", "fr"), "l’eau");
        assert_eq!(smarten("\" espacé \"", "fr"), "«\u{202f}espacé\u{202f}»");
    }

    #[test]
    fn each_language_its_marks() {
        assert_eq!(smarten("\"ja\" und 'nein'", "de"), "„ja“ und ‚nein‘");
        assert_eq!(smarten("\"sí\"", "es"), "«sí»");
        assert_eq!(smarten("\"sim\"", "pt-BR"), "“sim”");
        assert_eq!(smarten("\"tak\"", "pl"), "„tak”");
        assert_eq!(smarten("\"ja\"", "sv"), "”ja”");
        assert_eq!(smarten("\"はい\"", "ja"), "「はい」");
        assert_eq!(smarten("\"так\"", "uk"), "«так»");
    }

    #[test]
    fn pieces_keep_their_context() {
        let mut s = Smart::new("en");
        let parts = [s.text("\""), s.text("emphasised"), s.text("\" and "), s.text("'"), s.text("x"), s.text("'")];
        assert_eq!(parts.concat(), "“emphasised” and ‘x’");
        s.new_block();
        s.skip("code");
        assert_eq!(s.text("'s"), "’s");
    }
}
