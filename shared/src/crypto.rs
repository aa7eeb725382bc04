//! Personal columns encrypted at rest with AES-256-GCM (a household's email and
//! phone). The key comes from configuration (`DATA_ENCRYPTION_KEY`, 32 bytes in
//! base64); during a rotation the old key stays readable as
//! `DATA_ENCRYPTION_KEY_PREVIOUS`.
//!
//! A sealed value is `1 | key id (4 bytes) | nonce (12 bytes) | ciphertext + tag`.
//! The key id names which key sealed it, so a value is opened with the key that
//! made it, and values sealed with the previous key can be found and re-sealed
//! ([`Keyring::is_current`]). Every value is bound to where it is stored (the
//! `context`, e.g. `locations.occupant_email:<id>`) as associated data, so a
//! ciphertext copied into another row or column does not open.
//!
//! Rotation: deploy the new key as `DATA_ENCRYPTION_KEY` and the old one as
//! `DATA_ENCRYPTION_KEY_PREVIOUS`; new writes use the new key, reads open both;
//! once every value is re-sealed (the map's `POST /api/locations/rotate-keys`),
//! remove the previous key.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use rand::RngCore;
use sha2::{Digest, Sha256};

const VERSION: u8 = 1;
const ID_LEN: usize = 4;
const NONCE_LEN: usize = 12;
const HEADER: usize = 1 + ID_LEN + NONCE_LEN;

/// Why a sealed value did not open.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CryptoError {
    #[error("the sealed value is malformed")]
    Malformed,
    #[error("the sealed value was made with a key that is not configured")]
    UnknownKey,
    #[error("the sealed value does not open with its key (tampered, or moved)")]
    Rejected,
}

#[derive(Clone)]
struct Key {
    id: [u8; ID_LEN],
    cipher: Aes256Gcm,
}

impl Key {
    fn from_base64(raw: &str) -> Result<Self, String> {
        let bytes = STANDARD
            .decode(raw.trim())
            .map_err(|_| "expected 32 bytes in base64".to_string())?;
        if bytes.len() != 32 {
            return Err(format!(
                "expected 32 bytes in base64, got {} bytes",
                bytes.len()
            ));
        }
        let cipher = Aes256Gcm::new_from_slice(&bytes).map_err(|e| e.to_string())?;
        // The id is a hash of the key, so it says nothing about the key itself.
        let digest = Sha256::new()
            .chain_update(b"fleet data key id\0")
            .chain_update(&bytes)
            .finalize();
        let mut id = [0; ID_LEN];
        id.copy_from_slice(&digest[..ID_LEN]);
        Ok(Self { id, cipher })
    }
}

/// The keys of the running configuration: the current one seals, both open.
#[derive(Clone)]
pub struct Keyring {
    current: Key,
    previous: Option<Key>,
}

impl std::fmt::Debug for Keyring {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Keyring")
            .field("previous", &self.previous.is_some())
            .finish_non_exhaustive()
    }
}

impl Keyring {
    /// The keyring of a current key and, during a rotation, the previous one
    /// (both 32 bytes in base64); the error says which is wrong and why.
    pub fn from_base64(current: &str, previous: Option<&str>) -> Result<Self, (bool, String)> {
        let current = Key::from_base64(current).map_err(|e| (true, e))?;
        let previous = previous
            .map(Key::from_base64)
            .transpose()
            .map_err(|e| (false, e))?;
        Ok(Self { current, previous })
    }

    /// Seals `plaintext` with the current key, bound to `context`.
    pub fn seal(&self, plaintext: &str, context: &str) -> Vec<u8> {
        let mut nonce = [0u8; NONCE_LEN];
        rand::thread_rng().fill_bytes(&mut nonce);
        let sealed = self
            .current
            .cipher
            .encrypt(
                Nonce::from_slice(&nonce),
                Payload {
                    msg: plaintext.as_bytes(),
                    aad: context.as_bytes(),
                },
            )
            // AES-GCM fails only beyond 64 GiB of plaintext.
            .unwrap_or_default();
        let mut out = Vec::with_capacity(HEADER + sealed.len());
        out.push(VERSION);
        out.extend_from_slice(&self.current.id);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        out
    }

    /// Opens a value sealed with either key for the same `context`.
    pub fn open(&self, sealed: &[u8], context: &str) -> Result<String, CryptoError> {
        if sealed.len() < HEADER + 16 || sealed[0] != VERSION {
            return Err(CryptoError::Malformed);
        }
        let id = &sealed[1..1 + ID_LEN];
        let key = std::iter::once(&self.current)
            .chain(self.previous.as_ref())
            .find(|k| k.id == id)
            .ok_or(CryptoError::UnknownKey)?;
        let plain = key
            .cipher
            .decrypt(
                Nonce::from_slice(&sealed[1 + ID_LEN..HEADER]),
                Payload {
                    msg: &sealed[HEADER..],
                    aad: context.as_bytes(),
                },
            )
            .map_err(|_| CryptoError::Rejected)?;
        String::from_utf8(plain).map_err(|_| CryptoError::Malformed)
    }

    /// Whether `sealed` was made with the current key (else it needs re-sealing
    /// before the previous key is retired).
    pub fn is_current(&self, sealed: &[u8]) -> bool {
        sealed.get(1..1 + ID_LEN) == Some(&self.current.id[..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    const B: &str = "HxseHRwbGhkYFxYVFBMSERAPDg0MCwoJCAcGBQQDAgE=";

    #[test]
    fn a_sealed_value_opens_and_holds_no_plaintext() {
        let keys = Keyring::from_base64(A, None).unwrap();
        let sealed = keys.seal("ada@example.org", "t.c:1");
        assert!(!String::from_utf8_lossy(&sealed).contains("ada@"));
        assert_eq!(keys.open(&sealed, "t.c:1").unwrap(), "ada@example.org");
        assert_ne!(sealed, keys.seal("ada@example.org", "t.c:1"), "fresh nonce");
    }

    #[test]
    fn a_value_moved_to_another_row_or_tampered_does_not_open() {
        let keys = Keyring::from_base64(A, None).unwrap();
        let mut sealed = keys.seal("555-0100", "t.c:1");
        assert_eq!(keys.open(&sealed, "t.c:2"), Err(CryptoError::Rejected));
        let last = sealed.len() - 1;
        sealed[last] ^= 1;
        assert_eq!(keys.open(&sealed, "t.c:1"), Err(CryptoError::Rejected));
        assert_eq!(keys.open(b"short", "t.c:1"), Err(CryptoError::Malformed));
    }

    #[test]
    fn rotation_opens_both_keys_and_seals_with_the_current_one() {
        let old = Keyring::from_base64(A, None).unwrap();
        let sealed_old = old.seal("old", "x");
        let rotated = Keyring::from_base64(B, Some(A)).unwrap();
        assert_eq!(rotated.open(&sealed_old, "x").unwrap(), "old");
        assert!(!rotated.is_current(&sealed_old));
        let sealed_new = rotated.seal("new", "x");
        assert!(rotated.is_current(&sealed_new));
        assert_eq!(old.open(&sealed_new, "x"), Err(CryptoError::UnknownKey));
        let retired = Keyring::from_base64(B, None).unwrap();
        assert_eq!(retired.open(&sealed_old, "x"), Err(CryptoError::UnknownKey));
    }

    #[test]
    fn keys_of_the_wrong_size_are_refused() {
        assert!(Keyring::from_base64("c2hvcnQ=", None).unwrap_err().0);
        assert!(!Keyring::from_base64(A, Some("???")).unwrap_err().0);
    }
}
