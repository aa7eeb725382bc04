//! Composes the email of a job: loads what it says from the rows the job names,
//! and mints the token of its link.
//!
//! Jobs carry ids only (`shared::jobs::EmailJob`). A link's token exists in clear
//! only in the email being sent: each statement below stores the new token's
//! hash on its row, in place of any earlier one, and reads what the email needs
//! in the same statement. So a redelivered job mints again and only the latest
//! link works; there are never two valid tokens for one row. A row that is gone,
//! used or expired (an invitation withdrawn, a reset already done) sends nothing.

use chrono::{DateTime, Utc};
use shared::AppState;
use shared::auth::tokens;
use shared::db;
use shared::email::Attachment;
use shared::jobs::EmailJob;
use shared::jobs::worker::JobError;
use tokio_postgres::Row;
use uuid::Uuid;

use crate::render::Message;

/// An email ready to render: its recipient, where replies go (when not to the
/// sender) and what it says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letter {
    pub to: String,
    pub reply_to: Option<String>,
    pub message: Message,
    /// Files sent with it (a shift's `.ics` invitation).
    pub attachments: Vec<Attachment>,
}

impl Letter {
    fn new(to: String, message: Message) -> Self {
        Self {
            to,
            reply_to: None,
            message,
            attachments: Vec::new(),
        }
    }
}

/// The new token of a link, and the hash its row keeps.
struct Minted {
    token: String,
    hash: Vec<u8>,
}

impl Minted {
    fn new() -> Self {
        let token = tokens::generate();
        let hash = tokens::hash(&token);
        Self { token, hash }
    }
}

