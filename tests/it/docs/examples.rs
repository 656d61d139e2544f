//! Every example in the guide is a real file that a test builds: a fenced block of a file's
//! language (YAML, Markdown, HTML, TOML, ...) stands under a line that says where it comes from,
//!
//! - `<!-- file: PATH -->`: the block is the whole file (`RALLY_BLESS=1` rewrites such blocks
//!   from their files);
//! - `<!-- fragment of: PATH -->`: the block's lines are lines of the file, in one piece;
//! - `<!-- output of: rally ARGS -->`: the block's lines are printed, in one piece, by that
//!   command run from the repository's root (the troubleshooting page's messages);
//!
//! with PATH relative to the Markdown file. The example sites under `docs/examples/` are built
//! and checked here, and each broken site under `docs/examples/errors/` fails as its page says.

use super::{guide_files, read, repo};
use assert_cmd::Command;
use std::path::{Path, PathBuf};

/// The languages of blocks that show a file, which must say which file.
const FILE_LANGS: &[&str] = &["yaml", "yml", "markdown", "md", "html", "toml", "json", "csv", "svg", "jinja"];

/// The moment the example sites are built at, so that their dated pages stay where they are.
const NOW: &str = "2026-01-01";

#[derive(Debug, Clone, PartialEq)]
enum Source {
    File(PathBuf),
    Fragment(PathBuf),
    Output(Vec<String>),
}

/// A fenced block of the guide, with the line of its opening fence and what it says it shows.
#[derive(Debug)]
struct Block {
    line: usize,
    lang: String,
    lines: Vec<String>,
    source: Option<Source>,
    /// The byte range of its content in the Markdown file, for `RALLY_BLESS=1`.
    range: std::ops::Range<usize>,
    indent: String,
}

fn marker(line: &str, file: &Path) -> Option<Source> {
    let inner = line.trim().strip_prefix("<!--")?.strip_suffix("-->")?.trim();
    let at = |p: &str| file.parent().unwrap().join(p.trim());
    if let Some(p) = inner.strip_prefix("file:") {
        return Some(Source::File(at(p)));
    }
    if let Some(p) = inner.strip_prefix("fragment of:") {
        return Some(Source::Fragment(at(p)));
    }
    let command = inner.strip_prefix("output of:")?.trim().strip_prefix("rally ")?;
    Some(Source::Output(command.split_whitespace().map(str::to_string).collect()))
}

/// The fenced blocks of `text` (the Markdown file `file`).
fn blocks(text: &str, file: &Path) -> Vec<Block> {
    let mut out = Vec::new();
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut offset = 0;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        offset += line.len();
        let Some(rest) = trimmed.strip_prefix("```") else {
            i += 1;
            continue;
        };
        let lang = rest.split_whitespace().next().unwrap_or("").to_string();
        let source = i.checked_sub(1).and_then(|p| marker(lines[p], file));
        let start = offset;
        let mut body = Vec::new();
        i += 1;
        while i < lines.len() && !lines[i].trim_start().starts_with("```") {
            body.push(
                lines[i].strip_prefix(indent).unwrap_or(lines[i].trim_start()).trim_end_matches('\n').to_string(),
            );
            offset += lines[i].len();
            i += 1;
        }
        out.push(Block {
            line: i - body.len(),
            lang,
            lines: body,
            source,
            range: start..offset,
            indent: indent.into(),
        });
        offset += lines.get(i).map_or(0, |l| l.len());
        i += 1;
    }
    out
}

/// Do `part`'s lines stand, in one piece, among `whole`'s (line ends ignored)?
fn contains_lines(whole: &str, part: &[String]) -> bool {
    let whole: Vec<&str> = whole.lines().map(str::trim_end).collect();
    let part: Vec<&str> = part.iter().map(|l| l.trim_end()).collect();
    !part.is_empty() && whole.windows(part.len()).any(|w| w == part.as_slice())
}

fn bless() -> bool {
    std::env::var_os("RALLY_BLESS").is_some_and(|v| v == "1")
}

#[test]
fn every_example_of_the_guide_is_a_real_file() {
    let mut problems = Vec::new();
    let mut quoted = 0;
    for file in guide_files() {
        let mut text = read(&file);
        let mut rewrites = Vec::new();
        for b in blocks(&text, &file) {
            let at = format!("{}:{}", file.display(), b.line);
            let path = match &b.source {
                None if FILE_LANGS.contains(&b.lang.as_str()) => {
                    problems.push(format!(
                        "{at}: a ```{} block without a `<!-- file: PATH -->` or `<!-- fragment of: PATH -->` line above it: put the example in a file under docs/examples/ that a test builds, and quote it",
                        b.lang
                    ));
                    continue;
                }
                Some(Source::File(p)) | Some(Source::Fragment(p)) => p,
                _ => continue,
            };
            let Ok(real) = std::fs::read_to_string(repo().join(path)) else {
                problems.push(format!("{at}: quotes {}, which does not exist", path.display()));
                continue;
            };
            quoted += 1;
            let whole = matches!(b.source, Some(Source::File(_)));
            let same =
                if whole { b.lines.join("\n").trim_end() == real.trim_end() } else { contains_lines(&real, &b.lines) };
            if same {
                continue;
            }
            if whole && bless() {
                let body: String = real
                    .trim_end()
                    .lines()
                    .map(|l| format!("{}{l}\n", if l.is_empty() { "" } else { &b.indent }))
                    .collect();
                rewrites.push((b.range.clone(), body));
            } else if whole {
                problems.push(format!("{at}: the block differs from {}: copy the file into it, or run `RALLY_BLESS=1 cargo test --locked --test it docs::examples`", path.display()));
            } else {
                problems.push(format!("{at}: the block's lines are not lines of {} (in one piece)", path.display()));
            }
        }
        for (range, body) in rewrites.into_iter().rev() {
            text.replace_range(range, &body);
            std::fs::write(repo().join(&file), &text).unwrap();
        }
    }
    assert!(problems.is_empty(), "examples of the guide that are not real files:\n{}", problems.join("\n"));
    assert!(quoted >= 20, "only {quoted} quoted examples in the guide");
}

