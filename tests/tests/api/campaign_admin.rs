//! Campaigns as organisers run them: writing and moving them through their
//! statuses, slugs that never collide, users' submissions and their review,
//! duplicates with their cover, and failed emails sent again from the queue.

use reqwest::StatusCode;
use serde_json::{Value, json};
use shared::jobs::Job;

use crate::campaign_helpers::*;
use crate::children::PNG;
use crate::helpers::*;
use crate::jobs::sqs_event;

fn path(campaign: &Value) -> String {
    format!("/api/campaigns/{}", campaign["id"].as_str().unwrap())
}

#[tokio::test]
async fn admins_write_campaigns_and_move_them_only_forward() {
    let app = spawn_app().await;
    let admin = app.influence_admin().await;
    let campaign = app
        .create_campaign(&admin, campaign_body("Sauvez l'école — 2026!"))
        .await;
    assert_eq!(
        (campaign["slug"].as_str(), campaign["status"].as_str()),
        (Some("sauvez-l-ecole-2026"), Some("draft"))
    );
    assert_eq!(campaign["origin"], "admin");
    assert_eq!(
        campaign["target_levels"],
        json!(["federal", "provincial", "municipal", "school_board"])
    );

    // Every rule of the fields, each named.
    let cases = [
        (
            json!({"email_body": "Dear {{MAYOR}}"}),
            "email_body",
            "line 1, column 6",
        ),
        (
            json!({"email_subject": "{{#if SUPPORTER_NAME}}open"}),
            "email_subject",
            "line",
        ),
        (
            json!({"target_levels": []}),
            "target_levels",
            "at least one",
        ),
        (json!({"title": " "}), "title", "required"),
        (
            json!({"email_subject": "two\nlines"}),
            "email_subject",
            "one line",
        ),
    ];
    for (patch, field, message) in cases {
        let response = app
            .patch_as(&path(&campaign), &admin.access, patch.clone())
            .await;
        let error = expect_error(
            response,
            StatusCode::UNPROCESSABLE_ENTITY,
            "VALIDATION_FAILED",
        )
        .await;
        let said = error["details"][field]
            .as_str()
            .unwrap_or_default()
            .to_lowercase();
        assert!(said.contains(message), "{patch}: {error}");
    }
    let unknown_level = app
        .patch_as(
            &path(&campaign),
            &admin.access,
            json!({"target_levels": ["senate"]}),
        )
        .await;
    expect_error(
        unknown_level,
        StatusCode::UNPROCESSABLE_ENTITY,
        "INVALID_BODY",
    )
    .await;
    let edited = app
        .patch_as(
            &path(&campaign),
            &admin.access,
            json!({"featured": true, "updated_at": campaign["updated_at"]}),
        )
        .await;
    assert_eq!(body(edited).await["data"]["featured"], true);
    let stale = app
        .patch_as(
            &path(&campaign),
            &admin.access,
            json!({"featured": false, "updated_at": campaign["updated_at"]}),
        )
        .await;
    expect_error(stale, StatusCode::CONFLICT, "STALE").await;

    // draft → active ⇄ paused → archived, nothing else.
    for (to, status) in [
        ("paused", StatusCode::CONFLICT),
        ("archived", StatusCode::CONFLICT),
        ("active", StatusCode::OK),
        ("draft", StatusCode::CONFLICT),
        ("paused", StatusCode::OK),
        ("active", StatusCode::OK),
        ("archived", StatusCode::OK),
        ("active", StatusCode::CONFLICT),
        ("paused", StatusCode::CONFLICT),
    ] {
        let response = app.set_campaign_status(&admin, &campaign["id"], to).await;
        assert_eq!(response.status(), status, "to {to}");
        if status == StatusCode::CONFLICT {
            assert_eq!(body(response).await["code"], "ILLEGAL_TRANSITION");
        }
    }
    let history: i64 = app
        .db()
        .await
        .query_one(
            "select count(*) from audit_events where entity_type = 'campaign'",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(history, 6, "created, edited, and four moves");

    // A draft nobody wrote from is deleted; one with emails is archived instead.
    let spare = app.create_campaign(&admin, campaign_body("Spare")).await;
    assert_eq!(
        app.delete_as(&path(&spare), &admin.access).await.status(),
        StatusCode::NO_CONTENT
    );
    app.seed_district(&admin).await;
    let used = app.launch_campaign(&admin, campaign_body("Used")).await;
    let sent = app
        .send_campaign(&used["slug"], supporter("del@example.org"), None)
        .await;
    assert_eq!(sent.status(), StatusCode::CREATED);
    expect_error(
        app.delete_as(&path(&used), &admin.access).await,
        StatusCode::CONFLICT,
        "HAS_EMAILS",
    )
    .await;
}

#[tokio::test]
async fn campaigns_with_one_title_created_at_once_get_distinct_slugs() {
    let app = spawn_app().await;
    let admin = app.influence_admin().await;
    let creations =
        (0..8).map(|_| app.post_as("/api/campaigns", &admin.access, campaign_body("Same title")));
    let mut slugs = Vec::new();
    for response in futures::future::join_all(creations).await {
        assert_eq!(response.status(), StatusCode::CREATED);
        slugs.push(
            body(response).await["data"]["slug"]
                .as_str()
                .unwrap()
                .to_string(),
        );
    }
    slugs.sort();
    let mut expected: Vec<String> = (2..=8).map(|n| format!("same-title-{n}")).collect();
    expected.push("same-title".into());
    expected.sort();
    assert_eq!(slugs, expected);
}

#[tokio::test]
async fn a_users_campaign_waits_for_review_and_never_sends_through_the_server() {
    let app = spawn_app().await;
    let admin = app.influence_admin().await;
    let author = app.register("author").await;
    let stranger = app.register("stranger").await;
    let temp = app.user_with_role("temp", "TEMP").await;

    let asks_too_much = app
        .post_as(
            "/api/campaigns/submissions",
            &author.access,
            campaign_body("Mine"),
        )
        .await;
    let error = expect_error(
        asks_too_much,
        StatusCode::UNPROCESSABLE_ENTITY,
        "VALIDATION_FAILED",
    )
    .await;
    assert!(error["details"]["allow_server_send"].is_string());
    let mut idea = campaign_body("Crosswalk on Main");
    idea["allow_server_send"] = json!(false);
    let by_temp = app
        .post_as("/api/campaigns/submissions", &temp.access, idea.clone())
        .await;
    expect_error(by_temp, StatusCode::FORBIDDEN, "FORBIDDEN").await;
    let submitted = app
        .post_as("/api/campaigns/submissions", &author.access, idea)
        .await;
    assert_eq!(submitted.status(), StatusCode::CREATED);
    let submitted = body(submitted).await["data"].clone();
    assert_eq!(
        (
            submitted["status"].as_str(),
            submitted["origin"].as_str(),
            submitted["review_status"].as_str()
        ),
        (Some("draft"), Some("user"), Some("pending"))
    );

    // Its author sees their own; nobody else does.
    let mine = body(app.get("/api/campaigns/mine", &author.access).await).await;
    assert_eq!(mine["data"][0]["id"], submitted["id"]);
    assert_eq!(
        body(app.get("/api/campaigns/mine", &stranger.access).await).await["meta"]["total"],
        0
    );
    expect_error(
        app.get(&path(&submitted), &stranger.access).await,
        StatusCode::NOT_FOUND,
        "NOT_FOUND",
    )
    .await;
    let public = app
        .http
        .get(app.url("/api/public/campaigns/crosswalk-on-main"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        public.status(),
        StatusCode::NOT_FOUND,
        "a draft is not public"
    );

    // The review queue; no going live, nor server sending, without review.
    let queue = body(
        app.get("/api/campaigns?review=pending", &admin.access)
            .await,
    )
    .await;
    assert_eq!(queue["data"][0]["id"], submitted["id"]);
    let early = app
        .set_campaign_status(&admin, &submitted["id"], "active")
        .await;
    expect_error(early, StatusCode::CONFLICT, "NOT_REVIEWED").await;
    let server = app
        .patch_as(
            &path(&submitted),
            &admin.access,
            json!({"allow_server_send": true}),
        )
        .await;
    expect_error(
        server,
        StatusCode::UNPROCESSABLE_ENTITY,
        "VALIDATION_FAILED",
    )
    .await;

    let review_path = format!("{}/review", path(&submitted));
    let review = |decision: &str, note: &str| {
        app.post_as(
            &review_path,
            &admin.access,
            json!({"decision": decision, "note": note}),
        )
    };
    let rejected = body(review("reject", "Name the street, please").await).await["data"].clone();
    assert_eq!(
        (
            rejected["review_status"].as_str(),
            rejected["review_note"].as_str()
        ),
        (Some("rejected"), Some("Name the street, please"))
    );
    let resubmitted = app
        .patch_as(
            &path(&submitted),
            &author.access,
            json!({"title": "Crosswalk on Main Street"}),
        )
        .await;
    assert_eq!(body(resubmitted).await["data"]["review_status"], "pending");
    let approved = body(review("approve", "").await).await["data"].clone();
    assert_eq!(
        (
            approved["status"].as_str(),
            approved["review_status"].as_str()
        ),
        (Some("active"), Some("approved"))
    );
    assert_eq!(
        approved["slug"], "crosswalk-on-main",
        "the address stays as first given"
    );
    let late = app
        .patch_as(
            &path(&submitted),
            &author.access,
            json!({"title": "Changed"}),
        )
        .await;
    expect_error(late, StatusCode::CONFLICT, "ALREADY_APPROVED").await;
    expect_error(
        review("approve", "").await,
        StatusCode::CONFLICT,
        "NOT_IN_REVIEW",
    )
    .await;
    let send = app
        .send_campaign(&approved["slug"], supporter("x@example.org"), None)
        .await;
    expect_error(send, StatusCode::CONFLICT, "SERVER_SEND_DISABLED").await;
}

#[tokio::test]
async fn a_duplicate_is_a_fresh_draft_with_its_own_copy_of_the_cover() {
    let app = spawn_app().await;
    let admin = app.influence_admin().await;
    app.seed_district(&admin).await;
    let original = app.launch_campaign(&admin, campaign_body("Original")).await;
    let ticket = app
        .post_as(
            &format!("{}/cover/upload", path(&original)),
            &admin.access,
            json!({"content_type": "image/png", "size": PNG.len()}),
        )
        .await;
    assert_eq!(ticket.status(), StatusCode::OK);
    let ticket = body(ticket).await["data"].clone();
    let put = app
        .http
        .put(ticket["upload_url"].as_str().unwrap())
        .header("content-type", "image/png")
        .body(PNG.to_vec())
        .send()
        .await
        .unwrap();
    assert!(put.status().is_success());
    let confirmed = app
        .put_as(
            &format!("{}/cover", path(&original)),
            &admin.access,
            json!({"key": ticket["key"]}),
        )
        .await;
    assert_eq!(confirmed.status(), StatusCode::OK);
    assert_eq!(
        body(confirmed).await["data"]["cover_url"],
        "/api/public/campaigns/original/cover"
    );
    app.send_campaign(&original["slug"], supporter("dup@example.org"), None)
        .await;

    let copy = app
        .post_as(
            &format!("{}/duplicate", path(&original)),
            &admin.access,
            json!({}),
        )
        .await;
    assert_eq!(copy.status(), StatusCode::CREATED);
    let copy = body(copy).await["data"].clone();
    assert_eq!(
        (
            copy["title"].as_str(),
            copy["slug"].as_str(),
            copy["status"].as_str(),
            copy["email_count"].as_i64()
        ),
        (
            Some("Copy of Original"),
            Some("copy-of-original"),
            Some("draft"),
            Some(0)
        )
    );
    assert_eq!(copy["email_body"], original["email_body"]);
    let cover = |slug: &str| {
        app.http
            .get(app.url(&format!("/api/public/campaigns/{slug}/cover")))
            .send()
    };
    let first = cover("original").await.unwrap();
    let second = cover("copy-of-original").await.unwrap();
    assert_eq!(
        (first.status(), second.status()),
        (StatusCode::FOUND, StatusCode::FOUND)
    );
    // Removing the copy's cover leaves the original's.
    let removed = app
        .delete_as(&format!("{}/cover", path(&copy)), &admin.access)
        .await;
    assert_eq!(removed.status(), StatusCode::NO_CONTENT);
    let location = cover("original").await.unwrap().headers()["location"]
        .to_str()
        .unwrap()
        .to_string();
    let image = app
        .http
        .get(&location)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(&image[..], PNG);
}

#[tokio::test]
async fn a_failed_email_shows_its_error_and_goes_out_when_sent_again() {
    let app = spawn_app_with(AppOptions {
        sqs_proxy: true,
        ..AppOptions::default()
    })
    .await;
    let admin = app.influence_admin().await;
    let district = app.seed_district(&admin).await;
    let campaign = app.launch_campaign(&admin, campaign_body("Retry")).await;
    // The queue is out of reach: the jobs stay in the outbox.
    app.sqs_proxy.as_ref().unwrap().take_down().await;
    let supporter_email = format!("{}@example.org", unique("retry"));
    let sent = app
        .send_campaign(&campaign["slug"], supporter(&supporter_email), None)
        .await;
    assert_eq!(sent.status(), StatusCode::CREATED);
    let jobs: Vec<Job> = app
        .db()
        .await
        .query("select payload from outbox where sent_at is null", &[])
        .await
        .unwrap()
        .iter()
        .map(|row| serde_json::from_value(row.get(0)).unwrap())
        .collect();
    assert_eq!(jobs.len(), 3);

    // An instance whose mail service refuses them: each email is marked failed
    // with the reason, and its job is done.
    let refused = app.state_whose_mail_is_refused();
    let messages: Vec<(String, &Job)> = jobs
        .iter()
        .enumerate()
        .map(|(n, job)| (format!("m{n}"), job))
        .collect();
    let event = sqs_event(
        &messages
            .iter()
            .map(|(id, job)| (id.as_str(), *job))
            .collect::<Vec<_>>(),
    );
    let response = email_worker::handle(&refused, event).await;
    assert!(
        response.batch_item_failures.is_empty(),
        "the admins retry, not the queue"
    );
    let failed = body(
        app.get(
            &format!(
                "/api/campaigns/emails?status=failed&campaign_id={}",
                campaign["id"].as_str().unwrap()
            ),
            &admin.access,
        )
        .await,
    )
    .await;
    assert_eq!(failed["meta"]["total"], 3);
    assert!(
        failed["data"][0]["error"]
            .as_str()
            .is_some_and(|e| !e.is_empty()),
        "{failed}"
    );
    assert!(app.sent_emails(&district.emails[0]).await.is_empty());

    app.sqs_proxy.as_ref().unwrap().bring_up();
    let retried = app
        .post_as(
            "/api/campaigns/emails/retry",
            &admin.access,
            json!({"campaign_id": campaign["id"]}),
        )
        .await;
    assert_eq!(body(retried).await["data"]["retried"], 3);
    let settled = app.settled_emails(&admin, &campaign["id"]).await;
    assert!(
        settled
            .iter()
            .all(|e| e["status"] == "sent" && e["error"].is_null()),
        "{settled:?}"
    );
    let email = app
        .wait_for_email(&district.emails[1], "Keep Riverside North")
        .await;
    assert_eq!(email.reply_to.as_deref(), Some(supporter_email.as_str()));
    let none_left = app
        .post_as(
            "/api/campaigns/emails/retry",
            &admin.access,
            json!({"campaign_id": campaign["id"]}),
        )
        .await;
    assert_eq!(body(none_left).await["data"]["retried"], 0);
}
