//! Every function binary, run as Lambda runs it: this test plays the Lambda
//! Runtime API, starts the real binary (its `main.rs`) with a recorded event, and
//! checks the answer it posts back.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use serde_json::{Value, json};
use tokio::sync::Notify;

use crate::helpers::*;

#[derive(Clone)]
struct Runtime {
    event: Arc<Value>,
    served: Arc<Mutex<bool>>,
    answer: Arc<Mutex<Option<(String, Value)>>>,
    answered: Arc<Notify>,
}

async fn next(State(rt): State<Runtime>) -> impl IntoResponse {
    let first = !std::mem::replace(&mut *rt.served.lock().unwrap(), true);
    if !first {
        // One event per start; later polls wait until the process is stopped.
        std::future::pending::<()>().await;
    }
    let mut headers = HeaderMap::new();
    headers.insert(
        "lambda-runtime-aws-request-id",
        HeaderValue::from_static("req-1"),
    );
    let deadline = (chrono::Utc::now().timestamp_millis() + 30_000).to_string();
    headers.insert(
        "lambda-runtime-deadline-ms",
        HeaderValue::from_str(&deadline).unwrap(),
    );
    headers.insert(
        "lambda-runtime-invoked-function-arn",
        HeaderValue::from_static("arn:aws:lambda:us-east-1:123456789012:function:test"),
    );
    (headers, axum::Json((*rt.event).clone()))
}

async fn record(rt: &Runtime, kind: &str, body: String) {
    let value = serde_json::from_str(&body).unwrap_or(Value::String(body));
    *rt.answer.lock().unwrap() = Some((kind.to_string(), value));
    rt.answered.notify_one();
}

pub fn binary(name: &str) -> PathBuf {
    // target/debug/deps/api-<hash> → target/debug/<name>
    let exe = std::env::current_exe().unwrap();
    let path = exe.parent().and_then(|p| p.parent()).unwrap().join(name);
    assert!(
        path.is_file(),
        "{} is not built: run `cargo build --workspace --all-targets` first (local/test.sh does)",
        path.display()
    );
    path
}

struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `name` against a fake Runtime API with `event`; returns what it posted.
async fn invoke(app: &TestApp, name: &str, event: Value) -> (String, Value) {
    let invoked = invoke_with(app, name, event, &[], Duration::from_secs(30)).await;
    (invoked.kind, invoked.answer)
}

/// What a binary posted back for its event, and its peak resident memory.
pub struct Invoked {
    pub kind: String,
    pub answer: Value,
    /// The process's peak resident set size (`VmHWM`), in KiB.
    pub peak_rss_kib: u64,
}

/// The peak resident set size of process `pid`, in KiB.
fn peak_rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|kib| kib.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmHWM in /proc/<pid>/status")
}

