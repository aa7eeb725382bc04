//! Upvotes: one per account, and one per anonymous visitor and day (their
//! address hashed with the day's salt, `shared::visitors`; the address itself is
//! never stored). The unique key of `response_upvotes` decides, so two clicks
//! at once count once.

use axum::extract::State;
use serde::Serialize;
use shared::auth::AuthUser;
use shared::http::{ApiPath, ClientIp, Data, DataOf};
use shared::{ApiError, ApiResult, AppState, db, visitors};
use uuid::Uuid;

/// A response's upvotes after the caller's.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Upvotes {
    pub upvotes: i32,
}

/// Upvotes an approved response (public).
#[utoipa::path(post, path = "/api/public/responses/{id}/upvote", tag = "public",
    params(("id" = Uuid, Path, description = "Response id")),
    responses((status = 200, description = "Counted", body = DataOf<Upvotes>),
              (status = 404, description = "No such response on a public wall"),
              (status = 409, description = "Already upvoted by this account, or by this visitor today")))]
pub async fn upvote(
    user: Option<AuthUser>,
    State(state): State<AppState>,
    ip: ClientIp,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Data<Upvotes>> {
    let mut client = db::client(&state.db).await?;
    let voter = visitors::viewer(&client, user.as_ref().map(|u| u.id), ip).await?;
    let tx = client.transaction().await?;
    let shown = tx
        .query_opt(
            "select 1 from campaign_responses p join campaigns c on c.id = p.campaign_id
             where p.id = $1 and p.status = 'approved' and c.show_response_wall and c.status <> 'draft'",
            &[&id],
        )
        .await?;
    if shown.is_none() {
        return Err(ApiError::not_found("Response"));
    }
    let counted = tx
        .execute(
            "insert into response_upvotes (response_id, voter, user_id) values ($1, $2, $3)
             on conflict on constraint response_upvotes_pkey do nothing",
            &[&id, &voter, &user.map(|u| u.id)],
        )
        .await?;
    if counted == 0 {
        return Err(ApiError::conflict(
            "ALREADY_UPVOTED",
            "You already upvoted this response",
        ));
    }
    let upvotes: i32 = tx
        .query_one(
            "update campaign_responses set upvotes = upvotes + 1 where id = $1 returning upvotes",
            &[&id],
        )
        .await?
        .try_get(0)?;
    tx.commit().await?;
    Ok(Data(Upvotes { upvotes }))
}
