//! Single sign-on with OpenID Connect: the relying party's side of the
//! authorization code flow with PKCE, for the providers the site administrator
//! configures (Authentik, Keycloak, any OpenID Connect issuer).
//!
//! - [`discovery`]: a provider's metadata (`{issuer}/.well-known/openid-configuration`)
//!   and signing keys (JWKS), both cached per process; the keys are fetched
//!   again when a token names a key they do not hold (the provider rotated).
//! - [`flow`]: the secrets of one sign-in (`state`, `nonce`, PKCE verifier), the
//!   authorization URL, the code exchange, and what the provider says about the
//!   person ([`flow::sign_in`]: the verified ID token, completed by userinfo).
//! - [`id_token`]: ID token verification: signature against the provider's keys
//!   with an allow-list of asymmetric algorithms (never `none`, never HMAC),
//!   `iss`, `aud`/`azp`, `exp`/`iat` with a small leeway, and the `nonce`.
//! - [`providers`]: the configured providers as stored (client secrets sealed
//!   with [`crate::crypto::Keyring`]) and the rule that keeps someone able to
//!   administer the site when password sign-in is switched off.
//! - [`ReturnPath`]: where a browser may be sent back to after signing in.
//!
//! The HTTP routes live in the `auth` function (the flow, linking) and the
//! `users` function (the administrator's provider settings).

pub mod discovery;
pub mod flow;
pub mod id_token;
pub mod providers;
mod return_path;

pub use return_path::ReturnPath;

/// Why a sign-in with a provider did not go through. The client sees only the
/// code (see [`OidcError::code`]); the reason is for the log, and never holds a
/// token, a code or an address.
#[derive(Debug, thiserror::Error)]
pub enum OidcError {
    /// The provider could not be asked, or answered something unusable.
    #[error("the identity provider is unavailable: {0}")]
    Unavailable(String),
    /// The provider refused to exchange the code (expired, used, wrong client).
    #[error("the identity provider refused the code: {0}")]
    Exchange(String),
    /// The ID token failed verification.
    #[error("the ID token was refused: {0}")]
    Token(#[from] id_token::TokenError),
}

impl OidcError {
    /// The machine code answered to the browser.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Unavailable(_) => "OIDC_PROVIDER_UNAVAILABLE",
            Self::Exchange(_) => "OIDC_CODE_REFUSED",
            Self::Token(id_token::TokenError::Nonce) => "OIDC_NONCE_MISMATCH",
            Self::Token(_) => "OIDC_TOKEN_INVALID",
        }
    }
}
