//! Refresh token rotation, reuse detection, concurrency, logout.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::*;

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

    // The thief replays the old token.
    expect_error(
        app.refresh(&stolen).await,
        StatusCode::UNAUTHORIZED,
        "TOKEN_REUSED",
    )
    .await;
    // The legitimate holder's newest token stopped working too.
    expect_error(
        app.refresh(&newest).await,
        StatusCode::UNAUTHORIZED,
        "INVALID_REFRESH_TOKEN",
    )
    .await;
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
    app.refresh(&user.refresh).await; // reuse on the first device
    assert_eq!(app.refresh(&laptop_refresh).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn two_concurrent_refreshes_of_one_token_do_not_both_succeed() {
    let app = spawn_app().await;
    let user = app.register("racer").await;
    let (a, b) = tokio::join!(app.refresh(&user.refresh), app.refresh(&user.refresh));
    let ok = [a.status(), b.status()]
        .iter()
        .filter(|s| **s == StatusCode::OK)
        .count();
    assert_eq!(ok, 1, "{} {}", a.status(), b.status());
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
