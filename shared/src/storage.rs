//! The S3 operations the platform needs. Objects never pass through a function:
//! clients upload and download with presigned URLs.

use std::time::Duration;

use aws_sdk_s3::presigning::PresigningConfig;
use aws_sdk_s3::types::{CompletedMultipartUpload, CompletedPart};
use chrono::{DateTime, Utc};

use crate::error::ApiError;
use crate::state::AppState;

/// A presigned request the client performs itself.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Presigned {
    pub url: String,
    pub expires_at: DateTime<Utc>,
}

/// What `head` learns about a stored object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectInfo {
    pub size: i64,
    pub content_type: Option<String>,
}

/// S3 access bound to the media bucket.
pub struct Storage<'a> {
    client: &'a aws_sdk_s3::Client,
    bucket: &'a str,
}

fn presigning(expires_in: Duration) -> Result<(PresigningConfig, DateTime<Utc>), ApiError> {
    let config = PresigningConfig::expires_in(expires_in).map_err(ApiError::internal)?;
    let expires_at =
        Utc::now() + chrono::Duration::from_std(expires_in).map_err(ApiError::internal)?;
    Ok((config, expires_at))
}

fn unavailable<E: std::error::Error + Send + Sync + 'static>(err: E) -> ApiError {
    ApiError::unavailable(err)
}

impl<'a> Storage<'a> {
    pub fn new(state: &'a AppState) -> Self {
        Self {
            client: &state.aws.s3,
            bucket: &state.config.media_bucket,
        }
    }

    /// A URL to PUT exactly `size` bytes of `content_type` at `key`.
    pub async fn presign_put(
        &self,
        key: &str,
        content_type: &str,
        size: i64,
        expires_in: Duration,
    ) -> Result<Presigned, ApiError> {
        let (config, expires_at) = presigning(expires_in)?;
        let request = self
            .client
            .put_object()
            .bucket(self.bucket)
            .key(key)
            .content_type(content_type)
            .content_length(size)
            .presigned(config)
            .await
            .map_err(ApiError::internal)?;
        Ok(Presigned {
            url: request.uri().to_string(),
            expires_at,
        })
    }

    /// A URL to GET `key`, optionally downloaded under `filename`.
    pub async fn presign_get(
        &self,
        key: &str,
        filename: Option<&str>,
        expires_in: Duration,
    ) -> Result<Presigned, ApiError> {
        let (config, expires_at) = presigning(expires_in)?;
        let mut request = self.client.get_object().bucket(self.bucket).key(key);
        if let Some(name) = filename {
            request = request.response_content_disposition(content_disposition(name));
        }
        let request = request
            .presigned(config)
            .await
            .map_err(ApiError::internal)?;
        Ok(Presigned {
            url: request.uri().to_string(),
            expires_at,
        })
    }

    /// Size and type of an object, or `None` when it does not exist.
    pub async fn head(&self, key: &str) -> Result<Option<ObjectInfo>, ApiError> {
        match self
            .client
            .head_object()
            .bucket(self.bucket)
            .key(key)
            .send()
            .await
        {
            Ok(out) => Ok(Some(ObjectInfo {
                size: out.content_length().unwrap_or(0),
                content_type: out.content_type().map(str::to_string),
            })),
            Err(err) if err.as_service_error().is_some_and(|e| e.is_not_found()) => Ok(None),
            Err(err) => Err(unavailable(err)),
        }
    }

    /// The first `len` bytes of an object (to check its real type).
    pub async fn read_prefix(&self, key: &str, len: usize) -> Result<Vec<u8>, ApiError> {
        let out = self
            .client
            .get_object()
            .bucket(self.bucket)
            .key(key)
            .range(format!("bytes=0-{}", len.saturating_sub(1)))
            .send()
            .await
            .map_err(unavailable)?;
        let bytes = out.body.collect().await.map_err(ApiError::internal)?;
        let mut bytes = bytes.to_vec();
        bytes.truncate(len);
        Ok(bytes)
    }

    /// Opens an object to read it chunk by chunk, or `None` when it does not
    /// exist, so a large object can be copied without holding it whole.
    pub async fn open(&self, key: &str) -> Result<Option<ObjectReader>, ApiError> {
        match self
            .client
            .get_object()
            .bucket(self.bucket)
            .key(key)
            .send()
            .await
        {
            Ok(out) => Ok(Some(ObjectReader {
                content_type: out.content_type().map(str::to_string),
                body: out.body,
            })),
            Err(err) if err.as_service_error().is_some_and(|e| e.is_no_such_key()) => Ok(None),
            Err(err) => Err(unavailable(err)),
        }
    }

