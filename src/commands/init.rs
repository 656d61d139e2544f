//! `rally init`: scaffold a starter hub.

use std::path::Path;

use crate::cli::InitArgs;
use crate::error::Result;
use crate::scaffold::{StarterDates, write_starter};

pub fn run(root: &Path, args: InitArgs) -> Result<()> {
    let dir = args.dir.unwrap_or_else(|| root.to_path_buf());
    let today = jiff::ZonedDateTime::now().date();
    let files = write_starter(&dir, &args.theme, args.force, &StarterDates { today })?;
    eprintln!("Created a starter hub in {} ({} files).", dir.display(), files.len());
    eprintln!("Next: rally --root {} serve", dir.display());
    Ok(())
}
