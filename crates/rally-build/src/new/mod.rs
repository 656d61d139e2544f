//! New content files with the right front matter, as `rally new` and the preview's editor make
//! them: the path under the site and the text of each, checked the way a build checks them.

mod translation;

use std::fmt::Write;
use std::path::{Path, PathBuf};

use rally_core::error::{Error, Result};
use rally_core::model::kinds;
use rally_core::model::page::PageKind;
use rally_core::model::period_key;
use rally_core::model::urls;
use rally_core::source::front_matter::CampaignKind;
use rally_core::source::{discover, front_matter, yaml};

/// A file to make.
#[derive(Debug, Clone)]
pub enum NewFile {
    Update {
        title: String,
    },
    /// `period` checked by [`period`].
    Report {
        period: String,
    },
    Event {
        title: String,
        start: String,
        timezone: Option<String>,
    },
    Campaign {
        title: String,
        kind: CampaignKind,
    },
    Translation {
        path: String,
        lang: String,
    },
    Page {
        path: String,
    },
}

/// File-name slug of a title, made the way file names become URLs: `3 km of the Kell!` ->
/// `3-km-of-the-kell`, `Café` -> `café`. A title without a letter or digit is a usage error.
pub fn file_slug(title: &str) -> Result<String> {
    if title.trim().is_empty() {
        return Err(Error::Usage(
            "the title is empty: write it in quotes, e.g. rally new update \"Spring clean-up\"".into(),
        ));
    }
    let slug = rally_core::format::slugify(title);
    if slug.is_empty() {
        return Err(Error::Usage(format!(
            "the title `{title}` has no letter or digit to make a file name from: use words, e.g. rally new update \"Spring clean-up\""
        )));
    }
    Ok(slug)
}

/// The folder under `content/` the files of `kind` are made in.
fn folder(kind: PageKind) -> &'static str {
    kinds::kind(kind).folder().unwrap_or_default()
}

fn quoted(s: &str) -> String {
    yaml::to_string(&s).trim_end().to_string()
}

/// The path (relative to `root`) and text of `new`, dated `today` (`YYYY-MM-DD`).
pub fn scaffold(root: &Path, new: &NewFile, today: &str) -> Result<(PathBuf, String)> {
    Ok(match new {
        NewFile::Update { title } => {
            let path = PathBuf::from(format!("content/{}/{today}-{}.md", folder(PageKind::Update), file_slug(title)?));
            let text = format!(
                "---\ntitle: {}\ndate: {today}\ndescription: \"\"\nsummary: \"\"\ngoals: []\ntags: []\n# image: /images/photo.jpg\n# image_alt: What the photo shows\n---\n\nWrite the update here.\n",
                quoted(title.trim())
            );
            (path, text)
        }
        NewFile::Report { period } => report(root, &period_or_usage(period)?, today)?,
        NewFile::Event { title, start, timezone } => event(title, start, timezone.as_deref())?,
        NewFile::Campaign { title, kind } => campaign(title, *kind, today)?,
        NewFile::Translation { path, lang } => translation::translation(root, path, lang)?,
        NewFile::Page { path } => {
            let rel = page_path(root, path)?;
            (
                PathBuf::from(format!("content/{rel}.md")),
                format!("---\ntitle: {}\ndescription: \"\"\n---\n\nWrite the page here.\n", quoted(&page_title(&rel))),
            )
        }
    })
}

/// Makes `new` in the site at `root`, dated today; a file that exists is left alone (an error).
/// Returns the path of the new file.
pub fn create(root: &Path, new: &NewFile) -> Result<PathBuf> {
    let today = jiff::ZonedDateTime::now().date().to_string();
    let (path, text) = scaffold(root, new, &today)?;
    let target = root.join(&path);
    if target.exists() {
        return Err(Error::Usage(format!("{} already exists", path.display())));
    }
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    // `create_new`: a file made meanwhile is not replaced
    let mut file =
        std::fs::OpenOptions::new().write(true).create_new(true).open(&target).map_err(|e| Error::io(&target, e))?;
    std::io::Write::write_all(&mut file, text.as_bytes()).map_err(|e| Error::io(&target, e))?;
    Ok(target)
}

