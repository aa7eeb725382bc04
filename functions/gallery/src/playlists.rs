//! Public playlists: those the media admins made public, each with its
//! published videos in the admins' order (videos not, or no longer, published
//! are left out; the others keep their order).

use axum::extract::State;
use chrono::{DateTime, Utc};
use serde::Serialize;
use shared::http::{ApiPath, Data, DataOf};
use shared::paging::{self, PageOf, Paged, Paging};
use shared::{ApiError, ApiResult, AppState, db};
use tokio_postgres::Row;
use uuid::Uuid;

use crate::model::{self, COLUMNS, GalleryVideo, PUBLISHED};

/// A public playlist.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PublicPlaylist {
    pub id: Uuid,
    pub title: String,
    pub description: String,
    /// Its published videos.
    pub videos: i64,
    pub updated_at: DateTime<Utc>,
}

/// The columns of [`PublicPlaylist::from_row`], of `playlists p`.
fn playlist_columns() -> String {
    format!(
        "p.id, p.title, p.description, p.updated_at,
         (select count(*) from playlist_videos pv join videos v on v.id = pv.video_id
          where pv.playlist_id = p.id and {PUBLISHED}) as videos"
    )
}

impl PublicPlaylist {
    fn from_row(row: &Row) -> ApiResult<Self> {
        Ok(Self {
            id: row.try_get("id")?,
            title: row.try_get("title")?,
            description: row.try_get("description")?,
            videos: row.try_get("videos")?,
            updated_at: row.try_get("updated_at")?,
        })
    }
}

/// Public playlists, newest first (public).
#[utoipa::path(get, path = "/api/gallery/playlists", tag = "gallery",
    params(Paging),
    responses((status = 200, description = "The playlists", body = PageOf<PublicPlaylist>)))]
pub async fn list(
    State(state): State<AppState>,
    Paging(page): Paging,
) -> ApiResult<Paged<PublicPlaylist>> {
    let client = db::client(&state.db).await?;
    let rows = paging::fetch(
        &client,
        &playlist_columns(),
        "from playlists p where p.is_public",
        "p.created_at desc, p.id",
        &[],
        page,
    )
    .await?;
    Paged::from_rows(rows, page, PublicPlaylist::from_row)
}

/// A public playlist with its videos.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PlaylistPage {
    pub playlist: PublicPlaylist,
    /// Its published videos, in order.
    pub videos: Vec<GalleryVideo>,
}

/// A public playlist and its published videos in order (public).
#[utoipa::path(get, path = "/api/gallery/playlists/{id}", tag = "gallery",
    params(("id" = Uuid, Path, description = "Playlist id")),
    responses((status = 200, description = "The playlist", body = DataOf<PlaylistPage>),
              (status = 404, description = "No such public playlist")))]
pub async fn get(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Data<PlaylistPage>> {
    let client = db::client(&state.db).await?;
    let row = client
        .query_opt(
            &format!(
                "select {} from playlists p where p.id = $1 and p.is_public",
                playlist_columns()
            ),
            &[&id],
        )
        .await?
        .ok_or_else(|| ApiError::not_found("Playlist"))?;
    let playlist = PublicPlaylist::from_row(&row)?;
    let rows = client
        .query(
            &format!(
                "select {COLUMNS} from playlist_videos pv join videos v on v.id = pv.video_id
                 where pv.playlist_id = $1 and {PUBLISHED} order by pv.position"
            ),
            &[&id],
        )
        .await?;
    let videos = model::from_rows(&state, &rows).await?;
    Ok(Data(PlaylistPage { playlist, videos }))
}
