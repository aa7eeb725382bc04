//! The rules of a slot that need neither storage nor database: what a client
//! may announce, how a stored object is judged against its slot, how a large
//! object is cut into parts, and how keys are laid out (never from anything the
//! client named).

use axum::http::StatusCode;
use uuid::Uuid;

use crate::error::ApiError;
use crate::storage::sniff;

use super::{Owner, Purpose};

const MIB: i64 = 1024 * 1024;
/// The most one PUT can store (an S3 limit), and the most `CopyObject` copies.
pub(super) const SINGLE_PUT_MAX: i64 = 5 * 1024 * MIB;
/// Parts are at least this large; S3 wants 5 MiB for all but the last.
const MIN_PART: i64 = 8 * MIB;
/// A ticket lists every part's URL, so their number stays small enough for one
/// response (S3 itself allows 10,000).
const MAX_PARTS: i64 = 1000;

/// Why a stored object is not claimed.
#[derive(Debug)]
pub(super) enum Refusal {
    /// Nothing (or nothing but an empty object) is stored yet: the client may
    /// still upload and confirm again.
    NotUploaded,
    /// The object breaks the purpose's rules: it is deleted with its slot.
    Rejected(ApiError),
}

impl Refusal {
    pub(super) fn into_error(self) -> ApiError {
        match self {
            Refusal::NotUploaded => {
                ApiError::invalid_field("key", "Nothing was uploaded under this key yet")
            }
            Refusal::Rejected(err) => err,
        }
    }
}

impl Purpose {
    /// 415: the type is not one this purpose accepts.
    pub fn unsupported(&self) -> ApiError {
        ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "UNSUPPORTED_MEDIA_TYPE",
            format!("Only {} files are accepted", self.types_label),
        )
    }

    /// 413: larger than this purpose accepts.
    pub fn too_large(&self) -> ApiError {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "FILE_TOO_LARGE",
            format!("The file is larger than {} MB", self.max_bytes / MIB),
        )
    }

    /// 404: no open slot of this purpose for this owner under this key.
    pub fn not_found(&self) -> ApiError {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "UPLOAD_NOT_FOUND",
            format!("No upload with this key for this {}", self.owner_label),
        )
    }

    /// Checks an announced type and size before any URL is handed out.
    pub fn check_announced(&self, content_type: &str, size: i64) -> Result<(), ApiError> {
        if !self.types.contains(&content_type) {
            return Err(self.unsupported());
        }
        if size > self.max_bytes {
            return Err(self.too_large());
        }
        if size < 1 {
            return Err(ApiError::invalid_field("size", "The file is empty"));
        }
        Ok(())
    }

    /// Judges the stored object's size (`None` when nothing is stored) against
    /// the announced size and the purpose's limit.
    pub(super) fn judge_size(&self, announced: i64, stored: Option<i64>) -> Result<i64, Refusal> {
        match stored {
            // An empty object is what a PUT that lost its body leaves behind.
            None | Some(0) => Err(Refusal::NotUploaded),
            Some(size) if size > self.max_bytes || size > announced => {
                Err(Refusal::Rejected(self.too_large()))
            }
            Some(size) => Ok(size),
        }
    }

    /// The object's real type from its first bytes, when the purpose accepts it.
    pub(super) fn judge_type(&self, first_bytes: &[u8]) -> Result<&'static str, Refusal> {
        sniff(first_bytes)
            .filter(|real| self.types.contains(real))
            .ok_or_else(|| Refusal::Rejected(self.unsupported()))
    }

    /// Where a claimed object is served from: `<prefix>/<scope or owner>/<uuid>`.
    pub(super) fn final_key(&self, owner: &Owner) -> String {
        format!("{}/{}/{}", self.prefix, owner.folder(), Uuid::new_v4())
    }

    /// Where a single PUT writes before the object is claimed.
    pub(super) fn upload_key(&self) -> String {
        format!("uploads/{}/{}", self.name, Uuid::new_v4())
    }
}

