//! Fixed-window rate limits kept in PostgreSQL, so a limit holds across any number
//! of function instances: one atomic upsert per request. Besides the per-IP
//! limit of `/api/auth/*`, [`allow_mail`] limits the emails that others can
//! cause: per recipient address, per user and per day for the whole site.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use chrono::{DateTime, TimeZone, Utc};

use uuid::Uuid;

use crate::auth::tokens;
use crate::db;
use crate::error::ApiError;
use crate::http::ClientIp;
use crate::settings;
use crate::state::AppState;

/// The window a moment falls in and the seconds until it ends (at least 1).
pub fn window(now: DateTime<Utc>, window_secs: i64) -> (DateTime<Utc>, u64) {
    let secs = now.timestamp();
    let start = secs - secs.rem_euclid(window_secs);
    let retry_after = (start + window_secs - secs).max(1) as u64;
    let start = Utc.timestamp_opt(start, 0).single().unwrap_or(now);
    (start, retry_after)
}

/// Whether a hit fell within its limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[must_use]
pub enum Verdict {
    Allowed,
    /// Over the limit until the window ends, in `retry_after` seconds.
    Refused {
        retry_after: u64,
    },
}

impl Verdict {
    pub fn is_allowed(self) -> bool {
        self == Verdict::Allowed
    }

    /// `Ok` when allowed, else 429 with `Retry-After`.
    pub fn or_429(self) -> Result<(), ApiError> {
        match self {
            Verdict::Allowed => Ok(()),
            Verdict::Refused { retry_after } => Err(ApiError::too_many_requests(retry_after)),
        }
    }
}

/// Counts one hit for `key` in its window of `window_secs`; refused once more
/// than `max` hits fall in the window. The row lives as long as its window.
async fn count(
    client: &db::Client,
    key: &str,
    max: u32,
    window_secs: i64,
) -> Result<Verdict, ApiError> {
    let (start, retry_after) = window(Utc::now(), window_secs);
    let expires_at = start + chrono::Duration::seconds(window_secs);
    // The window's length is part of the row's key: an hour and a day of the
    // same key both start at midnight, and must not count into one row.
    let key = format!("{key}/{window_secs}s");
    let count: i32 = client
        .query_one(
            "insert into rate_limits (key, window_start, count, expires_at) values ($1, $2, 1, $3)
             on conflict (key, window_start) do update set count = rate_limits.count + 1
             returning count",
            &[&key, &start, &expires_at],
        )
        .await?
        .get(0);
    Ok(if count as i64 > max as i64 {
        Verdict::Refused { retry_after }
    } else {
        Verdict::Allowed
    })
}

/// Counts one hit for `key`; `Err(429)` once more than `max` hits fall in the
/// current window.
pub async fn hit(state: &AppState, key: &str, max: u32, window_secs: i64) -> Result<(), ApiError> {
    let client = db::client(&state.db).await?;
    count(&client, key, max, window_secs).await?.or_429()
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

/// Emails one address may receive on requests it did not make itself (resets,
/// invitations, confirmations, notices), per window: `(max, window_secs)`.
pub const MAIL_PER_RECIPIENT: [(u32, i64); 2] = [(5, 3600), (10, 86_400)];
/// Emails one signed-in user may cause to be sent to others (invitations, a new
/// address to confirm), per window: `(max, window_secs)`.
pub const MAIL_PER_SENDER: [(u32, i64); 2] = [(20, 3600), (50, 86_400)];

/// Counts one email to `to`, asked for by user `by` (`None` for a request without
/// a session), against the limits per recipient address, per user and the site's
/// daily cap (`settings::daily_email_cap`); refused at the first limit exceeded.
///
/// A request that would reveal an account by its answer (a reset, a
/// registration) treats a refusal as if the email was sent; a signed-in user's
/// request answers 429 ([`Verdict::or_429`]).
pub async fn allow_mail(state: &AppState, to: &str, by: Option<Uuid>) -> Result<Verdict, ApiError> {
    let client = db::client(&state.db).await?;
    // The address is kept hashed: the counters are not a list of addresses.
    let recipient = format!(
        "mail:to:{}",
        hex::encode(tokens::hash(&to.trim().to_lowercase()))
    );
    let mut limits: Vec<(String, u32, i64)> = MAIL_PER_RECIPIENT
        .iter()
        .map(|&(max, secs)| (recipient.clone(), max, secs))
        .collect();
    if let Some(id) = by {
        limits.extend(
            MAIL_PER_SENDER
                .iter()
                .map(|&(max, secs)| (format!("mail:by:{id}"), max, secs)),
        );
    }
    for (key, max, secs) in &limits {
        let verdict = count(&client, key, *max, *secs).await?;
        if !verdict.is_allowed() {
            tracing::warn!(key, max, secs, "email refused by a rate limit");
            return Ok(verdict);
        }
    }
    let cap = settings::daily_email_cap(&client).await?;
    let verdict = count(&client, "mail:site", cap, 86_400).await?;
    if !verdict.is_allowed() {
        tracing::warn!(cap, "the site's daily email cap is reached");
    }
    Ok(verdict)
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
