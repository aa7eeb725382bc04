//! One error type for every handler: an HTTP status, a machine code, a human message
//! and optional details, answered as `{"error", "code", "details"}`.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// An error answered to the client. Internal causes are logged once, never sent.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    code: Cow<'static, str>,
    message: Cow<'static, str>,
    details: Value,
    retry_after: Option<u64>,
    source: Option<BoxError>,
}

impl ApiError {
    /// A client-facing error with a status, a code and a message.
    pub fn new(
        status: StatusCode,
        code: impl Into<Cow<'static, str>>,
        message: impl Into<Cow<'static, str>>,
    ) -> Self {
        Self {
            status,
            code: code.into(),
            message: message.into(),
            details: Value::Object(Default::default()),
            retry_after: None,
            source: None,
        }
    }

    /// Attaches a details object.
    pub fn with_details(mut self, details: Value) -> Self {
        self.details = details;
        self
    }

    pub fn bad_request(code: &'static str, message: impl Into<Cow<'static, str>>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, message)
    }

    pub fn unauthorized(code: &'static str, message: impl Into<Cow<'static, str>>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, code, message)
    }

    pub fn forbidden() -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "FORBIDDEN",
            "You are not allowed to do this",
        )
    }

    /// 404 for a record that does not exist or that the caller may not see.
    pub fn not_found(what: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "NOT_FOUND",
            format!("{what} not found"),
        )
    }

    pub fn conflict(code: &'static str, message: impl Into<Cow<'static, str>>) -> Self {
        Self::new(StatusCode::CONFLICT, code, message)
    }

    pub fn gone(code: &'static str, message: impl Into<Cow<'static, str>>) -> Self {
        Self::new(StatusCode::GONE, code, message)
    }

    /// 422 with a message per field.
    pub fn validation(fields: BTreeMap<String, String>) -> Self {
        let message = match fields.len() {
            1 => fields
                .values()
                .next()
                .cloned()
                .unwrap_or_else(|| "Invalid input".into()),
            _ => "Some fields are invalid".to_string(),
        };
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "VALIDATION_FAILED",
            message,
        )
        .with_details(json!(fields))
    }

    /// 422 for a single field.
    pub fn invalid_field(field: &str, message: impl Into<String>) -> Self {
        let mut fields = BTreeMap::new();
        fields.insert(field.to_string(), message.into());
        Self::validation(fields)
    }

    pub fn too_many_requests(retry_after_secs: u64) -> Self {
        let mut err = Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            "RATE_LIMITED",
            "Too many requests, try again later",
        )
        .with_details(json!({ "retry_after": retry_after_secs }));
        err.retry_after = Some(retry_after_secs);
        err
    }

    /// 503: a dependency (database, queue, storage) is down. Clients are told when
    /// to try again; the outage is logged once per [`OUTAGE_LOG_INTERVAL`], not
    /// once per request.
    pub fn unavailable(source: impl Into<BoxError>) -> Self {
        let mut err = Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "UNAVAILABLE",
            "A service this request needs is unavailable, try again shortly",
        );
        err.source = Some(source.into());
        err.retry_after = Some(UNAVAILABLE_RETRY_AFTER_SECS);
        err
    }

    /// 503 for a request that lost a race with another one (a serialization
    /// failure or deadlock): retrying at once is likely to succeed.
    pub fn retry() -> Self {
        let mut err = Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "RETRY",
            "The request conflicted with another one, please retry",
        );
        err.retry_after = Some(1);
        err
    }

    /// 500 with the cause kept for the log only.
    pub fn internal(source: impl Into<BoxError>) -> Self {
        let mut err = Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "INTERNAL",
            "Something went wrong on our side",
        );
        err.source = Some(source.into());
        err
    }

    pub fn status(&self) -> StatusCode {
        self.status
    }

    pub fn code(&self) -> &str {
        &self.code
    }

    pub fn message(&self) -> &str {
        &self.message
    }

    pub fn details(&self) -> &Value {
        &self.details
    }

    fn log(&self) {
        let Some(source) = &self.source else { return };
        if self.status == StatusCode::SERVICE_UNAVAILABLE {
            // An outage fails every request the same way: one line per interval,
            // with how many requests it cost, keeps its cause readable and the
            // log small.
            if let Some(failed) = OUTAGE_LOG.admit(Instant::now()) {
                let chain = cause_chain(source.as_ref());
                tracing::error!(
                    status = self.status.as_u16(),
                    code = %self.code,
                    error = %chain,
                    failed_requests = failed,
                    interval_secs = OUTAGE_LOG_INTERVAL.as_secs(),
                    "a dependency is unavailable"
                );
            }
        } else if self.status.is_server_error() {
            let chain = cause_chain(source.as_ref());
            tracing::error!(status = self.status.as_u16(), code = %self.code, error = %chain, "request failed");
        }
    }
}

