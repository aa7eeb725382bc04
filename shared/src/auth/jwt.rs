//! Access tokens: HS256 JWTs, 15 minutes, with issuer and audience checked and the
//! algorithm pinned.

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::Role;
use crate::config::Config;

/// How long an access token lives.
pub const ACCESS_TOKEN_TTL_SECS: i64 = 15 * 60;

/// The claims of an access token.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Claims {
    pub sub: Uuid,
    pub role: Role,
    pub iat: i64,
    pub exp: i64,
    pub iss: String,
    pub aud: String,
}

/// Signs and verifies access tokens. Built once at cold start.
#[derive(Clone)]
pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    issuer: String,
    audience: String,
}

/// A token that does not verify, for whatever reason.
#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    #[error("the token has expired")]
    Expired,
    #[error("the token is invalid")]
    Invalid,
    #[error("the token could not be signed: {0}")]
    Signing(String),
}

impl JwtKeys {
    pub fn new(secret: &[u8], issuer: &str, audience: &str) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.algorithms = vec![Algorithm::HS256];
        validation.set_issuer(&[issuer]);
        validation.set_audience(&[audience]);
        validation.set_required_spec_claims(&["exp", "iat", "iss", "aud", "sub"]);
        validation.leeway = 5;
        Self {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
            issuer: issuer.to_string(),
            audience: audience.to_string(),
        }
    }

    pub fn from_config(config: &Config) -> Self {
        Self::new(&config.jwt_secret, &config.jwt_issuer, &config.jwt_audience)
    }

    /// Issues a token for a user, valid from `now` (unix seconds).
    pub fn issue(&self, user_id: Uuid, role: Role, now: i64) -> Result<String, TokenError> {
        let claims = Claims {
            sub: user_id,
            role,
            iat: now,
            exp: now + ACCESS_TOKEN_TTL_SECS,
            iss: self.issuer.clone(),
            aud: self.audience.clone(),
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(|e| TokenError::Signing(e.to_string()))
    }

    /// Verifies signature, algorithm, expiry, issuer and audience.
    pub fn verify(&self, token: &str) -> Result<Claims, TokenError> {
        jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation)
            .map(|data| data.claims)
            .map_err(|e| match e.kind() {
                jsonwebtoken::errors::ErrorKind::ExpiredSignature => TokenError::Expired,
                _ => TokenError::Invalid,
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    fn keys() -> JwtKeys {
        JwtKeys::new(b"0123456789abcdef0123456789abcdef", "fleet", "fleet-api")
    }

    fn now() -> i64 {
        chrono::Utc::now().timestamp()
    }

    #[test]
    fn issued_tokens_verify_with_their_claims() {
        let id = Uuid::new_v4();
        let token = keys().issue(id, Role::MapAdmin, now()).unwrap();
        let claims = keys().verify(&token).unwrap();
        assert_eq!(claims.sub, id);
        assert_eq!(claims.role, Role::MapAdmin);
        assert_eq!(claims.exp - claims.iat, 900);
    }

    #[test]
    fn expired_tokens_are_refused() {
        let token = keys()
            .issue(Uuid::new_v4(), Role::User, now() - 3600)
            .unwrap();
        assert!(matches!(keys().verify(&token), Err(TokenError::Expired)));
    }

    #[test]
    fn another_key_issuer_or_audience_is_refused() {
        let token = keys().issue(Uuid::new_v4(), Role::User, now()).unwrap();
        let other_key = JwtKeys::new(b"ffffffffffffffffffffffffffffffff", "fleet", "fleet-api");
        let other_iss = JwtKeys::new(b"0123456789abcdef0123456789abcdef", "evil", "fleet-api");
        let other_aud = JwtKeys::new(b"0123456789abcdef0123456789abcdef", "fleet", "other");
        assert!(other_key.verify(&token).is_err());
        assert!(other_iss.verify(&token).is_err());
        assert!(other_aud.verify(&token).is_err());
    }

    #[test]
    fn alg_none_and_garbage_are_refused() {
        let token = keys()
            .issue(Uuid::new_v4(), Role::SuperAdmin, now())
            .unwrap();
        let payload = token.split('.').nth(1).unwrap();
        let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
        assert!(keys().verify(&format!("{header}.{payload}.")).is_err());
        assert!(keys().verify("not.a.token").is_err());
        assert!(keys().verify("").is_err());
    }

    #[test]
    fn a_tampered_payload_is_refused() {
        let token = keys().issue(Uuid::new_v4(), Role::User, now()).unwrap();
        let mut parts: Vec<String> = token.split('.').map(String::from).collect();
        let mut claims: serde_json::Value =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(&parts[1]).unwrap()).unwrap();
        claims["role"] = "SUPER_ADMIN".into();
        parts[1] = URL_SAFE_NO_PAD.encode(claims.to_string());
        assert!(keys().verify(&parts.join(".")).is_err());
    }
}
