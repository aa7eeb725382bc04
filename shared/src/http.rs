//! HTTP edge helpers: the JSON body extractor that answers in our error format,
//! response envelopes, pagination, the client's IP, and the layers every
//! function's router gets.

use std::net::{IpAddr, SocketAddr};

use axum::Router;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{ConnectInfo, DefaultBodyLimit, FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::error::ApiError;
use crate::state::AppState;

/// Largest JSON body a function accepts.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// A JSON body; malformed JSON → 400, wrong content type → 415, too large → 413,
/// wrong shape → 422, each in the error format.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiJson<T>(pub T);

impl<T, S> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(value)) => Ok(Self(value)),
            Err(rejection) => Err(json_rejection(rejection)),
        }
    }
}

fn json_rejection(rejection: JsonRejection) -> ApiError {
    match rejection {
        JsonRejection::MissingJsonContentType(_) => ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "UNSUPPORTED_MEDIA_TYPE",
            "Expected a JSON body with Content-Type: application/json",
        ),
        JsonRejection::JsonSyntaxError(_) => {
            ApiError::bad_request("MALFORMED_JSON", "The request body is not valid JSON")
        }
        JsonRejection::JsonDataError(e) => ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "INVALID_BODY",
            "The request body does not have the expected fields",
        )
        .with_details(json!({ "body": e.body_text() })),
        other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "PAYLOAD_TOO_LARGE",
            format!("The request body is larger than {MAX_BODY_BYTES} bytes"),
        ),
        other => ApiError::bad_request("BAD_REQUEST", other.body_text()),
    }
}

/// Query parameters; a malformed query answers 400 in the error format.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiQuery<T>(pub T);

impl<T, S> FromRequestParts<S> for ApiQuery<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|q| Self(q.0))
            .map_err(|e: QueryRejection| {
                ApiError::bad_request("INVALID_QUERY", "The query string is invalid")
                    .with_details(json!({ "query": e.body_text() }))
            })
    }
}

/// Path parameters; an id that cannot exist (not a UUID) answers 404.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiPath<T>(pub T);

impl<T, S> FromRequestParts<S> for ApiPath<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|p| Self(p.0))
            .map_err(|_: PathRejection| ApiError::not_found("Record"))
    }
}

/// For patch fields that may be cleared: absent → `None`, `null` → `Some(None)`,
/// a value → `Some(Some(value))`. Use with `#[serde(default, deserialize_with = ...)]`.
pub fn nullable<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// Optimistic concurrency: the caller sends the `updated_at` it last saw (in the
/// body, or as an `If-Match` header); a record changed since answers 409 `STALE`.
/// Without either, the update goes ahead.
pub fn check_fresh(
    seen: Option<chrono::DateTime<chrono::Utc>>,
    headers: &axum::http::HeaderMap,
    current: chrono::DateTime<chrono::Utc>,
) -> Result<(), ApiError> {
    let from_header = headers
        .get(axum::http::header::IF_MATCH)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.trim().trim_matches('"'))
        .map(|v| {
            chrono::DateTime::parse_from_rfc3339(v)
                .map(|d| d.with_timezone(&chrono::Utc))
                .map_err(|_| {
                    ApiError::bad_request(
                        "INVALID_IF_MATCH",
                        "If-Match must be the record's updated_at",
                    )
                })
        })
        .transpose()?;
    match seen.or(from_header) {
        Some(seen) if seen.timestamp_micros() != current.timestamp_micros() => {
            Err(ApiError::conflict(
                "STALE",
                "Someone else changed this record since you opened it; reload and try again",
            ))
        }
        _ => Ok(()),
    }
}

/// `{"data": ...}` with 200.
#[derive(Debug, Serialize)]
pub struct Data<T>(pub T);

impl<T: Serialize> IntoResponse for Data<T> {
    fn into_response(self) -> Response {
        axum::Json(json!({ "data": self.0 })).into_response()
    }
}

/// `{"data": ...}` with 201.
#[derive(Debug)]
pub struct Created<T>(pub T);

impl<T: Serialize> IntoResponse for Created<T> {
    fn into_response(self) -> Response {
        (StatusCode::CREATED, Data(self.0)).into_response()
    }
}

/// `?page=&limit=`: page from 1, limit 1–200 (default 50).
#[derive(Debug, Clone, Copy, Deserialize, utoipa::IntoParams)]
#[serde(default)]
pub struct PageParams {
    pub page: i64,
    pub limit: i64,
}

impl Default for PageParams {
    fn default() -> Self {
        Self {
            page: first_page(),
            limit: default_limit(),
        }
    }
}

/// The first page, for `#[serde(default = "shared::http::first_page")]` in list queries.
pub fn first_page() -> i64 {
    1
}

/// The default page size, for `#[serde(default = "shared::http::default_limit")]`.
pub fn default_limit() -> i64 {
    50
}

