//! The videos of a playlist (MEDIA_ADMIN): added at the end, removed, or put
//! in a new order. Positions always run 1..n: each change locks the playlist,
//! rewrites the positions it moves in one transaction, and the position key
//! (checked at commit) refuses any repeat. A video is in a playlist at most
//! once.

use std::collections::HashSet;

use axum::extract::State;
use serde::{Deserialize, Serialize};
use shared::audit;
use shared::auth::{AuthUser, Role};
use shared::db::Transaction;
use shared::http::{ApiJson, ApiPath, Data, DataOf};
use shared::records::lock;
use shared::{ApiError, ApiResult, AppState, db};
use uuid::Uuid;

use crate::playlists::{self, PlaylistDetail, subject};

/// A video to add.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlaylistVideo {
    video_id: Uuid,
}

/// What the audit keeps of a playlist's videos: their order.
#[derive(Debug, Serialize)]
struct Order {
    video_ids: Vec<Uuid>,
}

/// The videos of playlist `id`, in order.
async fn order(tx: &Transaction<'_>, id: Uuid) -> ApiResult<Order> {
    let rows = tx
        .query(
            "select video_id from playlist_videos where playlist_id = $1 order by position",
            &[&id],
        )
        .await?;
    let video_ids = rows
        .iter()
        .map(|row| row.try_get(0))
        .collect::<Result<_, _>>()?;
    Ok(Order { video_ids })
}

/// Runs `change` on playlist `id`, locked, and records the order before and
/// after; answers the playlist.
async fn changing<F>(
    user: &AuthUser,
    state: &AppState,
    id: Uuid,
    change: F,
) -> ApiResult<PlaylistDetail>
where
    F: AsyncFnOnce(&Transaction<'_>, &Order) -> ApiResult<()>,
{
    user.require(Role::MediaAdmin)?;
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    lock(&tx, "playlists", id, "Playlist").await?;
    let before = order(&tx, id).await?;
    change(&tx, &before).await?;
    let after = order(&tx, id).await?;
    tx.execute(
        "update playlists set updated_by = $2, updated_at = now() where id = $1",
        &[&id, &user.id],
    )
    .await?;
    audit::change(&tx, subject(user, id), Some(&before), Some(&after)).await?;
    let playlist = playlists::load(state, &tx, id).await?;
    tx.commit().await?;
    Ok(playlist)
}

/// Adds a video at the end of a playlist.
#[utoipa::path(post, path = "/api/media/playlists/{id}/videos", tag = "media", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Playlist id")),
    request_body = PlaylistVideo,
    responses((status = 200, description = "The playlist", body = DataOf<PlaylistDetail>),
              (status = 403, description = "Not MEDIA_ADMIN"),
              (status = 404, description = "No such playlist"),
              (status = 409, description = "The video is in the playlist already"),
              (status = 422, description = "No such video")))]
pub async fn add(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<PlaylistVideo>,
) -> ApiResult<Data<PlaylistDetail>> {
    let video = input.video_id;
    let playlist = changing(&user, &state, id, async |tx, before| {
        if before.video_ids.contains(&video) {
            return Err(ApiError::conflict(
                "ALREADY_IN_PLAYLIST",
                "This video is in the playlist already",
            ));
        }
        let position = i32::try_from(before.video_ids.len() + 1).map_err(ApiError::internal)?;
        let added = tx
            .execute(
                "insert into playlist_videos (playlist_id, video_id, position)
                 select $1, id, $3 from videos where id = $2",
                &[&id, &video, &position],
            )
            .await?;
        if added == 0 {
            return Err(ApiError::invalid_field("video_id", "No such video"));
        }
        Ok(())
    })
    .await?;
    Ok(Data(playlist))
}

