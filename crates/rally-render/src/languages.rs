//! What a page says about its versions in the site's languages: the language switcher's links
//! and the `hreflang` alternates of its head.

use serde::Serialize;

use rally_core::model::Site;

/// The page at a URL in one language of the site.
#[derive(Serialize, Debug, PartialEq)]
pub struct Version<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub dir: &'static str,
    /// The URL path, for links.
    pub url: String,
    /// The absolute URL, for `hreflang` alternates.
    pub permalink: String,
    /// The Open Graph form of the code (`pt_BR`).
    pub og_locale: String,
    /// Is this the language of the page shown?
    pub current: bool,
}

/// The page at `url` (a URL path of `site`'s language) in every language of the site, the default
/// first; empty for a site of one language.
pub fn versions<'a>(site: &'a Site, url: &str) -> Vec<Version<'a>> {
    let c = &site.config;
    if c.languages.len() < 2 {
        return Vec::new();
    }
    c.languages
        .iter()
        .map(|l| {
            let path = path_in(site, url, &l.prefix);
            Version {
                code: &l.code,
                name: &l.name,
                dir: l.dir,
                permalink: rally_core::model::urls::permalink(&c.root_url, &c.root_path, &path),
                url: path,
                og_locale: og_locale(&l.code),
                current: l.code == c.language,
            }
        })
        .collect()
}

/// The URL path of the page at `url` (a URL path of `site`'s language) in the default language:
/// where the page's photos are found, since every language shares them.
pub fn in_default(site: &Site, url: &str) -> String {
    path_in(site, url, "")
}

/// The URL path of the page at `url` (a URL path of `site`'s language) in the language served
/// under `prefix` (`fr/`; empty for the default language).
pub fn path_in(site: &Site, url: &str, prefix: &str) -> String {
    let c = &site.config;
    let rest = url.strip_prefix(c.base_path.as_str()).unwrap_or("");
    format!("{}{prefix}{rest}", c.root_path)
}

/// The Open Graph locale of a language code: `pt-BR` -> `pt_BR`, `fr` -> `fr`.
pub fn og_locale(code: &str) -> String {
    code.replace('-', "_")
}
