//! Every relative link and image of README.md and the guide leads to a file of the repository,
//! and every `#anchor` to a heading of it (GitHub's anchors), so the guide works as GitHub shows
//! it. Links to other sites are not followed (no network).

use super::{anchors, guide_files, line_of, options, read, repo};
use pulldown_cmark::{Event, Parser, Tag};
use std::path::{Component, Path, PathBuf};

/// `rel` joined to the folder of `from`, with `..` resolved, relative to the repository.
fn resolve(from: &Path, rel: &str) -> PathBuf {
    let mut out = PathBuf::new();
    for c in from.parent().unwrap_or(Path::new("")).join(rel).components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// The problems of one link, written in `file`.
fn check_link(file: &Path, dest: &str) -> Option<String> {
    if dest.contains("://") || dest.starts_with("mailto:") || dest.starts_with("//") {
        return None;
    }
    if dest.starts_with('/') {
        return Some(format!("`{dest}` is a path from a site's root: on GitHub write it relative to this file"));
    }
    let (path, anchor) = dest.split_once('#').map_or((dest, None), |(p, a)| (p, Some(a)));
    let target = if path.is_empty() { file.to_path_buf() } else { resolve(file, path) };
    let full = repo().join(&target);
    if !full.exists() {
        return Some(format!("`{dest}` leads nowhere: there is no {}", target.display()));
    }
    let anchor = anchor?;
    if full.is_dir() || target.extension().is_none_or(|e| e != "md") {
        return Some(format!("`{dest}`: an anchor can only name a heading of a Markdown file"));
    }
    let known = anchors(&read(&target));
    (!known.iter().any(|a| a == anchor))
        .then(|| format!("`{dest}`: {} has no heading whose anchor is `#{anchor}`", target.display()))
}

#[test]
fn every_relative_link_and_anchor_of_the_guide_resolves() {
    let mut problems = Vec::new();
    let mut links = 0;
    for file in guide_files() {
        let text = read(&file);
        for (event, range) in Parser::new_ext(&text, options()).into_offset_iter() {
            let dest = match &event {
                Event::Start(Tag::Link { dest_url, .. }) | Event::Start(Tag::Image { dest_url, .. }) => dest_url,
                _ => continue,
            };
            links += 1;
            if let Some(p) = check_link(&file, dest) {
                problems.push(format!("{}:{}: {p}", file.display(), line_of(&text, range.start)));
            }
        }
    }
    assert!(links > 100, "only {links} links found in the guide");
    assert!(problems.is_empty(), "broken links in the guide:\n{}", problems.join("\n"));
}

#[test]
fn the_table_of_contents_links_every_page_of_the_guide() {
    let toc = read(Path::new("docs/README.md"));
    let missing: Vec<String> = guide_files()
        .into_iter()
        .filter_map(|f| {
            let rel = f.strip_prefix("docs").ok()?.to_str()?.to_string();
            (rel != "README.md" && !toc.contains(&format!("({rel})"))).then_some(rel)
        })
        .collect();
    assert!(missing.is_empty(), "docs/README.md (the table of contents) does not link {missing:?}");
}

#[test]
fn links_that_lead_nowhere_are_found() {
    let file = Path::new("docs/README.md");
    assert!(check_link(file, "getting-started.md").is_none());
    assert!(check_link(file, "getting-started.md#no-such-heading").unwrap().contains("no heading"));
    assert!(check_link(file, "no-such-page.md").unwrap().contains("leads nowhere"));
    assert!(check_link(file, "../README.md").is_none());
    assert!(check_link(file, "https://example.org/#x").is_none());
}
