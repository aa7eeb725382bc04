//! The identity providers the site administrator configured, as stored in
//! `oidc_providers`, and the rule that keeps the site administrable when
//! password sign-in is switched off.
//!
//! A provider's client secret is sealed with the data key
//! ([`crate::crypto::Keyring`], AES-256-GCM) and bound to its row, so the
//! column holds no plaintext and a sealed value copied to another row does not
//! open. It is opened only to exchange a code, and never answered by the API.
//!
//! **The lock-out rule.** Password sign-in may be switched off only by a
//! SUPER_ADMIN who can already sign in with an enabled provider (so the person
//! who switches it off is never the one locked out). While it is off, a
//! provider may be disabled or deleted only if some active SUPER_ADMIN can
//! still sign in with an enabled provider afterwards; an identity may be
//! unlinked only if its owner keeps a way in (see [`has_other_way_in`]).
//! Every such change takes [`lock_sign_in_methods`] first, so two of them
//! cannot each pass the check and together break it. Should every provider
//! become unreachable, an operator switches password sign-in back on in the
//! database: `update site_settings set value = 'true' where key = 'local_login'`.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::discovery::Issuer;
use crate::crypto::Keyring;
use crate::db::GenericClient;
use crate::error::ApiError;
use crate::settings;

/// The columns [`Provider::from_row`] reads.
pub const COLUMNS: &str = "id, slug, display_name, issuer, client_id, client_secret, scopes, \
     auto_register, enabled, created_at, updated_at";

/// Slugs the routes under `/api/auth/oidc/` use for themselves.
const RESERVED: &[&str] = &["providers", "identities", "link"];

/// A provider's name in its routes and redirect URI: 1 to 40 lower-case
/// letters, digits and single hyphens (`authentik`, `staff-sso`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slug(String);