/// Seconds a client is asked to wait after a 503 for a dependency that is down.
pub const UNAVAILABLE_RETRY_AFTER_SECS: u64 = 5;

/// At most one outage line per this interval.
pub const OUTAGE_LOG_INTERVAL: Duration = Duration::from_secs(10);

static OUTAGE_LOG: OutageLog = OutageLog::new(OUTAGE_LOG_INTERVAL);

/// Counts failures caused by an outage and lets one log line through per
/// interval.
#[derive(Debug)]
pub struct OutageLog {
    interval: Duration,
    state: Mutex<OutageState>,
}

#[derive(Debug)]
struct OutageState {
    last_logged: Option<Instant>,
    failed_since: u64,
}

impl OutageLog {
    pub const fn new(interval: Duration) -> Self {
        Self {
            interval,
            state: Mutex::new(OutageState {
                last_logged: None,
                failed_since: 0,
            }),
        }
    }

    /// Counts one failure at `now`. `Some(n)` when it should be logged, `n` being
    /// the failures since the previous line (this one included); `None` while
    /// the interval since the previous line has not passed.
    pub fn admit(&self, now: Instant) -> Option<u64> {
        let mut state = self
            .state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        state.failed_since += 1;
        let due = state
            .last_logged
            .is_none_or(|last| now.saturating_duration_since(last) >= self.interval);
        if !due {
            return None;
        }
        state.last_logged = Some(now);
        Some(std::mem::take(&mut state.failed_since))
    }
}

/// An error followed by each of its causes, `: `-separated, for the log.
pub fn cause_chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut chain = error.to_string();
    let mut cause = error.source();
    while let Some(inner) = cause {
        chain.push_str(": ");
        chain.push_str(&inner.to_string());
        cause = inner.source();
    }
    chain
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {}: {}",
            self.status.as_u16(),
            self.code,
            self.message
        )
    }
}

impl std::error::Error for ApiError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        self.log();
        let body = json!({
            "error": self.message,
            "code": self.code,
            "details": self.details,
        });
        let mut response = (self.status, axum::Json(body)).into_response();
        if let Some(secs) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response
    }
}

/// Collects per-field problems and turns them into one 422.
#[derive(Debug, Default)]
pub struct FieldErrors(BTreeMap<String, String>);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }

    /// Records `message` for `field` unless the field already has one.
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0
            .entry(field.to_string())
            .or_insert_with(|| message.into());
    }

    /// Records the error of a parse result, returning the value when it parsed.
    pub fn take<T, E: std::fmt::Display>(
        &mut self,
        field: &str,
        result: Result<T, E>,
    ) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(e) => {
                self.add(field, e.to_string());
                None
            }
        }
    }

    /// Checks a text field in place against its domain type `T`: the tidy form
    /// replaces it, or the problem is recorded and it is left as it was.
    pub fn tidy<T: crate::domain::TextRule>(&mut self, field: &str, value: &mut String) {
        match T::check(value) {
            Ok(text) => *value = text.into_text(),
            Err(message) => self.add(field, message),
        }
    }

    /// Checks each entry of a list of one-line texts in place (see
    /// [`crate::domain::Line::parse_list`]): repeats dropped, at most `max_items`.
    pub fn tidy_list<const MAX: usize>(
        &mut self,
        field: &str,
        values: &mut Vec<String>,
        max_items: usize,
    ) {
        match crate::domain::Line::<MAX>::parse_list(values, max_items) {
            Ok(lines) => {
                *values = lines
                    .into_iter()
                    .map(crate::domain::Line::into_string)
                    .collect()
            }
            Err(message) => self.add(field, message),
        }
    }

    /// Records a problem when an optional number is outside `[min, max]` (or not a
    /// finite number).
    pub fn range(&mut self, field: &str, value: Option<f64>, min: f64, max: f64, unit: &str) {
        if let Some(v) = value
            && !(v.is_finite() && (min..=max).contains(&v))
        {
            self.add(field, format!("Must be between {min} and {max} {unit}"));
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The problems recorded so far, field by field (an import reports them by line).
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// `Ok(())` when nothing was recorded, else the 422.
    pub fn finish(self) -> Result<(), ApiError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(ApiError::validation(self.0))
        }
    }
}

