//! `rally import`: another site into a new Rally site folder, with `IMPORT-REPORT.md`.

use crate::cli::{ImportCommand, SiteImportArgs, WordpressArgs};
use crate::error::{Error, Result};
use rally_import::wordpress;

pub fn run(cmd: ImportCommand) -> Result<()> {
    match cmd {
        ImportCommand::Wordpress(a) => run_wordpress(a),
        ImportCommand::Hugo(a) => run_site(a, "Hugo"),
        ImportCommand::Jekyll(a) => run_site(a, "Jekyll"),
    }
}

fn run_site(a: SiteImportArgs, generator: &str) -> Result<()> {
    let options = rally_import::ssg::Options {
        source: a.source,
        into: a.into.clone(),
        updates_section: a.updates_section,
        force: a.force,
    };
    let done = rally_import::ssg::import(&options, generator)?;
    summary(&done, &a.into.display().to_string());
    Ok(())
}

fn run_wordpress(a: WordpressArgs) -> Result<()> {
    if !a.export.is_file() {
        return Err(Error::Usage(format!(
            "{} is not a file: give the WordPress export (WXR) to import",
            a.export.display()
        )));
    }
    if let Some(dir) = a.uploads.as_ref().filter(|d| !d.is_dir()) {
        return Err(Error::Usage(format!("--uploads {} is not a folder", dir.display())));
    }
    let options = wordpress::Options {
        export: a.export,
        into: a.into.clone(),
        uploads: a.uploads,
        download: a.download,
        force: a.force,
        limits: rally_import::fetch::Limits::default(),
    };
    let done = wordpress::import(&options)?;
    summary(&done, &a.into.display().to_string());
    Ok(())
}

fn summary(done: &rally_import::Summary, dir: &str) {
    eprintln!(
        "Imported {} updates, {} pages and {} media files into {dir}; {} items to look at in {dir}/IMPORT-REPORT.md.",
        done.updates, done.pages, done.media, done.problems
    );
    if !done.kept.is_empty() {
        eprintln!("Kept {} existing files as they were:", done.kept.len());
        for k in &done.kept {
            eprintln!("  {}", k.display());
        }
    }
    eprintln!("Next: rally --root {dir} serve");
}
