//! Every function binary, run as Lambda runs it: this test plays the Lambda
//! Runtime API, starts the real binary (its `main.rs`) with a recorded event, and
//! checks the answer it posts back.
//!
//! By default the binaries are the debug builds in `target/debug`. To boot other
//! artifacts, `LAMBDA_BOOTSTRAP_DIR` names a directory of `<name>/bootstrap` files
//! (cargo lambda's layout; `infra/build.sh` writes it), `LAMBDA_WRAPPER` a command
//! that runs each one (e.g. `qemu-aarch64-static -L /usr/aarch64-linux-gnu` for
//! arm64 builds on another machine), and `LAMBDA_FUNCTIONS` which of the registry's
//! functions [`every_registered_function_boots_and_answers_its_kind_of_event`]
//! boots (default: all). `infra/boot-arm64.sh` sets all three.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use local::registry::{FUNCTIONS, Function, Trigger};
use serde_json::{Value, json};
use shared::jobs::{EmailJob, Job};
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

/// The command that starts `name` as Lambda would: its debug build, or its
/// `bootstrap` under `LAMBDA_BOOTSTRAP_DIR`, run through `LAMBDA_WRAPPER` if set.
fn command(name: &str) -> Command {
    let path = match std::env::var_os("LAMBDA_BOOTSTRAP_DIR") {
        Some(dir) => {
            let path = PathBuf::from(dir).join(name).join("bootstrap");
            assert!(
                path.is_file(),
                "{} is missing: build it with infra/build.sh",
                path.display()
            );
            path
        }
        None => binary(name),
    };
    let wrapper = wrapper();
    let Some((program, args)) = wrapper.split_first() else {
        return Command::new(path);
    };
    let mut command = Command::new(program);
    command.args(args).arg(path);
    command
}