/// Handler result type.
pub type ApiResult<T> = Result<T, ApiError>;

#[cfg(test)]
mod tests {
    use super::*;
    use http_body_util::BodyExt;

    async fn body_of(err: ApiError) -> (StatusCode, Option<HeaderValue>, Value) {
        let response = err.into_response();
        let status = response.status();
        let retry = response.headers().get(header::RETRY_AFTER).cloned();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        (status, retry, serde_json::from_slice(&bytes).unwrap())
    }

    #[tokio::test]
    async fn answers_in_the_error_format() {
        let (status, _, body) = body_of(ApiError::not_found("Child")).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(body["code"], "NOT_FOUND");
        assert_eq!(body["error"], "Child not found");
        assert!(body["details"].is_object());
    }

    #[tokio::test]
    async fn internal_errors_hide_their_cause() {
        let (status, _, body) = body_of(ApiError::internal("password=hunter2 leaked")).await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert!(!body.to_string().contains("hunter2"));
        assert_eq!(body["code"], "INTERNAL");
    }

    #[tokio::test]
    async fn unavailable_and_retry_set_retry_after() {
        let (status, retry, body) = body_of(ApiError::unavailable("db down")).await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(
            retry.unwrap(),
            UNAVAILABLE_RETRY_AFTER_SECS.to_string().as_str()
        );
        assert_eq!(body["code"], "UNAVAILABLE");
        let (status, retry, _) = body_of(ApiError::retry()).await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(retry.unwrap(), "1");
    }

    #[test]
    fn an_outage_is_logged_once_per_interval_with_its_count() {
        let log = OutageLog::new(Duration::from_secs(10));
        let start = Instant::now();
        assert_eq!(log.admit(start), Some(1), "the first failure is logged");
        for ms in 1..=999 {
            assert_eq!(log.admit(start + Duration::from_millis(ms * 10)), None);
        }
        assert_eq!(
            log.admit(start + Duration::from_secs(10)),
            Some(1000),
            "the next line counts every failure since the last one"
        );
        assert_eq!(log.admit(start + Duration::from_secs(11)), None);
        assert_eq!(log.admit(start + Duration::from_secs(60)), Some(2));
    }

    #[tokio::test]
    async fn rate_limit_sets_retry_after() {
        let (status, retry, body) = body_of(ApiError::too_many_requests(42)).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(retry.unwrap(), "42");
        assert_eq!(body["details"]["retry_after"], 42);
    }

    #[test]
    fn ranges_refuse_outside_and_non_finite_values() {
        let fails = |value: Option<f64>| {
            let mut errors = FieldErrors::new();
            errors.range("w", value, 0.2, 250.0, "kg");
            !errors.is_empty()
        };
        assert!(!fails(Some(3.0)) && !fails(None) && !fails(Some(250.0)));
        assert!(fails(Some(0.1)) && fails(Some(f64::INFINITY)) && fails(Some(f64::NAN)));
    }

    #[tokio::test]
    async fn field_errors_become_one_422() {
        let mut errors = FieldErrors::new();
        errors.add("password", "too short");
        errors.add("password", "second message is ignored");
        errors.add("email", "invalid");
        let err = errors.finish().unwrap_err();
        let (status, _, body) = body_of(err).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(body["details"]["password"], "too short");
        assert_eq!(body["details"]["email"], "invalid");
    }

    #[test]
    fn a_cause_chain_names_every_cause() {
        let io = std::io::Error::other("connection reset");
        let err = ApiError::unavailable(io);
        assert_eq!(
            cause_chain(&err),
            "503 UNAVAILABLE: A service this request needs is unavailable, try again shortly: connection reset"
        );
    }
}
