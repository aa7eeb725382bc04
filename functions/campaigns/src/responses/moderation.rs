//! `/api/responses`: the admins' moderation of the response wall: the queue,
//! approving, rejecting and editing a response, and deleting it.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use shared::audit::{self, Subject};
use shared::auth::AuthUser;
use shared::domain::Text;
use shared::error::FieldErrors;
use shared::http::{ApiJson, ApiPath, ApiQuery, Data, DataOf};
use shared::paging::{self, PageOf, Paged, Paging};
use shared::records::{Patch, check_fresh};
use shared::{ApiResult, AppState, db, storage};
use uuid::Uuid;

use super::{ModerationStatus, RECORD_COLUMNS, ResponseRecord, ResponseType, load};
use crate::campaign::admin;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ModerationQuery {
    status: Option<ModerationStatus>,
    campaign_id: Option<Uuid>,
}

/// Responses, oldest first (the queue), by status and campaign (admins).
#[utoipa::path(get, path = "/api/responses", tag = "responses", security(("bearer" = [])),
    params(ModerationQuery, Paging),
    responses((status = 200, description = "A page of responses", body = PageOf<ResponseRecord>),
              (status = 403, description = "Not an Influence admin")))]
pub async fn list(
    user: AuthUser,
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<ModerationQuery>,
    Paging(page): Paging,
) -> ApiResult<Paged<ResponseRecord>> {
    admin(&user)?;
    let client = db::client(&state.db).await?;
    let rows = paging::fetch(
        &client,
        RECORD_COLUMNS,
        "from campaign_responses p join campaigns c on c.id = p.campaign_id
         where ($1::text is null or p.status = $1) and ($2::uuid is null or p.campaign_id = $2)",
        "p.created_at, p.id",
        &[
            &query.status.map(ModerationStatus::as_str),
            &query.campaign_id,
        ],
        page,
    )
    .await?;
    Paged::from_rows(rows, page, ResponseRecord::from_row)
}

/// What moderation may change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
struct Moderated {
    status: ModerationStatus,
    response_type: ResponseType,
    text: String,
    moderation_note: String,
}

#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ModerationPatch {
    status: Option<ModerationStatus>,
    response_type: Option<ResponseType>,
    /// A correction (a typo, personal data to take out).
    text: Option<String>,
    /// Kept for the admins; never shown publicly.
    moderation_note: Option<String>,
    /// The `updated_at` last seen (or send `If-Match`): 409 `STALE` if it changed since.
    updated_at: Option<DateTime<Utc>>,
}

shared::patch!(ModerationPatch => Moderated { status, response_type, text, moderation_note });

fn subject(user: &AuthUser, id: Uuid) -> Subject<'static> {
    Subject {
        actor_id: user.id,
        entity_type: "campaign_response",
        entity_id: id,
        scope_id: None,
    }
}

/// Approves, rejects or edits a response (admins).
#[utoipa::path(patch, path = "/api/responses/{id}", tag = "responses", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Response id")),
    request_body = ModerationPatch,
    responses((status = 200, description = "Moderated", body = DataOf<ResponseRecord>),
              (status = 403, description = "Not an Influence admin"),
              (status = 404, description = "No such response"),
              (status = 409, description = "Changed since it was read (STALE)"),
              (status = 422, description = "Invalid fields")))]
pub async fn update(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
    headers: HeaderMap,
    ApiJson(patch): ApiJson<ModerationPatch>,
) -> ApiResult<Data<ResponseRecord>> {
    admin(&user)?;
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    let current = load(&tx, id, true).await?;
    check_fresh(patch.seen(), &headers, current.updated_at)?;
    let before = Moderated {
        status: current.status,
        response_type: current.response.response_type,
        text: current.response.text.clone(),
        moderation_note: current.moderation_note.clone(),
    };
    let mut after = patch.apply(before.clone());
    let mut errors = FieldErrors::new();
    errors.tidy::<Text<5000>>("text", &mut after.text);
    if after.text.is_empty() {
        errors.add("text", "Is required");
    }
    errors.tidy::<Text<2000>>("moderation_note", &mut after.moderation_note);
    errors.finish()?;
    tx.execute(
        "update campaign_responses
         set status = $2, response_type = $3, text = $4, moderation_note = $5,
             moderated_by = case when $6 then $7 else moderated_by end,
             moderated_at = case when $6 then now() else moderated_at end
         where id = $1",
        &[
            &id,
            &after.status.as_str(),
            &after.response_type.as_str(),
            &after.text,
            &after.moderation_note,
            &(after.status != before.status),
            &user.id,
        ],
    )
    .await?;
    audit::change(&tx, subject(&user, id), Some(&before), Some(&after)).await?;
    let record = load(&tx, id, false).await?;
    tx.commit().await?;
    Ok(Data(record))
}

/// Deletes a response and its screenshot (admins).
#[utoipa::path(delete, path = "/api/responses/{id}", tag = "responses", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Response id")),
    responses((status = 204, description = "Deleted"),
              (status = 403, description = "Not an Influence admin"),
              (status = 404, description = "No such response")))]
pub async fn delete(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<StatusCode> {
    admin(&user)?;
    let keys = {
        let mut client = db::client(&state.db).await?;
        let tx = client.transaction().await?;
        let current = load(&tx, id, true).await?;
        let row = tx
            .query_one(
                "delete from campaign_responses where id = $1 returning screenshot_key",
                &[&id],
            )
            .await?;
        let keys: Vec<String> = row.try_get::<_, Option<String>>(0)?.into_iter().collect();
        storage::delete_later(&tx, &keys).await?;
        let before = Moderated {
            status: current.status,
            response_type: current.response.response_type,
            text: current.response.text,
            moderation_note: current.moderation_note,
        };
        audit::change(&tx, subject(&user, id), Some(&before), None).await?;
        tx.commit().await?;
        keys
    };
    storage::drain_deletions(&state, Some(&keys)).await?;
    Ok(StatusCode::NO_CONTENT)
}
