//! The representative's confirmation: an admin asks, the representative gets an
//! email with a link to confirm the response (the verified badge) and one to
//! report it (it goes back to moderation, off the wall). Both work for 30 days
//! and once; the token exists only in the email (its hash is minted when the
//! email is sent, see the email worker).

use axum::extract::State;
use serde::{Deserialize, Serialize};
use shared::auth::{AuthUser, tokens};
use shared::domain::Email;
use shared::http::{ApiJson, ApiPath, Data, DataOf};
use shared::jobs::{self, EmailJob, Job};
use shared::{ApiError, ApiResult, AppState, db};
use uuid::Uuid;

use super::{ResponseRecord, load};
use crate::campaign::admin;

/// How long the links work.
pub const LINK_DAYS: i32 = 30;

#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VerificationRequest {
    /// Where to send it; the representative's address when absent.
    #[serde(default)]
    email: Option<String>,
}

/// Emails the representative links to confirm or report a response (admins).
/// Asking again sends new links; the earlier ones stop working.
#[utoipa::path(post, path = "/api/responses/{id}/verification", tag = "responses", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Response id")),
    request_body = VerificationRequest,
    responses((status = 200, description = "Sent", body = DataOf<ResponseRecord>),
              (status = 403, description = "Not an Influence admin"),
              (status = 404, description = "No such response"),
              (status = 409, description = "Already confirmed or reported"),
              (status = 422, description = "No address to send it to")))]
pub async fn request(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<VerificationRequest>,
) -> ApiResult<Data<ResponseRecord>> {
    admin(&user)?;
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    let current = load(&tx, id, true).await?;
    if current.verified_at.is_some() || current.reported_at.is_some() {
        return Err(ApiError::conflict(
            "ALREADY_ANSWERED",
            "The representative already confirmed or reported this response",
        ));
    }
    let given = match input.email {
        Some(raw) => Some(raw),
        None => match current.response.representative_id {
            Some(rep) => tx
                .query_opt(
                    "select email from representatives where id = $1 and email <> ''",
                    &[&rep],
                )
                .await?
                .map(|row| row.try_get::<_, String>(0))
                .transpose()?,
            None => None,
        },
    };
    let email = given
        .ok_or_else(|| {
            ApiError::invalid_field("email", "The representative has no address; give one")
        })
        .and_then(|raw| Email::parse(&raw).map_err(|m| ApiError::invalid_field("email", m)))?;
    tx.execute(
        "update campaign_responses
         set verification_email = $2, verification_token_hash = null,
             verification_expires_at = now() + make_interval(days => $3)
         where id = $1",
        &[&id, &email.as_str(), &LINK_DAYS],
    )
    .await?;
    let job = Job::email(EmailJob::ResponseVerification { response_id: id });
    jobs::enqueue(&tx, &job).await?;
    let record = load(&tx, id, false).await?;
    tx.commit().await?;
    drop(client);
    jobs::dispatch(&state, &[job]).await;
    Ok(Data(record))
}

/// What the representative answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum VerificationAnswer {
    /// It is theirs: the response shows a verified badge.
    Verify,
    /// It is not: the response leaves the wall for the admins to review.
    Report,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VerificationInput {
    token: String,
    #[serde(default = "verify")]
    action: VerificationAnswer,
}

fn verify() -> VerificationAnswer {
    VerificationAnswer::Verify
}

/// What the link did.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct VerificationDone {
    pub action: VerificationAnswer,
    pub campaign_slug: String,
}

/// Opens a verification link (public: the token is the permission).
#[utoipa::path(post, path = "/api/public/responses/verify", tag = "public",
    request_body = VerificationInput,
    responses((status = 200, description = "Confirmed or reported", body = DataOf<VerificationDone>),
              (status = 404, description = "Unknown link"),
              (status = 410, description = "Used or expired")))]
pub async fn answer(
    State(state): State<AppState>,
    ApiJson(input): ApiJson<VerificationInput>,
) -> ApiResult<Data<VerificationDone>> {
    let hash = tokens::hash(input.token.trim());
    let client = db::client(&state.db).await?;
    let row = client
        .query_opt(
            "update campaign_responses p
             set verified_at = case when $2 then now() else p.verified_at end,
                 reported_at = case when $2 then p.reported_at else now() end,
                 status = case when $2 then p.status else 'pending' end
             from campaigns c
             where p.verification_token_hash = $1 and c.id = p.campaign_id
               and p.verification_expires_at > now()
               and p.verified_at is null and p.reported_at is null
             returning c.slug",
            &[&hash, &(input.action == VerificationAnswer::Verify)],
        )
        .await?;
    if let Some(row) = row {
        return Ok(Data(VerificationDone {
            action: input.action,
            campaign_slug: row.try_get(0)?,
        }));
    }
    let known = client
        .query_opt(
            "select 1 from campaign_responses where verification_token_hash = $1",
            &[&hash],
        )
        .await?;
    Err(match known {
        Some(_) => ApiError::gone("LINK_EXPIRED", "This link was already used or has expired"),
        None => ApiError::new(
            axum::http::StatusCode::NOT_FOUND,
            "LINK_NOT_FOUND",
            "This link does not exist",
        ),
    })
}
