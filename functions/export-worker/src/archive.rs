//! The ZIP archive, streamed to storage as it is written: each stored object is
//! copied into it chunk by chunk, and the archive goes up in multipart parts as
//! it grows. Neither the archive nor the files it holds need to fit in memory,
//! and the worker writes nothing to its local disk, so a family's files are not
//! capped by the function's temporary space.

use std::collections::HashSet;
use std::io::Write;

use shared::ApiError;
use shared::storage::{ObjectReader, PartBuffer, Storage, UploadStream};
use zip::write::{SimpleFileOptions, StreamWriter};
use zip::{CompressionMethod, ZipWriter};

/// The size of each uploaded part: memory holds about one.
const PART_SIZE: usize = 8 * 1024 * 1024;

/// The names of an archive's files. Names in use are kept lower-cased:
/// archives are unpacked on case-insensitive disks.
#[derive(Default)]
pub struct Names(HashSet<String>);

impl Names {
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
        while !self.0.insert(candidate.to_lowercase()) {
            candidate = format!("{prefix}{stem} ({n}){ext}");
            n += 1;
        }
        candidate
    }
}

/// An archive being written to storage.
pub struct Archive<'a> {
    zip: ZipWriter<StreamWriter<PartBuffer>>,
    upload: UploadStream<'a>,
    names: Names,
    modified: zip::DateTime,
}

fn archive_error(e: impl std::fmt::Display) -> ApiError {
    ApiError::internal(format!("writing the archive: {e}"))
}

impl<'a> Archive<'a> {
    /// Starts the archive's upload at `key`.
    pub async fn create(storage: &Storage<'a>, key: &str) -> Result<Self, ApiError> {
        let upload = storage
            .upload_stream(key, "application/zip", PART_SIZE)
            .await?;
        let modified = zip::DateTime::try_from(chrono::Utc::now().naive_utc()).unwrap_or_default();
        Ok(Self {
            zip: ZipWriter::new_stream(upload.writer()),
            upload,
            names: Names::default(),
            modified,
        })
    }

    /// Reserves a file name (see [`Names::reserve`]).
    pub fn reserve(&mut self, folder: &str, name: &str) -> String {
        self.names.reserve(folder, name)
    }

    fn options(&self, method: CompressionMethod) -> SimpleFileOptions {
        SimpleFileOptions::default()
            .compression_method(method)
            .last_modified_time(self.modified)
            .unix_permissions(0o644)
    }

    /// Adds a generated text file (compressed).
    pub async fn add_text(&mut self, name: &str, content: &str) -> Result<(), ApiError> {
        self.zip
            .start_file(name, self.options(CompressionMethod::Deflated))
            .map_err(archive_error)?;
        self.zip
            .write_all(content.as_bytes())
            .map_err(archive_error)?;
        self.upload.send_full_parts().await
    }

    /// Streams a stored object into the archive. PDFs and images are already
    /// compressed, so they are stored as they are.
    pub async fn add_object(
        &mut self,
        name: &str,
        mut object: ObjectReader,
    ) -> Result<u64, ApiError> {
        self.zip
            .start_file(name, self.options(CompressionMethod::Stored))
            .map_err(archive_error)?;
        let mut copied = 0;
        while let Some(chunk) = object.next_chunk().await? {
            self.zip.write_all(&chunk).map_err(archive_error)?;
            copied += chunk.len() as u64;
            self.upload.send_full_parts().await?;
        }
        Ok(copied)
    }

    /// Writes the archive's directory and completes the upload; answers the
    /// archive's size. On failure nothing is left in storage.
    pub async fn finish(self) -> Result<u64, ApiError> {
        if let Err(e) = self.zip.finish() {
            self.upload.abort().await;
            return Err(archive_error(e));
        }
        self.upload.complete().await
    }

    /// Abandons the archive and what was uploaded of it.
    pub async fn abort(self) {
        self.upload.abort().await;
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
        let mut names = Names::default();
        assert_eq!(names.reserve("files/Ada", "scan.pdf"), "files/Ada/scan.pdf");
        assert_eq!(
            names.reserve("files/Ada", "SCAN.pdf"),
            "files/Ada/SCAN (2).pdf"
        );
        assert_eq!(
            names.reserve("files/Ada", "scan.pdf"),
            "files/Ada/scan (3).pdf"
        );
        assert_eq!(names.reserve("files/Bo", "scan.pdf"), "files/Bo/scan.pdf");
        assert_eq!(names.reserve("", "notes"), "notes");
        assert_eq!(names.reserve("", "notes"), "notes (2)");
        assert_eq!(names.reserve("", ".env"), "env");
    }
}
