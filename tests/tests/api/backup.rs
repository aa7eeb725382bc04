//! Backup and restore on one box: a family's records and files, backed up,
//! restored into a fresh database and a fresh bucket, read back identical by a
//! second server.

use local::backup::{BackupError, Site};
use serde_json::{Value, json};
use shared::state::AwsClients;
use uuid::Uuid;

use crate::attachments::PDF;
use crate::children::PNG;
use crate::helpers::*;

async fn new_bucket() -> String {
    let name = format!("backup-{}", Uuid::new_v4().simple());
    aws()
        .await
        .s3()
        .create_bucket()
        .bucket(&name)
        .send()
        .await
        .unwrap();
    name
}

async fn aws() -> AwsClients {
    AwsClients::from_sdk_config(&sdk_config(&emulator_url()).await)
}

/// An app whose files go to a bucket of its own (the shared test bucket holds
/// every test's files), and that app's data as a backup sees it.
async fn app_with_own_bucket() -> (TestApp, Site) {
    let bucket = new_bucket().await;
    let app = spawn_app_with(AppOptions {
        env: vec![("MEDIA_BUCKET", bucket.clone())],
        ..AppOptions::default()
    })
    .await;
    let site = Site {
        database_url: app.state.config.database_url.clone(),
        bucket,
        s3: app.state.aws.s3().clone(),
    };
    (app, site)
}

/// A fresh box to restore into: an empty database on the test cluster (named
/// so test runs clean it up) and a bucket that does not exist yet.
async fn fresh_site(app: &TestApp) -> (String, Site) {
    let name = format!("test_{}_{}", std::process::id(), Uuid::new_v4().simple());
    app.admin_db()
        .await
        .batch_execute(&format!("create database {name}"))
        .await
        .unwrap();
    let (base, _) = app.state.config.database_url.rsplit_once('/').unwrap();
    let site = Site {
        database_url: format!("{base}/{name}"),
        bucket: format!("restored-{}", Uuid::new_v4().simple()),
        s3: app.state.aws.s3().clone(),
    };
    (name, site)
}

/// Presigned links carry a fresh signature on every read; the rest must match.
fn without_signatures(value: Value) -> Value {
    match value {
        Value::String(s) if s.contains("X-Amz-Signature") => Value::String("<presigned>".into()),
        Value::Array(items) => items.into_iter().map(without_signatures).collect(),
        Value::Object(fields) => fields
            .into_iter()
            .map(|(k, v)| (k, without_signatures(v)))
            .collect(),
        other => other,
    }
}

/// Everything the owner can read of the family, and the bytes of each file.
async fn family_as_read(
    app: &TestApp,
    token: &str,
    family: Uuid,
    child: Uuid,
) -> (Vec<Value>, Vec<(String, Vec<u8>)>) {
    let mut reads = Vec::new();
    for path in [
        format!("/api/families/{family}"),
        format!("/api/families/{family}/members"),
        format!("/api/children?family_id={family}"),
        format!("/api/children/{child}"),
        format!("/api/children/{child}/visits"),
        format!("/api/children/{child}/measurements"),
        format!("/api/children/{child}/attachments"),
    ] {
        let response = app.get(&path, token).await;
        assert!(
            response.status().is_success(),
            "{path}: {}",
            response.status()
        );
        reads.push(without_signatures(body(response).await));
    }
    let mut files = Vec::new();
    let attachments = reads[6]["data"].as_array().cloned().unwrap_or_default();
    for attachment in attachments {
        let id = attachment["id"].as_str().unwrap();
        files.push(app.download(id, token).await);
    }
    (reads, files)
}

