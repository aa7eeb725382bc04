//! Backup and restore of one box: the database (`pg_dump`'s custom format) and
//! every object of the media bucket, with a manifest of SHA-256 checksums.
//!
//! A backup directory holds `manifest.json`, `database.dump` and `objects/`, one
//! file per distinct object content, named by its checksum (so a key never
//! becomes a path). Restoring checks every checksum before it writes anything,
//! then loads the dump into an empty database (`pg_restore` in one transaction)
//! and puts every object into an empty bucket, created when missing. The S3
//! clients come from the standard `AWS_*` variables, so the bucket may be AWS
//! S3, MinIO or Garage. The directory holds personal data: it is created
//! readable by its owner only.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use aws_sdk_s3::primitives::ByteStream;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

mod postgres;

use postgres::{pg_tool, restore_database};

const MANIFEST: &str = "manifest.json";
const DUMP: &str = "database.dump";
const OBJECTS: &str = "objects";
/// The manifest's layout; a restore refuses any other.
const FORMAT: u32 = 1;

/// Where the data lives: a database and a bucket.
#[derive(Clone)]
pub struct Site {
    /// A `postgres://` URL; its password reaches the PostgreSQL tools through
    /// `PGPASSWORD`, never their command line.
    pub database_url: String,
    pub bucket: String,
    pub s3: aws_sdk_s3::Client,
}

/// What a backup holds, written as `manifest.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    pub created_at: String,
    pub database: Checksummed,
    /// The bucket backed up; a restore may name another.
    pub bucket: String,
    pub objects: Vec<Object>,
}

/// A file's size and SHA-256 (hex).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checksummed {
    pub bytes: u64,
    pub sha256: String,
}

/// One object of the bucket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Object {
    pub key: String,
    #[serde(flatten)]
    pub content: Checksummed,
    pub content_type: Option<String>,
    #[serde(default)]
    pub metadata: BTreeMap<String, String>,
}

/// Why a backup or restore stopped.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("{0}")]
    Refused(String),
    #[error("{path}: {source}")]
    File {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0}")]
    Tool(String),
    #[error("storage: {0}")]
    Storage(String),
    #[error("checksum mismatch: {0} was changed or damaged since the backup")]
    Corrupt(String),
}

fn file_error(path: &Path) -> impl FnOnce(std::io::Error) -> BackupError + '_ {
    move |source| BackupError::File {
        path: path.to_path_buf(),
        source,
    }
}

fn storage<E: std::error::Error>(e: E) -> BackupError {
    BackupError::Storage(aws_sdk_s3::error::DisplayErrorContext(e).to_string())
}

/// Writes a backup of `site` into `dir`, which must not exist or be empty.
pub async fn create(site: &Site, dir: &Path) -> Result<Manifest, BackupError> {
    prepare_directory(dir)?;
    let dump = dir.join(DUMP);
    pg_tool(
        "pg_dump",
        Some(&site.database_url),
        &["--format=custom", "--no-owner", "--file"],
        &dump,
    )
    .await?;
    let database = checksum(&dump).await?;
    let mut objects = Vec::new();
    let mut pages = site
        .s3
        .list_objects_v2()
        .bucket(&site.bucket)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        for listed in page.map_err(storage)?.contents() {
            if let Some(key) = listed.key()
                && let Some(object) = download(site, key, dir).await?
            {
                objects.push(object);
            }
        }
    }
    let manifest = Manifest {
        format: FORMAT,
        created_at: chrono::Utc::now().to_rfc3339(),
        database,
        bucket: site.bucket.clone(),
        objects,
    };
    let path = dir.join(MANIFEST);
    let json = serde_json::to_vec_pretty(&manifest)
        .map_err(|e| BackupError::Tool(format!("manifest: {e}")))?;
    tokio::fs::write(&path, json)
        .await
        .map_err(file_error(&path))?;
    Ok(manifest)
}

/// Restores the backup in `dir` into `site`: an empty database and an empty
/// (or missing) bucket. Every checksum is verified before anything is written.
pub async fn restore(dir: &Path, site: &Site) -> Result<Manifest, BackupError> {
    let path = dir.join(MANIFEST);
    let raw = tokio::fs::read(&path).await.map_err(file_error(&path))?;
    let manifest: Manifest = serde_json::from_slice(&raw)
        .map_err(|e| BackupError::Refused(format!("{}: {e}", path.display())))?;
    if manifest.format != FORMAT {
        return Err(BackupError::Refused(format!(
            "backup format {} is not {FORMAT}",
            manifest.format
        )));
    }
    verify(&dir.join(DUMP), &manifest.database).await?;
    for object in &manifest.objects {
        verify(&object_path(dir, &object.content.sha256), &object.content).await?;
    }
    ensure_empty_bucket(site).await?;
    restore_database(&dir.join(DUMP), &site.database_url).await?;
    for object in &manifest.objects {
        let body = ByteStream::from_path(object_path(dir, &object.content.sha256))
            .await
            .map_err(|e| BackupError::Tool(format!("{}: {e}", object.key)))?;
        site.s3
            .put_object()
            .bucket(&site.bucket)
            .key(&object.key)
            .set_content_type(object.content_type.clone())
            .set_metadata(Some(object.metadata.clone().into_iter().collect()))
            .body(body)
            .send()
            .await
            .map_err(storage)?;
    }
    Ok(manifest)
}

