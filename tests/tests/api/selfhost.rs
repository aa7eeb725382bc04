//! Running on one box: the probes a process manager asks, and a shutdown that
//! lets requests and queue batches in flight finish.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use reqwest::StatusCode;
use serde_json::Value;
use shared::AppState;
use shared::lambda::{SqsBatchResponse, SqsEvent};
use tokio::sync::{Notify, oneshot, watch};

use crate::helpers::*;

/// Another server on `state`, stopped when the sender is used or dropped.
async fn server_on(state: AppState) -> (local::Server, oneshot::Sender<()>) {
    let (stop, stopped) = oneshot::channel::<()>();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let server = local::start(
        listener,
        state,
        local::Options {
            spa_dir: None,
            storage_origin: None,
            poll_wait_secs: 1,
            scheduler_every: None,
        },
        async move {
            let _ = stopped.await;
        },
    )
    .unwrap();
    (server, stop)
}

async fn probe(addr: std::net::SocketAddr, path: &str) -> (StatusCode, Value) {
    let response = reqwest::get(format!("http://{addr}{path}")).await.unwrap();
    (response.status(), body(response).await)
}

#[tokio::test]
async fn the_box_is_alive_and_ready_when_its_database_bucket_and_queues_answer() {
    let app = spawn_app().await;
    let (status, live) = probe(app.addr, "/healthz").await;
    assert_eq!(
        (status, &live["data"]["status"]),
        (StatusCode::OK, &"ok".into())
    );

    let (status, ready) = probe(app.addr, "/readyz").await;
    assert_eq!(status, StatusCode::OK, "{ready}");
    let checks = &ready["data"]["checks"];
    assert_eq!(ready["data"]["status"], "ready");
    assert_eq!(
        (&checks["database"], &checks["bucket"]),
        (&"ok".into(), &"ok".into())
    );
    let queues = checks["queues"].as_object().unwrap();
    assert!(
        queues.contains_key("email-worker") && queues.len() >= 4,
        "{checks}"
    );
    assert!(queues.values().all(|v| v == "ok"), "{checks}");
}

#[tokio::test]
async fn readiness_names_what_is_down_without_its_secrets_and_liveness_does_not_care() {
    let app = spawn_app().await;
    let mut config = (*app.state.config).clone();
    config.database_url = "postgres://fleet:db-password-value@127.0.0.1:1/fleet".into();
    config.media_bucket = "no-such-bucket".into();
    config.export_queue_url = format!("{}-gone", config.export_queue_url);
    let broken = AppState::new(config, app.state.aws.clone()).unwrap();
    let (server, _stop) = server_on(broken).await;

    let (status, live) = probe(server.addr, "/healthz").await;
    assert_eq!(
        status,
        StatusCode::OK,
        "liveness asks no dependency: {live}"
    );
    let (status, ready) = probe(server.addr, "/readyz").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{ready}");
    let checks = &ready["data"]["checks"];
    assert_eq!(ready["data"]["status"], "not_ready");
    assert_eq!(checks["database"], "unreachable");
    assert_eq!(checks["bucket"], "unreachable");
    assert_eq!(checks["queues"]["export-worker"], "unreachable");
    assert_eq!(checks["queues"]["email-worker"], "ok");
    let shown = ready.to_string();
    assert!(
        !shown.contains("db-password-value") && !shown.contains("127.0.0.1"),
        "{shown}"
    );
}

/// A server beside `app` with one request in flight, held by a lock on the
/// families table that `db` releases with `commit`.
struct HeldRequest {
    server: local::Server,
    stop: oneshot::Sender<()>,
    db: tokio_postgres::Client,
    in_flight: tokio::task::JoinHandle<reqwest::Result<reqwest::Response>>,
}

async fn a_request_held_by_the_database(app: &TestApp) -> HeldRequest {
    let owner = app.register("owner").await;
    let family = app.create_family(&owner, "The Hoppers").await;
    let (server, stop) = server_on(app.state.clone()).await;
    let db = app.db().await;
    db.batch_execute("begin; lock table families in access exclusive mode")
        .await
        .unwrap();
    let url = format!("http://{}/api/families/{family}", server.addr);
    let in_flight = tokio::spawn(async move {
        reqwest::Client::new()
            .get(url)
            .bearer_auth(owner.access)
            .send()
            .await
    });
    tokio::time::sleep(Duration::from_millis(300)).await;
    HeldRequest {
        server,
        stop,
        db,
        in_flight,
    }
}

#[tokio::test]
async fn shutdown_lets_a_request_in_flight_finish_and_refuses_new_ones() {
    let app = spawn_app().await;
    let held = a_request_held_by_the_database(&app).await;
    let addr = held.server.addr;
    held.stop.send(()).unwrap();
    let draining = tokio::spawn(held.server.wait(Duration::from_secs(10)));
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(!draining.is_finished(), "the server waits for its request");
    let refused = reqwest::Client::new()
        .get(format!("http://{addr}/healthz"))
        .send()
        .await;
    assert!(refused.is_err(), "a stopping server accepts no connection");

    held.db.batch_execute("commit").await.unwrap();
    let answered = held
        .in_flight
        .await
        .unwrap()
        .expect("the request is answered");
    assert_eq!(answered.status(), StatusCode::OK);
    assert_eq!(draining.await.unwrap(), local::Drained::Completely);
}

