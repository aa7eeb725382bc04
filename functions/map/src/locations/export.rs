//! `GET /api/locations/export`: every household as CSV, in the import's
//! columns (so an export imports back), contacts opened for the organiser.

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use shared::auth::{AuthUser, Role};
use shared::{ApiError, ApiResult, AppState, db};

use super::{import, model};

/// Every location as CSV, oldest first.
#[utoipa::path(get, path = "/api/locations/export", tag = "map", security(("bearer" = [])),
    responses((status = 200, description = "The locations as CSV", content_type = "text/csv", body = String),
              (status = 403, description = "Not MAP_ADMIN"),
              (status = 503, description = "No encryption key is configured")))]
pub async fn export(user: AuthUser, State(state): State<AppState>) -> ApiResult<impl IntoResponse> {
    user.require(Role::MapAdmin)?;
    let client = db::client(&state.db).await?;
    let sql = format!(
        "select {} from locations l order by l.created_at, l.id",
        model::COLUMNS
    );
    let rows = client.query(&sql, &[]).await?;
    let keys = state.config.data_keys.as_deref();
    let mut out = csv::Writer::from_writer(Vec::new());
    let header = import::COLUMNS
        .required
        .iter()
        .chain(import::COLUMNS.optional);
    out.write_record(header).map_err(ApiError::internal)?;
    for row in &rows {
        let l = model::from_row(keys, row)?.fields;
        let number = |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_default();
        out.write_record([
            l.address,
            l.unit,
            l.occupant_name,
            l.occupant_email.unwrap_or_default(),
            l.occupant_phone.unwrap_or_default(),
            l.support_level.map(|v| v.to_string()).unwrap_or_default(),
            if l.lawn_sign { "yes" } else { "no" }.to_string(),
            l.lawn_sign_size
                .map(|s| s.as_str().to_string())
                .unwrap_or_default(),
            l.notes,
            number(l.point.map(|p| p.lng)),
            number(l.point.map(|p| p.lat)),
        ])
        .map_err(ApiError::internal)?;
    }
    let body = out.into_inner().map_err(ApiError::internal)?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"locations.csv\"",
            ),
        ],
        body,
    ))
}
