//! `analytics:` in site.yaml: a cookie-free analytics provider and its site id, read in two steps
//! like the rest of the configuration (a raw map, then the checked [`Analytics`]).
//!
//! ```yaml
//! analytics: { provider: plausible, domain: rivercommons.example }
//! ```

use serde::Deserialize;

use crate::error::Diagnostic;

/// The providers Rally knows, each with the keys it needs and may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Provider {
    Plausible,
    Goatcounter,
    Umami,
    Fathom,
    Cloudflare,
}

impl Provider {
    pub fn key(self) -> &'static str {
        match self {
            Provider::Plausible => "plausible",
            Provider::Goatcounter => "goatcounter",
            Provider::Umami => "umami",
            Provider::Fathom => "fathom",
            Provider::Cloudflare => "cloudflare",
        }
    }

    /// The key that names the site at the provider, and the optional and required `src`.
    fn keys(self) -> (&'static str, Src) {
        match self {
            Provider::Plausible => ("domain", Src::Optional),
            Provider::Goatcounter => ("code", Src::No),
            Provider::Umami => ("website_id", Src::Required),
            Provider::Fathom => ("site", Src::No),
            Provider::Cloudflare => ("token", Src::No),
        }
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Src {
    No,
    Optional,
    Required,
}

/// `analytics:` as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAnalytics {
    pub provider: Provider,
    #[serde(default)]
    domain: Option<String>,
    #[serde(default)]
    code: Option<String>,
    #[serde(default)]
    website_id: Option<String>,
    #[serde(default)]
    site: Option<String>,
    #[serde(default)]
    token: Option<String>,
    #[serde(default)]
    src: Option<String>,
}

/// A checked `analytics:`: the provider, the site's id there, and the script's address when the
/// provider is self-hosted (`src`, https).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Analytics {
    pub provider: Provider,
    pub id: String,
    pub src: Option<String>,
}

impl RawAnalytics {
    fn given(&self) -> [(&'static str, Option<&String>); 6] {
        [
            ("domain", self.domain.as_ref()),
            ("code", self.code.as_ref()),
            ("website_id", self.website_id.as_ref()),
            ("site", self.site.as_ref()),
            ("token", self.token.as_ref()),
            ("src", self.src.as_ref()),
        ]
    }

    /// The checked form; `err(key, message)` makes an error at `analytics.KEY`.
    pub fn check(self, err: &dyn Fn(&str, String) -> Diagnostic) -> Result<Analytics, Vec<Diagnostic>> {
        let p = self.provider;
        let (id_key, src) = p.keys();
        let takes = match src {
            Src::No => format!("`{id_key}`"),
            Src::Optional => format!("`{id_key}` and an optional `src`"),
            Src::Required => format!("`{id_key}` and `src`"),
        };
        let mut errors = Vec::new();
        for (key, value) in self.given() {
            if value.is_some() && key != id_key && !(key == "src" && src != Src::No) {
                let msg = format!("`{key}` is not a key of `analytics` with provider `{}`: it takes {takes}", p.key());
                errors.push(err(&format!("analytics.{key}"), msg));
            }
        }
        let id = self.given().into_iter().find(|(k, _)| *k == id_key).and_then(|(_, v)| v.cloned()).unwrap_or_default();
        if id.trim().is_empty() {
            errors.push(err("analytics.provider", format!("`analytics` with provider `{}` needs {takes}", p.key())));
        } else if !id.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')) {
            let msg =
                format!("`{id_key}` is `{id}`: give it as the provider shows it (letters, digits, `.`, `-`, `_`)");
            errors.push(err(&format!("analytics.{id_key}"), msg));
        }
        match (&self.src, src) {
            (None, Src::Required) => {
                errors.push(err("analytics.provider", format!("`analytics` with provider `{}` needs {takes}", p.key())));
            }
            (Some(s), Src::Optional | Src::Required) if !is_https(s) => errors.push(err(
                "analytics.src",
                format!("`src` is `{s}`: give the https:// address of the provider's script, e.g. https://stats.example.org/script.js"),
            )),
            _ => {}
        }
        if errors.is_empty() { Ok(Analytics { provider: p, id, src: self.src }) } else { Err(errors) }
    }
}

/// An `https://HOST/...` address with nothing in it that could break out of an attribute.
fn is_https(s: &str) -> bool {
    s.strip_prefix("https://")
        .is_some_and(|r| !r.is_empty() && !r.starts_with('/') && !r.contains(['"', '\'', '<', '>', ' ', '\\']))
}

impl Analytics {
    /// The host of the script's address (`https://stats.example.org`), when self-hosted.
    pub fn src_origin(&self) -> Option<String> {
        let rest = self.src.as_deref()?.strip_prefix("https://")?;
        Some(format!("https://{}", rest.split(['/', '?', '#']).next().unwrap_or_default()))
    }
}
