//! Landing pages for their editors (PAGES_ADMIN): list, create, read, change,
//! delete. Every save checks each block by its kind's schema and replaces the
//! page's blocks in the same transaction as its fields, with an audit event.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use shared::audit::{self, Subject};
use shared::auth::{AuthUser, Role};
use shared::db::Transaction;
use shared::http::{ApiJson, ApiPath, ApiQuery, Created, Data, DataOf};
use shared::paging::{self, PageOf, Paged, Paging};
use shared::records::{check_fresh, lock};
use shared::{ApiError, ApiResult, AppState, db, slug};
use uuid::Uuid;

use crate::blocks::PageBlock;
use crate::model::{self, LandingPage, PageSeo, PageStatus, slug_error, slug_taken};

/// A page in the editors' list.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PageSummary {
    id: Uuid,
    slug: String,
    title: String,
    status: PageStatus,
    block_count: i64,
    /// Messages received through its contact form.
    submission_count: i64,
    published_at: Option<DateTime<Utc>>,
    updated_at: DateTime<Utc>,
}

/// Filters of the list.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListFilter {
    /// Only pages with this status.
    status: Option<PageStatus>,
    /// Only pages whose title or slug contains this text (any case).
    q: Option<String>,
}

/// The landing pages, most recently changed first.
#[utoipa::path(get, path = "/api/pages", tag = "pages", security(("bearer" = [])),
    params(Paging, ListFilter),
    responses((status = 200, description = "The pages", body = PageOf<PageSummary>),
              (status = 403, description = "Not PAGES_ADMIN")))]
pub async fn list(
    user: AuthUser,
    State(state): State<AppState>,
    Paging(page): Paging,
    ApiQuery(filter): ApiQuery<ListFilter>,
) -> ApiResult<Paged<PageSummary>> {
    user.require(Role::PagesAdmin)?;
    let status = filter.status.map(PageStatus::as_str);
    let q = filter
        .q
        .map(|q| q.trim().to_lowercase())
        .filter(|q| !q.is_empty());
    let client = db::client(&state.db).await?;
    let rows = paging::fetch(
        &client,
        "p.id, p.slug, p.title, p.status, p.published_at, p.updated_at,
         (select count(*) from landing_page_blocks b where b.page_id = p.id) as block_count,
         (select count(*) from contact_submissions s where s.page_id = p.id) as submission_count",
        "from landing_pages p
         where ($1::text is null or p.status = $1)
           and ($2::text is null or strpos(lower(p.title), $2) > 0 or strpos(p.slug, $2) > 0)",
        "p.updated_at desc, p.id",
        &[&status, &q],
        page,
    )
    .await?;
    Paged::from_rows(rows, page, |row| {
        Ok(PageSummary {
            id: row.try_get("id")?,
            slug: row.try_get("slug")?,
            title: row.try_get("title")?,
            status: PageStatus::parse(row.try_get("status")?)?,
            block_count: row.try_get("block_count")?,
            submission_count: row.try_get("submission_count")?,
            published_at: row.try_get("published_at")?,
            updated_at: row.try_get("updated_at")?,
        })
    })
}

/// A new page.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewPage {
    title: String,
    /// The address; absent or empty: made from the title (`-2`, `-3`, … when taken).
    #[serde(default)]
    slug: Option<String>,
    /// Draft unless said otherwise.
    #[serde(default)]
    status: Option<PageStatus>,
    #[serde(default)]
    seo: PageSeo,
    #[serde(default)]
    #[schema(value_type = Vec<PageBlock>)]
    blocks: Vec<Value>,
}

/// Creates a page. Each block is checked by its kind's schema; a problem is
/// answered as 422 naming the block and field (`blocks[2].title`).
#[utoipa::path(post, path = "/api/pages", tag = "pages", security(("bearer" = [])),
    request_body = NewPage,
    responses((status = 201, description = "Created", body = DataOf<LandingPage>),
              (status = 403, description = "Not PAGES_ADMIN"),
              (status = 409, description = "The slug asked for is taken"),
              (status = 422, description = "A field or block is invalid, named in details")))]
pub async fn create(
    user: AuthUser,
    State(state): State<AppState>,
    ApiJson(input): ApiJson<NewPage>,
) -> ApiResult<Created<LandingPage>> {
    user.require(Role::PagesAdmin)?;
    let mut chosen = input.slug.filter(|s| !s.trim().is_empty());
    let status = input.status.unwrap_or(PageStatus::Draft);
    let fields = model::check(
        input.title,
        status,
        input.seo,
        Some(input.blocks),
        Vec::new(),
        chosen.as_mut(),
    )?;
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    let id = match chosen {
        Some(slug) => insert(&tx, &slug, &fields.title, user.id).await?,
        None => {
            let base = slug::from_title(&fields.title);
            let mut found = None;
            for candidate in slug::candidates(&base).take(100) {
                found = insert(&tx, &candidate, &fields.title, user.id).await?;
                if found.is_some() {
                    break;
                }
            }
            found
        }
    }
    .ok_or_else(slug_taken)?;
    model::save(&tx, id, &fields, user.id).await?;
    let page = model::load(&tx, id).await?;
    audit::change(&tx, subject(&user, id), None, Some(&page)).await?;
    tx.commit().await?;
    Ok(Created(page))
}

