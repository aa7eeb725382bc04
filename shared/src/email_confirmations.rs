//! Links that prove someone receives mail at an address: a pending registration
//! (the account is created only when its address confirms), the verification of
//! an account's address, or a new address (which replaces the old one only once
//! it confirms). One row of `email_confirmations` each; the email worker mints
//! the link's token when it sends it (`jobs::EmailJob::ConfirmEmail`), and
//! `POST /api/auth/verify-email` spends it.

use serde::Serialize;
use uuid::Uuid;

use crate::db::Transaction;
use crate::error::ApiError;
use crate::jobs::{self, EmailJob, Job};

/// How long a confirmation link works.
pub const CONFIRMATION_TTL_HOURS: i64 = 24;

/// The account a registration creates once its address confirms.
#[derive(Debug, Clone, Copy)]
pub struct PendingAccount<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    pub password_hash: &'a str,
}

/// What confirming an address does.
#[derive(Debug, Clone, Copy)]
pub enum Confirming<'a> {
    /// Creates this account, with the address verified.
    Registration(PendingAccount<'a>),
    /// Marks the account's address verified (if it is still the account's).
    Verification { user_id: Uuid },
    /// Makes the address the account's, in place of `previous_email`.
    EmailChange {
        user_id: Uuid,
        previous_email: &'a str,
    },
}

/// The answer of a request whose next step is a link in an email.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ConfirmationSent {
    /// Where the link goes (or would go: see the route's description).
    pub email: String,
}

/// Writes a confirmation of `email` in `tx` and answers its id. Nothing is
/// sent: see [`request`].
pub async fn insert(
    tx: &Transaction<'_>,
    email: &str,
    confirming: Confirming<'_>,
) -> Result<Uuid, ApiError> {
    let (purpose, user_id, previous_email, account) = match confirming {
        Confirming::Registration(account) => ("registration", None, None, Some(account)),
        Confirming::Verification { user_id } => ("verification", Some(user_id), None, None),
        Confirming::EmailChange {
            user_id,
            previous_email,
        } => ("email_change", Some(user_id), Some(previous_email), None),
    };
    let row = tx
        .query_one(
            "insert into email_confirmations
                 (purpose, email, user_id, previous_email, username, display_name, password_hash, expires_at)
             values ($1, $2, $3, $4, $5, $6, $7, now() + make_interval(hours => $8))
             returning id",
            &[
                &purpose,
                &email,
                &user_id,
                &previous_email,
                &account.map(|a| a.username),
                &account.map(|a| a.display_name),
                &account.map(|a| a.password_hash),
                &(CONFIRMATION_TTL_HOURS as i32),
            ],
        )
        .await?;
    Ok(row.get(0))
}

/// Writes a confirmation of `email` and the job that emails its link, in `tx`;
/// answers the job, to dispatch after commit.
pub async fn request(
    tx: &Transaction<'_>,
    email: &str,
    confirming: Confirming<'_>,
) -> Result<Job, ApiError> {
    let confirmation_id = insert(tx, email, confirming).await?;
    let job = Job::email(EmailJob::ConfirmEmail { confirmation_id });
    jobs::enqueue(tx, &job).await?;
    Ok(job)
}
