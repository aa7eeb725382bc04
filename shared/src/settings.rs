//! Site settings kept in `site_settings`, changed by SUPER_ADMIN.

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

/// Reads the current registration mode (open when unset).
pub async fn registration_mode(client: &impl GenericClient) -> Result<RegistrationMode, ApiError> {
    let row = client
        .query_opt(
            "select value from site_settings where key = 'registration'",
            &[],
        )
        .await?;
    Ok(row
        .and_then(|r| serde_json::from_value(r.get(0)).ok())
        .unwrap_or(RegistrationMode::Open))
}

/// Sets the registration mode.
pub async fn set_registration_mode(
    client: &impl GenericClient,
    mode: RegistrationMode,
) -> Result<(), ApiError> {
    let value = serde_json::to_value(mode).map_err(ApiError::internal)?;
    client
        .execute(
            "insert into site_settings (key, value) values ('registration', $1)
             on conflict (key) do update set value = excluded.value",
            &[&value],
        )
        .await?;
    Ok(())
}