#[tokio::test]
async fn a_family_backed_up_and_restored_into_a_fresh_box_reads_back_identical() {
    let (app, source) = app_with_own_bucket().await;
    let owner = app.register("owner").await;
    let parent = app.register("parent").await;
    let family = app.create_family(&owner, "The Lovelaces").await;
    app.join(family, &owner, &parent, "parent").await;
    let child = app
        .create_child(&owner, family, "Ada", "2024-01-15", "female")
        .await;
    let visits = format!("/api/children/{child}/visits");
    let visit = app
        .create_record(
            &parent.access,
            &visits,
            json!({"type": "wellness", "visit_date": "2025-01-15", "provider": "Dr Quinn",
                   "tags": ["checkup"], "vaccines": ["MMR"],
                   "prescriptions": [{"medication": "Vitamin D", "dosage": "400 IU"}]}),
        )
        .await;
    app.create_record(
        &owner.access,
        &visits,
        json!({"type": "sick", "visit_date": "2025-02-10", "illness_types": ["flu"], "symptoms": "fever"}),
    )
    .await;
    let measurements = format!("/api/children/{child}/measurements");
    let measurement = app
        .create_record(
            &parent.access,
            &measurements,
            json!({"measured_on": "2025-01-15", "weight_kg": 8.95, "height_cm": 74.0}),
        )
        .await;
    app.create_record(
        &owner.access,
        &measurements,
        json!({"measured_on": "2025-03-15", "weight_kg": 9.4}),
    )
    .await;
    let visit_id: Uuid = visit["id"].as_str().unwrap().parse().unwrap();
    let measurement_id: Uuid = measurement["id"].as_str().unwrap().parse().unwrap();
    app.attach(
        &owner.access,
        ("visit", visit_id),
        "report.pdf",
        "application/pdf",
        PDF,
    )
    .await;
    app.attach(
        &parent.access,
        ("measurement", measurement_id),
        "chart.png",
        "image/png",
        PNG,
    )
    .await;
    let before = family_as_read(&app, &owner.access, family, child).await;
    assert_eq!(before.1.len(), 2, "both files are there to compare");

    let dir = std::env::temp_dir().join(format!("fleet-backup-{}", Uuid::new_v4()));
    let made = local::backup::create(&source, &dir).await.expect("backup");
    assert_eq!(made.objects.len(), 2, "{made:?}");

    let (database, target) = fresh_site(&app).await;
    let restored = local::backup::restore(&dir, &target)
        .await
        .expect("restore");
    assert_eq!(restored, made);
    let again = local::backup::restore(&dir, &target).await;
    assert!(again.is_err(), "a restore never writes over data");

    let second = spawn_app_with(AppOptions {
        database: Some(database),
        env: vec![("MEDIA_BUCKET", target.bucket.clone())],
        ..AppOptions::default()
    })
    .await;
    let after = family_as_read(&second, &owner.access, family, child).await;
    assert_eq!(after.0, before.0, "every record reads back identical");
    assert_eq!(after.1, before.1, "every file reads back identical");
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn a_damaged_backup_is_refused_before_anything_is_written() {
    let (app, source) = app_with_own_bucket().await;
    let owner = app.register("owner").await;
    let family = app.create_family(&owner, "The Hoppers").await;
    let child = app
        .create_child(&owner, family, "Grace", "2024-05-01", "female")
        .await;
    app.attach(
        &owner.access,
        ("child", child),
        "notes.pdf",
        "application/pdf",
        PDF,
    )
    .await;
    let dir = std::env::temp_dir().join(format!("fleet-backup-{}", Uuid::new_v4()));
    let made = local::backup::create(&source, &dir).await.expect("backup");
    let file = dir.join("objects").join(&made.objects[0].content.sha256);
    std::fs::write(&file, b"not the file").unwrap();

    let (_, target) = fresh_site(&app).await;
    let refused = local::backup::restore(&dir, &target).await;
    assert!(
        matches!(refused, Err(BackupError::Corrupt(_))),
        "{refused:?}"
    );
    let (client, connection) = tokio_postgres::connect(&target.database_url, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(connection);
    let tables: i64 = client
        .query_one(
            "select count(*) from pg_tables where schemaname = 'public'",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(tables, 0, "the database was left untouched");
    let exists = aws()
        .await
        .s3()
        .head_bucket()
        .bucket(&target.bucket)
        .send()
        .await;
    assert!(exists.is_err(), "no bucket was made");
    let _ = std::fs::remove_dir_all(&dir);
}
