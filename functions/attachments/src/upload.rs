//! Uploads: the browser PUTs the file straight to S3 through the upload kit
//! (`shared::uploads`), which checks the object (issued for this record,
//! present, size, real type by magic bytes) before it becomes an attachment.
//! What is the attachment's own: its owner record, its file name and document
//! type, and the attachment row written with the checked object.

use axum::extract::State;
use serde::Deserialize;
use shared::audit::Action;
use shared::auth::AuthUser;
use shared::http::{ApiJson, Created, Data, DataOf};
use shared::uploads::{Announced, Ticket};
use shared::{ApiResult, AppState, db};
use uuid::Uuid;

use crate::input::{ATTACHMENTS, OwnerType, document_type, filename, owner_access, upload_owner};
use crate::model::{self, Attachment};

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

/// A presigned PUT for one file (PDF, JPEG, PNG, WebP or HEIC, at most 25 MB).
/// Present the ticket's key to `POST /api/attachments` once the upload is done.
#[utoipa::path(post, path = "/api/attachments/upload", tag = "attachments", security(("bearer" = [])),
    request_body = UploadRequest,
    responses((status = 200, description = "Where to upload", body = DataOf<Ticket>),
              (status = 403, description = "Read-only member"),
              (status = 404, description = "No such record, or not in the caller's families"),
              (status = 413, description = "Larger than 25 MB"),
              (status = 415, description = "Not PDF, JPEG, PNG, WebP or HEIC"),
              (status = 422, description = "Invalid file name or size")))]
pub async fn upload(
    user: AuthUser,
    State(state): State<AppState>,
    ApiJson(input): ApiJson<UploadRequest>,
) -> ApiResult<Data<Ticket>> {
    let client = db::client(&state.db).await?;
    let access = owner_access(&client, &user, input.owner_type, input.owner_id).await?;
    access.require_write()?;
    // The type and size answer before the name does.
    ATTACHMENTS.check_announced(&input.content_type, input.size)?;
    filename(&input.filename)?;
    let announced = Announced {
        content_type: &input.content_type,
        size: input.size,
    };
    let owner = upload_owner(input.owner_type, input.owner_id, &access);
    let ticket = ATTACHMENTS
        .issue(&state, &client, &owner, user.id, announced)
        .await?;
    Ok(Data(ticket))
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
    let access = {
        let client = db::client(&state.db).await?;
        owner_access(&client, &user, input.owner_type, input.owner_id).await?
    };
    access.require_write()?;
    let filename = filename(&input.filename)?;
    let document_type = document_type(input.document_type.as_deref())?;
    let owner = upload_owner(input.owner_type, input.owner_id, &access);
    let attachment = ATTACHMENTS
        .claim(&state, &owner, &input.key, async |tx, file| {
            let id: Uuid = tx
                .query_one(
                    "insert into attachments (child_id, owner_type, owner_id, object_key, filename, content_type, size_bytes, document_type, uploaded_by)
                     values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning id",
                    &[&access.child_id, &input.owner_type.as_str(), &input.owner_id, &file.key,
                      &filename.as_str(), &file.content_type, &file.size, &document_type, &user.id],
                )
                .await?
                .get(0);
            let (attachment, _) = model::load(tx, id).await?;
            model::record(tx, &user, Action::Create, None, Some(&attachment)).await?;
            Ok(attachment)
        })
        .await?;
    Ok(Created(attachment))
}
