//! A landing page as stored and as the API shows it, read with its blocks in one
//! query, and the checks its fields go through on every save.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use shared::db::{GenericClient, Transaction, violated_constraint};
use shared::domain::{Line, Text, Title};
use shared::error::FieldErrors;
use shared::{ApiError, slug};
use tokio_postgres::Row;
use uuid::Uuid;

use crate::blocks::{self, PageBlock, links};

/// Whether the public sees a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PageStatus {
    Draft,
    Published,
}

impl PageStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            PageStatus::Draft => "draft",
            PageStatus::Published => "published",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, ApiError> {
        match raw {
            "draft" => Ok(PageStatus::Draft),
            "published" => Ok(PageStatus::Published),
            other => Err(ApiError::internal(format!("unknown page status {other:?}"))),
        }
    }
}

/// What search engines and link previews show.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields, default)]
pub struct PageSeo {
    /// The browser tab's and search result's title; empty: the page's title.
    pub title: String,
    pub description: String,
    /// The image of link previews: `https://…` or a path on this site.
    pub image_url: String,
}

impl PageSeo {
    /// Tidies the fields in place, recording problems under `seo.*`.
    pub fn check(&mut self, errors: &mut FieldErrors) {
        errors.tidy::<Line<70, 0>>("seo.title", &mut self.title);
        errors.tidy::<Text<300>>("seo.description", &mut self.description);
        let image = self.image_url.trim();
        if image.is_empty() {
            self.image_url.clear();
        } else {
            match links::check(image, links::Rule::WebOrPath) {
                Ok(link) => self.image_url = link,
                Err(message) => errors.add("seo.image_url", message),
            }
        }
    }
}

/// A page as its editors see it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct LandingPage {
    pub id: Uuid,
    /// The page is public at `/p/{slug}` once published.
    pub slug: String,
    pub title: String,
    pub status: PageStatus,
    pub seo: PageSeo,
    pub blocks: Vec<PageBlock>,
    /// When it was last published; null while a draft.
    pub published_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The page's columns and its blocks as one JSON array, in order.
pub const COLUMNS: &str = "p.id, p.slug, p.title, p.status, p.seo_title, p.seo_description,
    p.seo_image_url, p.published_at, p.created_at, p.updated_at,
    coalesce((select json_agg(json_build_object('kind', b.kind, 'data', b.data) order by b.position)
              from landing_page_blocks b where b.page_id = p.id), '[]'::json) as blocks";

impl LandingPage {
    pub fn from_row(row: &Row) -> Result<Self, ApiError> {
        Ok(Self {
            id: row.try_get("id")?,
            slug: row.try_get("slug")?,
            title: row.try_get("title")?,
            status: PageStatus::parse(row.try_get("status")?)?,
            seo: PageSeo {
                title: row.try_get("seo_title")?,
                description: row.try_get("seo_description")?,
                image_url: row.try_get("seo_image_url")?,
            },
            blocks: blocks::from_json(row.try_get::<_, Value>("blocks")?)?,
            published_at: row.try_get("published_at")?,
            created_at: row.try_get("created_at")?,
            updated_at: row.try_get("updated_at")?,
        })
    }
}

/// Page `id` with its blocks.
pub async fn load(client: &impl GenericClient, id: Uuid) -> Result<LandingPage, ApiError> {
    let row = client
        .query_opt(
            &format!("select {COLUMNS} from landing_pages p where p.id = $1"),
            &[&id],
        )
        .await?
        .ok_or_else(|| ApiError::not_found("Page"))?;
    LandingPage::from_row(&row)
}

/// The checked fields of a page, ready to store.
#[derive(Debug, Clone)]
pub struct Fields {
    pub title: String,
    pub status: PageStatus,
    pub seo: PageSeo,
    pub blocks: Vec<PageBlock>,
}

/// Checks the fields every save goes through; raw blocks are read by their
/// kinds' schemas. One 422 names every problem.
pub fn check(
    mut title: String,
    status: PageStatus,
    mut seo: PageSeo,
    raw_blocks: Option<Vec<Value>>,
    current_blocks: Vec<PageBlock>,
    slug: Option<&mut String>,
) -> Result<Fields, ApiError> {
    let mut errors = FieldErrors::new();
    errors.tidy::<Title>("title", &mut title);
    seo.check(&mut errors);
    if let Some(slug) = slug {
        *slug = slug.trim().to_string();
        if !slug::is_valid(slug) {
            errors.add(
                "slug",
                "Must be lower-case letters, digits and single dashes (at most 80)",
            );
        }
    }
    let blocks = match raw_blocks {
        Some(raw) => blocks::parse(raw, &mut errors),
        None => current_blocks,
    };
    if status == PageStatus::Published && blocks.is_empty() && errors.is_empty() {
        errors.add("blocks", "A published page needs at least one block");
    }
    errors.finish()?;
    Ok(Fields {
        title,
        status,
        seo,
        blocks,
    })
}

/// 409 for a slug another page has.
pub fn slug_taken() -> ApiError {
    ApiError::conflict("SLUG_TAKEN", "Another page already has this address")
        .with_details(serde_json::json!({"slug": "Another page already has this address"}))
}

/// Maps the slug's unique constraint to [`slug_taken`].
pub fn slug_error(e: tokio_postgres::Error) -> ApiError {
    if violated_constraint(&e) == Some("landing_pages_slug_key") {
        slug_taken()
    } else {
        ApiError::from(e)
    }
}

/// Writes the page's fields (not its slug) and replaces its blocks.
pub async fn save(
    tx: &Transaction<'_>,
    id: Uuid,
    fields: &Fields,
    editor: Uuid,
) -> Result<(), ApiError> {
    tx.execute(
        "update landing_pages set title = $2, status = $3, seo_title = $4, seo_description = $5,
             seo_image_url = $6, updated_by = $7,
             published_at = case when $3 = 'published' then coalesce(published_at, now()) end
         where id = $1",
        &[
            &id,
            &fields.title,
            &fields.status.as_str(),
            &fields.seo.title,
            &fields.seo.description,
            &fields.seo.image_url,
            &editor,
        ],
    )
    .await?;
    tx.execute("delete from landing_page_blocks where page_id = $1", &[&id])
        .await?;
    let mut kinds = Vec::with_capacity(fields.blocks.len());
    let mut data = Vec::with_capacity(fields.blocks.len());
    for block in &fields.blocks {
        let (kind, value) = block.to_stored()?;
        kinds.push(kind);
        data.push(value);
    }
    tx.execute(
        "insert into landing_page_blocks (page_id, position, kind, data)
         select $1, b.position - 1, b.kind, b.data
         from unnest($2::text[], $3::jsonb[]) with ordinality as b (kind, data, position)",
        &[&id, &kinds, &data],
    )
    .await?;
    Ok(())
}
