//! The site stylesheet: brand custom properties, the theme's CSS and the code highlighting CSS,
//! published under a content-hashed name for cache busting.

use std::fmt::Write;

use super::templates::Templates;
use rally_core::config::Color;
use rally_core::error::Diagnostic;
use rally_core::model::Site;

/// FNV-1a, 64 bits: a stable content hash for file names.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// `<stem>.<8 hex digits>.css`
pub fn fingerprinted_name(stem: &str, css: &str) -> String {
    format!("{stem}.{:08x}.css", fnv1a(css.as_bytes()) as u32)
}

/// The site's stylesheets, minified, each with its content-hashed file name: the main one (the
/// theme's CSS and the brand custom properties) and the code highlighting one, which only pages
/// with code blocks load.
#[derive(Debug, Clone)]
pub struct Stylesheets {
    pub main: (String, String),
    pub highlight: Option<(String, String)>,
}

/// Where pages find the stylesheets (URL paths with the base path).
#[derive(Debug, Clone, Default)]
pub struct StyleUrls {
    pub main: String,
    pub highlight: Option<String>,
}

impl Stylesheets {
    pub fn urls(&self, base_path: &str) -> StyleUrls {
        StyleUrls {
            main: format!("{base_path}{}", self.main.0),
            highlight: self.highlight.as_ref().map(|(name, _)| format!("{base_path}{name}")),
        }
    }
}

/// Minifies CSS conservatively: comments out, runs of white space as one space, none around
/// braces, semicolons and commas nor after a colon (no valid selector has a space after its
/// colon), and no semicolon before a closing brace. Strings are left as they are.
pub fn minify_css(src: &str) -> String {
    let mut out = String::with_capacity(src.len());
    let mut chars = src.chars().peekable();
    let mut space = false;
    let tight = |c: char| matches!(c, '{' | '}' | ';' | ',');
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut prev = ' ';
                for d in chars.by_ref() {
                    if prev == '*' && d == '/' {
                        break;
                    }
                    prev = d;
                }
                space = true;
            }
            '"' | '\'' => {
                if space && !out.is_empty() && !out.ends_with(tight) && !out.ends_with(':') {
                    out.push(' ');
                }
                space = false;
                out.push(c);
                let mut escaped = false;
                for d in chars.by_ref() {
                    out.push(d);
                    if d == c && !escaped {
                        break;
                    }
                    escaped = d == '\\' && !escaped;
                }
            }
            c if c.is_whitespace() => space = true,
            c => {
                if space && !out.is_empty() && !tight(c) && !out.ends_with(tight) && !out.ends_with(':') {
                    out.push(' ');
                }
                space = false;
                if c == '}' && out.ends_with(';') {
                    out.pop();
                }
                out.push(c);
            }
        }
    }
    out.push('\n');
    out
}

/// Black or white, whichever reads better on `c`.
fn on_colour(c: Color) -> &'static str {
    if c.contrast(Color([255, 255, 255])) >= c.contrast(Color([0, 0, 0])) { "#ffffff" } else { "#000000" }
}

fn brand_properties(site: &Site) -> String {
    let b = &site.config.brand;
    let mut css = String::from(":root {\n");
    if let Some(p) = b.primary {
        let _ = writeln!(css, "  --brand-primary: {};\n  --brand-on-primary: {};", p.hex(), on_colour(p));
    }
    if let Some(a) = b.accent {
        let _ = writeln!(css, "  --brand-accent: {};\n  --brand-on-accent: {};", a.hex(), on_colour(a));
    }
    let own = |role: &str| b.fonts.as_ref().and_then(|f| f.files().find(|(r, ..)| *r == role)).is_some();
    // the brand's own typeface first, the stack after it while it loads (or the theme's fallback)
    let stack = |role: &str, stack: &Option<String>, fallback: &str| {
        let tail = stack.as_deref().map_or_else(|| fallback.to_string(), sanitize_font);
        if own(role) { format!("\"{}\", {tail}", font_family(role)) } else { tail }
    };
    if b.font.is_some() || own("body") {
        let _ = writeln!(css, "  --font-body: {};", stack("body", &b.font, "system-ui, sans-serif"));
    }
    if b.heading_font.is_some() || own("heading") {
        let _ = writeln!(css, "  --font-heading: {};", stack("heading", &b.heading_font, "var(--font-body)"));
    }
    css.push_str("}\n");
    for (role, path, weight) in b.fonts.iter().flat_map(|f| f.files()) {
        // a variable font serves every weight; a font of one weight, that weight
        let weight =
            weight.and_then(|w| w.parse::<u16>().ok()).map_or_else(|| "100 900".to_string(), |w| w.to_string());
        let _ = writeln!(
            css,
            "@font-face {{ font-family: \"{}\"; src: url(\"{}\") format(\"woff2\"); font-weight: {weight}; \
             font-style: normal; font-display: swap; }}",
            font_family(role),
            font_url(site, path)
        );
    }
    css
}

