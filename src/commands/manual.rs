//! `rally completions SHELL` and `rally man`: the shell completion scripts and the man pages,
//! made from the same clap command the arguments are parsed with, so they never lag behind it.

use std::io::Write;
use std::path::Path;

use clap::CommandFactory;

use crate::cli::Cli;
use crate::error::{Error, Result};

/// Prints the completion script of `shell` for `rally`.
pub fn completions(shell: clap_complete::Shell) -> Result<()> {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "rally", &mut out);
    write_stdout(&out)
}

/// Prints `rally.1`, or writes it and a page per subcommand (`rally-build.1`,
/// `rally-new-update.1`, ...) into `dir`, which is created when missing.
pub fn man(dir: Option<&Path>) -> Result<()> {
    let cmd = Cli::command();
    let Some(dir) = dir else {
        let mut out = Vec::new();
        clap_mangen::Man::new(cmd).render(&mut out).map_err(|e| Error::io("rally.1", e))?;
        return write_stdout(&out);
    };
    if dir.exists() && !dir.is_dir() {
        return Err(Error::Usage(format!("`{}` is not a folder: --dir names where the pages go", dir.display())));
    }
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    clap_mangen::generate_to(cmd, dir).map_err(|e| Error::io(dir, e))?;
    eprintln!("Wrote the man pages into {} (read one with `man {}/rally.1`).", dir.display(), dir.display());
    Ok(())
}

fn write_stdout(bytes: &[u8]) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(bytes).and_then(|()| stdout.flush()).map_err(|e| Error::io("standard output", e))
}
