//! Upvote stories: one upvote per viewer and video (an account, or an
//! anonymous visitor by a hash of their address, never the address), taken
//! back at will; the gallery sorts by the newest, the most viewed or the most
//! upvoted videos.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::*;
use crate::media_helpers::*;
use crate::pages_helpers::{call, user_with_role};

#[tokio::test]
async fn a_viewer_upvotes_a_video_once_and_may_take_it_back() {
    let app = spawn_app().await;
    let admin = user_with_role(&app, "MEDIA_ADMIN").await;
    let id = published(&app, &admin, "Upvoted", json!([]), json!(null)).await;
    let path = format!("/api/gallery/videos/{id}/upvote");
    let once = anonymous(&app, Method::PUT, &path, None).await;
    assert_eq!(
        (once["upvotes"].as_i64(), once["upvoted"].as_bool()),
        (Some(1), Some(true))
    );
    let twice = anonymous(&app, Method::PUT, &path, None).await;
    assert_eq!(twice["upvotes"], 1, "the same visitor counts once");

    let fan = app.register("fan").await;
    let response = call(&app, Method::PUT, &path, Some(&fan.access), None).await;
    assert_eq!(body(response).await["data"]["upvotes"], 2);
    let page = call(
        &app,
        Method::GET,
        &format!("/api/gallery/videos/{id}"),
        Some(&fan.access),
        None,
    )
    .await;
    let page = body(page).await["data"].clone();
    assert_eq!(page["video"]["upvotes"], 2);
    assert_eq!(page["upvoted"], true);

    let back = anonymous(&app, Method::DELETE, &path, None).await;
    assert_eq!(
        (back["upvotes"].as_i64(), back["upvoted"].as_bool()),
        (Some(1), Some(false))
    );
    let page = anonymous(
        &app,
        Method::GET,
        &format!("/api/gallery/videos/{id}"),
        None,
    )
    .await;
    assert_eq!(page["upvoted"], false);
    let stored: i64 = app
        .db()
        .await
        .query_one(
            "select count(*) from video_upvotes where length(viewer_hash) = 32",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(stored, 1, "viewers are hashes, never addresses");

    let draft = ready(&app, &admin, "Draft", json!([]), json!(null)).await;
    let response = call(
        &app,
        Method::PUT,
        &format!("/api/gallery/videos/{draft}/upvote"),
        None,
        None,
    )
    .await;
    expect_error(response, StatusCode::NOT_FOUND, "NOT_FOUND").await;
}

#[tokio::test]
async fn the_gallery_lists_the_newest_the_most_viewed_or_the_most_upvoted_first() {
    let app = spawn_app().await;
    let admin = user_with_role(&app, "MEDIA_ADMIN").await;
    let viewed = published(&app, &admin, "Viewed", json!([]), json!(null)).await;
    let upvoted = published(&app, &admin, "Upvoted", json!([]), json!(null)).await;
    let newest = published(&app, &admin, "Newest", json!([]), json!(null)).await;
    for name in ["one", "two"] {
        let viewer = app.register(name).await;
        let play = format!("/api/gallery/videos/{viewed}/plays");
        let response = call(&app, Method::POST, &play, Some(&viewer.access), None).await;
        assert_eq!(response.status(), StatusCode::OK);
        let upvote = format!("/api/gallery/videos/{upvoted}/upvote");
        let response = call(&app, Method::PUT, &upvote, Some(&viewer.access), None).await;
        assert_eq!(response.status(), StatusCode::OK);
    }
    let order = |sort: &'static str| {
        let app = &app;
        async move {
            let path = format!("/api/gallery/videos{sort}");
            let list = body(call(app, Method::GET, &path, None, None).await).await;
            list["data"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v["id"].as_str().unwrap().to_string())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(
        order("").await,
        [newest.as_str(), upvoted.as_str(), viewed.as_str()]
    );
    assert_eq!(
        order("?sort=recent").await,
        [newest.as_str(), upvoted.as_str(), viewed.as_str()]
    );
    assert_eq!(
        order("?sort=popular").await,
        [viewed.as_str(), newest.as_str(), upvoted.as_str()]
    );
    assert_eq!(
        order("?sort=upvoted").await,
        [upvoted.as_str(), newest.as_str(), viewed.as_str()]
    );
    let list = body(
        call(
            &app,
            Method::GET,
            "/api/gallery/videos?sort=upvoted",
            None,
            None,
        )
        .await,
    )
    .await;
    assert_eq!(list["data"][0]["upvotes"], 2);
    assert_eq!(list["data"][0]["views"], 0);
    let bad = call(
        &app,
        Method::GET,
        "/api/gallery/videos?sort=random",
        None,
        None,
    )
    .await;
    assert!(bad.status().is_client_error(), "{}", bad.status());
}
