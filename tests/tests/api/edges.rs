//! The HTTP edge: bad tokens, bad bodies, unknown routes, the service documents.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::*;

#[tokio::test]
async fn tampered_expired_and_foreign_tokens_are_refused() {
    let app = spawn_app().await;
    let user = app.register("holder").await;
    let parts: Vec<&str> = user.access.split('.').collect();

    let mut claims: serde_json::Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).unwrap()).unwrap();
    claims["role"] = "SUPER_ADMIN".into();
    let tampered = format!(
        "{}.{}.{}",
        parts[0],
        URL_SAFE_NO_PAD.encode(claims.to_string()),
        parts[2]
    );
    let none_header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
    let alg_none = format!("{none_header}.{}.", parts[1]);
    let now = chrono::Utc::now().timestamp();
    let other_key = jsonwebtoken::encode(
        &jsonwebtoken::Header::default(),
        &json!({"sub": user.id, "role": "USER", "iat": now, "exp": now + 600, "iss": "fleet", "aud": "fleet-api"}),
        &jsonwebtoken::EncodingKey::from_secret(b"another-secret-of-thirty-two-bytes!!"),
    )
    .unwrap();
    let expired = app
        .state
        .jwt
        .issue(user.id, shared::auth::Role::User, now - 3600)
        .unwrap();

    for (token, code, case) in [
        (tampered.as_str(), "INVALID_TOKEN", "payload changed"),
        (alg_none.as_str(), "INVALID_TOKEN", "alg none"),
        (
            other_key.as_str(),
            "INVALID_TOKEN",
            "signed with another key",
        ),
        (expired.as_str(), "TOKEN_EXPIRED", "expired"),
        ("garbage", "INVALID_TOKEN", "malformed"),
    ] {
        let response = app.get("/api/me", token).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{case}");
        assert_eq!(body(response).await["code"], code, "{case}");
    }
    let no_scheme = app
        .http
        .get(app.url("/api/me"))
        .header("authorization", user.access.clone())
        .send()
        .await
        .unwrap();
    expect_error(no_scheme, StatusCode::UNAUTHORIZED, "UNAUTHENTICATED").await;
}

#[tokio::test]
async fn malformed_json_wrong_type_and_oversized_bodies_answer_in_the_error_format() {
    let app = spawn_app().await;
    let malformed = app
        .http
        .post(app.url("/api/auth/login"))
        .header("content-type", "application/json")
        .body("{\"login\": ")
        .send()
        .await
        .unwrap();
    expect_error(malformed, StatusCode::BAD_REQUEST, "MALFORMED_JSON").await;

    let wrong_type = app
        .http
        .post(app.url("/api/auth/login"))
        .header("content-type", "text/plain")
        .body("login=me")
        .send()
        .await
        .unwrap();
    expect_error(
        wrong_type,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "UNSUPPORTED_MEDIA_TYPE",
    )
    .await;

    let huge = json!({"login": "x".repeat(2 * 1024 * 1024), "password": "y"});
    let oversized = app.post("/api/auth/login", huge).await;
    expect_error(
        oversized,
        StatusCode::PAYLOAD_TOO_LARGE,
        "PAYLOAD_TOO_LARGE",
    )
    .await;

    let wrong_shape = app
        .post("/api/auth/login", json!({"login": 5, "password": []}))
        .await;
    expect_error(
        wrong_shape,
        StatusCode::UNPROCESSABLE_ENTITY,
        "INVALID_BODY",
    )
    .await;
}

#[tokio::test]
async fn unknown_routes_and_methods_answer_json() {
    let app = spawn_app().await;
    let response = app
        .http
        .get(app.url("/api/nothing/here"))
        .send()
        .await
        .unwrap();
    expect_error(response, StatusCode::NOT_FOUND, "NOT_FOUND").await;
    let response = app
        .http
        .delete(app.url("/api/auth/login"))
        .send()
        .await
        .unwrap();
    expect_error(
        response,
        StatusCode::METHOD_NOT_ALLOWED,
        "METHOD_NOT_ALLOWED",
    )
    .await;
    let response = app
        .http
        .get(app.url("/api/admin/users/not-a-uuid"))
        .send()
        .await
        .unwrap();
    assert!(response.status().is_client_error());
}

