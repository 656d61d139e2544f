//! Code highlighting with syntect: the syntax set is loaded once, on first use, and code is
//! marked up with CSS classes (prefixed `hl-`) so themes colour it in light and dark schemes.

use std::sync::LazyLock;
use syntect::highlighting::ThemeSet;
use syntect::html::{ClassStyle, ClassedHTMLGenerator, css_for_theme_with_class_style};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

use crate::config::Color;

static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);
const STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

fn language_class(lang: &str) -> String {
    let clean: String = lang.chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '+')).collect();
    if clean.is_empty() { String::new() } else { format!(" class=\"language-{clean}\"") }
}

/// A code block without highlighting.
pub fn plain(code: &str, lang: &str) -> String {
    format!(
        "<pre class=\"hl hl-code\" tabindex=\"0\"><code{}>{}</code></pre>\n",
        language_class(lang),
        crate::format::escape_html(code)
    )
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
    format!(
        "<pre class=\"hl hl-code\" tabindex=\"0\"><code{}>{}</code></pre>\n",
        language_class(lang),
        generator.finalize()
    )
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
    let css = css_for_theme_with_class_style(theme, STYLE).map_err(|e| e.to_string())?;
    Ok(readable(&css))
}

/// The colour of a CSS declaration `name: #rrggbb`, if the text at `i` starts one.
fn hex_at(css: &str, i: usize) -> Option<Color> {
    css.get(i..i + 7).and_then(Color::parse)
}

/// Makes every text colour of a highlighting stylesheet reach WCAG AA contrast (4.5:1) against
/// the theme's own background, and gives the code block rule precedence over a page's `pre` rules.
fn readable(css: &str) -> String {
    let bg_key = "background-color: ";
    let bg = css
        .find(".hl-code")
        .and_then(|start| css[start..].find(bg_key).map(|i| start + i + bg_key.len()))
        .and_then(|i| hex_at(css, i))
        .unwrap_or(Color([255, 255, 255]));
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(i) = rest.find("color: #") {
        let is_bg = rest[..i].ends_with("background-");
        let hex_start = i + "color: ".len();
        out.push_str(&rest[..hex_start]);
        rest = &rest[hex_start..];
        if let (false, Some(c)) = (is_bg, hex_at(rest, 0)) {
            out.push_str(&c.with_contrast(bg, 4.6).hex());
            rest = &rest[7..];
        }
    }
    out.push_str(rest);
    out.replace(".hl-code {", "pre.hl.hl-code {")
}

/// CSS for the highlighting classes. `auto` gives a light theme plus a dark one for
/// `prefers-color-scheme: dark`; any other value names a syntect theme used for both.
pub fn stylesheet(theme: &str) -> Result<String, String> {
    let themes = ThemeSet::load_defaults();
    if theme == "auto" {
        let light = theme_css(&themes, "InspiredGitHub")?;
        let dark = theme_css(&themes, "base16-ocean.dark")?;
        // each scheme in its own block, so no rule of one can outrank the other's
        return Ok(format!(
            "@media not all and (prefers-color-scheme: dark) {{\n{light}\n}}\n@media (prefers-color-scheme: dark) {{\n{dark}\n}}\n"
        ));
    }
    theme_css(&themes, theme)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_with_classes() {
        let html = highlight("fn main() {}\n", "rust");
        assert!(html.starts_with("<pre class=\"hl hl-code\" tabindex=\"0\"><code class=\"language-rust\">"), "{html}");
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(!html.contains("style="));
    }

    #[test]
    fn unknown_language_is_escaped_plain_code() {
        assert_eq!(
            highlight("<a>\n", "klingon"),
            "<pre class=\"hl hl-code\" tabindex=\"0\"><code class=\"language-klingon\">&lt;a&gt;\n</code></pre>\n"
        );
        assert_eq!(
            plain("x", "\"><script>"),
            "<pre class=\"hl hl-code\" tabindex=\"0\"><code class=\"language-script\">x</code></pre>\n"
        );
    }

    #[test]
    fn stylesheets() {
        let css = stylesheet("auto").unwrap();
        assert!(css.contains(".hl-") && css.contains("prefers-color-scheme: dark"));
        assert!(stylesheet("nope").unwrap_err().contains("unknown highlight theme"));
        assert!(stylesheet("Solarized (light)").is_ok());
        assert!(css.contains("pre.hl.hl-code {"));
    }

    #[test]
    fn every_theme_colour_is_readable_on_its_background() {
        for name in theme_names() {
            let css = stylesheet(&name).unwrap();
            let bg_at = css.find("background-color: #").unwrap() + "background-color: ".len();
            let bg = Color::parse(&css[bg_at..bg_at + 7]).unwrap();
            for (i, _) in css.match_indices("color: #") {
                if css[..i].ends_with("background-") {
                    continue;
                }
                let c = Color::parse(&css[i + 7..i + 14]).unwrap();
                assert!(c.contrast(bg) >= 4.5, "{name}: {} on {}", c.hex(), bg.hex());
            }
        }
    }
}
