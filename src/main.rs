//! The `rally` binary: parses arguments and hands over to the library.

use clap::Parser;

fn main() {
    let cli = rally::cli::Cli::parse();
    std::process::exit(rally::commands::run(cli));
}
