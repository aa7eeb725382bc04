//! A supporter's email to a representative (`campaign_emails`): the subject and
//! body its row holds are filled in with the row's snapshot of the
//! representative and the supporter (`influence::letter`), then wrapped in the
//! stored `campaign_email` template (`shared::email_templates`), and sent from the site's
//! sender with the supporter's address as Reply-To (never as From: the site's
//! domain is the one allowed to send).
//!
//! Only a queued row is sent. Whether the transport takes it or not, the job is
//! done: the row becomes `sent`, or `failed` with the transport's error for the
//! admins' email queue, where they can send it again. A redelivered job finds
//! its row no longer queued and sends nothing.

use shared::AppState;
use shared::db::{self, Transaction};
use shared::error::cause_chain;
use shared::jobs::worker::JobError;
use uuid::Uuid;

use influence::letter::{self, Values};

use crate::letters::Letter;
use crate::render::Message;

/// What became of one supporter's email.
#[derive(Debug)]
pub struct Delivery {
    id: Uuid,
    /// The transport's error, when it did not take the email.
    failure: Option<String>,
}

/// Sends the email of `campaign_emails` row `id` for job `job`; `None` when the
/// row is gone or no longer queued.
pub async fn deliver(state: &AppState, job: Uuid, id: Uuid) -> Result<Option<Delivery>, JobError> {
    let row = db::client(&state.db)
        .await?
        .query_opt(
            "select e.recipient_email, e.recipient_name, e.recipient_title, e.recipient_district,
                    e.supporter_name, e.supporter_email, e.postal_code, e.subject, e.body, c.title,
                    c.slug
             from campaign_emails e join campaigns c on c.id = e.campaign_id
             where e.id = $1 and e.method = 'server' and e.status = 'queued'",
            &[&id],
        )
        .await?;
    let Some(row) = row else {
        tracing::info!("nothing to send: the supporter's email is gone or no longer queued");
        return Ok(None);
    };
    let text = |i: usize| -> Result<String, JobError> {
        Ok(row.try_get::<_, Option<String>>(i)?.unwrap_or_default())
    };
    let (to, supporter_email) = (text(0)?, text(5)?);
    let (name, office, district, supporter, postal_code, subject, body, campaign, slug) = (
        text(1)?,
        text(2)?,
        text(3)?,
        text(4)?,
        text(6)?,
        text(7)?,
        text(8)?,
        text(9)?,
        text(10)?,
    );
    let values = Values {
        representative_name: &name,
        representative_title: &office,
        representative_district: &district,
        supporter_name: &supporter,
        supporter_email: &supporter_email,
        postal_code: &postal_code,
        campaign_title: &campaign,
    };
    let failure = match letter::render(&subject, &body, &values) {
        Err(problem) => Some(problem.to_string()),
        Ok(written) => {
            let message = Message::CampaignEmail {
                campaign_url: format!(
                    "{}/campaigns/{slug}",
                    state.config.public_base_url.trim_end_matches('/')
                ),
                campaign_title: campaign,
                representative_name: name,
                representative_office: office,
                representative_district: district,
                supporter_name: supporter,
                supporter_email: supporter_email.clone(),
                supporter_postal_code: postal_code,
                subject: written.subject,
                message: written.text,
            };
            let letter = Letter {
                to,
                reply_to: Some(supporter_email),
                message,
                attachments: Vec::new(),
            };
            crate::send(state, job, letter)
                .await
                .err()
                .map(|e| cause_chain(&e))
        }
    };
    if failure.is_some() {
        tracing::warn!("a supporter's email was not sent; it is marked failed for the admins");
    }
    Ok(Some(Delivery { id, failure }))
}

/// Records what became of the email, in the transaction that records the job.
pub async fn record(tx: &Transaction<'_>, delivery: Delivery) -> Result<(), JobError> {
    let error: Option<String> = delivery.failure.map(|e| e.chars().take(500).collect());
    tx.execute(
        "update campaign_emails
         set status = case when $2::text is null then 'sent' else 'failed' end,
             error = $2, sent_at = case when $2::text is null then now() end
         where id = $1 and status = 'queued'",
        &[&delivery.id, &error],
    )
    .await?;
    Ok(())
}