    /// Stores a file from local disk, streamed from the file rather than read
    /// into memory (archives built by workers).
    pub async fn put_file(
        &self,
        key: &str,
        content_type: &str,
        path: &std::path::Path,
    ) -> Result<(), ApiError> {
        let body = aws_sdk_s3::primitives::ByteStream::from_path(path)
            .await
            .map_err(ApiError::internal)?;
        // The clients' short timeouts suit requests, not a large upload.
        let patient = aws_sdk_s3::config::timeout::TimeoutConfig::builder()
            .connect_timeout(Duration::from_secs(5))
            .operation_attempt_timeout(Duration::from_secs(240))
            .build();
        self.client
            .put_object()
            .bucket(self.bucket)
            .key(key)
            .content_type(content_type)
            .body(body)
            .customize()
            .config_override(aws_sdk_s3::config::Builder::default().timeout_config(patient))
            .send()
            .await
            .map_err(unavailable)?;
        Ok(())
    }

    /// Stores a small object produced by the platform itself (exports, thumbnails).
    pub async fn put(&self, key: &str, content_type: &str, bytes: Vec<u8>) -> Result<(), ApiError> {
        self.client
            .put_object()
            .bucket(self.bucket)
            .key(key)
            .content_type(content_type)
            .body(bytes.into())
            .send()
            .await
            .map_err(unavailable)?;
        Ok(())
    }

    /// Deletes an object; deleting a missing object succeeds.
    pub async fn delete(&self, key: &str) -> Result<(), ApiError> {
        self.client
            .delete_object()
            .bucket(self.bucket)
            .key(key)
            .send()
            .await
            .map_err(unavailable)?;
        Ok(())
    }

    /// Starts a multipart upload; returns its upload id.
    pub async fn create_multipart(
        &self,
        key: &str,
        content_type: &str,
    ) -> Result<String, ApiError> {
        let out = self
            .client
            .create_multipart_upload()
            .bucket(self.bucket)
            .key(key)
            .content_type(content_type)
            .send()
            .await
            .map_err(unavailable)?;
        out.upload_id()
            .map(str::to_string)
            .ok_or_else(|| ApiError::internal("S3 returned no upload id"))
    }

    /// A URL to PUT one part of a multipart upload.
    pub async fn presign_part(
        &self,
        key: &str,
        upload_id: &str,
        part_number: i32,
        expires_in: Duration,
    ) -> Result<Presigned, ApiError> {
        let (config, expires_at) = presigning(expires_in)?;
        let request = self
            .client
            .upload_part()
            .bucket(self.bucket)
            .key(key)
            .upload_id(upload_id)
            .part_number(part_number)
            .presigned(config)
            .await
            .map_err(ApiError::internal)?;
        Ok(Presigned {
            url: request.uri().to_string(),
            expires_at,
        })
    }

    /// Completes a multipart upload from its parts' numbers and ETags.
    pub async fn complete_multipart(
        &self,
        key: &str,
        upload_id: &str,
        parts: &[(i32, String)],
    ) -> Result<(), ApiError> {
        let parts = parts
            .iter()
            .map(|(n, etag)| CompletedPart::builder().part_number(*n).e_tag(etag).build())
            .collect();
        self.client
            .complete_multipart_upload()
            .bucket(self.bucket)
            .key(key)
            .upload_id(upload_id)
            .multipart_upload(
                CompletedMultipartUpload::builder()
                    .set_parts(Some(parts))
                    .build(),
            )
            .send()
            .await
            .map_err(|e| {
                if e.as_service_error().is_some() {
                    ApiError::invalid_field("parts", "The parts do not form a complete upload")
                } else {
                    unavailable(e)
                }
            })?;
        Ok(())
    }

    /// Abandons a multipart upload and its parts.
    pub async fn abort_multipart(&self, key: &str, upload_id: &str) -> Result<(), ApiError> {
        self.client
            .abort_multipart_upload()
            .bucket(self.bucket)
            .key(key)
            .upload_id(upload_id)
            .send()
            .await
            .map_err(unavailable)?;
        Ok(())
    }
}

