//! A database outage under load: every request answers 503 with `Retry-After`,
//! and the log says so once per interval with a count, not once per request. The
//! server runs in a child process ([`LoggedServer`]) so that its log can be read
//! whole.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::helpers::*;
use crate::logged_server::LoggedServer;

#[tokio::test]
async fn an_outage_answers_503_with_retry_after_and_is_logged_once_per_interval() {
    let app = spawn_app().await;
    let user = app.register("outage").await;
    let server = LoggedServer::start(&app.database, "warn").await;
    let url = format!("{}/api/me", server.url);
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
    let log = server.stop().await;

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
