//! Staging folders left behind by builds that were killed (`kill -9`, a power cut): each is named
//! after the process that made it, and is removed once that process is gone. A live build's
//! folders are never touched.

use std::path::Path;

const STAGING: &str = "rally-staging-";
const OLD: &str = "rally-old-";

/// The name of the staging folder of process `pid`: `{prefix}rally-staging-{pid}`.
pub fn staging_name(prefix: &str, pid: u32) -> String {
    format!("{prefix}{STAGING}{pid}")
}

/// Is `name` a staging folder, or a previous output set aside during a swap, of some build?
pub fn is_work_folder(name: &str) -> bool {
    pid_of(name, ".").is_some()
}

/// The pid in a work folder's name `{prefix}rally-staging-PID` or `{prefix}rally-old-PID`.
fn pid_of(name: &str, prefix: &str) -> Option<(u32, bool)> {
    let rest = name.strip_prefix(prefix)?;
    let rest = if prefix == "." { rest.rsplit_once('.').map_or(rest, |(_, r)| r) } else { rest };
    let (pid, old) = match (rest.strip_prefix(STAGING), rest.strip_prefix(OLD)) {
        (Some(pid), _) => (pid, false),
        (_, Some(pid)) => (pid, true),
        _ => return None,
    };
    Some((pid.parse().ok()?, old))
}

/// Removes the work folders named `{prefix}rally-…-PID` in `folder` whose process is gone. A
/// previous output that a killed build had set aside is put back as `out` when `out` is missing.
pub fn remove(folder: &Path, prefix: &str, out: Option<&Path>) {
    let Ok(entries) = std::fs::read_dir(folder) else { return };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(rest) = name.strip_prefix(prefix) else { continue };
        let Some((pid, old)) = pid_of(rest, "") else { continue };
        if pid == std::process::id() || is_alive(pid) {
            continue;
        }
        let path = e.path();
        let missing = out.filter(|o| std::fs::symlink_metadata(o).is_err());
        if old
            && let Some(out) = missing
            && std::fs::rename(&path, out).is_ok()
        {
            continue;
        }
        let _ = std::fs::remove_dir_all(&path);
    }
}

/// Is there a process `pid`? When it cannot be told, it is taken to be alive.
fn is_alive(pid: u32) -> bool {
    if Path::new("/proc/self").exists() {
        return Path::new(&format!("/proc/{pid}")).exists();
    }
    #[cfg(unix)]
    {
        use std::process::{Command, Stdio};
        // `kill -0` sends no signal: it only says whether the process exists
        Command::new("kill")
            .args(["-0", &pid.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .map_or(true, |s| s.success())
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn work_folder_names() {
        assert_eq!(pid_of(".public.rally-staging-42", "."), Some((42, false)));
        assert_eq!(pid_of(".rally-old-7", "."), Some((7, true)));
        assert_eq!(pid_of("rally-staging-x", ""), None);
        assert!(is_work_folder(".site.v2.rally-staging-12"));
        assert!(!is_work_folder("index.html") && !is_work_folder(".rally-output"));
    }
}
