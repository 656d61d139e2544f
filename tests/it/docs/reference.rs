//! The references list exactly what the code reads: every key of site.yaml, every front matter
//! key of every kind (the kinds table, `kinds::COMMON_KEYS` and `kinds::keys_of`) with the keys
//! inside them, and every built-in component with its arguments. A key added to the code without
//! a row in its reference, or a row left behind by a key taken out, fails here, naming the key
//! and the file to change.
//!
//! The keys inside mappings are found as a writer finds them: by writing an unknown key there,
//! which Rally answers with the keys it knows at that place (`the keys here are ...`).

use super::{Row, read, table_rows};
use rally::model::kinds::{self, COMMON_KEYS, KINDS};
use std::collections::BTreeMap;
use std::path::Path;

const SITE_YAML_REF: &str = "docs/reference/site-yaml.md";
const FRONT_MATTER_REF: &str = "docs/reference/front-matter.md";
const COMPONENTS_REF: &str = "docs/reference/components.md";

/// An unknown key no suggestion is near.
const PROBE: &str = "qqzzxq";

/// The keys Rally says it knows where `PROBE` is written, if it answered that way.
fn known_keys(messages: &[String]) -> Option<Vec<String>> {
    let m = messages.iter().find(|m| m.contains(&format!("unknown key `{PROBE}`")))?;
    if m.contains("nothing can be set here") {
        return Some(Vec::new());
    }
    let list = m.split_once("the keys here are ")?.1;
    let list = list.split(';').next().unwrap_or(list);
    Some(list.split(", ").map(|k| k.trim().to_string()).collect())
}

/// The name written for the free keys of a mapping in the references (`languages.CODE.name`).
fn placeholder(key: &str) -> &'static str {
    match key {
        "languages" => "CODE",
        "authors" => "KEY",
        _ => "NAME",
    }
}

/// Writes a probe (a flow mapping) as the value of one key, in one shape of value.
type Shape<'a> = Box<dyn Fn(&str) -> String + 'a>;

/// Every key path under the mapping that `at` places a flow mapping in: `brand.primary`,
/// `menu[].label`, `languages.CODE.cta.label`. `load` returns the messages for a whole file.
fn key_paths(prefix: &str, at: &dyn Fn(&str) -> String, load: &dyn Fn(&str) -> Vec<String>) -> Vec<String> {
    let Some(keys) = known_keys(&load(&at(&format!("{{ {PROBE}: 1 }}")))) else { return Vec::new() };
    let mut out = Vec::new();
    for key in keys {
        let path = if prefix.is_empty() { key.clone() } else { format!("{prefix}.{key}") };
        out.push(path.clone());
        let shapes: [(String, Shape); 3] = [
            (path.clone(), Box::new(|inner: &str| format!("{{ {key}: {inner} }}"))),
            (format!("{path}[]"), Box::new(|inner: &str| format!("{{ {key}: [{inner}] }}"))),
            (
                format!("{path}.{}", placeholder(&key)),
                Box::new(|inner: &str| format!("{{ {key}: {{ fr: {inner} }} }}")),
            ),
        ];
        for (inner_prefix, shape) in shapes {
            let nested = |inner: &str| at(&shape(inner));
            let below = key_paths(&inner_prefix, &nested, load);
            if !below.is_empty() {
                out.extend(below);
                break;
            }
        }
    }
    out
}

/// Every key path of site.yaml, as `rally::config::load` reads it.
fn site_yaml_keys() -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let load = |yaml: &str| -> Vec<String> {
        std::fs::write(dir.path().join("site.yaml"), yaml).unwrap();
        rally::config::load(dir.path(), None).err().unwrap_or_default().into_iter().map(|d| d.message).collect()
    };
    // the top level is written in block style, after the title every site gives
    let at = |flow: &str| {
        let inner = flow.trim().trim_start_matches('{').trim_end_matches('}').trim();
        format!("title: T\n{inner}\n")
    };
    key_paths("", &at, &load)
}

/// Every key path inside the front matter keys (`goals[].target`, `location.name`), as the
/// front matter parser reads them.
fn front_matter_nested_keys() -> Vec<String> {
    let load = |yaml: &str| -> Vec<String> {
        let text = format!("---\n{yaml}\n---\n");
        match rally::source::front_matter::parse(&text, Path::new("a.md")) {
            Ok(_) => Vec::new(),
            Err(ds) => ds.into_iter().map(|d| d.message).collect(),
        }
    };
    let at = |flow: &str| flow.trim().trim_start_matches('{').trim_end_matches('}').trim().to_string();
    key_paths("", &at, &load).into_iter().filter(|k| k.contains('.')).collect()
}

