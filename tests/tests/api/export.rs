//! Trajectory: export, through the HTTP API and the export queue.

use std::io::{Cursor, Read};

use aws_lambda_events::event::sqs::{SqsEvent, SqsMessage};
use reqwest::StatusCode;
use serde_json::{Value, json};
use shared::storage::Storage;
use uuid::Uuid;

use crate::attachments::PDF;
use crate::children::PNG;
use crate::helpers::*;

/// Starts an export as `token` and answers its id.
pub async fn start_export(app: &TestApp, token: &str, family: Uuid) -> String {
    // Archives are uploaded in parts: keep the emulator's state page working.
    crate::uploads::let_the_emulator_hold_parts(app).await;
    let response = app
        .post_as("/api/export", token, json!({"family_id": family}))
        .await;
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    let json = body(response).await;
    assert_eq!(json["data"]["status"], "queued", "{json}");
    assert_eq!(json["data"]["progress"], 0);
    json["data"]["id"].as_str().unwrap().to_string()
}

/// Polls the export until it is ready or failed (at most 60 s).
pub async fn wait_for_export(app: &TestApp, token: &str, id: &str) -> Value {
    wait_until_finished(app, token, &format!("/api/export/{id}")).await
}

/// How many seconds a presigned link works (its `X-Amz-Expires`).
pub fn link_lifetime(url: &str) -> u64 {
    reqwest::Url::parse(url)
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == "X-Amz-Expires")
        .map(|(_, v)| v.parse().unwrap())
        .expect("a presigned link")
}

/// Asks the API for the archive as `token`: the link it redirects to.
pub async fn download_link(app: &TestApp, token: &str, export: &Value) -> String {
    let id = export["id"].as_str().unwrap();
    let redirect = app.get(&format!("/api/export/{id}/download"), token).await;
    assert_eq!(redirect.status(), StatusCode::FOUND);
    assert_eq!(redirect.headers()["cache-control"], "private, no-store");
    let url = redirect.headers()["location"].to_str().unwrap().to_string();
    assert!(link_lifetime(&url) <= 300, "a link for minutes: {url}");
    url
}

/// Asserts that downloading export `id` as `token` is refused with `status` and `code`.
pub async fn expect_download_refused(
    app: &TestApp,
    token: &str,
    id: impl std::fmt::Display,
    status: StatusCode,
    code: &str,
) {
    let path = format!("/api/export/{id}/download");
    expect_error(app.get(&path, token).await, status, code).await;
}

/// Records an export of `family` requested by `by` without queueing a job, for
/// a worker the test runs itself.
pub async fn insert_export(app: &TestApp, family: Uuid, by: Uuid) -> Uuid {
    app.db()
        .await
        .query_one(
            "insert into exports (family_id, requested_by) values ($1, $2) returning id",
            &[&family, &by],
        )
        .await
        .unwrap()
        .get(0)
}

/// Downloads the archive as `token` through a link issued for this download,
/// and opens it.
pub async fn download_archive(
    app: &TestApp,
    token: &str,
    export: &Value,
) -> zip::ZipArchive<Cursor<Vec<u8>>> {
    let url = download_link(app, token, export).await;
    let response = app.http.get(&url).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let disposition = crate::attachments::response_disposition(&response, &url);
    assert!(
        disposition.contains(export["filename"].as_str().unwrap()),
        "{disposition}"
    );
    let bytes = response.bytes().await.unwrap().to_vec();
    zip::ZipArchive::new(Cursor::new(bytes)).expect("a valid ZIP archive")
}

pub fn read(archive: &mut zip::ZipArchive<Cursor<Vec<u8>>>, name: &str) -> Vec<u8> {
    let mut file = archive
        .by_name(name)
        .unwrap_or_else(|_| panic!("{name} is in the archive"));
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes).unwrap();
    bytes
}

pub fn text(archive: &mut zip::ZipArchive<Cursor<Vec<u8>>>, name: &str) -> String {
    String::from_utf8(read(archive, name)).unwrap()
}

type Stamp = chrono::DateTime<chrono::Utc>;

/// When an export was completed and last changed.
async fn finished_at(db: &tokio_postgres::Client, id: Uuid) -> (Stamp, Stamp) {
    let row = db
        .query_one(
            "select completed_at, updated_at from exports where id = $1",
            &[&id],
        )
        .await
        .unwrap();
    (row.get(0), row.get(1))
}

