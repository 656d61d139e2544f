//! `rally serve`: a thin layer over the build library. The site is built in memory and served
//! from there; a watcher rebuilds it on every change and tells open pages to reload. Build errors
//! are shown in the page, over the last good build, until they are fixed.

pub mod http;
pub mod watch;

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, RwLock, mpsc};
use std::time::Instant;

use crate::error::{Diagnostic, Error, Result};
use crate::pipeline::{self, BuildOptions};
use crate::render::Contents;
use http::{EVENTS_PATH, Reply, Snapshot};

/// How to serve a site.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: String,
    pub port: u16,
    pub drafts: bool,
    pub future: bool,
}

struct Shared {
    snapshot: RwLock<Arc<Snapshot>>,
    reload: tokio::sync::broadcast::Sender<()>,
}

/// A running preview server; stops when dropped.
pub struct Server {
    pub addr: SocketAddr,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    /// The address pages are served under, with the site's base path.
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
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
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.shutdown_now();
    }
}

/// Builds the site for serving at `addr`; on failure, the diagnostics.
fn build_snapshot(opts: &ServeOptions, addr: SocketAddr) -> std::result::Result<Snapshot, Vec<Diagnostic>> {
    let config = crate::config::load(&opts.root, None).map_err(|d| vec![d])?;
    let base_path = config.base_path.clone();
    let build_opts = BuildOptions {
        drafts: opts.drafts,
        future: opts.future,
        base_url: Some(format!("http://{addr}{base_path}")),
        ..Default::default()
    };
    let built = pipeline::build_in_memory(&opts.root, &build_opts).map_err(|e| match e {
        Error::Site(d) => d,
        other => vec![Diagnostic::error(&opts.root, 0, 0, other.to_string())],
    })?;
    let mut files = std::collections::HashMap::with_capacity(built.files.len());
    for f in built.files {
        let bytes = match f.contents {
            Contents::Text(s) => s.into_bytes(),
            Contents::Static(b) => b.to_vec(),
            Contents::Copy(p) => std::fs::read(&p).unwrap_or_default(),
        };
        files.insert(f.path, Arc::new(bytes));
    }
    Ok(Snapshot { files, errors: Vec::new(), base_path })
}

/// Rebuilds and swaps the snapshot: a failed build keeps the last good files and adds its errors.
fn rebuild(shared: &Shared, opts: &ServeOptions, addr: SocketAddr) {
    let started = Instant::now();
    let next = match build_snapshot(opts, addr) {
        Ok(s) => {
            eprintln!("Rebuilt in {:.0?}", started.elapsed());
            s
        }
        Err(errors) => {
            crate::commands::print_diagnostics(&errors);
            eprintln!("Build failed: the last good build stays online, with the errors shown in the page");
            let old = shared.snapshot.read().map(|s| Arc::clone(&s)).unwrap_or_default();
            Snapshot { files: old.files.clone(), errors, base_path: old.base_path.clone() }
        }
    };
    if let Ok(mut s) = shared.snapshot.write() {
        *s = Arc::new(next);
    }
    let _ = shared.reload.send(());
}

async fn events(State(shared): State<Arc<Shared>>) -> Response {
    let rx = shared.reload.subscribe();
    let stream = futures_util::stream::unfold(rx, |mut rx| async move {
        match rx.recv().await {
            Ok(()) | Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {
                Some((Ok::<_, std::convert::Infallible>("event: reload\ndata: {}\n\n".to_string()), rx))
            }
            Err(_) => None,
        }
    });
    let hello = futures_util::stream::once(async { Ok(": connected\n\n".to_string()) });
    let mut res = Response::new(Body::from_stream(futures_util::StreamExt::chain(hello, stream)));
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/event-stream"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    res
}

async fn file(State(shared): State<Arc<Shared>>, uri: Uri) -> Response {
    let snap = shared.snapshot.read().map(|s| Arc::clone(&s)).unwrap_or_default();
    let no_store = (header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    match http::respond(&snap, uri.path()) {
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
pub fn start(opts: ServeOptions) -> Result<Server> {
    let listener = std::net::TcpListener::bind((opts.bind.as_str(), opts.port))
        .map_err(|e| Error::Usage(format!("cannot listen on {}:{}: {e}", opts.bind, opts.port)))?;
    listener.set_nonblocking(true).map_err(|e| Error::io(&opts.root, e))?;
    let addr = listener.local_addr().map_err(|e| Error::io(&opts.root, e))?;
    let (reload, _) = tokio::sync::broadcast::channel(16);
    let shared = Arc::new(Shared { snapshot: RwLock::new(Arc::new(Snapshot::default())), reload });
    rebuild(&shared, &opts, addr);
    let (change_tx, change_rx) = mpsc::channel();
    let output = opts.root.join("public");
    let watcher = watch::watch(&opts.root, &output, change_tx)
        .map_err(|e| Error::Usage(format!("cannot watch {}: {e}", opts.root.display())))?;
    let (watch_shared, watch_opts) = (Arc::clone(&shared), opts.clone());
    std::thread::spawn(move || {
        let _keep = watcher;
        while change_rx.recv().is_ok() {
            while change_rx.try_recv().is_ok() {}
            rebuild(&watch_shared, &watch_opts, addr);
        }
    });
    let (shutdown, shutdown_rx) = tokio::sync::oneshot::channel::<()>();
    let app = Router::new()
        .route(EVENTS_PATH, axum::routing::get(events))
        .fallback(axum::routing::get(file))
        .with_state(shared);
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
    Ok(Server { addr, shutdown: Some(shutdown), thread: Some(thread) })
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
