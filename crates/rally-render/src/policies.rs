//! Each page's Content-Security-Policy: the site's (see [`crate::publishing`]), plus exactly the
//! sources its embeds need (a `donate`, `signup` or `map` component, see
//! [`crate::components::hosts`]), and the `_headers` rules that give every page its own.
//!
//! Hosts apply every `_headers` rule whose path matches, and a browser enforces every policy it
//! gets, so a page's policy must be the only `Content-Security-Policy` rule that matches its
//! path. While every page has the site's policy, one catch-all rule carries it. Once a page has
//! its own, the catch-all carries the other headers only, and the policies go to rules that never
//! overlap: a folder whose pages all share one policy gets one `FOLDER/*` rule; a folder with
//! pages of different policies gets a rule for each of its own pages (`/hub/give/` and
//! `/hub/give/index.html`) and the same treatment for each subfolder.
//!
//! The page of a CMS that `rally cms decap` writes (`admin/index.html`, beside its
//! `admin/config.yml`) gets a policy of its own in the same way: the site's, plus the CMS's script
//! host, what the CMS's script needs to run (it compiles its config schema with `eval` and styles
//! itself inline) and the hosts of the backend its configuration names.

use std::collections::BTreeMap;

use rally_core::model::Site;

/// The policy of every page of every language: the site's, and the pages (by output path, with
/// their language's folder) that have their own.
#[derive(Debug, Clone, Default)]
pub struct PagePolicies {
    pub site: String,
    pub pages: BTreeMap<String, String>,
}

impl PagePolicies {
    pub fn of(site: &Site) -> PagePolicies {
        let global = super::publishing::content_security_policy(site);
        let mut pages = BTreeMap::new();
        for lang_site in std::iter::once(site).chain(&site.others) {
            let prefix = &lang_site.config.current_language().prefix;
            for p in &lang_site.pages {
                let sources: Vec<(&str, String)> = p.md.components.iter().flat_map(super::components::hosts).collect();
                if !sources.is_empty() {
                    pages.insert(format!("{prefix}{}", p.out), with_sources(&global, &sources));
                }
            }
        }
        PagePolicies { site: global, pages }
    }

    /// With the policy of the CMS page, when the site has one: `cms_config` is the text of its
    /// `admin/config.yml` (see [`CMS_CONFIG`]).
    pub fn with_cms(mut self, cms_config: Option<&str>) -> PagePolicies {
        if let Some(text) = cms_config {
            let sources = cms_sources(&cms_backend(text));
            self.pages.insert(CMS_PAGE.to_string(), with_sources(&self.site, &sources));
        }
        self
    }

    /// The policy of the page at output path `out`.
    pub fn for_path(&self, out: &str) -> &str {
        self.pages.get(out).unwrap_or(&self.site)
    }
}

/// Where `rally cms decap` puts the CMS's page and its configuration, in the output.
pub const CMS_PAGE: &str = "admin/index.html";
pub const CMS_CONFIG: &str = rally_core::source::discover::CMS_CONFIG;

/// The name of the backend (`github`, `gitlab`, `git-gateway`, ...) that the CMS configuration
/// `text` names; empty when it names none.
pub fn cms_backend(text: &str) -> String {
    let path = std::path::Path::new(CMS_CONFIG);
    let parsed = rally_core::source::yaml::parse::<serde_json::Value>(path, text, 0..text.len());
    parsed.ok().and_then(|(v, _)| v["backend"]["name"].as_str().map(str::to_string)).unwrap_or_default()
}

/// What the CMS page needs beyond the site's policy, with the backend `backend`: the script of
/// Decap CMS or Sveltia CMS (unpkg), which compiles its configuration's schema with `eval` and
/// styles itself with inline styles, and the hosts the backend's API, sign-in and media are on.
pub fn cms_sources(backend: &str) -> Vec<(&'static str, String)> {
    let mut sources: Vec<(&str, String)> = vec![
        ("script-src", "https://unpkg.com".into()),
        ("script-src", "'unsafe-eval'".into()),
        ("style-src", "https://unpkg.com".into()),
        ("style-src", "'unsafe-inline'".into()),
        ("img-src", "blob:".into()),
        ("connect-src", "blob:".into()),
        ("font-src", "data:".into()),
    ];
    let hosts: &[(&str, &str)] = match backend {
        "github" => &[
            ("connect-src", "https://api.github.com"),
            ("img-src", "https://avatars.githubusercontent.com"),
            ("img-src", "https://raw.githubusercontent.com"),
        ],
        "gitlab" => &[
            ("connect-src", "https://gitlab.com"),
            ("img-src", "https://gitlab.com"),
            ("img-src", "https://secure.gravatar.com"),
        ],
        "bitbucket" => &[
            ("connect-src", "https://api.bitbucket.org"),
            ("connect-src", "https://bitbucket.org"),
            ("img-src", "https://bitbucket.org"),
        ],
        // Netlify Identity: its widget's script, and the sign-in it talks to
        "git-gateway" => &[
            ("script-src", "https://identity.netlify.com"),
            ("connect-src", "https://api.netlify.com"),
            ("frame-src", "https://identity.netlify.com"),
        ],
        _ => &[],
    };
    sources.extend(hosts.iter().map(|&(d, h)| (d, h.to_string())));
    sources
}

