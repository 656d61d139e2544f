//! `rally import wordpress`: a WXR export into a Rally site folder. The stages: read the export
//! ([`wxr`]) -> plan which item becomes which file ([`plan`]) -> get the media ([`media`],
//! [`crate::fetch`]) -> convert each body ([`convert`]) and write its front matter ([`items`]) ->
//! site.yaml and the report ([`site`]) -> move the staged folder into place ([`crate::output`]).

pub mod autop;
pub mod blocks;
pub mod convert;
mod items;
pub mod links;
pub mod media;
pub mod plan;
pub mod shortcodes;
mod site;
pub mod wxr;

use std::path::PathBuf;

use rally_core::error::Result;

use crate::fetch::{self, Job, Limits};
use crate::output::Staging;
use crate::report::Report;
use media::Media;

/// What `rally import wordpress` was asked to do.
#[derive(Debug, Clone)]
pub struct Options {
    pub export: PathBuf,
    pub into: PathBuf,
    /// A copy of the old site's `wp-content/uploads` folder.
    pub uploads: Option<PathBuf>,
    pub download: bool,
    pub force: bool,
    pub limits: Limits,
}

/// What the import did, for the command's message.
#[derive(Debug)]
pub struct Summary {
    pub updates: usize,
    pub pages: usize,
    pub media: usize,
    pub problems: usize,
    pub written: usize,
    pub kept: Vec<PathBuf>,
}

/// Imports the export into `options.into`.
pub fn import(options: &Options) -> Result<Summary> {
    let export = wxr::read(&options.export)?;
    let staging = Staging::new(&options.into, options.force)?;
    let name = options.export.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let mut report = Report::new(format!("the WordPress export `{name}` ({})", export.title));
    let plan = plan::plan(&export, &mut report);
    let mut media = Media::new(&export);
    for p in &plan.planned {
        let item = &export.items[p.item];
        media.note_all(&item.content);
        media.note_all(&item.excerpt);
    }
    get_media(&mut media, options, &staging, &mut report)?;
    let links = site::links(&export, &plan, &media);
    let mut counts = (0, 0);
    for p in &plan.planned {
        let file = items::write(&export, p, &links, &media, &mut report);
        staging.write(&format!("content/{}", p.file), &file)?;
        match p.kind {
            plan::Kind::Update => counts.0 += 1,
            plan::Kind::Page => counts.1 += 1,
        }
    }
    site::write(&export, &plan, &links, &mut report, &staging)?;
    staging.write("IMPORT-REPORT.md", &report.render())?;
    let problems = report.problems();
    let done = staging.commit()?;
    Ok(Summary {
        updates: counts.0,
        pages: counts.1,
        media: media.obtained.len(),
        problems,
        written: done.written,
        kept: done.kept,
    })
}

/// Copies or downloads every upload the imported items use.
fn get_media(media: &mut Media, options: &Options, staging: &Staging, report: &mut Report) -> Result<()> {
    let mut jobs = Vec::new();
    for (key, url) in &media.known {
        jobs.push(Job {
            key: key.clone(),
            url: url.clone(),
            dest: staging.path(&format!("static/{}", media::static_rel(key)))?,
        });
    }
    let fetched = match (&options.uploads, options.download) {
        (Some(dir), _) => fetch::copy(&jobs, dir),
        (None, true) => fetch::download(&jobs, &options.limits),
        (None, false) => {
            if !jobs.is_empty() {
                report.note(
                    "Media",
                    format!("{} files were not imported: give --uploads (a copy of wp-content/uploads) or --download; their addresses stay those of the old site", jobs.len()),
                );
            }
            return Ok(());
        }
    };
    report.add("media files", fetched.done.len());
    for line in fetched.failed {
        report.note("Media not imported (their addresses stay those of the old site)", line);
    }
    media.obtained.extend(fetched.done);
    Ok(())
}
