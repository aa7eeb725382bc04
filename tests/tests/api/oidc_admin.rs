//! Single sign-on as the site administrator and account owners see it: the
//! provider settings (secret sealed, admin only), linking from account
//! settings, and switching password sign-in off without locking anyone out.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{PASSWORD, body, expect_error, spawn_app, unique};
use crate::oidc_helpers::{
    Sso, TestProvider, assert_refused, location, session_of, sign_in_methods, sign_in_options,
};
use crate::pages_helpers::{callers_of, check_matrix};

#[tokio::test]
async fn only_a_super_admin_manages_providers_and_the_password_switch() {
    let app = spawn_app().await;
    let sso = Sso::configure(&app, false).await;
    let callers = callers_of(
        &app,
        &[Some("SUPER_ADMIN"), Some("MAP_ADMIN"), Some("USER"), None],
    )
    .await;
    let one = sso.admin_path();
    let slug = unique("idp-");
    let cases = [
        (Method::GET, "/api/admin/oidc-providers".to_string(), None),
        (
            Method::POST,
            "/api/admin/oidc-providers".to_string(),
            Some(
                json!({"slug": slug, "display_name": "Second", "issuer": sso.provider.issuer,
                        "client_id": "second"}),
            ),
        ),
        (
            Method::PATCH,
            one.clone(),
            Some(json!({"display_name": "Renamed"})),
        ),
        (
            Method::PATCH,
            "/api/admin/settings".to_string(),
            Some(json!({"local_login": true})),
        ),
        (Method::DELETE, one, None),
    ];
    for (method, path, payload) in cases {
        check_matrix(&app, &callers, method, &path, payload, &["SUPER_ADMIN"]).await;
    }
    // The sign-in page's list is public; a user's identities are their own.
    sign_in_options(&app).await;
    let anonymous = app
        .http
        .get(app.url("/api/auth/oidc/identities"))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_client_secret_is_sealed_at_rest_and_never_answered() {
    let app = spawn_app().await;
    let sso = Sso::configure(&app, true).await;
    let admin = app.register_admin().await;
    let secret = sso.client_secret.as_bytes();

    let stored: Vec<u8> = app
        .db()
        .await
        .query_one(
            "select client_secret from oidc_providers where slug = $1",
            &[&sso.slug],
        )
        .await
        .unwrap()
        .get(0);
    assert!(
        !stored.windows(secret.len()).any(|w| w == secret),
        "the column holds the secret in clear"
    );
    let listed = app.get("/api/admin/oidc-providers", &admin.access).await;
    let text = listed.text().await.unwrap();
    assert!(!text.contains(&sso.client_secret), "{text}");
    let listed: serde_json::Value = serde_json::from_str(&text).unwrap();
    let provider = &listed["data"][0];
    assert_eq!(provider["client_secret_set"], true);
    assert!(provider.get("client_secret").is_none());
    assert_eq!(
        provider["redirect_uri"],
        format!("http://127.0.0.1:5173/api/auth/oidc/{}/callback", sso.slug)
    );

    // The sealed secret opens for the code exchange.
    let (sub, _) = sso.new_person(true).await;
    session_of(&app, &sso.sign_in(&app, &sub).await).await;

    let cleared = app
        .patch_as(
            &sso.admin_path(),
            &admin.access,
            json!({"client_secret": null}),
        )
        .await;
    assert_eq!(body(cleared).await["data"]["client_secret_set"], false);
}

#[tokio::test]
async fn a_provider_is_checked_before_it_is_saved() {
    let app = spawn_app().await;
    let admin = app.register_admin().await;
    let provider = TestProvider::start().await;
    let create = |slug: &str, issuer: &str| json!({"slug": slug, "display_name": "IdP", "issuer": issuer, "client_id": "fleet"});
    for (case, payload, field) in [
        (
            "nothing answers",
            create("idp", "http://127.0.0.1:9/"),
            "issuer",
        ),
        (
            "plain http elsewhere",
            create("idp", "http://idp.example.org"),
            "issuer",
        ),
        (
            "a route's name",
            create("providers", &provider.issuer),
            "slug",
        ),
        (
            "no openid scope",
            json!({"slug": "idp", "display_name": "IdP", "issuer": provider.issuer,
                                  "client_id": "fleet", "scopes": "email"}),
            "scopes",
        ),
    ] {
        let response = app
            .post_as("/api/admin/oidc-providers", &admin.access, payload)
            .await;
        let error = expect_error(
            response,
            StatusCode::UNPROCESSABLE_ENTITY,
            "VALIDATION_FAILED",
        )
        .await;
        assert!(error["details"][field].is_string(), "{case}: {error}");
    }
    // A final slash the provider does not use is forgiven and dropped.
    let response = app
        .post_as(
            "/api/admin/oidc-providers",
            &admin.access,
            create("idp", &format!("{}/", provider.issuer)),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    assert_eq!(body(response).await["data"]["issuer"], provider.issuer);
    let again = app
        .post_as(
            "/api/admin/oidc-providers",
            &admin.access,
            create("idp", &provider.issuer),
        )
        .await;
    expect_error(again, StatusCode::CONFLICT, "SLUG_TAKEN").await;
}

#[tokio::test]
async fn a_user_links_and_unlinks_a_provider_from_their_account() {
    let app = spawn_app().await;
    let sso = Sso::configure(&app, false).await;
    let parent = app.register("parent").await;
    let methods = sign_in_methods(&app, &parent.access).await;
    assert_eq!(methods["linkable"][0]["slug"], sso.slug);
    let (sub, _) = sso.new_person(true).await;

    let response = sso.link(&app, &parent.access, &sub).await;
    assert_eq!(
        location(&response),
        format!(
            "http://127.0.0.1:5173/sso/done?linked={}&next=%2Fprofile",
            sso.slug
        )
    );
    let methods = sign_in_methods(&app, &parent.access).await;
    let identity = methods["identities"][0].clone();
    assert_eq!(identity["provider"], sso.slug);
    assert_eq!(methods["linkable"], json!([]));
    let signed_in = session_of(&app, &sso.sign_in(&app, &sub).await).await;
    assert_eq!(signed_in["data"]["user"]["id"], parent.id.to_string());

    // Someone else cannot take the same identity.
    let other = app.register("other").await;
    assert_refused(
        &sso.link(&app, &other.access, &sub).await,
        "OIDC_IDENTITY_IN_USE",
    );

    let path = format!(
        "/api/auth/oidc/identities/{}",
        identity["id"].as_str().unwrap()
    );
    let not_theirs = app.delete_as(&path, &other.access).await;
    expect_error(not_theirs, StatusCode::NOT_FOUND, "NOT_FOUND").await;
    let unlinked = app.delete_as(&path, &parent.access).await;
    assert_eq!(unlinked.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        sign_in_methods(&app, &parent.access).await["identities"],
        json!([])
    );
}

#[tokio::test]
async fn an_account_made_by_a_provider_keeps_its_only_way_in() {
    let app = spawn_app().await;
    let sso = Sso::configure(&app, true).await;
    let (sub, _) = sso.new_person(true).await;
    let session = session_of(&app, &sso.sign_in(&app, &sub).await).await;
    let access = session["data"]["access_token"].as_str().unwrap();
    let methods = sign_in_methods(&app, access).await;
    assert_eq!(methods["has_password"], false);
    let id = methods["identities"][0]["id"].as_str().unwrap();
    let refused = app
        .delete_as(&format!("/api/auth/oidc/identities/{id}"), access)
        .await;
    expect_error(refused, StatusCode::CONFLICT, "LAST_SIGN_IN_METHOD").await;
}

#[tokio::test]
async fn password_sign_in_is_switched_off_only_by_an_admin_who_keeps_a_way_in() {
    let app = spawn_app().await;
    let admin = app.register_admin().await;
    let switch = |on: bool| {
        app.patch_as(
            "/api/admin/settings",
            &admin.access,
            json!({"local_login": on}),
        )
    };
    // No provider at all, then one the admin has not linked: refused.
    expect_error(
        switch(false).await,
        StatusCode::CONFLICT,
        "WOULD_LOCK_OUT_ADMINS",
    )
    .await;
    let sso = Sso::configure(&app, false).await;
    expect_error(
        switch(false).await,
        StatusCode::CONFLICT,
        "WOULD_LOCK_OUT_ADMINS",
    )
    .await;

    let (sub, _) = sso.new_person(true).await;
    let linked = sso.link(&app, &admin.access, &sub).await;
    assert!(
        location(&linked).contains("linked="),
        "{}",
        location(&linked)
    );
    let off = switch(false).await;
    assert_eq!(off.status(), StatusCode::OK);
    assert_eq!(body(off).await["data"]["local_login"], false);

    // Password sign-in and self-registration are off; the provider signs in.
    let options = sign_in_options(&app).await;
    assert_eq!(options["local_login"], false);
    assert_eq!(options["providers"][0]["slug"], sso.slug);
    let login = app.login(&admin.username, PASSWORD).await;
    expect_error(login, StatusCode::FORBIDDEN, "LOCAL_LOGIN_DISABLED").await;
    let register = app
        .post(
            "/api/auth/register",
            json!({"username": unique("late_"), "email": format!("{}@example.org", unique("late")),
                   "password": PASSWORD}),
        )
        .await;
    expect_error(register, StatusCode::FORBIDDEN, "LOCAL_LOGIN_DISABLED").await;
    let session = session_of(&app, &sso.sign_in(&app, &sub).await).await;
    assert_eq!(session["data"]["user"]["id"], admin.id.to_string());

    // Nothing may take the admins' last way in away meanwhile.
    let provider = sso.admin_path();
    let disable = app
        .patch_as(&provider, &admin.access, json!({"enabled": false}))
        .await;
    expect_error(disable, StatusCode::CONFLICT, "WOULD_LOCK_OUT_ADMINS").await;
    let delete = app.delete_as(&provider, &admin.access).await;
    expect_error(delete, StatusCode::CONFLICT, "WOULD_LOCK_OUT_ADMINS").await;
    let methods = sign_in_methods(&app, &admin.access).await;
    let identity = methods["identities"][0]["id"].as_str().unwrap();
    let unlink = app
        .delete_as(
            &format!("/api/auth/oidc/identities/{identity}"),
            &admin.access,
        )
        .await;
    expect_error(unlink, StatusCode::CONFLICT, "LAST_SIGN_IN_METHOD").await;

    // Switched on again, passwords work and the provider may go.
    assert_eq!(switch(true).await.status(), StatusCode::OK);
    assert_eq!(
        app.login(&admin.username, PASSWORD).await.status(),
        StatusCode::OK
    );
    let delete = app.delete_as(&provider, &admin.access).await;
    assert_eq!(delete.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        sign_in_methods(&app, &admin.access).await["identities"],
        json!([])
    );
}
