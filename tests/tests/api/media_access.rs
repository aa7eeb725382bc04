//! Who reaches which Media route: MEDIA_ADMIN and SUPER_ADMIN the library
//! (moderation, playlists and preview links included); another module's
//! admin, a USER, a TEMP account and a visitor never. In the gallery, anyone
//! reads, upvotes and follows a preview link; any account but TEMP comments.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::*;
use crate::media_helpers::*;
use crate::pages_helpers::{callers_of, check_matrix, user_with_role};

#[tokio::test]
async fn only_media_admins_reach_the_library_routes() {
    let app = spawn_app().await;
    let callers = callers_of(&app, &ROLES).await;
    let admin = user_with_role(&app, "MEDIA_ADMIN").await;
    let video = processed(&app, &admin.access, "matrix.mp4", &make(Clip::Landscape)).await;
    let id = video["id"].as_str().unwrap();
    let uploading = start_upload(&app, &admin.access, "pending.mp4", 1000).await;
    let pending = uploading["video"]["id"].as_str().unwrap();
    let schedule =
        json!({"time_zone": "America/Edmonton", "publish_at": null, "unpublish_at": null});
    let (comment, playlist, link) = social(&app, &admin, id).await;
    let routes: Vec<(Method, String, Option<Value>)> = vec![
        (
            Method::POST,
            "/api/media/uploads".into(),
            Some(json!({"filename": "a.mp4", "size": 10})),
        ),
        (
            Method::POST,
            format!("/api/media/uploads/{pending}/parts"),
            Some(json!({"part_numbers": [1]})),
        ),
        (
            Method::POST,
            format!("/api/media/uploads/{pending}/complete"),
            Some(json!({"parts": []})),
        ),
        (Method::GET, "/api/media/videos".into(), None),
        (Method::GET, format!("/api/media/videos/{id}"), None),
        (
            Method::PATCH,
            format!("/api/media/videos/{id}"),
            Some(json!({"title": "Renamed"})),
        ),
        (
            Method::PUT,
            format!("/api/media/videos/{id}/schedule"),
            Some(schedule),
        ),
        (
            Method::GET,
            format!("/api/media/videos/{id}/schedule"),
            None,
        ),
        (
            Method::POST,
            format!("/api/media/videos/{id}/publish"),
            None,
        ),
        (
            Method::POST,
            format!("/api/media/videos/{id}/unpublish"),
            None,
        ),
        (
            Method::GET,
            format!("/api/media/videos/{id}/analytics"),
            None,
        ),
        (Method::GET, "/api/media/analytics".into(), None),
        (Method::GET, "/api/media/comments".into(), None),
        (
            Method::POST,
            format!("/api/media/comments/{comment}/approve"),
            None,
        ),
        (
            Method::POST,
            format!("/api/media/comments/{comment}/reject"),
            None,
        ),
        (
            Method::DELETE,
            format!("/api/media/comments/{comment}"),
            None,
        ),
        (Method::GET, "/api/media/playlists".into(), None),
        (
            Method::POST,
            "/api/media/playlists".into(),
            Some(json!({"title": "Matrix"})),
        ),
        (
            Method::GET,
            format!("/api/media/playlists/{playlist}"),
            None,
        ),
        (
            Method::PATCH,
            format!("/api/media/playlists/{playlist}"),
            Some(json!({"description": "Checked"})),
        ),
        (
            Method::POST,
            format!("/api/media/playlists/{playlist}/videos"),
            Some(json!({"video_id": id})),
        ),
        (
            Method::PUT,
            format!("/api/media/playlists/{playlist}/order"),
            Some(json!({"video_ids": [id]})),
        ),
        (
            Method::DELETE,
            format!("/api/media/playlists/{playlist}/videos/{id}"),
            None,
        ),
        (
            Method::DELETE,
            format!("/api/media/playlists/{playlist}"),
            None,
        ),
        (
            Method::GET,
            format!("/api/media/videos/{id}/preview-links"),
            None,
        ),
        (
            Method::POST,
            format!("/api/media/videos/{id}/preview-links"),
            None,
        ),
        (
            Method::DELETE,
            format!("/api/media/videos/{id}/preview-links/{link}"),
            None,
        ),
        (
            Method::DELETE,
            format!("/api/media/uploads/{pending}"),
            None,
        ),
        (Method::DELETE, format!("/api/media/videos/{id}"), None),
    ];
    for (method, path, json) in routes {
        check_matrix(&app, &callers, method, &path, json, MEDIA_ADMINS).await;
    }
}

