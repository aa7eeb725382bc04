//! The profile and the SUPER_ADMIN's administration.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::*;

#[tokio::test]
async fn a_user_reads_and_edits_their_profile() {
    let app = spawn_app().await;
    let user = app.register("profile").await;
    let me = body(app.get("/api/me", &user.access).await).await;
    assert_eq!(me["data"]["username"], user.username.as_str());
    assert_eq!(me["data"]["preferences"]["units"], "metric");

    let new_email = format!("{}@example.org", unique("moved"));
    let updated = app
        .patch_as("/api/me", &user.access, json!({"display_name": "Pat", "email": new_email, "current_password": PASSWORD, "preferences": {"units": "imperial"}}))
        .await;
    assert_eq!(updated.status(), StatusCode::OK);
    let me = body(app.get("/api/me", &user.access).await).await;
    assert_eq!(me["data"]["display_name"], "Pat");
    assert_eq!(me["data"]["preferences"]["units"], "imperial");
    // The new address counts once it confirms.
    assert_eq!(me["data"]["email"], user.email.as_str());
    assert_eq!(me["data"]["pending_email"], new_email.as_str());
    assert_eq!(
        app.confirm_email(&new_email, 1).await.status(),
        StatusCode::OK
    );
    let me = body(app.get("/api/me", &user.access).await).await;
    assert_eq!(me["data"]["email"], new_email.as_str());
    assert_eq!(me["data"]["pending_email"], Value::Null);

    let bad = app
        .patch_as(
            "/api/me",
            &user.access,
            json!({"preferences": {"units": "cubits"}}),
        )
        .await;
    expect_error(bad, StatusCode::UNPROCESSABLE_ENTITY, "INVALID_BODY").await;
    let bad = app
        .patch_as("/api/me", &user.access, json!({"email": "nope"}))
        .await;
    expect_error(bad, StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_FAILED").await;
    // An address that has an account answers like any other, and gets no link.
    let other = app.register("other").await;
    let taken = app
        .patch_as(
            "/api/me",
            &user.access,
            json!({"email": other.email, "current_password": PASSWORD}),
        )
        .await;
    assert_eq!(taken.status(), StatusCode::OK);
    assert_eq!(
        body(taken).await["data"]["pending_email"],
        other.email.as_str()
    );
    app.wait_for_nth_email(&new_email, "A change of your email address", 1)
        .await;
    assert!(
        app.emails(&other.email, "new email address")
            .await
            .is_empty()
    );
}

#[tokio::test]
async fn an_access_token_alone_cannot_move_the_account_to_another_address() {
    let app = spawn_app().await;
    let user = app.register("victim").await;
    // Someone holding only the access token tries to move the account to their
    // own address, to reset its password from there.
    let theirs = format!("{}@example.org", unique("thief"));
    let without = app
        .patch_as("/api/me", &user.access, json!({"email": theirs}))
        .await;
    let json = expect_error(
        without,
        StatusCode::UNPROCESSABLE_ENTITY,
        "VALIDATION_FAILED",
    )
    .await;
    assert!(json["details"]["current_password"].is_string(), "{json}");
    let guessed = app
        .patch_as(
            "/api/me",
            &user.access,
            json!({"email": theirs, "current_password": "Guessed-Pass-1"}),
        )
        .await;
    let json = expect_error(
        guessed,
        StatusCode::UNPROCESSABLE_ENTITY,
        "VALIDATION_FAILED",
    )
    .await;
    assert!(json["details"]["current_password"].is_string(), "{json}");
    // Guessing stops soon.
    let mut last = StatusCode::OK;
    for _ in 0..5 {
        last = app
            .patch_as(
                "/api/me",
                &user.access,
                json!({"email": theirs, "current_password": "Guessed-Pass-2"}),
            )
            .await
            .status();
    }
    assert_eq!(last, StatusCode::TOO_MANY_REQUESTS);
    let me = body(app.get("/api/me", &user.access).await).await;
    assert_eq!(me["data"]["email"], user.email.as_str());
    assert_eq!(me["data"]["pending_email"], Value::Null);
    app.post("/api/auth/password-reset", json!({"email": theirs}))
        .await;
    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    assert!(app.sent_emails(&theirs).await.is_empty());
}

#[tokio::test]
async fn a_new_address_takes_effect_only_once_it_confirms_and_the_old_one_is_told() {
    let app = spawn_app().await;
    let user = app.register("mover").await;
    let new_email = format!("{}@example.org", unique("moved"));
    app.post("/api/auth/password-reset", json!({"email": user.email}))
        .await;
    let old_reset = app
        .wait_for_email(&user.email, "Reset your password")
        .await
        .link_param("token");
    let asked = app
        .patch_as(
            "/api/me",
            &user.access,
            json!({"email": new_email, "current_password": PASSWORD}),
        )
        .await;
    assert_eq!(asked.status(), StatusCode::OK);
    let notice = app
        .wait_for_email(&user.email, "A change of your email address")
        .await;
    assert!(notice.body.contains(&new_email), "{}", notice.body);
    assert!(!notice.body.contains("token="));
    // Until the new address confirms, the account keeps its address: a reset
    // asked for the new one finds no account.
    let login_by_new = app.login(&new_email, PASSWORD).await;
    assert_eq!(login_by_new.status(), StatusCode::UNAUTHORIZED);
    app.post("/api/auth/password-reset", json!({"email": new_email}))
        .await;

    let confirmed = body(app.confirm_email(&new_email, 1).await).await;
    assert_eq!(
        confirmed["data"],
        json!({"purpose": "email_change", "email": new_email, "username": user.username})
    );
    assert!(
        app.emails(&new_email, "Reset your password")
            .await
            .is_empty(),
        "the reset asked before the confirmation found no account"
    );
    assert_eq!(
        app.login(&new_email, PASSWORD).await.status(),
        StatusCode::OK
    );
    // A reset link sent to the old address no longer works.
    let stale = app
        .post(
            "/api/auth/password-reset/confirm",
            json!({"token": old_reset, "new_password": "Taken-Over-Pass-1"}),
        )
        .await;
    expect_error(stale, StatusCode::BAD_REQUEST, "INVALID_RESET_TOKEN").await;
}

#[tokio::test]
async fn only_a_super_admin_reaches_the_admin_routes() {
    let app = spawn_app().await;
    app.register_admin().await;
    let user = app.register("plain").await;
    for path in [
        "/api/admin/users",
        "/api/admin/stats",
        "/api/admin/settings",
        "/api/admin/dead-letters",
    ] {
        expect_error(
            app.get(path, &user.access).await,
            StatusCode::FORBIDDEN,
            "FORBIDDEN",
        )
        .await;
        let anonymous = app.http.get(app.url(path)).send().await.unwrap();
        expect_error(anonymous, StatusCode::UNAUTHORIZED, "UNAUTHENTICATED").await;
    }
    let patch = app
        .patch_as(
            &format!("/api/admin/users/{}", user.id),
            &user.access,
            json!({"role": "SUPER_ADMIN"}),
        )
        .await;
    expect_error(patch, StatusCode::FORBIDDEN, "FORBIDDEN").await;
    let me = body(app.get("/api/me", &user.access).await).await;
    assert_eq!(me["data"]["role"], "USER");
}

#[tokio::test]
async fn the_admin_lists_searches_and_pages_users() {
    let app = spawn_app().await;
    let admin = app.register_admin().await;
    for name in ["alpha", "beta", "gamma"] {
        app.register(name).await;
    }
    let all = body(app.get("/api/admin/users", &admin.access).await).await;
    assert_eq!(all["meta"]["total"], 4);
    assert_eq!(all["data"].as_array().unwrap().len(), 4);

    let search = body(app.get("/api/admin/users?q=BET", &admin.access).await).await;
    assert_eq!(search["meta"]["total"], 1);
    assert!(
        search["data"][0]["username"]
            .as_str()
            .unwrap()
            .starts_with("beta_")
    );

    let page = body(
        app.get("/api/admin/users?page=2&limit=3", &admin.access)
            .await,
    )
    .await;
    assert_eq!(page["data"].as_array().unwrap().len(), 1);
    assert_eq!(page["meta"], json!({"page": 2, "limit": 3, "total": 4}));

    expect_error(
        app.get("/api/admin/users?limit=500", &admin.access).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "VALIDATION_FAILED",
    )
    .await;
    expect_error(
        app.get("/api/admin/users?page=abc", &admin.access).await,
        StatusCode::BAD_REQUEST,
        "INVALID_QUERY",
    )
    .await;
}

#[tokio::test]
async fn a_role_change_takes_effect_on_the_next_request() {
    let app = spawn_app().await;
    let admin = app.register_admin().await;
    let user = app.register("promoted").await;
    let updated = app
        .patch_as(
            &format!("/api/admin/users/{}", user.id),
            &admin.access,
            json!({"role": "SUPER_ADMIN"}),
        )
        .await;
    assert_eq!(body(updated).await["data"]["role"], "SUPER_ADMIN");
    // The same access token now passes the admin check.
    assert_eq!(
        app.get("/api/admin/stats", &user.access).await.status(),
        StatusCode::OK
    );

    let bad = app
        .patch_as(
            &format!("/api/admin/users/{}", user.id),
            &admin.access,
            json!({"role": "KING"}),
        )
        .await;
    expect_error(bad, StatusCode::UNPROCESSABLE_ENTITY, "INVALID_BODY").await;
    let missing = app
        .patch_as(
            &format!("/api/admin/users/{}", uuid::Uuid::new_v4()),
            &admin.access,
            json!({"disabled": true}),
        )
        .await;
    expect_error(missing, StatusCode::NOT_FOUND, "NOT_FOUND").await;
}

#[tokio::test]
async fn the_last_super_admin_cannot_be_demoted_or_disabled() {
    let app = spawn_app().await;
    let admin = app.register_admin().await;
    for change in [json!({"role": "USER"}), json!({"disabled": true})] {
        let response = app
            .patch_as(
                &format!("/api/admin/users/{}", admin.id),
                &admin.access,
                change,
            )
            .await;
        expect_error(response, StatusCode::CONFLICT, "LAST_SUPER_ADMIN").await;
    }
    let me = body(app.get("/api/me", &admin.access).await).await;
    assert_eq!(me["data"]["role"], "SUPER_ADMIN");
    assert_eq!(me["data"]["disabled"], false);
}

#[tokio::test]
async fn stats_count_users_sessions_and_emails() {
    let app = spawn_app().await;
    let admin = app.register_admin().await;
    let user = app.register("counted").await;
    app.post("/api/auth/password-reset", json!({"email": user.email}))
        .await;
    app.wait_for_email(&user.email, "Reset your password").await;
    // Each account was also sent a link to confirm its address.
    app.wait_for_email(&admin.email, "Confirm your email address")
        .await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while body(app.get("/api/admin/stats", &admin.access).await).await["data"]["emails_sent"] != 3 {
        assert!(
            std::time::Instant::now() < deadline,
            "three emails recorded"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let stats = body(app.get("/api/admin/stats", &admin.access).await).await;
    let data = &stats["data"];
    assert_eq!(data["users_total"], 2);
    assert_eq!(data["users_by_role"]["SUPER_ADMIN"], 1);
    assert_eq!(data["users_by_role"]["USER"], 1);
    assert_eq!(data["active_sessions"], 2);
    assert_eq!(data["emails_sent"], 3);
    assert_eq!(data["outbox_pending"], 0);
}
