//! Changemaker Influence's domain, shared by the `campaigns` function and the
//! email worker and kept out of the core:
//!
//! - [`Level`]: the levels of government a campaign targets and a
//!   representative sits at;
//! - [`letter`]: a campaign's message as a supporter sends it: its variables,
//!   the checks an edit passes, its rendering for a representative, and its
//!   `mailto:` link.

pub mod letter;
mod level;

pub use level::Level;
