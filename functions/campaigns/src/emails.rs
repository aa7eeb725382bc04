//! `campaign_emails`: one row per representative a supporter wrote to, whichever
//! way (`server`: queued → sent | failed; `mailto`: an intent), and the exact
//! counters on the campaign, both written in the sender's transaction.

use serde::Serialize;
use shared::ApiResult;
use shared::db::Transaction;
use uuid::Uuid;

use crate::representative::Representative;
use crate::supporter::Supporter;

/// How a supporter wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// The server sends, through the email queue.
    Server,
    /// The supporter's own mail program, from a `mailto:` link.
    Mailto,
}

/// One email a supporter wrote.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Written {
    pub id: Uuid,
    pub representative_id: Uuid,
    pub recipient_name: String,
}

/// Records one row per representative and adds them to the campaign's counter;
/// answers the rows and the counter's new value.
pub async fn record(
    tx: &Transaction<'_>,
    campaign: Uuid,
    supporter: &Supporter,
    to: &[Representative],
    method: Method,
) -> ApiResult<(Vec<Written>, i32)> {
    let (method, status, counter) = match method {
        Method::Server => ("server", "queued", "email_count"),
        Method::Mailto => ("mailto", "intent", "mailto_count"),
    };
    let column = |pick: fn(&Representative) -> &str| -> Vec<&str> { to.iter().map(pick).collect() };
    let ids: Vec<Uuid> = to.iter().map(|r| r.id).collect();
    let rows = tx
        .query(
            "insert into campaign_emails (campaign_id, representative_id, method, status,
                 recipient_name, recipient_email, recipient_title, recipient_district,
                 supporter_name, supporter_email, postal_code, subject, body)
             select $1, r.id, $2, $3, r.name, r.email, r.title, r.district, $4, $5, $6, $7, $8
             from unnest($9::uuid[], $10::text[], $11::text[], $12::text[], $13::text[])
                  with ordinality as r(id, name, email, title, district, n)
             order by r.n
             returning id, representative_id, recipient_name",
            &[
                &campaign,
                &method,
                &status,
                &supporter.name,
                &supporter.email.as_ref().map(|e| e.as_str()),
                &supporter.postal_code.as_str(),
                &supporter.subject,
                &supporter.body,
                &ids,
                &column(|r| &r.name),
                &column(|r| &r.email),
                &column(|r| &r.elected_office),
                &column(|r| &r.district),
            ],
        )
        .await?;
    let written = rows
        .iter()
        .map(|row| {
            Ok(Written {
                id: row.try_get(0)?,
                representative_id: row.try_get(1)?,
                recipient_name: row.try_get(2)?,
            })
        })
        .collect::<ApiResult<Vec<_>>>()?;
    // Last, so the campaign's row is locked only for the end of the transaction:
    // parallel senders queue here briefly, and the counter stays exact.
    let added = i32::try_from(written.len()).unwrap_or(i32::MAX);
    let count: i32 = tx
        .query_one(
            &format!(
                "update campaigns set {counter} = {counter} + $2 where id = $1 returning {counter}"
            ),
            &[&campaign, &added],
        )
        .await?
        .try_get(0)?;
    Ok((written, count))
}
