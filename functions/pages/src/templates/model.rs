//! Email templates as the API shows them, who may change which, and the one way
//! a version is written: checked against the variables the template may use,
//! appended after the highest (the template's row locked, so two editors never
//! take one number).

use chrono::{DateTime, Utc};
use serde::Serialize;
use shared::ApiError;
use shared::auth::{AuthUser, Role};
use shared::db::{GenericClient, Transaction};
use shared::domain::{Line, Text};
use shared::email_templates::{self, Category, Source, SourceProblem, Variable};
use shared::error::FieldErrors;
use shared::templates;
use tokio_postgres::Row;
use uuid::Uuid;

/// A template's own fields.
#[derive(Debug, Clone)]
pub struct TemplateRow {
    pub id: Uuid,
    pub key: String,
    pub category: Category,
    pub name: String,
    pub description: String,
}

impl TemplateRow {
    /// The variables this template may use.
    pub fn allowed(&self) -> Vec<&'static Variable> {
        email_templates::allowed(&self.key, self.category)
    }

    pub fn allowed_names(&self) -> Vec<&'static str> {
        self.allowed().iter().map(|v| v.name).collect()
    }

    pub fn built_in(&self) -> bool {
        email_templates::built_in_named(&self.key).is_some()
    }
}

/// Reading templates, previews and test emails to oneself: PAGES_ADMIN.
pub fn require_reader(user: &AuthUser) -> Result<(), ApiError> {
    user.require(Role::PagesAdmin)
}

/// Whether `user` may change templates of `category`: PAGES_ADMIN, except the
/// platform's own emails (sign-in links, resets, invitations), which only
/// SUPER_ADMIN changes.
pub fn may_edit(user: &AuthUser, category: Category) -> bool {
    let role = if category == Category::System {
        Role::SuperAdmin
    } else {
        Role::PagesAdmin
    };
    user.role.satisfies(role)
}

/// 403 unless `user` may change templates of `category`.
pub fn require_editor(user: &AuthUser, category: Category) -> Result<(), ApiError> {
    require_reader(user)?;
    if may_edit(user, category) {
        Ok(())
    } else {
        Err(ApiError::forbidden())
    }
}

/// Template `id`; `for update` locks it until the transaction ends.
pub async fn load(
    client: &impl GenericClient,
    id: Uuid,
    for_update: bool,
) -> Result<TemplateRow, ApiError> {
    let sql = if for_update {
        "select id, key, category, name, description from email_templates where id = $1 for update"
    } else {
        "select id, key, category, name, description from email_templates where id = $1"
    };
    let row = client
        .query_opt(sql, &[&id])
        .await?
        .ok_or_else(|| ApiError::not_found("Email template"))?;
    let category: String = row.try_get("category")?;
    Ok(TemplateRow {
        id: row.try_get("id")?,
        key: row.try_get("key")?,
        category: Category::parse(&category)
            .ok_or_else(|| ApiError::internal(format!("unknown category {category:?}")))?,
        name: row.try_get("name")?,
        description: row.try_get("description")?,
    })
}

/// Template `id`, which `user` may change (403 otherwise), locked until the
/// transaction ends when `for_update`.
pub async fn editable(
    client: &impl GenericClient,
    user: &AuthUser,
    id: Uuid,
    for_update: bool,
) -> Result<TemplateRow, ApiError> {
    let template = load(client, id, for_update).await?;
    require_editor(user, template.category)?;
    Ok(template)
}

/// One version of a template.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TemplateVersion {
    pub id: Uuid,
    pub version: i32,
    pub subject: String,
    pub body_text: String,
    /// Empty: the HTML part is made from the text.
    pub body_html: String,
    pub note: String,
    /// The version this one restored, for a rollback.
    pub restored_from: Option<i32>,
    /// Who wrote it (a username); null for the defaults and deleted accounts.
    pub author: Option<String>,
    pub created_at: DateTime<Utc>,
    /// The variables it uses, in order of first use.
    pub variables: Vec<String>,
}