/// The family name a brand font gets in the stylesheet.
fn font_family(role: &str) -> String {
    format!("Brand {role}")
}

/// Where a page finds a brand font: its path under the site's root, quotes and brackets left out.
pub fn font_url(site: &Site, path: &str) -> String {
    let url = rally_core::model::urls::site_url(&site.config.root_path, path);
    url.chars().filter(|c| !matches!(c, '"' | '\\' | '(' | ')' | '<' | '>' | ';')).collect()
}

/// The brand colours an email edition is painted with (style attributes, where a stylesheet does
/// not reach): `brand.primary` and `brand.accent`, else the theme's own `--brand-primary` and
/// `--brand-accent`, each with the black or white that reads on it.
pub struct BrandColours {
    pub primary: String,
    pub on_primary: &'static str,
    /// Links on white: the primary colour darkened until it reads (4.5:1).
    pub link: String,
}

pub fn brand_colours(site: &Site, theme_css: &str) -> BrandColours {
    let theme = |name: &str| {
        let at = theme_css.find(&format!("--brand-{name}:"))? + name.len() + 9;
        Color::parse(theme_css[at..].split(';').next()?.trim())
    };
    let primary = site.config.brand.primary.or_else(|| theme("primary")).unwrap_or(Color([11, 92, 173]));
    let white = Color([255, 255, 255]);
    BrandColours {
        primary: primary.hex(),
        on_primary: on_colour(primary),
        link: primary.with_contrast(white, 4.5).hex(),
    }
}

/// Keeps a font stack from breaking out of its declaration.
fn sanitize_font(f: &str) -> String {
    f.chars().filter(|c| !matches!(c, ';' | '{' | '}' | '<' | '>' | '\\')).collect()
}

/// The stylesheets of the site.
pub fn stylesheets(site: &Site, templates: &Templates) -> Result<Stylesheets, Diagnostic> {
    let mut css = String::with_capacity(templates.stylesheet.len() + 4096);
    css.push_str(&templates.stylesheet);
    css.push('\n');
    css.push_str(&brand_properties(site));
    let main = minify_css(&css);
    let highlight = if site.config.highlight.enabled {
        let hl = rally_core::markdown::highlight::stylesheet(&site.config.highlight.theme)
            .map_err(|e| site.config.error_at("highlight.theme", e))?;
        let hl = minify_css(&hl);
        Some((fingerprinted_name("highlight", &hl), hl))
    } else {
        None
    };
    Ok(Stylesheets { main: (fingerprinted_name("style", &main), main), highlight })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_names_are_stable_and_content_dependent() {
        assert_eq!(fingerprinted_name("style", "a{}"), fingerprinted_name("style", "a{}"));
        assert_ne!(fingerprinted_name("style", "a{}"), fingerprinted_name("style", "b{}"));
        let name = fingerprinted_name("style", "x");
        assert!(name.starts_with("style.") && name.len() == 18);
    }

    #[test]
    fn css_minifies_without_touching_strings_or_selectors() {
        let css = "/* theme */\n:root {\n  --font: \"Segoe  UI\", serif;\n}\n\na :hover , b > c {\n  content: '  a ; b';\n}\n";
        assert_eq!(minify_css(css), ":root{--font:\"Segoe  UI\",serif}a :hover,b > c{content:'  a ; b'}\n");
        assert_eq!(
            minify_css("@media (min-width: 60rem) { .a { color: red; } }"),
            "@media (min-width:60rem){.a{color:red}}\n"
        );
    }

    #[test]
    fn on_colour_picks_the_readable_one() {
        assert_eq!(on_colour(Color([11, 110, 79])), "#ffffff");
        assert_eq!(on_colour(Color([242, 165, 65])), "#000000");
        assert_eq!(sanitize_font("Inter; } body { x"), "Inter  body  x");
    }
}
