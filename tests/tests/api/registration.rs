//! Signing up: the first administrator, the password policy, duplicates, modes.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::*;

/// What the sign-up page reads: `needs_setup` and `registration`.
async fn auth_status(app: &TestApp) -> serde_json::Value {
    body(
        app.http
            .get(app.url("/api/auth/status"))
            .send()
            .await
            .unwrap(),
    )
    .await
}

#[tokio::test]
async fn the_first_account_becomes_super_admin_only_with_the_setup_token() {
    let app = spawn_app().await;
    let status = auth_status(&app).await;
    assert_eq!(status["data"]["needs_setup"], true);

    let wrong = app
        .post(
            "/api/auth/register",
            json!({"username": "mallory", "email": "m@example.org", "password": PASSWORD, "setup_token": "not-the-token-at-all"}),
        )
        .await;
    expect_error(wrong, StatusCode::FORBIDDEN, "INVALID_SETUP_TOKEN").await;

    let admin = app.register_admin().await;
    let me = body(app.get("/api/me", &admin.access).await).await;
    assert_eq!(me["data"]["role"], "SUPER_ADMIN");

    let status = auth_status(&app).await;
    assert_eq!(status["data"]["needs_setup"], false);

    let again = app
        .post(
            "/api/auth/register",
            json!({"username": "second", "email": "s@example.org", "password": PASSWORD, "setup_token": app.setup_token}),
        )
        .await;
    expect_error(again, StatusCode::CONFLICT, "ALREADY_SET_UP").await;

    let user = app.register("volunteer").await;
    let me = body(app.get("/api/me", &user.access).await).await;
    assert_eq!(me["data"]["role"], "USER");
}

#[tokio::test]
async fn a_stranger_cannot_register_before_the_first_admin_and_block_the_setup() {
    let app = spawn_app().await;
    let early = json!({"username": "early", "email": "early@example.org", "password": PASSWORD});
    for _ in 0..2 {
        let refused = app.post("/api/auth/register", early.clone()).await;
        let json = expect_error(refused, StatusCode::FORBIDDEN, "SETUP_REQUIRED").await;
        assert!(
            json["error"].as_str().unwrap().contains("setup token"),
            "{json}"
        );
    }
    let status = auth_status(&app).await;
    assert_eq!(status["data"]["needs_setup"], true);

    // The real setup token still claims the site...
    let admin = app.register_admin().await;
    let me = body(app.get("/api/me", &admin.access).await).await;
    assert_eq!(me["data"]["role"], "SUPER_ADMIN");
    // ...after which the stranger may register like anyone, as a plain user.
    let user = app.post("/api/auth/register", early).await;
    assert_eq!(user.status(), StatusCode::CREATED);
    assert_eq!(body(user).await["data"]["user"]["role"], "USER");
}

#[tokio::test]
async fn registration_answers_with_a_session_and_a_safe_cookie() {
    let app = spawn_app().await;
    app.register_admin().await;
    let response = app
        .post("/api/auth/register", json!({"username": "ada", "email": "ada@example.org", "password": PASSWORD, "display_name": "Ada L."}))
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_string();
    let json = body(response).await;
    let refresh = json["data"]["refresh_token"].as_str().unwrap();
    assert!(cookie.starts_with(&format!("refresh_token={refresh};")));
    for attribute in ["HttpOnly", "Secure", "SameSite=Strict", "Path=/api/auth"] {
        assert!(
            cookie.contains(attribute),
            "{attribute} missing in {cookie}"
        );
    }
    assert_eq!(json["data"]["token_type"], "Bearer");
    assert_eq!(json["data"]["expires_in"], 900);
    assert_eq!(json["data"]["user"]["display_name"], "Ada L.");
    assert!(json["data"]["user"].get("password_hash").is_none());
}

