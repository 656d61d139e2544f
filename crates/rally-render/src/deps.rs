//! Which variables each template reads, following `extends`, `include` and `import` into the
//! templates it uses, so that a rebuild can tell which pages a change to shared template data can
//! reach. The scan is conservative: any name inside a `{{ }}` or `{% %}` tag counts as read.

use std::collections::{BTreeSet, HashMap};

/// The top-level names each template reads, its own and those of the templates it uses.
#[derive(Debug, Default)]
pub struct TemplateDeps {
    reads: HashMap<String, BTreeSet<String>>,
}

impl TemplateDeps {
    /// Scans every template, given as (name, text).
    pub fn new<'a>(templates: impl Iterator<Item = (&'a str, &'a str)>) -> TemplateDeps {
        let scanned: HashMap<&str, (BTreeSet<String>, Vec<String>)> =
            templates.map(|(name, text)| (name, scan(text))).collect();
        let mut reads = HashMap::with_capacity(scanned.len());
        for &name in scanned.keys() {
            let mut names = BTreeSet::new();
            let mut seen = BTreeSet::new();
            let mut todo = vec![name.to_string()];
            while let Some(t) = todo.pop() {
                if !seen.insert(t.clone()) {
                    continue;
                }
                if let Some((own, used)) = scanned.get(t.as_str()) {
                    names.extend(own.iter().cloned());
                    todo.extend(used.iter().filter(|u| scanned.contains_key(u.as_str())).cloned());
                }
            }
            reads.insert(name.to_string(), names);
        }
        TemplateDeps { reads }
    }

    /// The templates `root` uses, itself included, following `extends`, `include` and `import`:
    /// the sources of everything it renders with. Names of templates not in `templates` are left
    /// out.
    pub fn used_by<'a>(templates: impl Iterator<Item = (&'a str, &'a str)>, root: &str) -> Vec<(&'a str, &'a str)> {
        let all: HashMap<&str, &str> = templates.collect();
        let mut seen = BTreeSet::new();
        let mut todo = vec![root.to_string()];
        let mut used = Vec::new();
        while let Some(t) = todo.pop() {
            if !seen.insert(t.clone()) {
                continue;
            }
            if let Some((&name, &text)) = all.get_key_value(t.as_str()) {
                used.push((name, text));
                todo.extend(scan(text).1.into_iter().filter(|u| all.contains_key(u.as_str())));
            }
        }
        used.sort_unstable();
        used
    }

    /// Can `template` read the variable `name`? Unknown templates are assumed to read anything.
    pub fn reads(&self, template: &str, name: &str) -> bool {
        self.reads.get(template).is_none_or(|r| r.contains(name))
    }
}

/// The names a template's tags read (not those after a `.`), and every string literal in its
/// tags (the templates it may extend, include or import).
fn scan(text: &str) -> (BTreeSet<String>, Vec<String>) {
    let mut names = BTreeSet::new();
    let mut strings = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let close = match after.as_bytes().first() {
            Some(b'{') => "}}",
            Some(b'%') => "%}",
            Some(b'#') => "#}",
            _ => {
                rest = after;
                continue;
            }
        };
        let end = after[1..].find(close).map_or(after.len(), |e| e + 1);
        if close != "#}" {
            scan_tag(after.get(1..end).unwrap_or(""), &mut names, &mut strings);
        }
        rest = after.get(end + close.len()..).unwrap_or("");
    }
    (names, strings)
}

fn scan_tag(tag: &str, names: &mut BTreeSet<String>, strings: &mut Vec<String>) {
    let bytes = tag.as_bytes();
    let mut i = 0;
    let mut after_dot = false;
    while i < bytes.len() {
        let c = bytes[i];
        if c == b'"' || c == b'\'' || c == b'`' {
            let end = tag[i + 1..].find(c as char).map_or(bytes.len(), |e| i + 1 + e);
            strings.push(tag[i + 1..end.min(bytes.len())].to_string());
            i = end + 1;
            after_dot = false;
        } else if c.is_ascii_alphabetic() || c == b'_' {
            let start = i;
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                i += 1;
            }
            if !after_dot {
                names.insert(tag[start..i].to_string());
            }
            after_dot = false;
        } else {
            if !c.is_ascii_whitespace() {
                after_dot = c == b'.';
            }
            i += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deps(t: &[(&str, &str)]) -> TemplateDeps {
        TemplateDeps::new(t.iter().copied())
    }

    #[test]
    fn names_in_tags_count_and_text_and_attributes_do_not() {
        let d = deps(&[(
            "a.html",
            "Read our updates {# latest_updates #}{% for u in latest_updates %}{{ u.tags }}{{ page . goals }}{% endfor %}",
        )]);
        assert!(d.reads("a.html", "latest_updates"));
        assert!(d.reads("a.html", "page"));
        assert!(!d.reads("a.html", "updates"), "prose is not a read");
        assert!(!d.reads("a.html", "tags"), "`u.tags` is a field, not the site's tags");
        assert!(!d.reads("a.html", "goals"), "fields after a spaced dot too");
    }

    #[test]
    fn follows_extends_include_and_import() {
        let d = deps(&[
            ("base.html", "{% include \"partials/footer.html\" %}{% block content %}{% endblock %}"),
            ("partials/footer.html", "{% for t in tags %}{{ t.name }}{% endfor %}"),
            ("macros.html", "{% macro m() %}{{ reports | length }}{% endmacro %}"),
            (
                "page.html",
                "{% extends 'base.html' %}{% import \"macros.html\" as x %}{% block content %}{% endblock %}",
            ),
            ("loop.html", "{% extends \"loop.html\" %}{{ faq }}"),
        ]);
        assert!(d.reads("page.html", "tags"));
        assert!(d.reads("page.html", "reports"));
        assert!(!d.reads("page.html", "faq"));
        assert!(d.reads("loop.html", "faq"), "a cycle ends");
        assert!(!d.reads("partials/footer.html", "reports"));
        assert!(d.reads("missing.html", "anything"), "unknown templates read everything");
    }

    #[test]
    fn used_by_follows_includes_and_leaves_out_the_rest() {
        let t = [
            ("card.svg", "{% include \"partials/bar.svg\" %}{{ page.title }}"),
            ("partials/bar.svg", "{% include 'partials/tick.svg' %}"),
            ("partials/tick.svg", "<line/>"),
            ("base.html", "{{ title }}"),
        ];
        let used: Vec<&str> =
            TemplateDeps::used_by(t.iter().copied(), "card.svg").into_iter().map(|(n, _)| n).collect();
        assert_eq!(used, ["card.svg", "partials/bar.svg", "partials/tick.svg"]);
        assert!(TemplateDeps::used_by(t.iter().copied(), "missing.svg").is_empty());
    }

    #[test]
    fn unterminated_tags_do_not_panic() {
        let d =
            deps(&[("a.html", "{{ updates"), ("b.html", "{% include \"x"), ("c.html", "{"), ("e.html", "{%}{{}}{#}")]);
        assert!(d.reads("a.html", "updates"));
        assert!(!d.reads("c.html", "updates"));
    }
}
