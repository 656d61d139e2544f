//! The output stage, the only one that writes: the rendered files go into a staging folder beside
//! the output folder, which is swapped in only when every file was written. A failed build leaves
//! the previous output as it was, and no path can lead outside the output folder.
//!
//! Every output gets a marker file, [`MARKER`], so that a later build knows the folder is Rally's
//! to replace: a folder that is not empty and has no marker is refused unless forced. An output
//! folder that is a symbolic link stays one: the build is staged inside the folder it points at,
//! whose contents are then swapped (see `swap`). Staging folders of builds that were killed are
//! removed by the next build (see `stale`).

pub mod compress;
mod stale;
mod swap;

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use rally_core::error::{Error, Result};
use rally_render::{Contents, OutputFile};

/// The file Rally writes into every output folder: a folder that has it is a previous Rally
/// output, which a build may replace. A dot file of a few words, which static hosts serve or skip
/// like any other.
pub const MARKER: &str = ".rally-output";

const MARKER_TEXT: &str = "This folder is written by Rally (`rally build`): each build replaces everything in it.\n";

/// Refuses output folders that would overwrite or delete the site itself, and, unless `force`,
/// folders with files Rally did not write (not empty, no [`MARKER`]).
pub fn check_output_dir(root: &Path, out: &Path, force: bool) -> Result<()> {
    let root = root.canonicalize().map_err(|e| Error::io(root, e))?;
    let out_abs = absolute(out)?;
    if root.starts_with(&out_abs) {
        return Err(Error::Usage(format!(
            "refusing to write to {}: it is the site folder or contains it",
            out.display()
        )));
    }
    if out_abs.exists() && !out_abs.is_dir() {
        return Err(Error::Usage(format!(
            "refusing to write to {}: it is a file, not a folder (a build replaces the whole folder)",
            out.display()
        )));
    }
    for protected in ["content", "static", "templates", "themes"] {
        if out_abs.starts_with(root.join(protected)) {
            return Err(Error::Usage(format!(
                "refusing to write to {}: it is inside the site's {protected}/ folder",
                out.display()
            )));
        }
    }
    if !force && !replaceable(&out_abs).map_err(|e| Error::io(out, e))? {
        return Err(Error::Usage(format!(
            "refusing to replace {}: it is not empty and has no {MARKER} file, so it is not the output of an earlier build, and a build deletes everything in its output folder; choose a new or empty folder with --output, or add --force to replace its contents",
            out.display()
        )));
    }
    Ok(())
}

/// May a build replace the contents of `dir`: it is missing, empty (but for staging folders of
/// earlier builds) or has Rally's marker.
fn replaceable(dir: &Path) -> std::io::Result<bool> {
    if !dir.exists() || dir.join(MARKER).is_file() {
        return Ok(true);
    }
    for entry in std::fs::read_dir(dir)? {
        if !stale::is_work_folder(&entry?.file_name().to_string_lossy()) {
            return Ok(false);
        }
    }
    Ok(true)
}

/// An absolute, normalised form of `p` (the folder need not exist).
fn absolute(p: &Path) -> Result<PathBuf> {
    let cwd = std::env::current_dir().map_err(|e| Error::io(".", e))?;
    let joined = if p.is_absolute() { p.to_path_buf() } else { cwd.join(p) };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    // resolve symlinks in the part that exists
    let mut existing = out.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match existing.file_name() {
            Some(n) => rest.push(n.to_os_string()),
            None => break,
        }
        existing.pop();
    }
    let mut real = existing.canonicalize().unwrap_or(existing);
    for n in rest.into_iter().rev() {
        real.push(n);
    }
    Ok(real)
}

/// Is `rel` a plain relative path that stays inside its folder?
pub fn is_safe_relative(rel: &str) -> bool {
    !rel.is_empty()
        && !rel.starts_with('/')
        && !rel.contains('\\')
        && !rel.contains('\0')
        && rel.split('/').all(|s| !s.is_empty() && s != "." && s != "..")
        && !Path::new(rel).components().any(|c| matches!(c, Component::Prefix(_) | Component::RootDir))
}

