//! Commands: each turns checked arguments into calls to the library and prints the outcome.
//! Exit codes: 0 success, 1 the site has errors, 2 bad usage.

pub mod build;
pub mod check;
pub mod init;
pub mod new;
pub mod serve;

use std::io::Write;

use crate::cli::{Cli, Command};
use crate::error::{Diagnostic, Error};

/// Runs a parsed command line; returns the process exit code.
pub fn run(cli: Cli) -> i32 {
    let result = match cli.command {
        Command::Init(a) => init::run(&cli.root, a),
        Command::Build(a) => build::run(&cli.root, a),
        Command::Serve(a) => serve::run(&cli.root, a),
        Command::Check(a) => match check::run(&cli.root, a) {
            Ok(true) => Ok(()),
            Ok(false) => return 1,
            Err(e) => Err(e),
        },
        Command::New(n) => new::run(&cli.root, n),
    };
    match result {
        Ok(()) => 0,
        Err(e) => report_error(&e),
    }
}

/// Prints diagnostics to stderr, errors and warnings alike, with a count at the end.
pub fn print_diagnostics(diags: &[Diagnostic]) {
    let mut err = std::io::stderr().lock();
    for d in diags {
        let _ = writeln!(err, "{d}");
    }
}

/// Prints an error and returns its exit code.
pub fn report_error(e: &Error) -> i32 {
    match e {
        Error::Site(diags) => {
            print_diagnostics(diags);
            let n = diags.iter().filter(|d| d.is_error()).count();
            eprintln!("error: {n} error{} found; nothing was written", if n == 1 { "" } else { "s" });
            1
        }
        Error::Io { .. } => {
            eprintln!("error: {e}");
            1
        }
        Error::Usage(_) => {
            eprintln!("error: {e}");
            2
        }
    }
}

/// The build options shared by build, serve and check.
pub fn content_options(c: &crate::cli::ContentArgs) -> crate::pipeline::BuildOptions {
    crate::pipeline::BuildOptions { drafts: c.drafts, future: c.future, ..Default::default() }
}
