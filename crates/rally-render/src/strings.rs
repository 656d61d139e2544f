//! Theme strings: every word a theme shows comes from `i18n/LANG.yaml` (the theme's, then the
//! themes it extends, then the site's own `i18n/LANG.yaml`, each key overriding the one below it),
//! and reaches templates through `t(key=..., count=..., lang=lang)`. A string with a count has one
//! form per CLDR plural category (`zero`, `one`, `two`, `few`, `many`, `other`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use indexmap::IndexMap;

use rally_core::error::Diagnostic;
use rally_core::format::Formatter;

/// The language whose strings every theme must have in full, and the one used for a language a
/// theme has no file for.
pub const BASE_LANG: &str = "en";

/// One string: plain text, or its forms by plural category.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
#[serde(untagged)]
pub enum Entry {
    Text(String),
    Plural(IndexMap<String, String>),
}

/// One `i18n/LANG.yaml` file, before merging: its language, text and the path shown in errors.
#[derive(Debug, Clone)]
pub struct StringsFile {
    pub lang: String,
    pub text: String,
    pub shown: PathBuf,
}

/// The strings of every language, merged.
#[derive(Debug, Default)]
pub struct Strings {
    by_lang: HashMap<String, IndexMap<String, Entry>>,
}

impl Strings {
    /// Every string of every language, as one text that changes when any string does (for cache
    /// keys of what is drawn with them).
    pub fn fingerprint(&self) -> String {
        let mut langs: Vec<_> = self.by_lang.iter().collect();
        langs.sort_unstable_by_key(|(lang, _)| lang.as_str());
        format!("{langs:?}")
    }

    /// Merges files in order, later ones overriding earlier ones key by key.
    pub fn merge(files: &[StringsFile]) -> Result<Strings, Vec<Diagnostic>> {
        let mut by_lang: HashMap<String, IndexMap<String, Entry>> = HashMap::new();
        let mut errors = Vec::new();
        for f in files {
            match rally_core::source::yaml::parse::<IndexMap<String, Entry>>(&f.shown, &f.text, 0..f.text.len()) {
                Ok((entries, _)) => by_lang.entry(f.lang.clone()).or_default().extend(entries),
                Err(d) => errors.push(d),
            }
        }
        if errors.is_empty() { Ok(Strings { by_lang }) } else { Err(errors) }
    }

    /// The languages that have strings, sorted.
    pub fn languages(&self) -> Vec<&str> {
        let mut all: Vec<&str> = self.by_lang.keys().map(String::as_str).collect();
        all.sort_unstable();
        all
    }

    /// The keys of a language, in file order.
    pub fn keys(&self, lang: &str) -> impl Iterator<Item = &str> {
        self.by_lang.get(lang).into_iter().flat_map(|m| m.keys().map(String::as_str))
    }

    fn entry(&self, lang: &str, key: &str) -> Option<&Entry> {
        let primary = lang.split('-').next().unwrap_or(lang);
        [lang, primary, BASE_LANG].into_iter().find_map(|l| self.by_lang.get(l)?.get(key))
    }

    /// Whether `key` exists (in the base language, which every language falls back to).
    pub fn has(&self, key: &str) -> bool {
        self.entry(BASE_LANG, key).is_some()
    }

    /// The string `key` in `lang`, the plural form for `count` when there is one, with `{count}`
    /// and every `{NAME}` of `args` replaced. Counts and numeric arguments are written as the
    /// language writes numbers. The error names the key and the nearest known one.
    pub fn get(&self, lang: &str, key: &str, count: Option<f64>, args: &[(&str, String)]) -> Result<String, String> {
        let entry = self.entry(lang, key).ok_or_else(|| self.unknown(key))?;
        // only a count needs the language's number and plural rules
        let f = count.map(|_| Formatter::for_lang(lang));
        let text = match (entry, count, &f) {
            (Entry::Text(t), _, _) => t.as_str(),
            (Entry::Plural(forms), Some(n), Some(f)) => {
                let form = forms.get(f.plural(n).key()).or_else(|| forms.get("other"));
                form.ok_or_else(|| format!("string `{key}` ({lang}) has no `other` form"))?.as_str()
            }
            (Entry::Plural(_), _, _) => return Err(format!("string `{key}` has plural forms: give it a `count`")),
        };
        let mut out = text.to_string();
        if let (Some(n), Some(f)) = (count, &f) {
            out = out.replace("{count}", &f.number(n));
        }
        for (name, value) in args {
            out = out.replace(&format!("{{{name}}}"), value);
        }
        Ok(out)
    }

    fn unknown(&self, key: &str) -> String {
        let hint = rally_core::error::did_you_mean(key, self.keys(BASE_LANG))
            .map(|k| format!(" (did you mean `{k}`?)"))
            .unwrap_or_default();
        format!("no theme string `{key}`{hint}: add it to i18n/{BASE_LANG}.yaml")
    }

