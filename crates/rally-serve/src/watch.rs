//! What a file change means for the preview: a pure classification of changed paths, and the
//! debounced watcher that feeds it.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use notify::RecursiveMode;
use notify_debouncer_full::{DebounceEventResult, new_debouncer};

use rally_core::source::discover::is_ignored_name;

/// The kind of a changed path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Content,
    Template,
    Static,
    Theme,
    Config,
    /// A file of `data/`.
    Data,
    /// Not part of the site (output folder, editor files, anything else).
    Ignored,
}

/// Classifies a changed path of the site at `root`, whose output goes to `output`.
pub fn classify(root: &Path, output: &Path, path: &Path) -> Change {
    if path.starts_with(output) {
        return Change::Ignored;
    }
    let Ok(rel) = path.strip_prefix(root) else { return Change::Ignored };
    if rel.components().any(|c| is_ignored_name(&c.as_os_str().to_string_lossy())) {
        return Change::Ignored;
    }
    let mut parts = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned());
    match (parts.next().as_deref(), parts.next()) {
        (Some("site.yaml"), None) => Change::Config,
        (Some("content"), Some(_)) => Change::Content,
        (Some("templates"), Some(_)) => Change::Template,
        (Some("static"), Some(_)) => Change::Static,
        (Some("themes"), Some(_)) => Change::Theme,
        (Some("data"), Some(_)) => Change::Data,
        _ => Change::Ignored,
    }
}

/// Watches `root` and sends the relevant changed paths, debounced, until the receiver is dropped.
/// When changes may have been missed (the watcher failed, or the system dropped events and asks
/// for a rescan), `root` itself is sent: the whole site is to be read again.
pub fn watch(root: &Path, output: &Path, tx: mpsc::Sender<Vec<PathBuf>>) -> notify::Result<impl Drop + Send + use<>> {
    let (raw_tx, raw_rx) = mpsc::channel::<DebounceEventResult>();
    let mut debouncer = new_debouncer(Duration::from_millis(20), None, raw_tx)?;
    debouncer.watch(root, RecursiveMode::Recursive)?;
    let (root, output) = (root.to_path_buf(), output.to_path_buf());
    std::thread::spawn(move || {
        for result in raw_rx {
            let mut paths: Vec<PathBuf> = match result {
                Ok(events) if !events.iter().any(|e| e.event.need_rescan()) => events
                    .into_iter()
                    .filter(|e| !matches!(e.event.kind, notify::EventKind::Access(_)))
                    .flat_map(|e| e.event.paths)
                    .filter(|p| classify(&root, &output, p) != Change::Ignored)
                    .collect(),
                _ => vec![root.clone()],
            };
            paths.sort();
            paths.dedup();
            if !paths.is_empty() && tx.send(paths).is_err() {
                break;
            }
        }
    });
    Ok(debouncer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_site_paths() {
        let root = Path::new("/site");
        let out = Path::new("/site/public");
        let c = |p: &str| classify(root, out, Path::new(p));
        assert_eq!(c("/site/content/updates/a.md"), Change::Content);
        assert_eq!(c("/site/templates/page.html"), Change::Template);
        assert_eq!(c("/site/static/logo.svg"), Change::Static);
        assert_eq!(c("/site/themes/mine/style.css"), Change::Theme);
        assert_eq!(c("/site/site.yaml"), Change::Config);
        assert_eq!(c("/site/data/pledges.csv"), Change::Data);
        assert_eq!(c("/site/public/index.html"), Change::Ignored);
        assert_eq!(c("/site/content/.a.md.swp"), Change::Ignored);
        assert_eq!(c("/site/content/a.md~"), Change::Ignored);
        assert_eq!(c("/site/content/4913"), Change::Ignored);
        assert_eq!(c("/site/README.md"), Change::Ignored);
        assert_eq!(c("/elsewhere/content/a.md"), Change::Ignored);
        assert_eq!(c("/site/.git/index"), Change::Ignored);
    }
}
