//! Media library stories: metadata, lock, deletion, and publishing on a
//! schedule entered in the admin's time zone.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::*;
use crate::media_helpers::*;
use crate::pages_helpers::{call, delete_as, user_with_role};

async fn put_as(app: &TestApp, path: &str, token: &str, json: Value) -> reqwest::Response {
    call(app, Method::PUT, path, Some(token), Some(json)).await
}

#[tokio::test]
async fn an_admin_describes_tags_locks_and_deletes_a_video() {
    let app = spawn_app().await;
    let admin = user_with_role(&app, "MEDIA_ADMIN").await;
    let video = processed(&app, &admin.access, "clip.mp4", &make(Clip::Landscape)).await;
    let path = format!("/api/media/videos/{}", video["id"].as_str().unwrap());
    let response = app
        .patch_as(
            &path,
            &admin.access,
            json!({"title": "  Door knocking 101 ", "description": "How to start.",
                   "tags": ["training", "canvass", "training"], "category": "Training"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let edited = body(response).await["data"].clone();
    assert_eq!(edited["title"], "Door knocking 101");
    assert_eq!(edited["tags"], json!(["training", "canvass"]));
    assert_eq!(edited["category"], "Training");
    let listed = body(
        app.get("/api/media/videos?tag=canvass", &admin.access)
            .await,
    )
    .await;
    assert_eq!(listed["meta"]["total"], 1);
    let listed = body(
        app.get("/api/media/videos?category=Other", &admin.access)
            .await,
    )
    .await;
    assert_eq!(listed["meta"]["total"], 0);
    let bad = app
        .patch_as(
            &path,
            &admin.access,
            json!({"title": "", "tags": ["x".repeat(41)]}),
        )
        .await;
    let problems = expect_error(bad, StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_FAILED").await;
    assert!(problems["details"]["title"].is_string() && problems["details"]["tags"].is_string());
    let stale = app
        .patch_as(
            &path,
            &admin.access,
            json!({"title": "Old copy", "updated_at": video["updated_at"]}),
        )
        .await;
    expect_error(stale, StatusCode::CONFLICT, "STALE").await;

    // Locked: nothing changes until it is unlocked.
    let locked = app
        .patch_as(&path, &admin.access, json!({"locked": true}))
        .await;
    assert_eq!(body(locked).await["data"]["locked"], true);
    for attempt in [
        app.patch_as(&path, &admin.access, json!({"title": "Changed"}))
            .await,
        delete_as(&app, &path, &admin.access).await,
        app.post_as(&format!("{path}/publish"), &admin.access, json!({}))
            .await,
        put_as(
            &app,
            &format!("{path}/schedule"),
            &admin.access,
            json!({"time_zone": "UTC", "publish_at": null, "unpublish_at": null}),
        )
        .await,
    ] {
        expect_error(attempt, StatusCode::CONFLICT, "VIDEO_LOCKED").await;
    }
    let unlocked = app
        .patch_as(&path, &admin.access, json!({"locked": false}))
        .await;
    assert_eq!(body(unlocked).await["data"]["locked"], false);

    let gone = delete_as(&app, &path, &admin.access).await;
    assert_eq!(gone.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        app.get(&path, &admin.access).await.status(),
        StatusCode::NOT_FOUND
    );
    let thumbnail = app
        .http
        .get(video["thumbnail_url"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(
        thumbnail.status(),
        StatusCode::NOT_FOUND,
        "the thumbnail went with it"
    );
}

#[tokio::test]
async fn a_schedule_in_edmonton_time_is_kept_in_utc_across_the_change_to_daylight_time() {
    let app = spawn_app().await;
    let admin = user_with_role(&app, "MEDIA_ADMIN").await;
    let video = processed(&app, &admin.access, "launch.mp4", &make(Clip::Landscape)).await;
    let id: Uuid = video["id"].as_str().unwrap().parse().unwrap();
    let path = format!("/api/media/videos/{id}/schedule");
    // 2027-03-14: Edmonton's clocks go from 02:00 MST to 03:00 MDT.
    let response = put_as(
        &app,
        &path,
        &admin.access,
        json!({"time_zone": "America/Edmonton", "publish_at": "2027-03-14T01:30", "unpublish_at": "2027-03-14T03:30"}),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    let scheduled = body(response).await["data"].clone();
    assert_eq!(
        scheduled["publish_at"], "2027-03-14T08:30:00Z",
        "MST is UTC-7"
    );
    assert_eq!(
        scheduled["unpublish_at"], "2027-03-14T09:30:00Z",
        "MDT is UTC-6"
    );
    assert_eq!(scheduled["schedule_time_zone"], "America/Edmonton");
    for (case, input, field) in [
        (
            "the skipped hour",
            json!({"time_zone": "America/Edmonton", "publish_at": "2027-03-14T02:30", "unpublish_at": null}),
            "publish_at",
        ),
        (
            "an unknown zone",
            json!({"time_zone": "Alberta/Calgary", "publish_at": "2027-03-14T01:30", "unpublish_at": null}),
            "time_zone",
        ),
        (
            "the past",
            json!({"time_zone": "America/Edmonton", "publish_at": "2020-01-01T09:00", "unpublish_at": null}),
            "publish_at",
        ),
        (
            "withdrawn before published",
            json!({"time_zone": "UTC", "publish_at": "2027-05-01T10:00", "unpublish_at": "2027-05-01T09:00"}),
            "unpublish_at",
        ),
    ] {
        let problems = expect_error(
            put_as(&app, &path, &admin.access, input).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "VALIDATION_FAILED",
        )
        .await;
        assert!(problems["details"][field].is_string(), "{case}: {problems}");
    }

    // The scheduler publishes once the time has come, then withdraws.
    let db = app.db().await;
    db.execute(
        "update videos set publish_at = now() - interval '1 minute' where id = $1",
        &[&id],
    )
    .await
    .unwrap();
    let report = app.tick().await;
    assert_eq!(report.videos.published, 1);
    let published = body(
        app.get(&format!("/api/media/videos/{id}"), &admin.access)
            .await,
    )
    .await;
    assert!(published["data"]["published_at"].is_string(), "{published}");
    assert_eq!(published["data"]["publish_at"], Value::Null);
    assert_eq!(app.tick().await.videos.published, 0, "once");
    db.execute(
        "update videos set unpublish_at = now() - interval '1 minute' where id = $1",
        &[&id],
    )
    .await
    .unwrap();
    assert_eq!(app.tick().await.videos.unpublished, 1);
    let history = body(app.get(&path, &admin.access).await).await["data"].clone();
    let actions: Vec<&str> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["unpublished", "published", "scheduled"]);
    assert_eq!(history[0]["actor_id"], Value::Null, "the scheduler");
    assert_eq!(history[2]["actor_id"], json!(admin.id));
    assert_eq!(history[2]["time_zone"], "America/Edmonton");
}

#[tokio::test]
async fn only_a_ready_video_is_published_and_a_schedule_waits_for_processing() {
    let app = spawn_app().await;
    let admin = user_with_role(&app, "MEDIA_ADMIN").await;
    let broken = processed(&app, &admin.access, "broken.mp4", &corrupt()).await;
    let path = format!("/api/media/videos/{}", broken["id"].as_str().unwrap());
    let refused = app
        .post_as(&format!("{path}/publish"), &admin.access, json!({}))
        .await;
    expect_error(refused, StatusCode::CONFLICT, "VIDEO_NOT_READY").await;
    let ready = processed(&app, &admin.access, "fine.mp4", &make(Clip::Landscape)).await;
    let path = format!("/api/media/videos/{}", ready["id"].as_str().unwrap());
    let published = app
        .post_as(&format!("{path}/publish"), &admin.access, json!({}))
        .await;
    assert!(body(published).await["data"]["published_at"].is_string());
    let withdrawn = app
        .post_as(&format!("{path}/unpublish"), &admin.access, json!({}))
        .await;
    assert_eq!(body(withdrawn).await["data"]["published_at"], Value::Null);
}
