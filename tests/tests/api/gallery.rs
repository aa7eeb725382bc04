//! Gallery stories: visitors see only published videos, play them through
//! short-lived URLs that honour range requests, react, and are counted once
//! an hour however often they press play.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::*;
use crate::media_helpers::*;
use crate::pages_helpers::{call, callers_of, check_matrix, user_with_role};

#[tokio::test]
async fn visitors_see_published_videos_only_and_play_them_with_seeking() {
    let app = spawn_app().await;
    let admin = user_with_role(&app, "MEDIA_ADMIN").await;
    let id = published(&app, &admin, "Town hall", json!(["rally"]), json!("Events")).await;
    let hidden = processed(
        &app,
        &admin.access,
        "draft.mp4",
        &make(Clip::PortraitSilent),
    )
    .await;
    let list = body(
        app.http
            .get(app.url("/api/gallery/videos"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(list["meta"]["total"], 1, "{list}");
    assert_eq!(list["data"][0]["id"], id.as_str());
    assert!(list["data"][0]["thumbnail_url"].is_string());
    let missing = call(
        &app,
        Method::GET,
        &format!("/api/gallery/videos/{}", hidden["id"].as_str().unwrap()),
        None,
        None,
    )
    .await;
    expect_error(missing, StatusCode::NOT_FOUND, "NOT_FOUND").await;

    let page = anonymous(
        &app,
        Method::GET,
        &format!("/api/gallery/videos/{id}"),
        None,
    )
    .await;
    assert_eq!(page["video"]["title"], "Town hall");
    let url = page["playback"]["url"].as_str().unwrap();
    let whole = app.http.get(url).send().await.unwrap();
    assert_eq!(whole.status(), StatusCode::OK);
    let size = whole.bytes().await.unwrap().len();
    let ranged = app
        .http
        .get(url)
        .header("Range", "bytes=100-199")
        .send()
        .await
        .unwrap();
    assert_eq!(
        ranged.status(),
        StatusCode::PARTIAL_CONTENT,
        "seeking reads a range"
    );
    let range = ranged.headers()["content-range"]
        .to_str()
        .unwrap()
        .to_string();
    assert_eq!(range, format!("bytes 100-199/{size}"));
    assert_eq!(ranged.bytes().await.unwrap().len(), 100);

    // Withdrawn: gone from the gallery.
    let response = app
        .post_as(
            &format!("/api/media/videos/{id}/unpublish"),
            &admin.access,
            json!({}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let list = body(
        app.http
            .get(app.url("/api/gallery/videos"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(list["meta"]["total"], 0);
}

#[tokio::test]
async fn a_viewer_has_one_of_six_reactions_and_may_change_or_take_it_back() {
    let app = spawn_app().await;
    let admin = user_with_role(&app, "MEDIA_ADMIN").await;
    let id = published(&app, &admin, "Reactions", json!([]), json!(null)).await;
    let path = format!("/api/gallery/videos/{id}/reaction");
    let counts = anonymous(&app, Method::PUT, &path, Some(json!({"reaction": "love"}))).await;
    assert_eq!(
        (counts["love"].as_i64(), counts["mine"].as_str()),
        (Some(1), Some("love"))
    );
    let counts = anonymous(&app, Method::PUT, &path, Some(json!({"reaction": "wow"}))).await;
    assert_eq!(
        (counts["love"].as_i64(), counts["wow"].as_i64()),
        (Some(0), Some(1)),
        "replaced"
    );
    let user = app.register("fan").await;
    let response = call(
        &app,
        Method::PUT,
        &path,
        Some(&user.access),
        Some(json!({"reaction": "wow"})),
    )
    .await;
    assert_eq!(body(response).await["data"]["wow"], 2, "another viewer");
    let counts = anonymous(&app, Method::DELETE, &path, None).await;
    assert_eq!(
        (counts["wow"].as_i64(), counts["mine"].clone()),
        (Some(1), Value::Null)
    );
    let bad = call(
        &app,
        Method::PUT,
        &path,
        None,
        Some(json!({"reaction": "meh"})),
    )
    .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    for reaction in ["like", "love", "laugh", "wow", "sad", "angry"] {
        let counts = anonymous(
            &app,
            Method::PUT,
            &path,
            Some(json!({"reaction": reaction})),
        )
        .await;
        assert_eq!(counts["mine"], reaction);
    }
}

#[tokio::test]
async fn a_play_is_a_view_counted_once_an_hour_with_its_watch_time_and_completion() {
    let app = spawn_app().await;
    let admin = user_with_role(&app, "MEDIA_ADMIN").await;
    let id = published(&app, &admin, "Counted", json!([]), json!(null)).await;
    let plays = format!("/api/gallery/videos/{id}/plays");
    let first = anonymous(&app, Method::POST, &plays, None).await;
    assert_eq!(first["counted"], true);
    let again = anonymous(&app, Method::POST, &plays, None).await;
    assert_eq!(again["counted"], false, "the same viewer within the hour");
    assert_eq!(again["view_id"], first["view_id"]);
    let user = app.register("viewer").await;
    let response = call(&app, Method::POST, &plays, Some(&user.access), None).await;
    let theirs = body(response).await["data"].clone();
    assert_eq!(theirs["counted"], true, "another viewer");
    let page = anonymous(
        &app,
        Method::GET,
        &format!("/api/gallery/videos/{id}"),
        None,
    )
    .await;
    assert_eq!(page["video"]["views"], 2);

    // The clip lasts one second: 0.5 s is half of it, 0.95 s completes it.
    let progress = format!(
        "/api/gallery/views/{}/progress",
        first["view_id"].as_str().unwrap()
    );
    let totals = anonymous(
        &app,
        Method::POST,
        &progress,
        Some(json!({"segments": [{"from": 0.0, "to": 0.5}]})),
    )
    .await;
    assert_eq!(totals["completed"], false);
    let totals = anonymous(
        &app,
        Method::POST,
        &progress,
        Some(json!({"segments": [{"from": 0.5, "to": 0.95}]})),
    )
    .await;
    assert_eq!(totals["completed"], true, "{totals}");
    assert!((totals["watched_seconds"].as_f64().unwrap() - 0.95).abs() < 1e-6);
    let bad = call(
        &app,
        Method::POST,
        &progress,
        None,
        Some(json!({"segments": [{"from": 0.9, "to": 0.1}]})),
    )
    .await;
    let problems = expect_error(bad, StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_FAILED").await;
    assert!(problems["details"]["segments[0]"].is_string());
    // Someone else's view is not theirs to fill.
    let response = call(
        &app,
        Method::POST,
        &progress,
        Some(&user.access),
        Some(json!({"segments": [{"from": 0.0, "to": 0.5}]})),
    )
    .await;
    expect_error(response, StatusCode::NOT_FOUND, "NOT_FOUND").await;
    // An hour later, a play counts again.
    let db = app.db().await;
    db.execute(
        "update video_views set created_at = now() - interval '61 minutes'",
        &[],
    )
    .await
    .unwrap();
    let later = anonymous(&app, Method::POST, &plays, None).await;
    assert_eq!(later["counted"], true);
    let stored: i64 = db
        .query_one(
            "select count(*) from video_views where length(viewer_hash) = 32",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(stored, 3, "viewers are hashes, never addresses");
}

#[tokio::test]
async fn related_videos_share_a_tag_or_the_category() {
    let app = spawn_app().await;
    let admin = user_with_role(&app, "MEDIA_ADMIN").await;
    let main = published(
        &app,
        &admin,
        "Main",
        json!(["housing", "rally"]),
        json!("Events"),
    )
    .await;
    let both_tags = published(
        &app,
        &admin,
        "Both tags",
        json!(["rally", "housing"]),
        json!(null),
    )
    .await;
    let one_tag = published(&app, &admin, "One tag", json!(["rally"]), json!(null)).await;
    let same_category = published(&app, &admin, "Same category", json!([]), json!("Events")).await;
    published(&app, &admin, "Unrelated", json!(["garden"]), json!("Other")).await;
    let page = anonymous(
        &app,
        Method::GET,
        &format!("/api/gallery/videos/{main}"),
        None,
    )
    .await;
    let related: Vec<&str> = page["related"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        related,
        [both_tags.as_str(), one_tag.as_str(), same_category.as_str()]
    );
}

#[tokio::test]
async fn everyone_reaches_the_gallery() {
    let app = spawn_app().await;
    let callers = callers_of(&app, &ROLES).await;
    let admin = user_with_role(&app, "MEDIA_ADMIN").await;
    let id = published(&app, &admin, "Open", json!([]), json!(null)).await;
    let everyone: Vec<&str> = callers.iter().map(|(role, _)| *role).collect();
    let routes: Vec<(Method, String, Option<Value>)> = vec![
        (Method::GET, "/api/gallery/videos".into(), None),
        (Method::GET, format!("/api/gallery/videos/{id}"), None),
        (
            Method::PUT,
            format!("/api/gallery/videos/{id}/reaction"),
            Some(json!({"reaction": "like"})),
        ),
        (
            Method::DELETE,
            format!("/api/gallery/videos/{id}/reaction"),
            None,
        ),
        (
            Method::POST,
            format!("/api/gallery/videos/{id}/plays"),
            None,
        ),
        (
            Method::POST,
            format!("/api/gallery/views/{}/progress", uuid::Uuid::new_v4()),
            Some(json!({"segments": [{"from": 0, "to": 1}]})),
        ),
    ];
    for (method, path, json) in routes {
        check_matrix(&app, &callers, method, &path, json, &everyone).await;
    }
}

#[tokio::test]
async fn dashboards_count_views_watch_time_and_completion_and_forget_views_after_90_days() {
    let app = spawn_app().await;
    let admin = user_with_role(&app, "MEDIA_ADMIN").await;
    let popular = published(&app, &admin, "Popular", json!([]), json!(null)).await;
    let quiet = published(&app, &admin, "Quiet", json!([]), json!(null)).await;
    let viewers = [app.register("one").await, app.register("two").await];
    for viewer in &viewers {
        let play = call(
            &app,
            Method::POST,
            &format!("/api/gallery/videos/{popular}/plays"),
            Some(&viewer.access),
            None,
        )
        .await;
        let view = body(play).await["data"]["view_id"]
            .as_str()
            .unwrap()
            .to_string();
        let segments = json!({"segments": [{"from": 0.0, "to": 1.0}]});
        let done = call(
            &app,
            Method::POST,
            &format!("/api/gallery/views/{view}/progress"),
            Some(&viewer.access),
            Some(segments),
        )
        .await;
        assert_eq!(done.status(), StatusCode::OK);
    }
    anonymous(
        &app,
        Method::POST,
        &format!("/api/gallery/videos/{quiet}/plays"),
        None,
    )
    .await;

    let video = body(
        app.get(
            &format!("/api/media/videos/{popular}/analytics?days=7"),
            &admin.access,
        )
        .await,
    )
    .await;
    assert_eq!(video["data"]["views"], 2, "{video}");
    assert_eq!(video["data"]["viewers"], 2);
    assert_eq!(video["data"]["completion_rate"], 1.0);
    assert!((video["data"]["watch_seconds"].as_f64().unwrap() - 2.0).abs() < 1e-6);
    let daily = video["data"]["daily"].as_array().unwrap();
    assert_eq!(daily.len(), 7);
    assert_eq!(daily[6]["views"], 2, "today, last");
    let all = body(app.get("/api/media/analytics", &admin.access).await).await["data"].clone();
    assert_eq!(all["views"], 3);
    assert_eq!(all["daily"].as_array().unwrap().len(), 30);
    assert!((all["completion_rate"].as_f64().unwrap() - 2.0 / 3.0).abs() < 1e-6);
    assert_eq!(all["top_videos"][0]["title"], "Popular");
    assert_eq!(all["top_videos"][1]["title"], "Quiet");
    for days in ["0", "91", "x"] {
        let response = app
            .get(&format!("/api/media/analytics?days={days}"), &admin.access)
            .await;
        assert!(response.status().is_client_error(), "{days}");
    }

    let db = app.db().await;
    db.execute("update video_views set created_at = now() - interval '91 days' where video_id = $1::text::uuid", &[&quiet])
        .await
        .unwrap();
    assert_eq!(app.tick().await.purged_video_views, 1);
    let all =
        body(app.get("/api/media/analytics?days=90", &admin.access).await).await["data"].clone();
    assert_eq!(all["views"], 2);
}
