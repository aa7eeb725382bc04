//! `/api/campaigns`: the admins' list and the record operations, which a user
//! also uses on their own submissions while they are in review.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use serde::{Deserialize, Serialize};
use shared::audit::{self, Subject};
use shared::auth::AuthUser;
use shared::db::Transaction;
use shared::domain::Line;
use shared::http::{ApiJson, ApiPath, ApiQuery, Created, Data, DataOf};
use shared::paging::{self, PageOf, Paged, Paging};
use shared::records::{Patch, check_fresh};
use shared::storage;
use shared::{ApiError, ApiResult, AppState, db};
use uuid::Uuid;

use crate::campaign::{
    self, COLUMNS, Campaign, CampaignOrigin, CampaignStatus, ReviewStatus, admin,
};
use crate::fields::{CampaignFields, CampaignPatch};

/// A campaign in the admins' list, with its emails by status.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CampaignListItem {
    #[serde(flatten)]
    pub campaign: Campaign,
    pub queued: i64,
    pub sent: i64,
    pub failed: i64,
    /// Responses waiting for moderation.
    pub pending_responses: i64,
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CampaignQuery {
    status: Option<CampaignStatus>,
    origin: Option<CampaignOrigin>,
    /// Submitted campaigns in this state of review (`pending` is the review queue).
    review: Option<ReviewStatus>,
    /// Matches the title or the slug.
    q: Option<String>,
}

/// A `%…%` pattern for `ilike` from a search box, its wildcards escaped; `None`
/// when empty. 422 naming `field` when it is not one line of at most 200.
pub fn search_pattern(field: &str, raw: Option<&str>) -> ApiResult<Option<String>> {
    let Some(raw) = raw else { return Ok(None) };
    let line = Line::<200, 0>::parse(raw).map_err(|m| ApiError::invalid_field(field, m))?;
    Ok(Some(line.as_str()).filter(|q| !q.is_empty()).map(|q| {
        format!(
            "%{}%",
            q.replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        )
    }))
}

/// Lists campaigns, newest first, with their email counts (admins).
#[utoipa::path(get, path = "/api/campaigns", tag = "campaigns", security(("bearer" = [])),
    params(CampaignQuery, Paging),
    responses((status = 200, description = "A page of campaigns", body = PageOf<CampaignListItem>),
              (status = 403, description = "Not an Influence admin")))]
pub async fn list(
    user: AuthUser,
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<CampaignQuery>,
    Paging(page): Paging,
) -> ApiResult<Paged<CampaignListItem>> {
    admin(&user)?;
    let pattern = search_pattern("q", query.q.as_deref())?;
    let client = db::client(&state.db).await?;
    let rows = paging::fetch(
        &client,
        &format!("{COLUMNS}, s.queued, s.sent, s.failed, r.pending_responses"),
        "from campaigns c
         cross join lateral (
             select count(*) filter (where e.status = 'queued') as queued,
                    count(*) filter (where e.status = 'sent') as sent,
                    count(*) filter (where e.status = 'failed') as failed
             from campaign_emails e where e.campaign_id = c.id and e.method = 'server') s
         cross join lateral (
             select count(*) as pending_responses from campaign_responses p
             where p.campaign_id = c.id and p.status = 'pending') r
         where ($1::text is null or c.status = $1)
           and ($2::text is null or c.origin = $2)
           and ($3::text is null or c.review_status = $3)
           and ($4::text is null or c.title ilike $4 or c.slug ilike $4)",
        "c.created_at desc, c.id",
        &[
            &query.status.map(CampaignStatus::as_str),
            &query.origin.map(|o| match o {
                CampaignOrigin::Admin => "admin",
                CampaignOrigin::User => "user",
            }),
            &query.review.map(ReviewStatus::as_str),
            &pattern,
        ],
        page,
    )
    .await?;
    Paged::from_rows(rows, page, |row| {
        Ok(CampaignListItem {
            campaign: Campaign::from_row(row)?,
            queued: row.try_get("queued")?,
            sent: row.try_get("sent")?,
            failed: row.try_get("failed")?,
            pending_responses: row.try_get("pending_responses")?,
        })
    })
}

