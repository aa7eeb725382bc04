//! What every editable record shares, whatever its product: a patch applied to the
//! current fields, a row lock and the stale check before an update. The audit event
//! of a change is [`crate::audit::change`].

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::db::Transaction;
use crate::error::ApiError;

/// The body of a `PATCH`: the fields it names replace the current ones, absent
/// fields stay (and `null` clears an optional one, see [`crate::http::nullable`]).
pub trait Patch<F> {
    /// The fields after the patch.
    fn apply(self, current: F) -> F;
    /// The `updated_at` the client last saw, when it sent one in the body.
    fn seen(&self) -> Option<DateTime<Utc>>;
}

/// A moment, as records carry it (`updated_at`).
pub type Timestamp = DateTime<Utc>;

/// Implements [`Patch`] for a patch struct whose fields are `Option`s of the record's
/// fields of the same names (`Option<Option<T>>` for those a `null` clears, with
/// [`crate::http::nullable`]) plus `updated_at: Option<Timestamp>`:
/// `shared::patch!(EventPatch => EventFields { kind, name, date });`
#[macro_export]
macro_rules! patch {
    ($patch:ty => $fields:ty { $($field:ident),* $(,)? }) => {
        impl $crate::records::Patch<$fields> for $patch {
            fn seen(&self) -> Option<$crate::records::Timestamp> {
                self.updated_at
            }

            fn apply(self, current: $fields) -> $fields {
                let mut next = current;
                $(
                    if let Some(value) = self.$field {
                        next.$field = value;
                    }
                )*
                next
            }
        }
    };
}

/// Locks the row `id` of `table` until the transaction ends; 404 naming `noun`
/// when there is no such row. `table` is always a literal of the caller's, never input.
pub async fn lock(tx: &Transaction<'_>, table: &str, id: Uuid, noun: &str) -> Result<(), ApiError> {
    let statement = format!("select 1 from {table} where id = $1 for update");
    tx.query_opt(&statement, &[&id])
        .await?
        .ok_or_else(|| ApiError::not_found(noun))?;
    Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
