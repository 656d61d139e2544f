//! Swapping a finished staging folder in for the output folder, so that the output is either the
//! previous build or the new one: by renaming the folders, or, for an output folder that is a
//! symbolic link, by moving the contents of the folder it points at.

use std::io;
use std::path::{Path, PathBuf};

/// Replaces the folder `out` by `staged`; the previous output is moved to `old` first and put
/// back if the swap fails.
pub fn replace(staged: &Path, out: &Path, old: &Path) -> io::Result<()> {
    let had_old = out.exists();
    if had_old {
        let _ = std::fs::remove_dir_all(old);
        std::fs::rename(out, old)?;
    }
    if let Err(e) = std::fs::rename(staged, out) {
        if had_old {
            let _ = std::fs::rename(old, out);
        }
        return Err(e);
    }
    if had_old {
        let _ = std::fs::remove_dir_all(old);
    }
    Ok(())
}

/// Replaces the contents of `target` by those of `staged`, a folder inside it: every entry of
/// `target` (but `staged` and other staging folders) moves into `old`, a new folder inside it,
/// then every entry of `staged` moves up. A failed move puts everything back where it was.
pub fn contents(staged: &Path, target: &Path, old: &Path) -> io::Result<()> {
    let _ = std::fs::remove_dir_all(old);
    std::fs::create_dir(old)?;
    let previous = entries(target, |n| !super::stale::is_work_folder(n))?;
    let moved_out = match move_all(target, old, &previous) {
        Ok(()) => previous,
        Err((done, e)) => {
            let _ = move_all(old, target, &done);
            let _ = std::fs::remove_dir(old);
            return Err(e);
        }
    };
    let new = entries(staged, |_| true)?;
    if let Err((done, e)) = move_all(staged, target, &new) {
        let _ = move_all(target, staged, &done);
        let _ = move_all(old, target, &moved_out);
        let _ = std::fs::remove_dir(old);
        return Err(e);
    }
    let _ = std::fs::remove_dir(staged);
    let _ = std::fs::remove_dir_all(old);
    Ok(())
}

/// The names of the entries of `dir` that `keep` accepts.
fn entries(dir: &Path, keep: impl Fn(&str) -> bool) -> io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir)? {
        let name = e?.file_name();
        if keep(&name.to_string_lossy()) {
            out.push(PathBuf::from(name));
        }
    }
    Ok(out)
}

/// Moves the entries `names` from `from` to `to`; on failure, says which ones moved.
fn move_all(from: &Path, to: &Path, names: &[PathBuf]) -> Result<(), (Vec<PathBuf>, io::Error)> {
    for (i, name) in names.iter().enumerate() {
        if let Err(e) = std::fs::rename(from.join(name), to.join(name)) {
            return Err((names[..i].to_vec(), e));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> =
            std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        v.sort();
        v
    }

    #[test]
    fn contents_are_swapped_and_put_back_when_a_move_fails() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path();
        std::fs::write(target.join("index.html"), "old").unwrap();
        std::fs::create_dir(target.join("about")).unwrap();
        let (staged, old) = (target.join(".rally-staging-1"), target.join(".rally-old-1"));
        std::fs::create_dir(&staged).unwrap();
        std::fs::write(staged.join("index.html"), "new").unwrap();
        contents(&staged, target, &old).unwrap();
        assert_eq!(names(target), ["index.html"]);
        assert_eq!(std::fs::read_to_string(target.join("index.html")).unwrap(), "new");

        // a staged file that cannot move up (a live build's staging folder has its name)
        let busy = target.join(".rally-staging-2");
        std::fs::create_dir_all(busy.join("x")).unwrap();
        std::fs::create_dir(&staged).unwrap();
        std::fs::write(staged.join("a.html"), "a").unwrap();
        std::fs::write(staged.join(".rally-staging-2"), "clash").unwrap();
        assert!(contents(&staged, target, &old).is_err());
        assert_eq!(names(target), [".rally-staging-1", ".rally-staging-2", "index.html"], "as it was");
        assert_eq!(std::fs::read_to_string(target.join("index.html")).unwrap(), "new");
        assert_eq!(names(&staged).len(), 2, "the staged files are back in the staging folder");
    }
}
