//! Getting media files: copied from a local folder (`--uploads`), or downloaded (`--download`)
//! with timeouts, a size limit, a few requests at once and retries. Each file is written straight
//! into the staging folder; a failure is one line of the report, never the end of the import.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// One file to get: where from (an address, or a path under the uploads folder) and where to.
#[derive(Debug, Clone)]
pub struct Job {
    pub key: String,
    pub url: String,
    pub dest: PathBuf,
}

/// How downloads behave.
#[derive(Debug, Clone)]
pub struct Limits {
    pub parallel: usize,
    pub attempts: u32,
    pub max_bytes: u64,
    pub timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { parallel: 4, attempts: 3, max_bytes: 50 * 1024 * 1024, timeout: Duration::from_secs(30) }
    }
}

/// The outcome: the keys of the files now in place, and a line per failure.
#[derive(Debug, Default)]
pub struct Fetched {
    pub done: Vec<String>,
    pub failed: Vec<String>,
}

/// Copies each job's file from `uploads/KEY`.
pub fn copy(jobs: &[Job], uploads: &Path) -> Fetched {
    let mut out = Fetched::default();
    for job in jobs {
        let from = uploads.join(&job.key);
        let result = if from.is_file() {
            make_parent(&job.dest).and_then(|()| std::fs::copy(&from, &job.dest).map(|_| ()))
        } else {
            Err(std::io::Error::new(std::io::ErrorKind::NotFound, "not in the uploads folder"))
        };
        match result {
            Ok(()) => out.done.push(job.key.clone()),
            Err(e) => out.failed.push(format!("{}: {e}", job.key)),
        }
    }
    out
}

fn make_parent(p: &Path) -> std::io::Result<()> {
    p.parent().map_or(Ok(()), std::fs::create_dir_all)
}

/// Downloads every job, `limits.parallel` at a time.
pub fn download(jobs: &[Job], limits: &Limits) -> Fetched {
    let config = ureq::Agent::config_builder()
        .timeout_global(Some(limits.timeout))
        .timeout_connect(Some(Duration::from_secs(10)))
        .http_status_as_error(false)
        .user_agent("rally-import")
        .build();
    let agent: ureq::Agent = config.into();
    let next = AtomicUsize::new(0);
    let results = Mutex::new(Fetched::default());
    std::thread::scope(|s| {
        for _ in 0..limits.parallel.max(1).min(jobs.len().max(1)) {
            s.spawn(|| {
                while let Some(job) = jobs.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let r = fetch_with_retries(&agent, job, limits);
                    let mut res = results.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                    match r {
                        Ok(()) => res.done.push(job.key.clone()),
                        Err(e) => res.failed.push(format!("{}: {e}", job.url)),
                    }
                }
            });
        }
    });
    let mut out = results.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
    out.done.sort();
    out.failed.sort();
    out
}

/// Is a failure worth another try (the network, or a server error)?
enum Failure {
    Retry(String),
    Final(String),
}

fn fetch_with_retries(agent: &ureq::Agent, job: &Job, limits: &Limits) -> Result<(), String> {
    if !(job.url.starts_with("http://") || job.url.starts_with("https://")) {
        return Err("not an http(s) address".into());
    }
    let mut last = String::new();
    for attempt in 0..limits.attempts.max(1) {
        if attempt > 0 {
            std::thread::sleep(Duration::from_millis(200 << attempt));
        }
        match fetch_once(agent, job, limits) {
            Ok(()) => return Ok(()),
            Err(Failure::Final(e)) => return Err(e),
            Err(Failure::Retry(e)) => last = e,
        }
    }
    Err(format!("{last} (tried {} times)", limits.attempts.max(1)))
}

fn fetch_once(agent: &ureq::Agent, job: &Job, limits: &Limits) -> Result<(), Failure> {
    let mut resp = agent.get(&job.url).call().map_err(|e| Failure::Retry(e.to_string()))?;
    let status = resp.status().as_u16();
    if status >= 500 || status == 429 {
        return Err(Failure::Retry(format!("HTTP {status}")));
    }
    if status != 200 {
        return Err(Failure::Final(format!("HTTP {status}")));
    }
    let bytes = resp.body_mut().with_config().limit(limits.max_bytes).read_to_vec().map_err(|e| match e {
        ureq::Error::BodyExceedsLimit(_) => {
            Failure::Final(format!("larger than {} MB", limits.max_bytes / 1024 / 1024))
        }
        other => Failure::Retry(other.to_string()),
    })?;
    make_parent(&job.dest).and_then(|()| std::fs::write(&job.dest, bytes)).map_err(|e| Failure::Final(e.to_string()))
}
