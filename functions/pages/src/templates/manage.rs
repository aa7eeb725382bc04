//! Email templates: the list, a new template (influence, map or payment; the
//! system ones are built in), one template with the variables it may use and its
//! current version, its name and description, and deleting one an admin added.

use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use shared::auth::AuthUser;
use shared::db::violated_constraint;
use shared::domain::{Name, Text};
use shared::email_templates::{Category, Source, Variable};
use shared::error::FieldErrors;
use shared::http::{ApiJson, ApiPath, ApiQuery, Created, Data, DataOf};
use shared::paging::{self, PageOf, Paged, Paging};
use shared::{ApiError, ApiResult, AppState, db};
use uuid::Uuid;

use super::model::{self, TemplateRow, TemplateVersion, check_source, may_edit, require_reader};

/// A template in the list.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct EmailTemplateSummary {
    id: Uuid,
    key: String,
    category: Category,
    name: String,
    description: String,
    /// Sent by the platform itself; cannot be deleted.
    built_in: bool,
    /// The current version's number.
    version: i32,
    /// When the current version was written, and by whom.
    updated_at: DateTime<Utc>,
    updated_by: Option<String>,
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListFilter {
    /// Only templates of this category.
    category: Option<Category>,
}

/// The email templates, by category and name.
#[utoipa::path(get, path = "/api/email-templates", tag = "email-templates", security(("bearer" = [])),
    params(Paging, ListFilter),
    responses((status = 200, description = "The templates", body = PageOf<EmailTemplateSummary>),
              (status = 403, description = "Not PAGES_ADMIN")))]
pub async fn list(
    user: AuthUser,
    State(state): State<AppState>,
    Paging(page): Paging,
    ApiQuery(filter): ApiQuery<ListFilter>,
) -> ApiResult<Paged<EmailTemplateSummary>> {
    require_reader(&user)?;
    let category = filter.category.map(Category::as_str);
    let client = db::client(&state.db).await?;
    let rows = paging::fetch(
        &client,
        "t.id, t.key, t.category, t.name, t.description, v.version, v.created_at, u.username",
        "from email_templates t
         join lateral (select version, created_at, author_id from email_template_versions
                       where template_id = t.id order by version desc limit 1) v on true
         left join users u on u.id = v.author_id
         where ($1::text is null or t.category = $1)",
        "t.category, t.name, t.id",
        &[&category],
        page,
    )
    .await?;
    Paged::from_rows(rows, page, |row| {
        let key: String = row.try_get("key")?;
        let category: String = row.try_get("category")?;
        Ok(EmailTemplateSummary {
            built_in: shared::email_templates::built_in_named(&key).is_some(),
            id: row.try_get("id")?,
            key,
            category: Category::parse(&category)
                .ok_or_else(|| ApiError::internal("unknown template category"))?,
            name: row.try_get("name")?,
            description: row.try_get("description")?,
            version: row.try_get("version")?,
            updated_at: row.try_get("created_at")?,
            updated_by: row.try_get("username")?,
        })
    })
}

/// A template with what an editor needs.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct EmailTemplate {
    id: Uuid,
    key: String,
    category: Category,
    name: String,
    description: String,
    built_in: bool,
    /// Whether the caller may change it (system templates: SUPER_ADMIN only).
    editable: bool,
    /// The variables it may use, with a sample value of each.
    variables: Vec<Variable>,
    current: TemplateVersion,
}

async fn view(
    client: &impl db::GenericClient,
    user: &AuthUser,
    row: TemplateRow,
) -> Result<EmailTemplate, ApiError> {
    let current = model::version(client, row.id, None).await?;
    Ok(EmailTemplate {
        built_in: row.built_in(),
        editable: may_edit(user, row.category),
        variables: row.allowed().into_iter().copied().collect(),
        id: row.id,
        key: row.key,
        category: row.category,
        name: row.name,
        description: row.description,
        current,
    })
}

/// A new template and its first version.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewEmailTemplate {
    /// What senders ask for: `a_z0_9` and underscores, 2 to 60 characters.
    key: String,
    /// `influence`, `map` or `payment` (system templates are built in).
    category: Category,
    name: String,
    #[serde(default)]
    description: String,
    subject: String,
    body_text: String,
    #[serde(default)]
    body_html: String,
    #[serde(default)]
    note: String,
}

/// Adds a template. Its text may use its category's variables only; a problem is
/// answered as 422 naming the part, with its line and column.
#[utoipa::path(post, path = "/api/email-templates", tag = "email-templates", security(("bearer" = [])),
    request_body = NewEmailTemplate,
    responses((status = 201, description = "Created", body = DataOf<EmailTemplate>),
              (status = 403, description = "Not PAGES_ADMIN"),
              (status = 409, description = "The key is taken"),
              (status = 422, description = "A field is invalid, or the text uses an unknown variable or an unbalanced block")))]