/// [`invoke`] with more environment variables, waiting up to `wait` for the
/// answer; also reads the process's peak memory before stopping it.
pub async fn invoke_with(
    app: &TestApp,
    name: &str,
    event: Value,
    env: &[(&str, String)],
    wait: Duration,
) -> Invoked {
    let rt = Runtime {
        event: Arc::new(event),
        served: Default::default(),
        answer: Default::default(),
        answered: Default::default(),
    };
    let router = Router::new()
        .route("/2018-06-01/runtime/invocation/next", get(next))
        .route(
            "/2018-06-01/runtime/invocation/{id}/response",
            post(|State(rt): State<Runtime>, body: String| async move {
                record(&rt, "response", body).await
            }),
        )
        .route(
            "/2018-06-01/runtime/invocation/{id}/error",
            post(|State(rt): State<Runtime>, body: String| async move {
                record(&rt, "error", body).await
            }),
        )
        .route(
            "/2018-06-01/runtime/init/error",
            post(|State(rt): State<Runtime>, body: String| async move {
                record(&rt, "init-error", body).await
            }),
        )
        .with_state(rt.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(async move { axum::serve(listener, router).await });

    let config = &app.state.config;
    let child = Command::new(binary(name))
        .env_clear()
        .envs([
            ("AWS_LAMBDA_RUNTIME_API", addr.to_string()),
            ("AWS_LAMBDA_FUNCTION_NAME", name.to_string()),
            ("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "256".into()),
            ("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST".into()),
            ("AWS_LAMBDA_LOG_STREAM_NAME", "test".into()),
            ("AWS_LAMBDA_LOG_GROUP_NAME", "test".into()),
            ("AWS_REGION", "us-east-1".into()),
            ("AWS_ACCESS_KEY_ID", "test".into()),
            ("AWS_SECRET_ACCESS_KEY", "test-secret".into()),
            ("AWS_ENDPOINT_URL", emulator_url()),
            ("DATABASE_URL", config.database_url.clone()),
            (
                "JWT_SECRET",
                String::from_utf8(config.jwt_secret.clone()).unwrap(),
            ),
            ("MEDIA_BUCKET", config.media_bucket.clone()),
            ("EMAIL_QUEUE_URL", config.email_queue_url.clone()),
            ("EMAIL_FROM", config.email_from.clone()),
            ("EXPORT_QUEUE_URL", config.export_queue_url.clone()),
            ("GEOCODE_QUEUE_URL", config.geocode_queue_url.clone()),
            ("VIDEO_QUEUE_URL", config.video_queue_url.clone()),
            ("LOG_FORMAT", "json".into()),
            ("RUST_LOG", "warn".into()),
        ])
        // The run's email transport, and the CA its relay's certificate comes from.
        .envs(
            ["EMAIL_TRANSPORT", "SMTP_URL", "SMTP_CA_FILE"]
                .into_iter()
                .filter_map(|name| std::env::var(name).ok().map(|value| (name, value))),
        )
        .envs(env.iter().map(|(k, v)| (k, v)))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let child = Killed(child);
    tokio::time::timeout(wait, rt.answered.notified())
        .await
        .unwrap_or_else(|_| panic!("{name} never answered its event"));
    // The process now waits for its next event: its peak is final.
    let peak_rss_kib = peak_rss_kib(child.0.id());
    server.abort();
    let (kind, answer) = rt.answer.lock().unwrap().take().unwrap();
    Invoked {
        kind,
        answer,
        peak_rss_kib,
    }
}

fn fixture(name: &str) -> Value {
    let path = format!("{}/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn http_event(method: &str, path: &str, token: Option<&str>) -> Value {
    let mut event = fixture("apigw-v2-get.json");
    event["rawPath"] = path.into();
    event["requestContext"]["http"]["path"] = path.into();
    event["requestContext"]["http"]["method"] = method.into();
    if let Some(token) = token {
        event["headers"]["authorization"] = format!("Bearer {token}").into();
    }
    event
}

fn body_of(response: &Value) -> Value {
    serde_json::from_str(response["body"].as_str().unwrap_or("null")).unwrap()
}

#[tokio::test]
async fn the_http_function_binaries_answer_api_gateway_events() {
    let app = spawn_app().await;
    let user = app.register("lambda").await;

    let (kind, response) = invoke(&app, "auth", http_event("GET", "/api/auth/status", None)).await;
    assert_eq!(
        (kind.as_str(), response["statusCode"].as_i64()),
        ("response", Some(200)),
        "{response}"
    );
    // A user registered above, so the site no longer needs its first account.
    assert_eq!(body_of(&response)["data"]["needs_setup"], false);
    assert_eq!(body_of(&response)["data"]["registration"], "open");

    let (_, response) = invoke(
        &app,
        "users",
        http_event("GET", "/api/me", Some(&user.access)),
    )
    .await;
    assert_eq!(response["statusCode"], 200, "{response}");
    assert_eq!(
        body_of(&response)["data"]["username"],
        user.username.as_str()
    );

    let (_, response) = invoke(&app, "docs", http_event("GET", "/api/health", None)).await;
    assert_eq!(response["statusCode"], 200, "{response}");
    assert_eq!(body_of(&response)["data"]["function"], "docs");

    let (_, response) = invoke(
        &app,
        "campaigns",
        http_event("GET", "/api/public/campaigns", None),
    )
    .await;
    assert_eq!(response["statusCode"], 200, "{response}");
    assert_eq!(body_of(&response)["meta"]["total"], 0);
}

#[tokio::test]
async fn the_worker_scheduler_and_migrate_binaries_answer_their_events() {
    let app = spawn_app().await;
    let user = app.register("binary").await;
    let mut batch = fixture("sqs-email-batch.json");
    let body = batch["Records"][0]["body"]
        .as_str()
        .unwrap()
        .replace("USER_ID", &user.id.to_string());
    batch["Records"][0]["body"] = body.into();
    let (kind, response) = invoke(&app, "email-worker", batch).await;
    assert_eq!(kind, "response", "{response}");
    assert_eq!(
        response,
        json!({"batchItemFailures": [{"itemIdentifier": "9f3c1d2e-4b5a-4c6d-8e7f-0a1b2c3d4e5f"}]})
    );
    assert_eq!(
        app.emails(&user.email, "password was changed").await.len(),
        1
    );

    let (kind, response) = invoke(&app, "scheduler", fixture("eventbridge-schedule.json")).await;
    assert_eq!(kind, "response", "{response}");
    assert_eq!(response["relayed"], json!({"sent": 0, "failed": 0}));

    let (kind, response) = invoke(&app, "migrate", json!({})).await;
    assert_eq!(kind, "response", "{response}");
    assert_eq!(
        response["applied"],
        json!([]),
        "the template database is already migrated"
    );
    assert!(response["latest"].as_i64().unwrap() >= 1);
}
