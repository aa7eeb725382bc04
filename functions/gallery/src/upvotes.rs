//! Upvotes: one per viewer and video (a signed-in account, or an anonymous
//! visitor by their daily-salted address hash, as for views and reactions).
//! Upvoting twice keeps one, so `PUT` may be repeated; the primary key of
//! `video_upvotes` decides, so two clicks at once count once.

use axum::extract::State;
use serde::Serialize;
use shared::auth::AuthUser;
use shared::db::GenericClient;
use shared::http::{ApiPath, ClientIp, Data, DataOf};
use shared::{ApiResult, AppState};
use uuid::Uuid;

use crate::model;

/// A video's upvotes, and whether the caller's is among them.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct VideoUpvotes {
    pub upvotes: i64,
    /// The caller upvoted it.
    pub upvoted: bool,
}

/// The upvotes of video `id`, with `viewer`'s.
pub async fn load(client: &impl GenericClient, id: Uuid, viewer: &[u8]) -> ApiResult<VideoUpvotes> {
    let row = client
        .query_one(
            "select count(*), coalesce(bool_or(viewer_hash = $2), false)
             from video_upvotes where video_id = $1",
            &[&id, &viewer],
        )
        .await?;
    Ok(VideoUpvotes {
        upvotes: row.try_get(0)?,
        upvoted: row.try_get(1)?,
    })
}

/// Upvotes a published video; once per viewer (public).
#[utoipa::path(put, path = "/api/gallery/videos/{id}/upvote", tag = "gallery",
    params(("id" = Uuid, Path, description = "Video id")),
    responses((status = 200, description = "The video's upvotes", body = DataOf<VideoUpvotes>),
              (status = 404, description = "No such published video")))]
pub async fn put(
    user: Option<AuthUser>,
    State(state): State<AppState>,
    ip: ClientIp,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Data<VideoUpvotes>> {
    let account = user.map(|u| u.id);
    let sql = "insert into video_upvotes (video_id, viewer_hash, user_id) values ($1, $2, $3)
               on conflict on constraint video_upvotes_pkey do nothing";
    let (client, viewer) = model::mark(&state, user, ip, id, sql, &[&account]).await?;
    Ok(Data(load(&client, id, &viewer).await?))
}

/// Takes the caller's upvote back (public).
#[utoipa::path(delete, path = "/api/gallery/videos/{id}/upvote", tag = "gallery",
    params(("id" = Uuid, Path, description = "Video id")),
    responses((status = 200, description = "The video's upvotes", body = DataOf<VideoUpvotes>),
              (status = 404, description = "No such published video")))]
pub async fn delete(
    user: Option<AuthUser>,
    State(state): State<AppState>,
    ip: ClientIp,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Data<VideoUpvotes>> {
    let sql = "delete from video_upvotes where video_id = $1 and viewer_hash = $2";
    let (client, viewer) = model::mark(&state, user, ip, id, sql, &[]).await?;
    Ok(Data(load(&client, id, &viewer).await?))
}