#[tokio::test]
async fn an_owner_exports_the_family_and_downloads_a_complete_archive() {
    let app = spawn_app().await;
    let f = app.family_fixture().await;
    let records = app.create_records(f.child).await;
    app.db()
        .await
        .execute(
            "insert into medical_events (child_id, kind, name, event_date) values ($1, 'vaccine', 'MMR', '2025-01-20')",
            &[&f.child],
        )
        .await
        .unwrap();
    let bob = app
        .create_child(&f.parent, f.family, "<b>Bob</b>", "2025-05-01", "male")
        .await;
    let avatar = app
        .post_as(
            &format!("/api/children/{}/avatar/upload", f.child),
            &f.owner.access,
            json!({"content_type": "image/png", "size": PNG.len()}),
        )
        .await;
    let avatar = body(avatar).await["data"].clone();
    app.http
        .put(avatar["upload_url"].as_str().unwrap())
        .header("content-type", "image/png")
        .body(PNG.to_vec())
        .send()
        .await
        .unwrap();
    let set = app
        .put_as(
            &format!("/api/children/{}/avatar", f.child),
            &f.owner.access,
            json!({"key": avatar["key"]}),
        )
        .await;
    assert_eq!(set.status(), StatusCode::OK);
    for owner in [("visit", records.visit), ("child", f.child)] {
        app.attach(
            &f.parent.access,
            owner,
            "Lab results.pdf",
            "application/pdf",
            PDF,
        )
        .await;
    }

    let id = start_export(&app, &f.owner.access, f.family).await;
    let export = wait_for_export(&app, &f.owner.access, &id).await;
    assert_eq!(export["status"], "ready", "{export}");
    assert_eq!(export["progress"], 100);
    assert_eq!(export["warning"], Value::Null);
    let today = chrono::Utc::now().date_naive();
    assert_eq!(export["filename"], format!("the-lovelaces-{today}.zip"));
    // The presigned link itself names the file, so storage that honours
    // `response-content-disposition` saves it as `<family>-<date>.zip`.
    let link = download_link(&app, &f.owner.access, &export).await;
    let disposition = reqwest::Url::parse(&link)
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == "response-content-disposition")
        .map(|(_, v)| v.into_owned());
    assert_eq!(
        disposition.as_deref(),
        Some(
            format!(
                "attachment; filename=\"the-lovelaces-{today}.zip\"; \
                 filename*=UTF-8''the-lovelaces-{today}.zip"
            )
            .as_str()
        )
    );
    let key = format!("exports/{}/{id}.zip", f.family);
    assert!(Storage::new(&app.state).head(&key).await.unwrap().is_some());

    assert!(
        export.get("download_url").is_none(),
        "no link to storage comes with the status"
    );
    let completed: chrono::DateTime<chrono::Utc> =
        export["completed_at"].as_str().unwrap().parse().unwrap();
    let expires: chrono::DateTime<chrono::Utc> =
        export["expires_at"].as_str().unwrap().parse().unwrap();
    assert_eq!(
        expires - completed,
        chrono::Duration::days(7),
        "kept a week"
    );
    let mut archive = download_archive(&app, &f.owner.access, &export).await;
    let names: Vec<String> = archive
        .file_names()
        .map(|n| n.unwrap().to_string())
        .collect();
    for expected in [
        "data.json",
        "report.html",
        "children.csv",
        "visits.csv",
        "measurements.csv",
        "medical_events.csv",
        "illnesses.csv",
        "attachments.csv",
        "history.csv",
        "files/Ada/avatar.png",
        "files/Ada/Lab results.pdf",
        "files/Ada/Lab results (2).pdf",
    ] {
        assert!(
            names.iter().any(|n| n == expected),
            "{expected} missing from {names:?}"
        );
    }
    assert!(!names.iter().any(|n| n == "MISSING_FILES.txt"));
    assert_eq!(read(&mut archive, "files/Ada/Lab results.pdf"), PDF);
    assert_eq!(read(&mut archive, "files/Ada/avatar.png"), PNG);

    let raw = text(&mut archive, "data.json");
    assert!(
        !raw.contains("password") && !raw.contains("$argon2"),
        "no secrets"
    );
    assert!(
        !raw.contains(avatar["key"].as_str().unwrap()),
        "no storage keys"
    );
    let data: Value = serde_json::from_str(&raw).unwrap();
    assert_eq!(data["family"]["name"], "The Lovelaces");
    let roles: Vec<&str> = data["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["role"].as_str().unwrap())
        .collect();
    assert_eq!(roles, ["owner", "parent", "read_only"]);
    assert_eq!(data["members"][0]["username"], f.owner.username.as_str());
    assert_eq!(data["children"].as_array().unwrap().len(), 2);
    assert_eq!(data["children"][0]["avatar_file"], "files/Ada/avatar.png");
    assert_eq!(data["visits"][0]["notes"], "Said \"hello\", then slept");
    assert_eq!(data["illnesses"][0]["illness_types"], json!(["cold"]));
    assert_eq!(data["medical_events"][0]["name"], "MMR");
    let measurement = &data["measurements"][0];
    assert_eq!(measurement["weight_kg"], 8.95);
    let percentile = measurement["growth"]["weight_for_age"]["percentile"]
        .as_f64()
        .unwrap();
    assert!(
        (40.0..60.0).contains(&percentile),
        "a median one-year-old girl: {percentile}"
    );
    let files: Vec<&str> = data["attachments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["file"].as_str().unwrap())
        .collect();
    assert_eq!(
        files,
        ["files/Ada/Lab results.pdf", "files/Ada/Lab results (2).pdf"]
    );
    let history = data["history"].as_array().unwrap();
    assert!(history.iter().any(|e| e["entity_type"] == "child"
        && e["entity_id"] == bob.to_string()
        && e["actor"] == f.parent.username.as_str()));
    assert_eq!(
        history
            .iter()
            .filter(|e| e["entity_type"] == "attachment")
            .count(),
        2
    );

    let visits = text(&mut archive, "visits.csv");
    let lines: Vec<&str> = visits.lines().collect();
    assert_eq!(lines.len(), 2, "{visits}");
    assert!(lines[0].starts_with("child,id,visit_date"));
    assert!(
        lines[1].starts_with(&format!("Ada,{},2025-01-15", records.visit)),
        "{visits}"
    );
    assert!(
        lines[1].contains("\"Said \"\"hello\"\", then slept\""),
        "{visits}"
    );
    let measurements = text(&mut archive, "measurements.csv");
    assert!(measurements.contains(",weight_for_age_percentile,"));
    assert_eq!(measurements.lines().count(), 2);

    let report = text(&mut archive, "report.html");
    assert!(report.contains("<h2>Ada</h2>"));
    assert!(report.contains("&lt;b&gt;Bob&lt;/b&gt;") && !report.contains("<b>Bob</b>"));
    assert!(report.contains("Weight-for-age P"));
    assert!(
        report.contains(&format!("{percentile:.1}")),
        "the percentile is printed"
    );
    assert!(
        !report.contains("<script") && !report.contains("http"),
        "self-contained"
    );

    let listed = body(
        app.get(
            &format!("/api/export?family_id={}", f.family),
            &f.parent.access,
        )
        .await,
    )
    .await;
    assert_eq!(listed["meta"]["total"], 1);
    assert_eq!(listed["data"][0]["id"], id.as_str());

    // A redelivered job finds the export ready and does not rebuild it.
    let db = app.db().await;
    let payload: Value = db
        .query_one("select payload from outbox where queue = 'export'", &[])
        .await
        .unwrap()
        .get(0);
    let export_id: Uuid = id.parse().unwrap();
    let before = finished_at(&db, export_id).await;
    let mut message = SqsMessage::default();
    message.message_id = Some("redelivered".into());
    message.body = Some(payload.to_string());
    let mut event = SqsEvent::default();
    event.records = vec![message];
    let response = export_worker::handle(&app.state, event).await;
    assert!(response.batch_item_failures.is_empty());
    assert_eq!(finished_at(&db, export_id).await, before, "not rebuilt");
}

#[tokio::test]
async fn exports_are_for_owners_and_parents_of_the_family() {
    let app = spawn_app().await;
    let f = app.family_fixture().await;
    let start = json!({"family_id": f.family});
    expect_error(
        app.post_as("/api/export", &f.reader.access, start.clone())
            .await,
        StatusCode::FORBIDDEN,
        "READ_ONLY",
    )
    .await;
    expect_error(
        app.post_as("/api/export", &f.outsider.access, start.clone())
            .await,
        StatusCode::NOT_FOUND,
        "NOT_FOUND",
    )
    .await;
    let anonymous = app
        .http
        .post(app.url("/api/export"))
        .json(&start)
        .send()
        .await
        .unwrap();
    expect_error(anonymous, StatusCode::UNAUTHORIZED, "UNAUTHENTICATED").await;

    let id = start_export(&app, &f.parent.access, f.family).await;
    let path = format!("/api/export/{id}");
    let list = format!("/api/export?family_id={}", f.family);
    for url in [&path, &list] {
        expect_error(
            app.get(url, &f.reader.access).await,
            StatusCode::FORBIDDEN,
            "READ_ONLY",
        )
        .await;
        expect_error(
            app.get(url, &f.outsider.access).await,
            StatusCode::NOT_FOUND,
            "NOT_FOUND",
        )
        .await;
        let anonymous = app.http.get(app.url(url)).send().await.unwrap();
        expect_error(anonymous, StatusCode::UNAUTHORIZED, "UNAUTHENTICATED").await;
        assert_eq!(app.get(url, &f.owner.access).await.status(), StatusCode::OK);
    }
    expect_error(
        app.get(&format!("/api/export/{}", Uuid::new_v4()), &f.owner.access)
            .await,
        StatusCode::NOT_FOUND,
        "NOT_FOUND",
    )
    .await;
    let ready = wait_for_export(&app, &f.owner.access, &id).await;
    assert_eq!(ready["status"], "ready");
    let download = format!("/api/export/{id}/download");
    expect_error(
        app.get(&download, &f.reader.access).await,
        StatusCode::FORBIDDEN,
        "READ_ONLY",
    )
    .await;
    expect_error(
        app.get(&download, &f.outsider.access).await,
        StatusCode::NOT_FOUND,
        "NOT_FOUND",
    )
    .await;
    let anonymous = app.http.get(app.url(&download)).send().await.unwrap();
    expect_error(anonymous, StatusCode::UNAUTHORIZED, "UNAUTHENTICATED").await;
    download_link(&app, &f.parent.access, &ready).await;

    // The outsider's own export is theirs alone.
    let theirs = start_export(&app, &f.outsider.access, f.other_family).await;
    expect_error(
        app.get(&format!("/api/export/{theirs}"), &f.owner.access)
            .await,
        StatusCode::NOT_FOUND,
        "NOT_FOUND",
    )
    .await;
}

#[tokio::test]
async fn a_file_missing_from_storage_leaves_a_complete_archive_with_a_warning() {
    let app = spawn_app().await;
    let f = app.family_fixture().await;
    let (_, lost) = app
        .attach(
            &f.owner.access,
            ("child", f.child),
            "lost scan.pdf",
            "application/pdf",
            PDF,
        )
        .await;
    app.attach(
        &f.owner.access,
        ("child", f.child),
        "kept.png",
        "image/png",
        PNG,
    )
    .await;
    Storage::new(&app.state).delete(&lost).await.unwrap();

    let id = start_export(&app, &f.owner.access, f.family).await;
    let export = wait_for_export(&app, &f.owner.access, &id).await;
    assert_eq!(export["status"], "ready", "{export}");
    assert!(
        export["warning"].as_str().unwrap().contains("1 file"),
        "{export}"
    );
    let mut archive = download_archive(&app, &f.owner.access, &export).await;
    assert_eq!(read(&mut archive, "files/Ada/kept.png"), PNG);
    assert!(archive.by_name("files/Ada/lost scan.pdf").is_err());
    assert!(text(&mut archive, "MISSING_FILES.txt").contains("Ada: lost scan.pdf"));
    let data: Value = serde_json::from_str(&text(&mut archive, "data.json")).unwrap();
    let lost = data["attachments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["filename"] == "lost scan.pdf")
        .unwrap();
    assert_eq!(lost["missing"], true);
    assert_eq!(lost["file"], Value::Null);
    assert!(text(&mut archive, "report.html").contains("missing from storage"));
}

#[tokio::test]
async fn an_export_that_cannot_reach_storage_fails_with_a_clear_error() {
    let app = spawn_app().await;
    let f = app.family_fixture().await;
    // The worker runs against a bucket that does not exist: every upload fails.
    let mut config = (*app.state.config).clone();
    config.media_bucket = format!("missing-{}", Uuid::new_v4().simple());
    let broken = shared::AppState::new(config, app.state.aws.clone()).unwrap();
    let export = insert_export(&app, f.family, f.owner.id).await;
    let job = shared::jobs::Job::new(shared::jobs::JobKind::Export(shared::jobs::ExportJob {
        export_id: export,
    }));
    let mut message = SqsMessage::default();
    message.message_id = Some("m1".into());
    message.body = Some(serde_json::to_string(&job).unwrap());
    let mut event = SqsEvent::default();
    event.records = vec![message];
    let response = export_worker::handle(&broken, event).await;
    assert!(
        response.batch_item_failures.is_empty(),
        "a failed export is final, not retried"
    );

    let json = body(
        app.get(&format!("/api/export/{export}"), &f.owner.access)
            .await,
    )
    .await;
    assert_eq!(json["data"]["status"], "failed", "{json}");
    let error = json["data"]["error"].as_str().unwrap();
    assert!(
        error.contains("unavailable") && error.contains("try again"),
        "{error}"
    );
    assert!(!error.contains("missing-"), "no internals: {error}");
    assert_eq!(json["data"]["filename"], Value::Null);
    expect_download_refused(
        &app,
        &f.owner.access,
        export,
        StatusCode::CONFLICT,
        "EXPORT_NOT_READY",
    )
    .await;
    // A new export can be started after a failure.
    let again = start_export(&app, &f.owner.access, f.family).await;
    assert_ne!(again, export.to_string());
}

#[tokio::test]
async fn deleting_a_family_deletes_its_export_archives() {
    let app = spawn_app().await;
    let owner = app.register("leaving").await;
    let family = app.create_family(&owner, "Short-lived").await;
    let id = start_export(&app, &owner.access, family).await;
    wait_for_export(&app, &owner.access, &id).await;
    let key: String = app
        .db()
        .await
        .query_one(
            "select object_key from exports where family_id = $1",
            &[&family],
        )
        .await
        .unwrap()
        .get(0);
    let storage = shared::storage::Storage::new(&app.state);
    assert!(storage.head(&key).await.unwrap().is_some());

    let deleted = app
        .delete_as(&format!("/api/families/{family}"), &owner.access)
        .await;
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    assert!(
        storage.head(&key).await.unwrap().is_none(),
        "the archive left with the family"
    );
}

#[tokio::test]
async fn a_job_for_an_export_that_is_already_ready_does_nothing_even_once_its_record_is_gone() {
    let app = spawn_app().await;
    let f = app.family_fixture().await;
    let id = start_export(&app, &f.owner.access, f.family).await;
    let ready = wait_for_export(&app, &f.owner.access, &id).await;
    assert_eq!(ready["status"], "ready", "{ready}");
    let export_id: Uuid = id.parse().unwrap();
    let db = app.db().await;
    // Processed job ids may be pruned; the export itself still says it is done.
    let pruned: Uuid = db
        .query_one(
            "delete from processed_jobs where kind = 'export' returning job_id",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    let job = shared::jobs::Job {
        id: pruned,
        ..shared::jobs::Job::export(export_id)
    };
    let before = finished_at(&db, export_id).await;

    let response =
        export_worker::handle(&app.state, crate::jobs::sqs_event(&[("redelivered", &job)])).await;
    assert!(response.batch_item_failures.is_empty());
    assert_eq!(finished_at(&db, export_id).await, before, "not rebuilt");
    assert_eq!(
        crate::jobs::processed(&db, job.id).await,
        ["export"],
        "the job is recorded again"
    );
    let again = body(app.get(&format!("/api/export/{id}"), &f.owner.access).await).await;
    assert_eq!(again["data"]["status"], "ready");
    assert_eq!(again["data"]["progress"], 100);
}

#[tokio::test]
async fn a_job_for_an_export_another_worker_is_building_comes_back_later() {
    let app = spawn_app().await;
    let f = app.family_fixture().await;
    let db = app.db().await;
    // Another worker claimed it a moment ago and is still writing progress.
    let export: Uuid = db
        .query_one(
            "insert into exports (family_id, requested_by, status, progress)
             values ($1, $2, 'running', 40) returning id",
            &[&f.family, &f.owner.id],
        )
        .await
        .unwrap()
        .get(0);
    let job = shared::jobs::Job::export(export);

    let response =
        export_worker::handle(&app.state, crate::jobs::sqs_event(&[("busy", &job)])).await;
    let failed: Vec<&str> = response
        .batch_item_failures
        .iter()
        .map(|f| f.item_identifier.as_str())
        .collect();
    assert_eq!(failed, ["busy"], "the message comes back");
    let row = db
        .query_one(
            "select status, progress from exports where id = $1",
            &[&export],
        )
        .await
        .unwrap();
    assert_eq!(row.get::<_, String>(0), "running");
    assert_eq!(row.get::<_, i32>(1), 40, "left to the worker building it");
    assert!(
        crate::jobs::processed(&db, job.id).await.is_empty(),
        "not recorded as done"
    );
}
