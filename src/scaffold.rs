//! The starter hub written by `rally init`, embedded in the binary.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use embedded::STARTER_FILES;
use rally_render::templates::builtin_themes;

pub mod ci;

/// The embedded starter site (see `build.rs`).
mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

/// Dates the starter content is written with, so a new hub looks current.
pub struct StarterDates {
    pub today: jiff::civil::Date,
}

fn fill(text: &str, theme: &str, dates: &StarterDates) -> String {
    let d = dates.today;
    let ago = |days: i64| d.checked_sub(jiff::Span::new().days(days)).unwrap_or(d).to_string();
    let quarter_end = last_quarter_end(d);
    let q = (quarter_end.month() - 1) / 3 + 1;
    text.replace("__THEME__", theme)
        .replace("__TODAY__", &d.to_string())
        .replace("__DAYS_AGO_9__", &ago(9))
        .replace("__DAYS_AGO_30__", &ago(30))
        .replace("__PERIOD__", &format!("{}-Q{q}", quarter_end.year()))
        .replace("__PERIOD_SLUG__", &format!("{}-q{q}", quarter_end.year()))
        .replace(
            "__REPORT_DATE__",
            &quarter_end.checked_add(jiff::Span::new().days(5)).unwrap_or(quarter_end).min(d).to_string(),
        )
        .replace("__DEADLINE_YEAR__", &(d.year() + 4).to_string())
        .replace("__DEADLINE__", &format!("{}-12-31", d.year() + 4))
}

/// The last day of the quarter before the one `d` is in.
fn last_quarter_end(d: jiff::civil::Date) -> jiff::civil::Date {
    let q_start_month = (d.month() - 1) / 3 * 3 + 1;
    let start = jiff::civil::date(d.year(), q_start_month, 1);
    start.checked_sub(jiff::Span::new().days(1)).unwrap_or(start)
}

/// The starter's `.gitignore` (a dot file, so written from here rather than embedded): the output
/// folder and the photo cache are not sources.
const GITIGNORE: &str = "/public/\n/.rally-cache/\n";

/// What `write_starter` did: the files it wrote, and the existing files it left alone.
#[derive(Debug, Default)]
pub struct Scaffolded {
    pub written: Vec<PathBuf>,
    pub kept: Vec<PathBuf>,
}

/// Writes the starter site into `dir`, and the workflow of `ci` when given. Refuses a folder that
/// is not empty unless `force`; with `force`, existing files are kept as they are and only the
/// missing ones are written.
pub fn write_starter(
    dir: &Path,
    theme: &str,
    force: bool,
    dates: &StarterDates,
    ci: Option<crate::cli::Ci>,
) -> Result<Scaffolded> {
    if !builtin_themes().contains(&theme) {
        return Err(Error::Usage(format!(
            "no built-in theme `{theme}`: choose one of {}",
            builtin_themes().join(", ")
        )));
    }
    if dir.is_file() {
        return Err(Error::Usage(format!("{} is a file, not a folder", dir.display())));
    }
    let non_empty = dir.read_dir().map(|mut r| r.next().is_some()).unwrap_or(false);
    if non_empty && !force {
        return Err(Error::Usage(format!("{} is not empty: use --force to write into it anyway", dir.display())));
    }
    let mut done = Scaffolded::default();
    let gitignore: (&str, &[u8]) = (".gitignore", GITIGNORE.as_bytes());
    let workflow = ci.map(ci::workflow);
    let workflow: Option<(&str, &[u8])> = workflow.as_ref().map(|(rel, text)| (*rel, text.as_bytes()));
    for &(rel, bytes) in STARTER_FILES.iter().chain(std::iter::once(&gitignore)).chain(workflow.iter()) {
        let target = dir.join(fill(rel, theme, dates));
        if target.exists() {
            done.kept.push(target);
            continue;
        }
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        let contents: Vec<u8> = match std::str::from_utf8(bytes) {
            Ok(text) => fill(text, theme, dates).into_bytes(),
            Err(_) => bytes.to_vec(),
        };
        std::fs::write(&target, contents).map_err(|e| Error::io(&target, e))?;
        done.written.push(target);
    }
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn force_keeps_existing_files() {
        let dir = tempfile::tempdir().unwrap();
        let dates = StarterDates { today: jiff::civil::date(2026, 11, 24) };
        let mission = dir.path().join("content/mission.md");
        std::fs::create_dir_all(mission.parent().unwrap()).unwrap();
        std::fs::write(&mission, "mine").unwrap();
        assert!(matches!(write_starter(dir.path(), "beacon", false, &dates, None), Err(Error::Usage(_))));
        let done = write_starter(dir.path(), "beacon", true, &dates, None).unwrap();
        assert_eq!(done.kept, std::slice::from_ref(&mission));
        assert_eq!(std::fs::read_to_string(&mission).unwrap(), "mine");
        assert!(done.written.contains(&dir.path().join("site.yaml")));
        let ignored = std::fs::read_to_string(dir.path().join(".gitignore")).unwrap();
        assert!(ignored.lines().any(|l| l == "/.rally-cache/"), "{ignored}");
        let again = write_starter(dir.path(), "beacon", true, &dates, None).unwrap();
        assert!(again.written.is_empty());
    }

    #[test]
    fn previous_quarter() {
        assert_eq!(last_quarter_end(jiff::civil::date(2026, 11, 24)), jiff::civil::date(2026, 9, 30));
        assert_eq!(last_quarter_end(jiff::civil::date(2026, 2, 1)), jiff::civil::date(2025, 12, 31));
    }
}
