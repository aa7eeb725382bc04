//! [`Storage`] for objects uploaded in parts: the only way past S3's 5 GiB
//! limit on one PUT. The client PUTs each part to its own presigned URL; the
//! server starts and completes (or abandons) the upload, so nothing but the
//! server can decide which parts make the object.
//!
//! The server can also write an object of unknown length itself, part by part as
//! it is produced ([`UploadStream`]), so that a large object (an export archive)
//! never has to fit in memory or on a function's small local disk.

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use aws_sdk_s3::config::http::HttpResponse;
use aws_sdk_s3::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_s3::operation::complete_multipart_upload::CompleteMultipartUploadError;
use aws_sdk_s3::types::{CompletedMultipartUpload, CompletedPart as S3Part};

use crate::error::ApiError;

use super::objects::{patient, presign, unavailable};
use super::{Presigned, Storage};

/// One uploaded part, as the client reports it: its number and the `ETag` its
/// PUT answered.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CompletedPart {
    /// 1-based, in the order the parts make the object.
    pub part_number: i32,
    pub etag: String,
}

impl<'a> Storage<'a> {
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
        presign(expires_in, async |config| {
            self.client
                .upload_part()
                .bucket(self.bucket)
                .key(key)
                .upload_id(upload_id)
                .part_number(part_number)
                .presigned(config)
                .await
        })
        .await
    }

    /// Completes a multipart upload from its parts' numbers and ETags. Parts
    /// that S3 does not recognise answer 422 on `parts`.
    pub async fn complete_multipart(
        &self,
        key: &str,
        upload_id: &str,
        parts: &[CompletedPart],
    ) -> Result<(), ApiError> {
        let parts = parts
            .iter()
            .map(|p| {
                S3Part::builder()
                    .part_number(p.part_number)
                    .e_tag(&p.etag)
                    .build()
            })
            .collect();
        let completed = self
            .client
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
            .await;
        match completed {
            Ok(_) => Ok(()),
            // A success the SDK cannot read (moto 5.2.1 names the XML root
            // wrongly: getmoto/moto#10055): the object itself says whether the
            // upload completed.
            Err(e) if unreadable_success(&e) => match self.head(key).await? {
                Some(_) => Ok(()),
                None => Err(unavailable(e)),
            },
            Err(e) if e.as_service_error().is_some() => Err(ApiError::invalid_field(
                "parts",
                "The parts do not form a complete upload",
            )),
            Err(e) => Err(unavailable(e)),
        }
    }

    /// Uploads one part from the server itself; answers what completion needs.
    pub async fn upload_part(
        &self,
        key: &str,
        upload_id: &str,
        part_number: i32,
        bytes: Vec<u8>,
    ) -> Result<CompletedPart, ApiError> {
        let out = self
            .client
            .upload_part()
            .bucket(self.bucket)
            .key(key)
            .upload_id(upload_id)
            .part_number(part_number)
            .body(bytes.into())
            .customize()
            .config_override(patient())
            .send()
            .await
            .map_err(unavailable)?;
        let etag = out
            .e_tag()
            .ok_or_else(|| ApiError::internal("S3 returned no ETag for an uploaded part"))?;
        Ok(CompletedPart {
            part_number,
            etag: etag.to_string(),
        })
    }

    /// Starts writing `key` as a stream (see [`UploadStream`]), in parts of
    /// `part_size` bytes (at least [`MIN_PART_SIZE`]).
    pub async fn upload_stream(
        &self,
        key: &str,
        content_type: &str,
        part_size: usize,
    ) -> Result<UploadStream<'a>, ApiError> {
        let upload_id = self.create_multipart(key, content_type).await?;
        Ok(UploadStream {
            storage: Storage {
                client: self.client,
                bucket: self.bucket,
            },
            key: key.to_string(),
            upload_id,
            part_size: part_size.max(MIN_PART_SIZE),
            pending: PartBuffer::default(),
            parts: Vec::new(),
            size: 0,
        })
    }

    /// Abandons a multipart upload and its parts. An upload S3 no longer knows
    /// (completed, or aborted already) is abandoned too.
    pub async fn abort_multipart(&self, key: &str, upload_id: &str) -> Result<(), ApiError> {
        match self
            .client
            .abort_multipart_upload()
            .bucket(self.bucket)
            .key(key)
            .upload_id(upload_id)
            .send()
            .await
        {
            Ok(_) => Ok(()),
            Err(e) if e.as_service_error().and_then(|e| e.code()) == Some("NoSuchUpload") => Ok(()),
            Err(e) => Err(unavailable(e)),
        }
    }
}

/// A 2xx answer without an S3 error code that the SDK still failed to read.
fn unreadable_success(err: &SdkError<CompleteMultipartUploadError, HttpResponse>) -> bool {
    err.raw_response()
        .is_some_and(|raw| raw.status().is_success())
        && err.as_service_error().and_then(|e| e.code()).is_none()
}

