//! What a campaign's cover and a response's screenshot share: images of at
//! most 5 MB, uploaded through the kit (`shared::uploads`), kept in one column
//! of their record, and served by short-lived redirects.

use std::time::Duration;

use axum::response::Response;
use serde::Deserialize;
use shared::storage::Storage;
use shared::uploads::{Announced, Purpose};
use shared::{ApiError, ApiResult, AppState};

/// The rules of one kind of image: JPEG, PNG or WebP, at most 5 MB, ten minutes
/// to upload.
pub const fn purpose(
    name: &'static str,
    prefix: &'static str,
    owner_label: &'static str,
) -> Purpose {
    Purpose {
        name,
        prefix,
        types: &["image/jpeg", "image/png", "image/webp"],
        types_label: "JPEG, PNG and WebP",
        max_bytes: 5 * 1024 * 1024,
        owner_label,
        window: Duration::from_secs(10 * 60),
    }
}

/// What the browser will upload.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ImageUpload {
    content_type: String,
    /// Bytes.
    size: i64,
}

impl ImageUpload {
    pub fn announced(&self) -> Announced<'_> {
        Announced {
            content_type: &self.content_type,
            size: self.size,
        }
    }
}

/// The key of an uploaded image, to check and use.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConfirmImage {
    pub key: String,
}

/// A redirect to a short-lived URL of the image under `key`; 404 naming `noun`
/// when there is none.
pub async fn redirect(state: &AppState, key: Option<String>, noun: &str) -> ApiResult<Response> {
    let key = key.ok_or_else(|| ApiError::not_found(noun))?;
    let (link, reuse) = (Duration::from_secs(600), Duration::from_secs(540));
    Storage::new(state)
        .redirect(&key, None, link, Some(reuse))
        .await
}
