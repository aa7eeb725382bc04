//! Runs the whole fleet in one process: every function's router behind one
//! server, the built SPA with client-side routing, a poller per queue that calls
//! its worker with Lambda's SQS semantics, and the scheduler on a timer.
//! Tests start the same server on port 0.

pub mod openapi;
pub mod poller;
pub mod provision;
pub mod registry;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use axum::Router;
use axum::routing::any;
use shared::AppState;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use tower_http::services::{ServeDir, ServeFile};

use registry::Trigger;

/// One router with every HTTP function's routes; unknown `/api` paths answer JSON
/// 404, anything else is the SPA (when built).
pub fn router(state: AppState, spa_dir: Option<PathBuf>) -> Router {
    let api = registry::apis()
        .fold(Router::new(), |api, (_, (router, _))| api.merge(router))
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
    for function in registry::FUNCTIONS {
        match function.trigger {
            Trigger::Queue {
                queue_url, handle, ..
            } => {
                let worker_state = state.clone();
                tasks.push(tokio::spawn(poller::run(
                    state.aws.sqs.clone(),
                    queue_url(&state.config).to_string(),
                    options.poll_wait_secs,
                    move |event| handle(worker_state.clone(), event),
                )));
            }
            Trigger::Schedule { tick } => {
                if let Some(every) = options.scheduler_every {
                    let state = state.clone();
                    tasks.push(tokio::spawn(async move {
                        let mut interval = tokio::time::interval(every);
                        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
                        loop {
                            interval.tick().await;
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
    Ok(Server { addr, tasks })
}
