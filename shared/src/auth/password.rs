//! Password policy, argon2id hashing, and verification of imported bcrypt hashes.
//!
//! Hashing and verifying are deliberately slow (tens of milliseconds of CPU and
//! 19 MiB each). Handlers call the `async` forms, which run the work on the
//! blocking pool and at most [`concurrency`] at once per process, so a burst of
//! sign-ins queues for the CPU instead of starving every other request.

use std::sync::OnceLock;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use tokio::sync::Semaphore;

use crate::error::ApiError;

/// A password that meets the policy: 12 to 256 characters with an upper-case
/// letter, a lower-case letter and a digit.
#[derive(Clone)]
pub struct NewPassword(String);

/// Why a password was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error(
    "Password must be at least 12 characters long and contain an upper-case letter, a lower-case letter and a digit"
)]
pub struct WeakPassword;

impl NewPassword {
    pub fn parse(raw: &str) -> Result<Self, WeakPassword> {
        let length = raw.chars().count();
        let ok = (12..=256).contains(&length)
            && raw.chars().any(|c| c.is_uppercase())
            && raw.chars().any(|c| c.is_lowercase())
            && raw.chars().any(|c| c.is_ascii_digit());
        if ok {
            Ok(Self(raw.to_string()))
        } else {
            Err(WeakPassword)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPassword(..)")
    }
}

/// Hashing failed (never for a valid input; kept as an error, not a panic).
#[derive(Debug, thiserror::Error)]
#[error("password hashing failed: {0}")]
pub struct HashError(String);

/// OWASP's argon2id parameters: 19 MiB, 2 iterations, 1 lane.
fn hasher() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hashes a password with argon2id and a random salt (PHC string).
pub fn hash(password: &NewPassword) -> Result<String, HashError> {
    hash_raw(password.as_str())
}

/// Re-hashes a password that was just verified against a legacy hash; such
/// passwords may predate the policy, so it is not applied.
pub fn rehash(verified_password: &str) -> Result<String, HashError> {
    hash_raw(verified_password)
}

fn hash_raw(password: &str) -> Result<String, HashError> {
    let salt = SaltString::generate(&mut rand::rngs::OsRng);
    hasher()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| HashError(e.to_string()))
}

/// The result of checking a password against a stored hash.
#[derive(Debug, PartialEq, Eq)]
pub enum Verified {
    /// Wrong password (or unusable hash).
    No,
    /// Right password, hash is current.
    Yes,
    /// Right password, but the hash is legacy (bcrypt) or weaker: store a new one.
    YesRehash,
}

/// Checks a password against an argon2 PHC string or a legacy bcrypt hash.
pub fn verify(password: &str, stored: &str) -> Verified {
    if stored.starts_with("$2") {
        return match bcrypt::verify(password, stored) {
            Ok(true) => Verified::YesRehash,
            _ => Verified::No,
        };
    }
    let Ok(parsed) = PasswordHash::new(stored) else {
        return Verified::No;
    };
    if hasher()
        .verify_password(password.as_bytes(), &parsed)
        .is_err()
    {
        return Verified::No;
    }
    let current = parsed.algorithm.as_str() == "argon2id"
        && parsed.params.get_decimal("m") == Some(19 * 1024)
        && parsed.params.get_decimal("t") == Some(2);
    if current {
        Verified::Yes
    } else {
        Verified::YesRehash
    }
}

/// Spends the same work as a real verification, for unknown accounts, so that
/// response timing does not reveal whether an account exists.
pub fn verify_dummy(password: &str) {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let stored =
        DUMMY.get_or_init(|| hash_raw("dummy-password-for-timing-Aa1").unwrap_or_default());
    let _ = verify(password, stored);
}

/// How many hashes run at once: one per CPU, so the async workers keep a fair share.
pub fn concurrency() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

/// Runs slow password work on the blocking pool, within the concurrency limit.
async fn limited<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, ApiError> {
    static PERMITS: OnceLock<Semaphore> = OnceLock::new();
    let permits = PERMITS.get_or_init(|| Semaphore::new(concurrency()));
    let _permit = permits.acquire().await.map_err(ApiError::internal)?;
    tokio::task::spawn_blocking(work)
        .await
        .map_err(ApiError::internal)
}

/// [`hash`] off the async runtime. Call it last, once every cheaper check passed.
pub async fn hash_async(password: NewPassword) -> Result<String, ApiError> {
    limited(move || hash(&password))
        .await?
        .map_err(ApiError::internal)
}

/// [`rehash`] off the async runtime.
pub async fn rehash_async(verified_password: String) -> Result<String, ApiError> {
    limited(move || rehash(&verified_password))
        .await?
        .map_err(ApiError::internal)
}

/// [`verify`] off the async runtime; with no stored hash (an unknown account) it
/// spends the same work and answers [`Verified::No`].
pub async fn verify_async(password: String, stored: Option<String>) -> Result<Verified, ApiError> {
    limited(move || match stored {
        Some(stored) => verify(&password, &stored),
        None => {
            verify_dummy(&password);
            Verified::No
        }
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_accepts_and_refuses() {
        assert!(NewPassword::parse("Correct-Horse-9").is_ok());
        assert!(NewPassword::parse("Ünïcode-Pässw0rd").is_ok());
        for weak in [
            "Short1A",
            "alllowercase123",
            "ALLUPPERCASE123",
            "NoDigitsHereAtAll",
            "",
        ] {
            assert_eq!(NewPassword::parse(weak).err(), Some(WeakPassword), "{weak}");
        }
        assert!(NewPassword::parse(&format!("Aa1{}", "x".repeat(300))).is_err());
    }

    #[test]
    fn argon2id_round_trip() {
        let password = NewPassword::parse("Correct-Horse-9").unwrap();
        let stored = hash(&password).unwrap();
        assert!(stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert_eq!(verify("Correct-Horse-9", &stored), Verified::Yes);
        assert_eq!(verify("correct-horse-9", &stored), Verified::No);
        assert_ne!(stored, hash(&password).unwrap(), "salts differ");
    }

    #[test]
    fn legacy_bcrypt_verifies_and_asks_for_rehash() {
        let stored = bcrypt::hash("Imported-Pass1", 4).unwrap();
        assert_eq!(verify("Imported-Pass1", &stored), Verified::YesRehash);
        assert_eq!(verify("Imported-Pass2", &stored), Verified::No);
    }

    #[tokio::test]
    async fn the_async_forms_agree_with_the_plain_ones() {
        let password = NewPassword::parse("Correct-Horse-9").unwrap();
        let stored = hash_async(password).await.unwrap();
        let check = |p: &str, s: Option<&str>| verify_async(p.into(), s.map(String::from));
        assert_eq!(
            check("Correct-Horse-9", Some(&stored)).await.unwrap(),
            Verified::Yes
        );
        assert_eq!(check("Correct-Horse-9", None).await.unwrap(), Verified::No);
        let fresh = rehash_async("legacy".into()).await.unwrap();
        assert_eq!(verify("legacy", &fresh), Verified::Yes);
    }

    #[test]
    fn garbage_hashes_never_verify() {
        assert_eq!(verify("anything", ""), Verified::No);
        assert_eq!(verify("anything", "not a hash"), Verified::No);
        assert_eq!(verify("anything", "$2b$broken"), Verified::No);
    }
}