/// `csp` with each (directive, source) of `sources` added once, in the order of its directives; a
/// directive it does not have is added at the end with `'self'`.
pub fn with_sources(csp: &str, sources: &[(&str, String)]) -> String {
    let mut directives: Vec<(String, Vec<String>)> = csp
        .split(';')
        .filter_map(|d| {
            let mut words = d.split_whitespace();
            Some((words.next()?.to_string(), words.map(str::to_string).collect()))
        })
        .collect();
    for (name, source) in sources {
        let at = match directives.iter().position(|(n, _)| n == name) {
            Some(at) => at,
            None => {
                directives.push((name.to_string(), vec!["'self'".into()]));
                directives.len() - 1
            }
        };
        if !directives[at].1.contains(source) {
            directives[at].1.push(source.clone());
        }
    }
    let parts: Vec<String> = directives.iter().map(|(n, s)| format!("{n} {}", s.join(" "))).collect();
    parts.join("; ")
}

/// The `_headers` rules (path pattern, policy) that give each of the HTML files `html` (output
/// paths) its policy, none of them matching a page another one matches (see the module's doc).
pub fn csp_rules(base_path: &str, html: &[&str], policies: &PagePolicies) -> Vec<(String, String)> {
    let mut files: Vec<&str> = html.to_vec();
    files.sort_unstable();
    files.dedup();
    let mut rules = Vec::new();
    cover(base_path, "", &files, policies, &mut rules);
    rules
}

/// The rules for the files of folder `dir` (`""` or `a/b/`); `files` are all under it, sorted.
fn cover(bp: &str, dir: &str, files: &[&str], policies: &PagePolicies, rules: &mut Vec<(String, String)>) {
    let first = policies.for_path(files[0]);
    if files.iter().all(|f| policies.for_path(f) == first) {
        rules.push((format!("{bp}{dir}*"), first.to_string()));
        return;
    }
    let mut i = 0;
    while i < files.len() {
        let rest = &files[i][dir.len()..];
        match rest.split_once('/') {
            None => {
                let policy = policies.for_path(files[i]).to_string();
                if rest == "index.html" {
                    rules.push((format!("{bp}{dir}"), policy.clone()));
                }
                rules.push((format!("{bp}{}", files[i]), policy));
                i += 1;
            }
            Some((sub, _)) => {
                let child = format!("{dir}{sub}/");
                let end = files[i..].iter().position(|f| !f.starts_with(&child)).map_or(files.len(), |n| i + n);
                cover(bp, &child, &files[i..end], policies, rules);
                i = end;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_join_their_directives_once() {
        let csp = "default-src 'self'; frame-src https://a.example; form-action 'self' https:";
        let more = [("frame-src", "https://b.example".to_string()), ("form-action", "https:".to_string())];
        assert_eq!(
            with_sources(csp, &more),
            "default-src 'self'; frame-src https://a.example https://b.example; form-action 'self' https:"
        );
        assert_eq!(
            with_sources("default-src 'self'", &more[..1]),
            "default-src 'self'; frame-src 'self' https://b.example"
        );
    }

    #[test]
    fn folders_of_one_policy_share_a_rule_and_the_others_are_listed() {
        let policies = PagePolicies {
            site: "S".into(),
            pages: [("give/index.html".to_string(), "G".to_string()), ("fr/about/map/index.html".into(), "M".into())]
                .into(),
        };
        let html = [
            "index.html",
            "404.html",
            "give/index.html",
            "updates/kell/index.html",
            "updates/index.html",
            "fr/index.html",
            "fr/about/index.html",
            "fr/about/map/index.html",
            "fr/about/team/index.html",
        ];
        let rules: Vec<(String, String)> = csp_rules("/hub/", &html, &policies);
        let shown: Vec<String> = rules.iter().map(|(p, c)| format!("{p} {c}")).collect();
        assert_eq!(
            shown,
            [
                "/hub/404.html S",
                "/hub/fr/about/ S",
                "/hub/fr/about/index.html S",
                "/hub/fr/about/map/* M",
                "/hub/fr/about/team/* S",
                "/hub/fr/ S",
                "/hub/fr/index.html S",
                "/hub/give/* G",
                "/hub/ S",
                "/hub/index.html S",
                "/hub/updates/* S",
            ]
        );
        let uniform = PagePolicies { site: "S".into(), pages: BTreeMap::new() };
        assert_eq!(csp_rules("/", &html, &uniform), [("/*".to_string(), "S".to_string())]);
    }
}
