//! Trajectory: export archives do not outlive the data or the people. Links are
//! issued per download after an access check and work for minutes; archives
//! expire after a week and go with a deleted child; a family is exported at most
//! once an hour.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::{Value, json};
use shared::storage::Storage;
use uuid::Uuid;

use crate::export::{
    download_archive, download_link, expect_download_refused, insert_export, link_lifetime,
    start_export, text, wait_for_export,
};
use crate::helpers::*;
use crate::proxy::TcpProxy;

/// Where the archive of export `id` is stored.
async fn archive_key(app: &TestApp, id: &str) -> String {
    let id: Uuid = id.parse().unwrap();
    app.db()
        .await
        .query_one("select object_key from exports where id = $1", &[&id])
        .await
        .unwrap()
        .get(0)
}

/// Asserts that export `id` shows as expired and its archive is gone for good.
async fn expect_expired(app: &TestApp, token: &str, id: &str) {
    let expired = export_of(app, token, id).await;
    assert_eq!(expired["status"], "expired", "{expired}");
    assert!(expired["expires_at"].is_string(), "{expired}");
    assert_eq!(expired["filename"], Value::Null, "{expired}");
    expect_download_refused(app, token, id, StatusCode::GONE, "EXPORT_EXPIRED").await;
}

async fn exports_of_family(app: &TestApp, family: Uuid) -> i64 {
    app.db()
        .await
        .query_one(
            "select count(*) from exports where family_id = $1",
            &[&family],
        )
        .await
        .unwrap()
        .get(0)
}

async fn export_of(app: &TestApp, token: &str, id: &str) -> Value {
    body(app.get(&format!("/api/export/{id}"), token).await).await["data"].clone()
}

#[tokio::test]
async fn a_member_removed_from_the_family_cannot_download_with_what_they_were_given() {
    let app = spawn_app().await;
    let f = app.family_fixture().await;
    let id = start_export(&app, &f.parent.access, f.family).await;
    let export = wait_for_export(&app, &f.parent.access, &id).await;
    assert_eq!(export["status"], "ready", "{export}");
    // What the parent holds before they go: the export's status (no link to
    // storage in it) and one link they asked for, good for minutes.
    assert!(export.get("download_url").is_none(), "{export}");
    let link = download_link(&app, &f.parent.access, &export).await;
    assert!(link_lifetime(&link) <= 300);

    let removed = app
        .delete_as(
            &format!("/api/families/{}/members/{}", f.family, f.parent.id),
            &f.owner.access,
        )
        .await;
    assert_eq!(removed.status(), StatusCode::NO_CONTENT);

    // Asking again, as they did before, is refused at once.
    for path in [
        format!("/api/export/{id}/download"),
        format!("/api/export/{id}"),
    ] {
        expect_error(
            app.get(&path, &f.parent.access).await,
            StatusCode::NOT_FOUND,
            "NOT_FOUND",
        )
        .await;
    }
    // The owner still downloads, through a link of their own.
    download_archive(&app, &f.owner.access, &export).await;
}

#[tokio::test]
async fn deleting_a_child_deletes_the_family_archives_that_hold_their_records() {
    let app = spawn_app().await;
    let f = app.family_fixture().await;
    let bob = app
        .create_child(&f.owner, f.family, "Bob", "2025-05-01", "male")
        .await;
    let id = start_export(&app, &f.owner.access, f.family).await;
    let export = wait_for_export(&app, &f.owner.access, &id).await;
    assert_eq!(export["status"], "ready", "{export}");
    let mut archive = download_archive(&app, &f.owner.access, &export).await;
    assert!(text(&mut archive, "data.json").contains("Bob"));
    let key = archive_key(&app, &id).await;

    let deleted = app
        .delete_as(&format!("/api/children/{bob}"), &f.owner.access)
        .await;
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);

    assert!(
        Storage::new(&app.state).head(&key).await.unwrap().is_none(),
        "the archive left with the child"
    );
    expect_expired(&app, &f.owner.access, &id).await;

    // A deleted archive does not stand for this hour: a new export starts at
    // once, without the child.
    let fresh = start_export(&app, &f.owner.access, f.family).await;
    assert_ne!(fresh, id);
    let fresh = wait_for_export(&app, &f.owner.access, &fresh).await;
    let mut archive = download_archive(&app, &f.owner.access, &fresh).await;
    let data = text(&mut archive, "data.json");
    assert!(data.contains("Ada") && !data.contains("Bob"));
}

#[tokio::test]
async fn a_child_deleted_while_the_archive_is_built_never_reaches_a_ready_archive() {
    let app = spawn_app().await;
    let f = app.family_fixture().await;
    crate::uploads::let_the_emulator_hold_parts(&app).await;
    let bob = app
        .create_child(&f.owner, f.family, "Bob", "2025-05-01", "male")
        .await;
    // A worker whose storage the test can hold still, so that the child is
    // deleted after the worker read the family and before it stores the archive.
    let emulator: std::net::SocketAddr = emulator_url()
        .trim_start_matches("http://")
        .parse()
        .unwrap();
    let proxy = TcpProxy::start(emulator).await;
    let aws = shared::state::AwsClients::from_sdk_config(
        &sdk_config(&format!("http://{}", proxy.addr)).await,
    );
    let worker = shared::AppState::new((*app.state.config).clone(), aws).unwrap();
    let db = app.db().await;
    let export = insert_export(&app, f.family, f.owner.id).await;
    let job = shared::jobs::Job::export(export);
    proxy.hold();
    let building = tokio::spawn(async move {
        export_worker::handle(&worker, crate::jobs::sqs_event(&[("m1", &job)])).await
    });
    // Progress 5 is written once the family has been read.
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let progress: i32 = db
            .query_one("select progress from exports where id = $1", &[&export])
            .await
            .unwrap()
            .get(0);
        if progress >= 5 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the worker never read the family"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }

    let deleted = app
        .delete_as(&format!("/api/children/{bob}"), &f.owner.access)
        .await;
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    proxy.release();
    let response = building.await.unwrap();
    assert!(response.batch_item_failures.is_empty());

    let json = export_of(&app, &f.owner.access, &export.to_string()).await;
    assert_eq!(json["status"], "failed", "{json}");
    assert!(
        json["error"]
            .as_str()
            .unwrap()
            .contains("A child was deleted"),
        "{json}"
    );
    expect_download_refused(
        &app,
        &f.owner.access,
        &export,
        StatusCode::CONFLICT,
        "EXPORT_NOT_READY",
    )
    .await;
    // What the worker stored is deleted by the next scheduler pass.
    let key = format!("exports/{}/{export}.zip", f.family);
    let storage = Storage::new(&app.state);
    assert!(storage.head(&key).await.unwrap().is_some());
    assert!(app.tick().await.deleted_objects >= 1);
    assert!(storage.head(&key).await.unwrap().is_none());
}

