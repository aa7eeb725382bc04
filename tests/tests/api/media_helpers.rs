//! Helpers for the Media stories: small real videos made with ffmpeg at test
//! time, an upload in parallel parts the way the browser does it, and waiting
//! for the video worker.

use std::path::PathBuf;
use std::process::Command;

use futures::future::join_all;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::*;
use crate::pages_helpers::call;

/// A video ffmpeg makes for a test.
#[derive(Debug, Clone, Copy)]
pub enum Clip {
    /// 320×240 H.264 with AAC sound, one second, MP4.
    Landscape,
    /// 240×320 H.264 without sound, one second, QuickTime.
    PortraitSilent,
    /// 640×360 of noise, three seconds, MPEG-4 Part 2 with AAC: about 20 MB,
    /// so it travels in several parts.
    Large,
    /// A WebM (VP8) clip, one second.
    Webm,
}

/// The bytes of `clip`, made now by ffmpeg (Debian's package: local/test.sh
/// installs it).
pub fn make(clip: Clip) -> Vec<u8> {
    let path: PathBuf = std::env::temp_dir().join(format!("clip-{}", Uuid::new_v4()));
    let out = path.to_str().unwrap();
    let args: Vec<&str> = match clip {
        Clip::Landscape => vec![
            "-f",
            "lavfi",
            "-i",
            "testsrc=size=320x240:rate=10:duration=1",
            "-f",
            "lavfi",
            "-i",
            "sine=duration=1",
            "-shortest",
            "-c:v",
            "libx264",
            "-pix_fmt",
            "yuv420p",
            "-c:a",
            "aac",
            "-f",
            "mp4",
            out,
        ],
        Clip::PortraitSilent => vec![
            "-f",
            "lavfi",
            "-i",
            "testsrc=size=240x320:rate=10:duration=1",
            "-c:v",
            "libx264",
            "-pix_fmt",
            "yuv420p",
            "-f",
            "mov",
            out,
        ],
        Clip::Large => vec![
            "-f",
            "lavfi",
            "-i",
            "nullsrc=s=640x360:r=25:d=3,geq=random(1)*255:128:128",
            "-f",
            "lavfi",
            "-i",
            "sine=duration=3",
            "-shortest",
            "-c:v",
            "mpeg4",
            "-q:v",
            "1",
            "-c:a",
            "aac",
            "-f",
            "mp4",
            out,
        ],
        Clip::Webm => vec![
            "-f",
            "lavfi",
            "-i",
            "testsrc=size=320x240:rate=10:duration=1",
            "-c:v",
            "libvpx",
            "-b:v",
            "200k",
            "-f",
            "webm",
            out,
        ],
    };
    let status = Command::new("ffmpeg")
        .args(["-v", "error", "-y"])
        .args(&args)
        .status()
        .expect("ffmpeg runs (install Debian's ffmpeg package)");
    assert!(status.success(), "ffmpeg made {clip:?}");
    let bytes = std::fs::read(&path).unwrap();
    let _ = std::fs::remove_file(&path);
    bytes
}

/// The first bytes of an MP4 followed by garbage: it passes the magic-byte
/// check but no tool can read it.
pub fn corrupt() -> Vec<u8> {
    let mut bytes = make(Clip::Landscape)[..32].to_vec();
    bytes.extend((0..4000u32).map(|i| (i * 7919 % 251) as u8));
    bytes
}

