//! Opaque random tokens (refresh, reset, invite): 256 random bits, URL-safe,
//! stored only as their SHA-256.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::{Digest, Sha256};

/// A fresh token to hand to a client once.
pub fn generate() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The token that replaces `token` when it is rotated: a keyed hash of it, so the
/// same successor can be answered again to a client that lost the first answer
/// (see `auth::session`), while only hashes are ever stored. Unpredictable without
/// both `token` and `key`.
pub fn successor(key: &[u8], token: &str) -> String {
    // HMAC accepts a key of any length; `new_from_slice` cannot fail for it.
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(key) else {
        return generate();
    };
    mac.update(b"refresh-token-successor\0");
    mac.update(token.as_bytes());
    URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
}

/// The value stored in the database for a token.
pub fn hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// Compares two secrets in constant time.
pub fn same_secret(a: &str, b: &str) -> bool {
    use subtle::ConstantTimeEq;
    let (a, b) = (Sha256::digest(a.as_bytes()), Sha256::digest(b.as_bytes()));
    a.ct_eq(&b).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_unique_and_url_safe() {
        let a = generate();
        assert_eq!(a.len(), 43);
        assert_ne!(a, generate());
        assert!(
            a.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        );
    }

    #[test]
    fn successors_are_stable_per_key_and_look_like_tokens() {
        let token = generate();
        let next = successor(b"key-one", &token);
        assert_eq!(next, successor(b"key-one", &token));
        assert_ne!(next, successor(b"key-two", &token));
        assert_ne!(next, successor(b"key-one", &generate()));
        assert_ne!(next, token);
        assert_eq!(next.len(), 43);
    }

    #[test]
    fn hashes_are_stable_and_distinct() {
        assert_eq!(hash("abc"), hash("abc"));
        assert_ne!(hash("abc"), hash("abd"));
        assert_eq!(hash("abc").len(), 32);
    }

    #[test]
    fn secret_comparison() {
        assert!(same_secret("setup-token", "setup-token"));
        assert!(!same_secret("setup-token", "setup-tokeN"));
        assert!(!same_secret("setup-token", ""));
    }
}
