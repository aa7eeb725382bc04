//! Password hashing is the slowest thing a request can do: it runs last, off the
//! async runtime and a few at a time, so refusals are cheap and a burst of
//! sign-ins cannot stall every other request.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::*;

/// How long a request takes, and its status.
async fn timed(app: &TestApp, path: &str, body: Value) -> (Duration, StatusCode) {
    let started = Instant::now();
    let response = app.post(path, body).await;
    (started.elapsed(), response.status())
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

/// The time of one password verification (with its few queries): a sign-in at a
/// name nobody has always spends one.
async fn one_hash(app: &TestApp) -> Duration {
    let mut samples = Vec::new();
    for _ in 0..5 {
        let name = unique("nobody");
        let (took, status) = timed(
            app,
            "/api/auth/login",
            json!({"login": name, "password": "Wrong-Password-1"}),
        )
        .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        samples.push(took);
    }
    median(samples)
}

#[tokio::test]
async fn refused_registrations_and_bad_reset_links_answer_before_any_hashing() {
    let app = spawn_app().await;
    let admin = app.register_admin().await;
    let hash = one_hash(&app).await;

    let mut refusals: Vec<(&str, Value, StatusCode)> = vec![(
        "/api/auth/register",
        json!({"username": "second", "email": "second@example.org", "password": PASSWORD, "setup_token": app.setup_token}),
        StatusCode::CONFLICT,
    )];
    refusals.push((
        "/api/auth/password-reset/confirm",
        json!({"token": "not-a-reset-token", "new_password": "Brand-New-Pass-2"}),
        StatusCode::BAD_REQUEST,
    ));
    app.set_registration(&admin, "closed").await;
    refusals.push((
        "/api/auth/register",
        json!({"username": "late", "email": "late@example.org", "password": PASSWORD}),
        StatusCode::FORBIDDEN,
    ));
    for (path, request, expected) in refusals {
        let mut samples = Vec::new();
        for _ in 0..5 {
            let (took, status) = timed(&app, path, request.clone()).await;
            assert_eq!(status, expected, "{path} {request}");
            samples.push(took);
        }
        let refused = median(samples);
        println!("{path} ({expected}): {refused:?}, one hash: {hash:?}");
        assert!(
            refused * 2 < hash,
            "{path} ({expected}) took {refused:?}, a hash takes {hash:?}: it hashed first"
        );
    }
}

#[tokio::test]
async fn a_burst_of_sign_ins_does_not_stall_other_requests() {
    let app = spawn_app().await;
    // Names no account can have (empty) are answered after the same work.
    let burst = json!({"login": "", "password": "Wrong-Password-1"});
    let mut samples = Vec::new();
    for _ in 0..3 {
        let (took, status) = timed(&app, "/api/auth/login", burst.clone()).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        samples.push(took);
    }
    let hash = median(samples);

    let attackers: Vec<_> = (0..24)
        .map(|_| {
            let (http, url, burst) = (app.http.clone(), app.url("/api/auth/login"), burst.clone());
            tokio::spawn(async move { http.post(url).json(&burst).send().await.unwrap().status() })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(30)).await;
    let mut slowest = Duration::ZERO;
    for _ in 0..5 {
        let started = Instant::now();
        let status = app
            .http
            .get(app.url("/api/auth/status"))
            .send()
            .await
            .unwrap()
            .status();
        assert_eq!(status, StatusCode::OK);
        slowest = slowest.max(started.elapsed());
    }
    for attacker in attackers {
        assert_eq!(attacker.await.unwrap(), StatusCode::UNAUTHORIZED);
    }
    println!("status during a burst of 24 sign-ins: {slowest:?}, one hash: {hash:?}");
    // Hashing on the runtime's own threads would hold this behind about half of
    // the burst; off it, behind at most a hash or two.
    assert!(
        slowest < hash * 4,
        "a status request took {slowest:?} during the burst; one hash takes {hash:?}"
    );
}
