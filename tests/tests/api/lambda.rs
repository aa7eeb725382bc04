//! The Lambda entry points, fed recorded API Gateway v2 and SQS events.

use aws_lambda_events::event::sqs::SqsEvent;
use lambda_http::request::LambdaRequest;
use lambda_runtime::{Context, LambdaEvent};
use serde_json::{Value, json};
use tower::ServiceExt;

use crate::helpers::*;

async fn invoke(router: axum::Router, event: Value) -> Value {
    let request: LambdaRequest =
        serde_json::from_value(event).expect("a valid API Gateway v2 event");
    let adapter = lambda_http::Adapter::from(router);
    let response = adapter
        .oneshot(LambdaEvent::new(request, Context::default()))
        .await
        .expect("the adapter answers");
    serde_json::to_value(response).unwrap()
}

fn fixture(name: &str) -> Value {
    let path = format!("{}/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

fn with_path(mut event: Value, method: &str, path: &str) -> Value {
    event["rawPath"] = path.into();
    event["requestContext"]["http"]["path"] = path.into();
    event["requestContext"]["http"]["method"] = method.into();
    event
}

fn response_json(response: &Value) -> Value {
    serde_json::from_str(response["body"].as_str().unwrap_or("null")).unwrap()
}

#[tokio::test]
async fn each_http_function_answers_api_gateway_events() {
    let app = spawn_app().await;
    let state = app.state.clone();
    let get = fixture("apigw-v2-get.json");

    let auth = invoke(
        shared::http::app(auth::router(), state.clone()),
        get.clone(),
    )
    .await;
    assert_eq!(auth["statusCode"], 200, "{auth}");
    assert_eq!(response_json(&auth)["data"]["needs_setup"], true);

    let users = invoke(
        shared::http::app(users::router(), state.clone()),
        with_path(get.clone(), "GET", "/api/me"),
    )
    .await;
    assert_eq!(users["statusCode"], 401);
    assert_eq!(response_json(&users)["code"], "UNAUTHENTICATED");

    let docs = invoke(
        shared::http::app(docs::router(), state.clone()),
        with_path(get.clone(), "GET", "/api/health"),
    )
    .await;
    assert_eq!(docs["statusCode"], 200);
    assert_eq!(response_json(&docs)["data"]["database"], "ok");

    let unknown = invoke(
        shared::http::app(auth::router(), state),
        with_path(get, "GET", "/api/auth/nope"),
    )
    .await;
    assert_eq!(unknown["statusCode"], 404);
    assert_eq!(response_json(&unknown)["code"], "NOT_FOUND");
}

#[tokio::test]
async fn a_login_event_with_a_base64_body_signs_in_and_sets_the_cookie() {
    let app = spawn_app().await;
    app.register_admin().await;
    let email = format!("{}@example.org", unique("ada"));
    app.post(
        "/api/auth/register",
        json!({"username": "ada", "email": email, "password": PASSWORD}),
    )
    .await;
    app.confirm_email(&email, 1).await;
    let response = invoke(
        shared::http::app(auth::router(), app.state.clone()),
        fixture("apigw-v2-post-login.json"),
    )
    .await;
    assert_eq!(response["statusCode"], 200, "{response}");
    assert_eq!(response_json(&response)["data"]["user"]["username"], "ada");
    let cookies = response["cookies"]
        .as_array()
        .expect("API Gateway v2 returns cookies separately");
    assert!(
        cookies
            .iter()
            .any(|c| c.as_str().unwrap().starts_with("refresh_token="))
    );
}

#[tokio::test]
async fn the_email_worker_reports_only_the_failed_record_of_a_batch() {
    let app = spawn_app().await;
    let user = app.register("fixture").await;
    let to = user.email.as_str();
    let mut event = fixture("sqs-email-batch.json");
    let body = event["Records"][0]["body"]
        .as_str()
        .unwrap()
        .replace("USER_ID", &user.id.to_string());
    event["Records"][0]["body"] = body.into();
    let event: SqsEvent = serde_json::from_value(event).unwrap();

    let response = email_worker::handle(&app.state, event.clone()).await;
    let failed: Vec<_> = response
        .batch_item_failures
        .iter()
        .map(|f| f.item_identifier.clone())
        .collect();
    assert_eq!(
        failed,
        vec!["9f3c1d2e-4b5a-4c6d-8e7f-0a1b2c3d4e5f".to_string()]
    );
    let json = serde_json::to_value(&response).unwrap();
    assert_eq!(
        json["batchItemFailures"][0]["itemIdentifier"],
        "9f3c1d2e-4b5a-4c6d-8e7f-0a1b2c3d4e5f"
    );
    assert_eq!(app.emails(to, "password was changed").await.len(), 1);

    // The same batch redelivered: the good record is not sent again.
    email_worker::handle(&app.state, event).await;
    assert_eq!(app.emails(to, "password was changed").await.len(), 1);
}

#[tokio::test]
async fn behind_cloudfront_the_limit_follows_the_viewer_not_the_edge() {
    // API Gateway sees the CloudFront edge as the source; CloudFront appended
    // the viewer to whatever X-Forwarded-For the viewer sent.
    let app = spawn_app_with(AppOptions {
        auth_rate_limit: 2,
        trusted_proxies: Some("130.176.0.0/16".into()),
        ..Default::default()
    })
    .await;
    let router = shared::http::app(auth::router(), app.state.clone());
    let refresh = |forwarded_for: &str| {
        let mut event = fixture("apigw-v2-post-login.json");
        event = with_path(event, "POST", "/api/auth/refresh");
        event["requestContext"]["http"]["sourceIp"] = "130.176.88.1".into();
        event["headers"]["x-forwarded-for"] = forwarded_for.into();
        event["body"] = json!({"refresh_token": "made-up"}).to_string().into();
        event["isBase64Encoded"] = false.into();
        event["headers"]
            .as_object_mut()
            .unwrap()
            .remove("content-length");
        invoke(router.clone(), event)
    };
    let into_minute = chrono::Utc::now().timestamp() % 60;
    if into_minute > 50 {
        tokio::time::sleep(std::time::Duration::from_secs((61 - into_minute) as u64)).await;
    }
    for _ in 0..2 {
        assert_eq!(refresh("198.51.100.5").await["statusCode"], 401);
    }
    for forwarded in [
        "198.51.100.5",
        "6.6.6.6, 198.51.100.5",
        "7.7.7.7, 198.51.100.5",
    ] {
        assert_eq!(refresh(forwarded).await["statusCode"], 429, "{forwarded}");
    }
    // Another viewer through the same edge is not held back.
    assert_eq!(refresh("198.51.100.6").await["statusCode"], 401);
}
