//! Uploads: the browser PUTs the file straight to S3 with a presigned URL; the
//! server then checks the object (issued for this record, present, size, real
//! type by magic bytes) before it becomes an attachment.

use std::time::Duration;

use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use shared::audit::Action;
use shared::auth::AuthUser;
use shared::http::{ApiJson, Created, Data};
use shared::storage::{self, Storage};
use shared::{ApiError, ApiResult, AppState, db};
use uuid::Uuid;

use crate::input::{
    ATTACHMENT_TYPES, Filename, MAX_ATTACHMENT_BYTES, OwnerType, check_announced, document_type,
    owner_access, too_large, unsupported,
};
use crate::model::{self, Attachment};
use shared::http::DataOf;

const UPLOAD_WINDOW: Duration = Duration::from_secs(10 * 60);

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UploadRequest {
    owner_type: OwnerType,
    owner_id: Uuid,
    filename: String,
    content_type: String,
    /// Bytes.
    size: i64,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct UploadTicket {
    /// PUT the bytes here with the same Content-Type and Content-Length.
    upload_url: String,
    /// Present this key to `POST /api/attachments` once the upload is done.
    key: String,
    expires_at: DateTime<Utc>,
}

/// A presigned PUT for one file (PDF, JPEG, PNG, WebP or HEIC, at most 25 MB).
#[utoipa::path(post, path = "/api/attachments/upload", tag = "attachments", security(("bearer" = [])),
    request_body = UploadRequest,
    responses((status = 200, description = "Where to upload", body = DataOf<UploadTicket>),
              (status = 403, description = "Read-only member"),
              (status = 404, description = "No such record, or not in the caller's families"),
              (status = 413, description = "Larger than 25 MB"),
              (status = 415, description = "Not PDF, JPEG, PNG, WebP or HEIC"),
              (status = 422, description = "Invalid file name or size")))]
pub async fn upload(
    user: AuthUser,
    State(state): State<AppState>,
    ApiJson(input): ApiJson<UploadRequest>,
) -> ApiResult<Data<UploadTicket>> {
    let client = db::client(&state.db).await?;
    let access = owner_access(&client, &user, input.owner_type, input.owner_id).await?;
    access.require_write()?;
    check_announced(&input.content_type, input.size)?;
    Filename::parse(&input.filename)?;
    // The key names the child for housekeeping, never the file.
    let key = format!("attachments/{}/{}", access.child_id, Uuid::new_v4());
    let presigned = Storage::new(&state)
        .presign_put(&key, &input.content_type, input.size, UPLOAD_WINDOW)
        .await?;
    client
        .execute(
            "insert into upload_slots (object_key, purpose, child_id, owner_type, owner_id, content_type, size_bytes, created_by, expires_at)
             values ($1, 'attachment', $2, $3, $4, $5, $6, $7, $8)",
            &[&key, &access.child_id, &input.owner_type.as_str(), &input.owner_id,
              &input.content_type, &input.size, &user.id, &presigned.expires_at],
        )
        .await?;
    Ok(Data(UploadTicket {
        upload_url: presigned.url,
        key,
        expires_at: presigned.expires_at,
    }))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConfirmRequest {
    key: String,
    owner_type: OwnerType,
    owner_id: Uuid,
    filename: String,
    document_type: Option<String>,
}

fn upload_not_found() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "UPLOAD_NOT_FOUND",
        "No upload with this key for this record",
    )
}

/// Checks the uploaded object and answers its real type and size. A file that is
/// too large or not what it claims is deleted with its slot.
async fn check_object(
    state: &AppState,
    key: &str,
    announced: i64,
) -> ApiResult<(&'static str, i64)> {
    let storage = Storage::new(state);
    let info = storage.head(key).await?.filter(|info| info.size > 0);
    let info = info
        .ok_or_else(|| ApiError::invalid_field("key", "Nothing was uploaded under this key yet"))?;
    let verdict = if info.size > MAX_ATTACHMENT_BYTES || info.size > announced {
        Err(too_large())
    } else {
        storage::sniff(&storage.read_prefix(key, 16).await?)
            .filter(|t| ATTACHMENT_TYPES.contains(t))
            .map(|t| (t, info.size))
            .ok_or_else(unsupported)
    };
    if verdict.is_err() {
        storage.delete(key).await?;
        db::client(&state.db)
            .await?
            .execute("delete from upload_slots where object_key = $1", &[&key])
            .await?;
    }
    verdict
}

/// Turns an uploaded object into an attachment of the record it was issued for.
#[utoipa::path(post, path = "/api/attachments", tag = "attachments", security(("bearer" = [])),
    request_body = ConfirmRequest,
    responses((status = 201, description = "The new attachment", body = DataOf<Attachment>),
              (status = 403, description = "Read-only member"),
              (status = 404, description = "No such record, or no upload with this key for it"),
              (status = 413, description = "Larger than announced or than 25 MB"),
              (status = 415, description = "Not really a PDF, JPEG, PNG, WebP or HEIC file"),
              (status = 422, description = "Nothing was uploaded under this key, or invalid fields")))]
pub async fn confirm(
    user: AuthUser,
    State(state): State<AppState>,
    ApiJson(input): ApiJson<ConfirmRequest>,
) -> ApiResult<Created<Attachment>> {
    let client = db::client(&state.db).await?;
    let access = owner_access(&client, &user, input.owner_type, input.owner_id).await?;
    access.require_write()?;
    let filename = Filename::parse(&input.filename)?;
    let document_type = document_type(input.document_type.as_deref())?;
    let announced: i64 = client
        .query_opt(
            "select size_bytes from upload_slots
             where object_key = $1 and purpose = 'attachment' and child_id = $2
               and owner_type = $3 and owner_id = $4",
            &[
                &input.key,
                &access.child_id,
                &input.owner_type.as_str(),
                &input.owner_id,
            ],
        )
        .await?
        .ok_or_else(upload_not_found)?
        .get(0);
    drop(client);
    let (real_type, size) = check_object(&state, &input.key, announced).await?;

    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    // Claiming the slot makes a second confirmation of the same key a 404.
    let claimed = tx
        .execute(
            "delete from upload_slots where object_key = $1 and purpose = 'attachment'",
            &[&input.key],
        )
        .await?;
    if claimed == 0 {
        return Err(upload_not_found());
    }
    let id: Uuid = tx
        .query_one(
            "insert into attachments (child_id, owner_type, owner_id, object_key, filename, content_type, size_bytes, document_type, uploaded_by)
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning id",
            &[&access.child_id, &input.owner_type.as_str(), &input.owner_id, &input.key,
              &filename.as_str(), &real_type, &size, &document_type, &user.id],
        )
        .await?
        .get(0);
    let (attachment, _) = model::load(&tx, id).await?;
    model::record(&tx, &user, Action::Create, None, Some(&attachment)).await?;
    tx.commit().await?;
    Ok(Created(attachment))
}
