//! Signing in: credentials, enumeration safety, lockout, disabled accounts, the
//! per-IP rate limit.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::*;

#[tokio::test]
async fn signs_in_by_username_or_email_in_any_case() {
    let app = spawn_app().await;
    let user = app.register("linus").await;
    for login in [user.username.clone(), user.email.to_uppercase()] {
        let response = app.login(&login, PASSWORD).await;
        assert_eq!(response.status(), StatusCode::OK, "{login}");
        let json = body(response).await;
        assert_eq!(json["data"]["user"]["id"], user.id.to_string());
        let me = app
            .get("/api/me", json["data"]["access_token"].as_str().unwrap())
            .await;
        assert_eq!(me.status(), StatusCode::OK);
    }
}

#[tokio::test]
async fn unknown_accounts_and_wrong_passwords_look_the_same() {
    let app = spawn_app().await;
    let user = app.register("margaret").await;
    let wrong_password = app.login(&user.username, "Wrong-Password-1").await;
    assert_eq!(wrong_password.status(), StatusCode::UNAUTHORIZED);
    let wrong_password = body(wrong_password).await;
    let unknown = app.login("nobody-here", "Wrong-Password-1").await;
    assert_eq!(unknown.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(body(unknown).await, wrong_password);
    assert_eq!(wrong_password["code"], "INVALID_CREDENTIALS");
}

#[tokio::test]
async fn ten_wrong_passwords_lock_the_account_for_a_while() {
    let app = spawn_app().await;
    let user = app.register("target").await;
    for _ in 0..10 {
        let response = app.login(&user.username, "Wrong-Password-1").await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }
    let locked = app.login(&user.username, PASSWORD).await;
    let json = expect_error(locked, StatusCode::LOCKED, "ACCOUNT_LOCKED").await;
    assert!(json["details"]["retry_after"].as_i64().unwrap() > 800);

    // When the lock expires the right password works again and the count restarts.
    app.db()
        .await
        .execute(
            "update users set locked_until = now() - interval '1 second' where id = $1",
            &[&user.id],
        )
        .await
        .unwrap();
    assert_eq!(
        app.login(&user.username, PASSWORD).await.status(),
        StatusCode::OK
    );
    let failures: i32 = app
        .db()
        .await
        .query_one("select failed_logins from users where id = $1", &[&user.id])
        .await
        .unwrap()
        .get(0);
    assert_eq!(failures, 0);
}

#[tokio::test]
async fn a_disabled_account_cannot_sign_in_refresh_or_use_its_token() {
    let app = spawn_app().await;
    let admin = app.register_admin().await;
    let user = app.register("leaver").await;
    let disabled = app
        .patch_as(
            &format!("/api/admin/users/{}", user.id),
            &admin.access,
            json!({"disabled": true}),
        )
        .await;
    assert_eq!(disabled.status(), StatusCode::OK);

    expect_error(
        app.login(&user.username, PASSWORD).await,
        StatusCode::UNAUTHORIZED,
        "ACCOUNT_DISABLED",
    )
    .await;
    assert_eq!(
        app.refresh(&user.refresh).await.status(),
        StatusCode::UNAUTHORIZED
    );
    expect_error(
        app.get("/api/me", &user.access).await,
        StatusCode::UNAUTHORIZED,
        "ACCOUNT_DISABLED",
    )
    .await;
}

#[tokio::test]
async fn bcrypt_hashes_from_an_import_verify_and_are_upgraded() {
    let app = spawn_app().await;
    let user = app.register("imported").await;
    let legacy = bcrypt::hash("Legacy-Password-1", 4).unwrap();
    let db = app.db().await;
    db.execute(
        "update users set password_hash = $2 where id = $1",
        &[&user.id, &legacy],
    )
    .await
    .unwrap();

    assert_eq!(
        app.login(&user.username, "Legacy-Password-1")
            .await
            .status(),
        StatusCode::OK
    );
    let stored: String = db
        .query_one("select password_hash from users where id = $1", &[&user.id])
        .await
        .unwrap()
        .get(0);
    assert!(stored.starts_with("$argon2id$"), "{stored}");
    assert_eq!(
        app.login(&user.username, "Legacy-Password-1")
            .await
            .status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn auth_routes_allow_ten_requests_a_minute_per_ip_across_instances() {
    let first = spawn_app_with(AppOptions {
        auth_rate_limit: 10,
        ..Default::default()
    })
    .await;
    // A second instance of the same deployment: same database, own process state.
    let second = spawn_app_with(AppOptions {
        auth_rate_limit: 10,
        database: Some(first.database.clone()),
        ..Default::default()
    })
    .await;
    // Start well inside a one-minute window so all twelve requests share it.
    let into_minute = chrono::Utc::now().timestamp() % 60;
    if into_minute > 50 {
        tokio::time::sleep(std::time::Duration::from_secs((61 - into_minute) as u64)).await;
    }
    let mut statuses = Vec::new();
    for i in 0..12 {
        let app = if i % 2 == 0 { &first } else { &second };
        let response = app.login("someone", "Wrong-Password-1").await;
        statuses.push(response.status());
        if response.status() == StatusCode::TOO_MANY_REQUESTS {
            let retry: u64 = response.headers()["retry-after"]
                .to_str()
                .unwrap()
                .parse()
                .unwrap();
            assert!((1..=60).contains(&retry));
            expect_error(response, StatusCode::TOO_MANY_REQUESTS, "RATE_LIMITED").await;
        }
    }
    // Each instance saw only six requests: the two limited ones prove the count is shared.
    assert!(
        statuses[..10]
            .iter()
            .all(|s| *s == StatusCode::UNAUTHORIZED),
        "{statuses:?}"
    );
    assert!(
        statuses[10..]
            .iter()
            .all(|s| *s == StatusCode::TOO_MANY_REQUESTS),
        "{statuses:?}"
    );
}
