//! A provider's metadata and signing keys, fetched over HTTPS and cached per
//! process for [`CACHE_TTL`]. A token signed with a key the cached set does not
//! hold makes the caller ask again with `refresh` (see [`jwks`]): providers
//! rotate their keys, and each such fetch follows a code exchange the provider
//! itself answered, so no outsider can make this process fetch at will.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use jsonwebtoken::jwk::Jwk;
use serde::Deserialize;

use super::OidcError;
use crate::outbound::{self, Limits};

/// How long metadata and keys are trusted before they are fetched again.
pub const CACHE_TTL: Duration = Duration::from_secs(3600);

/// Bounds of every call to a provider.
pub const LIMITS: Limits = Limits {
    timeout: Duration::from_secs(10),
    max_bytes: 512 * 1024,
};

/// The `User-Agent` of calls to providers.
pub const USER_AGENT: &str = "fleet (OpenID Connect sign-in)";

/// An issuer URL as the administrator gives it: `https://`, or `http://` on a
/// loopback host (a provider on this machine, in development and tests), with
/// no query or fragment.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Issuer(String);

impl Issuer {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let raw = raw.trim();
        let url = secure_url(raw)?;
        if url.query().is_some() || url.fragment().is_some() {
            return Err("An issuer has no query or fragment".into());
        }
        Ok(Self(raw.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Where the metadata is: the issuer, without a final `/`, then
    /// `/.well-known/openid-configuration` (OpenID Connect Discovery §4).
    pub fn configuration_url(&self) -> String {
        format!(
            "{}/.well-known/openid-configuration",
            self.0.trim_end_matches('/')
        )
    }

    /// Whether `other` names the same issuer but for a final `/` (what an
    /// administrator typing the URL is likely to get wrong).
    pub fn same_but_slash(&self, other: &str) -> bool {
        self.0.trim_end_matches('/') == other.trim_end_matches('/')
    }
}

/// `raw` as a URL a provider may be reached at: HTTPS, or HTTP to loopback.
pub fn secure_url(raw: &str) -> Result<url::Url, String> {
    let url = url::Url::parse(raw).map_err(|_| "Must be a full URL (https://…)".to_string())?;
    let loopback = matches!(url.host(), Some(url::Host::Domain("localhost")))
        || matches!(url.host(), Some(url::Host::Ipv4(ip)) if ip.is_loopback())
        || matches!(url.host(), Some(url::Host::Ipv6(ip)) if ip.is_loopback());
    match url.scheme() {
        "https" if url.host().is_some() => Ok(url),
        "http" if loopback => Ok(url),
        _ => Err("Must be an https:// URL".into()),
    }
}

/// What the relying party needs of a provider's metadata.
#[derive(Debug, Clone, Deserialize)]
pub struct Metadata {
    pub issuer: String,
    pub authorization_endpoint: String,
    pub token_endpoint: String,
    #[serde(default)]
    pub userinfo_endpoint: Option<String>,
    pub jwks_uri: String,
    /// Absent means `client_secret_basic` only (OpenID Connect Discovery §3).
    #[serde(default = "basic_only")]
    pub token_endpoint_auth_methods_supported: Vec<String>,
    #[serde(default)]
    pub code_challenge_methods_supported: Option<Vec<String>>,
}

fn basic_only() -> Vec<String> {
    vec!["client_secret_basic".into()]
}

impl Metadata {
    /// The metadata when it is fit to use for `issuer`: it names the same
    /// issuer, its endpoints are reachable the same safe way, and it does not
    /// rule out PKCE with S256.
    fn checked(self, issuer: &Issuer) -> Result<Self, String> {
        if self.issuer != issuer.as_str() {
            return Err(format!(
                "the provider calls itself {:?}, not {:?}",
                self.issuer,
                issuer.as_str()
            ));
        }
        for (name, url) in [
            ("authorization_endpoint", Some(&self.authorization_endpoint)),
            ("token_endpoint", Some(&self.token_endpoint)),
            ("jwks_uri", Some(&self.jwks_uri)),
            ("userinfo_endpoint", self.userinfo_endpoint.as_ref()),
        ] {
            if let Some(url) = url {
                secure_url(url).map_err(|e| format!("{name}: {e}"))?;
            }
        }
        if let Some(methods) = &self.code_challenge_methods_supported
            && !methods.iter().any(|m| m == "S256")
        {
            return Err("the provider does not support PKCE with S256".into());
        }
        Ok(self)
    }
}

/// The signing keys a provider publishes. Keys this relying party cannot use
/// (encryption keys, unknown types) are left out rather than failing the set.
#[derive(Debug, Clone, Default)]
pub struct KeySet {
    pub keys: Vec<Jwk>,
}

impl KeySet {
    /// The usable keys of a JWKS document.
    pub fn from_json(bytes: &[u8]) -> Result<Self, String> {
        #[derive(Deserialize)]
        struct Document {
            keys: Vec<serde_json::Value>,
        }
        let document: Document =
            serde_json::from_slice(bytes).map_err(|e| format!("the JWKS is not JSON: {e}"))?;
        let keys = document
            .keys
            .into_iter()
            .filter_map(|key| serde_json::from_value::<Jwk>(key).ok())
            .filter(|key| {
                !matches!(
                    key.common.public_key_use,
                    Some(jsonwebtoken::jwk::PublicKeyUse::Encryption)
                )
            })
            .collect();
        Ok(Self { keys })
    }
}

struct Cached<T> {
    value: Arc<T>,
    fetched: Instant,
}

type Cache<T> = Mutex<HashMap<String, Cached<T>>>;

fn fresh<T>(cache: &Cache<T>, key: &str) -> Option<Arc<T>> {
    let entries = cache.lock().ok()?;
    let entry = entries.get(key)?;
    (entry.fetched.elapsed() < CACHE_TTL).then(|| entry.value.clone())
}

fn remember<T>(cache: &Cache<T>, key: &str, value: T) -> Arc<T> {
    let value = Arc::new(value);
    if let Ok(mut entries) = cache.lock() {
        entries.insert(
            key.to_string(),
            Cached {
                value: value.clone(),
                fetched: Instant::now(),
            },
        );
    }
    value
}

fn metadata_cache() -> &'static Cache<Metadata> {
    static CACHE: OnceLock<Cache<Metadata>> = OnceLock::new();
    CACHE.get_or_init(Default::default)
}

fn key_cache() -> &'static Cache<KeySet> {
    static CACHE: OnceLock<Cache<KeySet>> = OnceLock::new();
    CACHE.get_or_init(Default::default)
}

