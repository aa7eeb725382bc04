//! Signing in: credentials, enumeration safety, throttling of failures, disabled
//! accounts, the per-IP rate limit behind a CDN.

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

/// Signs in as if from `client` behind the CDN (an app spawned with
/// [`behind_a_cdn`]): the CDN appends the address it saw to `X-Forwarded-For`.
async fn login_from(app: &TestApp, client: &str, login: &str, password: &str) -> reqwest::Response {
    app.http
        .post(app.url("/api/auth/login"))
        .header("x-forwarded-for", client)
        .json(&json!({"login": login, "password": password}))
        .send()
        .await
        .unwrap()
}

/// An app whose clients all arrive through a CDN at 127.0.0.1, which it trusts.
fn behind_a_cdn() -> AppOptions {
    AppOptions {
        trusted_proxies: Some("127.0.0.1/32".into()),
        ..Default::default()
    }
}

/// The `Retry-After` of a 429, after checking its body.
async fn throttled(response: reqwest::Response) -> (u64, serde_json::Value) {
    let retry: u64 = response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    let json = expect_error(response, StatusCode::TOO_MANY_REQUESTS, "RATE_LIMITED").await;
    (retry, json)
}

#[tokio::test]
async fn failed_sign_ins_slow_down_the_guesser_but_never_lock_out_the_owner() {
    let app = spawn_app_with(behind_a_cdn()).await;
    let user = app.register("target").await;
    let guesser = "203.0.113.66";
    // Ten failures are free; after the tenth the guesser waits a second.
    for _ in 0..10 {
        let response = login_from(&app, guesser, &user.username, "Wrong-Password-1").await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }
    // The guesser now waits before each try, even with the right password...
    let (retry, _) = throttled(login_from(&app, guesser, &user.username, PASSWORD).await).await;
    assert_eq!(retry, 1);
    // ...while the owner, elsewhere, signs in at once: no account lock (no 423).
    let owner = login_from(&app, "198.51.100.7", &user.username, PASSWORD).await;
    assert_eq!(owner.status(), StatusCode::OK);

    // Each further failure doubles the guesser's wait.
    app.db()
        .await
        .execute(
            "update login_throttles set retry_at = now() where client = $1",
            &[&guesser],
        )
        .await
        .unwrap();
    let wrong = login_from(&app, guesser, &user.username, "Wrong-Password-2").await;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    let (retry, _) = throttled(login_from(&app, guesser, &user.username, PASSWORD).await).await;
    assert_eq!(retry, 2);
}

#[tokio::test]
async fn unknown_wrong_and_throttled_sign_ins_cannot_be_told_apart() {
    let app = spawn_app_with(behind_a_cdn()).await;
    let user = app.register("hidden").await;
    let client = "203.0.113.67";
    for _ in 0..10 {
        let wrong = login_from(&app, client, &user.username, "Wrong-Password-1").await;
        let unknown = login_from(&app, client, "nobody-at-all", "Wrong-Password-1").await;
        assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(unknown.status(), wrong.status());
        assert_eq!(body(unknown).await, body(wrong).await);
    }
    let wrong = throttled(login_from(&app, client, &user.username, "Wrong-Password-1").await).await;
    let unknown =
        throttled(login_from(&app, client, "nobody-at-all", "Wrong-Password-1").await).await;
    assert_eq!(wrong, unknown);
    assert_eq!(wrong.1["details"]["retry_after"], wrong.0);
}

#[tokio::test]
async fn a_guesser_with_many_addresses_slows_new_devices_but_not_the_owners() {
    let app = spawn_app_with(behind_a_cdn()).await;
    let user = app.register("famous").await;
    let home = "198.51.100.20";
    assert_eq!(
        login_from(&app, home, &user.username, PASSWORD)
            .await
            .status(),
        StatusCode::OK
    );
    for name in [user.username.as_str(), "no-such-person"] {
        // Fifty failures are free across addresses; then new devices wait.
        for i in 0..50 {
            let response = login_from(&app, &format!("203.0.113.{i}"), name, "Wrong-1-Guess").await;
            assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{name} #{i}");
        }
        // A device never used with this name now waits, account or not...
        throttled(login_from(&app, "192.0.2.99", name, PASSWORD).await).await;
    }
    // ...but the owner's own device signs in as usual.
    assert_eq!(
        login_from(&app, home, &user.username, PASSWORD)
            .await
            .status(),
        StatusCode::OK
    );
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
    well_inside_a_minute().await;
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

/// Waits for the next minute when the current one is nearly over, so that a
/// test's requests share one rate-limit window.
async fn well_inside_a_minute() {
    let into_minute = chrono::Utc::now().timestamp() % 60;
    if into_minute > 50 {
        tokio::time::sleep(std::time::Duration::from_secs((61 - into_minute) as u64)).await;
    }
}

/// `options` with a limit of three requests a minute per client on `/api/auth/*`.
fn three_a_minute(options: AppOptions) -> AppOptions {
    AppOptions {
        auth_rate_limit: 3,
        ..options
    }
}

/// Refreshes with a made-up token as if from behind the CDN with this
/// `X-Forwarded-For`; answers the status (401, or 429 once limited).
async fn refresh_via(app: &TestApp, forwarded_for: &str) -> StatusCode {
    app.http
        .post(app.url("/api/auth/refresh"))
        .header("x-forwarded-for", forwarded_for)
        .json(&json!({"refresh_token": "made-up"}))
        .send()
        .await
        .unwrap()
        .status()
}

#[tokio::test]
async fn behind_a_trusted_cdn_each_viewer_has_its_own_limit_and_spoofing_changes_nothing() {
    let app = spawn_app_with(three_a_minute(behind_a_cdn())).await;
    well_inside_a_minute().await;
    let limited = StatusCode::TOO_MANY_REQUESTS;
    for _ in 0..3 {
        assert_eq!(
            refresh_via(&app, "203.0.113.1").await,
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(refresh_via(&app, "203.0.113.1").await, limited);
    // A header the viewer wrote itself comes before what the CDN appends.
    for spoof in [
        "198.51.100.1",
        "10.0.0.1, 198.51.100.2",
        "garbage",
        "127.0.0.1",
    ] {
        assert_eq!(
            refresh_via(&app, &format!("{spoof}, 203.0.113.1")).await,
            limited,
            "{spoof}"
        );
    }
    // Another viewer behind the same edge has a limit of its own.
    assert_eq!(
        refresh_via(&app, "203.0.113.2").await,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn ipv6_viewers_share_a_limit_per_64() {
    let app = spawn_app_with(three_a_minute(behind_a_cdn())).await;
    well_inside_a_minute().await;
    for address in ["2001:db8:1:2::1", "2001:db8:1:2::2", "2001:db8:1:2:abcd::9"] {
        assert_eq!(refresh_via(&app, address).await, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(
        refresh_via(&app, "2001:db8:1:2:ffff:ffff:ffff:ffff").await,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        refresh_via(&app, "2001:db8:1:3::1").await,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn without_a_trust_rule_forwarded_addresses_are_ignored() {
    let app = spawn_app_with(three_a_minute(AppOptions::default())).await;
    well_inside_a_minute().await;
    for i in 0..3 {
        let status = refresh_via(&app, &format!("203.0.113.{i}")).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(
        refresh_via(&app, "203.0.113.99").await,
        StatusCode::TOO_MANY_REQUESTS
    );
}
