//! Uploads: the one way a module lets a client store a file. Objects never pass
//! through a function; the client PUTs them to S3 and the server checks them.
//!
//! 1. [`Purpose::issue`] (or [`Purpose::issue_multipart`] for objects of many
//!    GB) checks the announced type and size, records an upload slot
//!    (`upload_slots`: owner, purpose, announced size, expiry, creator) and
//!    hands out presigned URLs and the key to present once the bytes are up.
//! 2. The client PUTs the bytes (and, for a multipart upload, the module calls
//!    [`Purpose::complete`] with the parts' ETags; meanwhile
//!    [`Purpose::presign_parts`] gives fresh URLs to resume with, and
//!    [`Purpose::abort`] gives up; the scheduler aborts what nobody finished,
//!    [`abort_abandoned`]).
//! 3. [`Purpose::claim`] takes the slot once, makes the uploaded bytes the
//!    served bytes (copied to the final key, which no client URL can write),
//!    checks the served object (present, size within the announced size and the
//!    purpose's limit, real type by magic bytes), and runs the module's own
//!    transaction with the checked object. A refused object is deleted with its
//!    slot; a slot nobody confirms is purged with its object by the scheduler
//!    ([`purge_expired`]).
//!
//! A module keeps only what is its own: a [`Purpose`] (types, limit, key
//! prefix), the [`Owner`] it checked access to, and what to do with the object
//! (often to keep it in one column of its record: [`ObjectColumn`]).

mod claim;
mod column;
mod issue;
mod parts;
mod rules;

use std::time::Duration;

use chrono::{DateTime, Utc};
use uuid::Uuid;

pub use crate::storage::CompletedPart;
pub use claim::{Claimed, purge_expired};
pub use column::ObjectColumn;
pub use issue::Announced;
pub use parts::abort_abandoned;

/// The rules one kind of upload follows. Declared once per kind, as a `const`.
#[derive(Debug, Clone, Copy)]
pub struct Purpose {
    /// Stored with each slot (`upload_slots.purpose`); a slot is only ever
    /// claimed for the purpose it was issued for.
    pub name: &'static str,
    /// The first folder of the final keys: `<prefix>/<scope or owner>/<uuid>`.
    pub prefix: &'static str,
    /// The accepted types: announced by the client, and found by magic bytes
    /// (each must be one [`crate::storage::sniff`] recognises).
    pub types: &'static [&'static str],
    /// The accepted types as people read them, for the 415 message
    /// ("Only {types_label} files are accepted").
    pub types_label: &'static str,
    /// The largest object accepted, in bytes.
    pub max_bytes: i64,
    /// What the key is for in the 404 message ("No upload with this key for
    /// this {owner_label}").
    pub owner_label: &'static str,
    /// How long the upload URLs, and so the slot, stay valid.
    pub window: Duration,
}

/// What an upload is for: the record that will use it. The module checks the
/// caller's access to it before issuing or claiming; a slot is only claimed for
/// the owner it was issued for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Owner {
    /// The kind of record, such as `child`, `visit` or `campaign`.
    pub kind: &'static str,
    pub id: Uuid,
    /// The data the upload is filed under for authorization and clean-up, when
    /// it belongs to such data.
    pub scope: Option<Scope>,
}

/// The data an upload is filed under. Each kind has its own column in
/// `upload_slots`, a foreign key that removes the slot with its scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// A Trajectory child (`upload_slots.child_id`): deleting the child
    /// deletes its pending uploads.
    Child(Uuid),
}

impl Owner {
    /// The owner's own id names the folder when there is no scope.
    fn folder(&self) -> Uuid {
        match self.scope {
            Some(Scope::Child(child)) => child,
            None => self.id,
        }
    }

    fn child_id(&self) -> Option<Uuid> {
        self.scope.map(|Scope::Child(child)| child)
    }
}

/// A single presigned PUT and the key to present once the bytes are up.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
#[schema(as = UploadTicket)]
pub struct Ticket {
    /// PUT the bytes here with the same Content-Type and Content-Length.
    pub upload_url: String,
    /// Present this key to confirm the upload; the file is stored under it.
    pub key: String,
    pub expires_at: DateTime<Utc>,
}

/// A multipart upload: one presigned PUT per part, then a completion.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
#[schema(as = MultipartUploadTicket)]
pub struct MultipartTicket {
    /// Present this key to complete, then to confirm the upload.
    pub key: String,
    /// Every part but the last has exactly this many bytes.
    pub part_size: i64,
    /// In order; each PUT answers an `ETag` that completion needs.
    pub parts: Vec<PartUrl>,
    pub expires_at: DateTime<Utc>,
}

/// Where to PUT one part of a multipart upload.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct PartUrl {
    pub part_number: i32,
    pub url: String,
}
