//! The public side of campaigns: the list of live campaigns and one campaign's
//! page, as strangers see them. A draft is never public; a paused or archived
//! campaign still shows its page but takes no emails.

use axum::extract::State;
use serde::Serialize;
use shared::db::GenericClient;
use shared::http::{ApiPath, Data, DataOf};
use shared::paging::{self, PageOf, Paged, Paging};
use shared::{ApiError, ApiResult, AppState, db};
use tokio_postgres::Row;
use uuid::Uuid;

use influence::Level;

use crate::campaign::{CampaignStatus, cover_url, levels};

/// The columns of [`PublicCampaign::from_row`].
const PUBLIC_COLUMNS: &str = "c.id, c.slug, c.title, c.description, c.email_subject,
    c.email_body, c.call_to_action, c.cover_key is not null as has_cover, c.target_levels,
    c.status, c.allow_server_send, c.allow_mailto, c.collect_supporter_info, c.allow_editing,
    c.show_email_count, c.show_response_wall, c.featured, c.email_count, c.mailto_count";

/// A campaign as its public page shows it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PublicCampaign {
    pub id: Uuid,
    pub slug: String,
    pub title: String,
    pub description: String,
    /// The message's subject, a template its variables are filled into.
    pub email_subject: String,
    /// The message's body, a template its variables are filled into.
    pub email_body: String,
    pub call_to_action: String,
    pub cover_url: Option<String>,
    pub target_levels: Vec<Level>,
    /// Only `active` takes emails.
    pub status: CampaignStatus,
    pub allow_server_send: bool,
    pub allow_mailto: bool,
    /// Name and email are asked for before a `mailto:` link too.
    pub collect_supporter_info: bool,
    pub allow_editing: bool,
    pub show_response_wall: bool,
    pub featured: bool,
    /// Emails written from this campaign (sent and `mailto:`), when the
    /// campaign shows it.
    pub email_count: Option<i64>,
}

impl PublicCampaign {
    fn from_row(row: &Row) -> ApiResult<Self> {
        let slug: String = row.try_get("slug")?;
        let has_cover: bool = row.try_get("has_cover")?;
        let show_count: bool = row.try_get("show_email_count")?;
        let sent: i32 = row.try_get("email_count")?;
        let opened: i32 = row.try_get("mailto_count")?;
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
            show_response_wall: row.try_get("show_response_wall")?,
            featured: row.try_get("featured")?,
            email_count: show_count.then_some(i64::from(sent) + i64::from(opened)),
        })
    }

    /// 409 unless the campaign takes emails now.
    pub fn require_active(&self) -> ApiResult<()> {
        if self.status == CampaignStatus::Active {
            Ok(())
        } else {
            Err(ApiError::conflict(
                "CAMPAIGN_CLOSED",
                "This campaign is not taking emails at the moment",
            ))
        }
    }
}

/// The public campaign `slug`: 404 for a draft or an unknown slug.
async fn row_by_slug(client: &impl GenericClient, slug: &str) -> ApiResult<Row> {
    client
        .query_opt(
            &format!(
                "select {PUBLIC_COLUMNS} from campaigns c where c.slug = $1 and c.status <> 'draft'"
            ),
            &[&slug],
        )
        .await?
        .ok_or_else(|| ApiError::not_found("Campaign"))
}

/// The public campaign `slug`, for sending, looking up and its wall.
pub async fn live(client: &impl GenericClient, slug: &str) -> ApiResult<PublicCampaign> {
    PublicCampaign::from_row(&row_by_slug(client, slug).await?)
}

/// The live campaigns, featured first, then newest.
#[utoipa::path(get, path = "/api/public/campaigns", tag = "public",
    params(Paging),
    responses((status = 200, description = "A page of active campaigns", body = PageOf<PublicCampaign>)))]
pub async fn list(
    State(state): State<AppState>,
    Paging(page): Paging,
) -> ApiResult<Paged<PublicCampaign>> {
    let client = db::client(&state.db).await?;
    let rows = paging::fetch(
        &client,
        PUBLIC_COLUMNS,
        "from campaigns c where c.status = 'active'",
        "c.featured desc, c.created_at desc, c.id",
        &[],
        page,
    )
    .await?;
    Paged::from_rows(rows, page, PublicCampaign::from_row)
}

/// One campaign's public page.
#[utoipa::path(get, path = "/api/public/campaigns/{slug}", tag = "public",
    params(("slug" = String, Path, description = "Campaign slug")),
    responses((status = 200, description = "The campaign", body = DataOf<PublicCampaign>),
              (status = 404, description = "No such campaign, or not public")))]
pub async fn get(
    State(state): State<AppState>,
    ApiPath(slug): ApiPath<String>,
) -> ApiResult<Data<PublicCampaign>> {
    let client = db::client(&state.db).await?;
    PublicCampaign::from_row(&row_by_slug(&client, &slug).await?).map(Data)
}
