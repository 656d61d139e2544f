//! `rally serve`: preview with rebuild on change and live reload.

use std::path::Path;

use crate::cli::ServeArgs;
use crate::error::Result;
use crate::serve::{ServeOptions, run as serve};

pub fn run(root: &Path, args: ServeArgs) -> Result<()> {
    let opts = ServeOptions {
        root: root.to_path_buf(),
        bind: args.bind,
        port: args.port,
        build: super::content_options(&args.content),
        edit_token: args.edit_token,
    };
    serve(opts, args.open)
}