impl PageParams {
    /// Checks the bounds.
    pub fn validated(self) -> Result<Self, ApiError> {
        if !(1..=100_000).contains(&self.page) {
            return Err(ApiError::invalid_field(
                "page",
                "page must be between 1 and 100000",
            ));
        }
        if !(1..=200).contains(&self.limit) {
            return Err(ApiError::invalid_field(
                "limit",
                "limit must be between 1 and 200",
            ));
        }
        Ok(self)
    }

    pub fn offset(&self) -> i64 {
        (self.page - 1) * self.limit
    }
}

/// A page of a list: `{"data": [...], "meta": {"page", "limit", "total"}}`.
#[derive(Debug)]
pub struct Paged<T> {
    pub items: Vec<T>,
    pub params: PageParams,
    pub total: i64,
}

impl<T: Serialize> IntoResponse for Paged<T> {
    fn into_response(self) -> Response {
        axum::Json(json!({
            "data": self.items,
            "meta": { "page": self.params.page, "limit": self.params.limit, "total": self.total },
        }))
        .into_response()
    }
}

/// The caller's IP: API Gateway's source IP on Lambda, the socket peer locally.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientIp(pub Option<IpAddr>);

impl ClientIp {
    pub fn from_parts(parts: &Parts) -> Self {
        use lambda_http::request::RequestContext;
        if let Some(RequestContext::ApiGatewayV2(ctx)) = parts.extensions.get::<RequestContext>()
            && let Some(ip) = ctx.http.source_ip.as_deref().and_then(|s| s.parse().ok())
        {
            return Self(Some(ip));
        }
        Self(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|c| c.0.ip()),
        )
    }

    /// A stable key for counters.
    pub fn key(&self) -> String {
        self.0
            .map_or_else(|| "unknown".to_string(), |ip| ip.to_string())
    }
}

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Self::from_parts(parts))
    }
}

/// JSON 404 for any path no route serves.
pub async fn not_found(method: Method, uri: Uri) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "NOT_FOUND",
        format!("No route for {method} {}", uri.path()),
    )
}

async fn method_not_allowed(method: Method, uri: Uri) -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "METHOD_NOT_ALLOWED",
        format!("{method} is not allowed on {}", uri.path()),
    )
}

/// Adds what every function's router needs: state, body limit, JSON 404/405,
/// panic safety net and a request span.
pub fn app(router: Router<AppState>, state: AppState) -> Router {
    with_common_layers(router.fallback(not_found)).with_state(state)
}

/// The layers without the fallback (the local server adds its own fallback).
pub fn with_common_layers(router: Router<AppState>) -> Router<AppState> {
    router
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(
            |_: Box<dyn std::any::Any + Send>| {
                ApiError::internal("a handler panicked").into_response()
            },
        ))
        .layer(axum::middleware::from_fn(crate::telemetry::request_span))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    struct Patch {
        #[serde(default, deserialize_with = "nullable")]
        due: Option<Option<i32>>,
    }

    #[test]
    fn nullable_tells_absent_from_null() {
        let absent: Patch = serde_json::from_str("{}").unwrap();
        let null: Patch = serde_json::from_str(r#"{"due": null}"#).unwrap();
        let value: Patch = serde_json::from_str(r#"{"due": 3}"#).unwrap();
        assert_eq!(
            (absent.due, null.due, value.due),
            (None, Some(None), Some(Some(3)))
        );
    }

    #[test]
    fn freshness_from_body_or_if_match() {
        let now = chrono::Utc::now();
        let earlier = now - chrono::Duration::seconds(5);
        let none = axum::http::HeaderMap::new();
        assert!(check_fresh(None, &none, now).is_ok());
        assert!(check_fresh(Some(now), &none, now).is_ok());
        assert_eq!(
            check_fresh(Some(earlier), &none, now).unwrap_err().code(),
            "STALE"
        );
        let mut headers = axum::http::HeaderMap::new();
        headers.insert(
            axum::http::header::IF_MATCH,
            format!("\"{}\"", earlier.to_rfc3339()).parse().unwrap(),
        );
        assert_eq!(
            check_fresh(None, &headers, now).unwrap_err().code(),
            "STALE"
        );
        headers.insert(axum::http::header::IF_MATCH, "yesterday".parse().unwrap());
        assert_eq!(
            check_fresh(None, &headers, now).unwrap_err().code(),
            "INVALID_IF_MATCH"
        );
    }

    #[test]
    fn page_bounds() {
        assert_eq!(PageParams::default().validated().unwrap().offset(), 0);
        let p = PageParams { page: 3, limit: 20 }.validated().unwrap();
        assert_eq!(p.offset(), 40);
        assert!(PageParams { page: 0, limit: 20 }.validated().is_err());
        assert!(
            PageParams {
                page: i64::MAX,
                limit: 200
            }
            .validated()
            .is_err()
        );
        assert!(
            PageParams {
                page: 1,
                limit: 201
            }
            .validated()
            .is_err()
        );
        assert!(PageParams { page: 1, limit: 0 }.validated().is_err());
    }
}
