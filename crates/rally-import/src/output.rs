//! Writing the imported site: every file goes into a staging folder beside `--into`, which then
//! becomes `--into` in one rename (or, with `--force` into a folder that has files, gives it the
//! files it lacks, never replacing one). A failure leaves `--into` as it was.

use std::path::{Component, Path, PathBuf};

use rally_core::error::{Error, Result};

/// The staging folder of one import.
pub struct Staging {
    dir: PathBuf,
    into: PathBuf,
    committed: bool,
}

/// What the move into `--into` did.
#[derive(Debug, Default)]
pub struct Written {
    pub written: usize,
    /// Files `--into` already had, kept as they were.
    pub kept: Vec<PathBuf>,
}

impl Staging {
    /// Checks `into` (missing, empty, or any folder with `force`) and makes the staging folder.
    pub fn new(into: &Path, force: bool) -> Result<Staging> {
        if into.exists() && !into.is_dir() {
            return Err(Error::Usage(format!("{} is a file, not a folder", into.display())));
        }
        let non_empty = into.read_dir().map(|mut r| r.next().is_some()).unwrap_or(false);
        if non_empty && !force {
            return Err(Error::Usage(format!(
                "{} is not empty: import into a new folder, or use --force to add only the files it lacks",
                into.display()
            )));
        }
        let name = into.file_name().map_or("site".into(), |n| n.to_string_lossy().into_owned());
        let parent = match into.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
        let dir = parent.join(format!(".{name}.rally-import-{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        }
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        Ok(Staging { dir, into: into.to_path_buf(), committed: false })
    }

    /// The staging path of a site-relative path, which must stay inside the site.
    pub fn path(&self, rel: &str) -> Result<PathBuf> {
        let p = Path::new(rel);
        if rel.is_empty() || !p.components().all(|c| matches!(c, Component::Normal(_))) {
            return Err(Error::Usage(format!("`{rel}` is not a path inside the site")));
        }
        Ok(self.dir.join(p))
    }

    pub fn write(&self, rel: &str, contents: &str) -> Result<()> {
        let path = self.path(rel)?;
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        std::fs::write(&path, contents).map_err(|e| Error::io(&path, e))
    }

    /// Moves the staged site into `--into`.
    pub fn commit(mut self) -> Result<Written> {
        let mut done = Written::default();
        let empty = self.into.read_dir().map(|mut r| r.next().is_none()).unwrap_or(true);
        if empty {
            done.written = count_files(&self.dir);
            if self.into.exists() {
                std::fs::remove_dir(&self.into).map_err(|e| Error::io(&self.into, e))?;
            }
            std::fs::rename(&self.dir, &self.into).map_err(|e| Error::io(&self.into, e))?;
            self.committed = true;
            return Ok(done);
        }
        for entry in walk(&self.dir) {
            let rel = entry.strip_prefix(&self.dir).unwrap_or(&entry);
            let target = self.into.join(rel);
            if target.exists() {
                done.kept.push(rel.to_path_buf());
                continue;
            }
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
            }
            std::fs::rename(&entry, &target).map_err(|e| Error::io(&target, e))?;
            done.written += 1;
        }
        Ok(done)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() { todo.push(p) } else { out.push(p) }
        }
    }
    out.sort();
    out
}

fn count_files(dir: &Path) -> usize {
    walk(dir).len()
}
