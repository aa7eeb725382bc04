//! HTTP edge helpers: the JSON body extractor that answers in our error format,
//! response envelopes, pagination, the client's IP, and the layers every
//! function's router gets.

use std::net::{IpAddr, SocketAddr};

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{ConnectInfo, DefaultBodyLimit, FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::client_ip::TrustedProxies;
use crate::error::ApiError;
use crate::state::AppState;

/// Largest JSON body a function accepts.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// A JSON body. Wrong content type → 415, too large → 413, not JSON at all → 400
/// `MALFORMED_JSON`, JSON of the wrong shape (a missing or unknown field, a wrong
/// type or value) → 422 `INVALID_BODY` with `details` naming the field. Each in the
/// error format.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiJson<T>(pub T);

impl<T, S> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        if !is_json(req.headers()) {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "UNSUPPORTED_MEDIA_TYPE",
                "Expected a JSON body with Content-Type: application/json",
            ));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|rejection| {
            match rejection.status() {
                StatusCode::PAYLOAD_TOO_LARGE => ApiError::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "PAYLOAD_TOO_LARGE",
                    format!("The request body is larger than {MAX_BODY_BYTES} bytes"),
                ),
                _ => ApiError::bad_request("BAD_REQUEST", rejection.body_text()),
            }
        })?;
        parse_json(&bytes).map(Self)
    }
}

/// `application/json` or any `application/*+json`, with or without parameters.
fn is_json(headers: &axum::http::HeaderMap) -> bool {
    let Some(value) = headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let essence = value
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || essence
            .strip_prefix("application/")
            .is_some_and(|subtype| subtype.ends_with("+json"))
}

/// Reads a JSON document into `T`, telling a document that is not JSON (400) from
/// JSON of the wrong shape (422, naming the field).
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let malformed =
        || ApiError::bad_request("MALFORMED_JSON", "The request body is not valid JSON");
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    match serde_path_to_error::deserialize(&mut deserializer) {
        Ok(value) => match deserializer.end() {
            Ok(()) => Ok(value),
            Err(_) => Err(malformed()),
        },
        // Serde stops at the first problem it meets, which may be a field it does not
        // know before a syntax error further on; only a document that is JSON all
        // the way through has the wrong shape.
        Err(_) if serde_json::from_slice::<serde::de::IgnoredAny>(bytes).is_err() => {
            Err(malformed())
        }
        Err(e) => {
            let (field, message) = shape_problem(&e);
            Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "INVALID_BODY",
                format!("The request body does not have the expected fields: {field}: {message}"),
            )
            .with_details(json!({ field: message })))
        }
    }
}

