//! The family calendar feed: an owner makes a private URL that a phone's calendar
//! subscribes to, sees the family's visits and appointments come through, and can
//! replace or revoke it. The URL alone is the credential.

use icalendar::{Calendar, CalendarComponent, Component, DatePerhapsTime};
use reqwest::StatusCode;
use serde_json::json;

use super::*;
use crate::family_helpers::FamilyFixture;
use crate::helpers::*;
use crate::logged_server::LoggedServer;

/// Makes the family's feed as `token` (an access token) and answers its URL's path.
async fn make_feed(app: &TestApp, family: uuid::Uuid, token: &str) -> String {
    let made = app
        .post_as(
            &format!("/api/families/{family}/calendar-feed"),
            token,
            json!({}),
        )
        .await;
    assert_eq!(made.status(), StatusCode::CREATED);
    let url = body(made).await["data"]["url"]
        .as_str()
        .unwrap()
        .to_string();
    let path = url
        .strip_prefix("http://127.0.0.1:5173")
        .expect("the feed URL is on the public base URL")
        .to_string();
    assert!(
        path.starts_with("/api/calendar/") && path.ends_with(".ics"),
        "{path}"
    );
    path
}

/// Reads a feed without any session, as a calendar app does.
async fn read_feed(app: &TestApp, path: &str) -> reqwest::Response {
    app.http.get(app.url(path)).send().await.unwrap()
}

/// The events of a feed, parsed back: (uid, summary, start).
fn events(text: &str) -> Vec<(String, String, Option<DatePerhapsTime>)> {
    let calendar: Calendar = text.parse().expect("the feed is iCalendar");
    calendar
        .components
        .iter()
        .filter_map(|c| match c {
            CalendarComponent::Event(e) => Some((
                e.get_uid().unwrap_or_default().to_string(),
                e.get_summary().unwrap_or_default().to_string(),
                e.get_start(),
            )),
            _ => None,
        })
        .collect()
}

