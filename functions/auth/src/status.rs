//! `GET /api/auth/status`.

use axum::extract::State;
use serde::Serialize;
use shared::http::{Data, DataOf};
use shared::{ApiResult, AppState, db};

use shared::settings::{RegistrationMode, registration_mode};

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Status {
    /// True until the site has a SUPER_ADMIN: registering then needs the setup token.
    needs_setup: bool,
    registration: RegistrationMode,
}

/// What the sign-up page needs to know.
#[utoipa::path(get, path = "/api/auth/status", tag = "auth",
    responses((status = 200, description = "Sign-up status", body = DataOf<Status>)))]
pub async fn status(State(state): State<AppState>) -> ApiResult<Data<Status>> {
    let client = db::client(&state.db).await?;
    Ok(Data(Status {
        needs_setup: crate::register::needs_setup(&client).await?,
        registration: registration_mode(&client).await?,
    }))
}
