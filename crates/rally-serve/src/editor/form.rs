//! A content file as the editor's form: the value each field of its kind shows (from the front
//! matter as written), and the changes a submitted form makes, as layout-keeping YAML edits of
//! only the keys whose value changed.

use serde_json::{Map, Value};
use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

use rally_core::error::Diagnostic;
use rally_core::model::fields::{Field, FieldType};
use rally_core::source::front_matter;
use rally_core::source::yaml::{self, Positions, edit, edit::Edit};

/// A submitted form: field name to value (a checkbox is there only when ticked).
pub type Form = HashMap<String, String>;

/// The name of a field's input: `f.title`, `f.location.name`.
pub fn input_name(key: &str, sub: Option<&str>) -> String {
    match sub {
        Some(s) => format!("f.{key}.{s}"),
        None => format!("f.{key}"),
    }
}

/// A content file read for the form.
pub struct Opened<'a> {
    pub text: &'a str,
    pub values: Map<String, Value>,
    positions: Positions,
    yaml: Range<usize>,
    /// Where the body starts: what is before it is the front matter with its fences.
    body_start: usize,
    fenced: bool,
    /// The file starts with a byte order mark (kept; `text` is what follows it).
    bom: bool,
}

impl<'a> Opened<'a> {
    /// Reads `text`, the file at `path`; the problems of a front matter that does not parse.
    pub fn read(path: &Path, text: &'a str) -> Result<Opened<'a>, Vec<Diagnostic>> {
        let bom = text.starts_with('\u{feff}');
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let split = front_matter::split(text, path).map_err(|d| vec![d])?;
        let yaml = split.yaml_offset..split.yaml_offset + split.yaml.len();
        let (value, positions) = yaml::parse_all::<Value>(path, text, yaml.clone())?;
        let Value::Object(values) = value else {
            return Err(vec![Diagnostic::error(path, 2, 1, "the front matter is not a list of `key: value` lines")]);
        };
        let fenced = split.yaml_offset > 0;
        Ok(Opened { text, values, positions, yaml, body_start: text.len() - split.body.len(), fenced, bom })
    }

    pub fn body(&self) -> &str {
        &self.text[self.body_start..]
    }

    /// The text of `key`'s value as written: a block list or mapping from its first line, out-dented.
    fn written(&self, key: &str) -> String {
        let Some(at) = self.positions.value(key) else { return String::new() };
        let end = (at.span.offset + at.span.len).min(self.text.len());
        let line_start = self.text[..at.span.offset].rfind('\n').map_or(0, |i| i + 1);
        let on_key_line = self.positions.key(key).is_some_and(|k| k.line == at.line);
        let from = if on_key_line { at.span.offset } else { line_start };
        let raw = self.text[from..end].trim_end();
        let indent = raw.lines().filter(|l| !l.trim().is_empty()).map(|l| l.len() - l.trim_start().len()).min();
        raw.lines().map(|l| l.get(indent.unwrap_or(0)..).unwrap_or("").trim_end()).collect::<Vec<_>>().join("\n")
    }

    /// What `field` shows.
    pub fn shown(&self, field: &Field) -> Shown {
        let value = self.values.get(field.key).filter(|v| !v.is_null());
        match (field.ty, value) {
            (FieldType::Bool, v) => Shown::Bool(v.and_then(Value::as_bool).unwrap_or(false)),
            (FieldType::ObjectList(_), _) => Shown::Yaml(self.written(field.key)),
            (FieldType::List, None) => Shown::Text(String::new()),
            (FieldType::List, Some(Value::Array(items))) if items.iter().all(is_scalar) => {
                Shown::Text(items.iter().map(text_of).collect::<Vec<_>>().join(", "))
            }
            (FieldType::Object(subs), None) => Shown::Parts(subs.iter().map(|s| (s.key, String::new())).collect()),
            (FieldType::Object(subs), Some(Value::Object(m))) if m.values().all(is_scalar) => {
                Shown::Parts(subs.iter().map(|s| (s.key, m.get(s.key).map(text_of).unwrap_or_default())).collect())
            }
            (_, None) => Shown::Text(String::new()),
            (_, Some(v)) if is_scalar(v) => Shown::Text(text_of(v)),
            // written in a form the field does not have (`count: { from: ... }`): as YAML
            _ => Shown::Yaml(self.written(field.key)),
        }
    }

    /// The file with the changes of `form` to `fields` and its body. `Ok(None)` when nothing changed.
    pub fn changed(&self, fields: &[Field], form: &Form) -> Result<Option<String>, String> {
        let mut edits = Vec::new();
        for field in fields {
            edits.extend(self.edit_of(field, form)?);
        }
        let body = form.get("body").map(|b| line_ends(b, self.text));
        let body_changed = body.as_deref().is_some_and(|b| b != self.body());
        if edits.is_empty() && !body_changed {
            return Ok(None);
        }
        let head = if edits.is_empty() {
            self.text[..self.body_start].to_string()
        } else if self.fenced {
            edit::apply(&self.text[..self.body_start], self.yaml.clone(), &self.positions, &edits)
        } else {
            edit::apply("---\n---\n", 4..4, &Positions::default(), &edits)
        };
        let bom = if self.bom { "\u{feff}" } else { "" };
        Ok(Some(format!("{bom}{head}{}", body.as_deref().unwrap_or(self.body()))))
    }

    /// The edit `form` makes to `field`, if it changes it.
    fn edit_of(&self, field: &Field, form: &Form) -> Result<Option<Edit>, String> {
        let key = field.key.to_string();
        let given = |sub: Option<&str>| form.get(&input_name(field.key, sub)).map(|v| v.replace("\r\n", "\n"));
        let present = self.values.contains_key(field.key);
        let set_or_remove = |v: Option<String>| match v {
            Some(v) => Some(Edit::Set(key.clone(), v)),
            None if present => Some(Edit::Remove(key.clone())),
            None => None,
        };
        Ok(match self.shown(field) {
            Shown::Bool(was) => {
                let now = form.contains_key(&input_name(field.key, None));
                (now != was).then(|| Edit::Set(key.clone(), now.to_string()))
            }
            Shown::Text(was) => {
                let Some(now) = given(None) else { return Ok(None) };
                let now = now.trim();
                // text as written may end with a line break (`|` blocks): not a change
                if now == was.trim() {
                    return Ok(None);
                }
                set_or_remove((!now.is_empty()).then(|| value_of(field, now)).transpose()?)
            }
            Shown::Parts(was) => {
                let now: Vec<(&str, String)> = was
                    .iter()
                    .map(|(sub, _)| (*sub, given(Some(sub)).unwrap_or_default().trim().to_string()))
                    .collect();
                if now.iter().zip(&was).all(|((_, n), (_, w))| n == w) {
                    return Ok(None);
                }
                let filled: Vec<(&str, String)> = now.into_iter().filter(|(_, v)| !v.is_empty()).collect();
                set_or_remove((!filled.is_empty()).then(|| edit::flow_map(&filled)))
            }
            Shown::Yaml(was) => {
                let Some(now) = given(None) else { return Ok(None) };
                let now = now.trim_end();
                if now == was {
                    return Ok(None);
                }
                if !now.trim().is_empty() {
                    yaml::parse::<Value>(Path::new(field.label), now, 0..now.len())
                        .map_err(|d| format!("{}: line {}: {}", field.label, d.line, d.message))?;
                }
                set_or_remove((!now.trim().is_empty()).then(|| edit::block(now)))
            }
        })
    }
}

/// What a field shows.
#[derive(Debug, Clone, PartialEq)]
pub enum Shown {
    Text(String),
    Bool(bool),
    /// The keys of a mapping, each with its value.
    Parts(Vec<(&'static str, String)>),
    /// YAML text, as written in the file.
    Yaml(String),
}

fn is_scalar(v: &Value) -> bool {
    !matches!(v, Value::Array(_) | Value::Object(_))
}

fn text_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// `text` typed into `field`, as YAML.
fn value_of(field: &Field, text: &str) -> Result<String, String> {
    match field.ty {
        FieldType::Number => match text.parse::<f64>() {
            Ok(n) if n.is_finite() => Ok(text.to_string()),
            _ => Err(format!("{}: `{text}` is not a number (write it with digits, e.g. 5000 or 2.5)", field.label)),
        },
        FieldType::List => {
            let items: Vec<String> =
                text.split(',').map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect();
            Ok(edit::flow_list(&items))
        }
        FieldType::Select(options) if !options.contains(&text) => {
            Err(format!("{}: `{text}` is not one of {}", field.label, options.join(", ")))
        }
        _ => Ok(edit::scalar(text)),
    }
}

/// A textarea's text (CRLF, as browsers send it) with the line ends of the file `like`.
fn line_ends(text: &str, like: &str) -> String {
    let lf = text.replace("\r\n", "\n");
    if like.contains("\r\n") { lf.replace('\n', "\r\n") } else { lf }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rally_core::model::fields;
    use rally_core::model::page::PageKind;

    const EVENT: &str = "---\n# Spring\ntitle: \"Clean-up\"  # short\nstart: 2027-04-17T10:00:00+01:00\n\
                         location: { name: Kell Bridge }\ncount: { from: data/x.csv }\ntags:\n  - a\n  - b\n---\nBody\n";

    fn form(pairs: &[(&str, &str)]) -> Form {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn fields_show_the_values_as_written() {
        let o = Opened::read(Path::new("a.md"), EVENT).unwrap();
        let f = |key: &str| fields::of(PageKind::Event).into_iter().find(|f| f.key == key).unwrap();
        assert_eq!(o.shown(&f("title")), Shown::Text("Clean-up".into()));
        assert_eq!(o.shown(&f("tags")), Shown::Text("a, b".into()));
        assert_eq!(o.shown(&f("location")), Shown::Parts(vec![("name", "Kell Bridge".into()), ("address", "".into())]));
        assert_eq!(o.shown(&f("draft")), Shown::Bool(false));
        let c = fields::of(PageKind::Campaign).into_iter().find(|f| f.key == "count").unwrap();
        assert_eq!(o.shown(&c), Shown::Yaml("{ from: data/x.csv }".into()));
    }

    #[test]
    fn only_changed_keys_are_written() {
        let o = Opened::read(Path::new("a.md"), EVENT).unwrap();
        let fields = fields::of(PageKind::Event);
        let same = form(&[
            ("f.title", "Clean-up"),
            ("f.tags", "a, b"),
            ("f.location.name", "Kell Bridge"),
            ("body", "Body\r\n"),
        ]);
        assert_eq!(o.changed(&fields, &same).unwrap(), None);
        let mut new = same.clone();
        new.insert("f.location.address".into(), "Mill Lane".into());
        new.insert("f.draft".into(), "on".into());
        new.insert("body".into(), "New body\r\n".into());
        let out = o.changed(&fields, &new).unwrap().unwrap();
        assert_eq!(
            out,
            EVENT
                .replace("{ name: Kell Bridge }", "{ name: Kell Bridge, address: Mill Lane }")
                .replace("  - b\n---\nBody", "  - b\ndraft: true\n---\nNew body")
        );
        let bad = form(&[("f.status", "maybe")]);
        assert!(o.changed(&fields, &bad).unwrap_err().contains("not one of scheduled"));
        let o = Opened::read(Path::new("a.md"), "Just text\n").unwrap();
        let out = o.changed(&fields, &form(&[("f.title", "T")])).unwrap().unwrap();
        assert_eq!(out, "---\ntitle: T\n---\nJust text\n");
        let o = Opened::read(Path::new("a.md"), "\u{feff}---\ntitle: A\n---\nB\n").unwrap();
        let out = o.changed(&fields, &form(&[("f.title", "C")])).unwrap().unwrap();
        assert_eq!(out, "\u{feff}---\ntitle: C\n---\nB\n", "the byte order mark is kept");
    }
}
