//! Single sign-on with OpenID Connect, against a real provider (`oidc-provider`):
//! the code flow with PKCE, registration and linking, every way a sign-in is
//! refused, and the site administrator's settings.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{PASSWORD, body, expect_error, spawn_app};
use crate::oidc_helpers::{
    ProviderOptions, Sso, assert_refused, error_code, location, query_param, session_of,
    set_cookie, sign_in_methods, sign_in_options,
};

#[tokio::test]
async fn a_volunteer_signs_up_through_the_provider_with_pkce() {
    let app = spawn_app().await;
    let sso = Sso::configure(&app, true).await;
    let (sub, email) = sso.new_person(true).await;

    let started = sso.start(&app, Some("/changemaker/shifts?week=2")).await;
    assert!(started.authorization_url.starts_with(&sso.provider.issuer));
    let answer = sso
        .provider
        .authorize(&started.authorization_url, &sub)
        .await;
    let response = sso.callback(&app, &answer, Some(&started.cookie)).await;
    assert_eq!(response.status(), StatusCode::FOUND);
    assert_eq!(
        location(&response),
        "http://127.0.0.1:5173/sso/done?next=%2Fchangemaker%2Fshifts%3Fweek%3D2"
    );
    let session = session_of(&app, &response).await;
    let user = &session["data"]["user"];
    assert_eq!(user["email"], email);
    assert_eq!(user["role"], "USER");

    // The provider saw a PKCE challenge (S256) and the nonce; it only hands out
    // tokens for the verifier that matches, so the exchange proves the rest.
    let requests = sso.provider.authorizations(&sso.client_id).await;
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(request["code_challenge_method"], "S256");
    assert_eq!(request["code_challenge"].as_str().unwrap().len(), 43);
    assert_eq!(request["response_type"], "code");
    assert!(request["nonce"].as_str().is_some_and(|n| n.len() >= 32));
    assert_eq!(
        query_param(&started.authorization_url, "state")
            .unwrap()
            .len(),
        43
    );

    // The second time, the linked identity signs the same account in.
    let again = sso.sign_in(&app, &sub).await;
    let second = session_of(&app, &again).await;
    assert_eq!(second["data"]["user"]["id"], user["id"]);
    let db = app.db().await;
    let accounts: i64 = db
        .query_one(
            "select count(*) from users where lower(email) = lower($1)",
            &[&email],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(accounts, 1);
    let hash: String = db
        .query_one(
            "select password_hash from users where lower(email) = lower($1)",
            &[&email],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(hash, "!", "an account made by a provider has no password");
}

#[tokio::test]
async fn a_provider_that_takes_the_secret_in_the_body_works_too() {
    let app = spawn_app().await;
    let sso = Sso::configure_with(&app, true, ProviderOptions { post_only: true }).await;
    let (sub, _) = sso.new_person(true).await;
    let response = sso.sign_in(&app, &sub).await;
    assert_eq!(error_code(&response), None, "{}", location(&response));
    session_of(&app, &response).await;
}

#[tokio::test]
async fn without_auto_registration_a_stranger_gets_no_account() {
    let app = spawn_app().await;
    let sso = Sso::configure(&app, false).await;
    let (sub, email) = sso.new_person(true).await;
    let response = sso.sign_in(&app, &sub).await;
    assert_refused(&response, "OIDC_NO_ACCOUNT");
    let made: bool = app
        .db()
        .await
        .query_one(
            "select exists (select 1 from users where lower(email) = lower($1))",
            &[&email],
        )
        .await
        .unwrap()
        .get(0);
    assert!(!made);
}

#[tokio::test]
async fn an_existing_account_is_linked_only_with_its_password() {
    let app = spawn_app().await;
    let sso = Sso::configure(&app, true).await;
    let parent = app.register("parent").await;
    let sub = "parent-at-the-idp";
    sso.provider.add_account(sub, &parent.email, true).await;

    // Not linked silently: the browser is asked for the account's password.
    let response = sso.sign_in(&app, sub).await;
    assert_eq!(response.status(), StatusCode::FOUND);
    assert_eq!(set_cookie(&response, "refresh_token"), None);
    let to = location(&response);
    let ticket = to
        .strip_prefix("http://127.0.0.1:5173/sso/link#ticket=")
        .unwrap_or_else(|| panic!("{to}"))
        .to_string();
    let described = app
        .post("/api/auth/oidc/link/describe", json!({"ticket": ticket}))
        .await;
    assert_eq!(described.status(), StatusCode::OK);
    let described = body(described).await;
    assert_eq!(described["data"]["username"], parent.username);
    assert_eq!(described["data"]["provider"], "Test IdP");

    let wrong = app
        .post(
            "/api/auth/oidc/link/confirm",
            json!({"ticket": ticket, "password": "Not-the-password-1"}),
        )
        .await;
    expect_error(wrong, StatusCode::UNAUTHORIZED, "INVALID_CREDENTIALS").await;
    assert!(
        sign_in_methods(&app, &parent.access).await["identities"]
            .as_array()
            .unwrap()
            .is_empty()
    );

    let right = app
        .post(
            "/api/auth/oidc/link/confirm",
            json!({"ticket": ticket, "password": PASSWORD}),
        )
        .await;
    assert_eq!(right.status(), StatusCode::OK);
    let session = body(right).await;
    assert_eq!(session["data"]["user"]["id"], parent.id.to_string());
    let methods = sign_in_methods(&app, &parent.access).await;
    assert_eq!(methods["identities"][0]["provider"], sso.slug);
    assert_eq!(methods["has_password"], true);

    // The ticket works once; the provider now signs the account in directly.
    let replay = app
        .post(
            "/api/auth/oidc/link/confirm",
            json!({"ticket": ticket, "password": PASSWORD}),
        )
        .await;
    expect_error(replay, StatusCode::BAD_REQUEST, "LINK_REQUEST_INVALID").await;
    let again = sso.sign_in(&app, sub).await;
    assert_eq!(
        session_of(&app, &again).await["data"]["user"]["id"],
        parent.id.to_string()
    );
}

#[tokio::test]
async fn an_address_the_provider_does_not_vouch_for_links_nothing() {
    let app = spawn_app().await;
    let sso = Sso::configure(&app, true).await;
    let parent = app.register("parent").await;
    sso.provider
        .add_account("claims-an-address", &parent.email, false)
        .await;
    let response = sso.sign_in(&app, "claims-an-address").await;
    assert_refused(&response, "OIDC_EMAIL_IN_USE");
}

#[tokio::test]
async fn a_tampered_id_token_is_refused() {
    let app = spawn_app().await;
    let sso = Sso::configure(&app, true).await;
    let (sub, _) = sso.new_person(true).await;
    for mode in ["signature", "payload", "none", "hs256"] {
        sso.provider.tamper(&sso.client_id, mode).await;
        let response = sso.sign_in(&app, &sub).await;
        assert_refused(&response, "OIDC_TOKEN_INVALID");
    }
    sso.provider.tamper(&sso.client_id, "off").await;
    let response = sso.sign_in(&app, &sub).await;
    session_of(&app, &response).await;
}

#[tokio::test]
async fn an_id_token_for_another_nonce_is_refused() {
    let app = spawn_app().await;
    let sso = Sso::configure(&app, true).await;
    let (sub, _) = sso.new_person(true).await;
    let started = sso.start(&app, None).await;
    // The provider signs whatever nonce the browser brings it.
    let mut url = reqwest::Url::parse(&started.authorization_url).unwrap();
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| {
            let v = if k == "nonce" {
                "a-nonce-of-my-own".into()
            } else {
                v.into_owned()
            };
            (k.into_owned(), v)
        })
        .collect();
    url.query_pairs_mut().clear().extend_pairs(pairs);
    let answer = sso.provider.authorize(url.as_str(), &sub).await;
    let response = sso.callback(&app, &answer, Some(&started.cookie)).await;
    assert_refused(&response, "OIDC_NONCE_MISMATCH");
}

#[tokio::test]
async fn a_state_is_used_once_by_the_browser_that_started_it() {
    let app = spawn_app().await;
    let sso = Sso::configure(&app, true).await;
    let (sub, _) = sso.new_person(true).await;
    let (started, answer) = sso.answer(&app, &sub, None).await;

    // Another browser (no state cookie) cannot use the answer.
    let elsewhere = sso.callback(&app, &answer, None).await;
    assert_refused(&elsewhere, "OIDC_STATE_MISMATCH");
    let forged = sso.callback(&app, &answer, Some("forged-state")).await;
    assert_refused(&forged, "OIDC_STATE_MISMATCH");

    let first = sso.callback(&app, &answer, Some(&started.cookie)).await;
    session_of(&app, &first).await;
    let replayed = sso.callback(&app, &answer, Some(&started.cookie)).await;
    assert_refused(&replayed, "OIDC_STATE_USED");
}

#[tokio::test]
async fn a_sign_in_left_too_long_expires() {
    let app = spawn_app().await;
    let sso = Sso::configure(&app, true).await;
    let (sub, _) = sso.new_person(true).await;
    let (started, answer) = sso.answer(&app, &sub, None).await;
    app.db()
        .await
        .execute(
            "update oidc_pending_logins set expires_at = now() - interval '1 second'",
            &[],
        )
        .await
        .unwrap();
    let response = sso.callback(&app, &answer, Some(&started.cookie)).await;
    assert_refused(&response, "OIDC_STATE_EXPIRED");
}

#[tokio::test]
async fn unknown_and_disabled_providers_start_nothing() {
    let app = spawn_app().await;
    let response = app
        .http
        .get(app.url("/api/auth/oidc/nobody/start"))
        .send()
        .await
        .unwrap();
    assert_refused(&response, "OIDC_UNKNOWN_PROVIDER");

    let sso = Sso::configure(&app, true).await;
    let admin = app.register_admin().await;
    let (sub, _) = sso.new_person(true).await;
    let (started, answer) = sso.answer(&app, &sub, None).await;
    let disabled = app
        .patch_as(&sso.admin_path(), &admin.access, json!({"enabled": false}))
        .await;
    assert_eq!(disabled.status(), StatusCode::OK);
    let response = sso.callback(&app, &answer, Some(&started.cookie)).await;
    assert_refused(&response, "OIDC_STATE_INVALID");
    let response = app
        .http
        .get(app.url(&format!("/api/auth/oidc/{}/start", sso.slug)))
        .send()
        .await
        .unwrap();
    assert_refused(&response, "OIDC_UNKNOWN_PROVIDER");
    assert_eq!(sign_in_options(&app).await["providers"], json!([]));
}

#[tokio::test]
async fn a_return_path_off_the_site_is_not_followed() {
    let app = spawn_app().await;
    let sso = Sso::configure(&app, true).await;
    let (sub, _) = sso.new_person(true).await;
    let (started, answer) = sso.answer(&app, &sub, Some("//evil.example/steal")).await;
    let response = sso.callback(&app, &answer, Some(&started.cookie)).await;
    assert_eq!(
        location(&response),
        "http://127.0.0.1:5173/sso/done?next=%2F"
    );
}

#[tokio::test]
async fn keys_the_provider_rotates_are_fetched_again() {
    let app = spawn_app().await;
    let sso = Sso::configure(&app, true).await;
    let (sub, _) = sso.new_person(true).await;
    session_of(&app, &sso.sign_in(&app, &sub).await).await;
    sso.provider.rotate_keys().await;
    let response = sso.sign_in(&app, &sub).await;
    assert_eq!(error_code(&response), None, "{}", location(&response));
    session_of(&app, &response).await;
}

#[tokio::test]
async fn a_disabled_account_is_refused() {
    let app = spawn_app().await;
    let sso = Sso::configure(&app, true).await;
    let admin = app.register_admin().await;
    let (sub, _) = sso.new_person(true).await;
    let first = sso.sign_in(&app, &sub).await;
    let user_id = session_of(&app, &first).await["data"]["user"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let response = app
        .patch_as(
            &format!("/api/admin/users/{user_id}"),
            &admin.access,
            json!({"disabled": true}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_refused(&sso.sign_in(&app, &sub).await, "ACCOUNT_DISABLED");
}