#[tokio::test]
async fn weak_passwords_and_bad_fields_are_refused_field_by_field() {
    let app = spawn_app().await;
    let cases = [
        (
            json!({"username": "ada", "email": "ada@example.org", "password": "Short1a"}),
            "password",
            "too short",
        ),
        (
            json!({"username": "ada", "email": "ada@example.org", "password": "alllowercase123"}),
            "password",
            "no upper case",
        ),
        (
            json!({"username": "ada", "email": "ada@example.org", "password": "ALLUPPERCASE123"}),
            "password",
            "no lower case",
        ),
        (
            json!({"username": "ada", "email": "ada@example.org", "password": "NoDigitsAnywhere"}),
            "password",
            "no digit",
        ),
        (
            json!({"username": "a", "email": "ada@example.org", "password": PASSWORD}),
            "username",
            "username too short",
        ),
        (
            json!({"username": "bad name", "email": "ada@example.org", "password": PASSWORD}),
            "username",
            "space in username",
        ),
        (
            json!({"username": "ada", "email": "not-an-email", "password": PASSWORD}),
            "email",
            "email without @",
        ),
    ];
    for (request, field, case) in cases {
        let response = app.post("/api/auth/register", request).await;
        let json = expect_error(
            response,
            StatusCode::UNPROCESSABLE_ENTITY,
            "VALIDATION_FAILED",
        )
        .await;
        assert!(json["details"][field].is_string(), "{case}: {json}");
    }
    let missing = app
        .post("/api/auth/register", json!({"username": "ada"}))
        .await;
    expect_error(missing, StatusCode::UNPROCESSABLE_ENTITY, "INVALID_BODY").await;
    // Nothing was half-written.
    let users: i64 = app
        .db()
        .await
        .query_one("select count(*) from users", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(users, 0);
}

#[tokio::test]
async fn usernames_and_emails_are_unique_regardless_of_case() {
    let app = spawn_app().await;
    app.register_admin().await;
    app.post(
        "/api/auth/register",
        json!({"username": "Grace", "email": "Grace@Example.org", "password": PASSWORD}),
    )
    .await;
    let same_name = app
        .post(
            "/api/auth/register",
            json!({"username": "gRACE", "email": "other@example.org", "password": PASSWORD}),
        )
        .await;
    expect_error(same_name, StatusCode::CONFLICT, "USERNAME_TAKEN").await;
    let same_email = app
        .post(
            "/api/auth/register",
            json!({"username": "hopper", "email": "grace@EXAMPLE.org", "password": PASSWORD}),
        )
        .await;
    expect_error(same_email, StatusCode::CONFLICT, "EMAIL_TAKEN").await;
}

#[tokio::test]
async fn closed_and_invite_only_registration() {
    let app = spawn_app().await;
    let admin = app.register_admin().await;

    app.set_registration(&admin, "closed").await;
    let refused = app
        .post(
            "/api/auth/register",
            json!({"username": "late", "email": "late@example.org", "password": PASSWORD}),
        )
        .await;
    expect_error(refused, StatusCode::FORBIDDEN, "REGISTRATION_CLOSED").await;

    app.patch_as(
        "/api/admin/settings",
        &admin.access,
        json!({"registration": "invite_only"}),
    )
    .await;
    let status = auth_status(&app).await;
    assert_eq!(status["data"]["registration"], "invite_only");
    let no_invite = app
        .post(
            "/api/auth/register",
            json!({"username": "late", "email": "late@example.org", "password": PASSWORD}),
        )
        .await;
    expect_error(no_invite, StatusCode::FORBIDDEN, "INVITE_REQUIRED").await;

    let invitee = format!("{}@example.org", unique("invitee"));
    let invite = app
        .post_as(
            "/api/admin/invites",
            &admin.access,
            json!({"email": invitee}),
        )
        .await;
    assert_eq!(invite.status(), StatusCode::CREATED);
    let email = app.wait_for_email(&invitee, "invites you").await;
    let token = email.link_param("invite");

    let wrong_email = app
        .post(
            "/api/auth/register",
            json!({"username": "someone", "email": "someone@example.org", "password": PASSWORD, "invite_token": token}),
        )
        .await;
    expect_error(wrong_email, StatusCode::FORBIDDEN, "INVITE_INVALID").await;

    let accepted = app
        .post(
            "/api/auth/register",
            json!({"username": "invited", "email": invitee, "password": PASSWORD, "invite_token": token}),
        )
        .await;
    assert_eq!(accepted.status(), StatusCode::CREATED);

    let reused = app
        .post(
            "/api/auth/register",
            json!({"username": "invited2", "email": invitee.replace('@', "+2@"), "password": PASSWORD, "invite_token": token}),
        )
        .await;
    expect_error(reused, StatusCode::FORBIDDEN, "INVITE_INVALID").await;
}
