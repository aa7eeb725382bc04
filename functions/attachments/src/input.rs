//! What an attachment request may carry: its owner record, its file name, its type
//! and size. Each is parsed at the edge into a type that is valid by construction.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use shared::auth::AuthUser;
use shared::db::GenericClient;
use shared::domain::{Filename, Label};
use shared::uploads::{Owner, Purpose, Scope};
use shared::{ApiError, ApiResult};
use trajectory::access::{self, ChildAccess, RecordKind};
use uuid::Uuid;

/// Largest attachment accepted.
pub const MAX_ATTACHMENT_BYTES: i64 = 25 * 1024 * 1024;

/// What an attachment may be: the types accepted, as announced by the client
/// and as found by magic bytes, and the size.
pub const ATTACHMENTS: Purpose = Purpose {
    name: "attachment",
    prefix: "attachments",
    types: &[
        "application/pdf",
        "image/jpeg",
        "image/png",
        "image/webp",
        "image/heic",
    ],
    types_label: "PDF, JPEG, PNG, WebP and HEIC",
    max_bytes: MAX_ATTACHMENT_BYTES,
    owner_label: "record",
    window: Duration::from_secs(10 * 60),
};

/// The kind of record a file is attached to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OwnerType {
    Child,
    Visit,
    Measurement,
    Illness,
}

impl OwnerType {
    pub fn as_str(self) -> &'static str {
        match self {
            OwnerType::Child => "child",
            OwnerType::Visit => "visit",
            OwnerType::Measurement => "measurement",
            OwnerType::Illness => "illness",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, ApiError> {
        match raw {
            "child" => Ok(OwnerType::Child),
            "visit" => Ok(OwnerType::Visit),
            "measurement" => Ok(OwnerType::Measurement),
            "illness" => Ok(OwnerType::Illness),
            other => Err(ApiError::internal(format!("unknown owner type {other:?}"))),
        }
    }
}

/// The caller's access to the owner record, through its child; 404 when the
/// record does not exist or belongs to a family the caller is not in.
pub async fn owner_access(
    client: &impl GenericClient,
    user: &AuthUser,
    owner_type: OwnerType,
    owner_id: Uuid,
) -> ApiResult<ChildAccess> {
    match owner_type {
        OwnerType::Child => access::child(client, user, owner_id).await,
        OwnerType::Visit => access::record(client, user, RecordKind::Visit, owner_id).await,
        OwnerType::Measurement => {
            access::record(client, user, RecordKind::Measurement, owner_id).await
        }
        OwnerType::Illness => access::record(client, user, RecordKind::Illness, owner_id).await,
    }
}

/// The record an upload is for, filed under its child (who the caller's access
/// was checked through) so the key names the child, never the file.
pub fn upload_owner(owner_type: OwnerType, owner_id: Uuid, access: &ChildAccess) -> Owner {
    Owner {
        kind: owner_type.as_str(),
        id: owner_id,
        scope: Some(Scope::Child(access.child_id)),
    }
}

/// The file's name: 422 on `filename` when it is not one.
pub fn filename(raw: &str) -> Result<Filename, ApiError> {
    Filename::parse(raw).map_err(|message| ApiError::invalid_field("filename", message))
}

/// A document type (free, may be empty): 422 on `document_type` when it is not one.
pub fn document_type(raw: Option<&str>) -> Result<String, ApiError> {
    Label::parse(raw.unwrap_or_default())
        .map(Label::into_string)
        .map_err(|message| ApiError::invalid_field("document_type", message))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_names_and_types_answer_422_on_their_field() {
        let err = filename("a/b.pdf").unwrap_err();
        assert_eq!(err.status(), 422);
        assert!(err.details()["filename"].is_string());
        let err = document_type(Some("x\u{7}")).unwrap_err();
        assert!(err.details()["document_type"].is_string());
        assert_eq!(document_type(None).unwrap(), "");
    }

    #[test]
    fn announced_types_and_sizes() {
        let check_announced = |t: &str, size: i64| ATTACHMENTS.check_announced(t, size);
        assert!(check_announced("application/pdf", 1).is_ok());
        assert!(check_announced("image/heic", MAX_ATTACHMENT_BYTES).is_ok());
        assert_eq!(check_announced("text/html", 10).unwrap_err().status(), 415);
        assert_eq!(check_announced("image/gif", 10).unwrap_err().status(), 415);
        assert_eq!(
            check_announced("image/png", MAX_ATTACHMENT_BYTES + 1)
                .unwrap_err()
                .status(),
            413
        );
        assert_eq!(check_announced("image/png", 0).unwrap_err().status(), 422);
        assert_eq!(
            ATTACHMENTS.unsupported().message(),
            "Only PDF, JPEG, PNG, WebP and HEIC files are accepted"
        );
        assert_eq!(
            ATTACHMENTS.too_large().message(),
            "The file is larger than 25 MB"
        );
    }

    #[test]
    fn every_accepted_type_is_one_the_sniffer_finds() {
        let found = [
            &b"%PDF-1.7\n"[..],
            &[0xFF, 0xD8, 0xFF, 0xE0],
            b"\x89PNG\r\n\x1a\n",
            b"RIFF\x10\0\0\0WEBPVP8 ",
            b"\0\0\0\x18ftypheic",
        ]
        .map(shared::storage::sniff);
        for accepted in ATTACHMENTS.types {
            assert!(found.contains(&Some(*accepted)), "{accepted}");
        }
    }

    #[test]
    fn document_types() {
        assert_eq!(document_type(None).unwrap(), "");
        assert_eq!(document_type(Some(" lab result ")).unwrap(), "lab result");
        assert!(document_type(Some(&"x".repeat(101))).is_err());
        assert!(document_type(Some("a\u{0}b")).is_err());
    }

    #[test]
    fn owner_types_round_trip() {
        for t in [
            OwnerType::Child,
            OwnerType::Visit,
            OwnerType::Measurement,
            OwnerType::Illness,
        ] {
            assert_eq!(OwnerType::parse(t.as_str()).unwrap(), t);
        }
        assert!(OwnerType::parse("family").is_err());
    }
}
