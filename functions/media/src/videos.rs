//! The library (MEDIA_ADMIN): list, read, change and delete videos. A locked
//! video refuses every change but its unlocking, and its deletion.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use shared::audit::{self, Subject};
use shared::auth::{AuthUser, Role};
use shared::db::Transaction;
use shared::domain::{Line, Text, Title};
use shared::error::FieldErrors;
use shared::http::{ApiJson, ApiPath, ApiQuery, Data, DataOf, nullable};
use shared::paging::{self, PageOf, Paged, Paging};
use shared::records::{Patch, check_fresh, lock};
use shared::{ApiResult, AppState, db, storage};
use uuid::Uuid;

use crate::model::{self, COLUMNS, Video, VideoStatus};
use crate::playlist_videos;

/// Filters of the library.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListFilter {
    status: Option<VideoStatus>,
    /// Only videos whose title contains this text (any case).
    q: Option<String>,
    /// Only videos with this tag.
    tag: Option<String>,
    category: Option<String>,
}

/// The library, newest first.
#[utoipa::path(get, path = "/api/media/videos", tag = "media", security(("bearer" = [])),
    params(Paging, ListFilter),
    responses((status = 200, description = "The videos", body = PageOf<Video>),
              (status = 403, description = "Not MEDIA_ADMIN")))]
pub async fn list(
    user: AuthUser,
    State(state): State<AppState>,
    Paging(page): Paging,
    ApiQuery(filter): ApiQuery<ListFilter>,
) -> ApiResult<Paged<Video>> {
    user.require(Role::MediaAdmin)?;
    let status = filter.status.map(VideoStatus::as_str);
    let q = filter
        .q
        .map(|q| q.trim().to_lowercase())
        .filter(|q| !q.is_empty());
    let client = db::client(&state.db).await?;
    let rows = paging::fetch(
        &client,
        COLUMNS,
        "from videos where ($1::text is null or status = $1)
           and ($2::text is null or strpos(lower(title), $2) > 0)
           and ($3::text is null or $3 = any(tags))
           and ($4::text is null or category = $4)",
        "created_at desc, id",
        &[&status, &q, &filter.tag, &filter.category],
        page,
    )
    .await?;
    let (rows, total) = rows;
    let mut items = Vec::with_capacity(rows.len());
    for row in &rows {
        items.push(Video::from_row(&state, row).await?);
    }
    Ok(Paged { items, page, total })
}

/// One video.
#[utoipa::path(get, path = "/api/media/videos/{id}", tag = "media", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Video id")),
    responses((status = 200, description = "The video", body = DataOf<Video>),
              (status = 403, description = "Not MEDIA_ADMIN"),
              (status = 404, description = "No such video")))]
pub async fn get(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Data<Video>> {
    user.require(Role::MediaAdmin)?;
    let client = db::client(&state.db).await?;
    Ok(Data(model::load(&state, &client, id).await?))
}

/// What an admin edits of a video.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct VideoFields {
    title: String,
    description: String,
    tags: Vec<String>,
    category: Option<String>,
    locked: bool,
}

/// The fields to change; absent fields stay, `null` clears the category.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VideoPatch {
    title: Option<String>,
    description: Option<String>,
    /// At most 20, each up to 40 characters; repeats dropped.
    tags: Option<Vec<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    category: Option<Option<String>>,
    locked: Option<bool>,
    /// The `updated_at` last seen: a video changed since answers 409 `STALE`.
    updated_at: Option<DateTime<Utc>>,
}

shared::patch!(VideoPatch => VideoFields { title, description, tags, category, locked });

impl VideoFields {
    fn of(video: &Video) -> Self {
        Self {
            title: video.title.clone(),
            description: video.description.clone(),
            tags: video.tags.clone(),
            category: video.category.clone(),
            locked: video.locked,
        }
    }

    fn check(mut self) -> ApiResult<Self> {
        let mut errors = FieldErrors::new();
        errors.tidy::<Title>("title", &mut self.title);
        errors.tidy::<Text<5000>>("description", &mut self.description);
        errors.tidy_list::<40>("tags", &mut self.tags, 20);
        if let Some(category) = &mut self.category {
            errors.tidy::<Line<60, 0>>("category", category);
        }
        self.category = self.category.filter(|c| !c.is_empty());
        errors.finish()?;
        Ok(self)
    }
}