/// Starts an upload of `size` bytes as `token`: the answer's `data`.
pub async fn start_upload(app: &TestApp, token: &str, filename: &str, size: usize) -> Value {
    let response = app
        .post_as(
            "/api/media/uploads",
            token,
            json!({"filename": filename, "size": size, "content_type": "video/mp4"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    body(response).await["data"].clone()
}

/// PUTs every part of `bytes` to the ticket's URLs at once; the completion's parts.
pub async fn put_parts(app: &TestApp, upload: &Value, bytes: &[u8]) -> Value {
    let part_size = upload["part_size"].as_u64().unwrap() as usize;
    let puts = upload["parts"].as_array().unwrap().iter().map(|part| {
        let number = part["part_number"].as_u64().unwrap() as usize;
        let start = (number - 1) * part_size;
        let chunk = bytes[start..(start + part_size).min(bytes.len())].to_vec();
        let url = part["url"].as_str().unwrap().to_string();
        async move {
            let response = app.http.put(url).body(chunk).send().await.unwrap();
            assert_eq!(response.status(), StatusCode::OK, "part {number}");
            let etag = response.headers()["etag"].to_str().unwrap().to_string();
            json!({"part_number": number, "etag": etag})
        }
    });
    Value::Array(join_all(puts).await)
}

/// Uploads `bytes` as `filename` and completes it: the answer to completion.
pub async fn upload(app: &TestApp, token: &str, filename: &str, bytes: &[u8]) -> reqwest::Response {
    let started = start_upload(app, token, filename, bytes.len()).await;
    let parts = put_parts(app, &started["upload"], bytes).await;
    let id = started["video"]["id"].as_str().unwrap();
    app.post_as(
        &format!("/api/media/uploads/{id}/complete"),
        token,
        json!({"parts": parts}),
    )
    .await
}

/// Uploads a clip and waits for the worker: the video, ready or failed.
pub async fn processed(app: &TestApp, token: &str, filename: &str, bytes: &[u8]) -> Value {
    let response = upload(app, token, filename, bytes).await;
    assert_eq!(response.status(), StatusCode::OK);
    let video = body(response).await["data"].clone();
    assert_eq!(video["status"], "processing", "{video}");
    wait_for_video(app, token, video["id"].as_str().unwrap()).await
}

/// Polls the video until the worker is done with it (at most 60 s).
pub async fn wait_for_video(app: &TestApp, token: &str, id: &str) -> Value {
    wait_until_finished(app, token, &format!("/api/media/videos/{id}")).await
}

/// The roles the Media matrix runs through; `None` is a visitor without a session.
pub const ROLES: [Option<&str>; 6] = [
    Some("SUPER_ADMIN"),
    Some("MEDIA_ADMIN"),
    Some("PAGES_ADMIN"),
    Some("USER"),
    Some("TEMP"),
    None,
];

/// The admins of the video library.
pub const MEDIA_ADMINS: &[&str] = &["SUPER_ADMIN", "MEDIA_ADMIN"];

/// A ready video titled `title` (with `tags` and `category`), not published: its id.
pub async fn ready(
    app: &TestApp,
    admin: &TestUser,
    title: &str,
    tags: Value,
    category: Value,
) -> String {
    // Each title gets its own bytes, so no video is a duplicate of another.
    let mut bytes = make(Clip::Landscape);
    bytes.extend_from_slice(title.as_bytes());
    let video = processed(app, &admin.access, &format!("{title}.mp4"), &bytes).await;
    assert_eq!(video["status"], "ready", "{video}");
    let id = video["id"].as_str().unwrap().to_string();
    let edited = app
        .patch_as(
            &format!("/api/media/videos/{id}"),
            &admin.access,
            json!({"title": title, "tags": tags, "category": category}),
        )
        .await;
    assert_eq!(edited.status(), StatusCode::OK);
    id
}

/// A ready video, published (with `tags` and `category`) by `admin`: its id.
pub async fn published(
    app: &TestApp,
    admin: &TestUser,
    title: &str,
    tags: Value,
    category: Value,
) -> String {
    let id = ready(app, admin, title, tags, category).await;
    let response = app
        .post_as(
            &format!("/api/media/videos/{id}/publish"),
            &admin.access,
            json!({}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    id
}

/// `method path` as a visitor without a session: the answer's `data` (asserting 200).
pub async fn anonymous(app: &TestApp, method: Method, path: &str, json: Option<Value>) -> Value {
    let response = call(app, method, path, None, json).await;
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    body(response).await["data"].clone()
}
