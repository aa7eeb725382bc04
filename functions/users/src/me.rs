//! `GET|PATCH /api/me`.

use axum::extract::State;
use serde::Deserialize;
use shared::auth::AuthUser;
use shared::auth::account::{Preferences, USER_COLUMNS, UserView};
use shared::db::violated_constraint;
use shared::domain::{DisplayName, Email};
use shared::error::FieldErrors;
use shared::http::{ApiJson, Data, DataOf};
use shared::{ApiError, ApiResult, AppState, db};

/// The signed-in user.
#[utoipa::path(get, path = "/api/me", tag = "users", security(("bearer" = [])),
    responses((status = 200, description = "The signed-in user", body = DataOf<UserView>),
              (status = 401, description = "Not signed in")))]
pub async fn get_me(user: AuthUser, State(state): State<AppState>) -> ApiResult<Data<UserView>> {
    let client = db::client(&state.db).await?;
    let statement = client
        .prepare_cached(&format!("select {USER_COLUMNS} from users where id = $1"))
        .await?;
    let row = client
        .query_opt(&statement, &[&user.id])
        .await?
        .ok_or_else(|| ApiError::not_found("User"))?;
    Ok(Data(UserView::from_row(&row)?))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateMe {
    display_name: Option<String>,
    email: Option<String>,
    preferences: Option<Preferences>,
}

/// Changes the display name, email or preferences.
#[utoipa::path(patch, path = "/api/me", tag = "users", security(("bearer" = [])),
    request_body = UpdateMe,
    responses((status = 200, description = "Updated", body = DataOf<UserView>),
              (status = 409, description = "Email already used"),
              (status = 422, description = "Invalid fields")))]
pub async fn update_me(
    user: AuthUser,
    State(state): State<AppState>,
    ApiJson(req): ApiJson<UpdateMe>,
) -> ApiResult<Data<UserView>> {
    let mut errors = FieldErrors::new();
    let display_name = req
        .display_name
        .as_deref()
        .and_then(|d| errors.take("display_name", DisplayName::parse(d)))
        .map(DisplayName::into_string);
    let email = req
        .email
        .as_deref()
        .and_then(|e| errors.take("email", Email::parse(e)))
        .map(|e| e.as_str().to_string());
    errors.finish()?;
    let preferences = req
        .preferences
        .map(|p| serde_json::to_value(p).map_err(ApiError::internal))
        .transpose()?;
    let client = db::client(&state.db).await?;
    let row = client
        .query_one(
            &format!(
                "update users set display_name = coalesce($2, display_name),
                                  email = coalesce($3, email),
                                  preferences = coalesce($4, preferences)
                 where id = $1 returning {USER_COLUMNS}"
            ),
            &[&user.id, &display_name, &email, &preferences],
        )
        .await
        .map_err(|e| match violated_constraint(&e) {
            Some("users_email_key") => {
                ApiError::conflict("EMAIL_TAKEN", "An account with this email already exists")
                    .with_details(
                        serde_json::json!({"email": "An account with this email already exists"}),
                    )
            }
            _ => ApiError::from(e),
        })?;
    Ok(Data(UserView::from_row(&row)?))
}
