//! The response wall: what representatives answered, as supporters post it.
//! A response is `pending` until an Influence admin approves (or rejects) it;
//! only approved responses are public. Each may carry a screenshot, collect
//! upvotes (one per account, one per anonymous visitor and day), and be
//! confirmed by the representative through an emailed link (the verified badge).
//!
//! - [`wall`]: the public list and the submission form;
//! - [`upvote`], one per account or visitor and day;
//! - [`moderation`]: the admins' queue, edits and decisions;
//! - [`verification`]: the email to the representative and its links;
//! - [`screenshot`]: the screenshot, through the upload kit.

pub mod moderation;
pub mod screenshot;
pub mod upvote;
pub mod verification;
pub mod wall;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use shared::{ApiError, ApiResult};
use tokio_postgres::Row;
use uuid::Uuid;

use influence::Level;

/// What kind of answer the representative gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ResponseType {
    Email,
    Letter,
    PhoneCall,
    Meeting,
    SocialMedia,
    Other,
}

impl ResponseType {
    pub fn as_str(self) -> &'static str {
        match self {
            ResponseType::Email => "email",
            ResponseType::Letter => "letter",
            ResponseType::PhoneCall => "phone_call",
            ResponseType::Meeting => "meeting",
            ResponseType::SocialMedia => "social_media",
            ResponseType::Other => "other",
        }
    }

    fn parse(raw: &str) -> ApiResult<Self> {
        [
            ResponseType::Email,
            ResponseType::Letter,
            ResponseType::PhoneCall,
            ResponseType::Meeting,
            ResponseType::SocialMedia,
            ResponseType::Other,
        ]
        .into_iter()
        .find(|t| t.as_str() == raw)
        .ok_or_else(|| ApiError::internal(format!("unknown response type {raw:?}")))
    }
}

/// Where a response is in moderation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ModerationStatus {
    Pending,
    Approved,
    Rejected,
}

impl ModerationStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ModerationStatus::Pending => "pending",
            ModerationStatus::Approved => "approved",
            ModerationStatus::Rejected => "rejected",
        }
    }

    fn parse(raw: &str) -> Self {
        match raw {
            "approved" => ModerationStatus::Approved,
            "rejected" => ModerationStatus::Rejected,
            _ => ModerationStatus::Pending,
        }
    }
}

/// The columns of [`PublicResponse::from_row`], for a row aliased `p`.
pub const PUBLIC_COLUMNS: &str = "p.id, p.representative_id, p.representative_name,
    p.representative_level, p.response_type, p.text, p.submitter_name,
    p.screenshot_key is not null as has_screenshot, p.upvotes, p.verified_at, p.created_at";

/// A response as the public wall shows it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PublicResponse {
    pub id: Uuid,
    /// Null once the representative was removed.
    pub representative_id: Option<Uuid>,
    pub representative_name: String,
    pub representative_level: Level,
    pub response_type: ResponseType,
    pub text: String,
    /// As the supporter signed it; may be empty.
    pub submitter_name: String,
    pub screenshot_url: Option<String>,
    pub upvotes: i32,
    /// The representative confirmed it is theirs.
    pub verified: bool,
    pub created_at: DateTime<Utc>,
}

impl PublicResponse {
    pub fn from_row(row: &Row) -> ApiResult<Self> {
        let id: Uuid = row.try_get("id")?;
        let level: &str = row.try_get("representative_level")?;
        let has_screenshot: bool = row.try_get("has_screenshot")?;
        let verified: Option<DateTime<Utc>> = row.try_get("verified_at")?;
        Ok(Self {
            id,
            representative_id: row.try_get("representative_id")?,
            representative_name: row.try_get("representative_name")?,
            representative_level: Level::parse(level).map_err(ApiError::internal)?,
            response_type: ResponseType::parse(row.try_get("response_type")?)?,
            text: row.try_get("text")?,
            submitter_name: row.try_get("submitter_name")?,
            screenshot_url: has_screenshot
                .then(|| format!("/api/public/responses/{id}/screenshot")),
            upvotes: row.try_get("upvotes")?,
            verified: verified.is_some(),
            created_at: row.try_get("created_at")?,
        })
    }
}

/// The columns of [`ResponseRecord::from_row`].
pub const RECORD_COLUMNS: &str = "p.id, p.representative_id, p.representative_name,
    p.representative_level, p.response_type, p.text, p.submitter_name,
    p.screenshot_key is not null as has_screenshot, p.upvotes, p.verified_at, p.created_at,
    p.campaign_id, c.title as campaign_title, c.slug as campaign_slug, p.status,
    p.moderation_note, p.moderated_by, p.moderated_at, p.submitted_by, p.reported_at,
    p.verification_email, p.verification_expires_at, p.updated_at";

/// A response as admins moderate it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ResponseRecord {
    #[serde(flatten)]
    pub response: PublicResponse,
    pub campaign_id: Uuid,
    pub campaign_title: String,
    pub campaign_slug: String,
    pub status: ModerationStatus,
    pub moderation_note: String,
    pub moderated_by: Option<Uuid>,
    pub moderated_at: Option<DateTime<Utc>>,
    /// The account that posted it; null for a visitor.
    pub submitted_by: Option<Uuid>,
    /// When the representative said it is not theirs.
    pub reported_at: Option<DateTime<Utc>>,
    /// Where the verification email went, once asked for.
    pub verification_email: Option<String>,
    pub verification_expires_at: Option<DateTime<Utc>>,
    pub verified_at: Option<DateTime<Utc>>,
    /// Send it back with an update (or as `If-Match`) to detect concurrent edits.
    pub updated_at: DateTime<Utc>,
}

impl ResponseRecord {
    pub fn from_row(row: &Row) -> ApiResult<Self> {
        let mut response = PublicResponse::from_row(row)?;
        // Admins see a screenshot before it is public, through their own route.
        if let Some(url) = &mut response.screenshot_url {
            *url = format!("/api/responses/{}/screenshot", response.id);
        }
        Ok(Self {
            response,
            campaign_id: row.try_get("campaign_id")?,
            campaign_title: row.try_get("campaign_title")?,
            campaign_slug: row.try_get("campaign_slug")?,
            status: ModerationStatus::parse(row.try_get("status")?),
            moderation_note: row.try_get("moderation_note")?,
            moderated_by: row.try_get("moderated_by")?,
            moderated_at: row.try_get("moderated_at")?,
            submitted_by: row.try_get("submitted_by")?,
            reported_at: row.try_get("reported_at")?,
            verification_email: row.try_get("verification_email")?,
            verification_expires_at: row.try_get("verification_expires_at")?,
            verified_at: row.try_get("verified_at")?,
            updated_at: row.try_get("updated_at")?,
        })
    }
}

/// Response `id` as admins see it (with `lock`, locked until the transaction ends).
pub async fn load(
    client: &impl shared::db::GenericClient,
    id: Uuid,
    lock: bool,
) -> ApiResult<ResponseRecord> {
    let sql = format!(
        "select {RECORD_COLUMNS} from campaign_responses p join campaigns c on c.id = p.campaign_id
         where p.id = $1{}",
        if lock { " for update of p" } else { "" }
    );
    let row = client
        .query_opt(&sql, &[&id])
        .await?
        .ok_or_else(|| ApiError::not_found("Response"))?;
    ResponseRecord::from_row(&row)
}
