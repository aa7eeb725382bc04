//! Comment stories: a signed-in viewer comments on a video, sees it waiting,
//! a media admin approves it and everyone sees it; rejected comments stay
//! hidden; authors delete their own; a TEMP account and a visitor cannot
//! comment, and an account comments only so often.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::*;
use crate::media_helpers::*;
use crate::pages_helpers::{call, delete_as, user_with_role};

/// Posts `text` on video `id` as `token`: the answer.
async fn comment(app: &TestApp, id: &str, token: &str, text: &str) -> reqwest::Response {
    app.post_as(
        &format!("/api/gallery/videos/{id}/comments"),
        token,
        json!({"body": text}),
    )
    .await
}

/// Posts `text` and expects it pending: the comment.
async fn posted(app: &TestApp, id: &str, token: &str, text: &str) -> Value {
    let response = comment(app, id, token, text).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    body(response).await["data"].clone()
}

/// The comments of video `id` as `token` (or a visitor): the page.
async fn comments(app: &TestApp, id: &str, token: Option<&str>, query: &str) -> Value {
    let path = format!("/api/gallery/videos/{id}/comments{query}");
    let response = call(app, Method::GET, &path, token, None).await;
    assert_eq!(response.status(), StatusCode::OK);
    body(response).await
}

async fn moderate(app: &TestApp, admin: &TestUser, comment: &Value, action: &str) -> Value {
    let id = comment["id"].as_str().unwrap();
    let response = app
        .post_as(
            &format!("/api/media/comments/{id}/{action}"),
            &admin.access,
            json!({}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    body(response).await["data"].clone()
}

#[tokio::test]
async fn a_comment_waits_for_an_admin_and_is_public_once_approved() {
    let app = spawn_app().await;
    let admin = user_with_role(&app, "MEDIA_ADMIN").await;
    let id = published(&app, &admin, "Rally", json!([]), json!(null)).await;
    let viewer = app.register("viewer").await;
    let mine = posted(
        &app,
        &id,
        &viewer.access,
        "  Great rally!\u{7}\r\nSee you there  ",
    )
    .await;
    assert_eq!(mine["status"], "pending");
    assert_eq!(
        mine["body"], "Great rally!\nSee you there",
        "trimmed, no bell"
    );
    assert_eq!(mine["mine"], true);

    let public = comments(&app, &id, None, "").await;
    assert_eq!(public["meta"]["total"], 0, "nobody sees it yet: {public}");
    let theirs = comments(&app, &id, Some(&viewer.access), "").await;
    assert_eq!(theirs["meta"]["total"], 1, "but its author does");
    assert_eq!(theirs["data"][0]["status"], "pending");

    let queue = body(
        app.get("/api/media/comments?status=pending", &admin.access)
            .await,
    )
    .await;
    assert_eq!(queue["meta"]["total"], 1);
    assert_eq!(queue["data"][0]["video_title"], "Rally");
    assert_eq!(queue["data"][0]["author_id"], viewer.id.to_string());
    let approved = moderate(&app, &admin, &mine, "approve").await;
    assert_eq!(approved["status"], "approved");
    assert_eq!(approved["moderated_by"], admin.id.to_string());

    let public = comments(&app, &id, None, "").await;
    assert_eq!(public["meta"]["total"], 1);
    assert_eq!(public["data"][0]["body"], "Great rally!\nSee you there");
    assert_eq!(public["data"][0]["status"], "approved");
    assert_eq!(public["data"][0]["mine"], false);

    // A rejected comment is hidden from everyone, its author too.
    let second = posted(&app, &id, &viewer.access, "Buy cheap watches").await;
    moderate(&app, &admin, &second, "reject").await;
    let theirs = comments(&app, &id, Some(&viewer.access), "").await;
    assert_eq!(theirs["meta"]["total"], 1);
    let rejected = body(
        app.get(
            &format!("/api/media/comments?status=rejected&video_id={id}"),
            &admin.access,
        )
        .await,
    )
    .await;
    assert_eq!(rejected["meta"]["total"], 1);
    assert_eq!(rejected["data"][0]["body"], "Buy cheap watches");
    // And approving it later makes it public.
    moderate(&app, &admin, &second, "approve").await;
    assert_eq!(comments(&app, &id, None, "").await["meta"]["total"], 2);
}

#[tokio::test]
async fn public_comments_come_newest_first_a_page_at_a_time() {
    let app = spawn_app().await;
    let admin = user_with_role(&app, "MEDIA_ADMIN").await;
    let id = published(&app, &admin, "Paged", json!([]), json!(null)).await;
    let viewer = app.register("talker").await;
    for text in ["first", "second", "third"] {
        let posted = posted(&app, &id, &viewer.access, text).await;
        moderate(&app, &admin, &posted, "approve").await;
    }
    let page = comments(&app, &id, None, "?limit=2").await;
    assert_eq!(page["meta"]["total"], 3);
    let texts: Vec<&str> = page["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["body"].as_str().unwrap())
        .collect();
    assert_eq!(texts, ["third", "second"]);
    let last = comments(&app, &id, None, "?limit=2&page=2").await;
    assert_eq!(last["data"][0]["body"], "first");
}

#[tokio::test]
async fn comments_are_checked_and_an_account_posts_only_so_many_an_hour() {
    let app = spawn_app().await;
    let admin = user_with_role(&app, "MEDIA_ADMIN").await;
    let id = published(&app, &admin, "Checked", json!([]), json!(null)).await;
    let viewer = app.register("checked").await;
    for (case, text) in [
        ("empty", String::new()),
        ("blank", "  \n\t ".into()),
        ("only control characters", "\u{0}\u{1b}".into()),
        ("too long", "é".repeat(2001)),
    ] {
        let response = comment(&app, &id, &viewer.access, &text).await;
        let problem = expect_error(
            response,
            StatusCode::UNPROCESSABLE_ENTITY,
            "VALIDATION_FAILED",
        )
        .await;
        assert!(problem["details"]["body"].is_string(), "{case}: {problem}");
    }
    posted(&app, &id, &viewer.access, &"é".repeat(2000)).await;

    let temp = user_with_role(&app, "TEMP").await;
    expect_error(
        comment(&app, &id, &temp.access, "Hello").await,
        StatusCode::FORBIDDEN,
        "FORBIDDEN",
    )
    .await;
    let visitor = call(
        &app,
        Method::POST,
        &format!("/api/gallery/videos/{id}/comments"),
        None,
        Some(json!({"body": "Hello"})),
    )
    .await;
    assert_eq!(visitor.status(), StatusCode::UNAUTHORIZED);

    let draft = ready(&app, &admin, "Draft", json!([]), json!(null)).await;
    expect_error(
        comment(&app, &draft, &viewer.access, "Early!").await,
        StatusCode::NOT_FOUND,
        "NOT_FOUND",
    )
    .await;
    let response = call(
        &app,
        Method::GET,
        &format!("/api/gallery/videos/{draft}/comments"),
        None,
        None,
    )
    .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);

    // Ten an hour per account: the first was the long one above.
    for n in 2..=10 {
        posted(&app, &id, &viewer.access, &format!("Comment {n}")).await;
    }
    let limited = comment(&app, &id, &viewer.access, "One too many").await;
    assert!(limited.headers().contains_key("retry-after"));
    expect_error(limited, StatusCode::TOO_MANY_REQUESTS, "RATE_LIMITED").await;
    let other = app.register("other").await;
    posted(&app, &id, &other.access, "Another account is not limited").await;
}

#[tokio::test]
async fn authors_delete_their_own_comments_and_admins_any() {
    let app = spawn_app().await;
    let admin = user_with_role(&app, "MEDIA_ADMIN").await;
    let id = published(&app, &admin, "Deleting", json!([]), json!(null)).await;
    let author = app.register("author").await;
    let stranger = app.register("stranger").await;
    let pending = posted(&app, &id, &author.access, "Still waiting").await;
    let public = posted(&app, &id, &author.access, "Approved").await;
    moderate(&app, &admin, &public, "approve").await;
    let own = |c: &Value| format!("/api/gallery/comments/{}", c["id"].as_str().unwrap());

    expect_error(
        delete_as(&app, &own(&pending), &stranger.access).await,
        StatusCode::NOT_FOUND,
        "NOT_FOUND",
    )
    .await;
    expect_error(
        delete_as(&app, &own(&public), &stranger.access).await,
        StatusCode::FORBIDDEN,
        "FORBIDDEN",
    )
    .await;
    let response = delete_as(&app, &own(&pending), &author.access).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let response = delete_as(&app, &own(&pending), &author.access).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND, "gone");

    let by_admin = format!("/api/media/comments/{}", public["id"].as_str().unwrap());
    let response = delete_as(&app, &by_admin, &admin.access).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(comments(&app, &id, None, "").await["meta"]["total"], 0);
    let response = delete_as(&app, &by_admin, &admin.access).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let missing = app
        .post_as(
            &format!("/api/media/comments/{}/approve", uuid::Uuid::new_v4()),
            &admin.access,
            json!({}),
        )
        .await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    let bad = app
        .get("/api/media/comments?status=spam", &admin.access)
        .await;
    assert!(bad.status().is_client_error());
}
