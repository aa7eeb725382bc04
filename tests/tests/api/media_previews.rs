//! Preview link stories: a media admin makes a 24-hour link to an unpublished
//! video; whoever holds it watches that video (and is not counted as a view)
//! until it expires or is revoked. The token is shown once and stored hashed.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::*;
use crate::media_helpers::*;
use crate::pages_helpers::{call, delete_as, user_with_role};

/// A new preview link of video `id`: the answer's `data`.
async fn link(app: &TestApp, admin: &TestUser, id: &str) -> Value {
    let response = app
        .post_as(
            &format!("/api/media/videos/{id}/preview-links"),
            &admin.access,
            json!({}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    body(response).await["data"].clone()
}

async fn preview(app: &TestApp, token: &str) -> reqwest::Response {
    call(
        app,
        Method::GET,
        &format!("/api/gallery/preview/{token}"),
        None,
        None,
    )
    .await
}

/// Makes every link as old as if made `made` ago and expired `expired` ago.
async fn age_links(db: &tokio_postgres::Client, made: &str, expired: &str) {
    db.execute(
        "update video_preview_links set created_at = now() - $1::text::interval,
             expires_at = now() - $2::text::interval",
        &[&made, &expired],
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn a_preview_link_plays_an_unpublished_video_for_a_day() {
    let app = spawn_app().await;
    let admin = user_with_role(&app, "MEDIA_ADMIN").await;
    let id = ready(&app, &admin, "Sneak peek", json!([]), json!(null)).await;
    let created = link(&app, &admin, &id).await;
    let token = created["token"].as_str().unwrap().to_string();
    assert!(token.len() >= 43, "256 random bits");
    let url = created["url"].as_str().unwrap();
    assert!(url.ends_with(&format!("/gallery/preview/{token}")), "{url}");
    assert_eq!(created["active"], true);
    let lasts = chrono::DateTime::parse_from_rfc3339(created["expires_at"].as_str().unwrap())
        .unwrap()
        - chrono::DateTime::parse_from_rfc3339(created["created_at"].as_str().unwrap()).unwrap();
    assert_eq!(lasts.num_hours(), 24);

    let db = app.db().await;
    let hashed: bool = db
        .query_one(
            "select token_hash = sha256(convert_to($1, 'UTF8')) from video_preview_links",
            &[&token],
        )
        .await
        .unwrap()
        .get(0);
    assert!(hashed, "only the token's hash is kept");

    let response = preview(&app, &token).await;
    assert_eq!(response.status(), StatusCode::OK);
    let shown = body(response).await["data"].clone();
    assert_eq!(shown["video"]["title"], "Sneak peek");
    assert_eq!(shown["video"]["published_at"], Value::Null);
    let playback = shown["playback"]["url"].as_str().unwrap();
    let ranged = app
        .http
        .get(playback)
        .header("Range", "bytes=0-99")
        .send()
        .await
        .unwrap();
    assert_eq!(ranged.status(), StatusCode::PARTIAL_CONTENT);
    let views: i64 = db
        .query_one("select count(*) from video_views", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(views, 0, "a preview is not a view");
    // Still not in the gallery.
    let hidden = call(
        &app,
        Method::GET,
        &format!("/api/gallery/videos/{id}"),
        None,
        None,
    )
    .await;
    assert_eq!(hidden.status(), StatusCode::NOT_FOUND);

    let listed = body(
        app.get(
            &format!("/api/media/videos/{id}/preview-links"),
            &admin.access,
        )
        .await,
    )
    .await["data"]
        .clone();
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(listed[0]["active"], true);
    assert!(listed[0].get("token").is_none() && listed[0].get("url").is_none());

    expect_error(
        preview(&app, "not-a-token").await,
        StatusCode::NOT_FOUND,
        "NOT_FOUND",
    )
    .await;
    age_links(&db, "25 hours", "1 hour").await;
    expect_error(
        preview(&app, &token).await,
        StatusCode::GONE,
        "PREVIEW_EXPIRED",
    )
    .await;
    // A week on, the scheduler forgets it.
    age_links(&db, "9 days", "8 days").await;
    assert_eq!(app.tick().await.purged_preview_links, 1);
    expect_error(
        preview(&app, &token).await,
        StatusCode::NOT_FOUND,
        "NOT_FOUND",
    )
    .await;
}

#[tokio::test]
async fn a_revoked_link_stops_at_once_and_links_are_only_for_unpublished_ready_videos() {
    let app = spawn_app().await;
    let admin = user_with_role(&app, "MEDIA_ADMIN").await;
    let id = ready(&app, &admin, "Revoked", json!([]), json!(null)).await;
    let kept = link(&app, &admin, &id).await;
    let revoked = link(&app, &admin, &id).await;
    let path = format!(
        "/api/media/videos/{id}/preview-links/{}",
        revoked["id"].as_str().unwrap()
    );
    assert_eq!(
        delete_as(&app, &path, &admin.access).await.status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        delete_as(&app, &path, &admin.access).await.status(),
        StatusCode::NO_CONTENT
    );
    let token = revoked["token"].as_str().unwrap();
    expect_error(
        preview(&app, token).await,
        StatusCode::GONE,
        "PREVIEW_REVOKED",
    )
    .await;
    let other = preview(&app, kept["token"].as_str().unwrap()).await;
    assert_eq!(other.status(), StatusCode::OK, "the other link still works");
    let listed = body(
        app.get(
            &format!("/api/media/videos/{id}/preview-links"),
            &admin.access,
        )
        .await,
    )
    .await["data"]
        .clone();
    let active: Vec<bool> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["active"].as_bool().unwrap())
        .collect();
    assert_eq!(active, [false, true], "newest first");
    let elsewhere = format!(
        "/api/media/videos/{}/preview-links/{}",
        uuid::Uuid::new_v4(),
        kept["id"].as_str().unwrap()
    );
    assert_eq!(
        delete_as(&app, &elsewhere, &admin.access).await.status(),
        StatusCode::NOT_FOUND
    );

    let live = published(&app, &admin, "Live", json!([]), json!(null)).await;
    let response = app
        .post_as(
            &format!("/api/media/videos/{live}/preview-links"),
            &admin.access,
            json!({}),
        )
        .await;
    expect_error(response, StatusCode::CONFLICT, "VIDEO_PUBLISHED").await;
    let failed = processed(&app, &admin.access, "broken.mp4", &corrupt()).await;
    assert_eq!(failed["status"], "failed");
    let broken = failed["id"].as_str().unwrap();
    let response = app
        .post_as(
            &format!("/api/media/videos/{broken}/preview-links"),
            &admin.access,
            json!({}),
        )
        .await;
    expect_error(response, StatusCode::CONFLICT, "VIDEO_NOT_READY").await;
    let response = app
        .post_as(
            &format!("/api/media/videos/{}/preview-links", uuid::Uuid::new_v4()),
            &admin.access,
            json!({}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);

    // Deleting the video takes its links with it.
    assert_eq!(
        delete_as(&app, &format!("/api/media/videos/{id}"), &admin.access)
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    let gone = preview(&app, kept["token"].as_str().unwrap()).await;
    assert_eq!(gone.status(), StatusCode::NOT_FOUND);
}
