//! Probes for a process manager or load balancer on one box:
//! - `GET /healthz` (liveness): the process answers; asks no dependency, so a
//!   database outage never gets a healthy server restarted;
//! - `GET /readyz` (readiness): the database answers, the media bucket and every
//!   queue of the registry are reachable; 503 naming what failed.
//!
//! Answers say only `ok` or `unreachable`; the cause goes to the log. Both stay
//! out of the OpenAPI document: they belong to the runner, not the API
//! (`GET /api/health` is the API's own).

use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::{Map, Value, json};
use shared::AppState;

use crate::registry::{self, Trigger};

/// Longest a readiness check waits for one dependency.
const CHECK_TIMEOUT: Duration = Duration::from_secs(3);

/// The two probe routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(live))
        .route("/readyz", get(ready))
}

async fn live() -> Response {
    shared::http::Data(json!({"status": "ok"})).into_response()
}

async fn ready(State(state): State<AppState>) -> Response {
    let database = check("database", async {
        shared::db::ping(&state.db).await.map_err(|e| e.to_string())
    });
    let bucket = check("bucket", async {
        state
            .aws
            .s3()
            .head_bucket()
            .bucket(&state.config.media_bucket)
            .send()
            .await
            .map(drop)
            .map_err(|e| aws_sdk_s3::error::DisplayErrorContext(e).to_string())
    });
    let queues = queues(&state);
    let (database, bucket, queues) = tokio::join!(database, bucket, queues);
    let ready = database && bucket && queues.values().all(|v| v == "ok");
    let status = if ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    let body = json!({
        "status": if ready { "ready" } else { "not_ready" },
        "checks": {"database": word(database), "bucket": word(bucket), "queues": queues},
    });
    (status, shared::http::Data(body)).into_response()
}

/// Every queue a worker of the registry polls, by worker name, asked at once.
async fn queues(state: &AppState) -> Map<String, Value> {
    let checks = registry::FUNCTIONS.iter().filter_map(|function| {
        let Trigger::Queue { queue_url, .. } = function.trigger else {
            return None;
        };
        let url = queue_url(&state.config);
        Some(async move {
            let reachable = check(function.name, async {
                state
                    .aws
                    .sqs()
                    .get_queue_attributes()
                    .queue_url(url)
                    .attribute_names(aws_sdk_sqs::types::QueueAttributeName::QueueArn)
                    .send()
                    .await
                    .map(drop)
                    .map_err(|e| aws_sdk_sqs::error::DisplayErrorContext(e).to_string())
            })
            .await;
            (function.name.to_string(), Value::from(word(reachable)))
        })
    });
    futures::future::join_all(checks)
        .await
        .into_iter()
        .collect()
}

/// Runs one check within [`CHECK_TIMEOUT`], logging why it failed.
async fn check(name: &str, probe: impl std::future::Future<Output = Result<(), String>>) -> bool {
    match tokio::time::timeout(CHECK_TIMEOUT, probe).await {
        Ok(Ok(())) => true,
        Ok(Err(cause)) => {
            tracing::warn!(dependency = name, error = %cause, "not ready");
            false
        }
        Err(_) => {
            tracing::warn!(dependency = name, "not ready: no answer in time");
            false
        }
    }
}

fn word(ok: bool) -> &'static str {
    if ok { "ok" } else { "unreachable" }
}