/// The email of `job`, or `None` when there is nothing (left) to send.
pub async fn compose(state: &AppState, job: &EmailJob) -> Result<Option<Letter>, JobError> {
    let client = db::client(&state.db).await?;
    let base = &state.config.public_base_url;
    let minted = Minted::new();
    let link = |path: &str| format!("{base}{path}{}", minted.token);
    let one = |sql: &'static str, id: Uuid, mint: bool| {
        let client = &client;
        let hash = &minted.hash;
        async move {
            let row = if mint {
                client.query_opt(sql, &[&id, hash]).await?
            } else {
                client.query_opt(sql, &[&id]).await?
            };
            Ok::<Option<Row>, JobError>(row)
        }
    };
    let letter = match *job {
        EmailJob::PasswordReset { reset_id } => one(
            "update password_resets r set token_hash = $2
             from users u
             where r.id = $1 and u.id = r.user_id and r.used_at is null
               and r.expires_at > now() and not u.disabled
             returning u.email, u.username, r.expires_at",
            reset_id,
            true,
        )
        .await?
        .map(|row| {
            Letter::new(
                row.get(0),
                Message::PasswordReset {
                    username: row.get(1),
                    reset_url: link("/reset-password?token="),
                    expires_in: left(row.get(2)),
                },
            )
        }),
        EmailJob::PasswordChanged { user_id } => one(
            "select email, username from users where id = $1",
            user_id,
            false,
        )
        .await?
        .map(|row| {
            Letter::new(
                row.get(0),
                Message::PasswordChanged {
                    username: row.get(1),
                },
            )
        }),
        EmailJob::RegistrationInvite { invite_id } => one(
            "update registration_invites i set token_hash = $2
             where i.id = $1 and i.used_at is null and i.expires_at > now()
             returning i.email, i.expires_at,
                 coalesce((select coalesce(nullif(u.display_name, ''), u.username)
                           from users u where u.id = i.invited_by), 'The administrator')",
            invite_id,
            true,
        )
        .await?
        .map(|row| {
            Letter::new(
                row.get(0),
                Message::RegistrationInvite {
                    invited_by: row.get(2),
                    register_url: link("/register?invite="),
                    expires_in: left(row.get(1)),
                },
            )
        }),
        EmailJob::FamilyInvite { invite_id } => one(
            "update family_invites i set token_hash = $2
             from families f
             where i.id = $1 and f.id = i.family_id and i.accepted_at is null
               and i.expires_at > now()
             returning i.email, i.role, f.name, i.expires_at,
                 coalesce((select coalesce(nullif(u.display_name, ''), u.username)
                           from users u where u.id = i.invited_by), 'A member')",
            invite_id,
            true,
        )
        .await?
        .map(|row| {
            Letter::new(
                row.get(0),
                Message::FamilyInvite {
                    role: row.get(1),
                    family_name: row.get(2),
                    expires_in: left(row.get(3)),
                    invited_by: row.get(4),
                    invite_url: link("/invite?token="),
                },
            )
        }),
        EmailJob::ConfirmEmail { confirmation_id } => one(
            "update email_confirmations c set token_hash = $2
             where c.id = $1 and c.confirmed_at is null and c.expires_at > now()
             returning c.email, c.purpose, c.expires_at,
                 coalesce(c.username, (select u.username from users u where u.id = c.user_id), '')",
            confirmation_id,
            true,
        )
        .await?
        .map(|row| {
            let purpose: String = row.get(1);
            let (username, confirm_url, expires_in) =
                (row.get(3), link("/verify-email?token="), left(row.get(2)));
            let message = match purpose.as_str() {
                "registration" => Message::ConfirmRegistration {
                    username,
                    confirm_url,
                    expires_in,
                },
                "email_change" => Message::ConfirmNewEmail {
                    username,
                    confirm_url,
                    expires_in,
                },
                _ => Message::VerifyEmail {
                    username,
                    confirm_url,
                    expires_in,
                },
            };
            Letter::new(row.get(0), message)
        }),
        EmailJob::EmailChangeRequested { confirmation_id } => one(
            "select c.previous_email, c.email, u.username
             from email_confirmations c join users u on u.id = c.user_id
             where c.id = $1 and c.purpose = 'email_change'",
            confirmation_id,
            false,
        )
        .await?
        .map(|row| {
            Letter::new(
                row.get(0),
                Message::EmailChangeRequested {
                    new_email: row.get(1),
                    username: row.get(2),
                },
            )
        }),
        EmailJob::AccountExists { user_id } => one(
            "select email, username from users where id = $1 and not disabled",
            user_id,
            false,
        )
        .await?
        .map(|row| {
            Letter::new(
                row.get(0),
                Message::AccountExists {
                    username: row.get(1),
                    login_url: format!("{base}/login"),
                    reset_url: format!("{base}/forgot-password"),
                },
            )
        }),
        // The page's author gets the message; a reply goes to the visitor.
        EmailJob::ContactMessage { submission_id } => one(
            "select s.notify_email, s.email, s.name, s.message, s.page_title, p.slug
             from contact_submissions s left join landing_pages p on p.id = s.page_id
             where s.id = $1 and s.notify_email is not null",
            submission_id,
            false,
        )
        .await?
        .map(|row| {
            let slug: Option<String> = row.get(5);
            let contact_email: String = row.get(1);
            Letter {
                to: row.get(0),
                reply_to: Some(contact_email.clone()),
                message: Message::ContactMessage {
                    contact_email,
                    contact_name: row.get(2),
                    message: row.get(3),
                    page_title: row.get(4),
                    page_url: slug.map_or_else(|| base.clone(), |s| format!("{base}/p/{s}")),
                },
                attachments: Vec::new(),
            }
        }),
        EmailJob::TemplateTest {
            version_id,
            user_id,
        } => client
            .query_opt(
                "select u.email from users u
                 where u.id = $1 and not u.disabled
                   and exists (select 1 from email_template_versions v where v.id = $2)",
                &[&user_id, &version_id],
            )
            .await?
            .map(|row| Letter::new(row.get(0), Message::TemplateTest { version_id })),
        EmailJob::ResponseVerification { response_id } => one(
            "update campaign_responses r set verification_token_hash = $2
             from campaigns c
             where r.id = $1 and c.id = r.campaign_id and r.verification_email is not null
               and r.verification_expires_at > now() and r.verified_at is null
               and r.reported_at is null
             returning r.verification_email, r.representative_name, c.title, r.text,
                 r.verification_expires_at",
            response_id,
            true,
        )
        .await?
        .map(|row| {
            Letter::new(
                row.get(0),
                Message::ResponseVerification {
                    representative_name: row.get(1),
                    campaign_title: row.get(2),
                    response_text: row.get(3),
                    verify_url: link("/responses/verify?token="),
                    report_url: format!("{}&action=report", link("/responses/verify?token=")),
                    expires_in: left(row.get(4)),
                },
            )
        }),
        EmailJob::Shift { signup_id, notice } => {
            crate::shifts::compose(&client, base, signup_id, notice).await?
        }
        // A supporter's letter has its own composition (`campaign`).
        EmailJob::CampaignEmail { .. } => None,
    };
    Ok(letter)
}

/// How long a link that expires at `expires_at` still works.
fn left(expires_at: DateTime<Utc>) -> chrono::Duration {
    expires_at - Utc::now()
}