pub async fn create(
    user: AuthUser,
    State(state): State<AppState>,
    ApiJson(input): ApiJson<NewEmailTemplate>,
) -> ApiResult<Created<EmailTemplate>> {
    require_reader(&user)?;
    let NewEmailTemplate {
        key,
        category,
        mut name,
        mut description,
        subject,
        body_text,
        body_html,
        mut note,
    } = input;
    let mut errors = FieldErrors::new();
    let key = key.trim().to_string();
    let key_shape = key.len() >= 2
        && key.len() <= 60
        && key.starts_with(|c: char| c.is_ascii_lowercase())
        && key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !key_shape {
        errors.add(
            "key",
            "Use 2 to 60 lower-case letters, digits and underscores, starting with a letter",
        );
    }
    if category == Category::System {
        errors.add(
            "category",
            "System templates are built in: choose influence, map or payment",
        );
    }
    errors.tidy::<Name>("name", &mut name);
    errors.tidy::<Text<500>>("description", &mut description);
    errors.finish()?;
    let mut source = Source {
        subject,
        body_text,
        body_html,
    };
    check_source(&mut source, &mut note, &category.variable_names())?;
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    let id: Uuid = tx
        .query_one(
            "insert into email_templates (key, category, name, description, created_by)
             values ($1, $2, $3, $4, $5) returning id",
            &[&key, &category.as_str(), &name, &description, &user.id],
        )
        .await
        .map_err(|e| match violated_constraint(&e) {
            Some("email_templates_key_key") => {
                ApiError::conflict("KEY_TAKEN", "Another template has this key")
                    .with_details(serde_json::json!({"key": "Another template has this key"}))
            }
            _ => ApiError::from(e),
        })?
        .get(0);
    model::append(&tx, id, &source, &note, user.id, None).await?;
    let row = model::load(&tx, id, false).await?;
    let template = view(&tx, &user, row).await?;
    tx.commit().await?;
    Ok(Created(template))
}

/// One template, the variables it may use and its current version.
#[utoipa::path(get, path = "/api/email-templates/{id}", tag = "email-templates", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Template id")),
    responses((status = 200, description = "The template", body = DataOf<EmailTemplate>),
              (status = 403, description = "Not PAGES_ADMIN")))]
pub async fn get(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Data<EmailTemplate>> {
    require_reader(&user)?;
    let client = db::client(&state.db).await?;
    let row = model::load(&client, id, false).await?;
    Ok(Data(view(&client, &user, row).await?))
}

/// A template's name and description; what is left out stays.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EmailTemplatePatch {
    name: Option<String>,
    description: Option<String>,
}

/// Renames a template or changes its description (its text changes by new versions).
#[utoipa::path(patch, path = "/api/email-templates/{id}", tag = "email-templates", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Template id")),
    request_body = EmailTemplatePatch,
    responses((status = 200, description = "Changed", body = DataOf<EmailTemplate>),
              (status = 403, description = "Not PAGES_ADMIN, or a system template and not SUPER_ADMIN"),
              (status = 422, description = "A field is invalid")))]
pub async fn update(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(patch): ApiJson<EmailTemplatePatch>,
) -> ApiResult<Data<EmailTemplate>> {
    require_reader(&user)?;
    let client = db::client(&state.db).await?;
    let row = model::editable(&client, &user, id, false).await?;
    let mut name = patch.name.unwrap_or_else(|| row.name.clone());
    let mut description = patch.description.unwrap_or_else(|| row.description.clone());
    let mut errors = FieldErrors::new();
    errors.tidy::<Name>("name", &mut name);
    errors.tidy::<Text<500>>("description", &mut description);
    errors.finish()?;
    client
        .execute(
            "update email_templates set name = $2, description = $3 where id = $1",
            &[&id, &name, &description],
        )
        .await?;
    let row = model::load(&client, id, false).await?;
    Ok(Data(view(&client, &user, row).await?))
}

/// Deletes a template an admin added, with its versions. Built-in templates
/// stay: the platform sends them.
#[utoipa::path(delete, path = "/api/email-templates/{id}", tag = "email-templates", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Template id")),
    responses((status = 204, description = "Deleted"),
              (status = 403, description = "Not PAGES_ADMIN"),
              (status = 409, description = "A built-in template")))]
pub async fn delete(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<StatusCode> {
    require_reader(&user)?;
    let client = db::client(&state.db).await?;
    let row = model::editable(&client, &user, id, false).await?;
    if row.built_in() {
        return Err(ApiError::conflict(
            "BUILT_IN",
            "The platform sends this template: edit it instead of deleting it",
        ));
    }
    client
        .execute("delete from email_templates where id = $1", &[&id])
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
