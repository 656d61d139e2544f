//! Language-independent text forms: HTML/XML escaping, slugs for URLs and ids, and
//! percent-decoding. Every page, feed, chart and check goes through these, so an id written in one
//! place is the id linked to from another.

use std::borrow::Cow;

/// Escapes text for HTML and XML, in element content and in attribute values alike: `&`, `<`,
/// `>`, `"` and `'` become references, and control characters XML forbids are dropped.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\r' | '\t') => {}
            c => out.push(c),
        }
    }
    out
}

/// Decodes the character references Rally's templates and Markdown produce (`&amp;`, `&lt;`, `&gt;`,
/// `&quot;`, `&apos;` and numeric ones); any other `&` is kept as written.
pub fn unescape_html(value: &str) -> Cow<'_, str> {
    if !value.contains('&') {
        return Cow::Borrowed(value);
    }
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let decoded = rest.find(';').filter(|&e| e <= 10).and_then(|e| Some((entity(&rest[1..e])?, e)));
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

fn entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

/// A slug made from free text (a tag, a title, a heading, a goal key): lower case, letters and
/// digits of any script and `_` kept, every run of anything else becomes one `-`, no `-` at either
/// end. Empty when the text has no letter, digit or `_`; see [`slug_or`].
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_alphanumeric() || c == '_' {
            out.extend(c.to_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let kept = out.trim_end_matches('-').len();
    out.truncate(kept);
    out
}

/// [`slugify`], or `fallback` when the text gives an empty slug.
pub fn slug_or(text: &str, fallback: &str) -> String {
    let s = slugify(text);
    if s.is_empty() { fallback.to_string() } else { s }
}

/// Decodes `%XX` escapes. A `%` not followed by two hex digits is kept as it is; bytes that do not
/// form UTF-8 are replaced (U+FFFD). See [`percent_decode_strict`] for untrusted paths.
pub fn percent_decode(s: &str) -> Cow<'_, str> {
    if !s.contains('%') {
        return Cow::Borrowed(s);
    }
    Cow::Owned(String::from_utf8_lossy(&decode_bytes(s, false).unwrap_or_default()).into_owned())
}

/// Decodes `%XX` escapes, or `None` when a `%` is not followed by two hex digits or the result is
/// not UTF-8.
pub fn percent_decode_strict(s: &str) -> Option<String> {
    String::from_utf8(decode_bytes(s, true)?).ok()
}

fn decode_bytes(s: &str, strict: bool) -> Option<Vec<u8>> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = s.get(i + 1..i + 3).filter(|_| bytes[i] == b'%').and_then(|h| u8::from_str_radix(h, 16).ok());
        match hex {
            Some(b) => {
                out.push(b);
                i += 3;
            }
            None if strict && bytes[i] == b'%' => return None,
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_decoded() {
        assert_eq!(unescape_html("a&amp;b&#39;c&#x41;&nbsp;&"), "a&b'cA&nbsp;&");
        assert!(matches!(unescape_html("plain"), Cow::Borrowed(_)));
        assert_eq!(unescape_html("&quot;x&#x27;&#x2F;&lt;&gt;"), "\"x'/<>");
    }

    #[test]
    fn one_escaper_for_html_xml_and_attributes() {
        assert_eq!(escape_html("a&b<c>\"d\"'e'\u{7}"), "a&amp;b&lt;c&gt;&quot;d&quot;&#39;e&#39;");
        assert_eq!(escape_html("l'été\n"), "l&#39;été\n");
    }

    #[test]
    fn slugs_keep_letters_of_any_script_and_underscores() {
        assert_eq!(slugify("été_km"), "été_km");
        assert_eq!(slugify("  Rivers & Lakes 2030! "), "rivers-lakes-2030");
        assert_eq!(slugify("Straße Ünïcode"), "straße-ünïcode");
        assert_eq!(slugify("نهر نظيف"), "نهر-نظيف");
        assert_eq!(slugify("--a--b--"), "a-b");
        assert_eq!(slugify("!!!"), "");
        assert_eq!(slug_or("!!!", "section"), "section");
        assert_eq!(slugify("İ"), "i\u{307}");
    }

    #[test]
    fn percent_decoding_lenient_and_strict() {
        assert_eq!(percent_decode("caf%C3%A9%20x"), "café x");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
        assert_eq!(percent_decode("%FF"), "\u{FFFD}");
        assert!(matches!(percent_decode("plain"), Cow::Borrowed("plain")));
        assert_eq!(percent_decode_strict("caf%C3%A9").as_deref(), Some("café"));
        assert_eq!(percent_decode_strict("100%"), None);
        assert_eq!(percent_decode_strict("%FF"), None);
    }
}
