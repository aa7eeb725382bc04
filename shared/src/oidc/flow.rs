//! The authorization code flow with PKCE, from the relying party's side: the
//! secrets of one sign-in, the URL the browser is sent to, and what comes back.

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use bytes::Bytes;
use http_body_util::Full;
use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::OidcError;
use super::discovery::{self, LIMITS, Metadata, USER_AGENT};
use super::id_token::{self, Expected, IdClaims, TokenError, flexible_bool};
use crate::auth::tokens;
use crate::outbound;

/// The secrets of one sign-in, each 256 random bits: `state` ties the answer
/// to this browser and this sign-in, `nonce` ties the ID token to it, and the
/// PKCE verifier proves that whoever exchanges the code started the sign-in.
pub struct Secrets {
    pub state: String,
    pub nonce: String,
    pub code_verifier: String,
}

impl Secrets {
    pub fn generate() -> Self {
        Self {
            state: tokens::generate(),
            nonce: tokens::generate(),
            code_verifier: tokens::generate(),
        }
    }

    /// The PKCE challenge of the verifier (`S256`, RFC 7636 §4.2).
    pub fn code_challenge(&self) -> String {
        challenge(&self.code_verifier)
    }
}

fn challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// This site as a client of one provider.
#[derive(Clone, Copy)]
pub struct Client<'a> {
    pub client_id: &'a str,
    /// `None` for a public client (PKCE alone).
    pub secret: Option<&'a str>,
    /// This site's callback for the provider, as registered there.
    pub redirect_uri: &'a str,
}

/// Where the browser goes to sign in at the provider.
pub fn authorization_url(
    metadata: &Metadata,
    client: &Client<'_>,
    scopes: &str,
    secrets: &Secrets,
) -> Result<String, OidcError> {
    let mut url = url::Url::parse(&metadata.authorization_endpoint)
        .map_err(|e| OidcError::Unavailable(format!("authorization_endpoint: {e}")))?;
    url.query_pairs_mut()
        .append_pair("response_type", "code")
        .append_pair("client_id", client.client_id)
        .append_pair("redirect_uri", client.redirect_uri)
        .append_pair("scope", scopes)
        .append_pair("state", &secrets.state)
        .append_pair("nonce", &secrets.nonce)
        .append_pair("code_challenge", &secrets.code_challenge())
        .append_pair("code_challenge_method", "S256");
    Ok(url.into())
}

/// Who the provider says signed in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// The provider's stable identifier of the person (`sub`).
    pub subject: String,
    pub email: Option<String>,
    /// Whether the provider vouches for the address.
    pub email_verified: bool,
    pub name: Option<String>,
    pub preferred_username: Option<String>,
}

#[derive(Deserialize)]
struct TokenAnswer {
    id_token: Option<String>,
    #[serde(default)]
    access_token: Option<String>,
}

#[derive(Deserialize)]
struct ErrorAnswer {
    error: String,
}

#[derive(Deserialize)]
struct UserInfo {
    sub: String,
    #[serde(default)]
    email: Option<String>,
    #[serde(default, deserialize_with = "flexible_bool")]
    email_verified: Option<bool>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    preferred_username: Option<String>,
}

/// Finishes a sign-in: exchanges `code` (with the PKCE verifier), verifies the
/// ID token against the provider's keys and this sign-in's `nonce`, and, when
/// the token carries no address, asks the userinfo endpoint for it.
pub async fn sign_in(
    metadata: &Metadata,
    client: &Client<'_>,
    code: &str,
    code_verifier: &str,
    nonce: &str,
) -> Result<Person, OidcError> {
    let answer = exchange(metadata, client, code, code_verifier).await?;
    let id_token = answer
        .id_token
        .ok_or_else(|| OidcError::Exchange("the answer has no id_token".into()))?;
    let expected = Expected {
        issuer: &metadata.issuer,
        client_id: client.client_id,
        nonce,
        now: chrono::Utc::now().timestamp(),
    };
    let keys = discovery::jwks(metadata, false).await?;
    let claims = match id_token::verify(&id_token, &keys, &expected) {
        Err(TokenError::UnknownKey) => {
            let current = discovery::jwks(metadata, true).await?;
            id_token::verify(&id_token, &current, &expected)?
        }
        other => other?,
    };
    let mut person = Person::from(claims);
    if person.email.is_none()
        && let (Some(endpoint), Some(access_token)) =
            (&metadata.userinfo_endpoint, &answer.access_token)
    {
        person.complete(userinfo(endpoint, access_token).await?)?;
    }
    Ok(person)
}