/// The field a shape error is about, and serde's message without its position
/// (for JSON read in parts, such as the blocks of a landing page).
pub fn shape_problem(e: &serde_path_to_error::Error<serde_json::Error>) -> (String, String) {
    let full = e.inner().to_string();
    let message = full
        .rsplit_once(" at line ")
        .map_or(full.as_str(), |(message, _)| message)
        .to_string();
    let path = e.path().to_string();
    // A missing field is reported at its parent; name the field itself.
    let named = message
        .strip_prefix("missing field `")
        .and_then(|rest| rest.split_once('`'))
        .map(|(name, _)| name.to_string());
    let field = match (path.as_str(), named) {
        (".", Some(name)) => name,
        (".", None) => "body".to_string(),
        (parent, Some(name)) => format!("{parent}.{name}"),
        (path, None) => path.to_string(),
    };
    (field, message)
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

/// The documented shape of a `{"data": T}` answer ([`Data`], [`Created`]), for
/// `body = DataOf<T>` in an operation's responses. Never built.
#[derive(Debug, utoipa::ToSchema)]
pub struct DataOf<T> {
    pub data: T,
}

/// `{"data": ...}` with 200.
#[derive(Debug, Serialize)]
pub struct Data<T>(pub T);

impl<T: Serialize> IntoResponse for Data<T> {
    fn into_response(self) -> Response {
        // Serialised straight into the response body, with no JSON tree between.
        #[derive(Serialize)]
        struct Body<T> {
            data: T,
        }
        axum::Json(Body { data: self.0 }).into_response()
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

/// The caller's IP: the address that connected (API Gateway's source IP on
/// Lambda, the socket peer locally), or, when that is a trusted proxy, the client
/// it forwarded for (see [`crate::client_ip`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientIp(pub Option<IpAddr>);

impl ClientIp {
    pub fn from_parts(parts: &Parts, trusted: &TrustedProxies) -> Self {
        let peer = crate::lambda::Gateway::of(&parts.extensions)
            .and_then(|g| g.source_ip)
            .or_else(|| {
                parts
                    .extensions
                    .get::<ConnectInfo<SocketAddr>>()
                    .map(|c| c.0.ip())
            });
        Self(trusted.client(peer, &parts.headers))
    }

    /// A stable key for counters: the IPv4 address or the IPv6 /64.
    pub fn key(&self) -> String {
        crate::client_ip::key(self.0)
    }
}

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Ok(Self::from_parts(parts, &state.config.trusted_proxies))
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

/// Headers every API answer carries unless its handler set its own: nothing is
/// cached (sessions, health records), nothing is framed, sniffed or rendered as a
/// page, and no address (a reset link holds its token) leaks as a referrer.
pub const API_SECURITY_HEADERS: [(&str, &str); 5] = [
    ("cache-control", "no-store"),
    (
        "content-security-policy",
        "default-src 'none'; frame-ancestors 'none'",
    ),
    ("x-frame-options", "DENY"),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "no-referrer"),
];

/// Sets each of `headers` that the response does not have yet.
pub fn set_default_headers(response: &mut Response, headers: &[(&'static str, &'static str)]) {
    for (name, value) in headers {
        response
            .headers_mut()
            .entry(*name)
            .or_insert(axum::http::HeaderValue::from_static(value));
    }
}

async fn api_security_headers(request: Request, next: axum::middleware::Next) -> Response {
    let mut response = next.run(request).await;
    set_default_headers(&mut response, &API_SECURITY_HEADERS);
    response
}

/// Adds what every function's router needs: state, body limit, JSON 404/405,
/// security headers, panic safety net and a request span.
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
        .layer(axum::middleware::from_fn(api_security_headers))
        .layer(axum::middleware::from_fn(crate::telemetry::request_span))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

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

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Person {
        name: String,
        sex: Sex,
    }

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "lowercase")]
    enum Sex {
        Male,
        Female,
    }

    fn problem(body: &str) -> (u16, String, Value) {
        let err = parse_json::<Person>(body.as_bytes()).unwrap_err();
        (
            err.status().as_u16(),
            err.code().to_string(),
            err.details().clone(),
        )
    }

    #[test]
    fn json_that_is_not_json_is_a_400_whatever_serde_meets_first() {
        for body in [
            r#"{"name": "x","#,
            r#"{"bogus": 1,"#,
            "",
            "{} trailing",
            r#"{"sex": 1"#,
        ] {
            let (status, code, _) = problem(body);
            assert_eq!((status, code.as_str()), (400, "MALFORMED_JSON"), "{body:?}");
        }
    }

    #[test]
    fn json_of_the_wrong_shape_is_a_422_naming_the_field() {
        let cases = [
            (r#"{"name": "x", "sex": 1}"#, "sex"),
            (r#"{"name": "x", "sex": "x"}"#, "sex"),
            (r#"{"name": 5, "sex": "male"}"#, "name"),
            (r#"{"sex": "male"}"#, "name"),
            (r#"{"name": "x", "sex": "male", "bogus": true}"#, "bogus"),
            (r#""text""#, "body"),
        ];
        for (body, field) in cases {
            let (status, code, details) = problem(body);
            assert_eq!((status, code.as_str()), (422, "INVALID_BODY"), "{body}");
            let message = details[field].as_str().unwrap_or_default();
            assert!(
                !message.is_empty() && !message.contains("line"),
                "{body}: {details}"
            );
        }
        assert!(parse_json::<Person>(br#"{"name": "x", "sex": "female"}"#).is_ok());
    }
}
