//! Components and code held out of a text while the rest is converted (Markdown escaping must
//! not touch them): each is replaced by a private-use token, and put back at the end.

const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';

#[derive(Debug, Default)]
pub struct Held(Vec<String>);

impl Held {
    /// Holds `text`, and returns the token that stands for it.
    pub fn hold(&mut self, text: String) -> String {
        self.0.push(text);
        format!("{OPEN}{}{CLOSE}", self.0.len() - 1)
    }

    /// `text` with every token replaced by what it holds.
    pub fn fill(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(i) = rest.find(OPEN) {
            out.push_str(&rest[..i]);
            let after = &rest[i + OPEN.len_utf8()..];
            let end = after.find(CLOSE).unwrap_or(after.len());
            out.push_str(after[..end].parse::<usize>().ok().and_then(|n| self.0.get(n)).map_or("", String::as_str));
            rest = after.get(end + CLOSE.len_utf8()..).unwrap_or("");
        }
        out.push_str(rest);
        out
    }
}
