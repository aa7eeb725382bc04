//! `docs`: `GET /api/health` (this function and its database) and
//! `GET /api/openapi.json` (the OpenAPI document of the whole fleet). The document
//! is generated from every function's handlers by `cargo run -p local --bin
//! openapi` into `functions/docs/openapi.json` and compiled in here, so this
//! function links no other function. AWS: none beyond the database.

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use shared::http::DataOf;
use shared::routes;
use shared::routing::{ApiRouter, Docs};
use shared::{AppState, db};

/// The API Gateway route keys this function owns, exactly as in `template.yaml`.
pub const ROUTES: &[&str] = &["GET /api/health", "GET /api/openapi.json"];

/// The fleet's OpenAPI document, as checked in.
pub const OPENAPI_JSON: &str = include_str!("../openapi.json");

/// The routes, each with its OpenAPI description.
fn routes() -> ApiRouter<impl Docs> {
    ApiRouter::new()
        .routes(routes!(health))
        .routes(routes!(openapi_json))
}

/// The router and its OpenAPI description.
pub fn api() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    routes().split_for_parts()
}

/// The router alone: the description is never built.
pub fn router() -> Router<AppState> {
    routes().into_router()
}

/// The API's description (OpenAPI 3.1).
#[utoipa::path(get, path = "/api/openapi.json", tag = "docs",
    responses((status = 200, description = "The OpenAPI document", content_type = "application/json")))]
async fn openapi_json() -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "public, max-age=300"),
        ],
        OPENAPI_JSON,
    )
        .into_response()
}

/// What `GET /api/health` reports.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Health {
    /// `ok`, or `degraded` when the database does not answer.
    status: &'static str,
    /// The Lambda function's name (`local` on the local server).
    function: String,
    version: &'static str,
    /// `ok` or `unreachable`.
    database: &'static str,
}

/// This function and its database: 200 when the database answers, 503 when not.
#[utoipa::path(get, path = "/api/health", tag = "docs",
    responses((status = 200, description = "Up", body = DataOf<Health>),
              (status = 503, description = "The database does not answer", body = DataOf<Health>)))]
async fn health(State(state): State<AppState>) -> Response {
    let function = std::env::var("AWS_LAMBDA_FUNCTION_NAME").unwrap_or_else(|_| "local".into());
    let database = db::ping(&state.db).await.is_ok();
    let status = if database {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    let body = Health {
        status: if database { "ok" } else { "degraded" },
        function,
        version: env!("CARGO_PKG_VERSION"),
        database: if database { "ok" } else { "unreachable" },
    };
    (status, shared::http::Data(body)).into_response()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_checked_in_document_is_openapi() {
        let doc: serde_json::Value = serde_json::from_str(super::OPENAPI_JSON).unwrap();
        assert!(doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.")));
        assert!(doc["paths"]["/api/auth/login"].is_object());
    }
}