#[tokio::test]
async fn archives_expire_after_a_week_and_the_scheduler_deletes_them() {
    let app = spawn_app().await;
    let f = app.family_fixture().await;
    let id = start_export(&app, &f.owner.access, f.family).await;
    let export = wait_for_export(&app, &f.owner.access, &id).await;
    let key = archive_key(&app, &id).await;
    let storage = Storage::new(&app.state);
    assert_eq!(app.tick().await.expired_exports, 0, "not yet");
    assert!(storage.head(&key).await.unwrap().is_some());

    // A week later.
    let export_id: Uuid = id.parse().unwrap();
    app.db()
        .await
        .execute(
            "update exports set expires_at = now() - interval '1 second' where id = $1",
            &[&export_id],
        )
        .await
        .unwrap();
    // Shown expired even before the scheduler has run.
    expect_expired(&app, &f.owner.access, &id).await;
    let tick = app.tick().await;
    assert_eq!(tick.expired_exports, 1);
    assert!(tick.deleted_objects >= 1);
    assert!(storage.head(&key).await.unwrap().is_none(), "deleted");
    expect_expired(&app, &f.owner.access, &id).await;
    assert_eq!(app.tick().await.expired_exports, 0, "once");
    assert_eq!(export["status"], "ready");

    // On AWS the bucket's lifecycle rule backs the scheduler up.
    let template =
        std::fs::read_to_string(format!("{}/../template.yaml", env!("CARGO_MANIFEST_DIR")))
            .unwrap();
    let rule = &template[template
        .find("Prefix: exports/")
        .expect("a rule on exports/")..];
    let days: u32 = rule
        .lines()
        .find_map(|l| l.trim().strip_prefix("ExpirationInDays: "))
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        (7..=8).contains(&days),
        "exports/ expires after {days} days"
    );
}

#[tokio::test]
async fn a_family_is_exported_at_most_once_an_hour() {
    let app = spawn_app().await;
    let f = app.family_fixture().await;
    crate::uploads::let_the_emulator_hold_parts(&app).await;
    // Hammering the start, from two members at once: one export. Each answer is
    // that export, on its way (202) or, once built, standing for the hour (429).
    let mut requests = tokio::task::JoinSet::new();
    for i in 0..12 {
        let member = if i % 2 == 0 { &f.owner } else { &f.parent };
        let request = app
            .http
            .post(app.url("/api/export"))
            .bearer_auth(&member.access)
            .json(&json!({"family_id": f.family}));
        requests.spawn(async move { request.send().await.unwrap() });
    }
    let mut named = BTreeSet::new();
    while let Some(response) = requests.join_next().await {
        let response = response.unwrap();
        let status = response.status();
        let json = body(response).await;
        match status {
            StatusCode::ACCEPTED => named.insert(json["data"]["id"].to_string()),
            StatusCode::TOO_MANY_REQUESTS => named.insert(json["details"]["export_id"].to_string()),
            other => panic!("{other}: {json}"),
        };
    }
    assert_eq!(named.len(), 1, "one export: {named:?}");
    assert_eq!(exports_of_family(&app, f.family).await, 1);
    let id = named.pop_first().unwrap().trim_matches('"').to_string();
    wait_for_export(&app, &f.owner.access, &id).await;

    // Once built, it stands for the hour, whoever asks.
    for member in [&f.owner, &f.parent] {
        let refused = app
            .post_as(
                "/api/export",
                &member.access,
                json!({"family_id": f.family}),
            )
            .await;
        let retry: u64 = refused.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((3500..=3600).contains(&retry), "{retry}");
        let json = expect_error(refused, StatusCode::TOO_MANY_REQUESTS, "RATE_LIMITED").await;
        assert_eq!(json["details"]["export_id"], id.as_str());
        assert_eq!(json["details"]["retry_after"], retry);
        let next: chrono::DateTime<chrono::Utc> = json["details"]["next_export_at"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap();
        let wait = next - chrono::Utc::now();
        assert!(wait > chrono::Duration::minutes(55), "{next}");
    }
    // An hour later the family can be exported again.
    let export_id: Uuid = id.parse().unwrap();
    app.db()
        .await
        .execute(
            "update exports set created_at = now() - interval '61 minutes' where id = $1",
            &[&export_id],
        )
        .await
        .unwrap();
    let again = start_export(&app, &f.owner.access, f.family).await;
    assert_ne!(again, id);
    assert_eq!(exports_of_family(&app, f.family).await, 2);
}
