//! Signing up: the first administrator, the password policy, duplicates, modes.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::*;

/// How many accounts exist.
async fn accounts(app: &TestApp) -> i64 {
    app.db()
        .await
        .query_one("select count(*) from users", &[])
        .await
        .unwrap()
        .get(0)
}

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
    let email = format!("{}@example.org", unique("early"));
    let early = json!({"username": "early", "email": email, "password": PASSWORD});
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
    assert_eq!(user.status(), StatusCode::ACCEPTED);
    let confirmed = app.confirm_email(&email, 1).await;
    assert_eq!(confirmed.status(), StatusCode::OK);
    let session = body(app.login("early", PASSWORD).await).await;
    assert_eq!(session["data"]["user"]["role"], "USER");
}

#[tokio::test]
async fn registration_answers_with_a_session_and_a_safe_cookie() {
    let app = spawn_app().await;
    // The first administrator is signed in at once (an open registration waits
    // for its address: see below).
    let response = app
        .post("/api/auth/register", json!({"username": "ada", "email": "ada@example.org", "password": PASSWORD, "display_name": "Ada L.", "setup_token": app.setup_token}))
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
    assert_eq!(accounts(&app).await, 0);
}

#[tokio::test]
async fn usernames_and_emails_are_unique_regardless_of_case() {
    let app = spawn_app().await;
    app.register_admin().await;
    let id = unique("");
    let grace = app
        .post(
            "/api/auth/register",
            json!({"username": "Grace", "email": format!("Grace-{id}@Example.org"), "password": PASSWORD}),
        )
        .await;
    assert_eq!(grace.status(), StatusCode::ACCEPTED);
    let address = format!("Grace-{id}@Example.org");
    assert_eq!(
        app.confirm_email(&address, 1).await.status(),
        StatusCode::OK
    );
    let same_name = app
        .post(
            "/api/auth/register",
            json!({"username": "gRACE", "email": "other@example.org", "password": PASSWORD}),
        )
        .await;
    expect_error(same_name, StatusCode::CONFLICT, "USERNAME_TAKEN").await;
    // The address is taken: no second account, and the answer does not say so
    // (see registering_with_a_taken_email_answers_like_a_free_one).
    let same_email = app
        .post(
            "/api/auth/register",
            json!({"username": "hopper", "email": format!("grace-{id}@EXAMPLE.org"), "password": PASSWORD}),
        )
        .await;
    assert_eq!(same_email.status(), StatusCode::ACCEPTED);
    app.wait_for_email(&address, "Someone tried to register")
        .await;
    // The administrator and Grace.
    assert_eq!(accounts(&app).await, 2);
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

#[tokio::test]
async fn an_open_registration_creates_the_account_once_its_address_confirms() {
    let app = spawn_app().await;
    app.register_admin().await;
    let email = format!("{}@example.org", unique("ada"));
    let response = app
        .post(
            "/api/auth/register",
            json!({"username": "ada", "email": email, "password": PASSWORD, "display_name": "Ada L."}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    assert!(response.headers().get("set-cookie").is_none());
    assert_eq!(body(response).await, json!({"data": {"email": email}}));
    // Nothing to sign in to yet.
    assert_eq!(
        app.login("ada", PASSWORD).await.status(),
        StatusCode::UNAUTHORIZED
    );

    let link = app
        .wait_for_email(&email, "Confirm your email address")
        .await;
    assert!(
        link.body
            .contains("http://127.0.0.1:5173/verify-email?token=")
    );
    let token = link.link_param("token");
    let confirmed = app
        .post("/api/auth/verify-email", json!({"token": token}))
        .await;
    assert_eq!(confirmed.status(), StatusCode::OK);
    assert_eq!(
        body(confirmed).await["data"],
        json!({"purpose": "registration", "email": email, "username": "ada"})
    );
    let session = body(app.login("ada", PASSWORD).await).await;
    assert_eq!(session["data"]["user"]["display_name"], "Ada L.");
    let access = session["data"]["access_token"].as_str().unwrap();
    let me = body(app.get("/api/me", access).await).await;
    assert!(me["data"]["email_verified_at"].is_string(), "{me}");

    let again = app
        .post("/api/auth/verify-email", json!({"token": token}))
        .await;
    expect_error(again, StatusCode::BAD_REQUEST, "INVALID_EMAIL_TOKEN").await;
}

#[tokio::test]
async fn registering_with_a_taken_email_answers_like_a_free_one() {
    let app = spawn_app().await;
    let owner = app.register("owner").await;
    let register = |username: String, email: String| {
        let app = &app;
        async move {
            app.post(
                "/api/auth/register",
                json!({"username": username, "email": email, "password": "Attackers-Pass-1"}),
            )
            .await
        }
    };
    let taken = register(unique("probe_"), owner.email.clone()).await;
    let free_email = format!("{}@example.org", unique("free"));
    let free = register(unique("probe_"), free_email.clone()).await;
    assert_eq!(taken.status(), free.status());
    assert_eq!(taken.status(), StatusCode::ACCEPTED);
    let (taken, free) = (body(taken).await, body(free).await);
    assert_eq!(taken, json!({"data": {"email": owner.email}}));
    assert_eq!(free, json!({"data": {"email": free_email}}));

    // The owner is told; no account and no link to create one exist.
    let notice = app
        .wait_for_email(&owner.email, "Someone tried to register")
        .await;
    assert!(notice.body.contains(&owner.username), "{}", notice.body);
    assert!(!notice.body.contains("token="), "{}", notice.body);
    let db = app.db().await;
    let pending: i64 = db
        .query_one(
            "select count(*) from email_confirmations
             where lower(email) = lower($1) and confirmed_at is null",
            &[&owner.email],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(pending, 0);
    // The administrator and the owner.
    assert_eq!(accounts(&app).await, 2);
}

#[tokio::test]
async fn a_stranger_cannot_hold_an_address_by_registering_it_first() {
    let app = spawn_app().await;
    app.register_admin().await;
    let victim = format!("{}@example.org", unique("victim"));
    // The stranger registers the address with a password of their choosing.
    let squat = app
        .post(
            "/api/auth/register",
            json!({"username": unique("squatter_"), "email": victim, "password": "Attackers-Pass-1"}),
        )
        .await;
    assert_eq!(squat.status(), StatusCode::ACCEPTED);
    // The owner of the address registers later, and confirms their own link.
    let owner = unique("owner_");
    let own = app
        .post(
            "/api/auth/register",
            json!({"username": owner, "email": victim, "password": PASSWORD}),
        )
        .await;
    assert_eq!(own.status(), StatusCode::ACCEPTED);
    assert_eq!(app.confirm_email(&victim, 2).await.status(), StatusCode::OK);
    assert_eq!(app.login(&owner, PASSWORD).await.status(), StatusCode::OK);
    // The stranger's link, had it been opened, now creates nothing.
    let late = app.confirm_email(&victim, 1).await;
    expect_error(late, StatusCode::BAD_REQUEST, "INVALID_EMAIL_TOKEN").await;
    assert_eq!(
        app.login(&victim, "Attackers-Pass-1").await.status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn a_registration_waiting_for_its_address_ends_when_registration_closes() {
    let app = spawn_app().await;
    let admin = app.register_admin().await;
    let email = format!("{}@example.org", unique("late"));
    app.post(
        "/api/auth/register",
        json!({"username": unique("late_"), "email": email, "password": PASSWORD}),
    )
    .await;
    app.wait_for_email(&email, "Confirm your email address")
        .await;
    app.patch_as(
        "/api/admin/settings",
        &admin.access,
        json!({"registration": "closed"}),
    )
    .await;
    let refused = app.confirm_email(&email, 1).await;
    expect_error(refused, StatusCode::FORBIDDEN, "REGISTRATION_CLOSED").await;
}
