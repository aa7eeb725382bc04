//! Trajectory: children and their avatars, through the HTTP API.

use reqwest::StatusCode;
use serde_json::{Value, json};
use shared::storage::Storage;

use crate::helpers::*;

/// The smallest valid PNG: a 1×1 transparent pixel.
pub const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
    0x42, 0x60, 0x82,
];

/// Asks for an upload ticket and PUTs `bytes` to it, as the browser does.
async fn upload_avatar(
    app: &TestApp,
    token: &str,
    child: &str,
    content_type: &str,
    bytes: &[u8],
) -> Value {
    let ticket = app
        .post_as(
            &format!("/api/children/{child}/avatar/upload"),
            token,
            json!({"content_type": content_type, "size": bytes.len()}),
        )
        .await;
    assert_eq!(ticket.status(), StatusCode::OK);
    let ticket = body(ticket).await;
    let put = app
        .http
        .put(ticket["data"]["upload_url"].as_str().unwrap())
        .header("content-type", content_type)
        .body(bytes.to_vec())
        .send()
        .await
        .unwrap();
    assert!(put.status().is_success(), "upload failed: {}", put.status());
    ticket
}

#[tokio::test]
async fn parents_add_edit_and_list_children_and_readers_only_look() {
    let app = spawn_app().await;
    let f = app.family_fixture().await;
    let created = app
        .post_as(
            "/api/children",
            &f.parent.access,
            json!({"family_id": f.family, "name": "Byron", "date_of_birth": "2025-03-02", "sex": "male",
                   "birth_weight_kg": 3.41, "birth_length_cm": 50.5, "due_date": "2025-03-09"}),
        )
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let child = body(created).await["data"].clone();
    assert_eq!(child["birth_weight_kg"], 3.41);
    assert_eq!(child["has_avatar"], false);

    let listed = body(
        app.get(
            &format!("/api/children?family_id={}", f.family),
            &f.reader.access,
        )
        .await,
    )
    .await;
    assert_eq!(listed["meta"]["total"], 2);
    let all = body(app.get("/api/children", &f.outsider.access).await).await;
    assert_eq!(
        all["meta"]["total"], 1,
        "the outsider sees only their own child"
    );
    let foreign = app
        .get(
            &format!("/api/children?family_id={}", f.family),
            &f.outsider.access,
        )
        .await;
    expect_error(foreign, StatusCode::NOT_FOUND, "NOT_FOUND").await;

    let path = format!("/api/children/{}", child["id"].as_str().unwrap());
    let edited = app
        .patch_as(
            &path,
            &f.owner.access,
            json!({"name": "George Byron", "due_date": null, "updated_at": child["updated_at"]}),
        )
        .await;
    let edited = body(edited).await["data"].clone();
    assert_eq!(edited["name"], "George Byron");
    assert_eq!(edited["due_date"], Value::Null);
    // A second edit from the same stale copy is refused.
    let stale = app
        .patch_as(
            &path,
            &f.parent.access,
            json!({"notes": "x", "updated_at": child["updated_at"]}),
        )
        .await;
    expect_error(stale, StatusCode::CONFLICT, "STALE").await;

    let by_reader = app
        .patch_as(&path, &f.reader.access, json!({"name": "Nope"}))
        .await;
    expect_error(by_reader, StatusCode::FORBIDDEN, "READ_ONLY").await;
    let create_by_reader = app
        .post_as("/api/children", &f.reader.access, json!({"family_id": f.family, "name": "X", "date_of_birth": "2025-01-01", "sex": "male"}))
        .await;
    expect_error(create_by_reader, StatusCode::FORBIDDEN, "READ_ONLY").await;
    for user in [&f.reader, &f.outsider] {
        assert_ne!(
            app.delete_as(&path, &user.access).await.status(),
            StatusCode::NO_CONTENT
        );
    }
    expect_error(
        app.get(&path, &f.outsider.access).await,
        StatusCode::NOT_FOUND,
        "NOT_FOUND",
    )
    .await;
}

