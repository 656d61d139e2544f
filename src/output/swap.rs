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
