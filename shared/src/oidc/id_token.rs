//! ID token verification (OpenID Connect Core §3.1.3.7).
//!
//! The algorithm comes from the token's header but must be one of
//! [`ALLOWED`]: asymmetric signatures only. `none` is not an algorithm the
//! decoder knows, and HMAC is refused before any key is chosen, so a token
//! "signed" with the provider's public key as an HMAC secret never verifies.
//! The key is the provider's JWK named by the header's `kid` (or its only
//! signing key when the header names none), and its type and stated algorithm
//! must fit the header's.

use jsonwebtoken::jwk::{AlgorithmParameters, Jwk};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde::Deserialize;

use super::discovery::KeySet;

/// The signature algorithms accepted.
pub const ALLOWED: &[Algorithm] = &[
    Algorithm::RS256,
    Algorithm::RS384,
    Algorithm::RS512,
    Algorithm::PS256,
    Algorithm::PS384,
    Algorithm::PS512,
    Algorithm::ES256,
    Algorithm::ES384,
    Algorithm::EdDSA,
];

/// Clock difference tolerated on `exp` and `iat`, in seconds.
pub const LEEWAY_SECS: i64 = 60;
/// The oldest `iat` accepted: a sign-in lasts at most this long.
pub const MAX_AGE_SECS: i64 = 15 * 60;

/// Why an ID token was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TokenError {
    #[error("not a signed JWT: {0}")]
    Malformed(String),
    #[error("algorithm {0} is not allowed")]
    Algorithm(String),
    /// The token names a key the set does not hold: fetch the set again.
    #[error("no key of the provider matches the token")]
    UnknownKey,
    #[error("the signature does not verify")]
    Signature,
    #[error("claim check failed: {0}")]
    Claims(String),
    #[error("the nonce is not the one this sign-in sent")]
    Nonce,
}

/// What the token must say.
#[derive(Debug, Clone, Copy)]
pub struct Expected<'a> {
    /// The provider's issuer, exactly as its metadata gives it.
    pub issuer: &'a str,
    pub client_id: &'a str,
    /// The nonce this sign-in sent.
    pub nonce: &'a str,
    /// Seconds since the epoch.
    pub now: i64,
}

/// The claims this relying party reads.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct IdClaims {
    pub sub: String,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default, deserialize_with = "flexible_bool")]
    pub email_verified: Option<bool>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub preferred_username: Option<String>,
}

/// A boolean claim sent as `true` or as `"true"` (some providers quote it).
pub fn flexible_bool<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<bool>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Flexible {
        Bool(bool),
        Text(String),
    }
    Ok(match Option::<Flexible>::deserialize(deserializer)? {
        Some(Flexible::Bool(value)) => Some(value),
        Some(Flexible::Text(text)) => Some(text.eq_ignore_ascii_case("true")),
        None => None,
    })
}