#[tokio::test]
async fn the_drain_timeout_bounds_a_shutdown() {
    let app = spawn_app().await;
    let held = a_request_held_by_the_database(&app).await;
    held.stop.send(()).unwrap();
    let drained = tokio::time::timeout(
        Duration::from_secs(5),
        held.server.wait(Duration::from_millis(300)),
    )
    .await
    .expect("the wait ends at the drain timeout");
    assert_eq!(drained, local::Drained::TimedOut);
    held.db.batch_execute("rollback").await.unwrap();
}

/// A queue of its own, with `count` messages in it.
async fn queue_with(app: &TestApp, count: usize) -> String {
    let sqs = app.state.aws.sqs();
    let url = sqs
        .create_queue()
        .queue_name(unique("drain-"))
        .attributes(
            aws_sdk_sqs::types::QueueAttributeName::VisibilityTimeout,
            "30",
        )
        .send()
        .await
        .unwrap()
        .queue_url
        .unwrap();
    for n in 0..count {
        sqs.send_message()
            .queue_url(&url)
            .message_body(format!("job {n}"))
            .send()
            .await
            .unwrap();
    }
    url
}

/// Messages visible, and received but neither deleted nor returned yet.
async fn queue_counts(app: &TestApp, url: &str) -> (u64, u64) {
    use aws_sdk_sqs::types::QueueAttributeName::{
        ApproximateNumberOfMessages, ApproximateNumberOfMessagesNotVisible,
    };
    let attributes = app
        .state
        .aws
        .sqs()
        .get_queue_attributes()
        .queue_url(url)
        .attribute_names(ApproximateNumberOfMessages)
        .attribute_names(ApproximateNumberOfMessagesNotVisible)
        .send()
        .await
        .unwrap()
        .attributes
        .unwrap_or_default();
    let count = |name| {
        attributes
            .get(&name)
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    (
        count(ApproximateNumberOfMessages),
        count(ApproximateNumberOfMessagesNotVisible),
    )
}

#[tokio::test]
async fn a_stopping_poller_finishes_its_batch_deletes_it_and_takes_no_more() {
    let app = spawn_app().await;
    let url = queue_with(&app, 1).await;
    let (stop, stopping) = watch::channel(false);
    let entered = Arc::new(Notify::new());
    let release = Arc::new(Notify::new());
    let handled = Arc::new(AtomicUsize::new(0));
    let handler = {
        let (entered, release, handled) = (entered.clone(), release.clone(), handled.clone());
        move |event: SqsEvent| {
            let (entered, release, handled) = (entered.clone(), release.clone(), handled.clone());
            async move {
                entered.notify_one();
                release.notified().await;
                handled.fetch_add(event.records.len(), Ordering::SeqCst);
                SqsBatchResponse::default()
            }
        }
    };
    let poller = tokio::spawn(local::poller::run(
        app.state.aws.sqs().clone(),
        url.clone(),
        1,
        handler,
        stopping,
    ));
    tokio::time::timeout(Duration::from_secs(10), entered.notified())
        .await
        .expect("the poller hands over the message");
    stop.send(true).unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(!poller.is_finished(), "the batch in hand is finished first");
    release.notify_one();
    tokio::time::timeout(Duration::from_secs(5), poller)
        .await
        .expect("the poller returns once its batch is done")
        .unwrap();
    assert_eq!(handled.load(Ordering::SeqCst), 1);
    assert_eq!(
        queue_counts(&app, &url).await,
        (0, 0),
        "handled means deleted"
    );

    // Stopped, it takes nothing: a later message waits for the next start.
    app.state
        .aws
        .sqs()
        .send_message()
        .queue_url(&url)
        .message_body("after the stop")
        .send()
        .await
        .unwrap();
    assert_eq!(queue_counts(&app, &url).await, (1, 0));
}

#[tokio::test]
async fn an_idle_poller_stops_without_waiting_out_its_long_poll() {
    let app = spawn_app().await;
    let url = queue_with(&app, 0).await;
    let (stop, stopping) = watch::channel(false);
    let poller = tokio::spawn(local::poller::run(
        app.state.aws.sqs().clone(),
        url,
        20,
        |_event: SqsEvent| async { SqsBatchResponse::default() },
        stopping,
    ));
    tokio::time::sleep(Duration::from_millis(300)).await;
    stop.send(true).unwrap();
    tokio::time::timeout(Duration::from_secs(2), poller)
        .await
        .expect("the long poll is abandoned at once")
        .unwrap();
}
