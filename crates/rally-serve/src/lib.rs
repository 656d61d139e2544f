//! `rally serve`: a thin layer over the build library. The site is built in memory and served
//! from there; a watcher rebuilds it on every change and tells open pages to reload. Build errors
//! are shown in the page, over the last good build, until they are fixed. The site held in memory
//! and its incremental rebuilds are [`live`]'s; the editor at `/__rally/edit/` is [`editor`]'s.
//!
//! May depend on every stage crate (`rally-core`, `rally-render`, `rally-media`, `rally-search`,
//! `rally-build`): the preview sits above the pipeline. The only crate with `tokio`'s server side,
//! `axum` and `notify`.

pub mod editor;
pub mod http;
pub mod live;
pub mod problems;
pub mod watch;

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use std::collections::HashSet;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard, RwLock, mpsc};
use std::time::Instant;

use crate::live::{LiveSite, Rebuilt};
use http::{EVENTS_PATH, Reply, Snapshot, WARNINGS_PATH};
use rally_build::pipeline::BuildOptions;
use rally_core::error::{Diagnostic, Error, Result};

/// How to serve a site.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: String,
    pub port: u16,
    /// The pages to show and the time to build as at (`--drafts`, `--future`, `--now`), converted
    /// from the command line as `rally build` converts them.
    pub build: BuildOptions,
    /// `--edit-token`: the editor also when listening on an address other than loopback, for
    /// the browsers that give this token.
    pub edit_token: Option<String>,
}

/// What open pages are told.
#[derive(Debug, Clone, Copy)]
enum Event {
    /// The site was rebuilt: reload.
    Reload,
    /// The warnings changed: fetch the panel again.
    Warnings,
}

struct Shared {
    snapshot: RwLock<Arc<Snapshot>>,
    /// The search index (the files under `pagefind/`), made in the background after each rebuild;
    /// the previous one is served until the next is ready.
    search: RwLock<Arc<crate::live::Files>>,
    events: tokio::sync::broadcast::Sender<Event>,
    /// Counts the changes the preview has finished with: rebuilt and checked, or failed.
    settled: tokio::sync::watch::Sender<u64>,
    /// The site in memory, once built: rebuilt by the watcher, lent to the editor's live preview.
    live: Mutex<Option<LiveSite>>,
    /// The pages the editor's live preview rendered from unsaved text, served at their own URL
    /// with `?rally-draft=ID`.
    drafts: Mutex<Drafts>,
}

/// The newest pages rendered from unsaved text: (id, URL path, HTML). An id is random: a draft
/// is shown only to the editor that asked for it.
#[derive(Default)]
struct Drafts {
    kept: std::collections::VecDeque<(String, String, Arc<Vec<u8>>)>,
}

/// How many drafts are kept: a few, for the previews still loading.
const DRAFTS_KEPT: usize = 8;

/// The query parameter that asks for a draft.
const DRAFT_PARAM: &str = "rally-draft=";

/// `m`, locked, even after a thread panicked holding it.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Shared {
    /// The file of the search index at request path `path`, if it is one.
    fn search_file(&self, base_path: &str, path: &str) -> Option<Arc<Vec<u8>>> {
        let path = http::decode_path(path)?;
        let rel = path.strip_prefix(base_path)?;
        if !rel.starts_with(rally_search::BUNDLE_DIR) {
            return None;
        }
        self.search.read().ok()?.get(rel).cloned()
    }

    fn snapshot(&self) -> Arc<Snapshot> {
        self.snapshot.read().map(|s| Arc::clone(&s)).unwrap_or_default()
    }

    /// Keeps a page rendered from unsaved text; the address that shows it.
    fn keep_draft(&self, url: String, html: Vec<u8>) -> String {
        let id = editor::random_token();
        let mut drafts = lock(&self.drafts);
        if drafts.kept.len() == DRAFTS_KEPT {
            drafts.kept.pop_front();
        }
        let address = format!("{url}?{DRAFT_PARAM}{id}");
        drafts.kept.push_back((id, url, Arc::new(html)));
        address
    }

    /// The draft a request asks for at its own URL path.
    fn draft(&self, uri: &Uri) -> Option<Arc<Vec<u8>>> {
        let id = uri.query()?.split('&').find_map(|p| p.strip_prefix(DRAFT_PARAM))?;
        let drafts = lock(&self.drafts);
        drafts.kept.iter().find(|(d, url, _)| *d == id && url == uri.path()).map(|(_, _, html)| Arc::clone(html))
    }

    fn publish(&self, next: Snapshot, event: Event) {
        if let Ok(mut s) = self.snapshot.write() {
            *s = Arc::new(next);
        }
        let _ = self.events.send(event);
    }
}

