//! Builds one archive: reads the family's snapshot, streams every stored file
//! into the ZIP one at a time, adds data.json, the CSV files and the report, the
//! ZIP going up to storage in parts as it is written. Progress goes to
//! `exports.progress` as it goes.

use std::collections::HashMap;

use serde::Serialize;
use serde_json::Value;
use shared::storage::Storage;
use shared::{ApiError, AppState, db};
use uuid::Uuid;

use crate::archive::{Archive, extension};
use crate::data::{self, Snapshot};
use crate::{csv, report};

/// The error code of an export whose family was deleted before it was built.
pub const FAMILY_GONE: &str = "FAMILY_GONE";

/// A finished archive.
#[derive(Debug, Clone)]
pub struct Built {
    pub key: String,
    /// What could not be included, for the family to see.
    pub warning: Option<String>,
    /// The archive's size in bytes.
    pub size: u64,
}

/// Writes progress (0–100) when it changes; each write is also the heartbeat that
/// keeps the export claimed.
struct Progress<'a> {
    state: &'a AppState,
    export_id: Uuid,
    last: i32,
}

impl Progress<'_> {
    async fn set(&mut self, percent: i32) -> Result<(), ApiError> {
        if percent <= self.last {
            return Ok(());
        }
        db::client(&self.state.db)
            .await?
            .execute(
                "update exports set progress = $2 where id = $1 and status = 'running'",
                &[&self.export_id, &percent],
            )
            .await?;
        self.last = percent;
        Ok(())
    }
}

async fn snapshot(state: &AppState, family_id: Uuid) -> Result<Snapshot, ApiError> {
    let mut client = db::client(&state.db).await?;
    // One consistent view of the family, whatever is written meanwhile.
    let tx = client.snapshot().await?;
    let snapshot = data::load(&tx, family_id).await?;
    tx.commit().await?;
    snapshot.ok_or_else(|| {
        ApiError::gone(
            FAMILY_GONE,
            "The family was deleted before its export was built.",
        )
    })
}

pub async fn build(state: &AppState, export_id: Uuid, family_id: Uuid) -> Result<Built, ApiError> {
    let mut progress = Progress {
        state,
        export_id,
        last: 0,
    };
    let mut snapshot = snapshot(state, family_id).await?;
    progress.set(5).await?;
    let key = format!("exports/{family_id}/{export_id}.zip");
    let storage = Storage::new(state);
    let mut archive = Archive::create(&storage, &key).await?;
    let warning = match fill(state, &mut archive, &mut snapshot, &mut progress).await {
        Ok(warning) => warning,
        Err(e) => {
            archive.abort().await;
            return Err(e);
        }
    };
    let size = archive.finish().await?;
    Ok(Built { key, warning, size })
}

/// Writes every file and document into the archive (progress 5 → 95); answers
/// the warning for the family, if any.
async fn fill(
    state: &AppState,
    archive: &mut Archive<'_>,
    snapshot: &mut Snapshot,
    progress: &mut Progress<'_>,
) -> Result<Option<String>, ApiError> {
    let missing = copy_files(state, archive, snapshot, progress).await?;
    let warning = add_documents(archive, snapshot, &missing).await?;
    progress.set(95).await?;
    Ok(warning)
}

/// Streams every avatar and attachment into `files/<child>/`, one at a time
/// (progress 5 → 90); answers the files that were not found in storage.
async fn copy_files(
    state: &AppState,
    archive: &mut Archive<'_>,
    snapshot: &mut Snapshot,
    progress: &mut Progress<'_>,
) -> Result<Vec<String>, ApiError> {
    let storage = Storage::new(state);
    let folders: HashMap<Uuid, String> = snapshot
        .children
        .iter()
        .map(|child| (child.id, archive.reserve("files", &child.name)))
        .collect();
    let mut missing = Vec::new();
    let files = snapshot.files();
    for (done, file) in files.iter().enumerate() {
        let folder = folders.get(&file.child_id).map_or("files", String::as_str);
        let path = match storage.open(&file.key).await? {
            Some(object) => {
                let name = match &file.filename {
                    Some(name) => name.clone(),
                    None => format!("avatar.{}", extension(object.content_type.as_deref())),
                };
                let path = archive.reserve(folder, &name);
                archive.add_object(&path, object).await?;
                Some(path)
            }
            None => {
                let name = file.filename.as_deref().unwrap_or("avatar");
                missing.push(format!("{}: {name}", snapshot.child_name(file.child_id)));
                None
            }
        };
        snapshot.place(file.owner, path);
        progress
            .set(5 + (85 * (done + 1) / files.len()) as i32)
            .await?;
    }
    Ok(missing)
}

/// Adds data.json, the CSV files, the report and, when files were missing,
/// MISSING_FILES.txt; answers the warning for the family, if any.
async fn add_documents(
    archive: &mut Archive<'_>,
    snapshot: &Snapshot,
    missing: &[String],
) -> Result<Option<String>, ApiError> {
    let exported_at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    archive
        .add_text("data.json", &data_json(snapshot, &exported_at)?)
        .await?;
    for (name, content) in csv::files(snapshot) {
        archive.add_text(name, &content).await?;
    }
    archive
        .add_text("report.html", &report::render(snapshot, &exported_at))
        .await?;
    if missing.is_empty() {
        return Ok(None);
    }
    let text = format!(
        "These files are listed in data.json but were not found in storage when the \
         archive was built, so they are not in it:\n\n{}\n",
        missing.join("\n")
    );
    archive.add_text("MISSING_FILES.txt", &text).await?;
    Ok(Some(format!(
        "{} file(s) could not be found in storage and are not in the archive; \
         MISSING_FILES.txt lists them.",
        missing.len()
    )))
}

/// `data.json`, with its parts in reading order.
#[derive(Serialize)]
struct DataJson<'a> {
    format: &'static str,
    version: u32,
    exported_at: &'a str,
    family: Value,
    members: Value,
    children: Value,
    visits: Value,
    measurements: Value,
    medical_events: Value,
    illnesses: Value,
    attachments: Value,
    history: Value,
}

fn data_json(snapshot: &Snapshot, exported_at: &str) -> Result<String, ApiError> {
    // Each part goes through `Value`, whose objects keep their keys sorted: every
    // record lists its fields in alphabetical order, as data.json always has.
    fn sorted(part: &impl Serialize) -> Result<Value, ApiError> {
        serde_json::to_value(part).map_err(ApiError::internal)
    }
    let data = DataJson {
        format: "trajectory-export",
        version: 1,
        exported_at,
        family: sorted(&snapshot.family)?,
        members: sorted(&snapshot.members)?,
        children: sorted(&snapshot.children)?,
        visits: sorted(&snapshot.visits)?,
        measurements: sorted(&snapshot.measurements)?,
        medical_events: sorted(&snapshot.medical_events)?,
        illnesses: sorted(&snapshot.illnesses)?,
        attachments: sorted(&snapshot.attachments)?,
        history: sorted(&snapshot.history)?,
    };
    serde_json::to_string_pretty(&data).map_err(ApiError::internal)
}