/// How a multipart upload of `size` bytes is cut: the part size and the number
/// of parts, or `None` when it would need parts larger than one PUT can hold.
pub(super) fn plan_parts(size: i64) -> Option<(i64, i32)> {
    let size = u64::try_from(size).ok().filter(|size| *size > 0)?;
    let mib = MIB.unsigned_abs();
    let needed = size.div_ceil(MAX_PARTS.unsigned_abs()).div_ceil(mib) * mib;
    let part_size = needed.max(MIN_PART.unsigned_abs());
    if part_size > SINGLE_PUT_MAX.unsigned_abs() {
        return None;
    }
    let count = i32::try_from(size.div_ceil(part_size)).ok()?;
    Some((i64::try_from(part_size).ok()?, count))
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::uploads::Scope;

    const IMAGES: Purpose = Purpose {
        name: "test_image",
        prefix: "images",
        types: &["image/png", "image/jpeg"],
        types_label: "PNG and JPEG",
        max_bytes: 5 * MIB,
        owner_label: "record",
        window: Duration::from_secs(600),
    };
    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

    #[test]
    fn announced_types_and_sizes() {
        assert!(IMAGES.check_announced("image/png", 1).is_ok());
        assert!(IMAGES.check_announced("image/jpeg", 5 * MIB).is_ok());
        let refused = |t: &str, size: i64| IMAGES.check_announced(t, size).unwrap_err();
        assert_eq!(refused("image/gif", 10).status(), 415);
        assert_eq!(refused("application/pdf", 10).status(), 415);
        assert_eq!(refused("image/png", 5 * MIB + 1).status(), 413);
        assert_eq!(refused("image/png", 0).status(), 422);
        assert_eq!(refused("image/png", -1).status(), 422);
    }

    #[test]
    fn messages_name_the_purpose() {
        assert_eq!(
            IMAGES.unsupported().message(),
            "Only PNG and JPEG files are accepted"
        );
        assert_eq!(IMAGES.too_large().message(), "The file is larger than 5 MB");
        let missing = IMAGES.not_found();
        assert_eq!(missing.status(), 404);
        assert_eq!(missing.code(), "UPLOAD_NOT_FOUND");
        assert_eq!(missing.message(), "No upload with this key for this record");
    }

    #[test]
    fn a_stored_object_is_judged_by_its_real_size_and_type() {
        assert!(matches!(
            IMAGES.judge_size(100, None),
            Err(Refusal::NotUploaded)
        ));
        assert!(matches!(
            IMAGES.judge_size(100, Some(0)),
            Err(Refusal::NotUploaded)
        ));
        assert_eq!(IMAGES.judge_size(100, Some(100)).unwrap(), 100);
        assert_eq!(IMAGES.judge_size(100, Some(60)).unwrap(), 60);
        for (announced, stored) in [(100, 101), (10 * MIB, 5 * MIB + 1)] {
            match IMAGES.judge_size(announced, Some(stored)) {
                Err(Refusal::Rejected(err)) => assert_eq!(err.status(), 413),
                other => panic!("{announced}/{stored}: {other:?}"),
            }
        }
        assert_eq!(IMAGES.judge_type(PNG).unwrap(), "image/png");
        for bytes in [&b"<html><script>"[..], b"%PDF-1.7\n", b""] {
            match IMAGES.judge_type(bytes) {
                Err(Refusal::Rejected(err)) => assert_eq!(err.status(), 415),
                other => panic!("{bytes:?}: {other:?}"),
            }
        }
        assert_eq!(Refusal::NotUploaded.into_error().status(), 422);
    }

    #[test]
    fn keys_hold_only_ids() {
        let child = Uuid::new_v4();
        let record = Uuid::new_v4();
        let scoped = Owner {
            kind: "visit",
            id: record,
            scope: Some(Scope::Child(child)),
        };
        let key = IMAGES.final_key(&scoped);
        let (folder, id) = key
            .strip_prefix("images/")
            .and_then(|rest| rest.split_once('/'))
            .unwrap();
        assert_eq!(folder, child.to_string());
        assert!(Uuid::parse_str(id).is_ok(), "{key}");
        assert_ne!(key, IMAGES.final_key(&scoped), "a new key every time");
        let unscoped = Owner {
            kind: "campaign",
            id: record,
            scope: None,
        };
        assert!(
            IMAGES
                .final_key(&unscoped)
                .starts_with(&format!("images/{record}/"))
        );
        let upload = IMAGES.upload_key();
        assert!(upload.starts_with("uploads/test_image/"), "{upload}");
        assert!(
            !upload.starts_with("images/"),
            "never where objects are served"
        );
    }

    #[test]
    fn large_objects_are_cut_into_few_parts() {
        assert_eq!(plan_parts(1), Some((MIN_PART, 1)));
        assert_eq!(plan_parts(MIN_PART), Some((MIN_PART, 1)));
        assert_eq!(plan_parts(MIN_PART + 1), Some((MIN_PART, 2)));
        // 20 GB: 1000 parts of 20 MiB at most.
        let (part, count) = plan_parts(20_000_000_000).unwrap();
        assert_eq!(part % MIB, 0);
        assert!(i64::from(count) <= MAX_PARTS && part * i64::from(count) >= 20_000_000_000);
        assert!(
            part * i64::from(count - 1) < 20_000_000_000,
            "no empty part"
        );
        // Beyond 1000 parts of 5 GiB there is no plan.
        assert!(plan_parts(MAX_PARTS * SINGLE_PUT_MAX).is_some());
        assert_eq!(plan_parts(MAX_PARTS * SINGLE_PUT_MAX + 1), None);
        assert_eq!(plan_parts(0), None);
    }
}
