//! The response wall: a supporter posts what their representative answered, an
//! admin moderates it, the public upvotes it, and the representative confirms
//! (or reports) it from an emailed link.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::campaign_helpers::*;
use crate::helpers::*;

/// A live campaign with its wall, the district's representatives, and its admin.
async fn wall(app: &TestApp) -> (TestUser, District, Value, Vec<Value>) {
    let admin = app.influence_admin().await;
    let district = app.seed_district(&admin).await;
    let mut body_json = campaign_body("Answers on the wall");
    body_json["show_response_wall"] = json!(true);
    let campaign = app.launch_campaign(&admin, body_json).await;
    let reps = app.representatives_of(&campaign).await;
    (admin, district, campaign, reps)
}

fn responses_path(campaign: &Value) -> String {
    format!(
        "/api/public/campaigns/{}/responses",
        campaign["slug"].as_str().unwrap()
    )
}

async fn post_response(
    app: &TestApp,
    campaign: &Value,
    rep: &Value,
    text: &str,
    ip: Option<&str>,
) -> Value {
    let response = app
        .public_post(
            &responses_path(campaign),
            json!({"representative_id": rep["id"], "response_type": "email", "text": text, "submitter_name": "Sam"}),
            ip,
        )
        .await;
    assert_eq!(
        response.status(),
        StatusCode::CREATED,
        "{}",
        body(response).await
    );
    body(response).await["data"].clone()
}

async fn moderate(app: &TestApp, admin: &TestUser, id: &Value, patch: Value) -> Value {
    let response = app
        .patch_as(
            &format!("/api/responses/{}", id.as_str().unwrap()),
            &admin.access,
            patch,
        )
        .await;
    assert_eq!(
        response.status(),
        StatusCode::OK,
        "{}",
        body(response).await
    );
    body(response).await["data"].clone()
}

async fn public_wall(app: &TestApp, campaign: &Value, query: &str) -> Value {
    let url = app.url(&format!("{}{query}", responses_path(campaign)));
    body(app.http.get(url).send().await.unwrap()).await
}

#[tokio::test]
async fn only_approved_responses_reach_the_wall_and_moderation_can_correct_them() {
    let app = spawn_app().await;
    let (admin, _, campaign, reps) = wall(&app).await;
    let posted = post_response(&app, &campaign, &reps[0], "We will review the sale.", None).await;
    assert_eq!(posted["status"], "pending");
    assert_eq!(
        public_wall(&app, &campaign, "").await["meta"]["total"],
        0,
        "pending is not public"
    );

    let queue = body(
        app.get("/api/responses?status=pending", &admin.access)
            .await,
    )
    .await;
    assert_eq!(queue["data"][0]["id"], posted["id"]);
    assert_eq!(queue["data"][0]["representative_name"], "Avery Lee");
    let approved = moderate(
        &app,
        &admin,
        &posted["id"],
        json!({"status": "approved", "text": "We will review the sale of the park.", "moderation_note": "typo"}),
    )
    .await;
    assert_eq!(
        (
            approved["status"].as_str(),
            approved["moderated_at"].is_string()
        ),
        (Some("approved"), true)
    );
    let shown = public_wall(&app, &campaign, "").await;
    assert_eq!(
        shown["data"][0]["text"],
        "We will review the sale of the park."
    );
    assert!(
        shown["data"][0].get("moderation_note").is_none(),
        "notes stay with the admins"
    );
    assert_eq!(
        (
            shown["data"][0]["verified"].as_bool(),
            shown["data"][0]["representative_level"].as_str()
        ),
        (Some(false), Some("federal"))
    );

    let rejected = moderate(&app, &admin, &posted["id"], json!({"status": "rejected"})).await;
    assert_eq!(rejected["status"], "rejected");
    assert_eq!(public_wall(&app, &campaign, "").await["meta"]["total"], 0);

    // Bad posts are refused, naming the field.
    let cases = [
        (
            json!({"representative_id": reps[0]["id"], "response_type": "fax", "text": "x"}),
            "response_type",
        ),
        (
            json!({"representative_id": reps[0]["id"], "response_type": "email", "text": "  "}),
            "text",
        ),
        (
            json!({"representative_id": uuid::Uuid::new_v4(), "response_type": "email", "text": "x"}),
            "representative_id",
        ),
    ];
    for (bad, field) in cases {
        let response = app.public_post(&responses_path(&campaign), bad, None).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            body(response).await["details"][field].is_string(),
            "{field}"
        );
    }
}

