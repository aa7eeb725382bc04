//! A database outage under load: every request answers 503 with `Retry-After`,
//! and the log says so once per interval with a count, not once per request. The
//! server runs in a child process (this test binary again, running
//! [`outage_child_server`]) so that its log can be read whole.

use std::process::Stdio;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use shared::config::LogFormat;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, BufReader};

use crate::helpers::*;

const CHILD_DATABASE: &str = "OUTAGE_CHILD_DATABASE";

/// Not a test on its own: the server that
/// [`an_outage_answers_503_with_retry_after_and_is_logged_once_per_interval`]
/// starts in a child process, logging JSON to stdout.
#[tokio::test]
#[ignore = "started by the outage test in a child process"]
async fn outage_child_server() {
    let Ok(database) = std::env::var(CHILD_DATABASE) else {
        return;
    };
    shared::telemetry::init(LogFormat::Json);
    let app = spawn_app_with(AppOptions {
        database: Some(database),
        ..Default::default()
    })
    .await;
    println!("LISTENING {}", app.addr);
    // The parent ends this process; this is only a bound.
    tokio::time::sleep(Duration::from_secs(120)).await;
}

#[tokio::test]
async fn an_outage_answers_503_with_retry_after_and_is_logged_once_per_interval() {
    let app = spawn_app().await;
    let user = app.register("outage").await;
    let mut child = tokio::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "outage::outage_child_server",
            "--exact",
            "--ignored",
            "--nocapture",
        ])
        .env(CHILD_DATABASE, &app.database)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    let addr = loop {
        line.clear();
        let read = tokio::time::timeout(Duration::from_secs(30), stdout.read_line(&mut line))
            .await
            .expect("the child server starts")
            .unwrap();
        assert!(read > 0, "the child server stopped before listening");
        if let Some(addr) = line.trim().strip_prefix("LISTENING ") {
            break addr.to_string();
        }
    };
    let url = format!("http://{addr}/api/me");
    let http = reqwest::Client::new();
    assert_eq!(
        http.get(&url)
            .bearer_auth(&user.access)
            .send()
            .await
            .unwrap()
            .status(),
        reqwest::StatusCode::OK
    );

    // PostgreSQL goes away for this database: connections cut, new ones refused.
    let admin = app.admin_db().await;
    let allow = |on: bool| {
        format!(
            "alter database {} with allow_connections {on}",
            app.database
        )
    };
    admin.batch_execute(&allow(false)).await.unwrap();
    admin
        .execute(
            "select pg_terminate_backend(pid) from pg_stat_activity where datname = $1",
            &[&app.database],
        )
        .await
        .unwrap();

    // Eight clients hammer it for five seconds.
    let (requests, unexpected) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let deadline = Instant::now() + Duration::from_secs(5);
    let workers: Vec<_> = (0..8)
        .map(|_| {
            let (http, url, token) = (http.clone(), url.clone(), user.access.clone());
            let (requests, unexpected) = (requests.clone(), unexpected.clone());
            tokio::spawn(async move {
                while Instant::now() < deadline {
                    let response = http.get(&url).bearer_auth(&token).send().await.unwrap();
                    requests.fetch_add(1, Ordering::SeqCst);
                    let retry_after = response.headers().get("retry-after").cloned();
                    if response.status() != reqwest::StatusCode::SERVICE_UNAVAILABLE
                        || retry_after.is_none_or(|v| v != "5")
                    {
                        unexpected.fetch_add(1, Ordering::SeqCst);
                    }
                }
            })
        })
        .collect();
    for worker in workers {
        worker.await.unwrap();
    }
    admin.batch_execute(&allow(true)).await.unwrap();
    child.start_kill().unwrap();
    let mut log = String::new();
    stdout.read_to_string(&mut log).await.unwrap();

    let requests = requests.load(Ordering::SeqCst);
    assert!(requests > 100, "only {requests} requests were made");
    assert_eq!(
        unexpected.load(Ordering::SeqCst),
        0,
        "every answer is a 503 with Retry-After: 5"
    );
    let errors: Vec<serde_json::Value> = log
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|event| event["level"] == "ERROR")
        .collect();
    // Five seconds with one line per ten: the first failure, perhaps one more.
    assert!(
        (1..=2).contains(&errors.len()),
        "{} error lines for {requests} failed requests:\n{log}",
        errors.len()
    );
    let first = &errors[0]["fields"];
    assert_eq!(first["message"], "a dependency is unavailable");
    assert_eq!(first["failed_requests"], 1);
    assert!(
        first["error"].as_str().is_some_and(|e| !e.is_empty()),
        "{first}"
    );
    println!(
        "outage: {requests} requests in 5 s, {} error lines",
        errors.len()
    );
}
