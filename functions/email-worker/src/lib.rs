//! `email-worker`: consumes the SQS email queue, composes each email from the
//! rows its job names (minting the token of its link then, see `letters`),
//! renders it from its template in the database (`render`,
//! `shared::email_templates`) and sends it by the configured transport (`shared::email`: SES
//! `SendRawEmail`, or an SMTP relay). The batch loop is `shared::jobs::worker`'s:
//! a job id already in `processed_jobs` is skipped, and a sent email's job id is
//! recorded after the send, with no transaction open during it; so a crash
//! between the send and the record sends one duplicate on redelivery
//! (at-least-once), whose link replaces the first one's. Failed messages are
//! reported as partial batch failures; after five receives the queue moves them
//! to its dead-letter queue. A supporter's email to a representative is the
//! exception (`campaign`): its failure is recorded on its row for the admins to
//! retry, and its job is done.

mod campaign;
mod letters;
mod render;
mod shifts;

use shared::AppState;
use shared::db::Transaction;
use shared::email::OutgoingEmail;
use shared::jobs::EmailJob;
use shared::jobs::worker::{self, JobError, Worker};
use shared::lambda::{SqsBatchResponse, SqsEvent};
use uuid::Uuid;

use letters::{Letter, compose};
pub use render::{Message, render};

/// Sends the emails of the email queue.
struct EmailWorker;

impl Worker for EmailWorker {
    type Job = EmailJob;
    type Done = Option<campaign::Delivery>;

    async fn run(
        &self,
        state: &AppState,
        id: Uuid,
        email: &EmailJob,
    ) -> Result<Self::Done, JobError> {
        if let EmailJob::CampaignEmail { campaign_email_id } = *email {
            return campaign::deliver(state, id, campaign_email_id).await;
        }
        let Some(letter) = compose(state, email).await? else {
            tracing::info!(?email, "nothing to send: the row is gone, used or expired");
            return Ok(None);
        };
        send(state, id, letter).await?;
        Ok(None)
    }

    async fn record(
        &self,
        tx: &Transaction<'_>,
        _job: &EmailJob,
        done: Self::Done,
    ) -> Result<(), JobError> {
        match done {
            Some(delivery) => campaign::record(tx, delivery).await,
            None => Ok(()),
        }
    }
}

/// Handles one SQS batch; answers the ids of the messages that failed.
pub async fn handle(state: &AppState, event: SqsEvent) -> SqsBatchResponse {
    worker::handle(state, &EmailWorker, event).await
}

async fn send(state: &AppState, id: Uuid, letter: Letter) -> Result<(), JobError> {
    let client = shared::db::client(&state.db).await?;
    let rendered = render(&client, &letter.message)
        .await
        .map_err(|e| JobError::failed("rendering the email", e))?;
    // No connection is held while the mail service answers.
    drop(client);
    let outgoing = OutgoingEmail {
        to: letter.to,
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        reply_to: letter.reply_to,
        attachments: letter.attachments,
        job_id: Some(id),
    };
    state
        .mailer
        .send(&outgoing)
        .await
        .map_err(|e| JobError::failed("sending the email", e))?;
    tracing::info!("email sent");
    Ok(())
}