impl TemplateVersion {
    pub fn source(&self) -> Source {
        Source {
            subject: self.subject.clone(),
            body_text: self.body_text.clone(),
            body_html: self.body_html.clone(),
        }
    }
}

pub const VERSION_COLUMNS: &str = "v.id, v.version, v.subject, v.body_text, v.body_html, v.note,
    v.restored_from, v.created_at, u.username as author";
pub const VERSION_FROM: &str =
    "from email_template_versions v left join users u on u.id = v.author_id";

pub fn version_from_row(row: &Row) -> Result<TemplateVersion, ApiError> {
    let mut version = TemplateVersion {
        id: row.try_get("id")?,
        version: row.try_get("version")?,
        subject: row.try_get("subject")?,
        body_text: row.try_get("body_text")?,
        body_html: row.try_get("body_html")?,
        note: row.try_get("note")?,
        restored_from: row.try_get("restored_from")?,
        author: row.try_get("author")?,
        created_at: row.try_get("created_at")?,
        variables: Vec::new(),
    };
    for part in [&version.subject, &version.body_text, &version.body_html] {
        for name in templates::variables(part).unwrap_or_default() {
            if !version.variables.contains(&name) {
                version.variables.push(name);
            }
        }
    }
    Ok(version)
}

/// TemplateVersion `number` of template `template_id`, or its current one for `None`.
pub async fn version(
    client: &impl GenericClient,
    template_id: Uuid,
    number: Option<i32>,
) -> Result<TemplateVersion, ApiError> {
    let row = client
        .query_opt(
            &format!(
                "select {VERSION_COLUMNS} {VERSION_FROM}
                 where v.template_id = $1 and ($2::int4 is null or v.version = $2)
                 order by v.version desc limit 1"
            ),
            &[&template_id, &number],
        )
        .await?
        .ok_or_else(|| ApiError::not_found("Version"))?;
    version_from_row(&row)
}

/// A problem in a template's text, as a 422 naming the part; its message ends
/// with `(line L, column C)`.
pub fn invalid(problem: SourceProblem) -> ApiError {
    ApiError::invalid_field(problem.field, problem.problem.to_string())
}

/// Tidies the three parts and the note, then checks the parts against the
/// variables the template may use; answers the variables they use.
pub fn check_source(
    source: &mut Source,
    note: &mut String,
    allowed: &[&str],
) -> Result<Vec<String>, ApiError> {
    let mut errors = FieldErrors::new();
    errors.tidy::<Line<300>>("subject", &mut source.subject);
    errors.tidy::<Text<20_000>>("body_text", &mut source.body_text);
    if source.body_text.is_empty() {
        errors.add("body_text", "Is required");
    }
    errors.tidy::<Text<50_000>>("body_html", &mut source.body_html);
    errors.tidy::<Line<200, 0>>("note", note);
    errors.finish()?;
    source.check(allowed).map_err(invalid)
}

/// Appends a version after the highest; the caller holds the template's lock.
pub async fn append(
    tx: &Transaction<'_>,
    template_id: Uuid,
    source: &Source,
    note: &str,
    author: Uuid,
    restored_from: Option<i32>,
) -> Result<TemplateVersion, ApiError> {
    let id: Uuid = tx
        .query_one(
            "insert into email_template_versions
                 (template_id, version, subject, body_text, body_html, note, author_id, restored_from)
             select $1, coalesce(max(version), 0) + 1, $2, $3, $4, $5, $6, $7
             from email_template_versions where template_id = $1
             returning id",
            &[
                &template_id,
                &source.subject,
                &source.body_text,
                &source.body_html,
                &note,
                &author,
                &restored_from,
            ],
        )
        .await?
        .get(0);
    let row = tx
        .query_one(
            &format!("select {VERSION_COLUMNS} {VERSION_FROM} where v.id = $1"),
            &[&id],
        )
        .await?;
    version_from_row(&row)
}