impl From<IdClaims> for Person {
    fn from(claims: IdClaims) -> Self {
        Self {
            subject: claims.sub,
            email: claims.email,
            email_verified: claims.email_verified.unwrap_or(false),
            name: claims.name,
            preferred_username: claims.preferred_username,
        }
    }
}

impl Person {
    /// Fills what the ID token left out from userinfo, which must be about the
    /// same person (OpenID Connect Core §5.3.2).
    fn complete(&mut self, info: UserInfo) -> Result<(), OidcError> {
        if info.sub != self.subject {
            return Err(OidcError::Token(TokenError::Claims(
                "userinfo is about another subject".into(),
            )));
        }
        if info.email.is_some() {
            self.email = info.email;
            self.email_verified = info.email_verified.unwrap_or(false);
        }
        self.name = self.name.take().or(info.name);
        self.preferred_username = self.preferred_username.take().or(info.preferred_username);
        Ok(())
    }
}

fn form(pairs: &[(&str, &str)]) -> String {
    let mut form = url::form_urlencoded::Serializer::new(String::new());
    for (key, value) in pairs {
        form.append_pair(key, value);
    }
    form.finish()
}

/// `client_secret_basic` wants both halves form-encoded first (RFC 6749 §2.3.1).
fn basic(client_id: &str, secret: &str) -> String {
    let encode = |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
    format!(
        "Basic {}",
        STANDARD.encode(format!("{}:{}", encode(client_id), encode(secret)))
    )
}

async fn exchange(
    metadata: &Metadata,
    client: &Client<'_>,
    code: &str,
    code_verifier: &str,
) -> Result<TokenAnswer, OidcError> {
    let methods = &metadata.token_endpoint_auth_methods_supported;
    let supports = |method: &str| methods.iter().any(|m| m == method);
    let mut pairs = vec![
        ("grant_type", "authorization_code"),
        ("code", code),
        ("redirect_uri", client.redirect_uri),
        ("code_verifier", code_verifier),
    ];
    let mut authorization = None;
    match client.secret {
        Some(secret) if supports("client_secret_basic") => {
            authorization = Some(basic(client.client_id, secret));
        }
        Some(secret) if supports("client_secret_post") => {
            pairs.extend([("client_id", client.client_id), ("client_secret", secret)]);
        }
        Some(_) => {
            return Err(OidcError::Unavailable(
                "the provider takes neither client_secret_basic nor client_secret_post".into(),
            ));
        }
        None => pairs.push(("client_id", client.client_id)),
    }
    let mut request = http::Request::post(&metadata.token_endpoint)
        .header(http::header::USER_AGENT, USER_AGENT)
        .header(http::header::ACCEPT, "application/json")
        .header(
            http::header::CONTENT_TYPE,
            "application/x-www-form-urlencoded",
        );
    if let Some(value) = authorization {
        request = request.header(http::header::AUTHORIZATION, value);
    }
    let request = request
        .body(Full::new(Bytes::from(form(&pairs))))
        .map_err(|e| OidcError::Unavailable(format!("the token request cannot be built: {e}")))?;
    let (status, body) = outbound::send(request, "the identity provider", LIMITS)
        .await
        .map_err(|e| OidcError::Unavailable(e.to_string()))?;
    if status != 200 {
        // Only the error code: a provider's description may echo what was sent.
        let error = serde_json::from_slice::<ErrorAnswer>(&body)
            .map(|e| e.error)
            .unwrap_or_default();
        return Err(OidcError::Exchange(format!("status {status} {error}")));
    }
    serde_json::from_slice(&body)
        .map_err(|e| OidcError::Exchange(format!("the token answer is not usable: {e}")))
}

