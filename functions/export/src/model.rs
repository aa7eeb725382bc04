//! An export as the API shows it: its state, and once ready the archive's name
//! and how long it is kept. The archive itself is downloaded through
//! `GET /api/export/{id}/download`, which checks access on every request.

use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use shared::{ApiError, ApiResult};
use uuid::Uuid;

/// How long a download link works: long enough to start the download, too short
/// to keep. Every download asks again, so a member removed from the family
/// cannot come back with a link they were given before.
pub const DOWNLOAD_WINDOW: Duration = Duration::from_secs(5 * 60);

/// Where an export is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ExportStatus {
    Queued,
    Running,
    Ready,
    Failed,
    /// The archive was deleted: it reached the end of its retention, or a child
    /// of the family was deleted after it was built.
    Expired,
}

impl ExportStatus {
    fn parse(raw: &str) -> ApiResult<Self> {
        match raw {
            "queued" => Ok(Self::Queued),
            "running" => Ok(Self::Running),
            "ready" => Ok(Self::Ready),
            "failed" => Ok(Self::Failed),
            "expired" => Ok(Self::Expired),
            other => Err(ApiError::internal(format!(
                "unknown export status {other:?}"
            ))),
        }
    }
}

/// One export of a family's records.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Export {
    pub id: Uuid,
    pub family_id: Uuid,
    pub status: ExportStatus,
    /// 0–100.
    pub progress: i32,
    /// Why the export failed.
    pub error: Option<String>,
    /// For a ready export: what could not be included (files missing from storage).
    pub warning: Option<String>,
    pub requested_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub completed_at: Option<DateTime<Utc>>,
    /// The archive's file name once ready; `GET /api/export/{id}/download` serves it.
    pub filename: Option<String>,
    /// For a ready export, when its archive is deleted; for an expired one, when
    /// it was.
    pub expires_at: Option<DateTime<Utc>>,
}

/// The columns `from_row` reads; `f` is `families`, `e` is `exports`.
pub const COLUMNS: &str = "e.id, e.family_id, e.status, e.progress, e.error, e.requested_by,
    e.created_at, e.completed_at, e.expires_at, e.object_key, f.name as family_name";

/// Reads an export and, when its archive can be downloaded, the archive's key.
/// A ready archive past its time is shown expired even before the scheduler
/// deletes it.
pub fn from_row(row: &tokio_postgres::Row) -> ApiResult<(Export, Option<String>)> {
    let mut status = ExportStatus::parse(row.try_get("status")?)?;
    let expires_at: Option<DateTime<Utc>> = row.try_get("expires_at")?;
    if status == ExportStatus::Ready && expires_at.is_some_and(|at| at <= Utc::now()) {
        status = ExportStatus::Expired;
    }
    let note: Option<String> = row.try_get("error")?;
    let completed_at: Option<DateTime<Utc>> = row.try_get("completed_at")?;
    let created_at: DateTime<Utc> = row.try_get("created_at")?;
    let key: Option<String> = row
        .try_get::<_, Option<String>>("object_key")?
        .filter(|_| status == ExportStatus::Ready);
    let filename = match key {
        Some(_) => {
            let day = completed_at.unwrap_or(created_at).date_naive();
            Some(archive_name(row.try_get("family_name")?, day))
        }
        None => None,
    };
    let export = Export {
        id: row.try_get("id")?,
        family_id: row.try_get("family_id")?,
        status,
        progress: row.try_get("progress")?,
        // The worker keeps one note per export: the error of a failed export, or
        // the warning of a ready one.
        error: note.clone().filter(|_| status == ExportStatus::Failed),
        warning: note.filter(|_| status == ExportStatus::Ready),
        requested_by: row.try_get("requested_by")?,
        created_at,
        completed_at,
        filename,
        expires_at: expires_at
            .filter(|_| matches!(status, ExportStatus::Ready | ExportStatus::Expired)),
    };
    Ok((export, key))
}

/// `<family>-<date>.zip` (`the-lovelaces-2025-03-09.zip`), with the family's
/// name reduced to lower-case ASCII letters, digits and dashes.
pub fn archive_name(family_name: &str, day: NaiveDate) -> String {
    let mut slug = String::new();
    for c in family_name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let mut slug: String = slug.trim_end_matches('-').chars().take(40).collect();
    slug.truncate(slug.trim_end_matches('-').len());
    if slug.is_empty() {
        slug.push_str("family");
    }
    format!("{slug}-{}.zip", day.format("%Y-%m-%d"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn archive_names_are_plain_and_dated() {
        let day = NaiveDate::from_ymd_opt(2025, 3, 9).unwrap();
        assert_eq!(
            archive_name("The Lovelaces", day),
            "the-lovelaces-2025-03-09.zip"
        );
        assert_eq!(
            archive_name("  Ünïcode & \"quotes\"/..", day),
            "n-code-quotes-2025-03-09.zip"
        );
        assert_eq!(archive_name("日本", day), "family-2025-03-09.zip");
        let long = archive_name(&"ab ".repeat(40), day);
        assert!(long.len() <= "-2025-03-09.zip".len() + 40);
        assert!(!long.contains("--"));
    }
}
