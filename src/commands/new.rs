//! `rally new`: content files with correct front matter, made by `rally_build::new`.

use std::path::Path;

use crate::cli::{CampaignKindArg, NewCommand};
use crate::error::Result;
use crate::source::front_matter::CampaignKind;
use rally_build::new::{NewFile, create};

pub fn run(root: &Path, cmd: NewCommand) -> Result<()> {
    let new = match cmd {
        NewCommand::Update { title } => NewFile::Update { title },
        NewCommand::Report { period } => NewFile::Report { period },
        NewCommand::Event { title, start, timezone } => NewFile::Event { title, start, timezone },
        NewCommand::Campaign { title, kind } => {
            let kind = match kind {
                CampaignKindArg::Pledge => CampaignKind::Pledge,
                CampaignKindArg::Petition => CampaignKind::Petition,
                CampaignKindArg::Fundraiser => CampaignKind::Fundraiser,
            };
            NewFile::Campaign { title, kind }
        }
        NewCommand::Translation { path, lang } => NewFile::Translation { path, lang },
        NewCommand::Page { path } => NewFile::Page { path },
    };
    let target = create(root, &new).map_err(|e| match e {
        // named as the user would type it
        crate::error::Error::Usage(m) if m.ends_with(" already exists") => {
            let rel = m.trim_end_matches(" already exists");
            crate::error::Error::Usage(format!("{} already exists", super::shown(&root.join(rel)).display()))
        }
        e => e,
    })?;
    eprintln!("Created {}", super::shown(&target).display());
    Ok(())
}