/// A running preview server; stops when dropped.
pub struct Server {
    pub addr: SocketAddr,
    shared: Arc<Shared>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
    /// The file watcher; dropping it ends the rebuild thread.
    watcher: Option<Box<dyn Send>>,
}

impl Server {
    /// The address pages are served under, with the site's base path.
    pub fn url(&self) -> String {
        let base = self.shared.snapshot().base_path.clone();
        format!("http://{}{}", self.addr, if base.is_empty() { "/" } else { &base })
    }

    pub fn stop(mut self) {
        self.shutdown_now();
    }

    fn shutdown_now(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        self.watcher = None;
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.shutdown_now();
    }
}

/// Brings the site up to date after `changed` paths changed (reads all of it when `live` is
/// `None`), and swaps the snapshot: a failed build keeps the last good files and adds its errors.
/// Returns what the rebuild did, when it succeeded.
fn rebuild(
    shared: &Shared,
    live: &mut Option<LiveSite>,
    opts: &ServeOptions,
    addr: SocketAddr,
    changed: &[PathBuf],
) -> Option<Rebuilt> {
    let started = Instant::now();
    let first = live.is_none();
    let result = match live.as_mut() {
        Some(site) => site.update(changed),
        None => LiveSite::load(&opts.root, &opts.build, Some(&format!("http://{addr}"))).map(|site| {
            *live = Some(site);
            Rebuilt::Reloaded
        }),
    };
    let old = shared.snapshot();
    let base_path = match live.as_ref() {
        Some(l) => l.site().config.base_path.clone(),
        // no build yet: the base path of site.yaml, if it loads
        None => rally_core::config::load(&opts.root, None).map_or(old.base_path.clone(), |c| c.base_path),
    };
    let mut rebuilt = None;
    let next = match (result, live.as_ref()) {
        (Ok(done), Some(site)) => {
            rebuilt = Some(done);
            let total = site.files().len();
            let what = match (first, done) {
                (true, _) => format!("Built {total} files"),
                (false, Rebuilt::Reloaded | Rebuilt::RenderedAll) => format!("Rebuilt {total} files"),
                (false, Rebuilt::Rendered(n)) => format!("Rebuilt {n} of {total} files"),
            };
            eprintln!("{what} in {:.1?}", started.elapsed());
            let pages = site
                .site()
                .pages
                .iter()
                .map(|p| {
                    // the path as written (a translation's own file), under content/
                    let rel =
                        p.display.strip_prefix("content").unwrap_or(&p.display).to_string_lossy().replace('\\', "/");
                    (rel, (site.site().url(p), p.title.clone()))
                })
                .collect::<std::collections::HashMap<_, _>>();
            Snapshot {
                files: site.files().clone(),
                errors: Vec::new(),
                warnings: old.warnings.clone(),
                base_path,
                pages: Arc::new(pages),
            }
        }
        (Ok(_), None) => return None,
        (Err(errors), _) => {
            rally_core::error::print_diagnostics(&errors);
            eprintln!("Build failed: the last good build stays online, with the errors shown in the page");
            Snapshot {
                files: old.files.clone(),
                errors,
                warnings: old.warnings.clone(),
                base_path,
                pages: old.pages.clone(),
            }
        }
    };
    shared.publish(next, Event::Reload);
    rebuilt
}