#[tokio::test]
async fn the_wall_sorts_by_recent_upvotes_or_verified_and_filters_by_level() {
    let app = spawn_behind_proxy().await;
    let (admin, _, campaign, reps) = wall(&app).await;
    let mut ids = Vec::new();
    for (rep, text) in [
        (&reps[0], "first, federal"),
        (&reps[1], "second, provincial"),
        (&reps[2], "third, municipal"),
    ] {
        let posted = post_response(&app, &campaign, rep, text, None).await;
        moderate(&app, &admin, &posted["id"], json!({"status": "approved"})).await;
        ids.push(posted["id"].as_str().unwrap().to_string());
    }
    // Two visitors upvote the first; one upvotes the second.
    for ip in ["198.51.100.1", "198.51.100.2"] {
        let response = app
            .public_post(
                &format!("/api/public/responses/{}/upvote", ids[0]),
                json!({}),
                Some(ip),
            )
            .await;
        assert_eq!(response.status(), StatusCode::OK);
    }
    app.public_post(
        &format!("/api/public/responses/{}/upvote", ids[1]),
        json!({}),
        Some("198.51.100.1"),
    )
    .await;
    // The representative of the third confirms it.
    app.db()
        .await
        .execute(
            "update campaign_responses set verified_at = now() where id = $1",
            &[&ids[2].parse::<uuid::Uuid>().unwrap()],
        )
        .await
        .unwrap();
    let order = |wall: Value| -> Vec<String> {
        wall["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        order(public_wall(&app, &campaign, "").await),
        [ids[2].clone(), ids[1].clone(), ids[0].clone()]
    );
    assert_eq!(
        order(public_wall(&app, &campaign, "?sort=upvotes").await),
        [ids[0].clone(), ids[1].clone(), ids[2].clone()]
    );
    assert_eq!(
        order(public_wall(&app, &campaign, "?sort=verified").await)[0],
        ids[2]
    );
    let provincial = public_wall(&app, &campaign, "?level=provincial").await;
    assert_eq!(order(provincial), [ids[1].clone()]);
    let paged = public_wall(&app, &campaign, "?limit=2&page=2").await;
    assert_eq!(
        (
            paged["meta"]["total"].as_i64(),
            paged["data"].as_array().unwrap().len()
        ),
        (Some(3), 1)
    );
    assert_eq!(
        public_wall(&app, &campaign, "?sort=loudest").await["code"],
        "INVALID_QUERY"
    );
}

#[tokio::test]
async fn an_upvote_counts_once_per_account_and_once_per_visitor_a_day() {
    let app = spawn_behind_proxy().await;
    let (admin, _, campaign, reps) = wall(&app).await;
    let posted = post_response(&app, &campaign, &reps[0], "We agree.", None).await;
    let path = format!(
        "/api/public/responses/{}/upvote",
        posted["id"].as_str().unwrap()
    );
    let early = app.public_post(&path, json!({}), Some("203.0.113.5")).await;
    expect_error(early, StatusCode::NOT_FOUND, "NOT_FOUND").await;
    moderate(&app, &admin, &posted["id"], json!({"status": "approved"})).await;

    let first = app.public_post(&path, json!({}), Some("203.0.113.5")).await;
    assert_eq!(body(first).await["data"]["upvotes"], 1);
    let again = app.public_post(&path, json!({}), Some("203.0.113.5")).await;
    expect_error(again, StatusCode::CONFLICT, "ALREADY_UPVOTED").await;

    // A signed-in user counts as themselves, wherever they are.
    let user = app.register("voter").await;
    let signed_in = |ip: &'static str| {
        app.http
            .post(app.url(&path))
            .bearer_auth(&user.access)
            .header("x-forwarded-for", ip)
            .send()
    };
    assert_eq!(
        body(signed_in("203.0.113.5").await.unwrap()).await["data"]["upvotes"],
        2
    );
    let twice = signed_in("203.0.113.77").await.unwrap();
    expect_error(twice, StatusCode::CONFLICT, "ALREADY_UPVOTED").await;

    // Only hashes are stored: no address, and a new hash every day.
    let db = app.db().await;
    let stored: Vec<Vec<u8>> = db
        .query("select voter from response_upvotes", &[])
        .await
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert!(
        stored
            .iter()
            .all(|v| v.len() == 32 && !String::from_utf8_lossy(v).contains("203.0.113"))
    );
    db.execute("update daily_salts set day = day - 1", &[])
        .await
        .unwrap();
    let tomorrow = app.public_post(&path, json!({}), Some("203.0.113.5")).await;
    assert_eq!(
        body(tomorrow).await["data"]["upvotes"],
        3,
        "a new day, a new salt"
    );
    let salts: i64 = db
        .query_one("select count(*) from daily_salts", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(salts, 1, "yesterday's salt is gone");
}

#[tokio::test]
async fn the_representative_confirms_a_response_from_an_emailed_link() {
    let app = spawn_app().await;
    let (admin, district, campaign, reps) = wall(&app).await;
    let posted = post_response(
        &app,
        &campaign,
        &reps[0],
        "Yes, I will vote against the sale.",
        None,
    )
    .await;
    moderate(&app, &admin, &posted["id"], json!({"status": "approved"})).await;
    let path = format!(
        "/api/responses/{}/verification",
        posted["id"].as_str().unwrap()
    );
    let asked = app.post_as(&path, &admin.access, json!({})).await;
    assert_eq!(asked.status(), StatusCode::OK);
    let asked = body(asked).await["data"].clone();
    assert_eq!(asked["verification_email"], district.emails[0].as_str());

    let email = app
        .wait_for_email(&district.emails[0], "Is this your response")
        .await;
    assert!(email.body.contains("Yes, I will vote against the sale."));
    assert!(email.body.contains("action=report"));
    let token = email.link_param("token");
    let stored: Vec<u8> = app
        .db()
        .await
        .query_one(
            "select verification_token_hash from campaign_responses",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_ne!(stored, token.as_bytes(), "only the token's hash is kept");

    let verified = app
        .post("/api/public/responses/verify", json!({"token": token}))
        .await;
    assert_eq!(verified.status(), StatusCode::OK);
    assert_eq!(
        body(verified).await["data"]["campaign_slug"],
        campaign["slug"]
    );
    let shown = public_wall(&app, &campaign, "").await;
    assert_eq!(shown["data"][0]["verified"], true);
    let used = app
        .post(
            "/api/public/responses/verify",
            json!({"token": token, "action": "report"}),
        )
        .await;
    expect_error(used, StatusCode::GONE, "LINK_EXPIRED").await;
    let unknown = app
        .post(
            "/api/public/responses/verify",
            json!({"token": "not-a-token"}),
        )
        .await;
    expect_error(unknown, StatusCode::NOT_FOUND, "LINK_NOT_FOUND").await;
    let again = app.post_as(&path, &admin.access, json!({})).await;
    expect_error(again, StatusCode::CONFLICT, "ALREADY_ANSWERED").await;
}

#[tokio::test]
async fn a_reported_response_leaves_the_wall_and_links_expire_after_thirty_days() {
    let app = spawn_app().await;
    let (admin, district, campaign, reps) = wall(&app).await;
    let mut tokens = Vec::new();
    for (n, text) in ["Not mine", "Old one"].iter().enumerate() {
        let posted = post_response(&app, &campaign, &reps[0], text, None).await;
        moderate(&app, &admin, &posted["id"], json!({"status": "approved"})).await;
        let path = format!(
            "/api/responses/{}/verification",
            posted["id"].as_str().unwrap()
        );
        assert_eq!(
            app.post_as(&path, &admin.access, json!({})).await.status(),
            StatusCode::OK
        );
        let email = app
            .wait_for_nth_email(&district.emails[0], "Is this your response", n + 1)
            .await;
        tokens.push((posted["id"].clone(), email.link_param("token")));
    }
    let (reported, token) = &tokens[0];
    let response = app
        .post(
            "/api/public/responses/verify",
            json!({"token": token, "action": "report"}),
        )
        .await;
    assert_eq!(body(response).await["data"]["action"], "report");
    let record = body(
        app.get("/api/responses?status=pending", &admin.access)
            .await,
    )
    .await;
    assert_eq!(
        record["data"][0]["id"], *reported,
        "back in the moderation queue"
    );
    assert!(record["data"][0]["reported_at"].is_string());

    let (old, token) = &tokens[1];
    let days = chrono::Duration::days(30);
    let expires: chrono::DateTime<chrono::Utc> = app
        .db()
        .await
        .query_one(
            "update campaign_responses set verification_expires_at = verification_expires_at - interval '30 days'
             where id = $1 returning verification_expires_at + interval '30 days'",
            &[&old.as_str().unwrap().parse::<uuid::Uuid>().unwrap()],
        )
        .await
        .unwrap()
        .get(0);
    let lifetime = expires - chrono::Utc::now();
    assert!(
        lifetime > days - chrono::Duration::minutes(5) && lifetime <= days,
        "links work 30 days: {lifetime}"
    );
    let late = app
        .post("/api/public/responses/verify", json!({"token": token}))
        .await;
    expect_error(late, StatusCode::GONE, "LINK_EXPIRED").await;
}
