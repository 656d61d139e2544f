//! The `rally` binary: parses arguments and hands over to the library.

use clap::Parser;

/// Many small allocations across threads: mimalloc keeps them fast.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let cli = rally::cli::Cli::parse();
    std::process::exit(rally::commands::run(cli));
}
