//! `rally build`: render the site into its output folder.

use std::path::Path;
use std::time::Instant;

use super::{content_options, print_diagnostics};
use crate::cli::BuildArgs;
use crate::error::Result;
use crate::pipeline;

pub fn run(root: &Path, args: BuildArgs) -> Result<()> {
    let started = Instant::now();
    let mut opts = content_options(&args.content);
    opts.base_url = args.base_url;
    opts.minify = args.minify;
    opts.compress = args.compress;
    opts.force = args.force;
    let out = args.output.unwrap_or_else(|| pipeline::default_output(root));
    opts.published = true;
    let built = pipeline::build(root, &out, &opts)?;
    print_diagnostics(&crate::check::build_warnings(&built.site, built.background));
    let photos = match (built.photos, built.photos_encoded) {
        (0, _) => String::new(),
        (1, e) => format!(", 1 photo ({e} encoded)"),
        (n, e) => format!(", {n} photos ({e} encoded)"),
    };
    let crops = match (built.crops, built.crops_encoded) {
        (0, _) => String::new(),
        (1, e) => format!(", 1 share crop ({e} made)"),
        (n, e) => format!(", {n} share crops ({e} made)"),
    };
    let photos = photos + &crops;
    eprintln!(
        "Built {} pages ({} files{photos}) into {} in {:.2?}",
        built.pages,
        built.files,
        super::shown(&out).display(),
        started.elapsed()
    );
    // the command ends here: freeing every page one by one would only delay the exit
    std::mem::forget(built);
    Ok(())
}
