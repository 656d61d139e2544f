//! `rally cms decap`: writes the CMS's configuration and page into `static/admin/`.

use std::path::Path;

use crate::cli::DecapArgs;
use crate::cms::{self, Backend};
use crate::error::{Error, Result};

pub fn decap(root: &Path, args: DecapArgs) -> Result<()> {
    if args.backend.trim().is_empty() {
        return Err(Error::Usage("--backend is empty: name one, e.g. git-gateway or github".into()));
    }
    if args.backend != "git-gateway" && args.repo.is_none() {
        return Err(Error::Usage(format!("the {} backend needs --repo OWNER/NAME", args.backend)));
    }
    let config = crate::config::load(root, None).map_err(Error::Site)?;
    let backend = Backend { name: args.backend, repo: args.repo, branch: args.branch };
    let dir = root.join(cms::ADMIN_DIR);
    let files = [("config.yml", cms::config_yml(&config, &backend)), ("index.html", cms::index_html(&backend))];
    if !args.force
        && let Some((name, _)) = files.iter().find(|(name, _)| dir.join(name).exists())
    {
        let shown = super::shown(&dir.join(name));
        return Err(Error::Usage(format!("{} already exists: add --force to replace it", shown.display())));
    }
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    for (name, text) in files {
        let path = dir.join(name);
        std::fs::write(&path, text).map_err(|e| Error::io(&path, e))?;
        eprintln!("Wrote {}", super::shown(&path).display());
    }
    Ok(())
}
