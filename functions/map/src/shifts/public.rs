//! `/api/public/shifts`: the public sign-up page. Anyone sees the upcoming
//! shifts and the places left (never who signed up) and signs up with a name,
//! an email and optionally a phone. The email's account is used when there is
//! one, else a `TEMP` account is made for it; the answer is the same either
//! way, so the form tells no one whether an address has an account. Cancel
//! links from the emails work here too.

use axum::extract::State;
use serde::{Deserialize, Serialize};
use shared::auth::tokens;
use shared::db::{GenericClient, Transaction};
use shared::email_confirmations::ConfirmationSent;
use shared::http::{ApiJson, ApiPath, ApiQuery, ClientIp, Data, DataOf};
use shared::jobs::ShiftNotice;
use shared::paging::{self, PageOf, Paged, Paging};
use shared::{ApiError, ApiResult, AppState, db, rate_limit};
use uuid::Uuid;

use super::fields::{Volunteer, VolunteerRequest};
use super::shift::{OPEN_COLUMNS, OpenShift, SignupStatus};
use super::signups::{Joining, cancel as cancel_signup, commit, notice, sign_up as join};

/// Public sign-ups one client address may make an hour.
pub const PER_ADDRESS: u32 = 10;

/// The upcoming shifts, soonest first (public).
#[utoipa::path(get, path = "/api/public/shifts", tag = "public",
    params(Paging),
    responses((status = 200, description = "A page of upcoming shifts", body = PageOf<OpenShift>)))]
pub async fn list(
    State(state): State<AppState>,
    Paging(page): Paging,
) -> ApiResult<Paged<OpenShift>> {
    let client = db::client(&state.db).await?;
    let rows = paging::fetch(
        &client,
        OPEN_COLUMNS,
        "from shifts h where h.starts_at > now()",
        "h.starts_at, h.id",
        &[],
        page,
    )
    .await?;
    Paged::from_rows(rows, page, OpenShift::from_row)
}

/// One upcoming shift `id`; 404 when it is gone or has started.
pub async fn open_shift(client: &impl GenericClient, id: Uuid) -> ApiResult<OpenShift> {
    let row = client
        .query_opt(
            &format!("select {OPEN_COLUMNS} from shifts h where h.id = $1 and h.starts_at > now()"),
            &[&id],
        )
        .await?
        .ok_or_else(|| ApiError::not_found("Shift"))?;
    OpenShift::from_row(&row)
}

/// One upcoming shift (public).
#[utoipa::path(get, path = "/api/public/shifts/{id}", tag = "public",
    params(("id" = Uuid, Path, description = "Shift id")),
    responses((status = 200, description = "The shift", body = DataOf<OpenShift>),
              (status = 404, description = "No such upcoming shift")))]
pub async fn get(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Data<OpenShift>> {
    let client = db::client(&state.db).await?;
    Ok(Data(open_shift(&client, id).await?))
}

/// Signs a volunteer up (public). A confirmation (or waitlist notice) with a
/// calendar invitation and a cancel link goes to the address; a second sign-up
/// of the same address sends it again. The answer is the same whether the
/// address had an account or not.
#[utoipa::path(post, path = "/api/public/shifts/{id}/signups", tag = "public",
    params(("id" = Uuid, Path, description = "Shift id")),
    request_body = VolunteerRequest,
    responses((status = 202, description = "Signed up or waitlisted: the email says which", body = DataOf<ConfirmationSent>),
              (status = 404, description = "No such shift"),
              (status = 409, description = "The shift has started (SHIFT_STARTED)"),
              (status = 422, description = "Invalid fields"),
              (status = 429, description = "Too many sign-ups from this address")))]
