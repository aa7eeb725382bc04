//! The outbox, the email worker and the dead-letter queue, with real queues.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::json;
use shared::jobs::{EmailMessage, Job};
use shared::lambda::{SqsEvent, SqsMessage};
use uuid::Uuid;

use crate::helpers::*;
use crate::proxy::TcpProxy;

/// An SQS event as Lambda hands it to a worker: one message per job, with the
/// given message ids.
pub fn sqs_event(messages: &[(&str, &Job)]) -> SqsEvent {
    let mut event = SqsEvent::default();
    event.records = messages
        .iter()
        .map(|(id, job)| {
            let mut message = SqsMessage::default();
            message.message_id = Some((*id).to_string());
            message.body = Some(serde_json::to_string(job).unwrap());
            message
        })
        .collect();
    event
}

/// The kinds under which `processed_jobs` records `job` (none, or one).
pub async fn processed(db: &tokio_postgres::Client, job: Uuid) -> Vec<String> {
    db.query("select kind from processed_jobs where job_id = $1", &[&job])
        .await
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect()
}

#[tokio::test]
async fn a_reset_requested_while_the_queue_is_down_is_delivered_once_it_is_back() {
    let app = spawn_app_with(AppOptions {
        sqs_proxy: true,
        ..Default::default()
    })
    .await;
    let user = app.register("outage").await;
    let proxy = app.sqs_proxy.as_ref().unwrap();
    proxy.take_down().await;

    let response = app
        .post("/api/auth/password-reset", json!({"email": user.email}))
        .await;
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    let db = app.db().await;
    let row = db
        .query_one(
            "select attempts, sent_at is null, last_error from outbox",
            &[],
        )
        .await
        .unwrap();
    assert_eq!(row.get::<_, i32>(0), 1);
    assert!(row.get::<_, bool>(1), "still pending");
    assert!(row.get::<_, Option<String>>(2).is_some());
    // The scheduler cannot relay while the queue is down either.
    assert_eq!(app.tick().await.relayed.failed, 1);

    proxy.bring_up();
    let report = app.tick().await;
    assert_eq!(report.relayed.sent, 1);
    assert_eq!(app.tick().await.relayed.sent, 0, "nothing left to relay");
    let email = app.wait_for_email(&user.email, "Reset your password").await;
    assert!(email.body.contains("reset-password?token="));
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(
        app.sent_emails(&user.email).await.len(),
        1,
        "delivered exactly once"
    );
}

#[tokio::test]
async fn a_job_delivered_twice_sends_one_email() {
    let app = spawn_app().await;
    let to = format!("{}@example.org", unique("twice"));
    let job = Job::email(
        to.clone(),
        EmailMessage::PasswordChanged {
            username: "twice".into(),
        },
    );
    let body = serde_json::to_string(&job).unwrap();
    for _ in 0..2 {
        app.state
            .aws
            .sqs
            .send_message()
            .queue_url(&app.resources.email_queue_url)
            .message_body(&body)
            .send()
            .await
            .unwrap();
    }
    app.wait_for_email(&to, "password was changed").await;
    // Give the poller time to take the second copy too.
    let deadline = Instant::now() + Duration::from_secs(15);
    let db = app.db().await;
    loop {
        let attributes = app
            .state
            .aws
            .sqs
            .get_queue_attributes()
            .queue_url(&app.resources.email_queue_url)
            .attribute_names(aws_sdk_sqs::types::QueueAttributeName::All)
            .send()
            .await
            .unwrap();
        let count = |name: aws_sdk_sqs::types::QueueAttributeName| -> i64 {
            attributes
                .attributes()
                .and_then(|a| a.get(&name))
                .and_then(|v| v.parse().ok())
                .unwrap_or(0)
        };
        let left = count(aws_sdk_sqs::types::QueueAttributeName::ApproximateNumberOfMessages)
            + count(aws_sdk_sqs::types::QueueAttributeName::ApproximateNumberOfMessagesNotVisible);
        if left == 0 {
            break;
        }
        assert!(Instant::now() < deadline, "the queue never drained");
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    assert_eq!(app.sent_emails(&to).await.len(), 1);
    assert_eq!(processed(&db, job.id).await, ["email"]);
}

#[tokio::test]
async fn the_email_worker_holds_no_transaction_open_while_the_mail_service_answers() {
    let app = spawn_app().await;
    // The worker reaches the mail service (SES or the SMTP relay) through a proxy
    // that holds every request until the test has looked at the database.
    let proxy = TcpProxy::start(app.mail_service()).await;
    proxy.hold();
    let state = app.state_with_mail_through(proxy.addr).await;
    let to = format!("{}@example.org", unique("slow"));
    let job = Job::email(
        to.clone(),
        EmailMessage::PasswordChanged {
            username: "slow".into(),
        },
    );
    let event = sqs_event(&[("m1", &job)]);
    let worker = tokio::spawn(async move { email_worker::handle(&state, event).await });

    let deadline = Instant::now() + Duration::from_secs(5);
    while proxy.waiting() == 0 {
        assert!(
            Instant::now() < deadline,
            "the worker never called the mail service"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let db = app.db().await;
    let open: Vec<String> = db
        .query(
            "select coalesce(query, '') from pg_stat_activity
             where datname = current_database() and pid <> pg_backend_pid()
               and state like 'idle in transaction%'",
            &[],
        )
        .await
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect();
    assert!(
        open.is_empty(),
        "a transaction stays open during the send: {open:?}"
    );
    assert!(
        processed(&db, job.id).await.is_empty(),
        "recorded only once sent"
    );

    proxy.release();
    let response = worker.await.unwrap();
    assert!(response.batch_item_failures.is_empty());
    assert_eq!(app.sent_emails(&to).await.len(), 1);
    assert_eq!(processed(&db, job.id).await, ["email"]);
}

#[tokio::test]
async fn a_message_that_always_fails_lands_in_the_dead_letter_queue_and_can_be_redriven() {
    let app = spawn_app().await;
    let admin = app.register_admin().await;
    app.state
        .aws
        .sqs
        .send_message()
        .queue_url(&app.resources.email_queue_url)
        .message_body("this is not a job")
        .send()
        .await
        .unwrap();

    // Visibility is 2 s in tests: five failed receives take about ten seconds.
    let deadline = Instant::now() + Duration::from_secs(40);
    let listed = loop {
        let response = body(app.get("/api/admin/dead-letters", &admin.access).await).await;
        if response["data"]["messages"]
            .as_array()
            .is_some_and(|m| !m.is_empty())
        {
            break response;
        }
        assert!(
            Instant::now() < deadline,
            "the message never reached the dead-letter queue: {response}"
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    };
    let message = &listed["data"]["messages"][0];
    assert_eq!(message["body"], "this is not a job");
    assert!(message["receive_count"].as_i64().unwrap() >= 5, "{message}");

    tokio::time::sleep(Duration::from_secs(2)).await; // let the listing's short visibility lapse
    let redriven = body(
        app.post_as("/api/admin/dead-letters/redrive", &admin.access, json!({}))
            .await,
    )
    .await;
    assert_eq!(redriven["data"]["moved"], 1);
}
