//! Trajectory: health records (visits, measurements, medical events, illnesses), growth
//! charts, the illness heatmap and the history, through the HTTP API.

mod access;
mod calendar;
mod growth;
mod heatmap;
mod history;
mod measurements;
mod records;
mod visits;

use chrono::{Duration, NaiveDate, Utc};
use reqwest::{Response, StatusCode};
use serde_json::Value;

use crate::helpers::*;

pub fn today() -> NaiveDate {
    Utc::now().date_naive()
}

/// A date `days` from today (negative: in the past), as the API writes it.
pub fn from_today(days: i64) -> String {
    (today() + Duration::days(days)).to_string()
}

impl TestApp {
    /// POSTs `input` to `path`, asserting 201; the created record.
    pub async fn create_record(&self, token: &str, path: &str, input: Value) -> Value {
        let response = self.post_as(path, token, input).await;
        let status = response.status();
        let json = body(response).await;
        assert_eq!(status, StatusCode::CREATED, "POST {path}: {json}");
        json["data"].clone()
    }

    /// GETs `path`, asserting 200; the whole body (with `meta` for lists).
    pub async fn read(&self, token: &str, path: &str) -> Value {
        let response = self.get(path, token).await;
        let status = response.status();
        let json = body(response).await;
        assert_eq!(status, StatusCode::OK, "GET {path}: {json}");
        json
    }

    /// PATCHes `path`, asserting 200; the updated record.
    pub async fn update_record(&self, token: &str, path: &str, patch: Value) -> Value {
        let response = self.patch_as(path, token, patch).await;
        let status = response.status();
        let json = body(response).await;
        assert_eq!(status, StatusCode::OK, "PATCH {path}: {json}");
        json["data"].clone()
    }
}

/// Asserts a 422 `VALIDATION_FAILED` with a message for `field`.
pub async fn expect_invalid(response: Response, field: &str, case: &str) {
    let status = response.status();
    let json = body(response).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{case}: {json}");
    assert_eq!(json["code"], "VALIDATION_FAILED", "{case}: {json}");
    assert!(
        json["details"][field]
            .as_str()
            .is_some_and(|m| !m.is_empty()),
        "{case}: expected a message for {field}, got {json}"
    );
}

/// Asserts a 422 `INVALID_BODY`: the body does not have the expected shape.
pub async fn expect_mixed_up(response: Response, case: &str) {
    let status = response.status();
    let json = body(response).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{case}: {json}");
    assert_eq!(json["code"], "INVALID_BODY", "{case}: {json}");
}

/// The `id` of a record as a string.
pub fn id(record: &Value) -> String {
    record["id"].as_str().expect("a record id").to_string()
}

/// A field of every item of a list.
pub fn column<'a>(list: &'a Value, field: &str) -> Vec<&'a Value> {
    list["data"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|item| &item[field])
        .collect()
}