/// Changes a video's metadata, or its lock. While locked, only unlocking is
/// accepted (409 `VIDEO_LOCKED`).
#[utoipa::path(patch, path = "/api/media/videos/{id}", tag = "media", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Video id")),
    request_body = VideoPatch,
    responses((status = 200, description = "The video", body = DataOf<Video>),
              (status = 403, description = "Not MEDIA_ADMIN"),
              (status = 404, description = "No such video"),
              (status = 409, description = "Locked, or changed since it was read"),
              (status = 422, description = "A field is invalid, named in details")))]
pub async fn update(
    user: AuthUser,
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(patch): ApiJson<VideoPatch>,
) -> ApiResult<Data<Video>> {
    user.require(Role::MediaAdmin)?;
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    lock(&tx, "videos", id, "Video").await?;
    let before = model::load(&state, &tx, id).await?;
    check_fresh(patch.seen(), &headers, before.updated_at)?;
    let current = VideoFields::of(&before);
    let unlocking_only = patch.locked == Some(false)
        && patch.title.is_none()
        && patch.description.is_none()
        && patch.tags.is_none()
        && patch.category.is_none();
    if before.locked && !unlocking_only {
        return Err(model::locked());
    }
    let next = patch.apply(current.clone()).check()?;
    if next != current {
        tx.execute(
            "update videos set title = $2, description = $3, tags = $4, category = $5,
                 locked = $6, updated_by = $7
             where id = $1",
            &[
                &id,
                &next.title,
                &next.description,
                &next.tags,
                &next.category,
                &next.locked,
                &user.id,
            ],
        )
        .await?;
        audit::change(&tx, subject(&user, id), Some(&current), Some(&next)).await?;
    }
    let after = model::load(&state, &tx, id).await?;
    tx.commit().await?;
    Ok(Data(after))
}

/// Deletes a video with its file, thumbnail and everything viewers left on it;
/// the playlists it was in close up behind it.
/// A locked video is not deleted (409 `VIDEO_LOCKED`); an upload in progress is
/// given up with `DELETE /api/media/uploads/{id}`.
#[utoipa::path(delete, path = "/api/media/videos/{id}", tag = "media", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Video id")),
    responses((status = 204, description = "Deleted"),
              (status = 403, description = "Not MEDIA_ADMIN"),
              (status = 404, description = "No such video"),
              (status = 409, description = "Locked, or still uploading")))]
pub async fn delete(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<StatusCode> {
    user.require(Role::MediaAdmin)?;
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    lock(&tx, "videos", id, "Video").await?;
    let before = model::load(&state, &tx, id).await?;
    if before.locked {
        return Err(model::locked());
    }
    if before.status == VideoStatus::Uploading {
        return Err(shared::ApiError::conflict(
            "VIDEO_UPLOADING",
            "This video is still uploading: cancel its upload instead",
        ));
    }
    let keys = remove(&tx, id).await?;
    audit::change(
        &tx,
        subject(&user, id),
        Some(&VideoFields::of(&before)),
        None,
    )
    .await?;
    tx.commit().await?;
    drop(client);
    storage::drain_deletions(&state, Some(&keys)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Deletes the row and queues its objects for deletion; answers their keys.
async fn remove(tx: &Transaction<'_>, id: Uuid) -> ApiResult<Vec<String>> {
    playlist_videos::close_gaps(tx, id).await?;
    let row = tx
        .query_one(
            "delete from videos where id = $1 returning object_key, thumbnail_key",
            &[&id],
        )
        .await?;
    let mut keys = vec![row.try_get::<_, String>(0)?];
    keys.extend(row.try_get::<_, Option<String>>(1)?);
    storage::delete_later(tx, &keys).await?;
    Ok(keys)
}

pub fn subject(user: &AuthUser, id: Uuid) -> Subject<'static> {
    Subject {
        actor_id: user.id,
        entity_type: "video",
        entity_id: id,
        scope_id: None,
    }
}