async fn fetch(url: &str) -> Result<bytes::Bytes, OidcError> {
    let (status, body) = outbound::get_json(url, USER_AGENT, "the identity provider", LIMITS)
        .await
        .map_err(|e| OidcError::Unavailable(e.to_string()))?;
    if status != 200 {
        return Err(OidcError::Unavailable(format!("{url} answered {status}")));
    }
    Ok(body)
}

/// The issuer's metadata, from the cache or fetched and checked.
pub async fn metadata(issuer: &Issuer) -> Result<Arc<Metadata>, OidcError> {
    if let Some(cached) = fresh(metadata_cache(), issuer.as_str()) {
        return Ok(cached);
    }
    let body = fetch(&issuer.configuration_url()).await?;
    let metadata = serde_json::from_slice::<Metadata>(&body)
        .map_err(|e| OidcError::Unavailable(format!("the metadata is not usable: {e}")))?
        .checked(issuer)
        .map_err(OidcError::Unavailable)?;
    Ok(remember(metadata_cache(), issuer.as_str(), metadata))
}

/// The provider's signing keys: cached, or fetched when `refresh` asks for the
/// current set (a token named a key the cached set lacks).
pub async fn jwks(metadata: &Metadata, refresh: bool) -> Result<Arc<KeySet>, OidcError> {
    if !refresh && let Some(cached) = fresh(key_cache(), &metadata.jwks_uri) {
        return Ok(cached);
    }
    let body = fetch(&metadata.jwks_uri).await?;
    let keys = KeySet::from_json(&body).map_err(OidcError::Unavailable)?;
    Ok(remember(key_cache(), &metadata.jwks_uri, keys))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issuers_are_https_or_loopback() {
        for ok in [
            "https://auth.example.org/application/o/fleet/",
            "https://login.example.org",
            "http://127.0.0.1:9000",
            "http://localhost:8080/realms/x",
            "http://[::1]:9000",
        ] {
            assert!(Issuer::parse(ok).is_ok(), "{ok}");
        }
        for bad in [
            "http://auth.example.org",
            "ftp://auth.example.org",
            "https://auth.example.org/?x=1",
            "https://auth.example.org/#x",
            "auth.example.org",
            "",
        ] {
            assert!(Issuer::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_configuration_url_drops_a_final_slash() {
        let issuer = Issuer::parse("https://auth.example.org/application/o/fleet/").unwrap();
        assert_eq!(
            issuer.configuration_url(),
            "https://auth.example.org/application/o/fleet/.well-known/openid-configuration"
        );
        assert!(issuer.same_but_slash("https://auth.example.org/application/o/fleet"));
        assert!(!issuer.same_but_slash("https://auth.example.org/application/o/other/"));
    }

    fn metadata(issuer: &str) -> Metadata {
        serde_json::from_value(serde_json::json!({
            "issuer": issuer,
            "authorization_endpoint": format!("{issuer}/auth"),
            "token_endpoint": format!("{issuer}/token"),
            "jwks_uri": format!("{issuer}/jwks"),
        }))
        .unwrap()
    }

    #[test]
    fn metadata_must_name_its_issuer_and_allow_s256() {
        let issuer = Issuer::parse("https://idp.example.org").unwrap();
        let ok = metadata("https://idp.example.org")
            .checked(&issuer)
            .unwrap();
        assert_eq!(
            ok.token_endpoint_auth_methods_supported,
            ["client_secret_basic"]
        );
        assert!(
            metadata("https://other.example.org")
                .checked(&issuer)
                .is_err()
        );
        let mut plain_only = metadata("https://idp.example.org");
        plain_only.code_challenge_methods_supported = Some(vec!["plain".into()]);
        assert!(plain_only.checked(&issuer).is_err());
        let mut insecure = metadata("https://idp.example.org");
        insecure.token_endpoint = "http://idp.example.org/token".into();
        assert!(insecure.checked(&issuer).is_err());
    }

    #[test]
    fn a_key_set_keeps_the_signing_keys_it_can_read() {
        let set = KeySet::from_json(
            br#"{"keys": [
                {"kty": "EC", "crv": "P-256", "kid": "sig", "use": "sig",
                 "x": "stOg6l97DgCc3CRXAMM3Hi19irakclu8smy1W_UFBBA",
                 "y": "iDZ43iDwC5MizvBE4QMyXM00E2QVC_Cw1kutJBHiXNo"},
                {"kty": "EC", "crv": "P-256", "kid": "enc", "use": "enc",
                 "x": "stOg6l97DgCc3CRXAMM3Hi19irakclu8smy1W_UFBBA",
                 "y": "iDZ43iDwC5MizvBE4QMyXM00E2QVC_Cw1kutJBHiXNo"},
                {"kty": "mystery", "kid": "odd"}
            ]}"#,
        )
        .unwrap();
        let kids: Vec<_> = set
            .keys
            .iter()
            .filter_map(|k| k.common.key_id.as_deref())
            .collect();
        assert_eq!(kids, ["sig"]);
        assert!(KeySet::from_json(b"<html>").is_err());
    }
}