/// The smallest part S3 accepts (every part but the last).
pub const MIN_PART_SIZE: usize = 5 * 1024 * 1024;

/// The most parts one upload may have.
const MAX_PARTS: i32 = 10_000;

/// Where the bytes of an [`UploadStream`] are written, for an encoder that
/// wants a [`std::io::Write`] (a ZIP writer, say). They wait in memory until
/// [`UploadStream::send_full_parts`] uploads them.
#[derive(Clone, Default)]
pub struct PartBuffer(Arc<Mutex<Vec<u8>>>);

impl PartBuffer {
    /// Takes the first `len` bytes, or everything when `len` is `None`; `None`
    /// when fewer than `len` bytes are waiting.
    fn take(&self, len: Option<usize>) -> Result<Option<Vec<u8>>, ApiError> {
        let mut pending = self
            .0
            .lock()
            .map_err(|_| ApiError::internal("an upload's buffer was poisoned"))?;
        Ok(match len {
            Some(len) if pending.len() < len => None,
            Some(len) => {
                let rest = pending.split_off(len);
                Some(std::mem::replace(&mut *pending, rest))
            }
            None => Some(std::mem::take(&mut *pending)),
        })
    }
}

impl Write for PartBuffer {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .map_err(|_| std::io::Error::other("an upload's buffer was poisoned"))?
            .extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// An object the server writes as a stream of unknown length: bytes written to
/// [`UploadStream::writer`] are uploaded as multipart parts as soon as a whole
/// part is waiting, so memory holds about one part and nothing touches the disk.
///
/// The writer's owner calls [`UploadStream::send_full_parts`] between writes,
/// then [`UploadStream::complete`], or [`UploadStream::abort`] when it gives
/// up. An upload dropped without either (a function killed mid-way) is removed
/// by the bucket's lifecycle rule for incomplete uploads.
pub struct UploadStream<'a> {
    storage: Storage<'a>,
    key: String,
    upload_id: String,
    part_size: usize,
    pending: PartBuffer,
    parts: Vec<CompletedPart>,
    size: u64,
}

impl UploadStream<'_> {
    /// Where to write the object's bytes.
    pub fn writer(&self) -> PartBuffer {
        self.pending.clone()
    }

    /// Uploads every whole part that is waiting.
    pub async fn send_full_parts(&mut self) -> Result<(), ApiError> {
        while let Some(part) = self.pending.take(Some(self.part_size))? {
            self.send(part).await?;
        }
        Ok(())
    }

    async fn send(&mut self, bytes: Vec<u8>) -> Result<(), ApiError> {
        let number = i32::try_from(self.parts.len() + 1).unwrap_or(i32::MAX);
        if number > MAX_PARTS {
            return Err(ApiError::internal(format!(
                "{} needs more than {MAX_PARTS} parts",
                self.key
            )));
        }
        let len = bytes.len() as u64;
        let part = self
            .storage
            .upload_part(&self.key, &self.upload_id, number, bytes)
            .await?;
        self.parts.push(part);
        self.size += len;
        Ok(())
    }

    /// Uploads what is left as the last part and completes the object; answers
    /// its size. On failure the upload is abandoned.
    pub async fn complete(mut self) -> Result<u64, ApiError> {
        let done = async {
            self.send_full_parts().await?;
            let rest = self.pending.take(None)?.unwrap_or_default();
            // An object needs at least one part, even an empty one.
            if !rest.is_empty() || self.parts.is_empty() {
                self.send(rest).await?;
            }
            self.storage
                .complete_multipart(&self.key, &self.upload_id, &self.parts)
                .await
        }
        .await;
        match done {
            Ok(()) => Ok(self.size),
            Err(e) => {
                self.abort().await;
                Err(e)
            }
        }
    }

    /// Abandons the upload and the parts sent so far. A failure to abandon is
    /// logged: the lifecycle rule for incomplete uploads removes them later.
    pub async fn abort(self) {
        if let Err(e) = self
            .storage
            .abort_multipart(&self.key, &self.upload_id)
            .await
        {
            tracing::warn!(key = %self.key, error = %e, "could not abandon a multipart upload");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_part_buffer_gives_up_whole_parts_and_then_the_rest() {
        let buffer = PartBuffer::default();
        let mut writer = buffer.clone();
        writer.write_all(b"abcdefg").unwrap();
        assert_eq!(buffer.take(Some(3)).unwrap().unwrap(), b"abc");
        assert_eq!(buffer.take(Some(3)).unwrap().unwrap(), b"def");
        assert_eq!(buffer.take(Some(3)).unwrap(), None, "not a whole part");
        writer.write_all(b"h").unwrap();
        assert_eq!(buffer.take(None).unwrap().unwrap(), b"gh");
        assert_eq!(buffer.take(None).unwrap().unwrap(), b"");
    }
}
