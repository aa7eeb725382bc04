//! An attachment as the API shows it, how it is read, and how its changes are audited.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::json;
use shared::audit::{self, Action};
use shared::auth::AuthUser;
use shared::db::{GenericClient, Transaction};
use shared::{ApiError, ApiResult};
use uuid::Uuid;

use crate::input::OwnerType;

/// A file attached to a child or to one of its records. The storage key stays
/// private: files are reached through `GET /api/attachments/{id}`.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Attachment {
    pub id: Uuid,
    pub child_id: Uuid,
    pub owner_type: OwnerType,
    pub owner_id: Uuid,
    /// The original file name, used when the file is downloaded.
    pub filename: String,
    /// The type found in the file's first bytes.
    pub content_type: String,
    pub size_bytes: i64,
    pub document_type: String,
    pub uploaded_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The columns `from_row` reads, for every query that returns attachments.
pub const COLUMNS: &str = "a.id, a.child_id, a.owner_type, a.owner_id, a.filename, a.content_type,
    a.size_bytes, a.document_type, a.uploaded_by, a.created_at, a.updated_at";

pub fn from_row(row: &tokio_postgres::Row) -> ApiResult<Attachment> {
    Ok(Attachment {
        id: row.try_get("id")?,
        child_id: row.try_get("child_id")?,
        owner_type: OwnerType::parse(row.try_get("owner_type")?)?,
        owner_id: row.try_get("owner_id")?,
        filename: row.try_get("filename")?,
        content_type: row.try_get("content_type")?,
        size_bytes: row.try_get("size_bytes")?,
        document_type: row.try_get("document_type")?,
        uploaded_by: row.try_get("uploaded_by")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

/// One attachment and its storage key. Callers check access first (through
/// `access::record`), so this does not scope by the caller again.
pub async fn load(client: &impl GenericClient, id: Uuid) -> ApiResult<(Attachment, String)> {
    let row = client
        .query_opt(
            &format!("select {COLUMNS}, a.object_key from attachments a where a.id = $1"),
            &[&id],
        )
        .await?
        .ok_or_else(|| ApiError::not_found("Attachment"))?;
    Ok((from_row(&row)?, row.try_get("object_key")?))
}

fn audited(attachment: &Attachment) -> serde_json::Value {
    json!({
        "filename": attachment.filename,
        "document_type": attachment.document_type,
        "owner_type": attachment.owner_type,
        "owner_id": attachment.owner_id,
        "content_type": attachment.content_type,
        "size_bytes": attachment.size_bytes,
    })
}

/// Writes the audit event of a change, scoped to the attachment's child.
pub async fn record(
    tx: &Transaction<'_>,
    user: &AuthUser,
    action: Action,
    before: Option<&Attachment>,
    after: Option<&Attachment>,
) -> ApiResult<()> {
    let attachment = after
        .or(before)
        .ok_or_else(|| ApiError::internal("audit without an attachment"))?;
    audit::record(
        tx,
        audit::Event {
            actor_id: user.id,
            action,
            entity_type: "attachment",
            entity_id: attachment.id,
            scope_id: Some(attachment.child_id),
            changes: audit::diff(
                &before.map(audited).unwrap_or_default(),
                &after.map(audited).unwrap_or_default(),
                &[],
            ),
        },
    )
    .await
}