#[tokio::test]
async fn invalid_children_are_refused_field_by_field() {
    let app = spawn_app().await;
    let owner = app.register("owner").await;
    let family = app.create_family(&owner, "Tests").await;
    let tomorrow = (chrono::Utc::now() + chrono::Duration::days(1))
        .date_naive()
        .to_string();
    let cases = [
        (
            json!({"name": "", "date_of_birth": "2024-01-01", "sex": "female"}),
            "name",
        ),
        (
            json!({"name": "A", "date_of_birth": tomorrow, "sex": "female"}),
            "date_of_birth",
        ),
        (
            json!({"name": "A", "date_of_birth": "2024-01-01", "sex": "female", "birth_weight_kg": 25}),
            "birth_weight_kg",
        ),
        (
            json!({"name": "A", "date_of_birth": "2024-01-01", "sex": "female", "birth_length_cm": 5}),
            "birth_length_cm",
        ),
    ];
    for (mut input, field) in cases {
        input["family_id"] = json!(family);
        let response = app.post_as("/api/children", &owner.access, input).await;
        let json = expect_error(
            response,
            StatusCode::UNPROCESSABLE_ENTITY,
            "VALIDATION_FAILED",
        )
        .await;
        assert!(json["details"][field].is_string(), "{field}: {json}");
    }
    let bad_sex = app
        .post_as(
            "/api/children",
            &owner.access,
            json!({"family_id": family, "name": "A", "date_of_birth": "2024-01-01", "sex": "x"}),
        )
        .await;
    expect_error(bad_sex, StatusCode::UNPROCESSABLE_ENTITY, "INVALID_BODY").await;
    let bad_date = app
        .post_as(
            "/api/children",
            &owner.access,
            json!({"family_id": family, "name": "A", "date_of_birth": "2024-13-01", "sex": "male"}),
        )
        .await;
    expect_error(bad_date, StatusCode::UNPROCESSABLE_ENTITY, "INVALID_BODY").await;
}