impl Slug {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let raw = raw.trim();
        if raw.len() > 40 || !crate::slug::is_valid(raw) {
            return Err(
                "Use 1 to 40 lower-case letters, digits and hyphens (e.g. authentik)".into(),
            );
        }
        if RESERVED.contains(&raw) {
            return Err(format!("{raw:?} is reserved, choose another name"));
        }
        Ok(Self(raw.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The scopes asked for: space-separated, `openid` among them.
pub fn parse_scopes(raw: &str) -> Result<String, String> {
    let scopes: Vec<&str> = raw.split_whitespace().collect();
    let token = |s: &&str| {
        s.len() <= 64
            && s.chars()
                .all(|c| c.is_ascii_graphic() && c != '"' && c != '\\')
    };
    if scopes.len() > 20 || !scopes.iter().all(token) {
        return Err("Up to 20 scopes separated by spaces".into());
    }
    if !scopes.contains(&"openid") {
        return Err("The scopes must include openid".into());
    }
    Ok(scopes.join(" "))
}

/// One configured provider.
#[derive(Debug, Clone)]
pub struct Provider {
    pub id: Uuid,
    pub slug: String,
    pub display_name: String,
    pub issuer: String,
    pub client_id: String,
    /// The sealed client secret; `None` for a public client.
    pub sealed_secret: Option<Vec<u8>>,
    pub scopes: String,
    pub auto_register: bool,
    pub enabled: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Provider {
    pub fn from_row(row: &tokio_postgres::Row) -> Result<Self, ApiError> {
        Ok(Self {
            id: row.try_get("id")?,
            slug: row.try_get("slug")?,
            display_name: row.try_get("display_name")?,
            issuer: row.try_get("issuer")?,
            client_id: row.try_get("client_id")?,
            sealed_secret: row.try_get("client_secret")?,
            scopes: row.try_get("scopes")?,
            auto_register: row.try_get("auto_register")?,
            enabled: row.try_get("enabled")?,
            created_at: row.try_get("created_at")?,
            updated_at: row.try_get("updated_at")?,
        })
    }

    /// The issuer as stored (it was checked when it was saved).
    pub fn issuer(&self) -> Result<Issuer, ApiError> {
        Issuer::parse(&self.issuer).map_err(ApiError::internal)
    }

    /// This site's callback for the provider: what the administrator registers
    /// at the provider as the redirect URI.
    pub fn redirect_uri(&self, public_base_url: &str) -> String {
        redirect_uri(public_base_url, &self.slug)
    }

    /// The client secret in clear, to exchange a code.
    pub fn secret(&self, keys: Option<&Keyring>) -> Result<Option<String>, ApiError> {
        let Some(sealed) = &self.sealed_secret else {
            return Ok(None);
        };
        keys.ok_or_else(no_key)?
            .open(sealed, &secret_context(self.id))
            .map(Some)
            .map_err(ApiError::internal)
    }
}

/// The callback of provider `slug` on the site at `public_base_url`.
pub fn redirect_uri(public_base_url: &str, slug: &str) -> String {
    format!("{public_base_url}/api/auth/oidc/{slug}/callback")
}

fn no_key() -> ApiError {
    ApiError::unavailable("DATA_ENCRYPTION_KEY is not configured")
}

/// Where a provider's secret is stored: what a sealed value is bound to.
fn secret_context(id: Uuid) -> String {
    format!("oidc_providers.client_secret:{id}")
}

/// Seals the client secret of provider `id` (503 when no data key is configured).
pub fn seal_secret(keys: Option<&Keyring>, id: Uuid, secret: &str) -> Result<Vec<u8>, ApiError> {
    Ok(keys.ok_or_else(no_key)?.seal(secret, &secret_context(id)))
}

/// The enabled provider named `slug`.
pub async fn enabled_by_slug(
    client: &impl GenericClient,
    slug: &str,
) -> Result<Option<Provider>, ApiError> {
    client
        .query_opt(
            &format!("select {COLUMNS} from oidc_providers where slug = $1 and enabled"),
            &[&slug],
        )
        .await?
        .map(|row| Provider::from_row(&row))
        .transpose()
}

/// Serialises the changes that decide who can sign in how (the password
/// switch, providers, identities, administrators' roles) for the rest of the
/// transaction.
pub async fn lock_sign_in_methods(client: &impl GenericClient) -> Result<(), ApiError> {
    client
        .execute("select pg_advisory_xact_lock(727275)", &[])
        .await?;
    Ok(())
}

/// Whether `user_id` can sign in with an enabled provider, leaving out the
/// identity `except` (one about to be unlinked).
pub async fn signs_in_with_a_provider(
    client: &impl GenericClient,
    user_id: Uuid,
    except: Option<Uuid>,
) -> Result<bool, ApiError> {
    Ok(client
        .query_one(
            "select exists (
                select 1 from oidc_identities i join oidc_providers p on p.id = i.provider_id
                where i.user_id = $1 and p.enabled and i.id is distinct from $2)",
            &[&user_id, &except],
        )
        .await?
        .get(0))
}

/// Whether some active SUPER_ADMIN can sign in with an enabled provider,
/// leaving out provider `except` (one about to be disabled or deleted).
pub async fn an_admin_signs_in_with_a_provider(
    client: &impl GenericClient,
    except: Option<Uuid>,
) -> Result<bool, ApiError> {
    Ok(client
        .query_one(
            "select exists (
                select 1 from users u
                join oidc_identities i on i.user_id = u.id
                join oidc_providers p on p.id = i.provider_id
                where u.role = 'SUPER_ADMIN' and not u.disabled and p.enabled
                  and p.id is distinct from $1)",
            &[&except],
        )
        .await?
        .get(0))
}

/// Whether the account has a password (accounts made by a provider do not).
pub async fn has_password(client: &impl GenericClient, user_id: Uuid) -> Result<bool, ApiError> {
    Ok(client
        .query_opt(
            // A stored hash is a PHC string or bcrypt: both start with `$`.
            "select 1 from users where id = $1 and password_hash like '$%'",
            &[&user_id],
        )
        .await?
        .is_some())
}

/// Whether `user_id` can still sign in without identity `except`: with a
/// password while password sign-in is on, or with another enabled provider.
pub async fn has_other_way_in(
    client: &impl GenericClient,
    user_id: Uuid,
    except: Uuid,
) -> Result<bool, ApiError> {
    if settings::local_login_enabled(client).await? && has_password(client, user_id).await? {
        return Ok(true);
    }
    signs_in_with_a_provider(client, user_id, Some(except)).await
}

/// Refuses to take away provider `provider_id` (disable or delete) while
/// password sign-in is off and no other provider would let a SUPER_ADMIN in.
pub async fn require_admin_access_without(
    client: &impl GenericClient,
    provider_id: Uuid,
) -> Result<(), ApiError> {
    if settings::local_login_enabled(client).await?
        || an_admin_signs_in_with_a_provider(client, Some(provider_id)).await?
    {
        Ok(())
    } else {
        Err(ApiError::conflict(
            "WOULD_LOCK_OUT_ADMINS",
            "Password sign-in is off and no administrator could sign in without this provider: switch password sign-in on first",
        ))
    }
}

/// Refuses to switch password sign-in off unless `admin` (the SUPER_ADMIN
/// doing it) can sign in with an enabled provider.
pub async fn require_admin_access(
    client: &impl GenericClient,
    admin: Uuid,
) -> Result<(), ApiError> {
    if signs_in_with_a_provider(client, admin, None).await? {
        Ok(())
    } else {
        Err(ApiError::conflict(
            "WOULD_LOCK_OUT_ADMINS",
            "Link your account to an enabled identity provider before switching password sign-in off, so you can still sign in",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_short_url_names_that_are_not_routes() {
        for ok in ["authentik", "staff-sso", "a", "keycloak2"] {
            assert!(Slug::parse(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "Authentik",
            "with space",
            "-lead",
            "trail-",
            "providers",
            "link",
            "identities",
            &"x".repeat(41),
        ] {
            assert!(Slug::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn scopes_include_openid() {
        assert_eq!(
            parse_scopes("  openid   email profile ").unwrap(),
            "openid email profile"
        );
        assert_eq!(parse_scopes("openid").unwrap(), "openid");
        for bad in ["email profile", "", "openid \"x\"", &"s ".repeat(21)] {
            assert!(parse_scopes(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn a_sealed_secret_opens_for_its_own_provider_only() {
        let keys =
            Keyring::from_base64("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", None).unwrap();
        let id = Uuid::new_v4();
        let sealed = seal_secret(Some(&keys), id, "s3cret-value").unwrap();
        assert!(!String::from_utf8_lossy(&sealed).contains("s3cret"));
        let mut provider = Provider {
            id,
            slug: "idp".into(),
            display_name: "IdP".into(),
            issuer: "https://idp.example.org".into(),
            client_id: "fleet".into(),
            sealed_secret: Some(sealed),
            scopes: "openid".into(),
            auto_register: false,
            enabled: true,
            created_at: Utc::now(),
            updated_at: Utc::now(),
        };
        assert_eq!(
            provider.secret(Some(&keys)).unwrap().as_deref(),
            Some("s3cret-value")
        );
        assert_eq!(provider.secret(None).unwrap_err().status().as_u16(), 503);
        provider.id = Uuid::new_v4();
        assert!(provider.secret(Some(&keys)).is_err(), "bound to its row");
        assert_eq!(
            provider.redirect_uri("https://fleet.example.org"),
            "https://fleet.example.org/api/auth/oidc/idp/callback"
        );
    }
}