/// Who is writing a new campaign, and so what it starts as.
pub struct Author {
    pub id: Uuid,
    pub origin: CampaignOrigin,
}

/// Inserts a new draft under a slug derived from its title: the first of
/// `save-the-park`, `save-the-park-2`, … that the unique constraint lets in,
/// so two creations of one title at once both succeed.
pub async fn insert(
    tx: &Transaction<'_>,
    fields: &CampaignFields,
    author: &Author,
    cover_key: Option<&str>,
) -> ApiResult<Uuid> {
    let base = shared::slug::from_title(&fields.title);
    let (origin, review) = match author.origin {
        CampaignOrigin::Admin => ("admin", None),
        CampaignOrigin::User => ("user", Some(ReviewStatus::Pending.as_str())),
    };
    let levels: Vec<&str> = fields.target_levels.iter().map(|l| l.as_str()).collect();
    for slug in shared::slug::candidates(&base).take(100) {
        let row = tx
            .query_opt(
                "insert into campaigns (slug, title, description, email_subject, email_body,
                     call_to_action, target_levels, allow_server_send, allow_mailto,
                     collect_supporter_info, allow_editing, show_email_count, show_response_wall,
                     featured, origin, review_status, created_by, cover_key)
                 values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
                 on conflict on constraint campaigns_slug_key do nothing
                 returning id",
                &[
                    &slug,
                    &fields.title,
                    &fields.description,
                    &fields.email_subject,
                    &fields.email_body,
                    &fields.call_to_action,
                    &levels,
                    &fields.allow_server_send,
                    &fields.allow_mailto,
                    &fields.collect_supporter_info,
                    &fields.allow_editing,
                    &fields.show_email_count,
                    &fields.show_response_wall,
                    &fields.featured,
                    &origin,
                    &review,
                    &author.id,
                    &cover_key,
                ],
            )
            .await?;
        if let Some(row) = row {
            return Ok(row.try_get(0)?);
        }
    }
    Err(ApiError::conflict(
        "SLUG_TAKEN",
        "Too many campaigns share this title; choose another",
    ))
}

/// The audit subject of a campaign change.
pub fn subject(user: &AuthUser, id: Uuid) -> Subject<'static> {
    Subject {
        actor_id: user.id,
        entity_type: "campaign",
        entity_id: id,
        scope_id: None,
    }
}

/// Creates a draft campaign (admins).
#[utoipa::path(post, path = "/api/campaigns", tag = "campaigns", security(("bearer" = [])),
    request_body = CampaignFields,
    responses((status = 201, description = "Created as a draft", body = DataOf<Campaign>),
              (status = 403, description = "Not an Influence admin"),
              (status = 422, description = "Invalid fields")))]
pub async fn create(
    user: AuthUser,
    State(state): State<AppState>,
    ApiJson(mut fields): ApiJson<CampaignFields>,
) -> ApiResult<Created<Campaign>> {
    admin(&user)?;
    fields.check(false)?;
    let author = Author {
        id: user.id,
        origin: CampaignOrigin::Admin,
    };
    create_as(&state, &user, fields, &author).await.map(Created)
}

/// Inserts and audits a checked campaign, answering it as saved.
pub async fn create_as(
    state: &AppState,
    user: &AuthUser,
    fields: CampaignFields,
    author: &Author,
) -> ApiResult<Campaign> {
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    let id = insert(&tx, &fields, author, None).await?;
    audit::change(&tx, subject(user, id), None, Some(&fields)).await?;
    let campaign = campaign::load(&tx, user, id, false).await?;
    tx.commit().await?;
    Ok(campaign)
}

/// One campaign (admins; a user, their own submission).
#[utoipa::path(get, path = "/api/campaigns/{id}", tag = "campaigns", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Campaign id")),
    responses((status = 200, description = "The campaign", body = DataOf<Campaign>),
              (status = 404, description = "No such campaign, or not the caller's submission")))]
