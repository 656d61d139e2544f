//! The output stage, the only one that writes: the rendered files go into a staging folder beside
//! the output folder, which is swapped in only when every file was written. A failed build leaves
//! the previous output as it was, and no path can lead outside the output folder.

use rayon::prelude::*;
use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use crate::error::{Error, Result};
use crate::render::{Contents, OutputFile};

/// Refuses output folders that would overwrite or delete the site itself.
pub fn check_output_dir(root: &Path, out: &Path) -> Result<()> {
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
    Ok(())
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
        let new = made.lock().map(|mut m| m.insert(folder.to_string())).unwrap_or(true);
        if new {
            std::fs::create_dir_all(dir.join(folder))?;
        }
    }
    match &f.contents {
        Contents::Text(s) => std::fs::write(&target, s.as_bytes()),
        Contents::Static(b) => std::fs::write(&target, b),
        Contents::Copy(src) => std::fs::copy(src, &target).map(|_| ()),
        Contents::Cached(src) => std::fs::hard_link(src, &target).or_else(|_| std::fs::copy(src, &target).map(|_| ())),
    }
}

/// A staging folder beside the output folder: files go there as they are rendered, and the
/// folder replaces the output only on `commit`. Dropped without a commit, it is removed.
pub struct Staging {
    dir: PathBuf,
    /// Folders already made inside the staging folder.
    made: Mutex<HashSet<String>>,
    out: PathBuf,
    committed: bool,
}

impl Staging {
    /// Creates an empty staging folder for `out`.
    pub fn create(out: &Path) -> Result<Staging> {
        let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
        let dir = parent.join(format!(".{name}.rally-staging-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir(&dir).map_err(|e| Error::io(&dir, e))?;
        Ok(Staging { dir, made: Mutex::new(HashSet::new()), out: out.to_path_buf(), committed: false })
    }

    /// Writes one file into the staging folder; a path that would leave it is refused.
    pub fn write(&self, f: &OutputFile) -> Result<()> {
        if !is_safe_relative(&f.path) {
            return Err(Error::Usage(format!("refusing to write `{}`: it would leave the output folder", f.path)));
        }
        write_one(&self.dir, f, &self.made).map_err(|e| Error::io(self.dir.join(&f.path), e))
    }

    /// Swaps the staging folder in for the output folder.
    pub fn commit(mut self) -> Result<()> {
        let out = self.out.clone();
        let old = self.dir.with_file_name(
            self.dir.file_name().map(|n| n.to_string_lossy().replace("rally-staging", "rally-old")).unwrap_or_default(),
        );
        let had_old = out.exists();
        if had_old {
            let _ = std::fs::remove_dir_all(&old);
            std::fs::rename(&out, &old).map_err(|e| Error::io(&out, e))?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &out) {
            if had_old {
                let _ = std::fs::rename(&old, &out);
            }
            return Err(Error::io(&out, e));
        }
        self.committed = true;
        if had_old {
            let _ = std::fs::remove_dir_all(&old);
        }
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

/// Writes `files` as the new content of `out`, atomically replacing what was there.
pub fn write(out: &Path, files: &[OutputFile]) -> Result<()> {
    if let Some(bad) = files.iter().find(|f| !is_safe_relative(&f.path)) {
        return Err(Error::Usage(format!("refusing to write `{}`: it would leave the output folder", bad.path)));
    }
    let staging = Staging::create(out)?;
    files.par_iter().try_for_each(|f| staging.write(f))?;
    staging.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!(check_output_dir(dir.path(), dir.path()).is_err());
        assert!(check_output_dir(&dir.path().join("site"), dir.path()).is_err() || !dir.path().join("site").exists());
        std::fs::create_dir(dir.path().join("site")).unwrap();
        assert!(check_output_dir(&dir.path().join("site"), dir.path()).is_err());
        assert!(check_output_dir(&dir.path().join("site"), &dir.path().join("site/public")).is_ok());
        assert!(check_output_dir(&dir.path().join("site"), &dir.path().join("site/content/x")).is_err());
        std::fs::write(dir.path().join("site/site.yaml"), "title: x\n").unwrap();
        let e = check_output_dir(&dir.path().join("site"), &dir.path().join("site/site.yaml")).unwrap_err();
        assert!(e.to_string().contains("it is a file"), "{e}");
    }
}
