//! The outbox, the email worker and the dead-letter queue, with real queues.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::json;
use shared::jobs::{EmailJob, Job};
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

/// The first column of the rows `sql` answers.
async fn column<T: for<'a> tokio_postgres::types::FromSql<'a>>(
    db: &tokio_postgres::Client,
    sql: &str,
    params: &[&(dyn tokio_postgres::types::ToSql + Sync)],
) -> Vec<T> {
    db.query(sql, params)
        .await
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect()
}

/// The kinds under which `processed_jobs` records `job` (none, or one).
pub async fn processed(db: &tokio_postgres::Client, job: Uuid) -> Vec<String> {
    column(
        db,
        "select kind from processed_jobs where job_id = $1",
        &[&job],
    )
    .await
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
            "select attempts, sent_at is null, last_error from outbox
             where payload ->> 'template' = 'password_reset'",
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
        app.emails(&user.email, "Reset your password").await.len(),
        1,
        "delivered exactly once"
    );
}

#[tokio::test]
async fn a_job_delivered_twice_sends_one_email() {
    let app = spawn_app().await;
    let user = app.register("twice").await;
    let to = user.email.as_str();
    let job = Job::email(EmailJob::PasswordChanged { user_id: user.id });
    let body = serde_json::to_string(&job).unwrap();
    for _ in 0..2 {
        app.state
            .aws
            .sqs()
            .send_message()
            .queue_url(&app.resources.email_queue_url)
            .message_body(&body)
            .send()
            .await
            .unwrap();
    }
    app.wait_for_email(to, "password was changed").await;
    // Give the poller time to take the second copy too.
    let deadline = Instant::now() + Duration::from_secs(15);
    let db = app.db().await;
    loop {
        let attributes = app
            .state
            .aws
            .sqs()
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
    assert_eq!(app.emails(to, "password was changed").await.len(), 1);
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
    let user = app.register("slow").await;
    let to = user.email.as_str();
    let job = Job::email(EmailJob::PasswordChanged { user_id: user.id });
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
    let open: Vec<String> = column(
        &db,
        "select coalesce(query, '') from pg_stat_activity
         where datname = current_database() and pid <> pg_backend_pid()
           and state like 'idle in transaction%'",
        &[],
    )
    .await;
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
    assert_eq!(app.emails(to, "password was changed").await.len(), 1);
    assert_eq!(processed(&db, job.id).await, ["email"]);
}

#[tokio::test]
async fn a_message_that_always_fails_lands_in_the_dead_letter_queue_and_can_be_redriven() {
    let app = spawn_app().await;
    let admin = app.register_admin().await;
    app.state
        .aws
        .sqs()
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

/// How many rows of this app's database hold `secret` anywhere, in clear, per
/// table (every column of every table, as text).
async fn tables_holding(db: &tokio_postgres::Client, secret: &str) -> Vec<String> {
    let tables: Vec<String> = column(
        db,
        "select table_name::text from information_schema.tables
         where table_schema = 'public' and table_type = 'BASE TABLE'",
        &[],
    )
    .await;
    let mut holding = Vec::new();
    for table in tables {
        let found: bool = db
            .query_one(
                &format!(
                    "select exists (select 1 from {table} t where t::text like '%' || $1 || '%')"
                ),
                &[&secret],
            )
            .await
            .unwrap()
            .get(0);
        if found {
            holding.push(table);
        }
    }
    holding
}

#[tokio::test]
async fn no_link_that_grants_access_is_stored_or_queued_in_clear() {
    let app = spawn_app().await;
    let admin = app.register_admin().await;
    let owner = app.register("keeper").await;
    let family = app.create_family(&owner, "The Hamiltons").await;
    let guest = format!("{}@example.org", unique("guest"));
    let invite_token = app.invite(family, &owner, &guest, "parent").await;
    app.post("/api/auth/password-reset", json!({"email": owner.email}))
        .await;
    let reset_token = app
        .wait_for_email(&owner.email, "Reset your password")
        .await
        .link_param("token");
    let newcomer = format!("{}@example.org", unique("new"));
    app.post(
        "/api/auth/register",
        json!({"username": unique("new_"), "email": newcomer, "password": PASSWORD}),
    )
    .await;
    let confirm_token = app
        .wait_for_email(&newcomer, "Confirm your email address")
        .await
        .link_param("token");
    app.patch_as(
        "/api/admin/settings",
        &admin.access,
        json!({"registration": "invite_only"}),
    )
    .await;
    let invitee = format!("{}@example.org", unique("invitee"));
    let created = app
        .post_as(
            "/api/admin/invites",
            &admin.access,
            json!({"email": invitee}),
        )
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let created = body(created).await;
    assert!(created["data"].get("token").is_none(), "{created}");
    let register_token = app
        .wait_for_email(&invitee, "invites you to join")
        .await
        .link_param("invite");

    // The database holds only the hashes: not the outbox, not the token tables.
    let db = app.db().await;
    for token in [&invite_token, &reset_token, &confirm_token, &register_token] {
        assert_eq!(token.len(), 43, "a 256-bit token: {token}");
        assert!(
            tables_holding(&db, token).await.is_empty(),
            "{token} is stored in clear"
        );
    }
    // The jobs name rows, nothing else.
    let payloads: Vec<serde_json::Value> =
        column(&db, "select payload from outbox where queue = 'email'", &[]).await;
    assert!(payloads.len() >= 5, "{payloads:?}");
    for payload in &payloads {
        let fields: Vec<&String> = payload.as_object().unwrap().keys().collect();
        assert_eq!(
            fields.len(),
            4,
            "id, type, template and one row id: {payload}"
        );
        assert!(!payload.to_string().contains("http"), "{payload}");
        let job: Job = serde_json::from_value(payload.clone()).unwrap();
        assert_eq!(serde_json::to_value(&job).unwrap(), *payload);
    }

    // A dead letter shows the same; one of an older release shows no token.
    let legacy = format!(
        r#"{{"id":"{}","type":"email","to":"{guest}","message":{{"template":"family_invite","invite_url":"http://127.0.0.1:5173/invite?token={invite_token}"}}}}"#,
        Uuid::new_v4()
    );
    for message in [legacy, payloads[0].to_string()] {
        app.state
            .aws
            .sqs()
            .send_message()
            .queue_url(&app.resources.email_dlq_url)
            .message_body(message)
            .send()
            .await
            .unwrap();
    }
    let listed = body(app.get("/api/admin/dead-letters", &admin.access).await).await;
    let text = listed.to_string();
    assert_eq!(
        listed["data"]["messages"].as_array().unwrap().len(),
        2,
        "{listed}"
    );
    assert!(!text.contains(&invite_token), "{listed}");
    assert!(text.contains("token=[redacted]"), "{listed}");
    assert!(
        listed["data"]["messages"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["body"] == payloads[0]),
        "{listed}"
    );
}

#[tokio::test]
async fn a_redelivered_reset_job_leaves_one_working_link() {
    let app = spawn_app().await;
    let user = app.register("twice_reset").await;
    app.post("/api/auth/password-reset", json!({"email": user.email}))
        .await;
    let first = app
        .wait_for_email(&user.email, "Reset your password")
        .await
        .link_param("token");
    let db = app.db().await;
    let payload: serde_json::Value = db
        .query_one(
            "select payload from outbox where payload ->> 'template' = 'password_reset'",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    let job: Job = serde_json::from_value(payload).unwrap();

    // The worker crashed after sending, before recording the job: it comes back.
    db.execute("delete from processed_jobs where job_id = $1", &[&job.id])
        .await
        .unwrap();
    let response = email_worker::handle(&app.state, sqs_event(&[("again", &job)])).await;
    assert!(response.batch_item_failures.is_empty());
    let second = app
        .wait_for_nth_email(&user.email, "Reset your password", 2)
        .await
        .link_param("token");
    assert_ne!(first, second, "the redelivery minted a new link");

    // Two copies handled at the same instant: each mints, one hash stays.
    db.execute("delete from processed_jobs where job_id = $1", &[&job.id])
        .await
        .unwrap();
    let (a, b) = tokio::join!(
        email_worker::handle(&app.state, sqs_event(&[("a", &job)])),
        email_worker::handle(&app.state, sqs_event(&[("b", &job)])),
    );
    assert!(a.batch_item_failures.is_empty() && b.batch_item_failures.is_empty());
    // Both handlers have returned: whatever they sent, the mail service has.
    let tokens: Vec<String> = app
        .emails(&user.email, "Reset your password")
        .await
        .iter()
        .map(|e| e.link_param("token"))
        .collect();
    assert!(tokens.len() >= 3, "{tokens:?}");
    let hashes: Vec<Vec<u8>> = column(&db, "select token_hash from password_resets", &[]).await;
    assert_eq!(hashes.len(), 1, "one reset asked for, one row");
    let valid: Vec<&String> = tokens
        .iter()
        .filter(|t| shared::auth::tokens::hash(t) == hashes[0])
        .collect();
    assert_eq!(valid.len(), 1, "exactly one emailed link works: {tokens:?}");

    // And it is the one that works; the first no longer does.
    let refused = app
        .post(
            "/api/auth/password-reset/confirm",
            json!({"token": first, "new_password": "Second-Try-Pass-7"}),
        )
        .await;
    expect_error(refused, StatusCode::BAD_REQUEST, "INVALID_RESET_TOKEN").await;
    let confirmed = app
        .post(
            "/api/auth/password-reset/confirm",
            json!({"token": valid[0], "new_password": "Second-Try-Pass-7"}),
        )
        .await;
    assert_eq!(confirmed.status(), StatusCode::NO_CONTENT);

    // Once used, a further redelivery sends nothing.
    db.execute("delete from processed_jobs where job_id = $1", &[&job.id])
        .await
        .unwrap();
    let sent = app.emails(&user.email, "Reset your password").await.len();
    email_worker::handle(&app.state, sqs_event(&[("late", &job)])).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        app.emails(&user.email, "Reset your password").await.len(),
        sent
    );
}