fn period_or_usage(p: &str) -> Result<String> {
    period(p).map_err(|e| Error::Usage(format!("`{p}`: {e}")))
}

/// Checks a reporting period and writes it in its usual form: `YYYY`, `YYYY-HN` (N 1-2),
/// `YYYY-QN` (N 1-4) or `YYYY-MM` (01-12); `2026-q1` becomes `2026-Q1`.
pub fn period(s: &str) -> std::result::Result<String, String> {
    let p = s.trim().to_uppercase();
    let b = p.as_bytes();
    let year = b.len() >= 4 && b[..4].iter().all(u8::is_ascii_digit);
    let ok = year
        && match &b[4..] {
            [] => true,
            [b'-', b'H', n] => (b'1'..=b'2').contains(n),
            [b'-', b'Q', n] => (b'1'..=b'4').contains(n),
            [b'-', m1, m2] => {
                m1.is_ascii_digit() && m2.is_ascii_digit() && (1..=12).contains(&((m1 - b'0') * 10 + m2 - b'0'))
            }
            _ => false,
        };
    if ok {
        Ok(p)
    } else {
        Err("expected a year (2026), a half (2026-H1 or 2026-H2), a quarter (2026-Q1 to 2026-Q4) or a month (2026-01 to 2026-12)".into())
    }
}

/// `rally new event`: the start is checked as a build would check it, and names the file.
fn event(title: &str, start: &str, timezone: Option<&str>) -> Result<(PathBuf, String)> {
    use rally_core::model::events::{RawTimes, When, when};
    let slug = file_slug(title)?;
    let times = RawTimes { start: Some(start), end: None, timezone };
    let parsed = when(&times).map_err(|(key, msg)| Error::Usage(format!("--{key}: {msg}")))?;
    let day = match &parsed {
        When::AllDay { first, .. } => *first,
        When::Timed { start, .. } => start.date(),
    };
    let mut text =
        format!("---\ntitle: {}\ndescription: \"\"\nstart: {}\n", quoted(title.trim()), quoted(start.trim()));
    match &parsed {
        When::Timed { start, .. } => {
            let _ = writeln!(
                text,
                "end: {}",
                quoted(&(start + jiff::SignedDuration::from_hours(2)).strftime("%Y-%m-%dT%H:%M:%S%:z").to_string())
            );
        }
        When::AllDay { .. } => text.push_str("# end: the last day, for an event of several days\n"),
    }
    match timezone {
        Some(z) => {
            let _ = writeln!(text, "timezone: {}", quoted(z));
        }
        None => text.push_str("# timezone: Europe/London\n"),
    }
    text.push_str(concat!(
        "location: { name: \"\", address: \"\" }   # where; or remove it for an online event\n",
        "# online_url: https://...\n",
        "# registration_url: /join/\n",
        "status: scheduled                   # scheduled | cancelled | postponed | moved_online\n",
        "goals: []\n",
        "tags: []\n",
        "---\n\nWhat will happen, who it is for, what to bring.\n",
    ));
    Ok((PathBuf::from(format!("content/{}/{day}-{slug}.md", folder(PageKind::Event))), text))
}

/// `rally new campaign`: a target and a count to fill in, a deadline three months from today.
fn campaign(title: &str, kind: CampaignKind, today: &str) -> Result<(PathBuf, String)> {
    use CampaignKind as K;
    let slug = file_slug(title)?;
    let (kind, unit, label) = match kind {
        K::Pledge => ("pledge", "pledges", "Make the pledge"),
        K::Petition => ("petition", "signatures", "Sign the petition"),
        K::Fundraiser => ("fundraiser", "pounds", "Give now"),
    };
    let deadline = today
        .parse::<jiff::civil::Date>()
        .ok()
        .and_then(|d| d.checked_add(jiff::Span::new().months(3)).ok())
        .map_or_else(|| today.to_string(), |d| d.to_string());
    let text = format!(
        concat!(
            "---\ntitle: {}\ndescription: \"\"\nsummary: \"\"\nkind: {}\ntarget: 1000\nunit: {}\ndeadline: {}\n",
            "count: 0                  # or {{ from: data/{}.csv }} to count its rows, with sum: COLUMN to add one up\n",
            "# adjustments: [{{ value: 100, note: Paper forms from the stall }}]\n",
            "cta: {{ label: {}, url: https://example.org/where-people-sign }}\n",
            "---\n\nWhy this matters, and what happens when we reach the target.\n",
        ),
        quoted(title.trim()),
        kind,
        unit,
        deadline,
        slug,
        label,
    );
    Ok((PathBuf::from(format!("content/{}/{slug}.md", folder(PageKind::Campaign))), text))
}

