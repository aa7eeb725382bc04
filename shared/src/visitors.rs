//! Anonymous visitors, told apart without keeping their address: the client's
//! address (its IPv4 address or IPv6 /64, see [`ClientIp::key`]) hashed with a
//! random salt of the day. The same visitor has the same hash all day and an
//! unrelated one the next; each day's salt is deleted once the day is over, so
//! an old hash can no longer be tied to an address, even by trying them all.
//! Used for "one per anonymous visitor" rules (response upvotes, video views
//! and reactions); [`viewer`] tells signed-in callers apart by account instead.

use rand::RngCore;
use sha2::{Digest, Sha256};

use uuid::Uuid;

use crate::auth::tokens;
use crate::db::GenericClient;
use crate::error::ApiError;
use crate::http::ClientIp;

/// The visitor's hash for today (UTC): 32 bytes.
pub async fn daily_hash(client: &impl GenericClient, ip: ClientIp) -> Result<Vec<u8>, ApiError> {
    let mut fresh = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut fresh);
    // Today's salt, made by whichever request comes first; earlier days' salts
    // go. The first requests of a day can race: the one whose insert waited on
    // another's did not see that row yet, and simply asks again.
    for _ in 0..3 {
        let row = client
            .query_opt(
                "with today as (select (now() at time zone 'utc')::date as day),
                  gone as (delete from daily_salts where day < (select day from today)),
                  made as (insert into daily_salts (day, salt) select day, $1 from today
                           on conflict (day) do nothing returning salt)
             select salt from made
             union all
             select salt from daily_salts where day = (select day from today)
             limit 1",
                &[&fresh.as_slice()],
            )
            .await?;
        if let Some(row) = row {
            let salt: Vec<u8> = row.try_get(0)?;
            return Ok(hash(&salt, &ip.key()));
        }
    }
    Err(ApiError::retry())
}

/// The caller as one viewer or voter: a signed-in account by a hash of its id
/// (the same every day), anyone else by [`daily_hash`]. 32 bytes either way.
pub async fn viewer(
    client: &impl GenericClient,
    user: Option<Uuid>,
    ip: ClientIp,
) -> Result<Vec<u8>, ApiError> {
    match user {
        Some(id) => Ok(tokens::hash(&format!("user:{id}"))),
        None => daily_hash(client, ip).await,
    }
}

fn hash(salt: &[u8], address: &str) -> Vec<u8> {
    let mut digest = Sha256::new();
    digest.update(salt);
    digest.update(address.as_bytes());
    digest.finalize().to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_address_one_hash_per_salt() {
        let (monday, tuesday) = (b"salt-one".as_slice(), b"salt-two".as_slice());
        assert_eq!(hash(monday, "203.0.113.7"), hash(monday, "203.0.113.7"));
        assert_ne!(hash(monday, "203.0.113.7"), hash(monday, "203.0.113.8"));
        assert_ne!(hash(monday, "203.0.113.7"), hash(tuesday, "203.0.113.7"));
        assert_eq!(hash(monday, "x").len(), 32);
    }
}