pub async fn sign_up(
    State(state): State<AppState>,
    ip: ClientIp,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<VolunteerRequest>,
) -> ApiResult<(axum::http::StatusCode, Data<ConfirmationSent>)> {
    let volunteer = input.check()?;
    rate_limit::hit(
        &state,
        &format!("shift-signup:ip:{}", ip.key()),
        PER_ADDRESS,
        3600,
    )
    .await?;
    let answer = (
        axum::http::StatusCode::ACCEPTED,
        Data(ConfirmationSent {
            email: volunteer.email.clone(),
        }),
    );
    // Emails to an address its owner did not ask for are limited; past the
    // limit the sign-up stands and the answer is the same. Counted before the
    // transaction, which holds its connection while it waits for the shift.
    let mail = rate_limit::allow_mail(&state, &volunteer.email, None).await?;
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    let user_id = account(&tx, &volunteer).await?;
    let signed = join(
        &tx,
        id,
        Joining {
            user_id,
            name: &volunteer.name,
            phone: &volunteer.phone,
            source: "public",
        },
    )
    .await?;
    let jobs = if mail.is_allowed() {
        vec![notice(signed.signup_id, ShiftNotice::SignedUp)]
    } else {
        Vec::new()
    };
    commit(&state, tx, &jobs).await?;
    Ok(answer)
}

/// The account of the volunteer's address: theirs if it exists, else a new
/// `TEMP` account that cannot sign in until its owner sets a password (by a
/// reset) and that an admin may upgrade to `USER`.
async fn account(tx: &Transaction<'_>, volunteer: &Volunteer) -> ApiResult<Uuid> {
    let username = format!("volunteer-{}", &Uuid::new_v4().simple().to_string()[..12]);
    // No password matches "!": it is not a hash.
    tx.execute(
        "insert into users (username, email, display_name, password_hash, role)
         values ($1, $2, $3, '!', 'TEMP')
         on conflict do nothing",
        &[&username, &volunteer.email, &volunteer.name],
    )
    .await?;
    Ok(tx
        .query_one(
            "select id from users where lower(email) = lower($1)",
            &[&volunteer.email],
        )
        .await?
        .try_get(0)?)
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TokenQuery {
    /// The token of a cancel link.
    token: String,
}

/// What a cancel link is about.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[schema(as = ShiftCancelView)]
pub struct CancelView {
    pub shift: OpenShift,
    pub status: SignupStatus,
}

/// The sign-up of a cancel link's token; 404 for an unknown token.
async fn by_token(
    client: &impl GenericClient,
    token: &str,
) -> ApiResult<(Uuid, Uuid, SignupStatus)> {
    let row = client
        .query_opt(
            "select s.id, s.shift_id, s.status from shift_cancel_tokens t
             join shift_signups s on s.id = t.signup_id
             where t.token_hash = $1",
            &[&tokens::hash(token.trim())],
        )
        .await?
        .ok_or_else(|| ApiError::not_found("Sign-up"))?;
    let status: String = row.try_get(2)?;
    Ok((
        row.try_get(0)?,
        row.try_get(1)?,
        SignupStatus::parse(&status)?,
    ))
}

/// The shift a cancel link is for, and where the sign-up stands (public).
#[utoipa::path(get, path = "/api/public/shifts/cancel", tag = "public",
    params(TokenQuery),
    responses((status = 200, description = "The shift and the sign-up's status", body = DataOf<CancelView>),
              (status = 404, description = "Unknown link, or the shift is over")))]
pub async fn cancel_view(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<TokenQuery>,
) -> ApiResult<Data<CancelView>> {
    let client = db::client(&state.db).await?;
    let (_, shift_id, status) = by_token(&client, &query.token).await?;
    let shift = open_shift(&client, shift_id).await?;
    Ok(Data(CancelView { shift, status }))
}

/// The body of a cancellation by link.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = ShiftCancelRequest)]
pub struct CancelRequest {
    pub token: String,
}

/// Cancels the sign-up of a cancel link (public); cancelling twice is fine.
#[utoipa::path(post, path = "/api/public/shifts/cancel", tag = "public",
    request_body = CancelRequest,
    responses((status = 200, description = "Cancelled", body = DataOf<CancelView>),
              (status = 404, description = "Unknown link, or the shift is over")))]
pub async fn cancel(
    State(state): State<AppState>,
    ApiJson(input): ApiJson<CancelRequest>,
) -> ApiResult<Data<CancelView>> {
    let mut client = db::client(&state.db).await?;
    let (signup_id, shift_id, _) = by_token(&client, &input.token).await?;
    let shift = open_shift(&client, shift_id).await?;
    let tx = client.transaction().await?;
    let jobs = cancel_signup(&tx, signup_id).await?;
    commit(&state, tx, &jobs).await?;
    Ok(Data(CancelView {
        shift,
        status: SignupStatus::Cancelled,
    }))
}
