//! Logging set-up and the per-request span. Logs carry method, route, status and
//! latency; never bodies, query strings, tokens or passwords.
//!
//! A request's own line is written only when someone would read it: at debug
//! level for a quick success, at info for a client error, at warn for a server
//! error or a request slower than `SLOW_REQUEST_MS`. So a busy instance writes
//! nothing per request while it is healthy, and every failure and slow answer
//! is still there. A 503 is the exception: it means a dependency is down, which
//! `error::unavailable` already logs once per interval with a count, so an
//! outage cannot fill the log one request at a time.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use axum::extract::{MatchedPath, Request};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use tracing::Instrument;
use tracing_subscriber::Layer;
use tracing_subscriber::filter::Targets;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

use crate::config::LogFormat;

/// Installs the global subscriber once; later calls do nothing. `RUST_LOG`
/// takes a default level and `target=level` pairs (`warn,shared=debug`); when
/// it is unset or unreadable, `info`.
pub fn init(format: LogFormat) {
    let filter = log_filter(std::env::var("RUST_LOG").ok().as_deref());
    let layer = match format {
        LogFormat::Json => tracing_subscriber::fmt::layer()
            .json()
            .with_current_span(true)
            .without_time()
            .boxed(),
        LogFormat::Text => tracing_subscriber::fmt::layer().compact().boxed(),
    };
    let _ = tracing_subscriber::registry()
        .with(layer.with_filter(filter))
        .try_init();
}

/// The filter `RUST_LOG` describes, or `info` everywhere.
fn log_filter(directives: Option<&str>) -> Targets {
    directives
        .and_then(|d| d.parse::<Targets>().ok())
        .unwrap_or_else(|| Targets::new().with_default(tracing::Level::INFO))
}

/// Installs logging from `LOG_FORMAT` before the full configuration is read,
/// so configuration errors are logged too.
pub fn init_from_env() {
    let format = match std::env::var("LOG_FORMAT").as_deref() {
        Ok("text") => LogFormat::Text,
        _ => LogFormat::Json,
    };
    init(format);
}

/// Requests at least this slow (milliseconds) are logged at warn level.
static SLOW_REQUEST_MS: AtomicU64 = AtomicU64::new(500);

/// Sets the latency from which a request is logged as slow (the configuration's
/// `SLOW_REQUEST_MS`).
pub fn log_requests_slower_than(threshold: Duration) {
    let ms = u64::try_from(threshold.as_millis()).unwrap_or(u64::MAX);
    SLOW_REQUEST_MS.store(ms, Ordering::Relaxed);
}

/// Wraps a request in a span with a request id (API Gateway's when present) and
/// logs its outcome (see the module's opening for when).
pub async fn request_span(request: Request, next: Next) -> Response {
    let request_id = crate::lambda::Gateway::of(request.extensions())
        .and_then(|gateway| gateway.request_id)
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| request.uri().path().to_string());
    let method = request.method().clone();
    let span = tracing::info_span!("request", request_id = %request_id, %method, %route);
    let started = Instant::now();
    let mut response = next.run(request).instrument(span.clone()).await;
    let status = response.status().as_u16();
    let latency_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    span.in_scope(|| {
        if status == 503 {
            tracing::debug!(status, latency_ms, "request refused: a dependency is down");
        } else if status >= 500 {
            tracing::warn!(status, latency_ms, "request failed");
        } else if latency_ms >= SLOW_REQUEST_MS.load(Ordering::Relaxed) {
            tracing::warn!(status, latency_ms, "slow request");
        } else if status >= 400 {
            tracing::info!(status, latency_ms, "request refused");
        } else {
            tracing::debug!(status, latency_ms, "request done");
        }
    });
    if let Ok(value) = HeaderValue::from_str(&request_id) {
        response.headers_mut().insert("x-request-id", value);
    }
    response
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use axum::Router;
    use axum::body::Body;
    use axum::http::StatusCode;
    use axum::routing::get;
    use tower::ServiceExt;

    use super::*;

    /// Everything logged at info level or above, one JSON event per line.
    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Captured {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0
                .lock()
                .map_err(|_| std::io::ErrorKind::Other)?
                .extend_from_slice(bytes);
            Ok(bytes.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// The messages and levels logged while answering `path`.
    async fn logged(path: &str) -> Vec<(String, String)> {
        let captured = Captured::default();
        let writer = captured.clone();
        let subscriber = tracing_subscriber::fmt()
            .json()
            .with_max_level(tracing::Level::INFO)
            .with_writer(move || writer.clone())
            .finish();
        let _guard = tracing::subscriber::set_default(subscriber);
        let app = Router::new()
            .route("/quick", get(|| async { "ok" }))
            .route(
                "/slow",
                get(|| async {
                    tokio::time::sleep(Duration::from_millis(60)).await;
                    "ok"
                }),
            )
            .route(
                "/refused",
                get(|| async { StatusCode::UNPROCESSABLE_ENTITY }),
            )
            .route(
                "/broken",
                get(|| async { StatusCode::INTERNAL_SERVER_ERROR }),
            )
            .route("/down", get(|| async { StatusCode::SERVICE_UNAVAILABLE }))
            .layer(axum::middleware::from_fn(request_span));
        let request = Request::builder().uri(path).body(Body::empty()).unwrap();
        let response = app.oneshot(request).await.unwrap();
        assert!(response.headers().contains_key("x-request-id"));
        let bytes = captured.0.lock().unwrap().clone();
        String::from_utf8(bytes)
            .unwrap()
            .lines()
            .map(|line| {
                let event: serde_json::Value = serde_json::from_str(line).unwrap();
                let message = event["fields"]["message"].as_str().unwrap_or_default();
                (
                    event["level"].as_str().unwrap_or_default().to_string(),
                    message.to_string(),
                )
            })
            .collect()
    }

    #[tokio::test]
    async fn a_healthy_instance_logs_failures_and_slow_answers_but_not_each_success() {
        log_requests_slower_than(Duration::from_millis(50));
        assert_eq!(logged("/quick").await, []);
        assert_eq!(
            logged("/slow").await,
            [("WARN".into(), "slow request".into())]
        );
        assert_eq!(
            logged("/refused").await,
            [("INFO".into(), "request refused".into())]
        );
        assert_eq!(
            logged("/broken").await,
            [("WARN".into(), "request failed".into())]
        );
        // An outage is logged once per interval elsewhere, not once per request.
        assert_eq!(logged("/down").await, []);
    }

    #[test]
    fn rust_log_sets_the_default_level_and_per_target_levels() {
        use tracing::Level;
        use tracing_subscriber::filter::LevelFilter;
        let filter = log_filter(Some("warn,shared::db=debug"));
        assert!(filter.would_enable("shared::db", &Level::DEBUG));
        assert!(!filter.would_enable("shared::http", &Level::INFO));
        assert!(filter.would_enable("shared::http", &Level::WARN));
        assert_eq!(log_filter(None).default_level(), Some(LevelFilter::INFO));
        assert_eq!(
            log_filter(Some("shared=loudest")).default_level(),
            Some(LevelFilter::INFO)
        );
    }
}
