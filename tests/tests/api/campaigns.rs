//! Influence campaigns, as a supporter and an organiser live them: a stranger
//! with a postal code finds their representatives and has the server email
//! them; the campaign counts it; limits, repeats and edits follow the rules.

use reqwest::StatusCode;
use serde_json::json;

use crate::campaign_helpers::*;
use crate::helpers::*;

#[tokio::test]
async fn a_supporter_finds_their_representatives_and_the_server_emails_them() {
    let app = spawn_app().await;
    let admin = app.influence_admin().await;
    let district = app.seed_district(&admin).await;
    let campaign = app
        .launch_campaign(&admin, campaign_body("Keep the Elm Street park"))
        .await;
    let slug = &campaign["slug"];
    assert_eq!(slug, "keep-the-elm-street-park");

    // The page and the lookup, as a stranger's phone asks for them.
    let page = app
        .http
        .get(app.url("/api/public/campaigns/keep-the-elm-street-park"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let page = body(page).await;
    assert_eq!(
        (
            page["data"]["email_count"].as_i64(),
            page["data"]["allow_server_send"].as_bool()
        ),
        (Some(0), Some(true))
    );
    let lookup = app
        .public_post(
            "/api/public/representatives/lookup",
            json!({"postal_code": " k1a-0b1 ", "campaign": slug}),
            None,
        )
        .await;
    assert_eq!(lookup.status(), StatusCode::OK);
    let lookup = body(lookup).await;
    assert_eq!(lookup["data"]["postal_code"], POSTAL_CODE);
    let found: Vec<(&str, &str)> = lookup["data"]["representatives"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["name"].as_str().unwrap(), r["level"].as_str().unwrap()))
        .collect();
    assert_eq!(
        found,
        [
            ("Avery Lee", "federal"),
            ("Morgan Chen", "provincial"),
            ("Casey Roy", "municipal"),
            ("Jordan Park", "school_board")
        ],
        "every level, the municipal one through the postal code's area"
    );

    let supporter_email = format!("{}@example.org", unique("sam"));
    let sent = app
        .send_campaign(slug, supporter(&supporter_email), None)
        .await;
    assert_eq!(sent.status(), StatusCode::CREATED);
    let sent = body(sent).await;
    assert_eq!(
        sent["data"]["emails"].as_array().unwrap().len(),
        3,
        "the trustee has no address: {sent}"
    );
    assert_eq!(sent["data"]["email_count"], 3);

    let email = app
        .wait_for_email(&district.emails[0], "Keep Riverside's park")
        .await;
    assert_eq!(
        email.from, "noreply@fleet.test",
        "the site's sender, never the supporter"
    );
    assert_eq!(email.reply_to.as_deref(), Some(supporter_email.as_str()));
    assert_eq!(email.to, [district.emails[0].clone()]);
    assert_eq!(email.subject, "Keep Riverside's park, from K1A 0B1");
    let (message, footer) = letter_and_footer(&email.body);
    assert_eq!(
        message,
        "Dear MP Avery Lee,\n\nPlease keep the park.\n\nSam Supporter"
    );
    assert!(
        footer.contains("Sam Supporter (K1A 0B1)")
            && footer.contains("/campaigns/keep-the-elm-street-park"),
        "the stored campaign_email template says who wrote and through which campaign: {footer}"
    );
    assert!(
        email.html.contains("Dear MP Avery Lee,") && email.html.contains("Please keep the park."),
        "{}",
        email.html
    );
    let councillor = app
        .wait_for_email(&district.emails[2], "Keep Ward 7's park")
        .await;
    assert!(councillor.body.starts_with("Dear Councillor Casey Roy,"));

    // The organiser sees every email sent and counted.
    let emails = app.settled_emails(&admin, &campaign["id"]).await;
    assert!(
        emails
            .iter()
            .all(|e| e["status"] == "sent" && e["sent_at"].is_string()),
        "{emails:?}"
    );
    let list = body(app.get("/api/campaigns", &admin.access).await).await;
    let listed = &list["data"][0];
    assert_eq!(
        (listed["sent"].as_i64(), listed["email_count"].as_i64()),
        (Some(3), Some(3)),
        "{listed}"
    );
    let stats = body(
        app.get(
            &format!("/api/campaigns/{}/stats", campaign["id"].as_str().unwrap()),
            &admin.access,
        )
        .await,
    )
    .await;
    assert_eq!(
        (
            stats["data"]["sent"].as_i64(),
            stats["data"]["supporters"].as_i64()
        ),
        (Some(3), Some(1))
    );
    let today = stats["data"]["per_day"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(today["server"], 3, "{today}");
    let page = body(
        app.http
            .get(app.url("/api/public/campaigns/keep-the-elm-street-park"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(page["data"]["email_count"], 3);
}

#[tokio::test]
async fn postal_codes_are_read_however_they_are_typed_and_strangers_refused() {
    let app = spawn_app().await;
    let admin = app.influence_admin().await;
    app.seed_district(&admin).await;
    let campaign = app
        .launch_campaign(&admin, campaign_body("Postal codes"))
        .await;
    let lookup = |code: &str| {
        app.public_post(
            "/api/public/representatives/lookup",
            json!({"postal_code": code, "campaign": campaign["slug"]}),
            None,
        )
    };
    for typed in ["k1a0b1", "K1A 0B1", " k1a-0b1 ", "K1A0B1"] {
        let response = lookup(typed).await;
        assert_eq!(response.status(), StatusCode::OK, "{typed:?}");
        let found = body(response).await;
        assert_eq!(found["data"]["postal_code"], POSTAL_CODE, "{typed:?}");
        assert_eq!(
            found["data"]["representatives"].as_array().unwrap().len(),
            4,
            "{typed:?}"
        );
    }
    for first in ['D', 'F', 'I', 'O', 'Q', 'U', 'W', 'Z'] {
        let response = lookup(&format!("{first}1A 0B1")).await;
        let error = expect_error(
            response,
            StatusCode::UNPROCESSABLE_ENTITY,
            "VALIDATION_FAILED",
        )
        .await;
        assert!(
            error["details"]["postal_code"].is_string(),
            "{first}: {error}"
        );
    }
    for bad in [
        "", "K1A", "K1A 0B", "12345", "SW1A 1AA", "K1A  0B1", "K1A\n0B1",
    ] {
        let error = expect_error(
            lookup(bad).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "VALIDATION_FAILED",
        )
        .await;
        assert!(
            error["details"]["postal_code"].is_string(),
            "{bad:?}: {error}"
        );
    }
    // A postal code nobody imported finds nobody; a campaign that is not public is not found.
    let nobody = body(lookup("H0H 0H0").await).await;
    assert_eq!(nobody["data"]["representatives"], json!([]));
    let draft = app
        .create_campaign(&admin, campaign_body("Still a draft"))
        .await;
    let response = app
        .public_post(
            "/api/public/representatives/lookup",
            json!({"postal_code": POSTAL_CODE, "campaign": draft["slug"]}),
            None,
        )
        .await;
    expect_error(response, StatusCode::NOT_FOUND, "NOT_FOUND").await;
}

#[tokio::test]
async fn a_supporters_name_with_braces_or_markup_comes_out_literally() {
    let app = spawn_app().await;
    let admin = app.influence_admin().await;
    let district = app.seed_district(&admin).await;
    let campaign = app
        .launch_campaign(&admin, campaign_body("Injection"))
        .await;
    let mut request = supporter(&format!("{}@example.org", unique("eve")));
    request["supporter_name"] = json!("{{REPRESENTATIVE_EMAIL}} <script>alert(1)</script>");
    request["representative_ids"] = json!([app.representatives_of(&campaign).await[0]["id"]]);
    let response = app.send_campaign(&campaign["slug"], request, None).await;
    assert_eq!(
        response.status(),
        StatusCode::CREATED,
        "{}",
        body(response).await
    );
    let email = app
        .wait_for_email(&district.emails[0], "Keep Riverside")
        .await;
    assert!(
        email
            .body
            .contains("{{REPRESENTATIVE_EMAIL}} <script>alert(1)</script>"),
        "the name is inserted as typed, never parsed: {}",
        email.body
    );
    assert!(
        email
            .html
            .contains("{{REPRESENTATIVE_EMAIL}} &lt;script&gt;alert(1)&lt;/script&gt;"),
        "{}",
        email.html
    );
    assert!(!email.html.contains("<script>"));
}

#[tokio::test]
async fn counters_stay_exact_when_many_supporters_send_at_once() {
    let app = spawn_behind_proxy().await;
    let admin = app.influence_admin().await;
    app.seed_district(&admin).await;
    let campaign = app
        .launch_campaign(&admin, campaign_body("Everyone at once"))
        .await;
    let sends = (0..16).map(|n| {
        let request = supporter(&format!("{}@example.org", unique(&format!("crowd{n}_"))));
        let ip = format!("198.51.100.{}", n + 1);
        let (app, slug) = (&app, &campaign["slug"]);
        async move { app.send_campaign(slug, request, Some(&ip)).await.status() }
    });
    let statuses = futures::future::join_all(sends).await;
    assert!(
        statuses.iter().all(|s| *s == StatusCode::CREATED),
        "{statuses:?}"
    );
    let rows: i64 = app
        .db()
        .await
        .query_one(
            "select count(*) from campaign_emails where method = 'server'",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(rows, 48, "three representatives for each of 16 supporters");
    let page = body(
        app.http
            .get(app.url(&format!(
                "/api/public/campaigns/{}",
                campaign["slug"].as_str().unwrap()
            )))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(page["data"]["email_count"], 48);
}

#[tokio::test]
async fn the_same_representative_from_the_same_supporter_waits_a_day() {
    let app = spawn_app().await;
    let admin = app.influence_admin().await;
    let district = app.seed_district(&admin).await;
    let campaign = app
        .launch_campaign(&admin, campaign_body("Once a day"))
        .await;
    let slug = &campaign["slug"];
    let first = app.representatives_of(&campaign).await;
    let sam = format!("{}@example.org", unique("sam"));
    let mut to_mp = supporter(&sam);
    to_mp["representative_ids"] = json!([first[0]["id"]]);
    assert_eq!(
        app.send_campaign(slug, to_mp.clone(), None).await.status(),
        StatusCode::CREATED
    );

    // Again, even with the address typed in capitals: refused, politely, with when.
    let mut again = supporter(&sam.to_uppercase());
    again["representative_ids"] = json!([first[0]["id"], first[1]["id"]]);
    let refused = expect_error(
        app.send_campaign(slug, again, None).await,
        StatusCode::CONFLICT,
        "ALREADY_SENT",
    )
    .await;
    let message = refused["error"].as_str().unwrap();
    assert!(
        message.contains(district.names[0]) && message.contains("UTC"),
        "{message}"
    );
    assert!(
        !message.contains(district.names[1]),
        "only the one already written to: {message}"
    );
    let allowed: chrono::DateTime<chrono::Utc> = refused["details"]["allowed_at"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let wait = allowed - chrono::Utc::now();
    assert!(
        wait > chrono::Duration::hours(23) && wait <= chrono::Duration::hours(24),
        "{wait}"
    );
    assert_eq!(
        refused["details"]["representatives"][0]["representative_id"],
        first[0]["id"]
    );

    // Another representative, or another supporter, is fine.
    let mut to_mpp = supporter(&sam);
    to_mpp["representative_ids"] = json!([first[1]["id"]]);
    assert_eq!(
        app.send_campaign(slug, to_mpp, None).await.status(),
        StatusCode::CREATED
    );
    let mut friend = supporter(&format!("{}@example.org", unique("friend")));
    friend["representative_ids"] = json!([first[0]["id"]]);
    assert_eq!(
        app.send_campaign(slug, friend, None).await.status(),
        StatusCode::CREATED
    );
    app.wait_for_nth_email(&district.emails[0], "Keep Riverside", 2)
        .await;
}

#[tokio::test]
async fn sends_are_limited_per_address_and_per_supporter() {
    let app = spawn_behind_proxy().await;
    let admin = app.influence_admin().await;
    app.seed_district(&admin).await;
    let campaign = app.launch_campaign(&admin, campaign_body("Limits")).await;
    let slug = &campaign["slug"];
    // Ten supporters behind one address (an office), then the eleventh waits.
    for n in 0..10 {
        let request = supporter(&format!("{}@example.org", unique(&format!("office{n}_"))));
        let response = app.send_campaign(slug, request, Some("203.0.113.9")).await;
        assert_eq!(response.status(), StatusCode::CREATED, "send {n}");
    }
    let request = supporter(&format!("{}@example.org", unique("eleventh")));
    let response = app
        .send_campaign(slug, request.clone(), Some("203.0.113.9"))
        .await;
    assert!(response.headers().get("retry-after").is_some());
    expect_error(response, StatusCode::TOO_MANY_REQUESTS, "RATE_LIMITED").await;
    assert_eq!(
        app.send_campaign(slug, request, Some("203.0.113.10"))
            .await
            .status(),
        StatusCode::CREATED,
        "another address is not held back"
    );

    // One supporter from many addresses: three sends a day.
    let reps = app.representatives_of(&campaign).await;
    let pat = format!("{}@example.org", unique("pat"));
    for (n, rep) in reps.iter().take(3).enumerate() {
        let mut request = supporter(&pat);
        request["representative_ids"] = json!([rep["id"]]);
        let response = app
            .send_campaign(slug, request, Some(&format!("192.0.2.{n}")))
            .await;
        assert_eq!(response.status(), StatusCode::CREATED, "send {n}");
    }
    let response = app
        .send_campaign(slug, supporter(&pat), Some("192.0.2.99"))
        .await;
    expect_error(response, StatusCode::TOO_MANY_REQUESTS, "RATE_LIMITED").await;
}

#[tokio::test]
async fn a_supporter_edits_the_message_only_when_the_campaign_allows_it() {
    let app = spawn_app().await;
    let admin = app.influence_admin().await;
    let district = app.seed_district(&admin).await;
    let fixed = app
        .launch_campaign(&admin, campaign_body("Fixed words"))
        .await;
    let mut edited = supporter(&format!("{}@example.org", unique("ed")));
    edited["body"] = json!("My own words");
    let error = expect_error(
        app.send_campaign(&fixed["slug"], edited, None).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "VALIDATION_FAILED",
    )
    .await;
    assert!(
        error["details"]["body"]
            .as_str()
            .unwrap()
            .contains("cannot be edited")
    );
    // The campaign's own words sent back unchanged are no edit.
    let mut same = supporter(&format!("{}@example.org", unique("same")));
    same["body"] = fixed["email_body"].clone();
    same["subject"] = fixed["email_subject"].clone();
    assert_eq!(
        app.send_campaign(&fixed["slug"], same, None).await.status(),
        StatusCode::CREATED
    );

    let mut open = campaign_body("Your own words");
    open["allow_editing"] = json!(true);
    let open = app.launch_campaign(&admin, open).await;
    let cases = [
        (json!("x".repeat(10_001)), "body", "at most 10000"),
        (json!("Dear {{ADMIN_PASSWORD}}"), "body", "line 1, column 6"),
        (json!("  \u{7}  "), "body", "required"),
    ];
    for (text, field, message) in cases {
        let mut request = supporter(&format!("{}@example.org", unique("ed")));
        request[field] = text;
        let error = expect_error(
            app.send_campaign(&open["slug"], request, None).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "VALIDATION_FAILED",
        )
        .await;
        assert!(
            error["details"][field].as_str().unwrap().contains(message),
            "{error}"
        );
    }
    let mut request = supporter(&format!("{}@example.org", unique("ed")));
    request["subject"] = json!("A  personal\tnote");
    request["body"] = json!(
        "Dear {{REPRESENTATIVE_NAME}},\r\nI care\u{1b}[31m about this.\u{0}\n{{SUPPORTER_NAME}}"
    );
    request["representative_ids"] = json!([app.representatives_of(&open).await[0]["id"]]);
    assert_eq!(
        app.send_campaign(&open["slug"], request, None)
            .await
            .status(),
        StatusCode::CREATED
    );
    let email = app
        .wait_for_email(&district.emails[0], "A personal note")
        .await;
    assert_eq!(
        letter_and_footer(&email.body).0,
        "Dear Avery Lee,\nI care[31m about this.\nSam Supporter",
        "control characters stripped"
    );
}

#[tokio::test]
async fn a_mailto_link_is_built_for_every_representative_and_counted_as_an_intent() {
    let app = spawn_app().await;
    let admin = app.influence_admin().await;
    let district = app.seed_district(&admin).await;
    let mut only_mailto = campaign_body("Write from your own mailbox");
    only_mailto["allow_server_send"] = json!(false);
    only_mailto["email_subject"] = json!("Parks & trees? 100% yes");
    only_mailto["email_body"] =
        json!("Dear {{REPRESENTATIVE_NAME}},\nKeep the park #1.\n{{SUPPORTER_NAME}}");
    let campaign = app.launch_campaign(&admin, only_mailto).await;
    let path = format!(
        "/api/public/campaigns/{}/mailto",
        campaign["slug"].as_str().unwrap()
    );

    // It collects supporters' details by default.
    let anonymous = app
        .public_post(&path, json!({"postal_code": POSTAL_CODE}), None)
        .await;
    let error = expect_error(
        anonymous,
        StatusCode::UNPROCESSABLE_ENTITY,
        "VALIDATION_FAILED",
    )
    .await;
    assert!(
        error["details"]["supporter_name"].is_string()
            && error["details"]["supporter_email"].is_string()
    );

    let response = app
        .public_post(&path, supporter("zoe@example.org"), None)
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let link = body(response).await["data"].clone();
    let mailto = link["mailto"].as_str().unwrap();
    let expected_to = district.emails.join(",");
    assert!(
        mailto.starts_with(&format!("mailto:{expected_to}?subject=")),
        "{mailto}"
    );
    assert!(
        mailto.contains("subject=Parks%20%26%20trees%3F%20100%25%20yes&body="),
        "{mailto}"
    );
    assert!(
        mailto.ends_with("body=Dear%20Avery%20Lee%2C%20Morgan%20Chen%20and%20Casey%20Roy%2C%0D%0AKeep%20the%20park%20%231.%0D%0ASam%20Supporter"),
        "{mailto}"
    );
    assert_eq!(link["mailto_count"], 3);
    let queue = body(
        app.get(
            &format!(
                "/api/campaigns/emails?campaign_id={}",
                campaign["id"].as_str().unwrap()
            ),
            &admin.access,
        )
        .await,
    )
    .await;
    assert!(
        queue["data"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["status"] == "intent" && e["method"] == "mailto")
    );
    assert!(
        app.sent_emails(&district.emails[0]).await.is_empty(),
        "nothing is sent by the server"
    );

    // This campaign does not send; another does not offer links.
    let send = app
        .send_campaign(&campaign["slug"], supporter("zoe@example.org"), None)
        .await;
    expect_error(send, StatusCode::CONFLICT, "SERVER_SEND_DISABLED").await;
    let mut server_only = campaign_body("Only the server");
    server_only["allow_mailto"] = json!(false);
    let server_only = app.launch_campaign(&admin, server_only).await;
    let response = app
        .public_post(
            &format!(
                "/api/public/campaigns/{}/mailto",
                server_only["slug"].as_str().unwrap()
            ),
            supporter("zoe@example.org"),
            None,
        )
        .await;
    expect_error(response, StatusCode::CONFLICT, "MAILTO_DISABLED").await;
}

#[tokio::test]
async fn a_paused_campaign_shows_its_page_but_takes_no_emails() {
    let app = spawn_app().await;
    let admin = app.influence_admin().await;
    app.seed_district(&admin).await;
    let campaign = app.launch_campaign(&admin, campaign_body("Paused")).await;
    let paused = app
        .set_campaign_status(&admin, &campaign["id"], "paused")
        .await;
    assert_eq!(paused.status(), StatusCode::OK);
    let page = app
        .http
        .get(app.url("/api/public/campaigns/paused"))
        .send()
        .await
        .unwrap();
    assert_eq!(body(page).await["data"]["status"], "paused");
    let send = app
        .send_campaign(&campaign["slug"], supporter("x@example.org"), None)
        .await;
    expect_error(send, StatusCode::CONFLICT, "CAMPAIGN_CLOSED").await;
    let list = body(
        app.http
            .get(app.url("/api/public/campaigns"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(list["meta"]["total"], 0, "only active campaigns are listed");
}

/// A campaign email's text as the supporter wrote it, and the footer the
/// `campaign_email` template adds below its `--` line.
fn letter_and_footer(body: &str) -> (String, String) {
    let body = body.replace("\r\n", "\n");
    match body.split_once("\n\n--\n") {
        Some((message, footer)) => (message.to_string(), footer.trim_end().to_string()),
        None => (body.trim_end().to_string(), String::new()),
    }
}
