//! The public wall of a campaign: its approved responses, sorted and filtered,
//! and the form where a supporter posts what their representative answered.

use axum::extract::State;
use serde::{Deserialize, Serialize};
use shared::auth::AuthUser;
use shared::domain::{Line, Text};
use shared::error::FieldErrors;
use shared::http::{ApiJson, ApiPath, ApiQuery, ClientIp, Created, DataOf};
use shared::paging::{self, PageOf, Paged, Paging};
use shared::{ApiError, ApiResult, AppState, db, rate_limit};
use uuid::Uuid;

use influence::Level;

use super::{PUBLIC_COLUMNS, PublicResponse, ResponseType};
use crate::public::{self, PublicCampaign};

/// Responses one client address may post per campaign and hour.
pub const PER_ADDRESS: u32 = 5;

/// 404 unless the campaign shows its response wall.
fn require_wall(campaign: &PublicCampaign) -> ApiResult<()> {
    if campaign.show_response_wall {
        Ok(())
    } else {
        Err(ApiError::not_found("Response wall"))
    }
}

/// How the wall is ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum WallOrder {
    /// Newest first.
    #[default]
    Recent,
    /// Most upvoted first.
    Upvotes,
    /// Verified responses first, then newest.
    Verified,
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct WallQuery {
    #[serde(default)]
    #[param(inline)]
    sort: WallOrder,
    /// Only responses of representatives at this level.
    level: Option<Level>,
}

/// A wall's pages are read on phones: twenty responses at a time.
type WallPaging = Paging<20>;

/// A campaign's approved responses (public).
#[utoipa::path(get, path = "/api/public/campaigns/{slug}/responses", tag = "public",
    params(("slug" = String, Path, description = "Campaign slug"), WallQuery, WallPaging),
    responses((status = 200, description = "A page of approved responses", body = PageOf<PublicResponse>),
              (status = 404, description = "No such campaign, or it shows no response wall")))]
pub async fn list(
    State(state): State<AppState>,
    ApiPath(slug): ApiPath<String>,
    ApiQuery(query): ApiQuery<WallQuery>,
    Paging(page): WallPaging,
) -> ApiResult<Paged<PublicResponse>> {
    let client = db::client(&state.db).await?;
    let campaign = public::live(&client, &slug).await?;
    require_wall(&campaign)?;
    let order = match query.sort {
        WallOrder::Recent => "p.created_at desc, p.id",
        WallOrder::Upvotes => "p.upvotes desc, p.created_at desc, p.id",
        WallOrder::Verified => "p.verified_at is null, p.created_at desc, p.id",
    };
    let rows = paging::fetch(
        &client,
        PUBLIC_COLUMNS,
        "from campaign_responses p
         where p.campaign_id = $1 and p.status = 'approved'
           and ($2::text is null or p.representative_level = $2)",
        order,
        &[&campaign.id, &query.level.map(Level::as_str)],
        page,
    )
    .await?;
    Paged::from_rows(rows, page, PublicResponse::from_row)
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewResponse {
    /// One of the representatives the campaign writes to.
    representative_id: Uuid,
    response_type: ResponseType,
    /// What they answered, at most 5,000 characters.
    text: String,
    /// How the supporter signs it on the wall; may be empty.
    #[serde(default)]
    submitter_name: String,
}

/// What a supporter was told after posting.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Posted {
    pub id: Uuid,
    /// Always `pending`: an admin approves responses before they are shown.
    pub status: super::ModerationStatus,
}

/// Posts a representative's response for moderation (public; a signed-in
/// poster is remembered and may add a screenshot).
#[utoipa::path(post, path = "/api/public/campaigns/{slug}/responses", tag = "public",
    params(("slug" = String, Path, description = "Campaign slug")),
    request_body = NewResponse,
    responses((status = 201, description = "Waiting for moderation", body = DataOf<Posted>),
              (status = 404, description = "No such campaign, or it shows no response wall"),
              (status = 422, description = "Invalid fields, or a representative the campaign does not write to"),
              (status = 429, description = "Too many responses from this address")))]
pub async fn submit(
    user: Option<AuthUser>,
    State(state): State<AppState>,
    ip: ClientIp,
    ApiPath(slug): ApiPath<String>,
    ApiJson(mut input): ApiJson<NewResponse>,
) -> ApiResult<Created<Posted>> {
    let campaign = {
        let client = db::client(&state.db).await?;
        public::live(&client, &slug).await?
    };
    require_wall(&campaign)?;
    let mut errors = FieldErrors::new();
    errors.tidy::<Text<5000>>("text", &mut input.text);
    if input.text.is_empty() {
        errors.add("text", "Is required");
    }
    errors.tidy::<Line<100, 0>>("submitter_name", &mut input.submitter_name);
    errors.finish()?;
    let address = format!("responses:{}:ip:{}", campaign.id, ip.key());
    rate_limit::hit(&state, &address, PER_ADDRESS, 3600).await?;
    let levels: Vec<&str> = campaign.target_levels.iter().map(|l| l.as_str()).collect();
    let client = db::client(&state.db).await?;
    let row = client
        .query_opt(
            "insert into campaign_responses (campaign_id, representative_id, representative_name,
                 representative_level, response_type, text, submitter_name, submitted_by)
             select $1, r.id, r.name, r.level, $3, $4, $5, $6
             from representatives r where r.id = $2 and r.level = any($7)
             returning id",
            &[
                &campaign.id,
                &input.representative_id,
                &input.response_type.as_str(),
                &input.text,
                &input.submitter_name,
                &user.map(|u| u.id),
                &levels,
            ],
        )
        .await?
        .ok_or_else(|| {
            ApiError::invalid_field(
                "representative_id",
                "Choose one of the representatives this campaign writes to",
            )
        })?;
    Ok(Created(Posted {
        id: row.try_get(0)?,
        status: super::ModerationStatus::Pending,
    }))
}