/// Takes a video out of a playlist; the videos after it move up.
#[utoipa::path(delete, path = "/api/media/playlists/{id}/videos/{video_id}", tag = "media", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Playlist id"),
           ("video_id" = Uuid, Path, description = "Video id")),
    responses((status = 200, description = "The playlist", body = DataOf<PlaylistDetail>),
              (status = 403, description = "Not MEDIA_ADMIN"),
              (status = 404, description = "No such playlist, or the video is not in it")))]
pub async fn remove(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath((id, video)): ApiPath<(Uuid, Uuid)>,
) -> ApiResult<Data<PlaylistDetail>> {
    let playlist = changing(&user, &state, id, async |tx, _| {
        let gone = tx
            .query_opt(
                "delete from playlist_videos where playlist_id = $1 and video_id = $2
                 returning position",
                &[&id, &video],
            )
            .await?
            .ok_or_else(|| ApiError::not_found("Video in this playlist"))?;
        let position: i32 = gone.try_get(0)?;
        tx.execute(
            "update playlist_videos set position = position - 1
             where playlist_id = $1 and position > $2",
            &[&id, &position],
        )
        .await?;
        Ok(())
    })
    .await?;
    Ok(Data(playlist))
}

/// A playlist's new order.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlaylistOrder {
    /// Every video of the playlist, each once, in the new order.
    video_ids: Vec<Uuid>,
}

/// Whether `next` holds exactly the videos of `current`, each once.
fn same_videos(current: &[Uuid], next: &[Uuid]) -> bool {
    let wanted: HashSet<&Uuid> = next.iter().collect();
    next.len() == current.len()
        && wanted.len() == next.len()
        && current.iter().all(|id| wanted.contains(id))
}

/// Puts a playlist's videos in a new order, all at once.
#[utoipa::path(put, path = "/api/media/playlists/{id}/order", tag = "media", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Playlist id")),
    request_body = PlaylistOrder,
    responses((status = 200, description = "The playlist", body = DataOf<PlaylistDetail>),
              (status = 403, description = "Not MEDIA_ADMIN"),
              (status = 404, description = "No such playlist"),
              (status = 422, description = "Not every video of the playlist exactly once")))]
pub async fn reorder(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<PlaylistOrder>,
) -> ApiResult<Data<PlaylistDetail>> {
    let next = input.video_ids;
    let playlist = changing(&user, &state, id, async |tx, before| {
        if !same_videos(&before.video_ids, &next) {
            return Err(ApiError::invalid_field(
                "video_ids",
                "List every video of the playlist exactly once",
            ));
        }
        tx.execute(
            "update playlist_videos pv set position = o.position::int
             from unnest($2::uuid[]) with ordinality as o(video_id, position)
             where pv.playlist_id = $1 and pv.video_id = o.video_id",
            &[&id, &next],
        )
        .await?;
        Ok(())
    })
    .await?;
    Ok(Data(playlist))
}

/// Closes the gap video `id` leaves in every playlist it is in, before it is
/// deleted (its rows there go with it).
pub async fn close_gaps(tx: &Transaction<'_>, id: Uuid) -> ApiResult<()> {
    // As every change of a playlist's videos does, so none runs meanwhile.
    tx.execute(
        "select 1 from playlists
         where id in (select playlist_id from playlist_videos where video_id = $1)
         order by id for update",
        &[&id],
    )
    .await?;
    tx.execute(
        "update playlist_videos pv set position = pv.position - 1
         from playlist_videos gone
         where gone.video_id = $1 and pv.playlist_id = gone.playlist_id
           and pv.position > gone.position",
        &[&id],
    )
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_order_names_every_video_once() {
        let [a, b, c] = [Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4()];
        assert!(same_videos(&[a, b, c], &[c, a, b]));
        assert!(same_videos(&[], &[]));
        for (case, next) in [
            ("one missing", vec![a, b]),
            ("one repeated", vec![a, b, b]),
            ("a stranger", vec![a, b, Uuid::new_v4()]),
            ("one too many", vec![a, b, c, a]),
        ] {
            assert!(!same_videos(&[a, b, c], &next), "{case}");
        }
    }
}
