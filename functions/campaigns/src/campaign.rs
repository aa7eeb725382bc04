//! A campaign as admins see it, its status and where it came from, and how it is
//! read from a row. Who may see which campaign is decided here too: admins see
//! every one; a user who submitted campaigns sees only their own.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use shared::auth::{AuthUser, Role};
use shared::db::GenericClient;
use shared::{ApiError, ApiResult};
use tokio_postgres::Row;
use uuid::Uuid;

use influence::Level;

/// The columns of [`Campaign::from_row`], for a `campaigns` row aliased `c`.
pub const COLUMNS: &str = "c.id, c.slug, c.title, c.description, c.email_subject, c.email_body,
    c.call_to_action, c.cover_key is not null as has_cover, c.target_levels, c.status,
    c.allow_server_send, c.allow_mailto, c.collect_supporter_info, c.allow_editing,
    c.show_email_count, c.show_response_wall, c.featured, c.origin, c.review_status,
    c.review_note, c.created_by, c.email_count, c.mailto_count, c.created_at, c.updated_at";

/// Where a campaign is in its life. Only the moves of [`CampaignStatus::can_become`]
/// are allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CampaignStatus {
    Draft,
    Active,
    Paused,
    Archived,
}

impl CampaignStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            CampaignStatus::Draft => "draft",
            CampaignStatus::Active => "active",
            CampaignStatus::Paused => "paused",
            CampaignStatus::Archived => "archived",
        }
    }

    /// A stored status.
    pub fn parse(raw: &str) -> ApiResult<Self> {
        [
            CampaignStatus::Draft,
            CampaignStatus::Active,
            CampaignStatus::Paused,
            CampaignStatus::Archived,
        ]
        .into_iter()
        .find(|s| s.as_str() == raw)
        .ok_or_else(|| ApiError::internal(format!("unknown campaign status {raw:?}")))
    }

    /// `draft → active ⇄ paused → archived` (and `active → archived`).
    pub fn can_become(self, next: CampaignStatus) -> bool {
        use CampaignStatus::*;
        matches!(
            (self, next),
            (Draft, Active)
                | (Active, Paused)
                | (Paused, Active)
                | (Active, Archived)
                | (Paused, Archived)
        )
    }
}

/// Who wrote a campaign.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CampaignOrigin {
    /// An admin: may send through the server.
    Admin,
    /// A user's submission, reviewed before it goes live; never sends through
    /// the server.
    User,
}

/// Where a submitted campaign is in review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReviewStatus {
    Pending,
    Approved,
    Rejected,
}

impl ReviewStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewStatus::Pending => "pending",
            ReviewStatus::Approved => "approved",
            ReviewStatus::Rejected => "rejected",
        }
    }
}

/// A campaign, whole.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Campaign {
    pub id: Uuid,
    /// Its public address: `/campaigns/{slug}`.
    pub slug: String,
    pub title: String,
    pub description: String,
    /// A template: see `influence::letter::VARIABLES`.
    pub email_subject: String,
    /// A template: see `influence::letter::VARIABLES`.
    pub email_body: String,
    pub call_to_action: String,
    /// Where the cover image is served, when there is one.
    pub cover_url: Option<String>,
    pub target_levels: Vec<Level>,
    pub status: CampaignStatus,
    pub allow_server_send: bool,
    pub allow_mailto: bool,
    pub collect_supporter_info: bool,
    pub allow_editing: bool,
    pub show_email_count: bool,
    pub show_response_wall: bool,
    pub featured: bool,
    pub origin: CampaignOrigin,
    /// Set on submitted campaigns only.
    pub review_status: Option<ReviewStatus>,
    pub review_note: String,
    pub created_by: Option<Uuid>,
    /// Emails sent through the server (queued, sent or failed).
    pub email_count: i32,
    /// `mailto:` links opened.
    pub mailto_count: i32,
    pub created_at: DateTime<Utc>,
    /// Send it back with an update (or as `If-Match`) to detect concurrent edits.
    pub updated_at: DateTime<Utc>,
}

