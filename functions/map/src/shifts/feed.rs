//! Personal calendar feeds: a secret URL per volunteer that calendar programs
//! subscribe to, listing their confirmed shifts. The token is kept only as its
//! hash; making a new link revokes the old one, and it can be revoked outright.

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use serde::Serialize;
use shared::auth::{AuthUser, tokens};
use shared::http::{ApiPath, Created, DataOf};
use shared::{ApiError, ApiResult, AppState, db};
use volunteering::{CalendarEvent, calendar as ics};

/// A new feed link.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[schema(as = ShiftFeed)]
pub struct Feed {
    /// The address to subscribe to; shown once, keep it private.
    pub url: String,
}

/// Makes the caller's feed link, revoking any earlier one.
#[utoipa::path(post, path = "/api/shifts/feed", tag = "shifts", security(("bearer" = [])),
    responses((status = 201, description = "The new link", body = DataOf<Feed>)))]
pub async fn create(user: AuthUser, State(state): State<AppState>) -> ApiResult<Created<Feed>> {
    let token = tokens::generate();
    let client = db::client(&state.db).await?;
    client
        .execute(
            "insert into shift_feeds (user_id, token_hash) values ($1, $2)
             on conflict (user_id) do update set token_hash = excluded.token_hash, created_at = now()",
            &[&user.id, &tokens::hash(&token)],
        )
        .await?;
    let base = &state.config.public_base_url;
    Ok(Created(Feed {
        url: format!("{base}/api/public/shifts/feed/{token}"),
    }))
}

/// Revokes the caller's feed link.
#[utoipa::path(delete, path = "/api/shifts/feed", tag = "shifts", security(("bearer" = [])),
    responses((status = 204, description = "Revoked (or there was none)")))]
pub async fn revoke(user: AuthUser, State(state): State<AppState>) -> ApiResult<StatusCode> {
    let client = db::client(&state.db).await?;
    client
        .execute("delete from shift_feeds where user_id = $1", &[&user.id])
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A volunteer's feed: their confirmed shifts from a month ago on, as iCalendar.
#[utoipa::path(get, path = "/api/public/shifts/feed/{token}", tag = "public",
    params(("token" = String, Path, description = "The feed link's token")),
    responses((status = 200, description = "The calendar", content_type = "text/calendar", body = String),
              (status = 404, description = "Unknown or revoked link")))]
pub async fn calendar(
    State(state): State<AppState>,
    ApiPath(token): ApiPath<String>,
) -> ApiResult<impl IntoResponse> {
    let client = db::client(&state.db).await?;
    let user_id: uuid::Uuid = client
        .query_opt(
            "select f.user_id from shift_feeds f join users u on u.id = f.user_id
             where f.token_hash = $1 and not u.disabled",
            &[&tokens::hash(&token)],
        )
        .await?
        .ok_or_else(|| ApiError::not_found("Feed"))?
        .try_get(0)?;
    let events = client
        .query(
            "select h.id, h.title, h.description, h.location, h.starts_at, h.ends_at
             from shift_signups s join shifts h on h.id = s.shift_id
             where s.user_id = $1 and s.status = 'confirmed'
               and h.ends_at > now() - interval '30 days'
             order by h.starts_at",
            &[&user_id],
        )
        .await?
        .iter()
        .map(|r| {
            Ok(CalendarEvent {
                shift_id: r.try_get(0)?,
                title: r.try_get(1)?,
                description: r.try_get(2)?,
                location: r.try_get(3)?,
                starts_at: r.try_get(4)?,
                ends_at: r.try_get(5)?,
                cancelled: false,
            })
        })
        .collect::<ApiResult<Vec<_>>>()?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (header::CACHE_CONTROL, "private, max-age=300"),
        ],
        ics("My shifts", &events),
    ))
}
