//! Commands: each turns checked arguments into calls to the library and prints the outcome.
//! Exit codes: 0 success, 1 the site has errors, 2 bad usage.

pub mod build;
pub mod check;
pub mod cms;
pub mod import;
pub mod init;
pub mod manual;
pub mod new;
pub mod serve;

use std::path::{Path, PathBuf};

use crate::cli::{Cli, Command};
use crate::error::{Error, Result};

/// Runs a parsed command line; returns the process exit code.
pub fn run(cli: Cli) -> i32 {
    // init and import make the folder, and name it in their messages as it was typed; the
    // completions and the man page need no site
    let makes_site =
        matches!(cli.command, Command::Init(_) | Command::Import(_) | Command::Completions(_) | Command::Man(_));
    let root = if makes_site { Ok(cli.root.clone()) } else { require_site(&cli.root) };
    let root = match root {
        Ok(root) => root,
        Err(e) => return report_error(&e),
    };
    let result = match cli.command {
        Command::Init(a) => init::run(&root, a),
        Command::Build(a) => build::run(&root, a),
        Command::Serve(a) => serve::run(&root, a),
        Command::Check(a) => match check::run(&root, a) {
            Ok(true) => Ok(()),
            Ok(false) => return 1,
            Err(e) => Err(e),
        },
        Command::New(n) => new::run(&root, n),
        Command::Import(i) => import::run(i),
        Command::Cms(crate::cli::CmsCommand::Decap(a)) => cms::decap(&root, a),
        Command::Completions(a) => manual::completions(a.shell),
        Command::Man(a) => manual::man(a.dir.as_deref()),
    };
    match result {
        Ok(()) => 0,
        Err(e) => report_error(&e),
    }
}

pub use crate::error::print_diagnostics;

/// Prints an error and returns its exit code.
pub fn report_error(e: &Error) -> i32 {
    match e {
        Error::Site(diags) => {
            print_diagnostics(diags);
            let n = diags.iter().filter(|d| d.is_error()).count();
            eprintln!("error: {n} error{} found; nothing was written", if n == 1 { "" } else { "s" });
            1
        }
        Error::Io { .. } | Error::NoSite(_) => {
            eprintln!("error: {e}");
            1
        }
        Error::Usage(_) => {
            eprintln!("error: {e}");
            2
        }
    }
}

/// Checks that `root` is a Rally site, an existing folder with a site.yaml, and returns its
/// absolute, canonical path. Every command but `init` starts here, so a mistyped `--root` gets one
/// clear message and nothing is created, and every later stage sees the same absolute root: the
/// file watcher reports absolute paths, which a relative root would never match.
pub fn require_site(root: &Path) -> Result<PathBuf> {
    let shown = root.display();
    if !root.exists() {
        return Err(Error::NoSite(format!("site folder `{shown}` does not exist")));
    }
    if !root.is_dir() {
        return Err(Error::NoSite(format!("`{shown}` is not a folder: --root names the site folder")));
    }
    if !root.join(crate::config::CONFIG_FILE).is_file() {
        return Err(Error::NoSite(format!(
            "no {} in `{shown}`: is this a Rally site? (`rally init` creates one)",
            crate::config::CONFIG_FILE
        )));
    }
    root.canonicalize().map_err(|e| Error::io(root, e))
}

/// `path` as shown in messages: relative to the current folder when it is inside it, as the
/// user would type it.
pub fn shown(path: &Path) -> PathBuf {
    let cwd = std::env::current_dir().and_then(|d| d.canonicalize());
    match cwd.as_ref().ok().and_then(|cwd| path.strip_prefix(cwd).ok()) {
        Some(rel) if rel.as_os_str().is_empty() => PathBuf::from("."),
        Some(rel) => rel.to_path_buf(),
        None => path.to_path_buf(),
    }
}

/// The build options shared by build, serve and check.
pub fn content_options(c: &crate::cli::ContentArgs) -> crate::pipeline::BuildOptions {
    let defaults = crate::pipeline::BuildOptions::default();
    crate::pipeline::BuildOptions { drafts: c.drafts, future: c.future, now: c.now.unwrap_or(defaults.now), ..defaults }
}
