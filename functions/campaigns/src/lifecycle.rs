//! A campaign's life: its status moves (`draft → active ⇄ paused → archived`),
//! the review of a submitted campaign, and duplication.

use axum::extract::State;
use serde::{Deserialize, Serialize};
use shared::audit;
use shared::auth::AuthUser;
use shared::domain::Text;
use shared::http::{ApiJson, ApiPath, Created, Data, DataOf};
use shared::storage::Storage;
use shared::{ApiError, ApiResult, AppState, db};
use uuid::Uuid;

use crate::campaign::{self, Campaign, CampaignOrigin, CampaignStatus, ReviewStatus, admin};
use crate::campaigns::{Author, insert, subject};
use crate::cover;
use crate::fields::CampaignFields;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusChange {
    status: CampaignStatus,
}

/// The status before and after a move, for the audit trail.
#[derive(Serialize)]
struct StatusField {
    status: CampaignStatus,
}

/// Moves a campaign to another status (admins). A submitted campaign goes
/// live through its review, not here.
#[utoipa::path(post, path = "/api/campaigns/{id}/status", tag = "campaigns", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Campaign id")),
    request_body = StatusChange,
    responses((status = 200, description = "Moved", body = DataOf<Campaign>),
              (status = 403, description = "Not an Influence admin"),
              (status = 404, description = "No such campaign"),
              (status = 409, description = "Not a move this status allows, or a submission still in review")))]
pub async fn transition(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<StatusChange>,
) -> ApiResult<Data<Campaign>> {
    admin(&user)?;
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    let current = campaign::load(&tx, &user, id, true).await?;
    if !current.status.can_become(input.status) {
        return Err(ApiError::conflict(
            "ILLEGAL_TRANSITION",
            format!(
                "A {} campaign cannot become {}",
                current.status.as_str(),
                input.status.as_str()
            ),
        )
        .with_details(serde_json::json!({
            "from": current.status.as_str(),
            "to": input.status.as_str(),
        })));
    }
    if current
        .review_status
        .is_some_and(|r| r != ReviewStatus::Approved)
    {
        return Err(ApiError::conflict(
            "NOT_REVIEWED",
            "Approve this submitted campaign before it goes live",
        ));
    }
    tx.execute(
        "update campaigns set status = $2 where id = $1",
        &[&id, &input.status.as_str()],
    )
    .await?;
    let (before, after) = (
        StatusField {
            status: current.status,
        },
        StatusField {
            status: input.status,
        },
    );
    audit::change(&tx, subject(&user, id), Some(&before), Some(&after)).await?;
    let campaign = campaign::load(&tx, &user, id, false).await?;
    tx.commit().await?;
    Ok(Data(campaign))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewDecision {
    decision: ReviewChoice,
    /// Told to the author (why it was rejected, what to change).
    #[serde(default)]
    note: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReviewChoice {
    /// The campaign goes live.
    Approve,
    /// It stays a draft the author may change and submit again.
    Reject,
}

/// The review state before and after a decision, for the audit trail.
#[derive(Serialize)]
struct ReviewFields<'a> {
    review_status: Option<ReviewStatus>,
    review_note: &'a str,
    status: CampaignStatus,
}

/// Approves (the campaign goes live) or rejects a submitted campaign (admins).
#[utoipa::path(post, path = "/api/campaigns/{id}/review", tag = "campaigns", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Campaign id")),
    request_body = ReviewDecision,
    responses((status = 200, description = "Decided", body = DataOf<Campaign>),
              (status = 403, description = "Not an Influence admin"),
              (status = 404, description = "No such campaign"),
              (status = 409, description = "Not a submission waiting for review")))]
pub async fn review(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(mut input): ApiJson<ReviewDecision>,
) -> ApiResult<Data<Campaign>> {
    admin(&user)?;
    let mut errors = shared::error::FieldErrors::new();
    errors.tidy::<Text<2000>>("note", &mut input.note);
    errors.finish()?;
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    let current = campaign::load(&tx, &user, id, true).await?;
    if current.review_status != Some(ReviewStatus::Pending) {
        return Err(ApiError::conflict(
            "NOT_IN_REVIEW",
            "Only a submitted campaign waiting for review can be decided",
        ));
    }
    let (review, status) = match input.decision {
        ReviewChoice::Approve => (ReviewStatus::Approved, CampaignStatus::Active),
        ReviewChoice::Reject => (ReviewStatus::Rejected, CampaignStatus::Draft),
    };
    tx.execute(
        "update campaigns set review_status = $2, review_note = $3, status = $4 where id = $1",
        &[&id, &review.as_str(), &input.note, &status.as_str()],
    )
    .await?;
    let before = ReviewFields {
        review_status: current.review_status,
        review_note: &current.review_note,
        status: current.status,
    };
    let after = ReviewFields {
        review_status: Some(review),
        review_note: &input.note,
        status,
    };
    audit::change(&tx, subject(&user, id), Some(&before), Some(&after)).await?;
    let campaign = campaign::load(&tx, &user, id, false).await?;
    tx.commit().await?;
    Ok(Data(campaign))
}

/// Copies a campaign into a new admin draft titled "Copy of …", with its
/// fields and cover but none of its emails or responses (admins). A submitted
/// campaign copied this way becomes the admins' own, which may then send
/// through the server.
#[utoipa::path(post, path = "/api/campaigns/{id}/duplicate", tag = "campaigns", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Campaign id")),
    responses((status = 201, description = "The copy, a draft", body = DataOf<Campaign>),
              (status = 403, description = "Not an Influence admin"),
              (status = 404, description = "No such campaign")))]
pub async fn duplicate(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Created<Campaign>> {
    admin(&user)?;
    let (source, cover_key) = {
        let client = db::client(&state.db).await?;
        let source = campaign::load(&client, &user, id, false).await?;
        let key: Option<String> = client
            .query_one("select cover_key from campaigns where id = $1", &[&id])
            .await?
            .try_get(0)?;
        (source, key)
    };
    let mut fields = CampaignFields::of(&source);
    fields.title = copy_title(&fields.title);
    // The copy's cover is its own object, so deleting one keeps the other's.
    let new_cover = match cover_key {
        Some(key) => {
            let copy = cover::copy_key();
            Storage::new(&state)
                .copy(&key, &copy)
                .await?
                .then_some(copy)
        }
        None => None,
    };
    let author = Author {
        id: user.id,
        origin: CampaignOrigin::Admin,
    };
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    let copy = insert(&tx, &fields, &author, new_cover.as_deref()).await?;
    audit::change(&tx, subject(&user, copy), None, Some(&fields)).await?;
    let campaign = campaign::load(&tx, &user, copy, false).await?;
    tx.commit().await?;
    Ok(Created(campaign))
}

/// "Copy of …", within the title's 200 characters.
fn copy_title(title: &str) -> String {
    let copy = format!("Copy of {title}");
    copy.chars()
        .take(200)
        .collect::<String>()
        .trim_end()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_are_named_and_stay_short() {
        assert_eq!(copy_title("Save the park"), "Copy of Save the park");
        assert_eq!(copy_title(&"x".repeat(200)).chars().count(), 200);
    }
}