/// The public address of a campaign's cover.
pub fn cover_url(slug: &str) -> String {
    format!("/api/public/campaigns/{slug}/cover")
}

/// A stored list of levels.
pub fn levels(raw: Vec<String>) -> ApiResult<Vec<Level>> {
    raw.iter()
        .map(|level| Level::parse(level).map_err(ApiError::internal))
        .collect()
}

impl Campaign {
    pub fn from_row(row: &Row) -> ApiResult<Self> {
        let slug: String = row.try_get("slug")?;
        let has_cover: bool = row.try_get("has_cover")?;
        let origin: String = row.try_get("origin")?;
        let review: Option<String> = row.try_get("review_status")?;
        Ok(Self {
            id: row.try_get("id")?,
            cover_url: has_cover.then(|| cover_url(&slug)),
            slug,
            title: row.try_get("title")?,
            description: row.try_get("description")?,
            email_subject: row.try_get("email_subject")?,
            email_body: row.try_get("email_body")?,
            call_to_action: row.try_get("call_to_action")?,
            target_levels: levels(row.try_get("target_levels")?)?,
            status: CampaignStatus::parse(row.try_get("status")?)?,
            allow_server_send: row.try_get("allow_server_send")?,
            allow_mailto: row.try_get("allow_mailto")?,
            collect_supporter_info: row.try_get("collect_supporter_info")?,
            allow_editing: row.try_get("allow_editing")?,
            show_email_count: row.try_get("show_email_count")?,
            show_response_wall: row.try_get("show_response_wall")?,
            featured: row.try_get("featured")?,
            origin: if origin == "user" {
                CampaignOrigin::User
            } else {
                CampaignOrigin::Admin
            },
            review_status: match review.as_deref() {
                Some("pending") => Some(ReviewStatus::Pending),
                Some("approved") => Some(ReviewStatus::Approved),
                Some("rejected") => Some(ReviewStatus::Rejected),
                _ => None,
            },
            review_note: row.try_get("review_note")?,
            created_by: row.try_get("created_by")?,
            email_count: row.try_get("email_count")?,
            mailto_count: row.try_get("mailto_count")?,
            created_at: row.try_get("created_at")?,
            updated_at: row.try_get("updated_at")?,
        })
    }
}

/// Passes for INFLUENCE_ADMIN and SUPER_ADMIN; 403 for everyone else.
pub fn admin(user: &AuthUser) -> ApiResult<()> {
    user.require(Role::InfluenceAdmin)
}

/// Whether `user` administers campaigns.
pub fn is_admin(user: &AuthUser) -> bool {
    user.role.satisfies(Role::InfluenceAdmin)
}

/// Campaign `id` as `user` may see it: any campaign for an admin, only their
/// own submissions for anyone else (404 otherwise, so others' drafts stay
/// unknown). With `lock`, the row is locked until the transaction ends.
pub async fn load(
    client: &impl GenericClient,
    user: &AuthUser,
    id: Uuid,
    lock: bool,
) -> ApiResult<Campaign> {
    let sql = format!(
        "select {COLUMNS} from campaigns c
         where c.id = $1 and ($2 or (c.origin = 'user' and c.created_by = $3)){}",
        if lock { " for update" } else { "" }
    );
    let row = client
        .query_opt(&sql, &[&id, &is_admin(user), &user.id])
        .await?
        .ok_or_else(|| ApiError::not_found("Campaign"))?;
    Campaign::from_row(&row)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_forward_moves_and_pausing_are_allowed() {
        use CampaignStatus::*;
        let all = [Draft, Active, Paused, Archived];
        let allowed: Vec<(CampaignStatus, CampaignStatus)> = all
            .iter()
            .flat_map(|a| all.iter().map(move |b| (*a, *b)))
            .filter(|(a, b)| a.can_become(*b))
            .collect();
        assert_eq!(
            allowed,
            [
                (Draft, Active),
                (Active, Paused),
                (Active, Archived),
                (Paused, Active),
                (Paused, Archived)
            ]
        );
    }
}