/// `LAMBDA_WRAPPER`, split into words; empty when the binaries run directly.
fn wrapper() -> Vec<String> {
    std::env::var("LAMBDA_WRAPPER")
        .unwrap_or_default()
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

/// How long to wait for an answer: an emulated CPU (qemu) is several times slower.
fn patience(wait: Duration) -> Duration {
    if wrapper().is_empty() { wait } else { wait * 6 }
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
    let child = command(name)
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
    tokio::time::timeout(patience(wait), rt.answered.notified())
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

/// A request an HTTP function answers from its own router without any data:
/// a 200 with `data`, or an error with its `code` (never the kit's 404 fallback).
struct Probe {
    method: &'static str,
    path: &'static str,
    signed_in: bool,
    status: u16,
    code: Option<&'static str>,
}

/// The probe of each HTTP function of the registry; a new function needs one.
fn probe(name: &str) -> Probe {
    let (method, path, signed_in, status, code) = match name {
        "auth" => ("GET", "/api/auth/status", false, 200, None),
        "users" => ("GET", "/api/me", true, 200, None),
        "docs" => ("GET", "/api/health", false, 200, None),
        "families" => ("GET", "/api/families", true, 200, None),
        "children" => ("GET", "/api/children", true, 200, None),
        "health" => (
            "GET",
            "/api/children/00000000-0000-4000-8000-000000000000/visits",
            false,
            401,
            Some("UNAUTHENTICATED"),
        ),
        "attachments" => (
            "GET",
            "/api/attachments/00000000-0000-4000-8000-000000000000",
            false,
            401,
            Some("UNAUTHENTICATED"),
        ),
        // The list needs its family: the handler's query extractor answers.
        "export" => ("GET", "/api/export", true, 400, Some("INVALID_QUERY")),
        "pages" => ("GET", "/api/pages", false, 401, Some("UNAUTHENTICATED")),
        "campaigns" => ("GET", "/api/public/campaigns", false, 200, None),
        "map" => ("GET", "/api/public/shifts", false, 200, None),
        "canvass" => ("GET", "/api/canvass/cuts", true, 200, None),
        "media" => ("GET", "/api/media/videos", true, 403, Some("FORBIDDEN")),
        "gallery" => ("GET", "/api/gallery/videos", true, 200, None),
        other => panic!("{other} has no boot probe: add one to runtime::probe"),
    };
    Probe {
        method,
        path,
        signed_in,
        status,
        code,
    }
}

/// Whether API Gateway sends `method path` to a function with `routes`
/// (route keys as in `template.yaml`: `{id}` is one segment, `{proxy+}` the rest).
fn routes_to(routes: &[&str], method: &str, path: &str) -> bool {
    routes.iter().any(|route| {
        let Some((m, pattern)) = route.split_once(' ') else {
            return false;
        };
        let (mut want, mut got) = (pattern.split('/'), path.split('/'));
        (m == "ANY" || m == method)
            && loop {
                match (want.next(), got.next()) {
                    (Some("{proxy+}"), Some(segment)) => break !segment.is_empty(),
                    (Some(w), Some(g)) if w == g || (w.starts_with('{') && !g.is_empty()) => {}
                    (None, None) => break true,
                    _ => break false,
                }
            }
    })
}

/// A job for the queue with logical id `queue`, and the kind it is recorded as.
fn job_for(queue: &str) -> (Job, &'static str) {
    let id = uuid::Uuid::new_v4();
    match queue {
        "EmailQueue" => (
            Job::email(EmailJob::PasswordChanged { user_id: id }),
            "email",
        ),
        "ExportQueue" => (Job::export(id), "export"),
        "GeocodeQueue" => (Job::geocode(id), "geocode"),
        "VideoQueue" => (Job::video(id), "video"),
        other => panic!("{other} has no job: add one to runtime::job_for"),
    }
}

/// An SQS batch of `jobs`, each message's id being its job's.
fn sqs_batch(jobs: &[&Job]) -> Value {
    let record = fixture("sqs-email-batch.json")["Records"][0].clone();
    let records = jobs.iter().map(|job| {
        let mut record = record.clone();
        record["messageId"] = job.id.to_string().into();
        record["body"] = serde_json::to_string(job).unwrap().into();
        record
    });
    json!({ "Records": records.collect::<Vec<_>>() })
}

/// Boots one function of the registry with its kind of event and checks the answer.
async fn boot(app: &TestApp, user: &crate::helpers::TestUser, function: &Function) {
    let name = function.name;
    match function.trigger {
        Trigger::Http { routes, .. } => {
            let probe = probe(name);
            assert!(
                routes_to(routes, probe.method, probe.path),
                "{name}: {} {} is not one of its routes",
                probe.method,
                probe.path
            );
            let token = probe.signed_in.then_some(user.access.as_str());
            let (kind, response) =
                invoke(app, name, http_event(probe.method, probe.path, token)).await;
            assert_eq!(kind, "response", "{name}: {response}");
            assert_eq!(response["statusCode"], probe.status, "{name}: {response}");
            let body = body_of(&response);
            match probe.code {
                Some(code) => assert_eq!(body["code"], code, "{name}: {body}"),
                None => assert!(!body["data"].is_null(), "{name}: {body}"),
            }
        }
        Trigger::Queue { queue, .. } => {
            // A redelivered job of its queue is skipped (a read of processed_jobs);
            // a job of another queue fails and is the only one reported.
            let (done, kind) = job_for(queue);
            let (foreign, _) = job_for(if queue == "EmailQueue" {
                "ExportQueue"
            } else {
                "EmailQueue"
            });
            app.db()
                .await
                .execute(
                    "insert into processed_jobs (job_id, kind) values ($1, $2)",
                    &[&done.id, &kind],
                )
                .await
                .unwrap();
            let (kind, response) = invoke(app, name, sqs_batch(&[&done, &foreign])).await;
            assert_eq!(kind, "response", "{name}: {response}");
            assert_eq!(
                response,
                json!({"batchItemFailures": [{"itemIdentifier": foreign.id.to_string()}]}),
                "{name}"
            );
        }
        Trigger::Schedule { .. } => {
            let (kind, response) = invoke(app, name, fixture("eventbridge-schedule.json")).await;
            assert_eq!(kind, "response", "{name}: {response}");
            assert_eq!(
                response["relayed"],
                json!({"sent": 0, "failed": 0}),
                "{name}"
            );
        }
        Trigger::Invoke => {
            let (kind, response) = invoke(app, name, json!({})).await;
            assert_eq!(kind, "response", "{name}: {response}");
            assert_eq!(response["applied"], json!([]), "{name}");
            assert!(response["latest"].as_i64().unwrap_or(0) >= 1, "{name}");
        }
    }
}

/// `LAMBDA_FUNCTIONS` (comma-separated names), or every function of the registry.
fn functions_to_boot() -> Vec<&'static Function> {
    let Ok(names) = std::env::var("LAMBDA_FUNCTIONS") else {
        return FUNCTIONS.iter().collect();
    };
    names
        .split(',')
        .map(|name| {
            FUNCTIONS
                .iter()
                .find(|f| f.name == name.trim())
                .unwrap_or_else(|| panic!("LAMBDA_FUNCTIONS: {name} is not in the registry"))
        })
        .collect()
}

#[tokio::test]
async fn every_registered_function_boots_and_answers_its_kind_of_event() {
    let app = spawn_app().await;
    let user = app.register("booted").await;
    // Every function is covered, even when only some are booted.
    for function in FUNCTIONS {
        match function.trigger {
            Trigger::Http { .. } => drop(probe(function.name)),
            Trigger::Queue { queue, .. } => drop(job_for(queue)),
            Trigger::Schedule { .. } | Trigger::Invoke => {}
        }
    }
    for function in functions_to_boot() {
        boot(&app, &user, function).await;
    }
}

#[test]
fn route_keys_match_as_api_gateway_matches_them() {
    let routes = &[
        "GET /api/me",
        "ANY /api/children/{id}/visits",
        "ANY /api/media/{proxy+}",
    ];
    assert!(routes_to(routes, "GET", "/api/me"));
    assert!(!routes_to(routes, "PATCH", "/api/me"));
    assert!(routes_to(routes, "POST", "/api/children/abc/visits"));
    assert!(!routes_to(routes, "GET", "/api/children//visits"));
    assert!(!routes_to(routes, "GET", "/api/children/abc/visits/1"));
    assert!(routes_to(routes, "GET", "/api/media/videos/1"));
    assert!(!routes_to(routes, "GET", "/api/media/"));
    assert!(!routes_to(routes, "GET", "/api/media"));
}