fn prepare_directory(dir: &Path) -> Result<(), BackupError> {
    use std::os::unix::fs::DirBuilderExt;
    if let Ok(mut entries) = std::fs::read_dir(dir)
        && entries.next().is_some()
    {
        return Err(BackupError::Refused(format!(
            "{} is not empty: back up into a new directory",
            dir.display()
        )));
    }
    let objects = dir.join(OBJECTS);
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(&objects)
        .map_err(file_error(&objects))
}

fn object_path(dir: &Path, sha256: &str) -> PathBuf {
    dir.join(OBJECTS).join(sha256)
}

/// Streams one object into the directory, answering its manifest entry;
/// `None` when it was deleted since the listing (the scheduler removes files of
/// deleted records while the server runs).
async fn download(site: &Site, key: &str, dir: &Path) -> Result<Option<Object>, BackupError> {
    let got = match site
        .s3
        .get_object()
        .bucket(&site.bucket)
        .key(key)
        .send()
        .await
    {
        Ok(got) => got,
        Err(e) if e.as_service_error().is_some_and(|e| e.is_no_such_key()) => return Ok(None),
        Err(e) => return Err(storage(e)),
    };
    let content_type = got.content_type().map(str::to_string);
    let metadata = got
        .metadata()
        .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
        .unwrap_or_default();
    let partial = dir.join(OBJECTS).join("partial");
    let mut file = tokio::fs::File::create(&partial)
        .await
        .map_err(file_error(&partial))?;
    let mut body = got.body;
    let mut hasher = Sha256::new();
    let mut bytes = 0u64;
    while let Some(chunk) = body.try_next().await.map_err(storage)? {
        hasher.update(&chunk);
        bytes += chunk.len() as u64;
        file.write_all(&chunk).await.map_err(file_error(&partial))?;
    }
    file.flush().await.map_err(file_error(&partial))?;
    let sha256 = hex::encode(hasher.finalize());
    let path = object_path(dir, &sha256);
    tokio::fs::rename(&partial, &path)
        .await
        .map_err(file_error(&path))?;
    Ok(Some(Object {
        key: key.to_string(),
        content: Checksummed { bytes, sha256 },
        content_type,
        metadata,
    }))
}

async fn checksum(path: &Path) -> Result<Checksummed, BackupError> {
    let mut file = tokio::fs::File::open(path)
        .await
        .map_err(file_error(path))?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0; 64 * 1024];
    let mut bytes = 0u64;
    loop {
        let read = file.read(&mut buffer).await.map_err(file_error(path))?;
        if read == 0 {
            break;
        }
        hasher.update(&buffer[..read]);
        bytes += read as u64;
    }
    Ok(Checksummed {
        bytes,
        sha256: hex::encode(hasher.finalize()),
    })
}

async fn verify(path: &Path, expected: &Checksummed) -> Result<(), BackupError> {
    if checksum(path).await? == *expected {
        Ok(())
    } else {
        Err(BackupError::Corrupt(path.display().to_string()))
    }
}

async fn ensure_empty_bucket(site: &Site) -> Result<(), BackupError> {
    if site
        .s3
        .head_bucket()
        .bucket(&site.bucket)
        .send()
        .await
        .is_err()
    {
        site.s3
            .create_bucket()
            .bucket(&site.bucket)
            .send()
            .await
            .map_err(storage)?;
        return Ok(());
    }
    let listed = site
        .s3
        .list_objects_v2()
        .bucket(&site.bucket)
        .max_keys(1)
        .send()
        .await
        .map_err(storage)?;
    if listed.contents().is_empty() {
        Ok(())
    } else {
        Err(BackupError::Refused(format!(
            "bucket {} is not empty: restore into a new bucket",
            site.bucket
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_backup_goes_into_a_new_directory_only() {
        let dir = std::env::temp_dir().join(format!("fleet-backup-{}", std::process::id()));
        prepare_directory(&dir).unwrap();
        assert!(prepare_directory(&dir).is_err(), "objects/ is there now");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_manifest_reads_back() {
        let manifest = Manifest {
            format: FORMAT,
            created_at: "2026-01-01T00:00:00Z".into(),
            database: Checksummed {
                bytes: 3,
                sha256: "ab".into(),
            },
            bucket: "media".into(),
            objects: vec![Object {
                key: "attachments/a b.pdf".into(),
                content: Checksummed {
                    bytes: 1,
                    sha256: "cd".into(),
                },
                content_type: Some("application/pdf".into()),
                metadata: BTreeMap::new(),
            }],
        };
        let json = serde_json::to_string(&manifest).unwrap();
        assert!(json.contains("\"sha256\":\"cd\""), "{json}");
        assert_eq!(serde_json::from_str::<Manifest>(&json).unwrap(), manifest);
    }
}
