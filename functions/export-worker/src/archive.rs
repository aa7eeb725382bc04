//! The ZIP archive, written to a temporary file so that neither the archive nor
//! the files it holds need to fit in memory: each stored object is streamed into
//! it chunk by chunk, then the finished file is streamed to S3.

use std::collections::HashSet;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use shared::ApiError;
use shared::storage::ObjectReader;
use uuid::Uuid;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

/// A file removed when dropped, whether the export succeeded or not.
pub struct TempFile(PathBuf);

impl TempFile {
    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if let Err(e) = std::fs::remove_file(&self.0)
            && e.kind() != std::io::ErrorKind::NotFound
        {
            tracing::warn!(path = %self.0.display(), error = %e, "could not remove a temporary archive");
        }
    }
}

/// An archive being written.
pub struct Archive {
    zip: ZipWriter<BufWriter<File>>,
    file: TempFile,
    /// Names in use, lower-cased: archives are unpacked on case-insensitive disks.
    taken: HashSet<String>,
    modified: zip::DateTime,
}

fn archive_error(e: impl std::fmt::Display) -> ApiError {
    ApiError::internal(format!("writing the archive: {e}"))
}

impl Archive {
    pub fn create(export_id: Uuid) -> Result<Self, ApiError> {
        let path = std::env::temp_dir().join(format!("export-{export_id}-{}.zip", Uuid::new_v4()));
        let file = File::create(&path).map_err(archive_error)?;
        let modified = zip::DateTime::try_from(chrono::Utc::now().naive_utc()).unwrap_or_default();
        Ok(Self {
            zip: ZipWriter::new(BufWriter::with_capacity(256 * 1024, file)),
            file: TempFile(path),
            taken: HashSet::new(),
            modified,
        })
    }

    /// Reserves a name for a file in `folder` (a plain name, or empty for the
    /// root); a name already taken gets ` (2)`, ` (3)`, ... before its extension.
    pub fn reserve(&mut self, folder: &str, name: &str) -> String {
        let name = safe_component(name);
        let (stem, ext) = match name.rfind('.') {
            Some(i) if i > 0 => name.split_at(i),
            _ => (name.as_str(), ""),
        };
        let prefix = if folder.is_empty() {
            String::new()
        } else {
            format!("{folder}/")
        };
        let mut candidate = format!("{prefix}{name}");
        let mut n = 2;
        while !self.taken.insert(candidate.to_lowercase()) {
            candidate = format!("{prefix}{stem} ({n}){ext}");
            n += 1;
        }
        candidate
    }

    fn options(&self, method: CompressionMethod) -> SimpleFileOptions {
        SimpleFileOptions::default()
            .compression_method(method)
            .last_modified_time(self.modified)
            .unix_permissions(0o644)
    }

    /// Adds a generated text file (compressed).
    pub fn add_text(&mut self, name: &str, content: &str) -> Result<(), ApiError> {
        self.zip
            .start_file(name, self.options(CompressionMethod::Deflated))
            .map_err(archive_error)?;
        self.zip
            .write_all(content.as_bytes())
            .map_err(archive_error)
    }

    /// Streams a stored object into the archive. PDFs and images are already
    /// compressed, so they are stored as they are.
    pub async fn add_object(&mut self, name: &str, object: ObjectReader) -> Result<u64, ApiError> {
        self.zip
            .start_file(name, self.options(CompressionMethod::Stored))
            .map_err(archive_error)?;
        object.copy_to(&mut self.zip).await
    }

    /// Writes the archive's directory and closes it; the file is removed when the
    /// returned guard is dropped.
    pub fn finish(self) -> Result<TempFile, ApiError> {
        let file = self.zip.finish().map_err(archive_error)?;
        file.into_inner()
            .map_err(archive_error)?
            .sync_all()
            .map_err(archive_error)?;
        Ok(self.file)
    }
}

/// A file or folder name that is safe on every common file system: no path
/// separators, reserved characters or control characters, no leading or trailing
/// dots or spaces, at most 150 characters.
pub fn safe_component(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_control() || "/\\:*?\"<>|".contains(c) {
                '_'
            } else {
                c
            }
        })
        .take(150)
        .collect();
    let trimmed = cleaned.trim_matches(|c: char| c == '.' || c.is_whitespace());
    if trimmed.is_empty() {
        "_".to_string()
    } else {
        trimmed.to_string()
    }
}

/// The extension of an image or PDF type, for avatars that have no name.
pub fn extension(content_type: Option<&str>) -> &'static str {
    match content_type {
        Some("image/jpeg") => "jpg",
        Some("image/png") => "png",
        Some("image/webp") => "webp",
        Some("image/heic") => "heic",
        Some("application/pdf") => "pdf",
        _ => "bin",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_made_safe() {
        assert_eq!(safe_component("report.pdf"), "report.pdf");
        assert_eq!(safe_component("../../etc/passwd"), "_.._etc_passwd");
        assert_eq!(safe_component("a:b*c?.pdf"), "a_b_c_.pdf");
        assert_eq!(safe_component(" .hidden. "), "hidden");
        assert_eq!(safe_component(".."), "_");
        assert_eq!(safe_component("Zoë"), "Zoë");
        assert_eq!(safe_component(&"x".repeat(300)).len(), 150);
    }

    #[test]
    fn duplicate_names_are_numbered_case_insensitively() {
        let mut archive = Archive::create(Uuid::new_v4()).unwrap();
        assert_eq!(
            archive.reserve("files/Ada", "scan.pdf"),
            "files/Ada/scan.pdf"
        );
        assert_eq!(
            archive.reserve("files/Ada", "SCAN.pdf"),
            "files/Ada/SCAN (2).pdf"
        );
        assert_eq!(
            archive.reserve("files/Ada", "scan.pdf"),
            "files/Ada/scan (3).pdf"
        );
        assert_eq!(archive.reserve("files/Bo", "scan.pdf"), "files/Bo/scan.pdf");
        assert_eq!(archive.reserve("", "notes"), "notes");
        assert_eq!(archive.reserve("", "notes"), "notes (2)");
        assert_eq!(archive.reserve("", ".env"), "env");
        let file = archive.finish().unwrap();
        let path = file.path().to_path_buf();
        assert!(path.exists());
        drop(file);
        assert!(!path.exists(), "the temporary archive is removed");
    }
}