/// Writes `f` under `dir`, creating its folder first unless `made` says it exists already.
fn write_one(dir: &Path, f: &OutputFile, made: &Mutex<HashSet<String>>) -> std::io::Result<()> {
    let target = dir.join(&f.path);
    if let Some((folder, _)) = f.path.rsplit_once('/') {
        // a folder is marked made only once it exists: another thread writing into it meanwhile
        // makes it too (create_dir_all is safe to race), never skips it
        let known = made.lock().map(|m| m.contains(folder)).unwrap_or(false);
        if !known {
            std::fs::create_dir_all(dir.join(folder))?;
            if let Ok(mut m) = made.lock() {
                m.insert(folder.to_string());
            }
        }
    }
    match &f.contents {
        Contents::Text(s) => std::fs::write(&target, s.as_bytes()),
        Contents::Static(b) => std::fs::write(&target, b),
        Contents::Bytes(b) => std::fs::write(&target, b),
        Contents::Copy(src) => std::fs::copy(src, &target).map(|_| ()),
        Contents::Cached(src) => std::fs::hard_link(src, &target).or_else(|_| std::fs::copy(src, &target).map(|_| ())),
    }
}

/// Where a build is staged and how it is swapped in.
#[derive(Debug)]
enum Swap {
    /// The staging folder is beside the output folder and is renamed to it.
    Replace { out: PathBuf },
    /// The output folder is a link: the staging folder is inside the folder it points at, and the
    /// contents are swapped, so the link stays a link.
    Contents { target: PathBuf },
}

/// A staging folder for the output: files go there as they are rendered, and replace the output
/// only on `commit`. Dropped without a commit, it is removed.
pub struct Staging {
    dir: PathBuf,
    /// Folders already made inside the staging folder.
    made: Mutex<HashSet<String>>,
    swap: Swap,
    committed: bool,
    /// Write `.br` and `.gz` beside every text file.
    compress: bool,
}

