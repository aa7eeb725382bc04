//! Changing a password, and resetting it by email.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::*;

#[tokio::test]
async fn changing_the_password_ends_every_session() {
    let app = spawn_app().await;
    let user = app.register("changer").await;
    let other_device = body(app.login(&user.username, PASSWORD).await).await;

    let wrong = app
        .post_as(
            "/api/auth/password",
            &user.access,
            json!({"current_password": "Not-It-123", "new_password": "Brand-New-Pass-2"}),
        )
        .await;
    let json = expect_error(wrong, StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_FAILED").await;
    assert!(json["details"]["current_password"].is_string());
    let weak = app
        .post_as(
            "/api/auth/password",
            &user.access,
            json!({"current_password": PASSWORD, "new_password": "weak"}),
        )
        .await;
    let json = expect_error(weak, StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_FAILED").await;
    assert!(json["details"]["new_password"].is_string());

    let changed = app
        .post_as(
            "/api/auth/password",
            &user.access,
            json!({"current_password": PASSWORD, "new_password": "Brand-New-Pass-2"}),
        )
        .await;
    assert_eq!(changed.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        app.refresh(&user.refresh).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let other = other_device["data"]["refresh_token"].as_str().unwrap();
    assert_eq!(app.refresh(other).await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        app.login(&user.username, PASSWORD).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.login(&user.username, "Brand-New-Pass-2").await.status(),
        StatusCode::OK
    );
    app.wait_for_email(&user.email, "password was changed")
        .await;
}

#[tokio::test]
async fn password_change_needs_a_signed_in_user() {
    let app = spawn_app().await;
    let response = app
        .post(
            "/api/auth/password",
            json!({"current_password": PASSWORD, "new_password": "Brand-New-Pass-2"}),
        )
        .await;
    expect_error(response, StatusCode::UNAUTHORIZED, "UNAUTHENTICATED").await;
}

#[tokio::test]
async fn a_reset_link_arrives_by_email_and_works_once() {
    let app = spawn_app().await;
    let user = app.register("forgetful").await;
    let response = app
        .post(
            "/api/auth/password-reset",
            json!({"email": user.email.to_uppercase()}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::ACCEPTED);

    let email = app.wait_for_email(&user.email, "Reset your password").await;
    assert!(
        email
            .body
            .contains("http://127.0.0.1:5173/reset-password?token=")
    );
    let token = email.link_param("token");

    let weak = app
        .post(
            "/api/auth/password-reset/confirm",
            json!({"token": token, "new_password": "weak"}),
        )
        .await;
    expect_error(weak, StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_FAILED").await;

    let confirmed = app
        .post(
            "/api/auth/password-reset/confirm",
            json!({"token": token, "new_password": "Remembered-Now-3"}),
        )
        .await;
    assert_eq!(confirmed.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        app.login(&user.username, "Remembered-Now-3").await.status(),
        StatusCode::OK
    );
    // Sessions from before the reset are over.
    assert_eq!(
        app.refresh(&user.refresh).await.status(),
        StatusCode::UNAUTHORIZED
    );

    let again = app
        .post(
            "/api/auth/password-reset/confirm",
            json!({"token": token, "new_password": "Another-Pass-44"}),
        )
        .await;
    expect_error(again, StatusCode::BAD_REQUEST, "INVALID_RESET_TOKEN").await;
}

#[tokio::test]
async fn reset_for_an_unknown_address_answers_the_same_and_sends_nothing() {
    let app = spawn_app().await;
    let address = format!("{}@example.org", unique("ghost"));
    let response = app
        .post("/api/auth/password-reset", json!({"email": address}))
        .await;
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    let outbox: i64 = app
        .db()
        .await
        .query_one("select count(*) from outbox", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(outbox, 0);
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    assert!(app.sent_emails(&address).await.is_empty());
}

#[tokio::test]
async fn an_expired_reset_token_is_refused() {
    let app = spawn_app().await;
    let user = app.register("slow").await;
    app.post("/api/auth/password-reset", json!({"email": user.email}))
        .await;
    let token = app
        .wait_for_email(&user.email, "Reset your password")
        .await
        .link_param("token");
    app.db()
        .await
        .execute(
            "update password_resets set expires_at = now() - interval '1 second'",
            &[],
        )
        .await
        .unwrap();
    let response = app
        .post(
            "/api/auth/password-reset/confirm",
            json!({"token": token, "new_password": "Too-Late-Pass-5"}),
        )
        .await;
    expect_error(response, StatusCode::BAD_REQUEST, "INVALID_RESET_TOKEN").await;
}