pub async fn get(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Data<Campaign>> {
    let client = db::client(&state.db).await?;
    campaign::load(&client, &user, id, false).await.map(Data)
}

/// Changes a campaign (admins). A user may change their own submission until it
/// is approved; the change sends it back to review.
#[utoipa::path(patch, path = "/api/campaigns/{id}", tag = "campaigns", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Campaign id")),
    request_body = CampaignPatch,
    responses((status = 200, description = "Updated", body = DataOf<Campaign>),
              (status = 404, description = "No such campaign, or not the caller's submission"),
              (status = 409, description = "Changed since it was read (STALE), or already approved"),
              (status = 422, description = "Invalid fields")))]
pub async fn update(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
    headers: HeaderMap,
    ApiJson(patch): ApiJson<CampaignPatch>,
) -> ApiResult<Data<Campaign>> {
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    let current = campaign::load(&tx, &user, id, true).await?;
    check_fresh(patch.seen(), &headers, current.updated_at)?;
    let by_author = !campaign::is_admin(&user);
    if by_author && current.review_status == Some(ReviewStatus::Approved) {
        return Err(ApiError::conflict(
            "ALREADY_APPROVED",
            "This campaign was approved; ask an admin to change it",
        ));
    }
    let before = CampaignFields::of(&current);
    let mut after = patch.apply(before.clone());
    after.check(current.origin == CampaignOrigin::User)?;
    let levels: Vec<&str> = after.target_levels.iter().map(|l| l.as_str()).collect();
    tx.execute(
        "update campaigns set title = $2, description = $3, email_subject = $4, email_body = $5,
             call_to_action = $6, target_levels = $7, allow_server_send = $8, allow_mailto = $9,
             collect_supporter_info = $10, allow_editing = $11, show_email_count = $12,
             show_response_wall = $13, featured = $14,
             review_status = case when $15 then 'pending' else review_status end
         where id = $1",
        &[
            &id,
            &after.title,
            &after.description,
            &after.email_subject,
            &after.email_body,
            &after.call_to_action,
            &levels,
            &after.allow_server_send,
            &after.allow_mailto,
            &after.collect_supporter_info,
            &after.allow_editing,
            &after.show_email_count,
            &after.show_response_wall,
            &after.featured,
            &by_author,
        ],
    )
    .await?;
    audit::change(&tx, subject(&user, id), Some(&before), Some(&after)).await?;
    let campaign = campaign::load(&tx, &user, id, false).await?;
    tx.commit().await?;
    Ok(Data(campaign))
}

/// Deletes a campaign nobody has written from yet (admins; a user, their own
/// submission). One with emails is archived instead, so its record stays.
#[utoipa::path(delete, path = "/api/campaigns/{id}", tag = "campaigns", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Campaign id")),
    responses((status = 204, description = "Deleted"),
              (status = 404, description = "No such campaign, or not the caller's submission"),
              (status = 409, description = "Supporters have written from it: archive it instead")))]
pub async fn delete(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<StatusCode> {
    let keys = {
        let mut client = db::client(&state.db).await?;
        let tx = client.transaction().await?;
        let current = campaign::load(&tx, &user, id, true).await?;
        if current.email_count + current.mailto_count > 0 {
            return Err(ApiError::conflict(
                "HAS_EMAILS",
                "Supporters have written from this campaign; archive it instead",
            ));
        }
        // The cover and the screenshots of its responses go with it.
        let row = tx
            .query_one(
                "with gone as (delete from campaigns where id = $1 returning cover_key)
                 select array_remove(array_append(
                     array(select screenshot_key from campaign_responses
                           where campaign_id = $1 and screenshot_key is not null),
                     (select cover_key from gone)), null)",
                &[&id],
            )
            .await?;
        let keys: Vec<String> = row.try_get(0)?;
        storage::delete_later(&tx, &keys).await?;
        audit::change(
            &tx,
            subject(&user, id),
            Some(&CampaignFields::of(&current)),
            None,
        )
        .await?;
        tx.commit().await?;
        keys
    };
    storage::drain_deletions(&state, Some(&keys)).await?;
    Ok(StatusCode::NO_CONTENT)
}