/// Checks the PATH of `rally new page` and returns it relative to `content/`, without `.md`.
fn page_path(root: &Path, given: &str) -> Result<String> {
    let usage = |why: String| Err(Error::Usage(format!("`{given}` {why}")));
    if given.trim().is_empty() {
        return Err(Error::Usage("the page path is empty: name the page, e.g. rally new page about/team".into()));
    }
    if given.starts_with(['/', '\\']) || Path::new(given).is_absolute() {
        return usage("is an absolute path: give a path inside content/, e.g. about/team".into());
    }
    if given.ends_with(['/', '\\']) {
        return usage(format!(
            "ends with `/`: name the page, e.g. {given}team, or {given}_index for the page of the folder itself"
        ));
    }
    let rel = given.strip_suffix(".md").unwrap_or(given);
    if !crate::output::is_safe_relative(rel) {
        return usage(
            "is not a path inside content/: write folder and page names separated by `/`, without `..`".into(),
        );
    }
    for seg in rel.split('/') {
        urls::check_segment(&urls::segment_from_name(seg)).map_err(|e| Error::Usage(format!("`{given}`: {e}")))?;
    }
    let kind = kinds::kind(PageKind::of(&format!("{rel}.md")));
    if let Some(command) = kind.new {
        return usage(format!("is {}: create it with {command}", kind.one));
    }
    // updates/_index and impact/_index introduce Rally's own lists; other pages there clash with them
    let url = urls::segment_from_name(rel.strip_suffix("/_index").unwrap_or(rel));
    let reserved = url == "tags" || (!rel.ends_with("/_index") && kinds::folders().any(|f| f == url));
    if reserved {
        return usage(format!("would be at /{url}/, which Rally makes itself: choose another name"));
    }
    let content = root.join("content");
    let other = match rel.strip_suffix("/_index") {
        Some(folder) => content.join(format!("{folder}.md")),
        None => content.join(rel).join("_index.md"),
    };
    if other.is_file() {
        return usage(format!("would have the same URL as {}: edit that file instead", other.display()));
    }
    Ok(rel.to_string())
}

/// A page's starting title: its name, or its folder's name for `_index`, with a capital.
fn page_title(rel: &str) -> String {
    let rel = rel.strip_suffix("_index").unwrap_or(rel).trim_end_matches('/');
    let name = rel.rsplit('/').next().unwrap_or(rel).replace(['-', '_'], " ");
    let mut c = name.trim().chars();
    let title: String = c.next().map_or_else(String::new, |f| f.to_uppercase().chain(c).collect());
    if title.is_empty() { "Home".into() } else { title }
}

/// A report pre-filled with one metric per goal, carrying the latest values forward. `period` has
/// been checked by the command line (`YYYY`, `YYYY-HN`, `YYYY-QN` or `YYYY-MM`).
fn report(root: &Path, period: &str, today: &str) -> Result<(PathBuf, String)> {
    let slug = period.to_lowercase();
    let reports = existing_reports(root);
    let key = period_key(period);
    if let Some((path, _)) = reports.iter().find(|(_, r)| r.period.as_deref().is_some_and(|p| period_key(p) == key)) {
        return Err(Error::Usage(format!("{} is already the report for {period}", path.display())));
    }
    let mut text = format!(
        "---\ntitle: {}\nperiod: {}\ndate: {today}\ndescription: \"\"\nmetrics:\n",
        quoted(&format!("Impact report — {period}")),
        quoted(period)
    );
    let mut n = 0;
    for (key, value) in goal_values(root, &reports) {
        let _ = writeln!(text, "  - {{ key: {key}, value: {value} }}");
        n += 1;
    }
    if n == 0 {
        text.push_str("  - { key: people_reached, label: People reached, value: 0, unit: people }\n");
    }
    text.push_str("---\n\nWhat happened this period, in a few paragraphs.\n");
    Ok((PathBuf::from(format!("content/{}/{slug}.md", folder(PageKind::Report))), text))
}

