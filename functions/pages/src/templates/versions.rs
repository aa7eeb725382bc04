//! A template's versions: the history, one version, a new version (every edit),
//! and a rollback, which appends a copy of an old version rather than removing
//! anything, so the history only grows.

use axum::extract::State;
use serde::Deserialize;
use shared::auth::AuthUser;
use shared::email_templates::Source;
use shared::http::{ApiJson, ApiPath, Created, Data, DataOf};
use shared::paging::{self, PageOf, Paged, Paging};
use shared::{ApiError, ApiResult, AppState, db};
use uuid::Uuid;

use super::model::{
    self, TemplateVersion, VERSION_COLUMNS, VERSION_FROM, check_source, require_reader,
    version_from_row,
};

/// The versions of a template, newest first.
#[utoipa::path(get, path = "/api/email-templates/{id}/versions", tag = "email-templates", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Template id"), Paging),
    responses((status = 200, description = "The versions", body = PageOf<TemplateVersion>),
              (status = 403, description = "Not PAGES_ADMIN")))]
pub async fn list(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
    Paging(page): Paging,
) -> ApiResult<Paged<TemplateVersion>> {
    require_reader(&user)?;
    let client = db::client(&state.db).await?;
    model::load(&client, id, false).await?;
    let rows = paging::fetch(
        &client,
        VERSION_COLUMNS,
        &format!("{VERSION_FROM} where v.template_id = $1"),
        "v.version desc",
        &[&id],
        page,
    )
    .await?;
    Paged::from_rows(rows, page, version_from_row)
}

/// One version of a template.
#[utoipa::path(get, path = "/api/email-templates/{id}/versions/{version}", tag = "email-templates", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Template id"),
           ("version" = i32, Path, description = "Version number")),
    responses((status = 200, description = "The version", body = DataOf<TemplateVersion>),
              (status = 403, description = "Not PAGES_ADMIN")))]
pub async fn get(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath((id, number)): ApiPath<(Uuid, i32)>,
) -> ApiResult<Data<TemplateVersion>> {
    require_reader(&user)?;
    let client = db::client(&state.db).await?;
    Ok(Data(model::version(&client, id, Some(number)).await?))
}

/// An edit: the template's new text.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewTemplateVersion {
    subject: String,
    body_text: String,
    /// Empty: the HTML part is made from the text.
    #[serde(default)]
    body_html: String,
    /// What changed, for the history.
    #[serde(default)]
    note: String,
    /// The version the editor started from: when another was saved since, 409 `STALE`.
    #[serde(default)]
    base_version: Option<i32>,
}

/// Saves an edit as the template's new current version. The text may use the
/// template's variables only and must balance its blocks: a problem is
/// answered as 422 naming the part, with its line and column.
#[utoipa::path(post, path = "/api/email-templates/{id}/versions", tag = "email-templates", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Template id")),
    request_body = NewTemplateVersion,
    responses((status = 201, description = "The new current version", body = DataOf<TemplateVersion>),
              (status = 403, description = "Not PAGES_ADMIN, or a system template and not SUPER_ADMIN"),
              (status = 409, description = "Another version was saved since base_version"),
              (status = 422, description = "A field is invalid, or the text uses an unknown variable or an unbalanced block")))]
pub async fn create(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<NewTemplateVersion>,
) -> ApiResult<Created<TemplateVersion>> {
    require_reader(&user)?;
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    let template = model::editable(&tx, &user, id, true).await?;
    let current = model::version(&tx, id, None).await?;
    if input
        .base_version
        .is_some_and(|base| base != current.version)
    {
        return Err(ApiError::conflict(
            "STALE",
            format!(
                "Version {} was saved since you opened this template; reload and try again",
                current.version
            ),
        ));
    }
    let mut source = Source {
        subject: input.subject,
        body_text: input.body_text,
        body_html: input.body_html,
    };
    let mut note = input.note;
    check_source(&mut source, &mut note, &template.allowed_names())?;
    let version = model::append(&tx, id, &source, &note, user.id, None).await?;
    tx.commit().await?;
    Ok(Created(version))
}

/// The note of a rollback.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RestoreVersion {
    /// Empty: "Restored version N".
    #[serde(default)]
    note: String,
}

/// Rolls a template back to an old version by saving a copy of it as the new
/// current version.
#[utoipa::path(post, path = "/api/email-templates/{id}/versions/{version}/restore", tag = "email-templates", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Template id"),
           ("version" = i32, Path, description = "The version to restore")),
    request_body = RestoreVersion,
    responses((status = 201, description = "The new current version", body = DataOf<TemplateVersion>),
              (status = 403, description = "Not PAGES_ADMIN, or a system template and not SUPER_ADMIN"),
              (status = 422, description = "The old version uses a variable the template no longer has")))]
pub async fn restore(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath((id, number)): ApiPath<(Uuid, i32)>,
    ApiJson(input): ApiJson<RestoreVersion>,
) -> ApiResult<Created<TemplateVersion>> {
    require_reader(&user)?;
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    let template = model::editable(&tx, &user, id, true).await?;
    let old = model::version(&tx, id, Some(number)).await?;
    let mut note = if input.note.trim().is_empty() {
        format!("Restored version {number}")
    } else {
        input.note
    };
    let mut source = old.source();
    check_source(&mut source, &mut note, &template.allowed_names())?;
    let version = model::append(&tx, id, &source, &note, user.id, Some(number)).await?;
    tx.commit().await?;
    Ok(Created(version))
}