async fn userinfo(endpoint: &str, access_token: &str) -> Result<UserInfo, OidcError> {
    let request = http::Request::get(endpoint)
        .header(http::header::USER_AGENT, USER_AGENT)
        .header(http::header::ACCEPT, "application/json")
        .header(
            http::header::AUTHORIZATION,
            format!("Bearer {access_token}"),
        )
        .body(Full::default())
        .map_err(|e| {
            OidcError::Unavailable(format!("the userinfo request cannot be built: {e}"))
        })?;
    let (status, body) = outbound::send(request, "the identity provider", LIMITS)
        .await
        .map_err(|e| OidcError::Unavailable(e.to_string()))?;
    if status != 200 {
        return Err(OidcError::Unavailable(format!(
            "userinfo answered {status}"
        )));
    }
    serde_json::from_slice(&body)
        .map_err(|e| OidcError::Unavailable(format!("userinfo is not usable: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_challenge_is_rfc_7636s() {
        // RFC 7636, appendix B.
        assert_eq!(
            challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
        let secrets = Secrets::generate();
        assert_eq!(secrets.code_verifier.len(), 43, "within PKCE's 43 to 128");
        assert_ne!(secrets.state, secrets.nonce);
    }

    #[test]
    fn the_authorization_url_carries_the_flow() {
        let metadata: Metadata = serde_json::from_value(serde_json::json!({
            "issuer": "https://idp.example.org",
            "authorization_endpoint": "https://idp.example.org/auth?tenant=1",
            "token_endpoint": "https://idp.example.org/token",
            "jwks_uri": "https://idp.example.org/jwks",
        }))
        .unwrap();
        let secrets = Secrets::generate();
        let client = Client {
            client_id: "fleet app",
            secret: None,
            redirect_uri: "https://fleet.example.org/api/auth/oidc/idp/callback",
        };
        let url = url::Url::parse(
            &authorization_url(&metadata, &client, "openid email", &secrets).unwrap(),
        )
        .unwrap();
        let query: std::collections::HashMap<_, _> = url.query_pairs().into_owned().collect();
        assert_eq!(query["tenant"], "1");
        assert_eq!(query["response_type"], "code");
        assert_eq!(query["client_id"], "fleet app");
        assert_eq!(query["redirect_uri"], client.redirect_uri);
        assert_eq!(query["state"], secrets.state);
        assert_eq!(query["nonce"], secrets.nonce);
        assert_eq!(query["code_challenge"], secrets.code_challenge());
        assert_eq!(query["code_challenge_method"], "S256");
        assert!(!query.contains_key("code_verifier"));
    }

    #[test]
    fn basic_authentication_encodes_both_halves() {
        assert_eq!(
            basic("a b", "p:w"),
            format!("Basic {}", STANDARD.encode("a+b:p%3Aw"))
        );
    }

    #[test]
    fn userinfo_completes_the_token_for_the_same_person_only() {
        let mut person = Person {
            subject: "s1".into(),
            email: None,
            email_verified: false,
            name: Some("Ada".into()),
            preferred_username: None,
        };
        let info: UserInfo = serde_json::from_value(serde_json::json!({
            "sub": "s1", "email": "ada@example.org", "email_verified": "true",
            "name": "Someone", "preferred_username": "ada"
        }))
        .unwrap();
        person.complete(info).unwrap();
        assert_eq!(person.email.as_deref(), Some("ada@example.org"));
        assert!(person.email_verified);
        assert_eq!(
            person.name.as_deref(),
            Some("Ada"),
            "the ID token's claim stays"
        );
        assert_eq!(person.preferred_username.as_deref(), Some("ada"));
        let other: UserInfo = serde_json::from_value(serde_json::json!({"sub": "s2"})).unwrap();
        assert!(person.complete(other).is_err());
    }
}
