//! Playlist stories: a media admin makes a playlist, adds videos (each once),
//! puts them in order and takes them out, with positions always 1..n; the
//! gallery shows public playlists only, and in them published videos only,
//! in the admin's order.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::*;
use crate::media_helpers::*;
use crate::pages_helpers::{call, delete_as, user_with_role};

/// The video ids of a playlist (admin or public), in order.
fn ids(videos: &Value, public: bool) -> Vec<String> {
    videos
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            let id = if public { &v["id"] } else { &v["video"]["id"] };
            id.as_str().unwrap().to_string()
        })
        .collect()
}

/// The stored positions of playlist `id`, in order.
async fn positions(app: &TestApp, id: &str) -> Vec<i32> {
    app.db()
        .await
        .query(
            "select position from playlist_videos where playlist_id = $1::text::uuid order by position",
            &[&id],
        )
        .await
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect()
}

async fn send(
    app: &TestApp,
    admin: &TestUser,
    method: Method,
    path: &str,
    json: Value,
) -> reqwest::Response {
    call(app, method, path, Some(&admin.access), Some(json)).await
}

#[tokio::test]
async fn an_admin_orders_a_playlist_and_the_gallery_shows_its_published_videos() {
    let app = spawn_app().await;
    let admin = user_with_role(&app, "MEDIA_ADMIN").await;
    let a = published(&app, &admin, "A", json!([]), json!(null)).await;
    let b = published(&app, &admin, "B", json!([]), json!(null)).await;
    let draft = ready(&app, &admin, "Draft", json!([]), json!(null)).await;
    let created = send(
        &app,
        &admin,
        Method::POST,
        "/api/media/playlists",
        json!({"title": "  Rally season ", "description": "Our spring", "is_public": true}),
    )
    .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let playlist = body(created).await["data"].clone();
    assert_eq!(playlist["title"], "Rally season");
    let id = playlist["id"].as_str().unwrap().to_string();
    let videos = format!("/api/media/playlists/{id}/videos");
    for video in [a.as_str(), draft.as_str(), b.as_str()] {
        let added = send(
            &app,
            &admin,
            Method::POST,
            &videos,
            json!({"video_id": video}),
        )
        .await;
        assert_eq!(added.status(), StatusCode::OK);
    }
    let again = send(&app, &admin, Method::POST, &videos, json!({"video_id": a})).await;
    expect_error(again, StatusCode::CONFLICT, "ALREADY_IN_PLAYLIST").await;
    let stranger = json!({"video_id": uuid::Uuid::new_v4()});
    let unknown = send(&app, &admin, Method::POST, &videos, stranger).await;
    let problem = expect_error(
        unknown,
        StatusCode::UNPROCESSABLE_ENTITY,
        "VALIDATION_FAILED",
    )
    .await;
    assert!(problem["details"]["video_id"].is_string());

    let order = format!("/api/media/playlists/{id}/order");
    let reordered = send(
        &app,
        &admin,
        Method::PUT,
        &order,
        json!({"video_ids": [b, draft, a]}),
    )
    .await;
    assert_eq!(reordered.status(), StatusCode::OK);
    let detail = body(reordered).await["data"].clone();
    assert_eq!(
        ids(&detail["videos"], false),
        [b.as_str(), draft.as_str(), a.as_str()]
    );
    assert_eq!(detail["video_count"], 3);
    assert_eq!(positions(&app, &id).await, [1, 2, 3]);
    for (case, bad) in [
        ("one missing", json!([b, a])),
        ("one twice", json!([b, a, a])),
        ("a stranger", json!([b, draft, uuid::Uuid::new_v4()])),
    ] {
        let response = send(&app, &admin, Method::PUT, &order, json!({"video_ids": bad})).await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{case}"
        );
    }
    assert_eq!(positions(&app, &id).await, [1, 2, 3], "unchanged");

    // The gallery: public playlists, published videos, in order.
    let list = body(call(&app, Method::GET, "/api/gallery/playlists", None, None).await).await;
    assert_eq!(list["meta"]["total"], 1);
    assert_eq!(list["data"][0]["videos"], 2, "the draft is not counted");
    let shown = anonymous(
        &app,
        Method::GET,
        &format!("/api/gallery/playlists/{id}"),
        None,
    )
    .await;
    assert_eq!(shown["playlist"]["title"], "Rally season");
    assert_eq!(ids(&shown["videos"], true), [b.as_str(), a.as_str()]);

    // Taking one out closes the gap; so does deleting a video.
    let removed = send(
        &app,
        &admin,
        Method::DELETE,
        &format!("{videos}/{b}"),
        json!({}),
    )
    .await;
    assert_eq!(removed.status(), StatusCode::OK);
    assert_eq!(
        ids(&body(removed).await["data"]["videos"], false),
        [draft.as_str(), a.as_str()]
    );
    assert_eq!(positions(&app, &id).await, [1, 2]);
    let gone = send(
        &app,
        &admin,
        Method::DELETE,
        &format!("{videos}/{b}"),
        json!({}),
    )
    .await;
    assert_eq!(gone.status(), StatusCode::NOT_FOUND);
    let deleted = delete_as(&app, &format!("/api/media/videos/{draft}"), &admin.access).await;
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    assert_eq!(positions(&app, &id).await, [1]);
    let detail = body(
        app.get(&format!("/api/media/playlists/{id}"), &admin.access)
            .await,
    )
    .await;
    assert_eq!(ids(&detail["data"]["videos"], false), [a.as_str()]);
    assert_eq!(detail["data"]["videos"][0]["position"], 1);
}