#[tokio::test]
async fn health_and_openapi_are_served() {
    let app = spawn_app().await;
    let health = body(app.http.get(app.url("/api/health")).send().await.unwrap()).await;
    assert_eq!(health["data"]["status"], "ok");
    assert_eq!(health["data"]["database"], "ok");
    let doc = body(
        app.http
            .get(app.url("/api/openapi.json"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    for path in [
        "/api/auth/register",
        "/api/auth/password-reset/confirm",
        "/api/me",
        "/api/admin/dead-letters/redrive",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} is not documented");
    }
}

#[tokio::test]
async fn a_dead_database_answers_503_not_500() {
    let app = spawn_app().await;
    let user = app.register("patient").await;
    // Cut every connection of the app's pool and refuse new ones.
    let db = app.admin_db().await;
    db.batch_execute(&format!(
        "alter database {} with allow_connections false",
        app.database
    ))
    .await
    .unwrap();
    db.execute(
        "select pg_terminate_backend(pid) from pg_stat_activity where datname = $1",
        &[&app.database],
    )
    .await
    .unwrap();
    let response = app.get("/api/me", &user.access).await;
    assert_eq!(response.headers()["retry-after"], "5");
    expect_error(response, StatusCode::SERVICE_UNAVAILABLE, "UNAVAILABLE").await;
    let health = app.http.get(app.url("/api/health")).send().await.unwrap();
    assert_eq!(health.status(), StatusCode::SERVICE_UNAVAILABLE);
    db.batch_execute(&format!(
        "alter database {} with allow_connections true",
        app.database
    ))
    .await
    .unwrap();
    assert_eq!(
        app.get("/api/me", &user.access).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn api_answers_are_never_cached_framed_sniffed_or_a_referrer() {
    let app = spawn_app().await;
    let user = app.register("private").await;
    let answers = [
        app.get("/api/me", &user.access).await,
        app.http.get(app.url("/api/health")).send().await.unwrap(),
        app.http.get(app.url("/api/nowhere")).send().await.unwrap(),
        app.login(&user.username, "Wrong-Password-1").await,
    ];
    for response in answers {
        let headers = response.headers();
        let url = response.url().path().to_string();
        assert_eq!(headers["cache-control"], "no-store", "{url}");
        assert_eq!(
            headers["content-security-policy"], "default-src 'none'; frame-ancestors 'none'",
            "{url}"
        );
        assert_eq!(headers["x-frame-options"], "DENY", "{url}");
        assert_eq!(headers["x-content-type-options"], "nosniff", "{url}");
        assert_eq!(headers["referrer-policy"], "no-referrer", "{url}");
    }
}

#[tokio::test]
async fn the_spa_is_served_with_its_content_security_policy() {
    use tower::ServiceExt;
    let app = spawn_app().await;
    let dir = std::env::temp_dir().join(format!("spa-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("index.html"), "<!doctype html><title>SPA</title>").unwrap();
    let router = local::router(
        app.state.clone(),
        Some(dir.clone()),
        Some("http://storage.test:9000"),
    );
    // The reset page's address holds the token: it must not leak as a referrer.
    let request = axum::http::Request::get("/reset-password?token=secret")
        .body(axum::body::Body::empty())
        .unwrap();
    let response = router.clone().oneshot(request).await.unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let headers = response.headers();
    let csp = headers["content-security-policy"].to_str().unwrap();
    for directive in [
        "default-src 'self'",
        "script-src 'self'",
        "connect-src 'self' http://storage.test:9000",
        "frame-ancestors 'none'",
        "object-src 'none'",
        "base-uri 'none'",
    ] {
        assert!(csp.contains(directive), "{directive} missing in {csp}");
    }
    assert_eq!(headers["x-frame-options"], "DENY");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["referrer-policy"], "no-referrer");

    // The API behind the same server keeps its own, stricter policy.
    let request = axum::http::Request::get("/api/nowhere")
        .body(axum::body::Body::empty())
        .unwrap();
    let response = router.oneshot(request).await.unwrap();
    assert_eq!(
        response.headers()["content-security-policy"],
        "default-src 'none'; frame-ancestors 'none'"
    );
}