async fn visit(
    app: &TestApp,
    f: &FamilyFixture,
    child: uuid::Uuid,
    body: serde_json::Value,
) -> String {
    let visit = app
        .create_record(
            &f.parent.access,
            &format!("/api/children/{child}/visits"),
            body,
        )
        .await;
    visit["id"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn an_owner_subscribes_to_the_familys_visits_and_appointments() {
    let app = spawn_app().await;
    let f = app.family_fixture().await;
    let past = visit(&app, &f, f.child, json!({"type": "wellness", "visit_date": "2025-01-15",
        "visit_time": "09:30", "title": "1-year check", "location": "Riverside clinic", "provider": "Dr Quinn"})).await;
    let soon = (today() + Duration::days(30))
        .format("%Y-%m-%d")
        .to_string();
    let appointment = visit(
        &app,
        &f,
        f.child,
        json!({"type": "dental", "visit_date": soon}),
    )
    .await;
    let sibling = app
        .create_child(&f.owner, f.family, "Byron", "2025-03-01", "male")
        .await;
    let sibling_visit = visit(
        &app,
        &f,
        sibling,
        json!({"type": "vision", "visit_date": "2025-06-01"}),
    )
    .await;
    // Another family's visit never shows.
    let theirs = app
        .create_record(
            &f.outsider.access,
            &format!("/api/children/{}/visits", f.other_child),
            json!({"type": "wellness", "visit_date": "2025-02-01"}),
        )
        .await;

    let status = body(
        app.get(
            &format!("/api/families/{}/calendar-feed", f.family),
            &f.reader.access,
        )
        .await,
    )
    .await;
    assert_eq!(status["data"]["active"], false);
    let path = make_feed(&app, f.family, &f.owner.access).await;

    let response = read_feed(&app, &path).await;
    assert_eq!(response.status(), StatusCode::OK);
    let headers = response.headers().clone();
    assert!(
        headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/calendar")
    );
    assert!(
        headers["cache-control"]
            .to_str()
            .unwrap()
            .starts_with("private")
    );
    let text = response.text().await.unwrap();
    let mut events = events(&text);
    events.sort_by(|a, b| a.0.cmp(&b.0));
    let mut expected = vec![
        format!("visit-{past}@trajectory"),
        format!("visit-{appointment}@trajectory"),
        format!("visit-{sibling_visit}@trajectory"),
    ];
    expected.sort();
    assert_eq!(
        events.iter().map(|e| e.0.clone()).collect::<Vec<_>>(),
        expected
    );
    assert!(!text.contains(theirs["id"].as_str().unwrap()) && !text.contains("Charles"));
    let first = events.iter().find(|e| e.0.contains(&past)).unwrap();
    assert_eq!(first.1, "Ada: Wellness visit (1-year check)");
    assert_eq!(
        first.2,
        Some(DatePerhapsTime::DateTime(
            icalendar::CalendarDateTime::Floating(
                NaiveDate::from_ymd_opt(2025, 1, 15)
                    .unwrap()
                    .and_hms_opt(9, 30, 0)
                    .unwrap()
            )
        ))
    );
    let dental = events.iter().find(|e| e.0.contains(&appointment)).unwrap();
    assert_eq!(dental.1, "Ada: Dental visit");
    assert_eq!(
        dental.2,
        Some(DatePerhapsTime::Date(
            NaiveDate::parse_from_str(&soon, "%Y-%m-%d").unwrap()
        ))
    );
    assert!(text.contains("LOCATION:Riverside clinic") && text.contains("With Dr Quinn"));

    // Every member sees that the feed exists, never its URL.
    for member in [&f.parent, &f.reader] {
        let status = body(
            app.get(
                &format!("/api/families/{}/calendar-feed", f.family),
                &member.access,
            )
            .await,
        )
        .await;
        assert_eq!(status["data"]["active"], true);
        assert_eq!(status["data"]["url"], serde_json::Value::Null);
    }
}

#[tokio::test]
async fn a_replaced_or_revoked_feed_answers_404() {
    let app = spawn_app().await;
    let f = app.family_fixture().await;
    let first = make_feed(&app, f.family, &f.owner.access).await;
    let second = make_feed(&app, f.family, &f.owner.access).await;
    assert_ne!(first, second);
    expect_error(
        read_feed(&app, &first).await,
        StatusCode::NOT_FOUND,
        "NOT_FOUND",
    )
    .await;
    assert_eq!(read_feed(&app, &second).await.status(), StatusCode::OK);
    // Without the `.ics` the same feed answers.
    assert_eq!(
        read_feed(&app, second.trim_end_matches(".ics"))
            .await
            .status(),
        StatusCode::OK
    );

    let revoked = app
        .delete_as(
            &format!("/api/families/{}/calendar-feed", f.family),
            &f.owner.access,
        )
        .await;
    assert_eq!(revoked.status(), StatusCode::NO_CONTENT);
    expect_error(
        read_feed(&app, &second).await,
        StatusCode::NOT_FOUND,
        "NOT_FOUND",
    )
    .await;
    let status = body(
        app.get(
            &format!("/api/families/{}/calendar-feed", f.family),
            &f.owner.access,
        )
        .await,
    )
    .await;
    assert_eq!(status["data"]["active"], false);
    expect_error(
        read_feed(&app, "/api/calendar/not-a-token.ics").await,
        StatusCode::NOT_FOUND,
        "NOT_FOUND",
    )
    .await;
}

#[tokio::test]
async fn only_an_owner_makes_or_revokes_the_feed_and_strangers_learn_nothing() {
    let app = spawn_app().await;
    let f = app.family_fixture().await;
    let feed = format!("/api/families/{}/calendar-feed", f.family);
    for (member, _) in [(&f.parent, "parent"), (&f.reader, "read_only")] {
        let made = app.post_as(&feed, &member.access, json!({})).await;
        expect_error(made, StatusCode::FORBIDDEN, "OWNER_ONLY").await;
        let revoked = app.delete_as(&feed, &member.access).await;
        expect_error(revoked, StatusCode::FORBIDDEN, "OWNER_ONLY").await;
    }
    for response in [
        app.get(&feed, &f.outsider.access).await,
        app.post_as(&feed, &f.outsider.access, json!({})).await,
        app.delete_as(&feed, &f.outsider.access).await,
    ] {
        expect_error(response, StatusCode::NOT_FOUND, "NOT_FOUND").await;
    }
    // The owner of another family gets a feed of that family only.
    let theirs = make_feed(&app, f.other_family, &f.outsider.access).await;
    app.create_record(
        &f.parent.access,
        &format!("/api/children/{}/visits", f.child),
        json!({"type": "wellness", "visit_date": "2025-01-15"}),
    )
    .await;
    let text = read_feed(&app, &theirs).await.text().await.unwrap();
    assert!(events(&text).is_empty() && !text.contains("Ada"), "{text}");
}

#[tokio::test]
async fn the_logs_name_the_feed_route_never_its_token() {
    let app = spawn_app().await;
    let f = app.family_fixture().await;
    let path = make_feed(&app, f.family, &f.owner.access).await;
    let token = path
        .trim_start_matches("/api/calendar/")
        .trim_end_matches(".ics")
        .to_string();

    // Everything the server logs, down to debug (its database driver's too).
    let server = LoggedServer::start(&app.database, "debug,reqwest=off,hyper_util=off").await;
    let read = |path: String| app.http.get(format!("{}{path}", server.url)).send();
    assert_eq!(read(path.clone()).await.unwrap().status(), StatusCode::OK);
    let missing = format!("/api/calendar/{}x.ics", &token[..10]);
    assert_eq!(read(missing).await.unwrap().status(), StatusCode::NOT_FOUND);
    let logs = server.stop().await;

    // Each request's own line: its route and status (the 200 at debug level).
    let requests: Vec<(String, u64)> = logs
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter_map(|event| {
            let route = event["span"]["route"].as_str()?.to_string();
            Some((route, event["fields"]["status"].as_u64()?))
        })
        .collect();
    let route = "/api/calendar/{token}".to_string();
    assert_eq!(
        requests,
        [(route.clone(), 200), (route, 404)],
        "both of the feed's requests are logged by their route: {logs}"
    );
    assert!(
        !logs.contains(&token) && !logs.contains(&token[..10]),
        "a token reached the logs: {logs}"
    );
}