#[tokio::test]
async fn an_avatar_goes_straight_to_storage_and_is_checked_before_use() {
    let app = spawn_app().await;
    let f = app.family_fixture().await;
    let child = f.child.to_string();
    let ticket = upload_avatar(&app, &f.parent.access, &child, "image/png", PNG).await;
    let key = ticket["data"]["key"].as_str().unwrap().to_string();
    assert!(!key.contains("png") && key.starts_with(&format!("avatars/{child}/")));

    let confirmed = app
        .put_as(
            &format!("/api/children/{child}/avatar"),
            &f.parent.access,
            json!({"key": key}),
        )
        .await;
    assert_eq!(confirmed.status(), StatusCode::OK);
    assert_eq!(body(confirmed).await["data"]["has_avatar"], true);

    let view = app
        .get(&format!("/api/children/{child}/avatar"), &f.reader.access)
        .await;
    assert_eq!(view.status(), StatusCode::FOUND);
    let location = view.headers()["location"].to_str().unwrap().to_string();
    let image = app
        .http
        .get(&location)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(&image[..], PNG);
    expect_error(
        app.get(&format!("/api/children/{child}/avatar"), &f.outsider.access)
            .await,
        StatusCode::NOT_FOUND,
        "NOT_FOUND",
    )
    .await;

    // A new avatar replaces the old one, whose object is deleted.
    let second = upload_avatar(&app, &f.owner.access, &child, "image/png", PNG).await;
    let second_key = second["data"]["key"].as_str().unwrap();
    app.put_as(
        &format!("/api/children/{child}/avatar"),
        &f.owner.access,
        json!({"key": second_key}),
    )
    .await;
    let storage = Storage::new(&app.state);
    assert!(
        storage.head(&key).await.unwrap().is_none(),
        "the replaced avatar is gone"
    );
    assert!(storage.head(second_key).await.unwrap().is_some());

    assert_eq!(
        app.delete_as(&format!("/api/children/{child}/avatar"), &f.owner.access)
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    assert!(storage.head(second_key).await.unwrap().is_none());
    expect_error(
        app.get(&format!("/api/children/{child}/avatar"), &f.owner.access)
            .await,
        StatusCode::NOT_FOUND,
        "NOT_FOUND",
    )
    .await;
}

#[tokio::test]
async fn avatar_uploads_refuse_wrong_types_sizes_keys_and_readers() {
    let app = spawn_app().await;
    let f = app.family_fixture().await;
    let upload = format!("/api/children/{}/avatar/upload", f.child);
    let gif = app
        .post_as(
            &upload,
            &f.owner.access,
            json!({"content_type": "image/gif", "size": 100}),
        )
        .await;
    expect_error(
        gif,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "UNSUPPORTED_MEDIA_TYPE",
    )
    .await;
    let huge = app
        .post_as(
            &upload,
            &f.owner.access,
            json!({"content_type": "image/png", "size": 6 * 1024 * 1024}),
        )
        .await;
    expect_error(huge, StatusCode::PAYLOAD_TOO_LARGE, "FILE_TOO_LARGE").await;
    let reader = app
        .post_as(
            &upload,
            &f.reader.access,
            json!({"content_type": "image/png", "size": 10}),
        )
        .await;
    expect_error(reader, StatusCode::FORBIDDEN, "READ_ONLY").await;

    let confirm = format!("/api/children/{}/avatar", f.child);
    // Announced but never uploaded.
    let ticket = body(
        app.post_as(
            &upload,
            &f.owner.access,
            json!({"content_type": "image/png", "size": 68}),
        )
        .await,
    )
    .await;
    let never = app
        .put_as(
            &confirm,
            &f.owner.access,
            json!({"key": ticket["data"]["key"]}),
        )
        .await;
    expect_error(never, StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_FAILED").await;
    // A key that was never issued for this child.
    let invented = app
        .put_as(
            &confirm,
            &f.owner.access,
            json!({"key": "avatars/elsewhere/x"}),
        )
        .await;
    expect_error(invented, StatusCode::NOT_FOUND, "UPLOAD_NOT_FOUND").await;
    // Another family's uploaded key.
    let theirs = upload_avatar(
        &app,
        &f.outsider.access,
        &f.other_child.to_string(),
        "image/png",
        PNG,
    )
    .await;
    let stolen = app
        .put_as(
            &confirm,
            &f.owner.access,
            json!({"key": theirs["data"]["key"]}),
        )
        .await;
    expect_error(stolen, StatusCode::NOT_FOUND, "UPLOAD_NOT_FOUND").await;
    // Announced as PNG, but the bytes are HTML: refused and removed.
    let fake = upload_avatar(
        &app,
        &f.owner.access,
        &f.child.to_string(),
        "image/png",
        b"<html><script>x</script></html>",
    )
    .await;
    let fake_key = fake["data"]["key"].as_str().unwrap();
    let refused = app
        .put_as(&confirm, &f.owner.access, json!({"key": fake_key}))
        .await;
    expect_error(
        refused,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "UNSUPPORTED_MEDIA_TYPE",
    )
    .await;
    assert!(
        Storage::new(&app.state)
            .head(fake_key)
            .await
            .unwrap()
            .is_none()
    );
    let child = body(
        app.get(&format!("/api/children/{}", f.child), &f.owner.access)
            .await,
    )
    .await;
    assert_eq!(child["data"]["has_avatar"], false);
}

#[tokio::test]
async fn deleting_a_child_removes_its_files_from_storage_and_is_audited() {
    let app = spawn_app().await;
    let f = app.family_fixture().await;
    let child = f.child.to_string();
    let ticket = upload_avatar(&app, &f.owner.access, &child, "image/png", PNG).await;
    let key = ticket["data"]["key"].as_str().unwrap().to_string();
    app.put_as(
        &format!("/api/children/{child}/avatar"),
        &f.owner.access,
        json!({"key": key}),
    )
    .await;

    expect_error(
        app.delete_as(&format!("/api/children/{child}"), &f.reader.access)
            .await,
        StatusCode::FORBIDDEN,
        "READ_ONLY",
    )
    .await;
    assert_eq!(
        app.delete_as(&format!("/api/children/{child}"), &f.parent.access)
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    expect_error(
        app.get(&format!("/api/children/{child}"), &f.owner.access)
            .await,
        StatusCode::NOT_FOUND,
        "NOT_FOUND",
    )
    .await;
    assert!(Storage::new(&app.state).head(&key).await.unwrap().is_none());
    let db = app.db().await;
    let pending: i64 = db
        .query_one("select count(*) from object_deletions", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(pending, 0);
    let actions: Vec<String> = db
        .query(
            "select action from audit_events where entity_id = $1 order by created_at",
            &[&f.child],
        )
        .await
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(actions, ["create", "delete"]);
    // The other family's child is untouched.
    let theirs = body(
        app.get(
            &format!("/api/children?family_id={}", f.other_family),
            &f.outsider.access,
        )
        .await,
    )
    .await;
    assert_eq!(theirs["data"][0]["id"], f.other_child.to_string());
}
