//! Links that writers give in site.yaml and front matter (`cta.url`, `menu[].url`, `social`,
//! `brand.logo`, `image`, `aliases`): every one is read as a [`SafeUrl`], which refuses a URL whose
//! scheme runs code or smuggles a document into the page when a reader follows it.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Schemes a browser runs or renders in the site's own context instead of fetching a page.
const DANGEROUS_SCHEMES: [&str; 3] = ["javascript", "data", "vbscript"];

/// The scheme of `url` as a browser reads it, lower case: leading spaces and control characters
/// are dropped and tabs and line breaks anywhere are ignored (WHATWG URL parsing), so
/// `" Java\tScript:alert(1)"` has the scheme `javascript`. None for a URL without a scheme
/// (a path, `#anchor`, `//host/`).
pub fn scheme(url: &str) -> Option<String> {
    let mut chars = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .map(|c| c.to_ascii_lowercase());
    let mut out = String::new();
    let first = chars.next()?;
    if !first.is_ascii_alphabetic() {
        return None;
    }
    out.push(first);
    for c in chars {
        match c {
            ':' => return Some(out),
            c if c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.') => out.push(c),
            _ => return None,
        }
    }
    None
}

/// Why `url` cannot be used as a link, if its scheme is one a browser would run
/// (`javascript:`, `vbscript:`) or render as a document of its own (`data:`).
pub fn dangerous(url: &str) -> Option<String> {
    let s = scheme(url)?;
    DANGEROUS_SCHEMES.contains(&s.as_str()).then(|| {
        let shown: String = url.trim().chars().take(40).collect();
        let more = if url.trim().chars().count() > 40 { "…" } else { "" };
        format!(
            "`{shown}{more}` is not a safe link: a `{s}:` URL runs in the reader's browser instead of opening a page; write a path on this site (`/join/`) or an https:// address"
        )
    })
}

/// A URL given by a writer, checked to be safe to put in a link: see [`dangerous`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct SafeUrl(String);

impl SafeUrl {
    /// Checks `url`; the error says why it cannot be a link.
    pub fn new(url: impl Into<String>) -> Result<SafeUrl, String> {
        let url = url.into();
        match dangerous(&url) {
            Some(why) => Err(why),
            None => Ok(SafeUrl(url)),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

impl std::ops::Deref for SafeUrl {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for SafeUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for SafeUrl {
    /// The check runs inside the visitor, so that the YAML parser reports it at the value itself.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = SafeUrl;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a link: a path on this site (/join/) or a full URL (https://...)")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<SafeUrl, E> {
                SafeUrl::new(s).map_err(E::custom)
            }
        }
        d.deserialize_str(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_are_read_as_browsers_read_them() {
        assert_eq!(scheme("https://a.example/").as_deref(), Some("https"));
        assert_eq!(scheme(" \u{1}Java\tScr\nipt:alert(1)").as_deref(), Some("javascript"));
        assert_eq!(scheme("DATA:text/html,x").as_deref(), Some("data"));
        for no_scheme in ["/join/", "#top", "//host/x", "join/", "a b:c", "1ab:c", ""] {
            assert_eq!(scheme(no_scheme), None, "{no_scheme:?}");
        }
    }

    #[test]
    fn dangerous_schemes_are_refused_in_any_disguise() {
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "  javascript:alert(1)",
            "java\tscript:alert(1)",
            "jav\nascript:alert(1)",
            "\u{0}javascript:x",
            "data:text/html;base64,PHNjcmlwdD4=",
            "Data:image/svg+xml,<svg onload=alert(1)>",
            "vbscript:msgbox(1)",
        ] {
            let why = SafeUrl::new(bad).unwrap_err();
            assert!(why.contains("is not a safe link"), "{bad:?}: {why}");
        }
        for ok in ["/join/", "https://act.example/pledge", "mailto:hi@x.example", "tel:+441234", "#faq", "join/"] {
            assert_eq!(SafeUrl::new(ok).unwrap().as_str(), ok);
        }
    }

    #[test]
    fn long_urls_are_cut_in_the_message() {
        let why = dangerous(&format!("javascript:{}", "x".repeat(500))).unwrap();
        assert!(why.len() < 250 && why.contains('…'), "{why}");
    }
}
