//! Playlists (MEDIA_ADMIN): a title, a description, public or not, and
//! videos in order ([`crate::playlist_videos`] adds, removes and reorders
//! them). The gallery shows public playlists with their published videos.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use shared::audit::{self, Subject};
use shared::auth::{AuthUser, Role};
use shared::db::GenericClient;
use shared::domain::{Text, Title};
use shared::error::FieldErrors;
use shared::http::{ApiJson, ApiPath, Created, Data, DataOf};
use shared::paging::{self, PageOf, Paged, Paging};
use shared::records::{Patch, check_fresh, lock};
use shared::{ApiError, ApiResult, AppState, db};
use tokio_postgres::Row;
use uuid::Uuid;

use crate::model::{COLUMNS as VIDEO_COLUMNS, Video};

/// A playlist, as its admins see it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Playlist {
    pub id: Uuid,
    pub title: String,
    pub description: String,
    /// Shown in the gallery (with its published videos only).
    pub is_public: bool,
    /// Its videos, published or not.
    pub video_count: i64,
    pub created_at: DateTime<Utc>,
    /// Send it back with an update (or as `If-Match`) to detect concurrent edits.
    pub updated_at: DateTime<Utc>,
}

const COLUMNS: &str = "p.id, p.title, p.description, p.is_public, p.created_at, p.updated_at,
    (select count(*) from playlist_videos pv where pv.playlist_id = p.id) as video_count";

impl Playlist {
    fn from_row(row: &Row) -> ApiResult<Self> {
        Ok(Self {
            id: row.try_get("id")?,
            title: row.try_get("title")?,
            description: row.try_get("description")?,
            is_public: row.try_get("is_public")?,
            video_count: row.try_get("video_count")?,
            created_at: row.try_get("created_at")?,
            updated_at: row.try_get("updated_at")?,
        })
    }
}

/// One video of a playlist.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PlaylistEntry {
    /// From 1, without gaps.
    pub position: i32,
    pub video: Video,
}

/// A playlist with its videos in order.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PlaylistDetail {
    #[serde(flatten)]
    pub playlist: Playlist,
    pub videos: Vec<PlaylistEntry>,
}

/// Playlist `id` with its videos; 404 when there is none.
pub async fn load(
    state: &AppState,
    client: &impl GenericClient,
    id: Uuid,
) -> ApiResult<PlaylistDetail> {
    let row = client
        .query_opt(
            &format!("select {COLUMNS} from playlists p where p.id = $1"),
            &[&id],
        )
        .await?
        .ok_or_else(|| ApiError::not_found("Playlist"))?;
    let playlist = Playlist::from_row(&row)?;
    let rows = client
        .query(
            &format!(
                "select {VIDEO_COLUMNS}, pv.position from videos
                 join (select video_id, position from playlist_videos where playlist_id = $1) pv
                   on pv.video_id = videos.id
                 order by pv.position"
            ),
            &[&id],
        )
        .await?;
    let mut videos = Vec::with_capacity(rows.len());
    for row in &rows {
        videos.push(PlaylistEntry {
            position: row.try_get("position")?,
            video: Video::from_row(state, row).await?,
        });
    }
    Ok(PlaylistDetail { playlist, videos })
}

/// Every playlist, newest first.
#[utoipa::path(get, path = "/api/media/playlists", tag = "media", security(("bearer" = [])),
    params(Paging),
    responses((status = 200, description = "The playlists", body = PageOf<Playlist>),
              (status = 403, description = "Not MEDIA_ADMIN")))]
pub async fn list(
    user: AuthUser,
    State(state): State<AppState>,
    Paging(page): Paging,
) -> ApiResult<Paged<Playlist>> {
    user.require(Role::MediaAdmin)?;
    let client = db::client(&state.db).await?;
    let rows = paging::fetch(
        &client,
        COLUMNS,
        "from playlists p",
        "p.created_at desc, p.id",
        &[],
        page,
    )
    .await?;
    Paged::from_rows(rows, page, Playlist::from_row)
}

/// What an admin writes of a playlist.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlaylistFields {
    /// 1 to 200 characters, one line.
    title: String,
    /// At most 2,000 characters.
    #[serde(default)]
    description: String,
    #[serde(default)]
    is_public: bool,
}

impl PlaylistFields {
    fn check(mut self) -> ApiResult<Self> {
        let mut errors = FieldErrors::new();
        errors.tidy::<Title>("title", &mut self.title);
        errors.tidy::<Text<2000>>("description", &mut self.description);
        errors.finish()?;
        Ok(self)
    }
}