/// An object being read from storage.
pub struct ObjectReader {
    /// The type the object was stored with.
    pub content_type: Option<String>,
    body: aws_sdk_s3::primitives::ByteStream,
}

impl ObjectReader {
    /// Copies the rest of the object into `out`, one chunk at a time; returns the
    /// number of bytes copied. A broken download is `UNAVAILABLE`, a failing
    /// writer `INTERNAL`.
    pub async fn copy_to(mut self, out: &mut impl std::io::Write) -> Result<u64, ApiError> {
        let mut copied = 0;
        while let Some(chunk) = self.body.try_next().await.map_err(unavailable)? {
            out.write_all(&chunk).map_err(ApiError::internal)?;
            copied += chunk.len() as u64;
        }
        Ok(copied)
    }
}

/// The real type of a file from its first bytes, for the types the platform
/// accepts; `None` for anything else.
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        Some("image/png")
    } else if bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else if bytes.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else if bytes.len() >= 12
        && &bytes[4..8] == b"ftyp"
        && matches!(
            &bytes[8..12],
            b"heic" | b"heix" | b"hevc" | b"hevx" | b"heim" | b"heis" | b"mif1" | b"msf1"
        )
    {
        Some("image/heic")
    } else {
        None
    }
}

/// Records objects to delete once the transaction that removed their records
/// commits; [`drain_deletions`] deletes them (and the scheduler retries).
pub async fn delete_later(
    tx: &crate::db::Transaction<'_>,
    keys: &[String],
) -> Result<(), ApiError> {
    if keys.is_empty() {
        return Ok(());
    }
    tx.execute(
        "insert into object_deletions (object_key) select unnest($1::text[]) on conflict do nothing",
        &[&keys],
    )
    .await?;
    Ok(())
}

/// Deletes recorded objects: the given keys, or up to 200 of any when `None`.
/// Returns how many were deleted; failures stay recorded for the next pass.
pub async fn drain_deletions(state: &AppState, keys: Option<&[String]>) -> Result<u64, ApiError> {
    let client = crate::db::client(&state.db).await?;
    let rows = match keys {
        Some(keys) => {
            client
                .query(
                    "select object_key from object_deletions where object_key = any($1)",
                    &[&keys],
                )
                .await?
        }
        None => {
            client
                .query(
                    "select object_key from object_deletions order by created_at limit 200",
                    &[],
                )
                .await?
        }
    };
    let storage = Storage::new(state);
    let mut deleted = 0;
    for row in rows {
        let key: String = row.get(0);
        match storage.delete(&key).await {
            Ok(()) => {
                client
                    .execute(
                        "delete from object_deletions where object_key = $1",
                        &[&key],
                    )
                    .await?;
                deleted += 1;
            }
            Err(e) => {
                tracing::warn!(error = %e, "object deletion failed; will retry");
                client
                    .execute(
                        "update object_deletions set attempts = attempts + 1 where object_key = $1",
                        &[&key],
                    )
                    .await?;
            }
        }
    }
    Ok(deleted)
}

/// `attachment; filename="..."` with a UTF-8 fallback, quotes and control
/// characters removed so the header cannot be broken.
pub fn content_disposition(filename: &str) -> String {
    let ascii: String = filename
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .filter(|c| *c != '"' && *c != '\\')
        .collect();
    let encoded: String = filename
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_the_accepted_types_and_nothing_else() {
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0]), Some("image/jpeg"));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), Some("image/png"));
        assert_eq!(sniff(b"RIFF\x10\0\0\0WEBPVP8 "), Some("image/webp"));
        assert_eq!(sniff(b"%PDF-1.7\n"), Some("application/pdf"));
        assert_eq!(sniff(b"\0\0\0\x18ftypheic\0\0"), Some("image/heic"));
        assert_eq!(sniff(b"GIF89a......"), None);
        assert_eq!(sniff(b"<html>"), None);
        assert_eq!(sniff(b""), None);
    }

    #[test]
    fn content_disposition_is_safe_and_keeps_the_name() {
        assert_eq!(
            content_disposition("report.pdf"),
            "attachment; filename=\"report.pdf\"; filename*=UTF-8''report.pdf"
        );
        let tricky = content_disposition("a\"b\r\nc é.pdf");
        assert!(!tricky.contains('\r') && !tricky.contains('\n'));
        assert!(tricky.contains("filename=\"ab__c _.pdf\""));
        assert!(tricky.contains("%C3%A9"));
    }
}