/// What the checks of the preview found last.
#[derive(Default)]
struct Checked {
    problems: problems::Problems,
    last: Option<Vec<Diagnostic>>,
}

/// Runs the checks of `rally check` on the site as `rebuilt` it, prints the problems that are new
/// since the last check (all of them the first time) with a count, and shows them all in the
/// page's warnings panel.
fn check(shared: &Shared, live: Option<&LiveSite>, rebuilt: Rebuilt, checked: &mut Checked) {
    let Some(site) = live else { return };
    let started = Instant::now();
    let all_pages = !matches!(rebuilt, Rebuilt::Rendered(_));
    let found = checked.problems.check(site, all_pages, site.site().now);
    let last = &mut checked.last;
    let known: HashSet<String> = last.iter().flatten().map(|d| d.to_string()).collect();
    let new: Vec<Diagnostic> = found.iter().filter(|d| !known.contains(&d.to_string())).cloned().collect();
    rally_core::error::print_diagnostics(&new);
    if found.is_empty() {
        if last.as_ref().is_none_or(|l| !l.is_empty()) {
            eprintln!("Checked: no problems found in {:.1?}", started.elapsed());
        }
    } else {
        let errors = found.iter().filter(|d| d.is_error()).count();
        let (warnings, plural) = (found.len() - errors, |n: usize| if n == 1 { "" } else { "s" });
        eprintln!(
            "Checked: {errors} error{}, {warnings} warning{} ({} new) in {:.1?}, shown in the page",
            plural(errors),
            plural(warnings),
            new.len(),
            started.elapsed()
        );
    }
    if last.as_ref() != Some(&found) {
        let old = shared.snapshot();
        let next = Snapshot {
            files: old.files.clone(),
            errors: old.errors.clone(),
            warnings: found.clone(),
            base_path: old.base_path.clone(),
            pages: old.pages.clone(),
        };
        shared.publish(next, Event::Warnings);
    }
    *last = Some(found);
}

async fn events(State(shared): State<Arc<Shared>>) -> Response {
    let rx = shared.events.subscribe();
    let stream = futures_util::stream::unfold(rx, |mut rx| async move {
        let name = match rx.recv().await {
            Ok(Event::Reload) | Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => "reload",
            Ok(Event::Warnings) => "warnings",
            Err(_) => return None,
        };
        Some((Ok::<_, std::convert::Infallible>(format!("event: {name}\ndata: {{}}\n\n")), rx))
    });
    let hello = futures_util::stream::once(async { Ok(": connected\n\n".to_string()) });
    let mut res = Response::new(Body::from_stream(futures_util::StreamExt::chain(hello, stream)));
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/event-stream"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    res
}

