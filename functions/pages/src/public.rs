//! The public side of landing pages, for anyone: a published page by its slug,
//! and the messages visitors send through its contact form.
//!
//! A message is stored and emailed (through the outbox) to the form's recipient,
//! or to the page's author when the form names none, with the visitor's address
//! as Reply-To. Senders are limited per IP and per page (PostgreSQL counters, so
//! the limits hold across instances); a form filled in by a bot (the hidden
//! `website` field set) is thanked and dropped.

use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use shared::domain::{Email, Name, Text};
use shared::error::FieldErrors;
use shared::http::{ApiJson, ApiPath, ClientIp, Data, DataOf};
use shared::jobs::{self, EmailJob, Job};
use shared::{ApiError, ApiResult, AppState, db, rate_limit, slug};
use uuid::Uuid;

use crate::blocks::PageBlock;
use crate::model::{COLUMNS, LandingPage, PageSeo};

/// Messages one address may send through contact forms: `(max, window_secs)`.
pub const CONTACT_PER_IP: (u32, i64) = (5, 600);
/// Messages one page may receive: `(max, window_secs)`.
pub const CONTACT_PER_PAGE: (u32, i64) = (100, 3600);

/// How long browsers may keep a public page before asking again.
const PUBLIC_MAX_AGE: &str = "public, max-age=60";

/// A published page as visitors see it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PublicPage {
    slug: String,
    title: String,
    seo: PageSeo,
    /// In order. Rich text (`text` blocks' `html`) is already cleaned; every
    /// other field is plain text.
    blocks: Vec<PageBlock>,
    published_at: Option<DateTime<Utc>>,
    updated_at: DateTime<Utc>,
}

/// A published page, by its slug.
#[utoipa::path(get, path = "/api/public/pages/{slug}", tag = "pages",
    params(("slug" = String, Path, description = "The page's slug")),
    responses((status = 200, description = "The page", body = DataOf<PublicPage>),
              (status = 404, description = "No published page has this slug")))]
pub async fn get(
    State(state): State<AppState>,
    ApiPath(slug): ApiPath<String>,
) -> ApiResult<Response> {
    if !slug::is_valid(&slug) {
        return Err(ApiError::not_found("Page"));
    }
    let client = db::client(&state.db).await?;
    let row = client
        .query_opt(
            &format!(
                "select {COLUMNS} from landing_pages p where p.slug = $1 and p.status = 'published'"
            ),
            &[&slug],
        )
        .await?
        .ok_or_else(|| ApiError::not_found("Page"))?;
    let page = LandingPage::from_row(&row)?;
    let mut response = Data(PublicPage {
        slug: page.slug,
        title: page.title,
        seo: page.seo,
        blocks: page.blocks.into_iter().map(PageBlock::public).collect(),
        published_at: page.published_at,
        updated_at: page.updated_at,
    })
    .into_response();
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(PUBLIC_MAX_AGE),
    );
    Ok(response)
}

/// A visitor's message.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContactInput {
    name: String,
    email: String,
    message: String,
    /// Left empty by people; the form hides it.
    #[serde(default)]
    website: String,
}

/// The answer to a message.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ContactReceived {
    received: bool,
}

/// Sends a message through the page's contact form.
#[utoipa::path(post, path = "/api/public/pages/{slug}/contact", tag = "pages",
    params(("slug" = String, Path, description = "The page's slug")),
    request_body = ContactInput,
    responses((status = 202, description = "ContactReceived; its recipient is emailed", body = DataOf<ContactReceived>),
              (status = 404, description = "No published page with a contact form has this slug"),
              (status = 422, description = "A field is invalid, named in details"),
              (status = 429, description = "Too many messages from this address or to this page; see Retry-After")))]
pub async fn contact(
    State(state): State<AppState>,
    ip: ClientIp,
    ApiPath(slug): ApiPath<String>,
    ApiJson(input): ApiJson<ContactInput>,
) -> ApiResult<(StatusCode, Data<ContactReceived>)> {
    let form = FormTarget::of(&state, &slug).await?;
    let (max, window) = CONTACT_PER_IP;
    rate_limit::hit(&state, &format!("contact:ip:{}", ip.key()), max, window).await?;
    let (name, email, message) = check(input.name, &input.email, input.message)?;
    let received = (
        StatusCode::ACCEPTED,
        Data(ContactReceived { received: true }),
    );
    if !input.website.trim().is_empty() {
        return Ok(received);
    }
    let (max, window) = CONTACT_PER_PAGE;
    rate_limit::hit(
        &state,
        &format!("contact:page:{}", form.page_id),
        max,
        window,
    )
    .await?;
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    let id: Uuid = tx
        .query_one(
            "insert into contact_submissions (page_id, page_title, name, email, message, notify_email)
             values ($1, $2, $3, $4, $5, $6) returning id",
            &[&form.page_id, &form.title, &name, &email, &message, &form.notify],
        )
        .await?
        .get(0);
    let job = form
        .notify
        .as_ref()
        .map(|_| Job::email(EmailJob::ContactMessage { submission_id: id }));
    if let Some(job) = &job {
        jobs::enqueue(&tx, job).await?;
    }
    tx.commit().await?;
    jobs::dispatch(&state, job.as_slice()).await;
    Ok(received)
}

/// The tidy name, address and message, or one 422 naming each problem.
fn check(
    mut name: String,
    email: &str,
    mut message: String,
) -> Result<(String, String, String), ApiError> {
    let mut errors = FieldErrors::new();
    errors.tidy::<Name>("name", &mut name);
    let email = errors.take("email", Email::parse(email));
    errors.tidy::<Text<5000>>("message", &mut message);
    if message.is_empty() {
        errors.add("message", "Is required");
    }
    errors.finish()?;
    let email = email.map(|e| e.as_str().to_string()).unwrap_or_default();
    Ok((name, email, message))
}

/// The contact form of a published page.
struct FormTarget {
    page_id: Uuid,
    title: String,
    /// Who is emailed: the form's recipient, else the page's author (if any).
    notify: Option<String>,
}

impl FormTarget {
    async fn of(state: &AppState, slug: &str) -> Result<Self, ApiError> {
        let not_found = || ApiError::not_found("Contact form");
        if !slug::is_valid(slug) {
            return Err(not_found());
        }
        let client = db::client(&state.db).await?;
        let row = client
            .query_opt(
                "select p.id, p.title, b.data ->> 'recipient_email',
                     (select u.email from users u where u.id = p.created_by and not u.disabled)
                 from landing_pages p
                 join lateral (select data from landing_page_blocks
                               where page_id = p.id and kind = 'contact_form'
                               order by position limit 1) b on true
                 where p.slug = $1 and p.status = 'published'",
                &[&slug],
            )
            .await?
            .ok_or_else(not_found)?;
        let recipient: Option<String> = row.get(2);
        let author: Option<String> = row.get(3);
        Ok(Self {
            page_id: row.get(0),
            title: row.get(1),
            notify: recipient.filter(|r| !r.is_empty()).or(author),
        })
    }
}
