//! Media stories: videos uploaded in parts straight to storage, and what the
//! video worker makes of them.

use aws_lambda_events::event::sqs::{SqsEvent, SqsMessage};
use reqwest::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::*;
use crate::media_helpers::*;
use crate::pages_helpers::user_with_role;

#[tokio::test]
async fn an_admin_uploads_a_video_in_parallel_parts_and_the_worker_reads_its_facts_and_thumbnail() {
    let app = spawn_app().await;
    let admin = user_with_role(&app, "MEDIA_ADMIN").await;
    let bytes = make(Clip::Large);
    let started = start_upload(&app, &admin.access, "Rally at city hall.mp4", bytes.len()).await;
    assert_eq!(started["video"]["status"], "uploading");
    assert_eq!(started["video"]["title"], "Rally at city hall");
    let part_size = started["upload"]["part_size"].as_u64().unwrap();
    assert!(part_size >= 5 * 1024 * 1024, "S3's smallest part");
    let count = started["upload"]["parts"].as_array().unwrap().len();
    assert!(count >= 3, "{} bytes in {count} parts", bytes.len());
    let parts = put_parts(&app, &started["upload"], &bytes).await;
    let id = started["video"]["id"].as_str().unwrap();
    let response = app
        .post_as(
            &format!("/api/media/uploads/{id}/complete"),
            &admin.access,
            json!({"parts": parts}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let video = wait_for_video(&app, &admin.access, id).await;
    assert_eq!(video["status"], "ready", "{video}");
    assert_eq!(video["size_bytes"], bytes.len());
    assert_eq!(video["container"], "mp4");
    assert_eq!(
        (video["width"].as_i64(), video["height"].as_i64()),
        (Some(640), Some(360))
    );
    assert_eq!(video["orientation"], "landscape");
    assert_eq!(video["quality"], "lower");
    assert_eq!(video["video_codec"], "mpeg4");
    assert_eq!(video["audio_codec"], "aac");
    assert_eq!(video["has_audio"], true);
    let duration = video["duration_seconds"].as_f64().unwrap();
    assert!((2.5..3.5).contains(&duration), "{duration}");
    let thumbnail = app
        .http
        .get(video["thumbnail_url"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(thumbnail.status(), StatusCode::OK);
    assert!(
        thumbnail.bytes().await.unwrap().starts_with(&[0xFF, 0xD8]),
        "a JPEG"
    );
}

#[tokio::test]
async fn portrait_silent_and_webm_videos_are_read_as_they_are() {
    let app = spawn_app().await;
    let admin = user_with_role(&app, "MEDIA_ADMIN").await;
    let portrait = processed(
        &app,
        &admin.access,
        "upright.mov",
        &make(Clip::PortraitSilent),
    )
    .await;
    assert_eq!(portrait["status"], "ready", "{portrait}");
    assert_eq!(portrait["container"], "mov");
    assert_eq!(
        (portrait["width"].as_i64(), portrait["height"].as_i64()),
        (Some(240), Some(320))
    );
    assert_eq!(portrait["orientation"], "portrait");
    assert_eq!(portrait["has_audio"], false);
    assert_eq!(portrait["audio_codec"], Value::Null);
    // The name says MP4; the bytes say WebM, and the bytes decide.
    let webm = processed(&app, &admin.access, "misnamed.mp4", &make(Clip::Webm)).await;
    assert_eq!(webm["status"], "ready", "{webm}");
    assert_eq!(webm["container"], "webm");
    assert_eq!(webm["video_codec"], "vp8");
}

#[tokio::test]
async fn a_damaged_file_ends_failed_with_a_reason_and_its_job_is_done() {
    let app = spawn_app().await;
    let admin = user_with_role(&app, "MEDIA_ADMIN").await;
    let video = processed(&app, &admin.access, "broken.mp4", &corrupt()).await;
    assert_eq!(video["status"], "failed");
    let reason = video["failure_reason"].as_str().unwrap();
    assert!(reason.contains("not a video we can read"), "{reason}");
    assert_eq!(video["thumbnail_url"], Value::Null);
    let db = app.db().await;
    let done: i64 = db
        .query_one(
            "select count(*) from processed_jobs where kind = 'video'",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(done, 1, "recorded once, never retried");
}

#[tokio::test]
async fn a_file_that_is_no_video_is_refused_and_forgotten() {
    let app = spawn_app().await;
    let admin = user_with_role(&app, "MEDIA_ADMIN").await;
    let text = b"This is a text file named like a video.".repeat(100);
    let started = start_upload(&app, &admin.access, "notes.mp4", text.len()).await;
    let parts = put_parts(&app, &started["upload"], &text).await;
    let id = started["video"]["id"].as_str().unwrap();
    expect_error(
        app.post_as(
            &format!("/api/media/uploads/{id}/complete"),
            &admin.access,
            json!({"parts": parts}),
        )
        .await,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "UNSUPPORTED_MEDIA_TYPE",
    )
    .await;
    expect_error(
        app.get(&format!("/api/media/videos/{id}"), &admin.access)
            .await,
        StatusCode::NOT_FOUND,
        "NOT_FOUND",
    )
    .await;
}

#[tokio::test]
async fn the_same_file_twice_is_kept_once() {
    let app = spawn_app().await;
    let admin = user_with_role(&app, "MEDIA_ADMIN").await;
    let bytes = make(Clip::Landscape);
    let first = processed(&app, &admin.access, "first.mp4", &bytes).await;
    assert_eq!(first["status"], "ready");
    let again = processed(&app, &admin.access, "again.mp4", &bytes).await;
    assert_eq!(again["status"], "failed");
    assert_eq!(again["duplicate_of"], first["id"]);
    let reason = again["failure_reason"].as_str().unwrap();
    assert!(
        reason.contains("already in the library as “first”"),
        "{reason}"
    );
}

#[tokio::test]
async fn a_redelivered_job_changes_nothing() {
    let app = spawn_app().await;
    let admin = user_with_role(&app, "MEDIA_ADMIN").await;
    let video = processed(&app, &admin.access, "once.mp4", &make(Clip::Landscape)).await;
    let id: Uuid = video["id"].as_str().unwrap().parse().unwrap();
    let db = app.db().await;
    let payload: Value = db
        .query_one("select payload from outbox where queue = 'video'", &[])
        .await
        .unwrap()
        .get(0);
    let before = processed_at(&db, id).await;
    for copy in ["same job again", "another job for the same video"] {
        let mut body = payload.clone();
        if copy.starts_with("another") {
            body["id"] = json!(Uuid::new_v4());
        }
        let mut message = SqsMessage::default();
        message.message_id = Some(copy.into());
        message.body = Some(body.to_string());
        let mut event = SqsEvent::default();
        event.records = vec![message];
        let response = video_worker::handle(&app.state, event).await;
        assert!(response.batch_item_failures.is_empty(), "{copy}");
        assert_eq!(
            processed_at(&db, id).await,
            before,
            "{copy}: not processed again"
        );
    }
}

#[tokio::test]
async fn an_upload_is_resumed_with_fresh_urls_or_given_up_and_an_abandoned_one_is_aborted() {
    let app = spawn_app().await;
    let admin = user_with_role(&app, "MEDIA_ADMIN").await;
    let bytes = make(Clip::Large);
    let started = start_upload(&app, &admin.access, "paused.mp4", bytes.len()).await;
    let id = started["video"]["id"].as_str().unwrap();
    // Paused after the first part; resumed later with fresh URLs for the rest.
    let mut ticket = started["upload"].clone();
    let all = ticket["parts"].as_array().unwrap().clone();
    ticket["parts"] = json!([all[0]]);
    let mut parts = put_parts(&app, &ticket, &bytes)
        .await
        .as_array()
        .unwrap()
        .clone();
    let rest: Vec<i64> = (2..=all.len() as i64).collect();
    let fresh = app
        .post_as(
            &format!("/api/media/uploads/{id}/parts"),
            &admin.access,
            json!({"part_numbers": rest}),
        )
        .await;
    assert_eq!(fresh.status(), StatusCode::OK);
    ticket["parts"] = body(fresh).await["data"].clone();
    parts.extend(
        put_parts(&app, &ticket, &bytes)
            .await
            .as_array()
            .unwrap()
            .clone(),
    );
    for bad in [json!([0]), json!([all.len() + 1]), json!([])] {
        let response = app
            .post_as(
                &format!("/api/media/uploads/{id}/parts"),
                &admin.access,
                json!({"part_numbers": bad}),
            )
            .await;
        expect_error(
            response,
            StatusCode::UNPROCESSABLE_ENTITY,
            "VALIDATION_FAILED",
        )
        .await;
    }
    let done = app
        .post_as(
            &format!("/api/media/uploads/{id}/complete"),
            &admin.access,
            json!({"parts": parts}),
        )
        .await;
    assert_eq!(done.status(), StatusCode::OK);

    // Given up: the parts go, and so does the video.
    let small = make(Clip::Landscape);
    let started = start_upload(&app, &admin.access, "cancelled.mp4", small.len()).await;
    let id = started["video"]["id"].as_str().unwrap();
    put_parts(&app, &started["upload"], &small).await;
    let cancelled =
        crate::pages_helpers::delete_as(&app, &format!("/api/media/uploads/{id}"), &admin.access)
            .await;
    assert_eq!(cancelled.status(), StatusCode::NO_CONTENT);
    let response = app
        .get(&format!("/api/media/videos/{id}"), &admin.access)
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let response = app
        .post_as(
            &format!("/api/media/uploads/{id}/complete"),
            &admin.access,
            json!({"parts": []}),
        )
        .await;
    expect_error(response, StatusCode::NOT_FOUND, "UPLOAD_NOT_FOUND").await;

    // Abandoned: once its slot expired, the scheduler aborts it and forgets the video.
    let started = start_upload(&app, &admin.access, "abandoned.mp4", small.len()).await;
    let id: Uuid = started["video"]["id"].as_str().unwrap().parse().unwrap();
    let db = app.db().await;
    db.execute(
        "update upload_slots set expires_at = now() - interval '1 minute' where owner_id = $1",
        &[&id],
    )
    .await
    .unwrap();
    db.execute(
        "update videos set created_at = now() - interval '2 hours' where id = $1",
        &[&id],
    )
    .await
    .unwrap();
    let report = app.tick().await;
    assert_eq!(report.aborted_uploads, 1);
    assert_eq!(report.forgotten_videos, 1);
    let left: i64 = db
        .query_one("select count(*) from videos where id = $1", &[&id])
        .await
        .unwrap()
        .get(0);
    assert_eq!(left, 0);
}

#[tokio::test]
async fn uploads_announce_a_size_and_a_name_and_nothing_else_decides_the_type() {
    let app = spawn_app().await;
    let admin = user_with_role(&app, "MEDIA_ADMIN").await;
    for (case, input, status) in [
        (
            "empty",
            json!({"filename": "a.mp4", "size": 0}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "too large",
            json!({"filename": "a.mp4", "size": 60_000_000_000i64}),
            StatusCode::PAYLOAD_TOO_LARGE,
        ),
        (
            "path in the name",
            json!({"filename": "../a.mp4", "size": 10}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "no name",
            json!({"filename": " ", "size": 10}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "unknown field",
            json!({"filename": "a.mp4", "size": 10, "x": 1}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    ] {
        let response = app
            .post_as("/api/media/uploads", &admin.access, input)
            .await;
        assert_eq!(response.status(), status, "{case}");
    }
    // No type, or an odd one, is fine: the bytes are checked.
    for content_type in [
        json!(null),
        json!("application/x-unknown"),
        json!("video/x-matroska"),
    ] {
        let response = app
            .post_as(
                "/api/media/uploads",
                &admin.access,
                json!({"filename": "clip.mkv", "size": 1000, "content_type": content_type}),
            )
            .await;
        assert_eq!(response.status(), StatusCode::CREATED, "{content_type}");
    }
}

async fn processed_at(db: &tokio_postgres::Client, id: Uuid) -> chrono::DateTime<chrono::Utc> {
    db.query_one("select processed_at from videos where id = $1", &[&id])
        .await
        .unwrap()
        .get(0)
}
