//! "Send now": a supporter has the server email their representatives. In one
//! transaction, one `campaign_emails` row per representative and one email job
//! per row go in, and the campaign's counter goes up; the email worker then
//! renders each letter and sends it from the site's sender with the supporter's
//! address as Reply-To.
//!
//! Limits, each per campaign: [`PER_ADDRESS`] sends per client address an hour,
//! [`PER_SUPPORTER`] per supporter email a day, and no second email from one
//! supporter to one representative within 24 hours (409 saying when).

use axum::extract::State;
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::json;
use shared::auth::tokens;
use shared::http::{ApiJson, ApiPath, ClientIp, Created, DataOf};
use shared::jobs::{self, EmailJob, Job};
use shared::{ApiError, ApiResult, AppState, db, rate_limit};
use uuid::Uuid;

use crate::emails::{self, Method, Written};
use crate::public;
use crate::representative::Representative;
use crate::supporter::{SupporterRequest, recipients};

/// Sends one client address may make per campaign and hour.
pub const PER_ADDRESS: u32 = 10;
/// Sends one supporter email may make per campaign and day.
pub const PER_SUPPORTER: u32 = 3;

/// What was sent.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SentEmails {
    /// One queued email per representative.
    pub emails: Vec<Written>,
    /// The campaign's emails sent through the server, this one included.
    pub email_count: i32,
}

/// Emails the supporter's representatives from the server (public).
#[utoipa::path(post, path = "/api/public/campaigns/{slug}/send", tag = "public",
    params(("slug" = String, Path, description = "Campaign slug")),
    request_body = SupporterRequest,
    responses((status = 201, description = "Queued, one email per representative", body = DataOf<SentEmails>),
              (status = 404, description = "No such campaign, or not public"),
              (status = 409, description = "The campaign takes no emails now or not through the server, or the supporter wrote to a representative in the last 24 hours (ALREADY_SENT, with when it is allowed again)"),
              (status = 422, description = "Invalid fields, an edit the campaign does not allow, or nobody to write to"),
              (status = 429, description = "Too many sends from this address or this supporter")))]
pub async fn send(
    State(state): State<AppState>,
    ip: ClientIp,
    ApiPath(slug): ApiPath<String>,
    ApiJson(input): ApiJson<SupporterRequest>,
) -> ApiResult<Created<SentEmails>> {
    let campaign = {
        let client = db::client(&state.db).await?;
        public::live(&client, &slug).await?
    };
    campaign.require_active()?;
    if !campaign.allow_server_send {
        return Err(ApiError::conflict(
            "SERVER_SEND_DISABLED",
            "This campaign does not send emails for you; use your own email program",
        ));
    }
    let (supporter, chosen) = input.check(&campaign, true)?;
    let email = supporter
        .email
        .as_ref()
        .map(|e| e.as_str().to_lowercase())
        .ok_or_else(|| ApiError::internal("an identified supporter has an email"))?;
    let address = format!("send:{}:ip:{}", campaign.id, ip.key());
    rate_limit::hit(&state, &address, PER_ADDRESS, 3600).await?;
    // The supporter's address is kept hashed: the counters are not a list of emails.
    let who = format!(
        "send:{}:email:{}",
        campaign.id,
        hex::encode(tokens::hash(&email))
    );
    rate_limit::hit(&state, &who, PER_SUPPORTER, 86_400).await?;
    let to = recipients(&state, &campaign, &supporter, chosen.as_deref()).await?;

    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    // One send per supporter and campaign at a time, so the 24-hour rule holds
    // when the same form is sent twice at once.
    tx.execute(
        "select pg_advisory_xact_lock(hashtextextended($1, 0))",
        &[&format!("campaign-send:{}:{email}", campaign.id)],
    )
    .await?;
    refuse_repeats(&tx, campaign.id, &email, &to).await?;
    let (emails, email_count) =
        emails::record(&tx, campaign.id, &supporter, &to, Method::Server).await?;
    let jobs: Vec<Job> = emails
        .iter()
        .map(|e| {
            Job::email(EmailJob::CampaignEmail {
                campaign_email_id: e.id,
            })
        })
        .collect();
    for job in &jobs {
        jobs::enqueue(&tx, job).await?;
    }
    tx.commit().await?;
    drop(client);
    jobs::dispatch(&state, &jobs).await;
    Ok(Created(SentEmails {
        emails,
        email_count,
    }))
}

/// 409 `ALREADY_SENT` when the supporter wrote to any of `to` from this
/// campaign in the last 24 hours, naming them and when they may write again.
async fn refuse_repeats(
    tx: &shared::db::Transaction<'_>,
    campaign: Uuid,
    email: &str,
    to: &[Representative],
) -> ApiResult<()> {
    let ids: Vec<Uuid> = to.iter().map(|r| r.id).collect();
    let rows = tx
        .query(
            "select representative_id, min(recipient_name), max(created_at) + interval '24 hours'
             from campaign_emails
             where campaign_id = $1 and method = 'server' and lower(supporter_email) = $2
               and representative_id = any($3) and created_at > now() - interval '24 hours'
             group by representative_id
             order by 3 desc",
            &[&campaign, &email, &ids],
        )
        .await?;
    let Some(latest) = rows.first() else {
        return Ok(());
    };
    let allowed_at: DateTime<Utc> = latest.try_get(2)?;
    let mut names = Vec::new();
    let mut details = Vec::new();
    for row in &rows {
        let (id, name, at): (Uuid, String, DateTime<Utc>) =
            (row.try_get(0)?, row.try_get(1)?, row.try_get(2)?);
        details.push(json!({"representative_id": id, "name": name, "allowed_at": at}));
        names.push(name);
    }
    Err(ApiError::conflict(
        "ALREADY_SENT",
        format!(
            "You already wrote to {} about this campaign today. Thank you! You can write to them again after {}.",
            influence::letter::names(&names),
            allowed_at.format("%Y-%m-%d %H:%M UTC")
        ),
    )
    .with_details(json!({ "allowed_at": allowed_at, "representatives": details })))
}
