// Embedding a folder in a crate, shared by the build scripts of `rally` (the starter site) and
// `rally-render` (the built-in themes): each `include!`s this file and calls `embed`.

use std::fmt::Write;
use std::path::Path;

fn collect(dir: &Path, base: &Path, out: &mut Vec<(String, String)>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let p = e.path();
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") {
            continue;
        }
        if p.is_dir() {
            collect(&p, base, out);
        } else {
            let rel = p
                .strip_prefix(base)
                .unwrap()
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            out.push((rel, p.canonicalize().unwrap().display().to_string()));
        }
    }
}

fn table(name: &str, dir: &str, code: &mut String) {
    println!("cargo:rerun-if-changed={dir}");
    let mut files = Vec::new();
    collect(Path::new(dir), Path::new(dir), &mut files);
    writeln!(code, "pub static {name}: &[(&str, &[u8])] = &[").unwrap();
    for (rel, abs) in files {
        writeln!(code, "    ({rel:?}, include_bytes!({abs:?})),").unwrap();
    }
    writeln!(code, "];").unwrap();
}

/// Writes `OUT_DIR/embedded.rs` with `pub static NAME: &[(&str, &[u8])]`: every file under `dir`
/// (relative to the crate), by its path relative to `dir`, leaving out hidden and editor files.
fn embed(name: &str, dir: &str) {
    let mut code = String::new();
    table(name, dir, &mut code);
    let out = std::env::var("OUT_DIR").unwrap();
    std::fs::write(Path::new(&out).join("embedded.rs"), code).unwrap();
}
