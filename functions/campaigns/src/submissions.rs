//! Campaigns users submit: any signed-in account but a `TEMP` one may propose a
//! campaign. It lands in the admins' review queue as a draft, never sends
//! through the server, and its author sees only their own submissions.

use axum::extract::State;
use shared::auth::{AuthUser, Role};
use shared::http::{ApiJson, Created, DataOf};
use shared::paging::{self, PageOf, Paged, Paging};
use shared::{ApiError, ApiResult, AppState, db};

use crate::campaign::{COLUMNS, Campaign, CampaignOrigin};
use crate::campaigns::{Author, create_as};
use crate::fields::CampaignFields;

/// Submits a campaign for review (any account but TEMP).
#[utoipa::path(post, path = "/api/campaigns/submissions", tag = "campaigns", security(("bearer" = [])),
    request_body = CampaignFields,
    responses((status = 201, description = "Submitted: a draft waiting for review", body = DataOf<Campaign>),
              (status = 403, description = "A TEMP account"),
              (status = 422, description = "Invalid fields, or asks for server sending")))]
pub async fn submit(
    user: AuthUser,
    State(state): State<AppState>,
    ApiJson(mut fields): ApiJson<CampaignFields>,
) -> ApiResult<Created<Campaign>> {
    if user.role == Role::Temp {
        return Err(ApiError::forbidden());
    }
    // Shown on the admins' pages only once they choose to feature it.
    fields.featured = false;
    fields.check(true)?;
    let author = Author {
        id: user.id,
        origin: CampaignOrigin::User,
    };
    create_as(&state, &user, fields, &author).await.map(Created)
}

/// The caller's own submitted campaigns, newest first.
#[utoipa::path(get, path = "/api/campaigns/mine", tag = "campaigns", security(("bearer" = [])),
    params(Paging),
    responses((status = 200, description = "A page of the caller's submissions", body = PageOf<Campaign>)))]
pub async fn mine(
    user: AuthUser,
    State(state): State<AppState>,
    Paging(page): Paging,
) -> ApiResult<Paged<Campaign>> {
    let client = db::client(&state.db).await?;
    let rows = paging::fetch(
        &client,
        COLUMNS,
        "from campaigns c where c.origin = 'user' and c.created_by = $1",
        "c.created_at desc, c.id",
        &[&user.id],
        page,
    )
    .await?;
    Paged::from_rows(rows, page, Campaign::from_row)
}
