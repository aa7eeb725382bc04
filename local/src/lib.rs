//! Runs the whole fleet in one process: every function's router behind one
//! server, the built SPA with client-side routing, a poller per queue that calls
//! its worker with Lambda's SQS semantics, and the scheduler on a timer.
//! Tests start the same server on port 0. Shutdown drains: the server stops
//! accepting, in-flight requests and queue batches finish, the scheduler's tick
//! in progress completes.

pub mod backup;
pub mod launch;
pub mod openapi;
pub mod poller;
pub mod probes;
pub mod provision;
pub mod registry;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use axum::routing::any;
use shared::AppState;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;
use tower_http::services::{ServeDir, ServeFile};

use registry::Trigger;

/// One router with every HTTP function's routes; unknown `/api` paths answer JSON
/// 404, anything else is the SPA (when built), with [`spa_csp`] and the other
/// headers of [`SPA_SECURITY_HEADERS`]. `storage_origin` is where the browser
/// uploads and downloads files (presigned URLs).
pub fn router(state: AppState, spa_dir: Option<PathBuf>, storage_origin: Option<&str>) -> Router {
    let api = registry::apis()
        .fold(Router::new(), |api, (_, (router, _))| api.merge(router))
        .route("/api", any(shared::http::not_found))
        .route("/api/{*rest}", any(shared::http::not_found))
        .merge(probes::router());
    let app = shared::http::with_common_layers(api);
    let app = match spa_dir.filter(|dir| dir.join("index.html").is_file()) {
        Some(dir) => {
            let index = dir.join("index.html");
            let tiles = state.config.map.tile_origin();
            let csp = HeaderValue::from_str(&spa_csp(storage_origin, tiles.as_deref()))
                .unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'"));
            app.fallback_service(ServeDir::new(dir).fallback(ServeFile::new(index)))
                .layer(axum::middleware::from_fn_with_state(csp, spa_headers))
        }
        None => app.fallback(shared::http::not_found),
    };
    app.with_state(state)
}

/// The SPA's Content Security Policy: its own scripts and styles only, files
/// (images, and the gallery's videos) from storage, the map's tiles, and no
/// framing. `infra/README.md` gives the same for CloudFront.
pub fn spa_csp(storage_origin: Option<&str>, tile_origin: Option<&str>) -> String {
    let storage = storage_origin
        .map(|origin| format!(" {origin}"))
        .unwrap_or_default();
    let tiles = tile_origin
        .map(|origin| format!(" {origin}"))
        .unwrap_or_default();
    format!(
        "default-src 'self'; script-src 'self'; style-src 'self'; \
         img-src 'self' blob: data:{storage}{tiles}; media-src 'self'{storage}; connect-src 'self'{storage}; \
         font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
         frame-ancestors 'none'"
    )
}

/// The SPA's other security headers. `no-referrer` matters most on the reset
/// page, whose address holds the reset token.
pub const SPA_SECURITY_HEADERS: [(&str, &str); 3] = [
    ("x-frame-options", "DENY"),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "no-referrer"),
];

async fn spa_headers(State(csp): State<HeaderValue>, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    // API answers already carry their own, stricter policy.
    response
        .headers_mut()
        .entry("content-security-policy")
        .or_insert(csp);
    shared::http::set_default_headers(&mut response, &SPA_SECURITY_HEADERS);
    response
}

/// How to run the background parts.
#[derive(Debug, Clone)]
pub struct Options {
    pub spa_dir: Option<PathBuf>,
    /// Origin of the storage endpoint the SPA uploads to, for its CSP.
    pub storage_origin: Option<String>,
    /// Long-poll wait of the queue pollers; below the SDK's 10 s attempt timeout.
    pub poll_wait_secs: i32,
    /// Scheduler period; `None` leaves it to the caller.
    pub scheduler_every: Option<Duration>,
}

/// A running local fleet; dropping it stops everything at once.
pub struct Server {
    pub addr: SocketAddr,
    /// The HTTP server, the pollers and the scheduler: each returns once
    /// `stopping` turns true and its work in hand is done.
    tasks: Vec<JoinHandle<()>>,
    stopping: watch::Receiver<bool>,
    /// Waits for the caller's shutdown future.
    signal: JoinHandle<()>,
}

/// How a shutdown ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Drained {
    /// Every request and batch in flight finished.
    Completely,
    /// The drain timeout passed first; what was left was cut off.
    TimedOut,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.signal.abort();
        for task in &self.tasks {
            task.abort();
        }
    }
}

impl Server {
    /// Waits for the shutdown signal, then at most `drain` for in-flight
    /// requests, queue batches and a running scheduler tick to finish.
    pub async fn wait(mut self, drain: Duration) -> Drained {
        let _ = self.stopping.wait_for(|stopping| *stopping).await;
        let finished = tokio::time::timeout(drain, async {
            for task in &mut self.tasks {
                let _ = task.await;
            }
        })
        .await;
        // On a timeout, dropping `self` aborts what is left.
        match finished {
            Ok(()) => Drained::Completely,
            Err(_) => Drained::TimedOut,
        }
    }
}

/// Starts the server on `listener`, the queue pollers and the scheduler.
pub fn start(
    listener: TcpListener,
    state: AppState,
    options: Options,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<Server> {
    let addr = listener.local_addr()?;
    let (stop, stopping) = watch::channel(false);
    // Not joined on shutdown: it has done its work once the signal came.
    let signal = tokio::spawn(async move {
        shutdown.await;
        tracing::info!("shutting down: draining requests and queue batches");
        let _ = stop.send(true);
    });
    let app = router(
        state.clone(),
        options.spa_dir.clone(),
        options.storage_origin.as_deref(),
    );
    let stopped = stop_signal(stopping.clone());
    let mut tasks = vec![tokio::spawn(async move {
        let service = app.into_make_service_with_connect_info::<SocketAddr>();
        if let Err(e) = axum::serve(listener, service)
            .with_graceful_shutdown(stopped)
            .await
        {
            tracing::error!(error = %e, "server stopped");
        }
    })];
    for function in registry::FUNCTIONS {
        match function.trigger {
            Trigger::Queue {
                queue_url, handle, ..
            } => {
                let worker_state = state.clone();
                tasks.push(tokio::spawn(poller::run(
                    state.aws.sqs().clone(),
                    queue_url(&state.config).to_string(),
                    options.poll_wait_secs,
                    move |event| handle(worker_state.clone(), event),
                    stopping.clone(),
                )));
            }
            Trigger::Schedule { tick } => {
                if let Some(every) = options.scheduler_every {
                    let state = state.clone();
                    let stopped = stop_signal(stopping.clone());
                    tasks.push(tokio::spawn(async move {
                        let mut interval = tokio::time::interval(every);
                        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
                        tokio::pin!(stopped);
                        loop {
                            // A tick in progress runs to its end.
                            tokio::select! {
                                () = &mut stopped => break,
                                _ = interval.tick() => {}
                            }
                            if let Err(e) = tick(state.clone()).await {
                                tracing::warn!(function = function.name, error = %e, "scheduled run failed");
                            }
                        }
                    }));
                }
            }
            // Routers are merged above; `migrate` runs before the server starts.
            Trigger::Http { .. } | Trigger::Invoke => {}
        }
    }
    Ok(Server {
        addr,
        tasks,
        stopping,
        signal,
    })
}

/// Resolves once shutdown has begun.
async fn stop_signal(mut stopping: watch::Receiver<bool>) {
    let _ = stopping.wait_for(|stopping| *stopping).await;
}
