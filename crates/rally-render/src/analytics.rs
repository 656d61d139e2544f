//! The analytics presets (`analytics:` in site.yaml): the provider's script tag for every page's
//! head, the hosts it needs in the policy (`script-src`, `connect-src`), and what the `privacy()`
//! component says about it. Every provider here sets no cookies; where the script honours Do Not
//! Track on request (Fathom, Umami), it is asked to.

use rally_core::analytics::{Analytics, Provider};
use rally_core::format::escape_html;

/// The provider's name as readers know it, and its page about the data it keeps.
pub fn about(p: Provider) -> (&'static str, &'static str) {
    match p {
        Provider::Plausible => ("Plausible Analytics", "https://plausible.io/data-policy"),
        Provider::Goatcounter => ("GoatCounter", "https://www.goatcounter.com/help/gdpr"),
        Provider::Umami => ("Umami", "https://umami.is/privacy"),
        Provider::Fathom => ("Fathom Analytics", "https://usefathom.com/data"),
        Provider::Cloudflare => ("Cloudflare Web Analytics", "https://www.cloudflare.com/web-analytics/"),
    }
}

/// The script's address and where it sends its counts.
fn endpoints(a: &Analytics) -> (String, String) {
    let origin = a.src_origin();
    match a.provider {
        Provider::Plausible => (
            a.src.clone().unwrap_or_else(|| "https://plausible.io/js/script.js".into()),
            origin.unwrap_or_else(|| "https://plausible.io".into()),
        ),
        Provider::Goatcounter => ("https://gc.zgo.at/count.js".into(), format!("https://{}.goatcounter.com", a.id)),
        Provider::Umami => (a.src.clone().unwrap_or_default(), origin.unwrap_or_default()),
        Provider::Fathom => ("https://cdn.usefathom.com/script.js".into(), "https://cdn.usefathom.com".into()),
        Provider::Cloudflare => {
            ("https://static.cloudflareinsights.com/beacon.min.js".into(), "https://cloudflareinsights.com".into())
        }
    }
}

/// The sources the provider's script needs in the site's policy, as (directive, source).
pub fn sources(a: &Analytics) -> Vec<(&'static str, String)> {
    let (script, counts) = endpoints(a);
    let origin = |u: &str| {
        let rest = u.strip_prefix("https://").unwrap_or(u);
        format!("https://{}", rest.split(['/', '?', '#']).next().unwrap_or_default())
    };
    vec![("script-src", origin(&script)), ("connect-src", origin(&counts))]
}

/// The `<script>` tag of every page's head.
pub fn script(a: &Analytics) -> String {
    let (src, counts) = endpoints(a);
    let id = escape_html(&a.id);
    let data = match a.provider {
        Provider::Plausible => format!("data-domain=\"{id}\""),
        Provider::Goatcounter => format!("data-goatcounter=\"{}/count\"", escape_html(&counts)),
        Provider::Umami => format!("data-website-id=\"{id}\" data-do-not-track=\"true\""),
        Provider::Fathom => format!("data-site=\"{id}\" data-honor-dnt=\"true\""),
        Provider::Cloudflare => format!("data-cf-beacon='{{\"token\": \"{id}\"}}'"),
    };
    format!("<script defer src=\"{}\" {data}></script>", escape_html(&src))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn preset(provider: Provider, id: &str, src: Option<&str>) -> Analytics {
        Analytics { provider, id: id.into(), src: src.map(str::to_string) }
    }

    #[test]
    fn each_provider_has_its_script_and_its_hosts() {
        let p = preset(Provider::Plausible, "rivers.example", None);
        assert_eq!(
            script(&p),
            "<script defer src=\"https://plausible.io/js/script.js\" data-domain=\"rivers.example\"></script>"
        );
        assert_eq!(
            sources(&p),
            [("script-src", "https://plausible.io".into()), ("connect-src", "https://plausible.io".into())]
        );
        let g = preset(Provider::Goatcounter, "rivers", None);
        assert_eq!(
            sources(&g),
            [("script-src", "https://gc.zgo.at".into()), ("connect-src", "https://rivers.goatcounter.com".into())]
        );
        assert!(script(&g).contains("data-goatcounter=\"https://rivers.goatcounter.com/count\""));
        let u = preset(Provider::Umami, "94db1cb1", Some("https://stats.example/script.js"));
        assert_eq!(sources(&u)[0], ("script-src", "https://stats.example".into()));
        let self_hosted = preset(Provider::Plausible, "r.example", Some("https://stats.example/js/script.js"));
        assert_eq!(sources(&self_hosted)[1], ("connect-src", "https://stats.example".into()));
        let c = preset(Provider::Cloudflare, "abc123", None);
        assert_eq!(sources(&c)[1], ("connect-src", "https://cloudflareinsights.com".into()));
        assert!(script(&c).contains("data-cf-beacon='{\"token\": \"abc123\"}'"));
        assert!(script(&preset(Provider::Fathom, "ABCD", None)).contains("data-site=\"ABCD\" data-honor-dnt=\"true\""));
    }
}