/// Inserts a page with `slug` unless another page has it (the unique constraint
/// decides, so concurrent creations never collide).
async fn insert(
    tx: &Transaction<'_>,
    slug: &str,
    title: &str,
    author: Uuid,
) -> Result<Option<Uuid>, ApiError> {
    let row = tx
        .query_opt(
            "insert into landing_pages (slug, title, created_by, updated_by) values ($1, $2, $3, $3)
             on conflict (slug) do nothing returning id",
            &[&slug, &title, &author],
        )
        .await?;
    Ok(row.map(|r| r.get(0)))
}

fn subject(user: &AuthUser, id: Uuid) -> Subject<'static> {
    Subject {
        actor_id: user.id,
        entity_type: "landing_page",
        entity_id: id,
        scope_id: None,
    }
}

/// One page with its blocks.
#[utoipa::path(get, path = "/api/pages/{id}", tag = "pages", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Page id")),
    responses((status = 200, description = "The page", body = DataOf<LandingPage>),
              (status = 403, description = "Not PAGES_ADMIN")))]
pub async fn get(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Data<LandingPage>> {
    user.require(Role::PagesAdmin)?;
    let client = db::client(&state.db).await?;
    Ok(Data(model::load(&client, id).await?))
}

/// The fields to change; `blocks`, when given, replaces every block.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PagePatch {
    title: Option<String>,
    slug: Option<String>,
    status: Option<PageStatus>,
    seo: Option<PageSeo>,
    #[schema(value_type = Option<Vec<PageBlock>>)]
    blocks: Option<Vec<Value>>,
    /// The `updated_at` the editor loaded: a page changed since answers 409 `STALE`.
    updated_at: Option<DateTime<Utc>>,
}

/// Changes a page; publishing it (status `published`) makes it public at `/p/{slug}`.
#[utoipa::path(patch, path = "/api/pages/{id}", tag = "pages", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Page id")),
    request_body = PagePatch,
    responses((status = 200, description = "Changed", body = DataOf<LandingPage>),
              (status = 403, description = "Not PAGES_ADMIN"),
              (status = 409, description = "The slug is taken, or the page changed since it was loaded"),
              (status = 422, description = "A field or block is invalid, named in details")))]
pub async fn update(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
    headers: HeaderMap,
    ApiJson(patch): ApiJson<PagePatch>,
) -> ApiResult<Data<LandingPage>> {
    user.require(Role::PagesAdmin)?;
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    lock(&tx, "landing_pages", id, "Page").await?;
    let before = model::load(&tx, id).await?;
    check_fresh(patch.updated_at, &headers, before.updated_at)?;
    let mut new_slug = patch.slug;
    let fields = model::check(
        patch.title.unwrap_or_else(|| before.title.clone()),
        patch.status.unwrap_or(before.status),
        patch.seo.unwrap_or_else(|| before.seo.clone()),
        patch.blocks,
        before.blocks.clone(),
        new_slug.as_mut(),
    )?;
    if let Some(slug) = new_slug.filter(|s| *s != before.slug) {
        tx.execute(
            "update landing_pages set slug = $2 where id = $1",
            &[&id, &slug],
        )
        .await
        .map_err(slug_error)?;
    }
    model::save(&tx, id, &fields, user.id).await?;
    let after = model::load(&tx, id).await?;
    audit::change(&tx, subject(&user, id), Some(&before), Some(&after)).await?;
    tx.commit().await?;
    Ok(Data(after))
}

/// Deletes a page and its blocks; the messages it received are kept.
#[utoipa::path(delete, path = "/api/pages/{id}", tag = "pages", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Page id")),
    responses((status = 204, description = "Deleted"),
              (status = 403, description = "Not PAGES_ADMIN")))]
pub async fn delete(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<StatusCode> {
    user.require(Role::PagesAdmin)?;
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    lock(&tx, "landing_pages", id, "Page").await?;
    let before = model::load(&tx, id).await?;
    tx.execute("delete from landing_pages where id = $1", &[&id])
        .await?;
    audit::change::<LandingPage>(&tx, subject(&user, id), Some(&before), None).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}
