//! Mail bombing: the emails others can cause are limited per recipient
//! address, per user and per day for the whole site; a refused request that
//! would otherwise reveal an account answers as if the email went.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::json;
use shared::rate_limit::{MAIL_PER_RECIPIENT, MAIL_PER_SENDER};

use crate::helpers::*;

/// Waits until the email queue has nothing left to send.
async fn settle(app: &TestApp) {
    let db = app.db().await;
    for _ in 0..100 {
        let pending: i64 = db
            .query_one(
                "select count(*) from outbox o
                 where queue = 'email' and not exists
                   (select 1 from processed_jobs p where p.job_id = o.id)",
                &[],
            )
            .await
            .unwrap()
            .get(0);
        if pending == 0 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the email queue never drained");
}

#[tokio::test]
async fn one_address_gets_a_handful_of_reset_emails_an_hour_and_the_answer_never_changes() {
    let app = spawn_app().await;
    let victim = app.register("victim").await;
    let (per_hour, _) = MAIL_PER_RECIPIENT[0];
    for _ in 0..per_hour + 5 {
        let response = app
            .post("/api/auth/password-reset", json!({"email": victim.email}))
            .await;
        assert_eq!(response.status(), StatusCode::ACCEPTED);
        assert_eq!(body(response).await, serde_json::Value::Null);
    }
    settle(&app).await;
    // The confirmation of the address counted too.
    let received = app.sent_emails(&victim.email).await.len();
    assert_eq!(
        received, per_hour as usize,
        "emails that reached the victim"
    );

    // A registration with the address, past its limit, answers as always.
    let probe = app
        .post(
            "/api/auth/register",
            json!({"username": unique("probe_"), "email": victim.email, "password": PASSWORD}),
        )
        .await;
    assert_eq!(probe.status(), StatusCode::ACCEPTED);
    settle(&app).await;
    assert_eq!(app.sent_emails(&victim.email).await.len(), received);
}

#[tokio::test]
async fn a_member_cannot_flood_an_address_or_the_world_with_invitations() {
    let app = spawn_app().await;
    let owner = app.register("spammer").await;
    let family = app
        .create_family(&owner, "Win a prize at example.com")
        .await;
    let invites = format!("/api/families/{family}/invites");
    let target = format!("{}@example.org", unique("target"));
    let (per_hour, _) = MAIL_PER_RECIPIENT[0];
    for _ in 0..per_hour {
        let response = app
            .post_as(
                &invites,
                &owner.access,
                json!({"email": target, "role": "read_only"}),
            )
            .await;
        assert_eq!(response.status(), StatusCode::CREATED);
    }
    let refused = app
        .post_as(
            &invites,
            &owner.access,
            json!({"email": target, "role": "read_only"}),
        )
        .await;
    assert!(refused.headers().contains_key("retry-after"));
    expect_error(refused, StatusCode::TOO_MANY_REQUESTS, "RATE_LIMITED").await;

    // Many addresses, one each: the sender's own limit.
    let (sender_per_hour, _) = MAIL_PER_SENDER[0];
    let mut last = StatusCode::CREATED;
    for i in per_hour..=sender_per_hour {
        last = app
            .post_as(
                &invites,
                &owner.access,
                json!({"email": format!("{}-{i}@example.org", unique("many")), "role": "read_only"}),
            )
            .await
            .status();
        if i < sender_per_hour {
            assert_eq!(last, StatusCode::CREATED, "invitation {i}");
        }
    }
    assert_eq!(last, StatusCode::TOO_MANY_REQUESTS);
    settle(&app).await;
    assert_eq!(app.sent_emails(&target).await.len(), per_hour as usize);
}

#[tokio::test]
async fn the_site_stops_sending_at_its_daily_cap() {
    let app = spawn_app().await;
    let admin = app.register_admin().await;
    let first = app.register("first").await;
    let second = app.register("second").await;
    settle(&app).await;
    let settings = body(app.get("/api/admin/settings", &admin.access).await).await;
    assert_eq!(
        settings["data"]["daily_email_cap"],
        shared::settings::DEFAULT_DAILY_EMAIL_CAP
    );
    // Three emails went today (the confirmations of three addresses): one more.
    let capped = app
        .patch_as(
            "/api/admin/settings",
            &admin.access,
            json!({"daily_email_cap": 4}),
        )
        .await;
    assert_eq!(
        body(capped).await["data"],
        json!({"registration": "open", "daily_email_cap": 4, "local_login": true})
    );
    let zero = app
        .patch_as(
            "/api/admin/settings",
            &admin.access,
            json!({"daily_email_cap": 0}),
        )
        .await;
    expect_error(zero, StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_FAILED").await;

    for user in [&first, &second] {
        let response = app
            .post("/api/auth/password-reset", json!({"email": user.email}))
            .await;
        assert_eq!(response.status(), StatusCode::ACCEPTED);
    }
    settle(&app).await;
    assert_eq!(
        app.emails(&first.email, "Reset your password").await.len(),
        1
    );
    assert!(
        app.emails(&second.email, "Reset your password")
            .await
            .is_empty()
    );
    let family = app.create_family(&first, "The Capped").await;
    let invite = app
        .post_as(
            &format!("/api/families/{family}/invites"),
            &first.access,
            json!({"email": "someone@example.org", "role": "parent"}),
        )
        .await;
    expect_error(invite, StatusCode::TOO_MANY_REQUESTS, "RATE_LIMITED").await;
}