    /// Every `t(key="...")` of a template whose key no language has, as diagnostics at the call.
    pub fn check_template(&self, text: &str, shown: &Path) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let mut rest = line;
            let mut offset = 0;
            while let Some(p) = rest.find("t(key=\"") {
                let starts_call =
                    p == 0 || !rest.as_bytes()[p - 1].is_ascii_alphanumeric() && rest.as_bytes()[p - 1] != b'_';
                let after = &rest[p + 7..];
                if let (true, Some(end)) = (starts_call, after.find('"')) {
                    let key = &after[..end];
                    // a key built at render time (`"status_" ~ x`) is checked when it is used
                    let built = after[end + 1..].trim_start().starts_with('~');
                    if !built && !self.has(key) {
                        let d = Diagnostic::error(shown, i + 1, offset + p + 8, self.unknown(key));
                        out.push(d.with_source(text));
                    }
                }
                offset += p + 7;
                rest = after;
            }
        }
        out
    }
}

/// The built-in theme's strings alone, merged once (what unit tests render with).
#[cfg(test)]
pub fn builtin() -> &'static Strings {
    static BUILTIN: std::sync::OnceLock<Strings> = std::sync::OnceLock::new();
    BUILTIN.get_or_init(|| {
        Strings::merge(&super::templates::builtin_strings()).unwrap_or_else(|e| panic!("built-in strings: {e:?}"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(lang: &str, text: &str) -> StringsFile {
        StringsFile { lang: lang.into(), text: text.into(), shown: PathBuf::from(format!("i18n/{lang}.yaml")) }
    }

    fn strings() -> Strings {
        Strings::merge(&[
            file("en", "latest_updates: Latest updates\nmin_read: { one: \"{count} min read\", other: \"{count} min read\" }\npage_of: Page {page} of {total}\n"),
            file("fr", "latest_updates: Dernières nouvelles\nmin_read: { one: \"{count} min de lecture\", other: \"{count} min de lecture\" }\n"),
            file("ar", "min_read: { zero: صفر, one: دقيقة, two: دقيقتان, few: \"{count} دقائق\", many: \"{count} دقيقة\", other: \"{count} دقيقة\" }\n"),
            file("fr", "latest_updates: Nouvelles\n"),
        ])
        .unwrap()
    }

    #[test]
    fn later_files_override_keys_and_languages_fall_back_to_the_base() {
        let s = strings();
        assert_eq!(s.get("fr", "latest_updates", None, &[]).unwrap(), "Nouvelles");
        assert_eq!(s.get("fr-CA", "latest_updates", None, &[]).unwrap(), "Nouvelles");
        assert_eq!(s.get("de", "latest_updates", None, &[]).unwrap(), "Latest updates");
        let args = [("page", "2".to_string()), ("total", "5".to_string())];
        assert_eq!(s.get("fr", "page_of", None, &args).unwrap(), "Page 2 of 5");
    }

    #[test]
    fn counts_pick_the_plural_form_and_are_formatted() {
        let s = strings();
        let ar: Vec<String> =
            [0.0, 1.0, 2.0, 3.0, 11.0].iter().map(|&n| s.get("ar", "min_read", Some(n), &[]).unwrap()).collect();
        assert_eq!(ar, ["صفر", "دقيقة", "دقيقتان", "3 دقائق", "11 دقيقة"]);
        assert_eq!(s.get("fr", "min_read", Some(1810.0), &[]).unwrap(), "1\u{202F}810 min de lecture");
        assert!(s.get("fr", "min_read", None, &[]).unwrap_err().contains("count"));
    }

    #[test]
    fn unknown_keys_suggest_the_nearest() {
        let s = strings();
        let e = s.get("en", "latest_update", None, &[]).unwrap_err();
        assert!(e.contains("`latest_update`") && e.contains("did you mean `latest_updates`?"), "{e}");
        let found = s.check_template("<h2>\n  {{ t(key=\"lastest_updates\", lang=lang) }} {{ t(key=\"min_read\", count=2) }} {{ t(key=\"status_\" ~ s) }}</h2>", Path::new("templates/index.html"));
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].line, found[0].col), (2, 13), "at the key");
        assert!(found[0].message.contains("did you mean `latest_updates`"), "{}", found[0].message);
    }

    #[test]
    fn a_bad_file_is_an_error_at_its_line() {
        let e = Strings::merge(&[file("en", "a: x\nb: [unclosed\n")]).unwrap_err();
        assert_eq!(e[0].path, PathBuf::from("i18n/en.yaml"));
        assert!(e[0].line >= 2, "{:?}", e[0]);
    }
}