#[tokio::test]
async fn a_private_playlist_is_not_in_the_gallery_and_playlists_are_edited_and_deleted() {
    let app = spawn_app().await;
    let admin = user_with_role(&app, "MEDIA_ADMIN").await;
    let created = send(
        &app,
        &admin,
        Method::POST,
        "/api/media/playlists",
        json!({"title": "Drafts"}),
    )
    .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let playlist = body(created).await["data"].clone();
    assert_eq!(playlist["is_public"], false);
    let id = playlist["id"].as_str().unwrap().to_string();
    let public = format!("/api/gallery/playlists/{id}");
    let hidden = call(&app, Method::GET, &public, None, None).await;
    expect_error(hidden, StatusCode::NOT_FOUND, "NOT_FOUND").await;
    let list = body(call(&app, Method::GET, "/api/gallery/playlists", None, None).await).await;
    assert_eq!(list["meta"]["total"], 0);

    let path = format!("/api/media/playlists/{id}");
    let bad = send(
        &app,
        &admin,
        Method::PATCH,
        &path,
        json!({"title": " ", "description": "x".repeat(2001)}),
    )
    .await;
    let problem = expect_error(bad, StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_FAILED").await;
    assert!(
        problem["details"]["title"].is_string() && problem["details"]["description"].is_string()
    );
    let stale = send(
        &app,
        &admin,
        Method::PATCH,
        &path,
        json!({"is_public": true, "updated_at": "2020-01-01T00:00:00Z"}),
    )
    .await;
    expect_error(stale, StatusCode::CONFLICT, "STALE").await;
    let shared = send(
        &app,
        &admin,
        Method::PATCH,
        &path,
        json!({"is_public": true, "title": "Shared"}),
    )
    .await;
    assert_eq!(shared.status(), StatusCode::OK);
    let shown = anonymous(&app, Method::GET, &public, None).await;
    assert_eq!(shown["playlist"]["title"], "Shared");
    assert_eq!(shown["videos"], json!([]));
    let all = body(app.get("/api/media/playlists", &admin.access).await).await;
    assert_eq!(all["meta"]["total"], 1);

    assert_eq!(
        delete_as(&app, &path, &admin.access).await.status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        call(&app, Method::GET, &public, None, None).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&path, &admin.access).await.status(),
        StatusCode::NOT_FOUND
    );
    let missing = send(
        &app,
        &admin,
        Method::PUT,
        &format!("{path}/order"),
        json!({"video_ids": []}),
    )
    .await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}
