//! Trajectory: attachments, through the HTTP API.

use reqwest::StatusCode;
use serde_json::{Value, json};
use shared::storage::Storage;
use uuid::Uuid;

use crate::children::PNG;
use crate::family_helpers::FamilyFixture;
use crate::helpers::*;

/// A tiny but real PDF header and trailer: enough for the magic-byte check.
pub const PDF: &[u8] =
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

/// The records a file can be attached to, created straight in the database (the
/// health function owns their API).
pub struct Records {
    pub visit: Uuid,
    pub measurement: Uuid,
    pub illness: Uuid,
}

impl TestApp {
    pub async fn create_records(&self, child: Uuid) -> Records {
        let db = self.db().await;
        let id = |sql: &'static str| {
            let db = &db;
            async move {
                db.query_one(sql, &[&child])
                    .await
                    .unwrap()
                    .get::<_, Uuid>(0)
            }
        };
        Records {
            visit: id("insert into visits (child_id, visit_type, visit_date, title, notes)
                        values ($1, 'wellness', '2025-01-15', 'One-year check', 'Said \"hello\", then slept')
                        returning id")
            .await,
            measurement: id("insert into measurements (child_id, measured_on, weight_kg, height_cm)
                              values ($1, '2025-01-15', 8.95, 74.0) returning id")
            .await,
            illness: id("insert into illnesses (child_id, illness_types, start_date, symptoms, severity)
                          values ($1, '{cold}', '2025-02-01', 'runny nose', 3) returning id")
            .await,
        }
    }

    /// Asks for an upload ticket and PUTs `bytes` to it, as the browser does.
    pub async fn upload_file(
        &self,
        token: &str,
        owner: (&str, Uuid),
        filename: &str,
        content_type: &str,
        bytes: &[u8],
    ) -> Value {
        let ticket = self
            .post_as(
                "/api/attachments/upload",
                token,
                json!({"owner_type": owner.0, "owner_id": owner.1, "filename": filename,
                       "content_type": content_type, "size": bytes.len()}),
            )
            .await;
        let status = ticket.status();
        let ticket = body(ticket).await;
        assert_eq!(status, StatusCode::OK, "{ticket}");
        let put = self
            .http
            .put(ticket["data"]["upload_url"].as_str().unwrap())
            .header("content-type", content_type)
            .body(bytes.to_vec())
            .send()
            .await
            .unwrap();
        assert!(put.status().is_success(), "upload failed: {}", put.status());
        ticket["data"].clone()
    }

    /// Uploads and confirms a file; returns the attachment and its storage key.
    pub async fn attach(
        &self,
        token: &str,
        owner: (&str, Uuid),
        filename: &str,
        content_type: &str,
        bytes: &[u8],
    ) -> (Value, String) {
        let ticket = self
            .upload_file(token, owner, filename, content_type, bytes)
            .await;
        let key = ticket["key"].as_str().unwrap().to_string();
        let confirmed = self
            .post_as(
                "/api/attachments",
                token,
                json!({"key": key, "owner_type": owner.0, "owner_id": owner.1, "filename": filename}),
            )
            .await;
        let status = confirmed.status();
        let json = body(confirmed).await;
        assert_eq!(status, StatusCode::CREATED, "{json}");
        (json["data"].clone(), key)
    }

    /// Follows an attachment's redirect; answers the Content-Disposition and bytes.
    pub async fn download(&self, id: &str, token: &str) -> (String, Vec<u8>) {
        let redirect = self.get(&format!("/api/attachments/{id}"), token).await;
        assert_eq!(redirect.status(), StatusCode::FOUND);
        let location = redirect.headers()["location"].to_str().unwrap().to_string();
        let file = self.http.get(&location).send().await.unwrap();
        assert_eq!(file.status(), StatusCode::OK);
        let disposition = response_disposition(&file, &location);
        (disposition, file.bytes().await.unwrap().to_vec())
    }
}

/// The Content-Disposition a presigned GET answers with. S3 sets it from the
/// signed `response-content-disposition` parameter; the emulator ignores that
/// parameter, so the signed value is read from the URL when the header is absent.
pub fn response_disposition(response: &reqwest::Response, url: &str) -> String {
    if let Some(header) = response.headers().get("content-disposition") {
        return header.to_str().unwrap().to_string();
    }
    reqwest::Url::parse(url)
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == "response-content-disposition")
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

async fn audit_actions(app: &TestApp, id: &str) -> Vec<(String, Uuid, Uuid)> {
    let id: Uuid = id.parse().unwrap();
    app.db()
        .await
        .query(
            "select action, actor_id, scope_id from audit_events
             where entity_type = 'attachment' and entity_id = $1 order by created_at",
            &[&id],
        )
        .await
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect()
}

#[tokio::test]
async fn a_file_goes_straight_to_storage_is_checked_listed_and_downloaded_under_its_name() {
    let app = spawn_app().await;
    let f = app.family_fixture().await;
    let records = app.create_records(f.child).await;
    let name = "Lab results (März).pdf";
    let ticket = app
        .upload_file(
            &f.parent.access,
            ("visit", records.visit),
            name,
            "application/pdf",
            PDF,
        )
        .await;
    let key = ticket["key"].as_str().unwrap();
    assert!(
        key.starts_with(&format!("attachments/{}/", f.child)),
        "{key}"
    );
    assert!(!key.contains("Lab") && !key.contains(".pdf"), "{key}");

    let confirmed = app
        .post_as(
            "/api/attachments",
            &f.parent.access,
            json!({"key": key, "owner_type": "visit", "owner_id": records.visit,
                   "filename": name, "document_type": "lab result"}),
        )
        .await;
    assert_eq!(confirmed.status(), StatusCode::CREATED);
    let attachment = body(confirmed).await["data"].clone();
    assert_eq!(attachment["filename"], name);
    assert_eq!(attachment["content_type"], "application/pdf");
    assert_eq!(attachment["size_bytes"], PDF.len());
    assert_eq!(attachment["document_type"], "lab result");
    assert_eq!(attachment["owner_type"], "visit");
    assert_eq!(attachment["child_id"], f.child.to_string());
    assert_eq!(attachment["uploaded_by"], f.parent.id.to_string());
    assert!(attachment.get("object_key").is_none(), "keys stay private");

    for path in [
        format!("/api/visits/{}/attachments", records.visit),
        format!("/api/children/{}/attachments", f.child),
    ] {
        let listed = body(app.get(&path, &f.reader.access).await).await;
        assert_eq!(listed["meta"]["total"], 1, "{path}: {listed}");
        assert_eq!(listed["data"][0]["id"], attachment["id"]);
    }
    let other_visit = body(
        app.get(
            &format!("/api/illnesses/{}/attachments", records.illness),
            &f.owner.access,
        )
        .await,
    )
    .await;
    assert_eq!(other_visit["meta"]["total"], 0);

    let id = attachment["id"].as_str().unwrap();
    let (disposition, bytes) = app.download(id, &f.reader.access).await;
    assert_eq!(bytes, PDF);
    assert!(
        disposition.contains("filename*=UTF-8''Lab%20results%20%28M%C3%A4rz%29.pdf"),
        "{disposition}"
    );

    let audit = audit_actions(&app, id).await;
    assert_eq!(audit, vec![("create".to_string(), f.parent.id, f.child)]);
}

#[tokio::test]
async fn uploads_refuse_wrong_types_sizes_names_and_keys() {
    let app = spawn_app().await;
    let f = app.family_fixture().await;
    let records = app.create_records(f.child).await;
    let ask = |content_type: &str, size: usize, filename: &str| {
        json!({"owner_type": "child", "owner_id": f.child, "filename": filename,
               "content_type": content_type, "size": size})
    };
    let cases = [
        (
            ask("text/html", 100, "a.html"),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "UNSUPPORTED_MEDIA_TYPE",
        ),
        (
            ask("image/gif", 100, "a.gif"),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "UNSUPPORTED_MEDIA_TYPE",
        ),
        (
            ask("application/pdf", 25 * 1024 * 1024 + 1, "big.pdf"),
            StatusCode::PAYLOAD_TOO_LARGE,
            "FILE_TOO_LARGE",
        ),
        (
            ask("application/pdf", 0, "empty.pdf"),
            StatusCode::UNPROCESSABLE_ENTITY,
            "VALIDATION_FAILED",
        ),
        (
            ask("application/pdf", 10, "../../etc/passwd"),
            StatusCode::UNPROCESSABLE_ENTITY,
            "VALIDATION_FAILED",
        ),
        (
            ask("application/pdf", 10, ""),
            StatusCode::UNPROCESSABLE_ENTITY,
            "VALIDATION_FAILED",
        ),
        (
            json!({"owner_type": "family", "owner_id": f.family, "filename": "a.pdf",
                "content_type": "application/pdf", "size": 10}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "INVALID_BODY",
        ),
    ];
    for (input, status, code) in cases {
        let response = app
            .post_as("/api/attachments/upload", &f.owner.access, input.clone())
            .await;
        expect_error(response, status, code).await;
    }

    let confirm = |key: &Value, owner_type: &str, owner_id: Uuid| json!({"key": key, "owner_type": owner_type, "owner_id": owner_id, "filename": "scan.pdf"});
    // Announced but never uploaded.
    let ticket = body(
        app.post_as(
            "/api/attachments/upload",
            &f.owner.access,
            ask("application/pdf", PDF.len(), "scan.pdf"),
        )
        .await,
    )
    .await;
    let never = app
        .post_as(
            "/api/attachments",
            &f.owner.access,
            confirm(&ticket["data"]["key"], "child", f.child),
        )
        .await;
    expect_error(never, StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_FAILED").await;
    // A key never issued, and a key issued for another record of the same child.
    let invented = app
        .post_as(
            "/api/attachments",
            &f.owner.access,
            confirm(
                &json!(format!("attachments/{}/x", f.child)),
                "child",
                f.child,
            ),
        )
        .await;
    expect_error(invented, StatusCode::NOT_FOUND, "UPLOAD_NOT_FOUND").await;
    let for_visit = app
        .upload_file(
            &f.owner.access,
            ("visit", records.visit),
            "scan.pdf",
            "application/pdf",
            PDF,
        )
        .await;
    let wrong_record = app
        .post_as(
            "/api/attachments",
            &f.owner.access,
            confirm(&for_visit["key"], "child", f.child),
        )
        .await;
    expect_error(wrong_record, StatusCode::NOT_FOUND, "UPLOAD_NOT_FOUND").await;

    // Another family's uploaded key, claimed for our child or for theirs.
    let theirs = app
        .upload_file(
            &f.outsider.access,
            ("child", f.other_child),
            "x.pdf",
            "application/pdf",
            PDF,
        )
        .await;
    let stolen = app
        .post_as(
            "/api/attachments",
            &f.owner.access,
            confirm(&theirs["key"], "child", f.child),
        )
        .await;
    expect_error(stolen, StatusCode::NOT_FOUND, "UPLOAD_NOT_FOUND").await;
    let into_theirs = app
        .post_as(
            "/api/attachments",
            &f.owner.access,
            confirm(&theirs["key"], "child", f.other_child),
        )
        .await;
    expect_error(into_theirs, StatusCode::NOT_FOUND, "NOT_FOUND").await;

    // Announced as PDF, but the bytes are HTML: refused and removed.
    let fake = app
        .upload_file(
            &f.owner.access,
            ("child", f.child),
            "scan.pdf",
            "application/pdf",
            b"<html><script>alert(1)</script></html>",
        )
        .await;
    let refused = app
        .post_as(
            "/api/attachments",
            &f.owner.access,
            confirm(&fake["key"], "child", f.child),
        )
        .await;
    expect_error(
        refused,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "UNSUPPORTED_MEDIA_TYPE",
    )
    .await;
    let storage = Storage::new(&app.state);
    assert!(
        storage
            .head(fake["key"].as_str().unwrap())
            .await
            .unwrap()
            .is_none()
    );
    let again = app
        .post_as(
            "/api/attachments",
            &f.owner.access,
            confirm(&fake["key"], "child", f.child),
        )
        .await;
    expect_error(again, StatusCode::NOT_FOUND, "UPLOAD_NOT_FOUND").await;

    // A confirmed key cannot be confirmed twice.
    let (_, key) = app
        .attach(
            &f.owner.access,
            ("child", f.child),
            "ok.png",
            "image/png",
            PNG,
        )
        .await;
    let twice = app
        .post_as(
            "/api/attachments",
            &f.owner.access,
            confirm(&json!(key), "child", f.child),
        )
        .await;
    expect_error(twice, StatusCode::NOT_FOUND, "UPLOAD_NOT_FOUND").await;
    let listed = body(
        app.get(
            &format!("/api/children/{}/attachments", f.child),
            &f.owner.access,
        )
        .await,
    )
    .await;
    assert_eq!(listed["meta"]["total"], 1, "only the real file: {listed}");
}

#[tokio::test]
async fn attachments_are_renamed_and_deleted_with_their_file() {
    let app = spawn_app().await;
    let f = app.family_fixture().await;
    let (attachment, key) = app
        .attach(
            &f.owner.access,
            ("child", f.child),
            "IMG_0001.png",
            "image/png",
            PNG,
        )
        .await;
    let id = attachment["id"].as_str().unwrap();
    let path = format!("/api/attachments/{id}");

    for bad in [
        "",
        "a/b.png",
        "a\\b.png",
        "line\nbreak.png",
        "..",
        &"x".repeat(256),
    ] {
        let response = app
            .patch_as(&path, &f.parent.access, json!({"filename": bad}))
            .await;
        let json = expect_error(
            response,
            StatusCode::UNPROCESSABLE_ENTITY,
            "VALIDATION_FAILED",
        )
        .await;
        assert!(json["details"]["filename"].is_string(), "{bad:?}: {json}");
    }
    let renamed = app
        .patch_as(
            &path,
            &f.parent.access,
            json!({"filename": " Rash, day 2.png ", "document_type": "photo",
                   "updated_at": attachment["updated_at"]}),
        )
        .await;
    assert_eq!(renamed.status(), StatusCode::OK);
    let renamed = body(renamed).await["data"].clone();
    assert_eq!(renamed["filename"], "Rash, day 2.png");
    assert_eq!(renamed["document_type"], "photo");
    let stale = app
        .patch_as(
            &path,
            &f.owner.access,
            json!({"filename": "x.png", "updated_at": attachment["updated_at"]}),
        )
        .await;
    expect_error(stale, StatusCode::CONFLICT, "STALE").await;
    let (disposition, bytes) = app.download(id, &f.owner.access).await;
    assert!(
        disposition.contains("Rash%2C%20day%202.png"),
        "{disposition}"
    );
    assert_eq!(bytes, PNG);

    let storage = Storage::new(&app.state);
    assert!(storage.head(&key).await.unwrap().is_some());
    assert_eq!(
        app.delete_as(&path, &f.parent.access).await.status(),
        StatusCode::NO_CONTENT
    );
    assert!(
        storage.head(&key).await.unwrap().is_none(),
        "the file is gone"
    );
    expect_error(
        app.get(&path, &f.owner.access).await,
        StatusCode::NOT_FOUND,
        "NOT_FOUND",
    )
    .await;
    let actions: Vec<String> = audit_actions(&app, id)
        .await
        .into_iter()
        .map(|(action, actor, scope)| {
            assert_eq!(scope, f.child);
            let _ = actor;
            action
        })
        .collect();
    assert_eq!(actions, ["create", "update", "delete"]);
}

#[tokio::test]
async fn files_of_a_deleted_record_stay_reachable_under_the_child() {
    let app = spawn_app().await;
    let f = app.family_fixture().await;
    let records = app.create_records(f.child).await;
    let (attachment, _) = app
        .attach(
            &f.owner.access,
            ("measurement", records.measurement),
            "growth chart.pdf",
            "application/pdf",
            PDF,
        )
        .await;
    app.db()
        .await
        .execute(
            "delete from measurements where id = $1",
            &[&records.measurement],
        )
        .await
        .unwrap();
    expect_error(
        app.get(
            &format!("/api/measurements/{}/attachments", records.measurement),
            &f.owner.access,
        )
        .await,
        StatusCode::NOT_FOUND,
        "NOT_FOUND",
    )
    .await;
    let listed = body(
        app.get(
            &format!("/api/children/{}/attachments", f.child),
            &f.reader.access,
        )
        .await,
    )
    .await;
    assert_eq!(listed["data"][0]["id"], attachment["id"]);
    assert_eq!(listed["data"][0]["owner_type"], "measurement");
    let (_, bytes) = app
        .download(attachment["id"].as_str().unwrap(), &f.reader.access)
        .await;
    assert_eq!(bytes, PDF);
}

/// What a role gets on a route: owners and parents succeed, readers read only.
fn expected(role: &str, write: bool, success: StatusCode) -> (StatusCode, Option<&'static str>) {
    match role {
        "outsider" => (StatusCode::NOT_FOUND, Some("NOT_FOUND")),
        "read_only" if write => (StatusCode::FORBIDDEN, Some("READ_ONLY")),
        _ => (success, None),
    }
}

async fn check(
    response: reqwest::Response,
    role: &str,
    write: bool,
    success: StatusCode,
    what: &str,
) {
    let (status, code) = expected(role, write, success);
    let actual = response.status();
    let json = body(response).await;
    assert_eq!(actual, status, "{what} as {role}: {json}");
    if let Some(code) = code {
        assert_eq!(json["code"], code, "{what} as {role}: {json}");
    }
}

#[tokio::test]
async fn every_attachment_route_checks_membership_and_role() {
    let app = spawn_app().await;
    let f: FamilyFixture = app.family_fixture().await;
    let r = app.create_records(f.child).await;
    let owners = [
        ("child", f.child),
        ("visit", r.visit),
        ("measurement", r.measurement),
        ("illness", r.illness),
    ];
    let (attachment, _) = app
        .attach(
            &f.owner.access,
            ("illness", r.illness),
            "a.pdf",
            "application/pdf",
            PDF,
        )
        .await;
    let item = format!("/api/attachments/{}", attachment["id"].as_str().unwrap());

    let mut reads = vec![item.clone()];
    for (kind, id) in owners {
        let plural = match kind {
            "child" => "children",
            "visit" => "visits",
            "measurement" => "measurements",
            _ => "illnesses",
        };
        reads.push(format!("/api/{plural}/{id}/attachments"));
    }
    for path in &reads {
        for (user, role) in f.cast() {
            let success = if path == &item {
                StatusCode::FOUND
            } else {
                StatusCode::OK
            };
            check(
                app.get(path, &user.access).await,
                role,
                false,
                success,
                path,
            )
            .await;
        }
    }

    for (kind, id) in owners {
        let ask = json!({"owner_type": kind, "owner_id": id, "filename": "a.pdf",
                         "content_type": "application/pdf", "size": PDF.len()});
        for (user, role) in f.cast() {
            let response = app
                .post_as("/api/attachments/upload", &user.access, ask.clone())
                .await;
            check(
                response,
                role,
                true,
                StatusCode::OK,
                &format!("upload to {kind}"),
            )
            .await;
        }
    }

    let ticket = app
        .upload_file(
            &f.owner.access,
            ("visit", r.visit),
            "b.pdf",
            "application/pdf",
            PDF,
        )
        .await;
    let confirm = json!({"key": ticket["key"], "owner_type": "visit", "owner_id": r.visit, "filename": "b.pdf"});
    for (user, role) in [
        (&f.reader, "read_only"),
        (&f.outsider, "outsider"),
        (&f.parent, "parent"),
    ] {
        let response = app
            .post_as("/api/attachments", &user.access, confirm.clone())
            .await;
        check(response, role, true, StatusCode::CREATED, "confirm").await;
    }

    for (user, role) in f.cast() {
        let response = app
            .patch_as(
                &item,
                &user.access,
                json!({"filename": format!("{role}.pdf")}),
            )
            .await;
        check(response, role, true, StatusCode::OK, "rename").await;
    }
    for (user, role) in [
        (&f.reader, "read_only"),
        (&f.outsider, "outsider"),
        (&f.parent, "parent"),
    ] {
        check(
            app.delete_as(&item, &user.access).await,
            role,
            true,
            StatusCode::NO_CONTENT,
            "delete",
        )
        .await;
    }

    // Nobody is let in without a token.
    let anonymous = [
        app.http
            .post(app.url("/api/attachments/upload"))
            .json(&json!({}))
            .send()
            .await
            .unwrap(),
        app.http
            .post(app.url("/api/attachments"))
            .json(&confirm)
            .send()
            .await
            .unwrap(),
        app.http
            .patch(app.url(&item))
            .json(&json!({"filename": "x.pdf"}))
            .send()
            .await
            .unwrap(),
        app.http.delete(app.url(&item)).send().await.unwrap(),
        app.http.get(app.url(&item)).send().await.unwrap(),
    ];
    for response in anonymous {
        expect_error(response, StatusCode::UNAUTHORIZED, "UNAUTHENTICATED").await;
    }
    for path in &reads {
        let response = app.http.get(app.url(path)).send().await.unwrap();
        expect_error(response, StatusCode::UNAUTHORIZED, "UNAUTHENTICATED").await;
    }
}
