//! Key rotation: re-seals with the current key every contact still sealed with
//! the previous one, so the previous key can then be retired (see
//! `shared::crypto`). SUPER_ADMIN only: it is part of running the deployment.

use axum::extract::State;
use serde::Serialize;
use shared::auth::{AuthUser, Role};
use shared::http::{Data, DataOf};
use shared::{ApiError, ApiResult, AppState, db};
use uuid::Uuid;

use super::model::{context, keys};

/// What a rotation did.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RotationReport {
    /// Values re-sealed with the current key.
    pub resealed: u64,
}

/// The locations re-sealed per transaction.
const BATCH: i64 = 500;

/// Re-seals every contact sealed with the previous key.
#[utoipa::path(post, path = "/api/locations/rotate-keys", tag = "map", security(("bearer" = [])),
    responses((status = 200, description = "Re-sealed", body = DataOf<RotationReport>),
              (status = 403, description = "Not SUPER_ADMIN"),
              (status = 503, description = "No encryption key is configured")))]
pub async fn rotate(
    user: AuthUser,
    State(state): State<AppState>,
) -> ApiResult<Data<RotationReport>> {
    user.require(Role::SuperAdmin)?;
    let keys = keys(state.config.data_keys.as_deref())?;
    let mut client = db::client(&state.db).await?;
    let mut resealed = 0;
    let mut after = Uuid::nil();
    loop {
        let tx = client.transaction().await?;
        let rows = tx
            .query(
                "select id, occupant_email, occupant_phone from locations
                 where id > $1 and (occupant_email is not null or occupant_phone is not null)
                 order by id limit $2 for update",
                &[&after, &BATCH],
            )
            .await?;
        let Some(last) = rows.last() else { break };
        after = last.try_get("id")?;
        for row in &rows {
            let id: Uuid = row.try_get("id")?;
            for column in ["occupant_email", "occupant_phone"] {
                let sealed: Option<Vec<u8>> = row.try_get(column)?;
                let Some(sealed) = sealed.filter(|s| !keys.is_current(s)) else {
                    continue;
                };
                let at = context(column, id);
                let plain = keys.open(&sealed, &at).map_err(ApiError::internal)?;
                // The column is one of two literals, never input.
                let sql = format!("update locations set {column} = $2 where id = $1");
                tx.execute(&sql, &[&id, &keys.seal(&plain, &at)]).await?;
                resealed += 1;
            }
        }
        tx.commit().await?;
    }
    Ok(Data(RotationReport { resealed }))
}
