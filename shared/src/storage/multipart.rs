//! [`Storage`] for objects uploaded in parts: the only way past S3's 5 GiB
//! limit on one PUT. The client PUTs each part to its own presigned URL; the
//! server starts and completes (or abandons) the upload, so nothing but the
//! server can decide which parts make the object.

use std::time::Duration;

use aws_sdk_s3::config::http::HttpResponse;
use aws_sdk_s3::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_s3::operation::complete_multipart_upload::CompleteMultipartUploadError;
use aws_sdk_s3::types::{CompletedMultipartUpload, CompletedPart as S3Part};

use crate::error::ApiError;

use super::objects::{presign, unavailable};
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

impl Storage<'_> {
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

/// A 2xx answer without an S3 error code that the SDK still failed to read.
fn unreadable_success(err: &SdkError<CompleteMultipartUploadError, HttpResponse>) -> bool {
    err.raw_response()
        .is_some_and(|raw| raw.status().is_success())
        && err.as_service_error().and_then(|e| e.code()).is_none()
}
