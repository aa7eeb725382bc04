//! The admins' email queue: supporters' emails by campaign, status and way of
//! sending, each failure with the transport's error; failed emails sent again.

use axum::extract::State;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use shared::auth::AuthUser;
use shared::http::{ApiJson, ApiQuery, Data, DataOf};
use shared::jobs::{self, EmailJob, Job};
use shared::paging::{self, PageOf, Paged, Paging};
use shared::{ApiError, ApiResult, AppState, db};
use tokio_postgres::Row;
use uuid::Uuid;

use crate::campaign::admin;

/// A supporter's email as the queue shows it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct QueuedEmail {
    pub id: Uuid,
    pub campaign_id: Uuid,
    pub campaign_title: String,
    /// Null once the representative was removed.
    pub representative_id: Option<Uuid>,
    pub recipient_name: String,
    pub recipient_email: String,
    pub supporter_name: String,
    pub supporter_email: Option<String>,
    pub postal_code: String,
    pub method: CampaignEmailMethod,
    pub status: CampaignEmailStatus,
    /// Why the mail service did not take it.
    pub error: Option<String>,
    pub sent_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CampaignEmailMethod {
    Server,
    Mailto,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CampaignEmailStatus {
    Queued,
    Sent,
    Failed,
    /// A `mailto:` link was opened.
    Intent,
}

impl CampaignEmailStatus {
    fn as_str(self) -> &'static str {
        match self {
            CampaignEmailStatus::Queued => "queued",
            CampaignEmailStatus::Sent => "sent",
            CampaignEmailStatus::Failed => "failed",
            CampaignEmailStatus::Intent => "intent",
        }
    }
}

impl QueuedEmail {
    fn from_row(row: &Row) -> ApiResult<Self> {
        let method = match row.try_get::<_, &str>("method")? {
            "mailto" => CampaignEmailMethod::Mailto,
            _ => CampaignEmailMethod::Server,
        };
        let status = match row.try_get::<_, &str>("status")? {
            "sent" => CampaignEmailStatus::Sent,
            "failed" => CampaignEmailStatus::Failed,
            "intent" => CampaignEmailStatus::Intent,
            _ => CampaignEmailStatus::Queued,
        };
        Ok(Self {
            id: row.try_get("id")?,
            campaign_id: row.try_get("campaign_id")?,
            campaign_title: row.try_get("title")?,
            representative_id: row.try_get("representative_id")?,
            recipient_name: row.try_get("recipient_name")?,
            recipient_email: row.try_get("recipient_email")?,
            supporter_name: row.try_get("supporter_name")?,
            supporter_email: row.try_get("supporter_email")?,
            postal_code: row.try_get("postal_code")?,
            method,
            status,
            error: row.try_get("error")?,
            sent_at: row.try_get("sent_at")?,
            created_at: row.try_get("created_at")?,
        })
    }
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EmailQuery {
    campaign_id: Option<Uuid>,
    status: Option<CampaignEmailStatus>,
}

/// Supporters' emails, newest first, by campaign and status (admins).
#[utoipa::path(get, path = "/api/campaigns/emails", tag = "campaigns", security(("bearer" = [])),
    params(EmailQuery, Paging),
    responses((status = 200, description = "A page of emails", body = PageOf<QueuedEmail>),
              (status = 403, description = "Not an Influence admin")))]
pub async fn list(
    user: AuthUser,
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<EmailQuery>,
    Paging(page): Paging,
) -> ApiResult<Paged<QueuedEmail>> {
    admin(&user)?;
    let client = db::client(&state.db).await?;
    let rows = paging::fetch(
        &client,
        "e.id, e.campaign_id, c.title, e.representative_id, e.recipient_name, e.recipient_email,
         e.supporter_name, e.supporter_email, e.postal_code, e.method, e.status, e.error,
         e.sent_at, e.created_at",
        "from campaign_emails e join campaigns c on c.id = e.campaign_id
         where ($1::uuid is null or e.campaign_id = $1) and ($2::text is null or e.status = $2)",
        "e.created_at desc, e.id",
        &[
            &query.campaign_id,
            &query.status.map(CampaignEmailStatus::as_str),
        ],
        page,
    )
    .await?;
    Paged::from_rows(rows, page, QueuedEmail::from_row)
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RetryRequest {
    /// Every failed email of this campaign…
    #[serde(default)]
    campaign_id: Option<Uuid>,
    /// …or these failed emails.
    #[serde(default)]
    ids: Option<Vec<Uuid>>,
}

/// How many emails went back to the queue.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Retried {
    pub retried: usize,
}

/// Sends failed emails again: they go back to `queued` with a new job each
/// (admins).
#[utoipa::path(post, path = "/api/campaigns/emails/retry", tag = "campaigns", security(("bearer" = [])),
    request_body = RetryRequest,
    responses((status = 200, description = "Queued again", body = DataOf<Retried>),
              (status = 403, description = "Not an Influence admin"),
              (status = 422, description = "Neither a campaign nor emails named")))]
pub async fn retry(
    user: AuthUser,
    State(state): State<AppState>,
    ApiJson(input): ApiJson<RetryRequest>,
) -> ApiResult<Data<Retried>> {
    admin(&user)?;
    if input.campaign_id.is_none() && input.ids.is_none() {
        return Err(ApiError::invalid_field(
            "ids",
            "Name a campaign or the emails to send again",
        ));
    }
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    let rows = tx
        .query(
            "update campaign_emails set status = 'queued', error = null
             where status = 'failed'
               and ($1::uuid is null or campaign_id = $1)
               and ($2::uuid[] is null or id = any($2))
             returning id",
            &[&input.campaign_id, &input.ids],
        )
        .await?;
    let mut jobs = Vec::with_capacity(rows.len());
    for row in &rows {
        let job = Job::email(EmailJob::CampaignEmail {
            campaign_email_id: row.try_get(0)?,
        });
        jobs::enqueue(&tx, &job).await?;
        jobs.push(job);
    }
    tx.commit().await?;
    drop(client);
    jobs::dispatch(&state, &jobs).await;
    Ok(Data(Retried {
        retried: jobs.len(),
    }))
}
