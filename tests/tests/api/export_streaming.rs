//! Trajectory: a family's files are not capped by the export worker's local
//! disk. The real `export-worker` binary builds the archive with no temporary
//! space at all, streaming it to storage in parts, and its peak memory is read
//! from the kernel.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::Read;
use std::time::Duration;

use serde_json::{Value, json};
use shared::storage::Storage;
use uuid::Uuid;

use crate::attachments::PDF;
use crate::export::{download_archive, insert_export, wait_for_export};
use crate::helpers::*;
use crate::runtime::{Invoked, invoke_with};

/// The size of each file; attachments may be up to 25 MB.
const FILE_BYTES: usize = 16 * 1024 * 1024;

/// How many MiB of files the family has: `EXPORT_TEST_FILES_MIB`, or 64.
fn family_files_mib() -> usize {
    std::env::var("EXPORT_TEST_FILES_MIB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(64)
}

/// A PDF of `len` bytes that does not compress: its header, then noise.
fn large_pdf(len: usize, seed: u64) -> Vec<u8> {
    let mut bytes = b"%PDF-1.7\n".to_vec();
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    while bytes.len() < len {
        // xorshift64: cheap bytes no compressor can shrink.
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        bytes.extend_from_slice(&state.to_le_bytes());
    }
    bytes.truncate(len);
    bytes
}

fn fingerprint(bytes: &[u8]) -> u64 {
    let mut hasher = DefaultHasher::new();
    bytes.hash(&mut hasher);
    hasher.finish()
}

/// Runs the `export-worker` binary on an export of `family`, with its temporary
/// directory inside a regular file: nothing can be written there, so its
/// temporary space is zero bytes. Answers the export and how the run went.
async fn export_with_the_binary(app: &TestApp, family: Uuid, by: &TestUser) -> (Uuid, Invoked) {
    let not_a_dir = std::env::temp_dir().join(format!("export-no-tmp-{}", Uuid::new_v4()));
    std::fs::write(&not_a_dir, b"").unwrap();
    let tmpdir = not_a_dir.join("tmp");
    assert!(std::fs::create_dir_all(&tmpdir).is_err());
    let export = insert_export(app, family, by.id).await;
    let job = shared::jobs::Job::export(export);
    let event = serde_json::to_value(crate::jobs::sqs_event(&[("m1", &job)])).unwrap();
    let invoked = invoke_with(
        app,
        "export-worker",
        event,
        &[("TMPDIR", tmpdir.display().to_string())],
        Duration::from_secs(600),
    )
    .await;
    std::fs::remove_file(&not_a_dir).unwrap();
    assert_eq!(invoked.kind, "response", "{}", invoked.answer);
    assert_eq!(invoked.answer, json!({"batchItemFailures": []}));
    (export, invoked)
}

#[tokio::test]
async fn a_family_whose_files_exceed_the_workers_temp_space_is_exported_by_the_worker_binary() {
    let app = spawn_app().await;
    crate::uploads::let_the_emulator_hold_parts(&app).await;
    let owner = app.register("archivist").await;
    let family = app.create_family(&owner, "The Hoarders").await;
    let child = app
        .create_child(&owner, family, "Ada", "2024-01-15", "female")
        .await;
    let files = (family_files_mib() * 1024 * 1024 / FILE_BYTES).max(1);
    let mut expected = Vec::new();
    for i in 0..files {
        let name = format!("scan {i}.pdf");
        let pdf = large_pdf(FILE_BYTES, i as u64);
        app.attach(
            &owner.access,
            ("child", child),
            &name,
            "application/pdf",
            &pdf,
        )
        .await;
        expected.push((format!("files/Ada/{name}"), fingerprint(&pdf)));
    }
    let family_bytes = (files * FILE_BYTES) as u64;
    // What the same binary needs for a family with one small file.
    let small = app.create_family(&owner, "The Minimalists").await;
    let only = app
        .create_child(&owner, small, "Bo", "2024-01-15", "male")
        .await;
    app.attach(
        &owner.access,
        ("child", only),
        "one.pdf",
        "application/pdf",
        PDF,
    )
    .await;
    let (_, baseline) = export_with_the_binary(&app, small, &owner).await;

    let (export, invoked) = export_with_the_binary(&app, family, &owner).await;

    let ready = wait_for_export(&app, &owner.access, &export.to_string()).await;
    assert_eq!(ready["status"], "ready", "{ready}");
    assert_eq!(ready["warning"], Value::Null);
    let key = format!("exports/{family}/{export}.zip");
    let archive_bytes = Storage::new(&app.state)
        .head(&key)
        .await
        .unwrap()
        .expect("the archive is stored")
        .size as u64;
    assert!(archive_bytes > family_bytes);
    let mut archive = download_archive(&app, &owner.access, &ready).await;
    for (name, print) in &expected {
        let mut file = archive.by_name(name).unwrap();
        let mut bytes = Vec::with_capacity(FILE_BYTES);
        file.read_to_end(&mut bytes).unwrap();
        assert_eq!(fingerprint(&bytes), *print, "{name} arrives whole");
    }
    println!(
        "export of {family_bytes} bytes of files: archive {archive_bytes} bytes; \
         export-worker binary peak RSS (VmHWM) {} KiB, {} KiB for a family with one small file",
        invoked.peak_rss_kib, baseline.peak_rss_kib
    );
    // Memory holds a few parts, whatever the size of the archive.
    let grown = invoked.peak_rss_kib.saturating_sub(baseline.peak_rss_kib) * 1024;
    assert!(
        grown < 32 * 1024 * 1024,
        "peak RSS grew by {grown} bytes for an archive of {archive_bytes}"
    );
}
