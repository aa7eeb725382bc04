//! The `mailto:` path: the supporter writes from their own mail program. The
//! server builds the link (every recipient, the subject and body filled in and
//! percent-encoded) and records the intent; whether the email then leaves the
//! supporter's computer, nobody can know.

use axum::extract::State;
use serde::Serialize;
use shared::http::{ApiJson, ApiPath, ClientIp, Created, DataOf};
use shared::{ApiError, ApiResult, AppState, db, rate_limit};

use influence::letter::{self, Values};

use crate::emails::{self, Method};
use crate::public;
use crate::representative::Representative;
use crate::supporter::{SupporterRequest, recipients};

/// `mailto:` links one client address may ask for per campaign and hour.
pub const PER_ADDRESS: u32 = 20;

/// A link to open in the supporter's mail program.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct MailtoLink {
    /// `mailto:a@x,b@y?subject=…&body=…`
    pub mailto: String,
    /// The subject and body as the link fills them in.
    pub subject: String,
    pub body: String,
    pub recipients: Vec<Representative>,
    /// The campaign's `mailto:` links, this one included.
    pub mailto_count: i32,
}

/// Builds a `mailto:` link to the supporter's representatives and records it
/// (public).
#[utoipa::path(post, path = "/api/public/campaigns/{slug}/mailto", tag = "public",
    params(("slug" = String, Path, description = "Campaign slug")),
    request_body = SupporterRequest,
    responses((status = 201, description = "The link, recorded as an intent", body = DataOf<MailtoLink>),
              (status = 404, description = "No such campaign, or not public"),
              (status = 409, description = "The campaign takes no emails now, or offers no mailto: links"),
              (status = 422, description = "Invalid fields, an edit the campaign does not allow, or nobody to write to"),
              (status = 429, description = "Too many links from this address")))]
pub async fn mailto(
    State(state): State<AppState>,
    ip: ClientIp,
    ApiPath(slug): ApiPath<String>,
    ApiJson(input): ApiJson<SupporterRequest>,
) -> ApiResult<Created<MailtoLink>> {
    let campaign = {
        let client = db::client(&state.db).await?;
        public::live(&client, &slug).await?
    };
    campaign.require_active()?;
    if !campaign.allow_mailto {
        return Err(ApiError::conflict(
            "MAILTO_DISABLED",
            "This campaign sends its emails for you; use Send now",
        ));
    }
    let (supporter, chosen) = input.check(&campaign, campaign.collect_supporter_info)?;
    let address = format!("mailto:{}:ip:{}", campaign.id, ip.key());
    rate_limit::hit(&state, &address, PER_ADDRESS, 3600).await?;
    let to = recipients(&state, &campaign, &supporter, chosen.as_deref()).await?;

    // One letter to everyone: the greeting names them all.
    let field = |pick: fn(&Representative) -> &str| -> Vec<&str> {
        let mut values: Vec<&str> = to.iter().map(pick).collect();
        values.dedup();
        values
    };
    let (names, titles, districts) = (
        letter::names(&field(|r| &r.name)),
        match to.as_slice() {
            [one] => one.elected_office.clone(),
            _ => String::new(),
        },
        letter::names(&field(|r| &r.district)),
    );
    let values = Values {
        representative_name: &names,
        representative_title: &titles,
        representative_district: &districts,
        supporter_name: &supporter.name,
        supporter_email: supporter.email.as_ref().map_or("", |e| e.as_str()),
        postal_code: supporter.postal_code.as_str(),
        campaign_title: &campaign.title,
    };
    let written =
        letter::render(&supporter.subject, &supporter.body, &values).map_err(ApiError::internal)?;
    let addresses: Vec<&str> = to.iter().map(|r| r.email.as_str()).collect();
    let link = letter::mailto(&addresses, &written.subject, &written.text);

    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    let (_, mailto_count) =
        emails::record(&tx, campaign.id, &supporter, &to, Method::Mailto).await?;
    tx.commit().await?;
    Ok(Created(MailtoLink {
        mailto: link,
        subject: written.subject,
        body: written.text,
        recipients: to,
        mailto_count,
    }))
}
