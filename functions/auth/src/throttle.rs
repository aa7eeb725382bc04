//! Sign-in throttling: failed sign-ins slow down the address that makes them, not
//! the account's owner, and never lock an account.
//!
//! Failures are counted per sign-in name (lower-cased, stored as SHA-256) and
//! client (IPv4 address or IPv6 /64), and per name across every client:
//! - one client gets [`PER_CLIENT_FREE`] failures at a name; after that each
//!   failure makes it wait twice as long as the previous one before its next try
//!   (1 s, 2 s, 4 s, … at most [`MAX_WAIT_SECS`]);
//! - all clients together get [`PER_NAME_FREE`] failures at a name; after that the
//!   same growing wait holds every client that has not signed in with that name in
//!   the last [`KNOWN_CLIENT_DAYS`] days: a distributed guesser is slowed, the
//!   owner on a device they use is not;
//! - counts start again after a day without a failure.
//!
//! A name is counted whether or not an account has it, and a client that must wait
//! is answered before any password is checked, so unknown, wrong and throttled
//! sign-ins cannot be told apart by whether an account exists.

use shared::auth::tokens;
use shared::db::GenericClient;
use shared::http::ClientIp;
use shared::{ApiError, ApiResult};

/// Failures one client may make at one name before it has to wait.
pub const PER_CLIENT_FREE: i32 = 10;
/// Failures all clients together may make at one name before unknown clients wait.
pub const PER_NAME_FREE: i32 = 50;
/// The longest wait between two tries.
pub const MAX_WAIT_SECS: f64 = 900.0;
/// How long a successful sign-in makes its client known to the name.
pub const KNOWN_CLIENT_DAYS: i32 = 30;

/// The row that counts every client's failures at a name.
const EVERY_CLIENT: &str = "*";

/// The throttle of one sign-in attempt: which name, from which client.
pub struct Throttle {
    subject: Vec<u8>,
    client: String,
}

/// How long to wait after the `failures`-th failure when `free` are allowed.
pub fn wait_after(failures: i32, free: i32) -> Option<f64> {
    let over = failures - free;
    (over >= 0).then(|| 2f64.powi(over.min(20)).min(MAX_WAIT_SECS))
}

impl Throttle {
    pub fn new(login: &str, ip: &ClientIp) -> Self {
        Self {
            subject: tokens::hash(&login.to_lowercase()),
            client: ip.key(),
        }
    }

    /// `Err(429)` with the seconds to wait while this client must wait.
    pub async fn check(&self, db: &impl GenericClient) -> ApiResult<()> {
        let rows = db
            .query(
                "select client = $2 as own,
                        ceil(extract(epoch from (retry_at - now())))::bigint as wait_secs,
                        coalesce(signed_in_at > now() - make_interval(days => $3), false) as known
                 from login_throttles where subject = $1 and client in ($2, '*')",
                &[&self.subject, &self.client, &KNOWN_CLIENT_DAYS],
            )
            .await?;
        let own = rows.iter().find(|r| r.get::<_, bool>("own"));
        let known = own.is_some_and(|r| r.get::<_, bool>("known"));
        let wait = rows
            .iter()
            .filter(|r| r.get::<_, bool>("own") || !known)
            .filter_map(|r| r.get::<_, Option<i64>>("wait_secs"))
            .max()
            .unwrap_or(0);
        if wait > 0 {
            Err(ApiError::too_many_requests(wait as u64))
        } else {
            Ok(())
        }
    }

    /// Counts a failure against this client and against the name.
    pub async fn failed(&self, db: &impl GenericClient) -> ApiResult<()> {
        for (client, free) in [
            (self.client.as_str(), PER_CLIENT_FREE),
            (EVERY_CLIENT, PER_NAME_FREE),
        ] {
            let failures: i32 = db
                .query_one(
                    "insert into login_throttles as t (subject, client, failures, last_failure_at)
                     values ($1, $2, 1, now())
                     on conflict (subject, client) do update set
                         failures = case when t.last_failure_at > now() - interval '1 day'
                                         then t.failures + 1 else 1 end,
                         last_failure_at = now()
                     returning failures",
                    &[&self.subject, &client],
                )
                .await?
                .get(0);
            if let Some(wait) = wait_after(failures, free) {
                db.execute(
                    "update login_throttles set retry_at = now() + make_interval(secs => $3)
                     where subject = $1 and client = $2",
                    &[&self.subject, &client, &wait],
                )
                .await?;
            }
        }
        Ok(())
    }

    /// A successful sign-in: this client's count starts over and it is known to
    /// the name from now on. The count across clients stays.
    pub async fn succeeded(&self, db: &impl GenericClient) -> ApiResult<()> {
        db.execute(
            "insert into login_throttles (subject, client, signed_in_at) values ($1, $2, now())
             on conflict (subject, client) do update
             set failures = 0, retry_at = null, signed_in_at = now()",
            &[&self.subject, &self.client],
        )
        .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_doubles_after_the_free_failures_up_to_a_ceiling() {
        assert_eq!(wait_after(9, 10), None);
        assert_eq!(wait_after(10, 10), Some(1.0));
        assert_eq!(wait_after(11, 10), Some(2.0));
        assert_eq!(wait_after(15, 10), Some(32.0));
        assert_eq!(wait_after(20, 10), Some(MAX_WAIT_SECS));
        assert_eq!(wait_after(i32::MAX, 10), Some(MAX_WAIT_SECS));
    }

    #[test]
    fn names_are_counted_regardless_of_case() {
        let ip = ClientIp(Some("203.0.113.9".parse().unwrap()));
        assert_eq!(
            Throttle::new("Alice", &ip).subject,
            Throttle::new("alice", &ip).subject
        );
        assert_eq!(Throttle::new("alice", &ip).client, "203.0.113.9");
    }
}