/// The fields to change; absent fields stay.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlaylistPatch {
    title: Option<String>,
    description: Option<String>,
    is_public: Option<bool>,
    /// The `updated_at` last seen: a playlist changed since answers 409 `STALE`.
    updated_at: Option<DateTime<Utc>>,
}

shared::patch!(PlaylistPatch => PlaylistFields { title, description, is_public });

/// Creates a playlist, empty.
#[utoipa::path(post, path = "/api/media/playlists", tag = "media", security(("bearer" = [])),
    request_body = PlaylistFields,
    responses((status = 201, description = "The playlist", body = DataOf<PlaylistDetail>),
              (status = 403, description = "Not MEDIA_ADMIN"),
              (status = 422, description = "A field is invalid, named in details")))]
pub async fn create(
    user: AuthUser,
    State(state): State<AppState>,
    ApiJson(fields): ApiJson<PlaylistFields>,
) -> ApiResult<Created<PlaylistDetail>> {
    user.require(Role::MediaAdmin)?;
    let fields = fields.check()?;
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    let id: Uuid = tx
        .query_one(
            "insert into playlists (title, description, is_public, created_by, updated_by)
             values ($1, $2, $3, $4, $4) returning id",
            &[
                &fields.title,
                &fields.description,
                &fields.is_public,
                &user.id,
            ],
        )
        .await?
        .try_get(0)?;
    audit::change(&tx, subject(&user, id), None, Some(&fields)).await?;
    let playlist = load(&state, &tx, id).await?;
    tx.commit().await?;
    Ok(Created(playlist))
}

/// One playlist with its videos in order.
#[utoipa::path(get, path = "/api/media/playlists/{id}", tag = "media", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Playlist id")),
    responses((status = 200, description = "The playlist", body = DataOf<PlaylistDetail>),
              (status = 403, description = "Not MEDIA_ADMIN"),
              (status = 404, description = "No such playlist")))]
pub async fn get(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Data<PlaylistDetail>> {
    user.require(Role::MediaAdmin)?;
    let client = db::client(&state.db).await?;
    Ok(Data(load(&state, &client, id).await?))
}

/// Changes a playlist's title, description or visibility.
#[utoipa::path(patch, path = "/api/media/playlists/{id}", tag = "media", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Playlist id")),
    request_body = PlaylistPatch,
    responses((status = 200, description = "The playlist", body = DataOf<PlaylistDetail>),
              (status = 403, description = "Not MEDIA_ADMIN"),
              (status = 404, description = "No such playlist"),
              (status = 409, description = "Changed since it was read"),
              (status = 422, description = "A field is invalid, named in details")))]
pub async fn update(
    user: AuthUser,
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(patch): ApiJson<PlaylistPatch>,
) -> ApiResult<Data<PlaylistDetail>> {
    user.require(Role::MediaAdmin)?;
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    lock(&tx, "playlists", id, "Playlist").await?;
    let before = load(&state, &tx, id).await?.playlist;
    check_fresh(patch.seen(), &headers, before.updated_at)?;
    let current = PlaylistFields {
        title: before.title,
        description: before.description,
        is_public: before.is_public,
    };
    let next = patch.apply(current.clone()).check()?;
    if next != current {
        tx.execute(
            "update playlists set title = $2, description = $3, is_public = $4, updated_by = $5
             where id = $1",
            &[
                &id,
                &next.title,
                &next.description,
                &next.is_public,
                &user.id,
            ],
        )
        .await?;
        audit::change(&tx, subject(&user, id), Some(&current), Some(&next)).await?;
    }
    let after = load(&state, &tx, id).await?;
    tx.commit().await?;
    Ok(Data(after))
}

/// Deletes a playlist (its videos stay in the library).
#[utoipa::path(delete, path = "/api/media/playlists/{id}", tag = "media", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Playlist id")),
    responses((status = 204, description = "Deleted"),
              (status = 403, description = "Not MEDIA_ADMIN"),
              (status = 404, description = "No such playlist")))]
pub async fn delete(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<StatusCode> {
    user.require(Role::MediaAdmin)?;
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    let row = tx
        .query_opt(
            "delete from playlists where id = $1 returning title, description, is_public",
            &[&id],
        )
        .await?
        .ok_or_else(|| ApiError::not_found("Playlist"))?;
    let before = PlaylistFields {
        title: row.try_get(0)?,
        description: row.try_get(1)?,
        is_public: row.try_get(2)?,
    };
    audit::change(&tx, subject(&user, id), Some(&before), None).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

pub fn subject(user: &AuthUser, id: Uuid) -> Subject<'static> {
    Subject {
        actor_id: user.id,
        entity_type: "playlist",
        entity_id: id,
        scope_id: None,
    }
}