/// A pending comment on video `id` (published for it), a playlist and a
/// preview link of another, unpublished video: their ids.
async fn social(app: &TestApp, admin: &TestUser, id: &str) -> (String, String, String) {
    let path = format!("/api/media/videos/{id}");
    let response = app
        .post_as(&format!("{path}/publish"), &admin.access, json!({}))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let viewer = app.register("commenter").await;
    let comment = app
        .post_as(
            &format!("/api/gallery/videos/{id}/comments"),
            &viewer.access,
            json!({"body": "Checked"}),
        )
        .await;
    let comment = body(comment).await["data"]["id"].clone();
    let playlist = app
        .post_as(
            "/api/media/playlists",
            &admin.access,
            json!({"title": "Checked"}),
        )
        .await;
    let playlist = body(playlist).await["data"]["id"].clone();
    let draft = ready(app, admin, "Draft", json!([]), json!(null)).await;
    let link = app
        .post_as(
            &format!("/api/media/videos/{draft}/preview-links"),
            &admin.access,
            json!({}),
        )
        .await;
    let link = body(link).await["data"]["id"].clone();
    let text = |v: Value| v.as_str().unwrap().to_string();
    (text(comment), text(playlist), text(link))
}

#[tokio::test]
async fn anyone_watches_and_upvotes_and_every_account_but_temp_comments() {
    let app = spawn_app().await;
    let callers = callers_of(&app, &ROLES).await;
    let admin = user_with_role(&app, "MEDIA_ADMIN").await;
    let id = published(&app, &admin, "Open", json!([]), json!(null)).await;
    let draft = ready(&app, &admin, "Preview", json!([]), json!(null)).await;
    let link = app
        .post_as(
            &format!("/api/media/videos/{draft}/preview-links"),
            &admin.access,
            json!({}),
        )
        .await;
    let token = body(link).await["data"]["token"]
        .as_str()
        .unwrap()
        .to_string();
    let playlist = app
        .post_as(
            "/api/media/playlists",
            &admin.access,
            json!({"title": "Open", "is_public": true}),
        )
        .await;
    let playlist = body(playlist).await["data"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let everyone: Vec<&str> = callers.iter().map(|(role, _)| *role).collect();
    let signed_in: Vec<&str> = everyone
        .iter()
        .copied()
        .filter(|role| *role != "anonymous")
        .collect();
    let commenters: Vec<&str> = signed_in
        .iter()
        .copied()
        .filter(|role| *role != "TEMP")
        .collect();
    let routes: Vec<(Method, String, Option<Value>, &[&str])> = vec![
        (
            Method::GET,
            format!("/api/gallery/videos/{id}/comments"),
            None,
            &everyone,
        ),
        (
            Method::POST,
            format!("/api/gallery/videos/{id}/comments"),
            Some(json!({"body": "Hello"})),
            &commenters,
        ),
        (
            Method::DELETE,
            format!("/api/gallery/comments/{}", Uuid::new_v4()),
            None,
            &signed_in,
        ),
        (
            Method::PUT,
            format!("/api/gallery/videos/{id}/upvote"),
            None,
            &everyone,
        ),
        (
            Method::DELETE,
            format!("/api/gallery/videos/{id}/upvote"),
            None,
            &everyone,
        ),
        (
            Method::GET,
            "/api/gallery/playlists".into(),
            None,
            &everyone,
        ),
        (
            Method::GET,
            format!("/api/gallery/playlists/{playlist}"),
            None,
            &everyone,
        ),
        (
            Method::GET,
            format!("/api/gallery/preview/{token}"),
            None,
            &everyone,
        ),
    ];
    for (method, path, json, allowed) in routes {
        check_matrix(&app, &callers, method, &path, json, allowed).await;
    }
}
