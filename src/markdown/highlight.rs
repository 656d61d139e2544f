//! Code highlighting with syntect: the syntax set is loaded once, on first use, and code is
//! marked up with CSS classes (prefixed `hl-`) so themes colour it in light and dark schemes.

use std::sync::LazyLock;
use syntect::highlighting::ThemeSet;
use syntect::html::{ClassStyle, ClassedHTMLGenerator, css_for_theme_with_class_style};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);
const STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// Escapes text for HTML element content.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

fn language_class(lang: &str) -> String {
    let clean: String = lang.chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '+')).collect();
    if clean.is_empty() { String::new() } else { format!(" class=\"language-{clean}\"") }
}

/// A code block without highlighting.
pub fn plain(code: &str, lang: &str) -> String {
    format!("<pre class=\"hl hl-code\"><code{}>{}</code></pre>\n", language_class(lang), escape(code))
}

/// A highlighted code block: `<pre class="hl hl-code"><code class="language-x">…</code></pre>`.
/// An unknown language gives the plain, escaped code in the same wrapper.
pub fn highlight(code: &str, lang: &str) -> String {
    let ss = &*SYNTAXES;
    let Some(syntax) = (!lang.is_empty())
        .then(|| ss.find_syntax_by_token(lang).or_else(|| ss.find_syntax_by_extension(lang)))
        .flatten()
    else {
        return plain(code, lang);
    };
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, ss, STYLE);
    for line in LinesWithEndings::from(code) {
        if generator.parse_html_for_line_which_includes_newline(line).is_err() {
            return plain(code, lang);
        }
    }
    format!("<pre class=\"hl hl-code\"><code{}>{}</code></pre>\n", language_class(lang), generator.finalize())
}

/// The names of the highlighting themes.
pub fn theme_names() -> Vec<String> {
    ThemeSet::load_defaults().themes.into_keys().collect()
}

fn theme_css(themes: &ThemeSet, name: &str) -> Result<String, String> {
    let theme = themes
        .themes
        .get(name)
        .ok_or_else(|| format!("unknown highlight theme `{name}`; known: auto, {}", theme_names().join(", ")))?;
    css_for_theme_with_class_style(theme, STYLE).map_err(|e| e.to_string())
}

/// CSS for the highlighting classes. `auto` gives a light theme plus a dark one for
/// `prefers-color-scheme: dark`; any other value names a syntect theme used for both.
pub fn stylesheet(theme: &str) -> Result<String, String> {
    let themes = ThemeSet::load_defaults();
    if theme == "auto" {
        let light = theme_css(&themes, "InspiredGitHub")?;
        let dark = theme_css(&themes, "base16-ocean.dark")?;
        return Ok(format!("{light}\n@media (prefers-color-scheme: dark) {{\n{dark}\n}}\n"));
    }
    theme_css(&themes, theme)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_with_classes() {
        let html = highlight("fn main() {}\n", "rust");
        assert!(html.starts_with("<pre class=\"hl hl-code\"><code class=\"language-rust\">"), "{html}");
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(!html.contains("style="));
    }

    #[test]
    fn unknown_language_is_escaped_plain_code() {
        assert_eq!(
            highlight("<a>\n", "klingon"),
            "<pre class=\"hl hl-code\"><code class=\"language-klingon\">&lt;a&gt;\n</code></pre>\n"
        );
        assert_eq!(
            plain("x", "\"><script>"),
            "<pre class=\"hl hl-code\"><code class=\"language-script\">x</code></pre>\n"
        );
    }

    #[test]
    fn stylesheets() {
        let css = stylesheet("auto").unwrap();
        assert!(css.contains(".hl-") && css.contains("prefers-color-scheme: dark"));
        assert!(stylesheet("nope").unwrap_err().contains("unknown highlight theme"));
        assert!(stylesheet("Solarized (light)").is_ok());
    }
}
