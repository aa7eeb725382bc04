//! Runs the whole fleet in one process: every function's router behind one
//! server, the built SPA with client-side routing, a poller per queue that calls
//! its worker with Lambda's SQS semantics, and the scheduler on a timer.
//! Tests start the same server on port 0.

pub mod poller;
pub mod provision;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use axum::Router;
use axum::routing::any;
use shared::AppState;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use tower_http::services::{ServeDir, ServeFile};

/// Every HTTP function with the route keys it owns, in `template.yaml` order.
pub const HTTP_FUNCTIONS: &[(&str, &[&str])] = &[
    ("auth", auth::ROUTES),
    ("users", users::ROUTES),
    ("docs", docs::ROUTES),
    ("families", families::ROUTES),
    ("children", children::ROUTES),
    ("health", health::ROUTES),
    ("attachments", attachments::ROUTES),
    ("export", export::ROUTES),
];

/// One router with every function's routes; unknown `/api` paths answer JSON 404,
/// anything else is the SPA (when built).
pub fn router(state: AppState, spa_dir: Option<PathBuf>) -> Router {
    let api = Router::new()
        .merge(auth::router())
        .merge(users::router())
        .merge(docs::router())
        .merge(families::router())
        .merge(children::router())
        .merge(health::router())
        .merge(attachments::router())
        .merge(export::router())
        .route("/api", any(shared::http::not_found))
        .route("/api/{*rest}", any(shared::http::not_found));
    let app = shared::http::with_common_layers(api);
    let app = match spa_dir.filter(|dir| dir.join("index.html").is_file()) {
        Some(dir) => {
            let index = dir.join("index.html");
            app.fallback_service(ServeDir::new(dir).fallback(ServeFile::new(index)))
        }
        None => app.fallback(shared::http::not_found),
    };
    app.with_state(state)
}

/// How to run the background parts.
#[derive(Debug, Clone)]
pub struct Options {
    pub spa_dir: Option<PathBuf>,
    /// Long-poll wait of the queue pollers; below the SDK's 10 s attempt timeout.
    pub poll_wait_secs: i32,
    /// Scheduler period; `None` leaves it to the caller.
    pub scheduler_every: Option<Duration>,
}

/// A running local fleet; dropping it stops everything.
pub struct Server {
    pub addr: SocketAddr,
    tasks: Vec<JoinHandle<()>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        for task in &self.tasks {
            task.abort();
        }
    }
}

impl Server {
    /// Waits until the HTTP server stops (on a shutdown signal).
    pub async fn wait(mut self) {
        if let Some(http) = self.tasks.first_mut() {
            let _ = http.await;
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
    let app = router(state.clone(), options.spa_dir.clone());
    let mut tasks = vec![tokio::spawn(async move {
        let service = app.into_make_service_with_connect_info::<SocketAddr>();
        if let Err(e) = axum::serve(listener, service)
            .with_graceful_shutdown(shutdown)
            .await
        {
            tracing::error!(error = %e, "server stopped");
        }
    })];
    let worker_state = state.clone();
    tasks.push(tokio::spawn(poller::run(
        state.aws.sqs.clone(),
        state.config.email_queue_url.clone(),
        options.poll_wait_secs,
        move |event| {
            let state = worker_state.clone();
            async move { email_worker::handle(&state, event).await }
        },
    )));
    let worker_state = state.clone();
    tasks.push(tokio::spawn(poller::run(
        state.aws.sqs.clone(),
        state.config.export_queue_url.clone(),
        options.poll_wait_secs,
        move |event| {
            let state = worker_state.clone();
            async move { export_worker::handle(&state, event).await }
        },
    )));
    if let Some(every) = options.scheduler_every {
        tasks.push(tokio::spawn(async move {
            let mut interval = tokio::time::interval(every);
            interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                interval.tick().await;
                if let Err(e) = scheduler::tick(&state).await {
                    tracing::warn!(error = %e, "scheduler tick failed");
                }
            }
        }));
    }
    Ok(Server { addr, tasks })
}
