//! `rally init`: scaffold a starter hub.

use std::path::Path;

use crate::cli::InitArgs;
use crate::error::Result;
use crate::scaffold::{StarterDates, write_starter};

pub fn run(root: &Path, args: InitArgs) -> Result<()> {
    let dir = args.dir.unwrap_or_else(|| root.to_path_buf());
    let today = jiff::ZonedDateTime::now().date();
    let done = write_starter(&dir, &args.theme, args.force, &StarterDates { today }, args.ci)?;
    if done.kept.is_empty() {
        eprintln!("Created a starter hub in {} ({} files).", dir.display(), done.written.len());
    } else {
        let (n, kept) = (done.written.len(), done.kept.len());
        let (files, kept_files) =
            (if n == 1 { "file" } else { "files" }, if kept == 1 { "file as it was" } else { "files as they were" });
        eprintln!("Added {n} starter {files} to {}; kept {kept} existing {kept_files}:", dir.display());
        for path in &done.kept {
            eprintln!("  {}", path.strip_prefix(&dir).unwrap_or(path).display());
        }
    }
    if args.ci == Some(crate::cli::Ci::Gitlab) {
        eprintln!(
            "GitLab: add a daily pipeline schedule (Build > Pipeline schedules, `0 5 * * *`) so that dated pages appear on their day."
        );
    }
    eprintln!("Next: rally --root {} serve", dir.display());
    Ok(())
}
