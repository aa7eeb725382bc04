//! Email by either transport (`EMAIL_TRANSPORT=ses`, the default, or `smtp`):
//! what a recipient gets, a refused email coming back until it goes through, every
//! TLS mode of an SMTP relay, and start-up refusing a transport it cannot use.
//! `local/test.sh` runs these against moto and LocalStack with SES, and against
//! its mail catcher with SMTP.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::json;
use shared::AppState;
use shared::email::{EmailTransport, SmtpTls};
use shared::jobs::{EmailJob, Job};

use crate::helpers::*;
use crate::jobs::{processed, sqs_event};
use crate::runtime::binary;

/// The "password changed" notice to `user`'s address.
fn password_changed(user: &TestUser) -> Job {
    Job::email(EmailJob::PasswordChanged { user_id: user.id })
}

#[tokio::test]
async fn a_reset_email_arrives_from_the_sender_with_text_and_html_alternatives() {
    let app = spawn_app().await;
    let user = app.register("alternatives").await;
    let response = app
        .post("/api/auth/password-reset", json!({"email": user.email}))
        .await;
    assert_eq!(response.status(), 202);

    let email = app.wait_for_email(&user.email, "Reset your password").await;
    assert_eq!(email.from, "noreply@fleet.test");
    assert_eq!(email.to, std::slice::from_ref(&user.email));
    assert!(
        email.body.contains("/reset-password?token="),
        "{}",
        email.body
    );
    assert!(
        !email.body.contains("<p>"),
        "the text part is text: {}",
        email.body
    );
    assert!(email.html.contains("<a href="), "{}", email.html);
    assert!(
        email.html.contains("/reset-password?token="),
        "{}",
        email.html
    );
    assert_eq!(email.reply_to, None);
    assert!(email.attachments.is_empty());
}

#[tokio::test]
async fn an_email_the_mail_service_refuses_comes_back_and_goes_out_once_accepted() {
    let app = spawn_app().await;
    // Another instance of the app whose mail service says no.
    let refused = app.state_whose_mail_is_refused();
    let user = app.register("refused").await;
    let to = user.email.as_str();
    let job = password_changed(&user);
    let event = sqs_event(&[("m1", &job)]);

    let response = email_worker::handle(&refused, event.clone()).await;
    let failed: Vec<_> = response
        .batch_item_failures
        .iter()
        .map(|f| f.item_identifier.as_str())
        .collect();
    assert_eq!(failed, ["m1"]);
    let db = app.db().await;
    assert!(processed(&db, job.id).await.is_empty(), "not recorded");
    assert!(app.emails(to, "password was changed").await.is_empty());

    // The message comes back to an instance whose mail service accepts it.
    let response = email_worker::handle(&app.state, event).await;
    assert!(response.batch_item_failures.is_empty());
    assert_eq!(app.emails(to, "password was changed").await.len(), 1);
    assert_eq!(processed(&db, job.id).await, ["email"]);
}

#[tokio::test]
async fn an_smtp_relay_is_reached_with_starttls_implicit_tls_or_none() {
    let app = spawn_app().await;
    let EmailTransport::Smtp(configured) = &app.state.config.email_transport else {
        eprintln!("skipped: the app sends through SES (EMAIL_TRANSPORT=smtp runs it)");
        return;
    };
    let smtps_port = std::env::var("SMTP_SINK_SMTPS_PORT")
        .expect("local/test.sh's mail catcher listens for implicit TLS too")
        .parse()
        .unwrap();
    let modes = [
        (SmtpTls::StartTls, configured.port),
        (SmtpTls::Tls, smtps_port),
        (SmtpTls::None, configured.port),
    ];
    for (tls, port) in modes {
        let mut config = (*app.state.config).clone();
        let mut smtp = configured.clone();
        smtp.tls = tls;
        smtp.port = port;
        config.email_transport = EmailTransport::Smtp(smtp);
        let state = AppState::new(config, app.state.aws.clone()).unwrap();
        let user = app.register("tls").await;
        let response =
            email_worker::handle(&state, sqs_event(&[("m1", &password_changed(&user))])).await;
        assert!(
            response.batch_item_failures.is_empty(),
            "{tls:?} on port {port} failed; see the test's log"
        );
        app.wait_for_email(&user.email, "password was changed")
            .await;
    }
}

/// The email worker's Lambda binary with the app's settings and `changes`; answers
/// what it printed once it exited, or panics if it kept running.
fn start_worker(app: &TestApp, changes: &[(&str, &str)]) -> (bool, String) {
    let config = &app.state.config;
    let mut command = Command::new(binary("email-worker"));
    command
        .env_clear()
        .envs([
            ("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:9"),
            ("AWS_REGION", "us-east-1"),
            ("AWS_ACCESS_KEY_ID", "test"),
            ("AWS_SECRET_ACCESS_KEY", "test-secret"),
            ("AWS_ENDPOINT_URL", &emulator_url()),
            ("DATABASE_URL", &config.database_url),
            (
                "JWT_SECRET",
                std::str::from_utf8(&config.jwt_secret).unwrap(),
            ),
            ("MEDIA_BUCKET", &config.media_bucket),
            ("EMAIL_QUEUE_URL", &config.email_queue_url),
            ("EXPORT_QUEUE_URL", &config.export_queue_url),
            ("GEOCODE_QUEUE_URL", &config.geocode_queue_url),
            ("VIDEO_QUEUE_URL", &config.video_queue_url),
            ("EMAIL_FROM", &config.email_from),
        ])
        .envs(changes.iter().copied())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let mut child = command.spawn().unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("the worker started with {changes:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let output = child.wait_with_output().unwrap();
    (
        status.success(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[tokio::test]
async fn a_transport_the_worker_cannot_use_stops_it_at_start_naming_the_variable() {
    let app = spawn_app().await;
    let cases: [(&[(&str, &str)], &str); 5] = [
        (&[("EMAIL_TRANSPORT", "carrier-pigeon")], "EMAIL_TRANSPORT"),
        (&[("EMAIL_TRANSPORT", "smtp")], "SMTP_URL"),
        (
            &[
                ("EMAIL_TRANSPORT", "smtp"),
                ("SMTP_URL", "mail.example.org:587"),
            ],
            "SMTP_URL",
        ),
        (
            &[
                ("EMAIL_TRANSPORT", "smtp"),
                ("SMTP_URL", "smtp://mail.example.org?tls=sometimes"),
            ],
            "SMTP_URL",
        ),
        (&[("EMAIL_FROM", "the fleet")], "EMAIL_FROM"),
    ];
    for (changes, name) in cases {
        let (success, printed) = start_worker(&app, changes);
        assert!(!success, "{changes:?} started");
        assert!(printed.contains(name), "{changes:?}: {printed}");
    }
}