/// The keys a reference documents: the code spans of the first cell of each table row, with the
/// row.
fn documented(file: &str) -> BTreeMap<String, Row> {
    let mut out = BTreeMap::new();
    for row in table_rows(&read(Path::new(file))) {
        let Some(first) = row.cells.first() else { continue };
        let keys: Vec<String> = first.code.clone();
        if keys.is_empty() || !first.text.starts_with(&keys[0]) {
            continue;
        }
        for k in keys {
            out.insert(k, Row { line: row.line, cells: Vec::new() });
        }
    }
    out
}

/// The problems of a reference: keys of the code it lacks, and rows for keys the code lacks.
fn compare(file: &str, what: &str, code: &[String], docs: &BTreeMap<String, Row>) -> Vec<String> {
    let mut problems: Vec<String> = code
        .iter()
        .filter(|k| !docs.contains_key(*k))
        .map(|k| {
            format!("{what} `{k}` is read by Rally but {file} has no row for it: add a row whose first cell is `{k}`")
        })
        .collect();
    for (k, row) in docs {
        if !code.contains(k) {
            problems.push(format!(
                "{file}:{}: documents {what} `{k}`, which Rally does not read: remove the row or correct the key",
                row.line
            ));
        }
    }
    problems
}

#[test]
fn the_site_yaml_reference_has_a_row_for_every_key() {
    let code = site_yaml_keys();
    for k in [
        "title",
        "brand.primary",
        "menu[].label",
        "languages.CODE.cta.label",
        "authors.KEY.name",
        "analytics.provider",
        "extra",
    ] {
        assert!(code.contains(&k.to_string()), "the keys of site.yaml were not all found: no {k} in {code:?}");
    }
    let problems = compare(SITE_YAML_REF, "site.yaml key", &code, &documented(SITE_YAML_REF));
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The kinds a key belongs to, as the front matter reference's second column names them.
fn kinds_of(key: &str) -> String {
    if COMMON_KEYS.contains(&key) {
        return "every kind".into();
    }
    if key == rally::languages::translate::FROM_KEY {
        return "translations".into();
    }
    KINDS.iter().filter(|k| k.keys.contains(&key)).map(|k| k.called).collect::<Vec<_>>().join(", ")
}

#[test]
fn the_front_matter_reference_has_a_row_for_every_key_of_every_kind() {
    let mut code: Vec<String> = KINDS.iter().flat_map(|k| kinds::keys_of(k.kind)).map(str::to_string).collect();
    code.push(rally::languages::translate::FROM_KEY.to_string());
    code.sort();
    code.dedup();
    let nested = front_matter_nested_keys();
    for k in
        ["goals[].target", "metrics[].value", "location.address", "count.sum", "adjustments[].note", "movement.pledge"]
    {
        assert!(
            nested.contains(&k.to_string()),
            "the keys inside front matter keys were not all found: no {k} in {nested:?}"
        );
    }
    let text = read(Path::new(FRONT_MATTER_REF));
    let rows = table_rows(&text);
    let mut docs = BTreeMap::new();
    let mut problems = Vec::new();
    for row in rows {
        let Some(first) = row.cells.first() else { continue };
        let Some(key) = first.code.first().filter(|k| first.text.starts_with(k.as_str())) else { continue };
        // the top-level keys' second column names the kinds that may give them
        if !key.contains('.') && code.contains(key) {
            let want = kinds_of(key);
            let written = row.cells.get(1).map_or("", |c| c.text.trim());
            if written != want {
                problems.push(format!(
                    "{FRONT_MATTER_REF}:{}: `{key}` belongs to {want}, but its row says `{written}`: write `{want}`",
                    row.line
                ));
            }
        }
        docs.insert(key.clone(), Row { line: row.line, cells: Vec::new() });
    }
    code.extend(nested);
    problems.extend(compare(FRONT_MATTER_REF, "front matter key", &code, &docs));
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_components_reference_has_a_row_for_every_component_and_argument() {
    let text = read(Path::new(COMPONENTS_REF));
    // the rows whose first cell is a component's name alone: `goal`
    let rows: Vec<Row> = table_rows(&text)
        .into_iter()
        .filter(|r| r.cells.first().is_some_and(|c| c.code.len() == 1 && c.text.trim() == c.code[0]))
        .collect();
    let mut problems = Vec::new();
    let builtin = rally::render::components::builtin_components();
    for (name, args) in builtin {
        let Some(row) = rows.iter().find(|r| r.cells[0].code[0] == *name) else {
            problems.push(format!("component `{name}` is built into Rally but {COMPONENTS_REF} has no row for it: add a row whose first cell is `{name}` and whose second lists its arguments"));
            continue;
        };
        let written: Vec<&str> = row.cells.get(1).map_or(Vec::new(), |c| c.code.iter().map(String::as_str).collect());
        for arg in args.iter().map(|a| a.trim_start_matches('?')) {
            if !written.contains(&arg) {
                problems.push(format!(
                    "{COMPONENTS_REF}:{}: component `{name}` takes `{arg}`, which its row's second cell does not list",
                    row.line
                ));
            }
        }
        for arg in written {
            if !args.iter().any(|a| a.trim_start_matches('?') == arg) {
                problems.push(format!(
                    "{COMPONENTS_REF}:{}: component `{name}` takes no argument `{arg}`: remove it from the row",
                    row.line
                ));
            }
        }
    }
    for row in &rows {
        let name = &row.cells[0].code[0];
        if !builtin.iter().any(|(n, _)| n == name) {
            problems.push(format!("{COMPONENTS_REF}:{}: documents component `{name}`, which is not built into Rally: remove the row or correct its name", row.line));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_probe_reads_rallys_answer() {
    let m = |s: &str| vec![s.to_string()];
    assert_eq!(
        known_keys(&m(&format!("unknown key `{PROBE}` in `brand`: the keys here are primary, accent"))),
        Some(vec!["primary".into(), "accent".into()])
    );
    assert_eq!(known_keys(&m(&format!("unknown key `{PROBE}`: nothing can be set here"))), Some(vec![]));
    assert_eq!(known_keys(&m("invalid type: map")), None);
}

#[test]
fn the_kinds_table_of_the_front_matter_reference_is_the_codes() {
    let rows = table_rows(&read(Path::new(FRONT_MATTER_REF)));
    // the rows of the kinds table: kind | file | needs | only it gives | template | title
    let kinds: Vec<&Row> = rows.iter().filter(|r| r.cells.len() == 6 && r.cells[4].code.len() == 1).collect();
    let mut problems = Vec::new();
    for k in KINDS {
        let Some(row) = kinds.iter().find(|r| r.cells[4].code[0] == k.template) else {
            problems.push(format!(
                "the kind {} (template `{}`) has no row in the Kinds table of {FRONT_MATTER_REF}: add `| kind | file | needs | only it gives | `{}` | title |`",
                k.called, k.template, k.template
            ));
            continue;
        };
        let needs: Vec<&str> = k.required.iter().map(|(key, _)| *key).collect();
        let (written_needs, written_own) = (&row.cells[2].code, &row.cells[3].code);
        if written_needs.iter().map(String::as_str).collect::<Vec<_>>() != needs {
            problems.push(format!(
                "{FRONT_MATTER_REF}:{}: {} need {needs:?}, the row says {written_needs:?}",
                row.line, k.called
            ));
        }
        if written_own.iter().map(String::as_str).collect::<Vec<_>>() != k.keys {
            problems.push(format!(
                "{FRONT_MATTER_REF}:{}: only {} give {:?}, the row says {written_own:?}",
                row.line, k.called, k.keys
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert_eq!(kinds.len(), KINDS.len(), "the Kinds table of {FRONT_MATTER_REF} has a row per kind, no more");
}

#[test]
fn the_themes_page_lists_every_template_of_the_built_in_themes() {
    let text = read(Path::new("docs/themes.md"));
    let listed: Vec<String> =
        table_rows(&text).into_iter().flat_map(|r| r.cells.into_iter().next()).flat_map(|c| c.code).collect();
    let mut missing = Vec::new();
    for theme in ["beacon", "grassroots"] {
        for entry in std::fs::read_dir(super::repo().join("themes").join(theme).join("templates")).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            if path.is_file() && !listed.contains(&name) {
                missing.push(format!("themes/{theme}/templates/{name}"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "docs/themes.md's table of templates has no row for {missing:?}: add one with the variables it gets"
    );
}
