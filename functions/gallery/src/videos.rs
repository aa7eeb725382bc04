//! The public gallery: published videos (newest, most viewed or most upvoted
//! first), one with how to play it, its reactions, the caller's upvote and the
//! related videos.

use axum::extract::State;
use serde::{Deserialize, Serialize};
use shared::auth::AuthUser;
use shared::http::{ApiPath, ApiQuery, ClientIp, Data, DataOf};
use shared::paging::{self, PageOf, Paged, Paging};
use shared::{ApiResult, AppState, db, visitors};
use uuid::Uuid;

use crate::model::{self, COLUMNS, GalleryVideo, PUBLISHED, Playback};
use crate::reactions::{self, Reactions};
use crate::upvotes;

/// How the gallery is ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum GalleryOrder {
    /// Newest first.
    #[default]
    Recent,
    /// Most viewed first (the views of the last 90 days).
    Popular,
    /// Most upvoted first.
    Upvoted,
}

impl GalleryOrder {
    fn sql(self) -> &'static str {
        // `views` and `upvotes` are columns of `COLUMNS`.
        match self {
            GalleryOrder::Recent => "v.published_at desc, v.id",
            GalleryOrder::Popular => "views desc, v.published_at desc, v.id",
            GalleryOrder::Upvoted => "upvotes desc, v.published_at desc, v.id",
        }
    }
}

/// Filters of the gallery.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListFilter {
    /// Only videos whose title contains this text (any case).
    q: Option<String>,
    tag: Option<String>,
    category: Option<String>,
    #[serde(default)]
    #[param(inline)]
    sort: GalleryOrder,
}

/// Published videos, newest first, most viewed or most upvoted (public).
#[utoipa::path(get, path = "/api/gallery/videos", tag = "gallery",
    params(Paging, ListFilter),
    responses((status = 200, description = "The videos", body = PageOf<GalleryVideo>)))]
pub async fn list(
    State(state): State<AppState>,
    Paging(page): Paging,
    ApiQuery(filter): ApiQuery<ListFilter>,
) -> ApiResult<Paged<GalleryVideo>> {
    let q = filter
        .q
        .map(|q| q.trim().to_lowercase())
        .filter(|q| !q.is_empty());
    let client = db::client(&state.db).await?;
    let (rows, total) = paging::fetch(
        &client,
        COLUMNS,
        &format!(
            "from videos v where {PUBLISHED}
               and ($1::text is null or strpos(lower(v.title), $1) > 0)
               and ($2::text is null or $2 = any(v.tags))
               and ($3::text is null or v.category = $3)"
        ),
        filter.sort.sql(),
        &[&q, &filter.tag, &filter.category],
        page,
    )
    .await?;
    let items = model::from_rows(&state, &rows).await?;
    Ok(Paged { items, page, total })
}

/// A video with everything its page shows.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct VideoPage {
    pub video: GalleryVideo,
    pub playback: Playback,
    pub reactions: Reactions,
    /// The caller upvoted it (the count is the video's `upvotes`).
    pub upvoted: bool,
    /// Up to six published videos sharing a tag or the category, the most
    /// shared tags first.
    pub related: Vec<GalleryVideo>,
}

/// A published video, how to play it, its reactions and related videos (public).
#[utoipa::path(get, path = "/api/gallery/videos/{id}", tag = "gallery",
    params(("id" = Uuid, Path, description = "Video id")),
    responses((status = 200, description = "The video", body = DataOf<VideoPage>),
              (status = 404, description = "No such published video")))]
pub async fn get(
    user: Option<AuthUser>,
    State(state): State<AppState>,
    ip: ClientIp,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Data<VideoPage>> {
    let client = db::client(&state.db).await?;
    let row = model::published(&client, id).await?;
    let viewer = visitors::viewer(&client, user.map(|u| u.id), ip).await?;
    Ok(Data(page(&state, &client, &row, &viewer).await?))
}

/// The page of the video of `row` for `viewer`.
pub async fn page(
    state: &AppState,
    client: &impl db::GenericClient,
    row: &tokio_postgres::Row,
    viewer: &[u8],
) -> ApiResult<VideoPage> {
    let video = GalleryVideo::from_row(state, row).await?;
    let reactions = reactions::load(client, video.id, viewer).await?;
    let upvoted = upvotes::load(client, video.id, viewer).await?.upvoted;
    let related = related(state, client, video.id).await?;
    Ok(VideoPage {
        playback: model::playback(state, row, None).await?,
        video,
        reactions,
        upvoted,
        related,
    })
}

async fn related(
    state: &AppState,
    client: &impl db::GenericClient,
    id: Uuid,
) -> ApiResult<Vec<GalleryVideo>> {
    let rows = client
        .query(
            &format!(
                "select {COLUMNS} from videos v, videos this
                 where this.id = $1 and v.id <> this.id and {PUBLISHED}
                   and (v.tags && this.tags or v.category = this.category)
                 order by cardinality(array(select unnest(v.tags) intersect select unnest(this.tags))) desc,
                          (v.category is not distinct from this.category) desc,
                          v.published_at desc
                 limit 6"
            ),
            &[&id],
        )
        .await?;
    model::from_rows(state, &rows).await
}
