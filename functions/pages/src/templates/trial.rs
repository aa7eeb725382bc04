//! Trying a template before and after saving it: a preview of unsaved text
//! rendered with sample values (the validator the editor calls as one types), and
//! a test email of a saved version to the admin's own address.

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use shared::auth::AuthUser;
use shared::email_templates::{self, Rendered, Source};
use shared::http::{ApiJson, ApiPath, Data, DataOf};
use shared::jobs::{self, EmailJob, Job};
use shared::{ApiError, ApiResult, AppState, db, rate_limit};
use uuid::Uuid;

use super::model::{self, check_source, invalid, require_reader};

/// Unsaved text rendered with the sample value of each variable.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TemplatePreview {
    /// The variables the text uses, in order of first use.
    variables: Vec<String>,
    rendered: Rendered,
}

/// Checks unsaved text the way saving would and renders it with sample values.
/// A problem is answered as 422 naming the part, with its line and column.
#[utoipa::path(post, path = "/api/email-templates/{id}/preview", tag = "email-templates", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Template id")),
    request_body = Source,
    responses((status = 200, description = "The text is valid; how it renders", body = DataOf<TemplatePreview>),
              (status = 403, description = "Not PAGES_ADMIN"),
              (status = 422, description = "The text uses an unknown variable or an unbalanced block")))]
pub async fn preview(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(mut source): ApiJson<Source>,
) -> ApiResult<Data<TemplatePreview>> {
    require_reader(&user)?;
    let client = db::client(&state.db).await?;
    let template = model::load(&client, id, false).await?;
    let allowed = template.allowed_names();
    let variables = check_source(&mut source, &mut String::new(), &allowed)?;
    let rendered = source
        .render(&email_templates::samples(&template.allowed()))
        .map_err(invalid)?;
    Ok(Data(TemplatePreview {
        variables,
        rendered,
    }))
}

/// Which version to send; the current one when left out.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TemplateTestRequest {
    #[serde(default)]
    version: Option<i32>,
}

/// Where a test email went.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TemplateTestSent {
    /// The caller's own address.
    to: String,
    version: i32,
}

/// Emails a version of the template, rendered with sample values and its
/// subject marked `[Test]`, to the caller's own address.
#[utoipa::path(post, path = "/api/email-templates/{id}/test", tag = "email-templates", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Template id")),
    request_body = TemplateTestRequest,
    responses((status = 202, description = "The test email is on its way", body = DataOf<TemplateTestSent>),
              (status = 403, description = "Not PAGES_ADMIN"),
              (status = 429, description = "Too many emails to this address; see Retry-After")))]
pub async fn send_test(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<TemplateTestRequest>,
) -> ApiResult<(StatusCode, Data<TemplateTestSent>)> {
    require_reader(&user)?;
    let mut client = db::client(&state.db).await?;
    let version = model::version(&client, id, input.version).await?;
    let to: String = client
        .query_opt("select email from users where id = $1", &[&user.id])
        .await?
        .ok_or_else(|| ApiError::not_found("Account"))?
        .get(0);
    rate_limit::allow_mail(&state, &to, Some(user.id))
        .await?
        .or_429()?;
    let job = Job::email(EmailJob::TemplateTest {
        version_id: version.id,
        user_id: user.id,
    });
    let tx = client.transaction().await?;
    jobs::enqueue(&tx, &job).await?;
    tx.commit().await?;
    jobs::dispatch(&state, &[job]).await;
    Ok((
        StatusCode::ACCEPTED,
        Data(TemplateTestSent {
            to,
            version: version.version,
        }),
    ))
}
