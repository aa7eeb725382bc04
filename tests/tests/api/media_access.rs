//! Who reaches which Media route: MEDIA_ADMIN and SUPER_ADMIN the library;
//! another module's admin, a USER, a TEMP account and a visitor never.

use reqwest::Method;
use serde_json::{Value, json};

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