#[derive(Deserialize)]
struct Checked {
    #[serde(flatten)]
    claims: IdClaims,
    iat: i64,
    exp: i64,
    #[serde(default)]
    nbf: Option<i64>,
    #[serde(default)]
    nonce: Option<String>,
    aud: Audience,
    #[serde(default)]
    azp: Option<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Audience {
    Many(Vec<String>),
    /// One audience (the validation checked it is this client).
    One(serde::de::IgnoredAny),
}

/// Verifies `token` against `keys` and `expected`; the person's claims.
pub fn verify(token: &str, keys: &KeySet, expected: &Expected<'_>) -> Result<IdClaims, TokenError> {
    let header =
        jsonwebtoken::decode_header(token).map_err(|e| TokenError::Malformed(e.to_string()))?;
    if !ALLOWED.contains(&header.alg) {
        return Err(TokenError::Algorithm(format!("{:?}", header.alg)));
    }
    let jwk = key_for(keys, header.kid.as_deref(), header.alg)?;
    let key = DecodingKey::from_jwk(jwk).map_err(|_| TokenError::UnknownKey)?;
    let mut validation = Validation::new(header.alg);
    // The times are checked below against `expected.now`: one clock for all.
    validation.validate_exp = false;
    validation.set_issuer(&[expected.issuer]);
    validation.set_audience(&[expected.client_id]);
    validation.set_required_spec_claims(&["exp", "iat", "iss", "aud", "sub"]);
    let data = jsonwebtoken::decode::<Checked>(token, &key, &validation).map_err(|e| {
        use jsonwebtoken::errors::ErrorKind;
        match e.kind() {
            ErrorKind::InvalidSignature
            | ErrorKind::InvalidAlgorithm
            | ErrorKind::InvalidEcdsaKey
            | ErrorKind::InvalidEddsaKey
            | ErrorKind::InvalidRsaKey(_)
            | ErrorKind::InvalidKeyFormat
            | ErrorKind::Provider(_) => TokenError::Signature,
            ErrorKind::Base64(_)
            | ErrorKind::Json(_)
            | ErrorKind::Utf8(_)
            | ErrorKind::InvalidToken => TokenError::Malformed(e.to_string()),
            _ => TokenError::Claims(e.to_string()),
        }
    })?;
    let checked = data.claims;
    if checked.exp + LEEWAY_SECS <= expected.now {
        return Err(TokenError::Claims("expired".into()));
    }
    if checked
        .nbf
        .is_some_and(|nbf| nbf > expected.now + LEEWAY_SECS)
    {
        return Err(TokenError::Claims("not valid yet".into()));
    }
    if checked.iat > expected.now + LEEWAY_SECS {
        return Err(TokenError::Claims("issued in the future".into()));
    }
    if checked.iat < expected.now - MAX_AGE_SECS - LEEWAY_SECS {
        return Err(TokenError::Claims("issued too long ago".into()));
    }
    // With several audiences, the party it was issued to must be this client.
    if let Audience::Many(audiences) = &checked.aud
        && audiences.len() > 1
        && checked.azp.as_deref() != Some(expected.client_id)
    {
        return Err(TokenError::Claims("azp is not this client".into()));
    }
    if checked.claims.sub.is_empty() || checked.claims.sub.len() > 255 {
        return Err(TokenError::Claims("sub is empty or too long".into()));
    }
    match checked.nonce.as_deref() {
        Some(nonce) if crate::auth::tokens::same_secret(nonce, expected.nonce) => {
            Ok(checked.claims)
        }
        _ => Err(TokenError::Nonce),
    }
}

/// The key the header names, when its type and stated algorithm fit `alg`.
fn key_for<'k>(keys: &'k KeySet, kid: Option<&str>, alg: Algorithm) -> Result<&'k Jwk, TokenError> {
    let fits = |key: &&Jwk| {
        let family = match &key.algorithm {
            AlgorithmParameters::RSA(_) => jsonwebtoken::AlgorithmFamily::Rsa,
            AlgorithmParameters::EllipticCurve(_) => jsonwebtoken::AlgorithmFamily::Ec,
            AlgorithmParameters::OctetKeyPair(_) => jsonwebtoken::AlgorithmFamily::Ed,
            // A shared secret is never a provider's signing key.
            AlgorithmParameters::OctetKey(_) => return false,
        };
        // A key that states its algorithm is used for that one only.
        let stated = key
            .common
            .key_algorithm
            .is_none_or(|stated| stated.to_string() == format!("{alg:?}"));
        family.algorithms().contains(&alg) && stated
    };
    let mut candidates = keys.keys.iter().filter(fits);
    match kid {
        Some(kid) => candidates
            .find(|key| key.common.key_id.as_deref() == Some(kid))
            .ok_or(TokenError::UnknownKey),
        None => {
            let only = candidates.next().ok_or(TokenError::UnknownKey)?;
            match candidates.next() {
                None => Ok(only),
                // Several keys and no `kid`: which one is meant cannot be told.
                Some(_) => Err(TokenError::UnknownKey),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use jsonwebtoken::{EncodingKey, Header};
    use serde_json::{Value, json};

    use super::*;

    /// A P-256 key made for these tests (PKCS #8 DER in base64), and its
    /// public half as a JWK.
    const PKCS8: &str = "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgWTNmnlgfTjGtjy99\
        ZmxKwN0BxnRY/VwUSJIfuQL84pGhRANCAASy06DqX3sOAJzcJFcAwzceLX2KtqRy\
        W7yybLVb9QUEEIg2eN4g8AuTIs7wROEDMlzNNBNkFQvwsNZLrSQR4lza";
    const X: &str = "stOg6l97DgCc3CRXAMM3Hi19irakclu8smy1W_UFBBA";
    const Y: &str = "iDZ43iDwC5MizvBE4QMyXM00E2QVC_Cw1kutJBHiXNo";
    /// Another key's public half.
    const OTHER_X: &str = "Yke197ET6rCZUSG8w9rM6GBMTksIGf4SuBi-a3TgBv0";
    const OTHER_Y: &str = "CJXtjZJPh2SJ1eITw9MDwCz5JnM48dy2vS6FKlNVwI0";
    const NOW: i64 = 1_800_000_000;

    fn keys(entries: &[(&str, &str, &str)]) -> KeySet {
        let keys: Vec<Value> = entries
            .iter()
            .map(|(kid, x, y)| json!({"kty": "EC", "crv": "P-256", "kid": kid, "x": x, "y": y}))
            .collect();
        KeySet::from_json(json!({ "keys": keys }).to_string().as_bytes()).unwrap()
    }

    fn expected() -> Expected<'static> {
        Expected {
            issuer: "https://idp.example.org",
            client_id: "fleet",
            nonce: "the-nonce",
            now: NOW,
        }
    }

    fn claims() -> Value {
        json!({
            "iss": "https://idp.example.org", "aud": "fleet", "sub": "user-1",
            "iat": NOW - 5, "exp": NOW + 300, "nonce": "the-nonce",
            "email": "ada@example.org", "email_verified": true,
        })
    }

    fn sign(claims: &Value, kid: Option<&str>) -> String {
        let mut header = Header::new(Algorithm::ES256);
        header.kid = kid.map(str::to_string);
        let der = base64::engine::general_purpose::STANDARD
            .decode(PKCS8)
            .unwrap();
        let key = EncodingKey::from_ec_der(&der);
        jsonwebtoken::encode(&header, claims, &key).unwrap()
    }

    fn with(change: impl FnOnce(&mut Value)) -> String {
        let mut claims = claims();
        change(&mut claims);
        sign(&claims, Some("k1"))
    }

    fn check(token: &str) -> Result<IdClaims, TokenError> {
        verify(token, &keys(&[("k1", X, Y)]), &expected())
    }

    #[test]
    fn a_token_from_the_provider_verifies() {
        let claims = check(&sign(&claims(), Some("k1"))).unwrap();
        assert_eq!(claims.sub, "user-1");
        assert_eq!(claims.email.as_deref(), Some("ada@example.org"));
        assert_eq!(claims.email_verified, Some(true));
        // Without a kid, the only signing key is the one.
        assert!(check(&sign(&self::claims(), None)).is_ok());
    }

    #[test]
    fn a_tampered_token_does_not() {
        let token = sign(&claims(), Some("k1"));
        let [header, payload, signature]: [&str; 3] =
            token.split('.').collect::<Vec<_>>().try_into().unwrap();
        let mut forged: Value =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap();
        forged["sub"] = json!("someone-else");
        let forged = URL_SAFE_NO_PAD.encode(forged.to_string());
        assert_eq!(
            check(&format!("{header}.{forged}.{signature}")),
            Err(TokenError::Signature)
        );
        let mut bytes = URL_SAFE_NO_PAD.decode(signature).unwrap();
        bytes[3] ^= 1;
        let flipped = URL_SAFE_NO_PAD.encode(bytes);
        assert_eq!(
            check(&format!("{header}.{payload}.{flipped}")),
            Err(TokenError::Signature)
        );
        // Signed by another key that claims the same kid.
        let other = verify(&token, &keys(&[("k1", OTHER_X, OTHER_Y)]), &expected());
        assert_eq!(other, Err(TokenError::Signature));
    }

    #[test]
    fn none_and_hmac_are_never_accepted() {
        let token = sign(&claims(), Some("k1"));
        let payload = token.split('.').nth(1).unwrap();
        let none = URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT"}"#);
        assert!(matches!(
            check(&format!("{none}.{payload}.")),
            Err(TokenError::Malformed(_))
        ));
        // HMAC keyed with the public key, the classic confusion.
        let mut header = Header::new(Algorithm::HS256);
        header.kid = Some("k1".into());
        let secret = format!(r#"{{"kty":"EC","x":"{X}","y":"{Y}"}}"#);
        let hs = jsonwebtoken::encode(
            &header,
            &claims(),
            &EncodingKey::from_secret(secret.as_bytes()),
        )
        .unwrap();
        assert_eq!(check(&hs), Err(TokenError::Algorithm("HS256".into())));
        assert!(matches!(check("not-a-jwt"), Err(TokenError::Malformed(_))));
    }

    #[test]
    fn an_unknown_kid_asks_for_the_current_keys() {
        assert_eq!(
            check(&sign(&claims(), Some("k2"))),
            Err(TokenError::UnknownKey)
        );
        let two = keys(&[("k1", X, Y), ("k2", OTHER_X, OTHER_Y)]);
        assert_eq!(
            verify(&sign(&claims(), None), &two, &expected()),
            Err(TokenError::UnknownKey)
        );
        assert!(verify(&sign(&claims(), Some("k1")), &two, &expected()).is_ok());
    }

    #[test]
    fn the_claims_must_be_for_this_sign_in() {
        let cases: Vec<(&str, String)> = vec![
            (
                "another issuer",
                with(|c| c["iss"] = json!("https://evil.example.org")),
            ),
            ("another client", with(|c| c["aud"] = json!("someone-else"))),
            ("expired", with(|c| c["exp"] = json!(NOW - 120))),
            (
                "issued in the future",
                with(|c| c["iat"] = json!(NOW + 600)),
            ),
            (
                "issued long ago",
                with(|c| {
                    c["iat"] = json!(NOW - 3600);
                    c["exp"] = json!(NOW + 3600);
                }),
            ),
            ("empty sub", with(|c| c["sub"] = json!(""))),
            (
                "several audiences, azp another",
                with(|c| {
                    c["aud"] = json!(["fleet", "other"]);
                    c["azp"] = json!("other");
                }),
            ),
        ];
        for (case, token) in cases {
            assert!(
                matches!(check(&token), Err(TokenError::Claims(_))),
                "{case}: {:?}",
                check(&token)
            );
        }
        let no_sub = with(|c| {
            c.as_object_mut().unwrap().remove("sub");
        });
        assert!(check(&no_sub).is_err());
        let ok = with(|c| {
            c["aud"] = json!(["fleet", "other"]);
            c["azp"] = json!("fleet");
        });
        assert!(check(&ok).is_ok());
        // Within the leeway.
        assert!(check(&with(|c| c["exp"] = json!(NOW - 30))).is_ok());
    }

    #[test]
    fn the_nonce_must_be_the_one_sent() {
        assert_eq!(
            check(&with(|c| c["nonce"] = json!("another"))),
            Err(TokenError::Nonce)
        );
        assert_eq!(
            check(&with(|c| {
                c.as_object_mut().unwrap().remove("nonce");
            })),
            Err(TokenError::Nonce)
        );
    }
}
