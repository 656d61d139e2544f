//! `rally new`: content files with correct front matter.

use std::fmt::Write;
use std::path::{Path, PathBuf};

use crate::cli::NewCommand;
use crate::error::{Error, Result};
use crate::model::page::PageKind;
use crate::source::{discover, front_matter, yaml};

/// ASCII slug for file names: `3 km of the Kell!` -> `3-km-of-the-kell`.
pub fn file_slug(title: &str) -> String {
    let mut s = String::new();
    for c in title.to_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            s.push(c);
        } else if !s.ends_with('-') && !s.is_empty() {
            s.push('-');
        }
    }
    let s = s.trim_end_matches('-').to_string();
    if s.is_empty() { "untitled".into() } else { s }
}

fn quoted(s: &str) -> String {
    yaml::to_string(&s).trim_end().to_string()
}

pub fn run(root: &Path, cmd: NewCommand) -> Result<()> {
    let today = jiff::ZonedDateTime::now().date().to_string();
    let (path, text) = match cmd {
        NewCommand::Update { title } => {
            let path = PathBuf::from(format!("content/updates/{today}-{}.md", file_slug(&title)));
            let text = format!(
                "---\ntitle: {}\ndate: {today}\ndescription: \"\"\nsummary: \"\"\ngoals: []\ntags: []\n# image: /images/photo.jpg\n# image_alt: What the photo shows\n---\n\nWrite the update here.\n",
                quoted(&title)
            );
            (path, text)
        }
        NewCommand::Report { period } => report(root, &period, &today)?,
        NewCommand::Page { path } => {
            let rel = path.trim_matches('/').trim_end_matches(".md").to_string();
            if rel.is_empty() || !crate::output::is_safe_relative(&rel) {
                return Err(Error::Usage(format!("`{path}` is not a path inside content/")));
            }
            let name = rel.rsplit('/').next().unwrap_or(&rel).replace(['-', '_'], " ");
            let mut c = name.chars();
            let title: String = c.next().map_or_else(String::new, |f| f.to_uppercase().chain(c).collect());
            (
                PathBuf::from(format!("content/{rel}.md")),
                format!("---\ntitle: {}\ndescription: \"\"\n---\n\nWrite the page here.\n", quoted(&title)),
            )
        }
    };
    let target = root.join(&path);
    if target.exists() {
        return Err(Error::Usage(format!("{} already exists", target.display())));
    }
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    std::fs::write(&target, text).map_err(|e| Error::io(&target, e))?;
    eprintln!("Created {}", target.display());
    Ok(())
}

/// A report pre-filled with one metric per goal, carrying the latest values forward.
fn report(root: &Path, period: &str, today: &str) -> Result<(PathBuf, String)> {
    let slug = file_slug(period);
    let mut text = format!(
        "---\ntitle: {}\nperiod: {}\ndate: {today}\ndescription: \"\"\nmetrics:\n",
        quoted(&format!("Impact report — {period}")),
        quoted(period)
    );
    let mut n = 0;
    for (key, value) in goal_values(root) {
        let _ = writeln!(text, "  - {{ key: {key}, value: {value} }}");
        n += 1;
    }
    if n == 0 {
        text.push_str("  - { key: people_reached, label: People reached, value: 0, unit: people }\n");
    }
    text.push_str("---\n\nWhat happened this period, in a few paragraphs.\n");
    Ok((PathBuf::from(format!("content/impact/{slug}.md")), text))
}

/// Each goal key of the mission with its value in the newest report (or its baseline).
fn goal_values(root: &Path) -> Vec<(String, f64)> {
    let read = |rel: &str| discover::read_text(&root.join("content").join(rel), Path::new(rel)).ok();
    let Some(mission) = read("mission.md") else { return Vec::new() };
    let Ok((fm, _)) = front_matter::parse(&mission, Path::new("content/mission.md")) else { return Vec::new() };
    let mut newest: Option<(crate::source::date::Date, Vec<front_matter::Metric>)> = None;
    for (rel, abs) in discover::files_under(&root.join("content/impact")) {
        if PageKind::of(&format!("impact/{rel}")) != PageKind::Report {
            continue;
        }
        let Some(t) = discover::read_text(&abs, &abs).ok() else { continue };
        if let Ok((r, _)) = front_matter::parse(&t, &abs)
            && let Some(d) = r.date
            && newest.as_ref().is_none_or(|(nd, _)| d > *nd)
        {
            newest = Some((d, r.metrics));
        }
    }
    fm.goals
        .into_iter()
        .filter_map(|g| match g {
            front_matter::GoalEntry::Def(d) => {
                let last = newest.as_ref().and_then(|(_, m)| m.iter().find(|m| m.key == d.key)).map(|m| m.value);
                Some((d.key, last.unwrap_or(d.baseline)))
            }
            front_matter::GoalEntry::Key(_) => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(file_slug("3 km of the Kell restored!"), "3-km-of-the-kell-restored");
        assert_eq!(file_slug("2026-Q1"), "2026-q1");
        assert_eq!(file_slug("!!!"), "untitled");
    }
}
