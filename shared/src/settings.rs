//! Site settings kept in `site_settings`, changed by SUPER_ADMIN.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::db::GenericClient;
use crate::error::ApiError;

/// Who may register themselves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RegistrationMode {
    Open,
    InviteOnly,
    Closed,
}

/// The site's daily email cap when no one has set it: well under the sending
/// quota of a production SES account (50,000 a day), and enough for a busy site.
pub const DEFAULT_DAILY_EMAIL_CAP: u32 = 2000;

/// The value of setting `key`, or `None` when it is unset or unreadable.
async fn get<T: DeserializeOwned>(
    client: &impl GenericClient,
    key: &str,
) -> Result<Option<T>, ApiError> {
    let row = client
        .query_opt("select value from site_settings where key = $1", &[&key])
        .await?;
    Ok(row.and_then(|r| serde_json::from_value(r.get(0)).ok()))
}

async fn set<T: Serialize>(
    client: &impl GenericClient,
    key: &str,
    value: T,
) -> Result<(), ApiError> {
    let value = serde_json::to_value(value).map_err(ApiError::internal)?;
    client
        .execute(
            "insert into site_settings (key, value) values ($1, $2)
             on conflict (key) do update set value = excluded.value",
            &[&key, &value],
        )
        .await?;
    Ok(())
}

/// Reads the current registration mode (open when unset).
pub async fn registration_mode(client: &impl GenericClient) -> Result<RegistrationMode, ApiError> {
    Ok(get(client, "registration")
        .await?
        .unwrap_or(RegistrationMode::Open))
}

/// Sets the registration mode.
pub async fn set_registration_mode(
    client: &impl GenericClient,
    mode: RegistrationMode,
) -> Result<(), ApiError> {
    set(client, "registration", mode).await
}

/// How many emails a day the site sends on requests anyone can make (resets,
/// invitations, address confirmations); see `rate_limit::allow_mail`.
pub async fn daily_email_cap(client: &impl GenericClient) -> Result<u32, ApiError> {
    Ok(get(client, "daily_email_cap")
        .await?
        .unwrap_or(DEFAULT_DAILY_EMAIL_CAP))
}

/// Sets the daily email cap.
pub async fn set_daily_email_cap(client: &impl GenericClient, cap: u32) -> Result<(), ApiError> {
    set(client, "daily_email_cap", cap).await
}

/// Whether accounts may sign in and register with a password (on when unset).
/// Off, only the identity providers sign people in; see
/// `oidc::providers::require_admin_access` for when it may be switched off.
pub async fn local_login_enabled(client: &impl GenericClient) -> Result<bool, ApiError> {
    Ok(get(client, "local_login").await?.unwrap_or(true))
}

/// Switches password sign-in on or off.
pub async fn set_local_login(client: &impl GenericClient, enabled: bool) -> Result<(), ApiError> {
    set(client, "local_login", enabled).await
}
