//! Identity: roles, passwords, access tokens, opaque tokens and the `AuthUser`
//! extractor.

pub mod account;
mod extractor;
pub mod jwt;
pub mod password;
mod role;
pub mod tokens;

pub use extractor::AuthUser;
pub use jwt::{Claims, JwtKeys};
pub use role::{Role, UnknownRole};
