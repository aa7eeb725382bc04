//! `docs`: `GET /api/health` (this function and its database) and
//! `GET /api/openapi.json` (the OpenAPI document of every function, generated
//! from their handlers). AWS: none beyond the database.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;
use shared::{AppState, db};
use utoipa::openapi::OpenApi;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};

/// The API Gateway route keys this function owns, exactly as in `template.yaml`.
pub const ROUTES: &[&str] = &["GET /api/health", "GET /api/openapi.json"];

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/health", axum::routing::get(health))
        .route("/api/openapi.json", axum::routing::get(openapi_json))
}

/// The whole fleet's API: every function's document merged into one.
pub fn openapi() -> OpenApi {
    let mut doc = utoipa::openapi::OpenApiBuilder::new()
        .info(
            utoipa::openapi::InfoBuilder::new()
                .title("Fleet API: Trajectory and Changemaker Lite")
                .version(env!("CARGO_PKG_VERSION"))
                .build(),
        )
        .build();
    for part in [
        auth::openapi(),
        users::openapi(),
        families::openapi(),
        children::openapi(),
        health::openapi(),
        attachments::openapi(),
        export::openapi(),
    ] {
        doc.merge(part);
    }
    doc.components
        .get_or_insert_with(Default::default)
        .add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .build(),
            ),
        );
    doc
}

async fn openapi_json() -> Response {
    axum::Json(openapi()).into_response()
}

/// 200 when the database answers, 503 when it does not.
async fn health(State(state): State<AppState>) -> Response {
    let function = std::env::var("AWS_LAMBDA_FUNCTION_NAME").unwrap_or_else(|_| "local".into());
    let database = db::ping(&state.db).await.is_ok();
    let status = if database {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    let body = json!({ "data": {
        "status": if database { "ok" } else { "degraded" },
        "function": function,
        "version": env!("CARGO_PKG_VERSION"),
        "database": if database { "ok" } else { "unreachable" },
    }});
    (status, axum::Json(body)).into_response()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_document_covers_every_function() {
        let doc = serde_json::to_value(super::openapi()).unwrap();
        let paths = doc["paths"].as_object().unwrap();
        for path in [
            "/api/auth/login",
            "/api/auth/refresh",
            "/api/me",
            "/api/admin/users",
        ] {
            assert!(paths.contains_key(path), "{path} missing");
        }
        assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
    }
}
