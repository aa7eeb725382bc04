//! Fixed-window rate limits kept in PostgreSQL, so a limit holds across any number
//! of function instances: one atomic upsert per request.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use chrono::{DateTime, TimeZone, Utc};

use crate::db;
use crate::error::ApiError;
use crate::http::ClientIp;
use crate::state::AppState;

/// The window a moment falls in and the seconds until it ends (at least 1).
pub fn window(now: DateTime<Utc>, window_secs: i64) -> (DateTime<Utc>, u64) {
    let secs = now.timestamp();
    let start = secs - secs.rem_euclid(window_secs);
    let retry_after = (start + window_secs - secs).max(1) as u64;
    let start = Utc.timestamp_opt(start, 0).single().unwrap_or(now);
    (start, retry_after)
}

/// Counts one hit for `key`; `Err(429)` once more than `max` hits fall in the
/// current window.
pub async fn hit(state: &AppState, key: &str, max: u32, window_secs: i64) -> Result<(), ApiError> {
    let (start, retry_after) = window(Utc::now(), window_secs);
    let client = db::client(&state.db).await?;
    let statement = client
        .prepare_cached(
            "insert into rate_limits (key, window_start, count) values ($1, $2, 1)
             on conflict (key, window_start) do update set count = rate_limits.count + 1
             returning count",
        )
        .await?;
    let count: i32 = client.query_one(&statement, &[&key, &start]).await?.get(0);
    if count as i64 > max as i64 {
        Err(ApiError::too_many_requests(retry_after))
    } else {
        Ok(())
    }
}

/// Extractor that admits a request to `/api/auth/*` only within the per-IP limit.
#[derive(Debug, Clone, Copy)]
pub struct AuthRateLimit;

impl FromRequestParts<AppState> for AuthRateLimit {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let ip = ClientIp::from_parts(parts, &state.config.trusted_proxies);
        let key = format!("auth:{}", ip.key());
        hit(state, &key, state.config.auth_rate_limit_per_minute, 60).await?;
        Ok(Self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_align_and_report_time_left() {
        let t = Utc.timestamp_opt(1_700_000_015, 0).unwrap();
        let (start, retry) = window(t, 60);
        assert_eq!(start.timestamp() % 60, 0);
        assert!(start <= t);
        assert_eq!(start.timestamp() + 60 - t.timestamp(), retry as i64);
        let edge = Utc.timestamp_opt(1_700_000_040, 0).unwrap();
        assert_eq!(window(edge, 60), (edge, 60));
    }
}
