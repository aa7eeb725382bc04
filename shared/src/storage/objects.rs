//! [`Storage`]: the media bucket, one object at a time. Presigned URLs let
//! clients move the bytes; the rest is what the server itself does with an
//! object (look at it, read its first bytes, store, copy, delete).

use std::time::Duration;

use aws_sdk_s3::error::ProvideErrorMetadata;
use aws_sdk_s3::presigning::{PresignedRequest, PresigningConfig};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};

use crate::error::ApiError;
use crate::state::AppState;

use super::content_disposition;
use super::disposition::percent_encode;

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
    pub(super) client: &'a aws_sdk_s3::Client,
    pub(super) bucket: &'a str,
}

/// Presigns one request (`sign` builds it) to work for `expires_in`.
pub(super) async fn presign<E>(
    expires_in: Duration,
    sign: impl AsyncFnOnce(PresigningConfig) -> Result<PresignedRequest, E>,
) -> Result<Presigned, ApiError>
where
    E: std::error::Error + Send + Sync + 'static,
{
    let config = PresigningConfig::expires_in(expires_in).map_err(ApiError::internal)?;
    let expires_at =
        Utc::now() + chrono::Duration::from_std(expires_in).map_err(ApiError::internal)?;
    let request = sign(config).await.map_err(ApiError::internal)?;
    Ok(Presigned {
        url: request.uri().to_string(),
        expires_at,
    })
}

pub(super) fn unavailable<E: std::error::Error + Send + Sync + 'static>(err: E) -> ApiError {
    ApiError::unavailable(err)
}

/// The clients' short timeouts suit requests, not moving gigabytes: calls that
/// store or copy a large object use this instead.
pub(super) fn patient() -> aws_sdk_s3::config::Builder {
    let timeouts = aws_sdk_s3::config::timeout::TimeoutConfig::builder()
        .connect_timeout(Duration::from_secs(5))
        .operation_attempt_timeout(Duration::from_secs(240))
        .build();
    aws_sdk_s3::config::Builder::default().timeout_config(timeouts)
}

/// `bucket/key` as `CopyObject` wants its source: URL-encoded, slashes kept.
fn copy_source(bucket: &str, key: &str) -> String {
    format!("{bucket}/{}", percent_encode(key, b"/"))
}

impl<'a> Storage<'a> {
    pub fn new(state: &'a AppState) -> Self {
        Self {
            client: state.aws.s3(),
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
        presign(expires_in, async |config| {
            self.client
                .put_object()
                .bucket(self.bucket)
                .key(key)
                .content_type(content_type)
                .content_length(size)
                .presigned(config)
                .await
        })
        .await
    }

    /// A URL to GET `key`, optionally downloaded under `filename`.
    pub async fn presign_get(
        &self,
        key: &str,
        filename: Option<&str>,
        expires_in: Duration,
    ) -> Result<Presigned, ApiError> {
        let mut request = self.client.get_object().bucket(self.bucket).key(key);
        if let Some(name) = filename {
            request = request.response_content_disposition(content_disposition(name));
        }
        presign(expires_in, async |config| request.presigned(config).await).await
    }

    /// The URL of a presigned GET of `key`, when there is a key (an image not
    /// made yet has none).
    pub async fn presign_get_url(
        &self,
        key: Option<&str>,
        expires_in: Duration,
    ) -> Result<Option<String>, ApiError> {
        match key {
            Some(key) => Ok(Some(self.presign_get(key, None, expires_in).await?.url)),
            None => Ok(None),
        }
    }

    /// A `302 Found` to a presigned GET of `key` that works for `expires_in`, saved as
    /// `filename` when one is given. The browser may reuse the redirect for
    /// `reuse_for` (a little less than `expires_in`); with `None` it never does.
    pub async fn redirect(
        &self,
        key: &str,
        filename: Option<&str>,
        expires_in: Duration,
        reuse_for: Option<Duration>,
    ) -> Result<Response, ApiError> {
        let url = self.presign_get(key, filename, expires_in).await?.url;
        let cache = match reuse_for {
            Some(age) => format!("private, max-age={}", age.as_secs()),
            None => "private, no-store".to_string(),
        };
        Ok((
            StatusCode::FOUND,
            [(header::LOCATION, url), (header::CACHE_CONTROL, cache)],
        )
            .into_response())
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
        self.client
            .put_object()
            .bucket(self.bucket)
            .key(key)
            .content_type(content_type)
            .body(body)
            .customize()
            .config_override(patient())
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

    /// Copies an object inside the bucket without the bytes passing through
    /// the function (S3 copies up to 5 GiB this way); `false` when there is
    /// nothing at `from`. The copy is a new object: whoever can write `from`
    /// cannot change `to`.
    pub async fn copy(&self, from: &str, to: &str) -> Result<bool, ApiError> {
        match self
            .client
            .copy_object()
            .bucket(self.bucket)
            .copy_source(copy_source(self.bucket, from))
            .key(to)
            .customize()
            .config_override(patient())
            .send()
            .await
        {
            Ok(_) => Ok(true),
            Err(err) if err.as_service_error().and_then(|e| e.code()) == Some("NoSuchKey") => {
                Ok(false)
            }
            Err(err) => Err(unavailable(err)),
        }
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
        while let Some(chunk) = self.next_chunk().await? {
            out.write_all(&chunk).map_err(ApiError::internal)?;
            copied += chunk.len() as u64;
        }
        Ok(copied)
    }

    /// The next chunk of the object as it arrives, or `None` at its end, for a
    /// reader that must do other work between chunks. A broken download is
    /// `UNAVAILABLE`.
    pub async fn next_chunk(&mut self) -> Result<Option<bytes::Bytes>, ApiError> {
        self.body.try_next().await.map_err(unavailable)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copy_sources_are_encoded_but_keep_their_folders() {
        assert_eq!(
            copy_source("media", "uploads/avatar/0b7e"),
            "media/uploads/avatar/0b7e"
        );
        assert_eq!(copy_source("media", "a b/ü?"), "media/a%20b/%C3%BC%3F");
    }
}