/// A copy of `docs/examples` in a temporary folder, laid out as in the repository, so that the
/// guide's commands run there as they are written and leave nothing (no `.rally-cache/`) behind.
fn examples_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    crate::common::copy_dir(&repo().join("docs/examples"), &dir.path().join("docs/examples"));
    dir
}

fn rally(cwd: &Path, args: &[&str]) -> std::process::Output {
    Command::cargo_bin("rally").unwrap().current_dir(cwd).args(args).output().unwrap()
}

#[test]
fn the_example_site_builds_and_checks_without_a_problem() {
    let dir = examples_copy();
    let site = "docs/examples/site";
    let check = rally(dir.path(), &["--root", site, "check", "--strict", "--now", NOW]);
    let said = String::from_utf8_lossy(&check.stdout).to_string() + &String::from_utf8_lossy(&check.stderr);
    assert!(check.status.success() && said.contains("No problems found"), "{said}");
    let build = rally(dir.path(), &["--root", site, "build", "--now", NOW, "--output", "out"]);
    assert!(build.status.success(), "{}", String::from_utf8_lossy(&build.stderr));
    let out = dir.path().join("out");
    for page in [
        "index.html",
        "mission/index.html",
        "2025/09/14/kell/index.html",
        "act/valley-pledge/index.html",
        "fr/mission/index.html",
        "about/team/index.html",
        "events/spring-clean-up/index.html",
    ] {
        assert!(out.join(page).is_file(), "the example site has no {page}");
    }
}

#[test]
fn the_quoted_messages_are_what_rally_prints() {
    let dir = examples_copy();
    let mut problems = Vec::new();
    let mut quoted_sites = Vec::new();
    for file in guide_files() {
        for b in blocks(&read(&file), &file) {
            let Some(Source::Output(args)) = &b.source else { continue };
            if let Some(i) = args.iter().position(|a| a == "--root") {
                quoted_sites.extend(args.get(i + 1).cloned());
            }
            let out = rally(dir.path(), &args.iter().map(String::as_str).collect::<Vec<_>>());
            let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
            if !contains_lines(&stderr, &b.lines) && !contains_lines(&stdout, &b.lines) {
                problems.push(format!(
                    "{}:{}: `rally {}` does not print the quoted lines; it prints:\n{stderr}{stdout}",
                    file.display(),
                    b.line,
                    args.join(" ")
                ));
            }
        }
    }
    for entry in std::fs::read_dir(repo().join("docs/examples/errors")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().to_string();
        let site = format!("docs/examples/errors/{name}");
        if !quoted_sites.contains(&site) {
            problems.push(format!("{site} is not quoted by the guide: quote its messages with `<!-- output of: rally --root {site} check -->`"));
        }
        let out = rally(dir.path(), &["--root", &site, "check"]);
        if out.status.code() != Some(1) {
            problems.push(format!("`rally --root {site} check` should fail (exit 1): {out:?}"));
        }
    }
    assert!(quoted_sites.len() >= 10, "only {} messages quoted", quoted_sites.len());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_ci_examples_parse() {
    let mut n = 0;
    for entry in std::fs::read_dir(repo().join("docs/examples/ci")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        match path.extension().and_then(|e| e.to_str()) {
            Some("yml" | "yaml") => {
                serde_yaml::from_str::<serde_yaml::Value>(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            }
            Some("toml") => {
                text.parse::<toml::Value>().unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            }
            _ => panic!("{}: a CI example of an unknown kind", path.display()),
        }
        n += 1;
    }
    assert!(n >= 3, "{n} CI examples");
}

#[test]
fn blocks_and_their_sources_are_read() {
    let text = "Intro\n<!-- file: examples/site/site.yaml -->\n```yaml\ntitle: A\n```\n\n1. step\n   <!-- output of: rally --root x check -->\n   ```text\n   a: error\n   ```\n```sh\nls\n```\n";
    let b = blocks(text, Path::new("docs/x.md"));
    assert_eq!(b.len(), 3);
    assert_eq!(b[0].source, Some(Source::File("docs/examples/site/site.yaml".into())));
    assert_eq!((b[0].lines.clone(), b[0].line), (vec!["title: A".to_string()], 3));
    assert_eq!(&text[b[0].range.clone()], "title: A\n");
    assert_eq!(b[1].source, Some(Source::Output(vec!["--root".into(), "x".into(), "check".into()])));
    assert_eq!(b[1].lines, ["a: error"]);
    assert_eq!((b[2].lang.as_str(), b[2].source.clone()), ("sh", None));
    assert!(
        contains_lines("a\nb\nc\n", &["b".into(), "c".into()])
            && !contains_lines("a\nb\nc\n", &["c".into(), "b".into()])
    );
}