async fn warnings(State(shared): State<Arc<Shared>>) -> Response {
    let panel = http::warnings_panel(&shared.snapshot().warnings);
    let ct = (header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    ([ct, (header::CACHE_CONTROL, HeaderValue::from_static("no-store"))], panel).into_response()
}

/// One of the preview's own files.
fn own_file(mime: &'static str, body: &'static str) -> Response {
    let ct = (header::CONTENT_TYPE, HeaderValue::from_static(mime));
    ([ct, (header::CACHE_CONTROL, HeaderValue::from_static("no-store"))], body).into_response()
}

async fn file(State(shared): State<Arc<Shared>>, uri: Uri) -> Response {
    let snap = shared.snapshot();
    let mut res = served(&shared, &snap, &uri);
    // the headers the host will send (the Content-Security-Policy above all), so that the
    // preview blocks what the published site will
    for (name, value) in http::site_headers(&snap, uri.path()) {
        if let (Ok(name), Ok(value)) = (header::HeaderName::try_from(name), HeaderValue::from_str(&value)) {
            res.headers_mut().append(name, value);
        }
    }
    res
}

fn served(shared: &Shared, snap: &Snapshot, uri: &Uri) -> Response {
    let no_store = (header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Some(html) = shared.draft(uri) {
        let ct = (header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
        return ([ct, no_store], html.to_vec()).into_response();
    }
    if let Some(body) = shared.search_file(&snap.base_path, uri.path()) {
        let mime = HeaderValue::from_static(rally_core::format::filetype::media_type(uri.path()));
        return ([(header::CONTENT_TYPE, mime), no_store], body.to_vec()).into_response();
    }
    match http::respond(snap, uri.path()) {
        Reply::Ok { mime, body } => {
            ([(header::CONTENT_TYPE, HeaderValue::from_static(mime)), no_store], body).into_response()
        }
        Reply::NotFound { body } => {
            let ct = (header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
            (StatusCode::NOT_FOUND, [ct, no_store], body).into_response()
        }
        Reply::Redirect(to) => {
            let loc = HeaderValue::from_str(&to).unwrap_or(HeaderValue::from_static("/"));
            (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, loc)]).into_response()
        }
        Reply::BadRequest => (StatusCode::BAD_REQUEST, "bad request").into_response(),
    }
}

/// Builds the site, starts serving it and watching it. Returns once the server listens.
pub fn start(mut opts: ServeOptions) -> Result<Server> {
    // the watcher reports absolute paths: the root must be absolute for them to match
    opts.root = opts.root.canonicalize().map_err(|e| Error::io(&opts.root, e))?;
    let listener = std::net::TcpListener::bind((opts.bind.as_str(), opts.port))
        .map_err(|e| Error::Usage(format!("cannot listen on {}:{}: {e}", opts.bind, opts.port)))?;
    listener.set_nonblocking(true).map_err(|e| Error::io(&opts.root, e))?;
    let addr = listener.local_addr().map_err(|e| Error::io(&opts.root, e))?;
    let (sender, _) = tokio::sync::broadcast::channel(16);
    let shared = Arc::new(Shared {
        snapshot: RwLock::new(Arc::new(Snapshot::default())),
        search: RwLock::default(),
        events: sender,
        settled: tokio::sync::watch::Sender::new(0),
        live: Mutex::new(None),
        drafts: Mutex::default(),
    });
    let indexer = index_in_background(Arc::clone(&shared));
    // watch first, so that no save during the first build is missed
    let (change_tx, change_rx) = mpsc::channel();
    let output = rally_build::pipeline::default_output(&opts.root);
    let watcher = watch::watch(&opts.root, &output, change_tx)
        .map_err(|e| Error::Usage(format!("cannot watch {}: {e}", opts.root.display())))?;
    let first = rebuild(&shared, &mut lock(&shared.live), &opts, addr, &[]);
    if let Some(docs) = first.and(lock(&shared.live).as_ref()).and_then(LiveSite::search_documents) {
        let _ = indexer.send(docs);
    }
    let (watch_shared, watch_opts) = (Arc::clone(&shared), opts.clone());
    std::thread::spawn(move || {
        let mut checked = Checked::default();
        let live = &watch_shared.live;
        if let Some(done) = first {
            check(&watch_shared, lock(live).as_ref(), done, &mut checked);
        }
        // after a failed build, the next check reads every page
        let mut unchecked = first.is_none();
        let mut pending = None;
        while let Ok(mut changed) = pending.take().map_or_else(|| change_rx.recv(), Ok) {
            while let Ok(more) = change_rx.try_recv() {
                changed.extend(more);
            }
            changed.sort();
            changed.dedup();
            let Some(mut done) = rebuild(&watch_shared, &mut lock(live), &watch_opts, addr, &changed) else {
                unchecked = true;
                watch_shared.settled.send_modify(|n| *n += 1);
                continue;
            };
            if let Some(docs) = lock(live).as_ref().and_then(LiveSite::search_documents) {
                let _ = indexer.send(docs);
            }
            if std::mem::take(&mut unchecked) {
                done = Rebuilt::RenderedAll;
            }
            // the check waits while saves keep coming: rebuilding comes first
            match change_rx.try_recv() {
                Ok(more) => {
                    pending = Some(more);
                    unchecked |= !matches!(done, Rebuilt::Rendered(_));
                }
                Err(mpsc::TryRecvError::Empty) => {
                    check(&watch_shared, lock(live).as_ref(), done, &mut checked);
                    watch_shared.settled.send_modify(|n| *n += 1);
                }
                Err(mpsc::TryRecvError::Disconnected) => break,
            }
        }
    });
    let (shutdown, shutdown_rx) = tokio::sync::oneshot::channel::<()>();
    let mut app = Router::new()
        .route(EVENTS_PATH, axum::routing::get(events))
        .route(WARNINGS_PATH, axum::routing::get(warnings))
        .route(
            http::SCRIPT_PATH,
            axum::routing::get(|| async { own_file("text/javascript; charset=utf-8", http::LIVE_JS) }),
        )
        .route(http::STYLE_PATH, axum::routing::get(|| async { own_file("text/css; charset=utf-8", http::LIVE_CSS) }))
        .fallback(axum::routing::get(file))
        .with_state(Arc::clone(&shared));
    // the editor only where it is on: elsewhere its address is a page like any other (not found)
    if editor::enabled(&opts.bind, opts.edit_token.as_deref()) {
        let ed = editor::Editor::new(opts.root.clone(), addr, opts.edit_token.clone(), Arc::clone(&shared));
        app = app.merge(editor::routes(Arc::new(ed)));
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Error::io(&opts.root, e))?;
    let thread = std::thread::spawn(move || {
        runtime.block_on(async move {
            let Ok(listener) = tokio::net::TcpListener::from_std(listener) else { return };
            // open event streams never end by themselves, so stopping drops every connection
            tokio::select! {
                _ = axum::serve(listener, app) => {}
                _ = shutdown_rx => {}
            }
        });
        runtime.shutdown_background();
    });
    Ok(Server { addr, shared, shutdown: Some(shutdown), thread: Some(thread), watcher: Some(Box::new(watcher)) })
}

/// Starts the thread that makes the search index from the pages it is sent (the newest when
/// several wait) and swaps it in; it ends when the sender is dropped.
fn index_in_background(shared: Arc<Shared>) -> mpsc::Sender<Vec<(String, String)>> {
    let (tx, rx) = mpsc::channel::<Vec<(String, String)>>();
    std::thread::spawn(move || {
        while let Ok(mut docs) = rx.recv() {
            while let Ok(newer) = rx.try_recv() {
                docs = newer;
            }
            let (started, pages) = (Instant::now(), docs.len());
            let made = rally_search::index(docs).map_err(|d| vec![d]).and_then(|files| {
                files.into_iter().map(|f| Ok((f.path, Arc::new(crate::live::contents(f.contents)?)))).collect()
            });
            match made {
                Ok(files) => {
                    if let Ok(mut s) = shared.search.write() {
                        *s = Arc::new(files);
                    }
                    eprintln!("Search index: {pages} pages in {:.1?}", started.elapsed());
                }
                Err(errors) => rally_core::error::print_diagnostics(&errors),
            }
        }
    });
    tx
}

/// Serves until Ctrl-C.
pub fn run(opts: ServeOptions, open: bool) -> Result<()> {
    let server = start(opts)?;
    let url = server.url();
    eprintln!("Serving on {url} (Ctrl-C to stop)");
    if open {
        for cmd in ["xdg-open", "open"] {
            if std::process::Command::new(cmd).arg(&url).spawn().is_ok() {
                break;
            }
        }
    }
    let (tx, rx) = mpsc::channel::<()>();
    std::thread::spawn(move || {
        if let Ok(rt) = tokio::runtime::Builder::new_current_thread().enable_all().build() {
            rt.block_on(async {
                let _ = tokio::signal::ctrl_c().await;
            });
        }
        let _ = tx.send(());
    });
    let _ = rx.recv();
    server.stop();
    Ok(())
}
