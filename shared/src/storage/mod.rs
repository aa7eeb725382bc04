//! The S3 operations the platform needs. Objects never pass through a function:
//! clients upload and download with presigned URLs.
//!
//! - `objects`: [`Storage`], the calls on single objects (presign, head, read,
//!   put, copy, delete)
//! - `multipart`: the same [`Storage`] for objects uploaded in parts, by clients
//!   or streamed by the server ([`UploadStream`])
//! - `sniff`: an object's real type from its first bytes
//! - `deletions`: objects deleted once the records that used them are gone
//! - `disposition`: the `Content-Disposition` of a download

mod deletions;
mod disposition;
mod multipart;
mod objects;
mod sniff;

pub use deletions::{delete_later, drain_deletions};
pub use disposition::content_disposition;
pub use multipart::{CompletedPart, MIN_PART_SIZE, PartBuffer, UploadStream};
pub use objects::{ObjectInfo, ObjectReader, Presigned, Storage};
pub use sniff::{SNIFF_BYTES, sniff};
