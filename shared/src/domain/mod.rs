//! Domain types: every input field becomes one of these at the edge, so past the
//! edge a value is valid by construction. Each `parse` answers a message fit for a
//! person, to record with [`crate::error::FieldErrors::take`].
//!
//! - [`Line`] (one line, required unless its minimum is 0) and [`Text`] (free text,
//!   may be empty), with the
//!   one rule for length and control characters; [`Name`], [`Notes`] and friends are
//!   their usual sizes.
//! - [`Email`], parsed strictly so that a mail service never refuses it later.
//! - [`Username`], [`Filename`], [`Sex`] and Canadian [`PostalCode`]s.
//! - [`Date`]: a calendar date PostgreSQL can store, written `YYYY-MM-DD`.

mod date;
mod email;
mod filename;
mod postal_code;
mod sex;
mod sql;
mod text;
mod username;

pub use date::Date;
pub use email::Email;
pub use filename::Filename;
pub use postal_code::PostalCode;
pub use sex::Sex;
pub use text::{Line, Text, TextRule};
pub use username::Username;

/// A person's, a family's or a record's name: one line of 1 to 100 characters.
pub type Name = Line<100>;
/// A title or a short label: one line of 1 to 200 characters.
pub type Title = Line<200>;
/// A display name, which may be empty: one line of at most 100 characters.
pub type DisplayName = Line<100, 0>;
/// A short optional text (a place, a dose): at most 200 characters.
pub type ShortText = Text<200>;
/// A longer description (symptoms, a treatment): at most 2,000 characters.
pub type LongText = Text<2000>;
/// A label someone picks, which may be empty (a document type): one line of at
/// most 100 characters.
pub type Label = Line<100, 0>;
/// Free-text notes: at most 5,000 characters.
pub type Notes = Text<5000>;
