//! Volunteer shifts as organisers and volunteers live them: a series planned in
//! Edmonton across a daylight-saving change, edits by scope, a public sign-up
//! that makes a TEMP account (or quietly uses an existing one) and emails an
//! invitation, a capacity that holds under a crowd, a waitlist that moves up,
//! cancel links, calendar feeds, reminders and the sign-up limit.

use futures::future::join_all;
use icalendar::{Component, DatePerhapsTime, EventLike};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::campaign_helpers::spawn_behind_proxy;
use crate::helpers::*;
use crate::shift_helpers::*;

#[tokio::test]
async fn a_visitor_signs_up_gets_an_invitation_and_an_admin_upgrades_their_temp_account() {
    let app = spawn_behind_proxy().await;
    let admin = app.map_admin().await;
    let shift = app
        .create_shift(&admin, shift_body("Saturday canvass", 5, 4))
        .await;

    let listed = body(
        app.http
            .get(app.url("/api/public/shifts"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let public = &listed["data"][0];
    assert_eq!(public["id"], json!(shift));
    assert_eq!(public["spots_left"], json!(4));
    assert!(public.get("signups").is_none() && public.get("confirmed_count").is_none());

    let email = format!("{}@example.org", unique("zoe"));
    app.volunteer(&shift, "Zoë Volunteer", &email, "198.18.1.1")
        .await;
    let sent = app.wait_for_email(&email, "You are signed up").await;
    assert!(sent.body.contains("Hello Zoë Volunteer"), "{}", sent.body);
    assert!(sent.body.contains("Riverside Community Centre"));
    assert!(sent.body.contains("10:00–13:00 M"), "{}", sent.body);
    assert!(!sent.link_param("token").is_empty());
    let calendar = invitation(&sent);
    let event = calendar.components[0].as_event().unwrap();
    assert_eq!(event.get_summary(), Some("Saturday canvass"));
    assert_eq!(event.get_location(), Some("Riverside Community Centre"));
    let detail = app.shift_detail(&admin, &shift).await;
    let starts: chrono::DateTime<chrono::Utc> = detail["shift"]["starts_at"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(
        event.get_start(),
        Some(DatePerhapsTime::DateTime(starts.into()))
    );

    let signup = &detail["signups"][0];
    assert_eq!(signup["email"], json!(email));
    assert_eq!(signup["phone"], json!("780 555 0123"));
    assert_eq!(signup["role"], json!("TEMP"));
    assert_eq!(signup["status"], json!("confirmed"));
    let upgrade = format!(
        "/api/shifts/volunteers/{}/upgrade",
        signup["user_id"].as_str().unwrap()
    );
    let response = app.post_as(&upgrade, &admin.access, json!({})).await;
    assert_eq!(body(response).await["data"]["role"], json!("USER"));
    let again = app.post_as(&upgrade, &admin.access, json!({})).await;
    expect_error(again, StatusCode::CONFLICT, "NOT_TEMP").await;
    let detail = app.shift_detail(&admin, &shift).await;
    assert_eq!(detail["signups"][0]["role"], json!("USER"));
}

#[tokio::test]
async fn an_existing_account_is_used_and_the_answer_does_not_tell() {
    let app = spawn_behind_proxy().await;
    let admin = app.map_admin().await;
    let shift = app
        .create_shift(&admin, shift_body("Phone bank", 3, 10))
        .await;
    let member = app.register("member").await;
    let stranger = format!("{}@example.org", unique("new"));

    let mut answers = Vec::new();
    for (n, email) in [member.email.as_str(), stranger.as_str()]
        .into_iter()
        .enumerate()
    {
        let response = app
            .public_post(
                &format!("/api/public/shifts/{shift}/signups"),
                json!({"name": "Sam", "email": email}),
                Some(&format!("198.18.2.{n}")),
            )
            .await;
        let status = response.status();
        let mut answer = body(response).await;
        answer["data"]["email"] = json!("-");
        answers.push((status, answer));
    }
    assert_eq!(answers[0], answers[1]);
    assert_eq!(answers[0].0, StatusCode::ACCEPTED);

    let detail = app.shift_detail(&admin, &shift).await;
    let mine = detail["signups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["email"] == json!(member.email))
        .unwrap();
    assert_eq!(mine["user_id"], json!(member.id));
    assert_eq!(mine["role"], json!("USER"));
    app.wait_for_email(&member.email, "You are signed up").await;
}

#[tokio::test]
async fn the_capacity_holds_when_a_crowd_signs_up_at_once() {
    let app = spawn_behind_proxy().await;
    let admin = app.map_admin().await;
    let shift = app
        .create_shift(&admin, shift_body("Popular shift", 4, 3))
        .await;
    let crowd = (0..12).map(|n| {
        let app = &app;
        let shift = shift.clone();
        async move {
            let email = format!("{}@example.org", unique(&format!("crowd{n}")));
            let body_json = json!({"name": "Crowd", "email": email});
            // All in one local process, a crowd can outwait the small pool
            // (503, "try again"); a volunteer's phone tries again.
            for _ in 0..10 {
                let response = app
                    .public_post(
                        &format!("/api/public/shifts/{shift}/signups"),
                        body_json.clone(),
                        Some(&format!("198.18.3.{n}")),
                    )
                    .await;
                if response.status() != StatusCode::SERVICE_UNAVAILABLE {
                    assert_eq!(response.status(), StatusCode::ACCEPTED);
                    return;
                }
            }
            panic!("the sign-up never got through");
        }
    });
    join_all(crowd).await;
    let detail = app.shift_detail(&admin, &shift).await;
    assert_eq!(detail["shift"]["confirmed_count"], json!(3));
    assert_eq!(detail["shift"]["waitlisted_count"], json!(9));
    let confirmed = statuses(&detail)
        .iter()
        .filter(|(_, s)| s == "confirmed")
        .count();
    assert_eq!(confirmed, 3);
}

#[tokio::test]
async fn a_cancellation_by_link_gives_the_place_to_the_waitlist_and_emails_them() {
    let app = spawn_behind_proxy().await;
    let admin = app.map_admin().await;
    let shift = app
        .create_shift(&admin, shift_body("Small team", 2, 1))
        .await;
    let first = format!("{}@example.org", unique("first"));
    let second = format!("{}@example.org", unique("second"));
    app.volunteer(&shift, "First", &first, "198.18.4.1").await;
    app.volunteer(&shift, "Second", &second, "198.18.4.2").await;
    let waiting = app.wait_for_email(&second, "You are on the waitlist").await;
    assert!(
        waiting.attachments.is_empty(),
        "no invitation before a place"
    );

    let token = app
        .wait_for_email(&first, "You are signed up")
        .await
        .link_param("token");
    let view = app
        .http
        .get(app.url(&format!("/api/public/shifts/cancel?token={token}")))
        .send()
        .await
        .unwrap();
    let view = body(view).await;
    assert_eq!(view["data"]["status"], json!("confirmed"));
    assert_eq!(view["data"]["shift"]["title"], json!("Small team"));
    for _ in 0..2 {
        let response = app
            .post("/api/public/shifts/cancel", json!({"token": token}))
            .await;
        assert_eq!(response.status(), StatusCode::OK);
    }
    let unknown = app
        .post("/api/public/shifts/cancel", json!({"token": "nope"}))
        .await;
    expect_error(unknown, StatusCode::NOT_FOUND, "NOT_FOUND").await;

    let promoted = app.wait_for_email(&second, "A place opened for you").await;
    assert!(!invitation(&promoted).components.is_empty());
    app.wait_for_email(&first, "Cancelled: Small team").await;
    let detail = app.shift_detail(&admin, &shift).await;
    assert_eq!(
        statuses(&detail),
        [(second.clone(), "confirmed".to_string())]
    );
    assert_eq!(detail["shift"]["confirmed_count"], json!(1));
    // Only one promotion, however many times the link is used.
    assert_eq!(app.emails(&second, "A place opened").await.len(), 1);
}

#[tokio::test]
async fn a_weekly_series_keeps_its_local_time_across_the_spring_change() {
    let app = spawn_app().await;
    let admin = app.map_admin().await;
    // Clocks go forward in Edmonton on 2027-03-14: 10:00 is 17:00 UTC before, 16:00 after.
    let mut series = shift_body("Saturday doors", 0, 5);
    series["date"] = json!("2027-03-06");
    series["recurrence"] = json!({"frequency": "weekly", "weekdays": ["SA"], "count": 3});
    let made = app.create_shifts(&admin, series.clone()).await;
    assert!(made["series_id"].is_string());
    let starts: Vec<&str> = made["shifts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["starts_at"].as_str().unwrap())
        .collect();
    assert_eq!(
        starts,
        [
            "2027-03-06T17:00:00Z",
            "2027-03-13T17:00:00Z",
            "2027-03-20T16:00:00Z"
        ]
    );

    let cases: [(Value, &str); 4] = [
        (json!({"frequency": "daily", "count": 101}), "recurrence"),
        (
            json!({"frequency": "daily", "until": "2027-12-31"}),
            "recurrence",
        ),
        (json!({"frequency": "daily"}), "recurrence"),
        (
            json!({"frequency": "monthly", "weekdays": ["MO"], "count": 2}),
            "recurrence",
        ),
    ];
    for (rule, field) in cases {
        let mut body_json = series.clone();
        body_json["recurrence"] = rule.clone();
        let response = app.post_as("/api/shifts", &admin.access, body_json).await;
        let error = expect_error(
            response,
            StatusCode::UNPROCESSABLE_ENTITY,
            "VALIDATION_FAILED",
        )
        .await;
        assert!(error["details"][field].is_string(), "{rule}: {error}");
    }
    let mut hourly = series.clone();
    hourly["recurrence"] = json!({"frequency": "hourly", "count": 2});
    let response = app.post_as("/api/shifts", &admin.access, hourly).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let mut bad = series.clone();
    bad["time_zone"] = json!("Mars/Olympus");
    bad["start_time"] = json!("25:00");
    let response = app.post_as("/api/shifts", &admin.access, bad).await;
    let error = expect_error(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "VALIDATION_FAILED",
    )
    .await;
    assert!(
        error["details"]["time_zone"].is_string() && error["details"]["start_time"].is_string()
    );

    let mut hundred = series;
    hundred["recurrence"] = json!({"frequency": "daily", "count": 100});
    let made = app.create_shifts(&admin, hundred).await;
    assert_eq!(made["shifts"].as_array().unwrap().len(), 100);
}

#[tokio::test]
async fn edits_apply_to_this_shift_the_rest_of_the_series_or_all_of_it() {
    let app = spawn_app().await;
    let admin = app.map_admin().await;
    let mut series = shift_body("Evening calls", 2, 4);
    series["recurrence"] = json!({"frequency": "daily", "count": 4});
    let made = app.create_shifts(&admin, series).await;
    let ids: Vec<String> = made["shifts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_string())
        .collect();
    let patch = |id: &str, scope: &str, change: Value| {
        let app = &app;
        let admin = &admin;
        let path = format!("/api/shifts/{id}?scope={scope}");
        async move { app.patch_as(&path, &admin.access, change).await }
    };

    let one = patch(&ids[1], "this", json!({"title": "Moved"})).await;
    assert_eq!(body(one).await["data"].as_array().unwrap().len(), 1);
    let later = patch(
        &ids[2],
        "future",
        json!({"start_time": "09:00", "end_time": "11:00"}),
    )
    .await;
    assert_eq!(body(later).await["data"].as_array().unwrap().len(), 2);
    let all = patch(&ids[0], "all", json!({"capacity": 8})).await;
    assert_eq!(body(all).await["data"].as_array().unwrap().len(), 4);
    let now = series_state(&app, &admin, &ids).await;
    let names: Vec<&str> = now.iter().map(|t| t.0.as_str()).collect();
    assert_eq!(
        names,
        ["Evening calls", "Moved", "Evening calls", "Evening calls"]
    );
    assert!(now.iter().all(|t| t.1 == 8));
    assert_eq!(now[0].2, now[1].2);
    assert_ne!(now[1].2, now[2].2);
    assert_eq!(now[2].2, now[3].2);

    let wrong = patch(&ids[0], "future", json!({"date": in_days(9)})).await;
    expect_error(wrong, StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_FAILED").await;

    // A capacity below the volunteers signed up is refused; a shift with
    // volunteers is not deleted; an empty one is.
    let user = app.register("volunteer").await;
    let response = app
        .post_as(
            &format!("/api/shifts/{}/signup", ids[3]),
            &user.access,
            json!({}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let shrink = patch(&ids[3], "this", json!({"capacity": 1})).await;
    assert_eq!(shrink.status(), StatusCode::OK);
    let zero = patch(&ids[3], "this", json!({"capacity": 0})).await;
    expect_error(zero, StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_FAILED").await;
    app.post_as(
        &format!("/api/shifts/{}/signup", ids[3]),
        &admin.access,
        json!({}),
    )
    .await;
    let detail = app.shift_detail(&admin, &ids[3]).await;
    assert_eq!(detail["shift"]["waitlisted_count"], json!(1));
    let grow = patch(&ids[3], "this", json!({"capacity": 2})).await;
    assert_eq!(grow.status(), StatusCode::OK);
    let detail = app.shift_detail(&admin, &ids[3]).await;
    assert_eq!(
        detail["shift"]["confirmed_count"],
        json!(2),
        "the waitlist moved up"
    );
    let shrink = patch(&ids[3], "this", json!({"capacity": 1})).await;
    expect_error(shrink, StatusCode::CONFLICT, "CAPACITY_BELOW_SIGNUPS").await;
    let busy = app
        .delete_as(&format!("/api/shifts/{}?scope=all", ids[0]), &admin.access)
        .await;
    expect_error(busy, StatusCode::CONFLICT, "HAS_SIGNUPS").await;
    let gone = app
        .delete_as(&format!("/api/shifts/{}", ids[0]), &admin.access)
        .await;
    assert_eq!(gone.status(), StatusCode::NO_CONTENT);
    let response = app
        .get(&format!("/api/shifts/{}", ids[0]), &admin.access)
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

/// Title, capacity and start (UTC HH:MM) of each shift of `ids`.
async fn series_state(
    app: &TestApp,
    admin: &TestUser,
    ids: &[String],
) -> Vec<(String, i64, String)> {
    let mut out = Vec::new();
    for id in ids {
        let shift = app.shift_detail(admin, id).await;
        out.push((
            shift["shift"]["title"].as_str().unwrap().to_string(),
            shift["shift"]["capacity"].as_i64().unwrap(),
            shift["shift"]["starts_at"].as_str().unwrap()[11..16].to_string(),
        ));
    }
    out
}

#[tokio::test]
async fn a_signed_in_volunteer_signs_up_cancels_and_subscribes_to_a_feed() {
    let app = spawn_app().await;
    let admin = app.map_admin().await;
    let shift = app
        .create_shift(&admin, shift_body("Literature drop", 6, 2))
        .await;
    let user = app.register("volunteer").await;

    let response = app
        .post_as(
            &format!("/api/shifts/{shift}/signup"),
            &user.access,
            json!({}),
        )
        .await;
    assert_eq!(body(response).await["data"]["status"], json!("confirmed"));
    let upcoming = body(app.get("/api/shifts/upcoming", &user.access).await).await;
    assert_eq!(upcoming["data"][0]["my_status"], json!("confirmed"));
    assert_eq!(upcoming["data"][0]["spots_left"], json!(1));
    // A page past the end is empty and still counts the shifts.
    let response = app
        .get("/api/shifts/upcoming?page=99999&limit=50", &user.access)
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let past = body(response).await;
    assert_eq!(past["data"], json!([]));
    assert_eq!(past["meta"]["total"], json!(1));
    app.wait_for_email(&user.email, "You are signed up").await;

    let feed = app
        .post_as("/api/shifts/feed", &user.access, json!({}))
        .await;
    assert_eq!(feed.status(), StatusCode::CREATED);
    let url = body(feed).await["data"]["url"]
        .as_str()
        .unwrap()
        .to_string();
    let path = &url[url.find("/api/").unwrap()..];
    let calendar = app.http.get(app.url(path)).send().await.unwrap();
    assert_eq!(calendar.status(), StatusCode::OK);
    assert!(
        calendar.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/calendar")
    );
    let text = calendar.text().await.unwrap();
    let parsed: icalendar::Calendar = text.parse().unwrap();
    assert_eq!(parsed.components.len(), 1);
    assert_eq!(
        parsed.components[0].as_event().unwrap().get_summary(),
        Some("Literature drop")
    );
    let mine = body(app.get("/api/shifts/mine", &user.access).await).await;
    assert_eq!(mine["data"]["shifts"][0]["shift"]["id"], json!(shift));
    assert!(mine["data"]["feed_created_at"].is_string());

    // A new link revokes the old one; revoking ends the new one.
    let renewed = app
        .post_as("/api/shifts/feed", &user.access, json!({}))
        .await;
    let renewed = body(renewed).await["data"]["url"]
        .as_str()
        .unwrap()
        .to_string();
    let old = app.http.get(app.url(path)).send().await.unwrap();
    assert_eq!(old.status(), StatusCode::NOT_FOUND);
    let revoke = app.delete_as("/api/shifts/feed", &user.access).await;
    assert_eq!(revoke.status(), StatusCode::NO_CONTENT);
    let new_path = &renewed[renewed.find("/api/").unwrap()..];
    let ended = app.http.get(app.url(new_path)).send().await.unwrap();
    assert_eq!(ended.status(), StatusCode::NOT_FOUND);

    let cancel = app
        .delete_as(&format!("/api/shifts/{shift}/signup"), &user.access)
        .await;
    assert_eq!(cancel.status(), StatusCode::NO_CONTENT);
    let again = app
        .delete_as(&format!("/api/shifts/{shift}/signup"), &user.access)
        .await;
    assert_eq!(again.status(), StatusCode::NOT_FOUND);
    let mine = body(app.get("/api/shifts/mine", &user.access).await).await;
    assert_eq!(mine["data"]["shifts"], json!([]));
}

#[tokio::test]
async fn the_scheduler_reminds_confirmed_volunteers_the_day_before_once() {
    let app = spawn_behind_proxy().await;
    let admin = app.map_admin().await;
    let shift = app
        .create_shift(&admin, shift_body("Tomorrow's canvass", 5, 1))
        .await;
    let (on, waiting) = (
        format!("{}@example.org", unique("on")),
        format!("{}@example.org", unique("waiting")),
    );
    app.volunteer(&shift, "On", &on, "198.18.5.1").await;
    app.volunteer(&shift, "Waiting", &waiting, "198.18.5.2")
        .await;
    // As if they signed up two days ago for a shift that starts in twelve hours.
    let db = app.db().await;
    db.execute(
        "update shift_signups set created_at = now() - interval '2 days' where shift_id = $1::text::uuid",
        &[&shift],
    )
    .await
    .unwrap();
    db.execute(
        "update shifts set starts_at = now() + interval '12 hours', ends_at = now() + interval '15 hours'
         where id = $1::text::uuid",
        &[&shift],
    )
    .await
    .unwrap();
    assert_eq!(app.tick().await.queued_shift_reminders, 1);
    assert_eq!(app.tick().await.queued_shift_reminders, 0);
    let reminder = app
        .wait_for_email(&on, "Tomorrow: Tomorrow's canvass")
        .await;
    assert!(reminder.body.contains("/shifts/cancel?token="));
    assert!(app.emails(&waiting, "Tomorrow: ").await.is_empty());
}

#[tokio::test]
async fn public_sign_ups_are_limited_per_address_and_checked() {
    let app = spawn_behind_proxy().await;
    let admin = app.map_admin().await;
    let shift = app.create_shift(&admin, shift_body("Limited", 3, 50)).await;
    let path = format!("/api/public/shifts/{shift}/signups");
    for n in 0..10 {
        let email = format!("{}@example.org", unique(&format!("l{n}")));
        app.volunteer(&shift, "Limit", &email, "198.18.6.1").await;
    }
    let over = app
        .public_post(
            &path,
            json!({"name": "One more", "email": "more@example.org"}),
            Some("198.18.6.1"),
        )
        .await;
    assert_eq!(over.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(over.headers().contains_key("retry-after"));
    let other = app
        .public_post(
            &path,
            json!({"name": "Elsewhere", "email": "else@example.org"}),
            Some("198.18.6.2"),
        )
        .await;
    assert_eq!(other.status(), StatusCode::ACCEPTED);

    let bad = [
        (json!({"name": "", "email": "a@example.org"}), "name"),
        (json!({"name": "Sam", "email": "not-an-email"}), "email"),
        (
            json!({"name": "Sam", "email": "a@example.org", "phone": "call me"}),
            "phone",
        ),
    ];
    for (n, (body_json, field)) in bad.into_iter().enumerate() {
        let response = app
            .public_post(&path, body_json, Some(&format!("198.18.6.{}", 10 + n)))
            .await;
        let error = expect_error(
            response,
            StatusCode::UNPROCESSABLE_ENTITY,
            "VALIDATION_FAILED",
        )
        .await;
        assert!(error["details"][field].is_string(), "{field}: {error}");
    }
    let nowhere = app
        .public_post(
            &format!("/api/public/shifts/{}/signups", uuid::Uuid::new_v4()),
            json!({"name": "Sam", "email": "a@example.org"}),
            Some("198.18.6.30"),
        )
        .await;
    assert_eq!(nowhere.status(), StatusCode::NOT_FOUND);
}