impl Staging {
    /// Creates an empty staging folder for `out` (with the marker file in it), after removing the
    /// staging folders that builds which were killed left behind.
    pub fn create(out: &Path) -> Result<Staging> {
        let is_link = std::fs::symlink_metadata(out).is_ok_and(|m| m.file_type().is_symlink());
        let (folder, prefix, swap) = if is_link {
            let target = out.canonicalize().map_err(|_| {
                Error::Usage(format!(
                    "the output folder {} is a link to a folder that does not exist: create that folder, or remove the link",
                    out.display()
                ))
            })?;
            if !target.is_dir() {
                return Err(Error::Usage(format!(
                    "the output folder {} is a link to a file, not a folder",
                    out.display()
                )));
            }
            (target.clone(), ".".to_string(), Swap::Contents { target })
        } else {
            let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
            let parent = match out.parent() {
                Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
                _ => PathBuf::from("."),
            };
            std::fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
            (parent, format!(".{name}."), Swap::Replace { out: out.to_path_buf() })
        };
        stale::remove(
            &folder,
            &prefix,
            match &swap {
                Swap::Replace { out } => Some(out.as_path()),
                Swap::Contents { .. } => None,
            },
        );
        let dir = folder.join(stale::staging_name(&prefix, std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir(&dir).map_err(|e| Error::io(&dir, e))?;
        let staging = Staging { dir, made: Mutex::new(HashSet::new()), swap, committed: false, compress: false };
        let marker = staging.dir.join(MARKER);
        std::fs::write(&marker, MARKER_TEXT).map_err(|e| Error::io(&marker, e))?;
        Ok(staging)
    }

    /// Also writes `.br` and `.gz` beside every text file from now on.
    pub fn compressed(mut self) -> Staging {
        self.compress = true;
        self
    }

    /// Writes one file into the staging folder; a path that would leave it is refused.
    pub fn write(&self, f: &OutputFile) -> Result<()> {
        if !is_safe_relative(&f.path) {
            return Err(Error::Usage(format!("refusing to write `{}`: it would leave the output folder", f.path)));
        }
        let target = self.dir.join(&f.path);
        write_one(&self.dir, f, &self.made).map_err(|e| Error::io(&target, e))?;
        if self.compress && rally_core::format::filetype::is_text(&f.path) {
            let read;
            let bytes: &[u8] = match &f.contents {
                Contents::Text(s) => s.as_bytes(),
                Contents::Static(b) => b,
                Contents::Bytes(b) => b,
                Contents::Copy(_) | Contents::Cached(_) => {
                    read = std::fs::read(&target).map_err(|e| Error::io(&target, e))?;
                    &read
                }
            };
            for (ext, data) in [("br", compress::brotli(bytes)), ("gz", compress::gzip(bytes))] {
                let path = self.dir.join(format!("{}.{ext}", f.path));
                std::fs::write(&path, data).map_err(|e| Error::io(&path, e))?;
            }
        }
        Ok(())
    }

    /// Swaps the staging folder in for the output folder; on failure the output is as it was.
    pub fn commit(mut self) -> Result<()> {
        let old = self.dir.with_file_name(
            self.dir.file_name().map(|n| n.to_string_lossy().replace("rally-staging", "rally-old")).unwrap_or_default(),
        );
        match &self.swap {
            Swap::Replace { out } => swap::replace(&self.dir, out, &old).map_err(|e| Error::io(out, e))?,
            Swap::Contents { target } => swap::contents(&self.dir, target, &old).map_err(|e| Error::io(target, e))?,
        }
        self.committed = true;
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rayon::prelude::*;

    /// Stages `files` and swaps them in, as a build does.
    fn write(out: &Path, files: &[OutputFile]) -> Result<()> {
        let staging = Staging::create(out)?;
        files.par_iter().try_for_each(|f| staging.write(f))?;
        staging.commit()
    }

    #[test]
    fn unsafe_paths_are_rejected() {
        for bad in ["../x", "/etc/passwd", "a/../../b", "a//b", "", "a\\..\\b", "./x"] {
            assert!(!is_safe_relative(bad), "{bad}");
        }
        assert!(is_safe_relative("updates/x/index.html"));
    }

    #[test]
    fn write_replaces_the_folder_and_refuses_escapes() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("stale.html"), "old").unwrap();
        write(&out, &[OutputFile::text("a/index.html", "new".into())]).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("a/index.html")).unwrap(), "new");
        assert!(!out.join("stale.html").exists());
        let err = write(&out, &[OutputFile::text("../evil.html", "x".into())]);
        assert!(err.is_err());
        assert!(out.join("a/index.html").exists(), "the previous output stays");
        assert!(!dir.path().join("evil.html").exists());
    }

    #[test]
    fn the_site_folder_cannot_be_the_output() {
        let dir = tempfile::tempdir().unwrap();
        assert!(check_output_dir(dir.path(), dir.path(), true).is_err());
        let missing = check_output_dir(&dir.path().join("site"), dir.path(), true).unwrap_err();
        assert!(matches!(missing, Error::Io { .. }), "a site folder that does not exist is reported: {missing}");
        std::fs::create_dir(dir.path().join("site")).unwrap();
        assert!(check_output_dir(&dir.path().join("site"), dir.path(), true).is_err());
        assert!(check_output_dir(&dir.path().join("site"), &dir.path().join("site/public"), false).is_ok());
        assert!(check_output_dir(&dir.path().join("site"), &dir.path().join("site/content/x"), true).is_err());
        std::fs::write(dir.path().join("site/site.yaml"), "title: x\n").unwrap();
        let e = check_output_dir(&dir.path().join("site"), &dir.path().join("site/site.yaml"), true).unwrap_err();
        assert!(e.to_string().contains("it is a file"), "{e}");
    }
}
