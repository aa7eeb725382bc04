//! Refresh token rotation, reuse detection, the retry of a lost answer,
//! concurrency, logout, and what a browser gets.

use reqwest::StatusCode;
use serde_json::json;
use uuid::Uuid;

use crate::helpers::*;

/// Moves every rotation of the user's tokens a minute into the past, beyond the
/// moment in which the previous token still yields its successor.
async fn age_rotations(app: &TestApp, user: Uuid) {
    app.db()
        .await
        .execute(
            "update refresh_tokens set rotated_at = rotated_at - interval '1 minute'
             where user_id = $1 and rotated_at is not null",
            &[&user],
        )
        .await
        .unwrap();
}

/// Replaying `old` is refused as reuse, and the chain's `newest` token stopped
/// working with it.
async fn replay_ends_the_login(app: &TestApp, old: &str, newest: &str) {
    expect_error(
        app.refresh(old).await,
        StatusCode::UNAUTHORIZED,
        "TOKEN_REUSED",
    )
    .await;
    expect_error(
        app.refresh(newest).await,
        StatusCode::UNAUTHORIZED,
        "INVALID_REFRESH_TOKEN",
    )
    .await;
}

/// The refresh token of a session answer.
async fn refresh_token_of(response: reqwest::Response) -> String {
    assert_eq!(response.status(), StatusCode::OK);
    body(response).await["data"]["refresh_token"]
        .as_str()
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn refreshing_rotates_the_token_and_the_old_one_stops_working() {
    let app = spawn_app().await;
    let user = app.register("rotor").await;
    let response = app.refresh(&user.refresh).await;
    assert_eq!(response.status(), StatusCode::OK);
    let json = body(response).await;
    let next = json["data"]["refresh_token"].as_str().unwrap().to_string();
    assert_ne!(next, user.refresh);
    assert_eq!(
        app.get("/api/me", json["data"]["access_token"].as_str().unwrap())
            .await
            .status(),
        StatusCode::OK
    );

    // The next token works once more.
    let third = body(app.refresh(&next).await).await;
    assert!(third["data"]["refresh_token"].is_string());
}

#[tokio::test]
async fn reusing_a_rotated_token_ends_the_whole_login() {
    let app = spawn_app().await;
    let user = app.register("victim").await;
    let stolen = user.refresh.clone();
    let legit = body(app.refresh(&user.refresh).await).await;
    let newest = legit["data"]["refresh_token"].as_str().unwrap().to_string();
    age_rotations(&app, user.id).await;

    // The thief replays the old token.
    replay_ends_the_login(&app, &stolen, &newest).await;
}

#[tokio::test]
async fn reuse_ends_only_that_login_not_the_others() {
    let app = spawn_app().await;
    let user = app.register("twodevices").await;
    let laptop = body(app.login(&user.username, PASSWORD).await).await;
    let laptop_refresh = laptop["data"]["refresh_token"]
        .as_str()
        .unwrap()
        .to_string();
    app.refresh(&user.refresh).await;
    age_rotations(&app, user.id).await;
    let reuse = app.refresh(&user.refresh).await; // reuse on the first device
    expect_error(reuse, StatusCode::UNAUTHORIZED, "TOKEN_REUSED").await;
    assert_eq!(app.refresh(&laptop_refresh).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_retry_after_a_lost_answer_gets_the_same_successor() {
    let app = spawn_app().await;
    let user = app.register("flaky").await;
    // The answer to this refresh never reaches the client...
    let lost = refresh_token_of(app.refresh(&user.refresh).await).await;
    // ...which retries with the token it still has, and keeps its session.
    let retried = refresh_token_of(app.refresh(&user.refresh).await).await;
    assert_eq!(retried, lost);
    let next = refresh_token_of(app.refresh(&retried).await).await;
    assert_ne!(next, retried);

    // Once the successor was used, the old token is a copy in someone else's hands.
    replay_ends_the_login(&app, &user.refresh, &next).await;
}

#[tokio::test]
async fn two_concurrent_refreshes_of_one_token_agree_on_one_successor() {
    let app = spawn_app().await;
    let user = app.register("racer").await;
    let mut token = user.refresh.clone();
    // The race at each step down the chain.
    for _ in 0..5 {
        let (a, b) = tokio::join!(app.refresh(&token), app.refresh(&token));
        // Two tabs at once: both keep the session, and the chain does not fork.
        let (a, b) = (refresh_token_of(a).await, refresh_token_of(b).await);
        assert_eq!(a, b);
        let live: i64 = app
            .db()
            .await
            .query_one(
                "select count(*) from refresh_tokens
                 where user_id = $1 and rotated_at is null and revoked_at is null",
                &[&user.id],
            )
            .await
            .unwrap()
            .get(0);
        assert_eq!(live, 1);
        token = a;
    }
}

#[tokio::test]
async fn the_refresh_cookie_works_without_a_body_and_logout_clears_it() {
    let app = spawn_app().await;
    let user = app.register("browser").await;
    let response = app
        .http
        .post(app.url("/api/auth/refresh"))
        .header("cookie", format!("refresh_token={}", user.refresh))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_string();
    let next = body(response).await["data"]["refresh_token"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(cookie.contains(&next));

    let logout = app
        .http
        .post(app.url("/api/auth/logout"))
        .header("cookie", format!("refresh_token={next}"))
        .send()
        .await
        .unwrap();
    assert_eq!(logout.status(), StatusCode::NO_CONTENT);
    let cleared = logout.headers()["set-cookie"].to_str().unwrap();
    assert!(
        cleared.starts_with("refresh_token=;") && cleared.contains("Max-Age=0"),
        "{cleared}"
    );
    expect_error(
        app.refresh(&next).await,
        StatusCode::UNAUTHORIZED,
        "INVALID_REFRESH_TOKEN",
    )
    .await;
}

#[tokio::test]
async fn refresh_without_any_token_or_with_garbage_is_401() {
    let app = spawn_app().await;
    let none = app
        .http
        .post(app.url("/api/auth/refresh"))
        .send()
        .await
        .unwrap();
    expect_error(none, StatusCode::UNAUTHORIZED, "MISSING_REFRESH_TOKEN").await;
    expect_error(
        app.refresh("made-up").await,
        StatusCode::UNAUTHORIZED,
        "INVALID_REFRESH_TOKEN",
    )
    .await;
}

#[tokio::test]
async fn an_expired_refresh_token_is_refused() {
    let app = spawn_app().await;
    let user = app.register("sleeper").await;
    app.db()
        .await
        .execute(
            "update refresh_tokens set expires_at = now() - interval '1 minute' where user_id = $1",
            &[&user.id],
        )
        .await
        .unwrap();
    expect_error(
        app.refresh(&user.refresh).await,
        StatusCode::UNAUTHORIZED,
        "REFRESH_TOKEN_EXPIRED",
    )
    .await;
}

#[tokio::test]
async fn logout_with_a_body_token_ends_the_session() {
    let app = spawn_app().await;
    let user = app.register("leaving").await;
    let response = app
        .post("/api/auth/logout", json!({"refresh_token": user.refresh}))
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        app.refresh(&user.refresh).await.status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn browsers_get_the_session_only_as_a_cookie_and_nobody_caches_it() {
    let app = spawn_app().await;
    let user = app.register("spa").await;
    let login = json!({"login": user.username, "password": PASSWORD});
    for (header, value) in [
        ("origin", "http://127.0.0.1:5173"),
        ("sec-fetch-site", "same-origin"),
    ] {
        let response = app
            .http
            .post(app.url("/api/auth/login"))
            .header(header, value)
            .json(&login)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers()["cache-control"], "no-store");
        let cookie = response.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .to_string();
        let json = body(response).await;
        assert!(json["data"]["refresh_token"].is_null(), "{header}: {json}");
        assert!(json["data"]["access_token"].is_string());
        let token = cookie
            .strip_prefix("refresh_token=")
            .and_then(|rest| rest.split(';').next())
            .unwrap();
        assert_eq!(token.len(), 43, "{cookie}");

        // The refresh through the cookie answers the same way.
        let refreshed = app
            .http
            .post(app.url("/api/auth/refresh"))
            .header(header, value)
            .header("cookie", format!("refresh_token={token}"))
            .send()
            .await
            .unwrap();
        assert_eq!(refreshed.status(), StatusCode::OK);
        assert_eq!(refreshed.headers()["cache-control"], "no-store");
        assert!(body(refreshed).await["data"]["refresh_token"].is_null());
    }
    // An API client (no Origin, no fetch metadata) still gets it in the body.
    let response = app.login(&user.username, PASSWORD).await;
    assert_eq!(response.headers()["cache-control"], "no-store");
    assert!(body(response).await["data"]["refresh_token"].is_string());
}