/// The impact reports of the site that parse, with their paths.
fn existing_reports(root: &Path) -> Vec<(PathBuf, front_matter::FrontMatter)> {
    let mut reports = Vec::new();
    let dir = folder(PageKind::Report);
    for (rel, abs) in discover::files_under(&root.join("content").join(dir)) {
        if PageKind::of(&format!("{dir}/{rel}")) != PageKind::Report {
            continue;
        }
        let Some(t) = discover::read_text(&abs, &abs).ok() else { continue };
        if let Ok((r, _, _)) = front_matter::parse(&t, &abs) {
            reports.push((abs, r));
        }
    }
    reports
}

/// Each goal key of the mission with its value in the newest report (or its baseline).
fn goal_values(root: &Path, reports: &[(PathBuf, front_matter::FrontMatter)]) -> Vec<(String, f64)> {
    let read = |rel: &str| discover::read_text(&root.join("content").join(rel), Path::new(rel)).ok();
    let Some(mission) = read("mission.md") else { return Vec::new() };
    let Ok((fm, _, _)) = front_matter::parse(&mission, Path::new("content/mission.md")) else { return Vec::new() };
    let newest = reports.iter().filter_map(|(_, r)| r.date.map(|d| (d, &r.metrics))).max_by_key(|(d, _)| *d);
    // the first value of each key in the newest report
    let mut latest: std::collections::HashMap<&str, f64> = std::collections::HashMap::new();
    for m in newest.map_or(&[][..], |(_, m)| &m[..]) {
        latest.entry(m.key.as_str()).or_insert(m.value);
    }
    fm.goals
        .into_iter()
        .filter_map(|g| match g {
            front_matter::GoalEntry::Def(d) => {
                let last = latest.get(d.key.as_str()).copied();
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
        assert_eq!(file_slug("3 km of the Kell restored!").unwrap(), "3-km-of-the-kell-restored");
        assert_eq!(file_slug("Ünïcödé 日本語").unwrap(), "ünïcödé-日本語");
        for bad in ["", "   ", "!!!"] {
            assert!(matches!(file_slug(bad), Err(Error::Usage(_))), "{bad:?}");
        }
    }

    #[test]
    fn page_paths() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content/about")).unwrap();
        std::fs::write(dir.path().join("content/about/_index.md"), "").unwrap();
        std::fs::write(dir.path().join("content/join.md"), "").unwrap();
        let ok = |p: &str| page_path(dir.path(), p).unwrap();
        assert_eq!(ok("about/team.md"), "about/team");
        assert_eq!(ok("updates/_index"), "updates/_index");
        assert_eq!(ok("updates/archive/old"), "updates/archive/old");
        for bad in [
            "",
            " ",
            "about/",
            "/abs",
            "../x",
            "a/../b",
            "a//b",
            "a\\b",
            ".md",
            "updates/foo",
            "impact/foo.md",
            "tags",
            "tags/_index",
            "Updates",
            "about",
            "join/_index",
            "a:b",
        ] {
            assert!(matches!(page_path(dir.path(), bad), Err(Error::Usage(_))), "{bad:?}");
        }
    }

    #[test]
    fn page_titles() {
        assert_eq!(page_title("about/history"), "History");
        assert_eq!(page_title("about/our-team"), "Our team");
        assert_eq!(page_title("get-involved/_index"), "Get involved");
        assert_eq!(page_title("_index"), "Home");
    }
}
