//! A campaign's figures for its admin page: emails by status, `mailto:` links,
//! responses by status, and emails per day for the chart.

use axum::extract::State;
use chrono::NaiveDate;
use serde::Serialize;
use shared::auth::AuthUser;
use shared::http::{ApiPath, Data, DataOf};
use shared::{ApiResult, AppState, db};
use uuid::Uuid;

use crate::campaign::{self, admin};

/// Days the chart covers, today included.
pub const DAYS: i32 = 30;

/// One day of the chart (UTC).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct EmailsOnDay {
    pub day: NaiveDate,
    /// Emails sent through the server (whatever became of them).
    pub server: i64,
    /// `mailto:` links opened.
    pub mailto: i64,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CampaignStats {
    pub queued: i64,
    pub sent: i64,
    pub failed: i64,
    pub mailto: i64,
    /// Supporters who wrote through the server (by email address).
    pub supporters: i64,
    pub responses_pending: i64,
    pub responses_approved: i64,
    pub responses_rejected: i64,
    /// The last [`DAYS`] days, oldest first, every day present.
    pub per_day: Vec<EmailsOnDay>,
}

/// A campaign's figures (admins).
#[utoipa::path(get, path = "/api/campaigns/{id}/stats", tag = "campaigns", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Campaign id")),
    responses((status = 200, description = "The figures", body = DataOf<CampaignStats>),
              (status = 403, description = "Not an Influence admin"),
              (status = 404, description = "No such campaign")))]
pub async fn get(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Data<CampaignStats>> {
    admin(&user)?;
    let client = db::client(&state.db).await?;
    campaign::load(&client, &user, id, false).await?;
    let totals = client
        .query_one(
            "select count(*) filter (where status = 'queued'),
                    count(*) filter (where status = 'sent'),
                    count(*) filter (where status = 'failed'),
                    count(*) filter (where status = 'intent'),
                    count(distinct lower(supporter_email)) filter (where method = 'server'),
                    (select count(*) filter (where status = 'pending') from campaign_responses where campaign_id = $1),
                    (select count(*) filter (where status = 'approved') from campaign_responses where campaign_id = $1),
                    (select count(*) filter (where status = 'rejected') from campaign_responses where campaign_id = $1)
             from campaign_emails where campaign_id = $1",
            &[&id],
        )
        .await?;
    let days = client
        .query(
            "with days as (
                 select generate_series((now() at time zone 'utc')::date - ($2 - 1),
                                        (now() at time zone 'utc')::date, interval '1 day')::date as day)
             select d.day,
                    count(e.id) filter (where e.method = 'server'),
                    count(e.id) filter (where e.method = 'mailto')
             from days d
             left join campaign_emails e
               on e.campaign_id = $1 and (e.created_at at time zone 'utc')::date = d.day
              and e.created_at > now() - make_interval(days => $2 + 1)
             group by d.day order by d.day",
            &[&id, &DAYS],
        )
        .await?;
    let per_day = days
        .iter()
        .map(|row| {
            Ok(EmailsOnDay {
                day: row.try_get(0)?,
                server: row.try_get(1)?,
                mailto: row.try_get(2)?,
            })
        })
        .collect::<ApiResult<Vec<_>>>()?;
    Ok(Data(CampaignStats {
        queued: totals.try_get(0)?,
        sent: totals.try_get(1)?,
        failed: totals.try_get(2)?,
        mailto: totals.try_get(3)?,
        supporters: totals.try_get(4)?,
        responses_pending: totals.try_get(5)?,
        responses_approved: totals.try_get(6)?,
        responses_rejected: totals.try_get(7)?,
        per_day,
    }))
}
