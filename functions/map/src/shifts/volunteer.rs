//! `/api/shifts` for any signed-in account: the upcoming shifts with the
//! caller's place on each, signing up and cancelling, and "my shifts".

use axum::extract::State;
use chrono::{DateTime, Utc};
use serde::Serialize;
use shared::auth::AuthUser;
use shared::http::{ApiPath, Created, Data, DataOf};
use shared::jobs::ShiftNotice;
use shared::paging::{self, PageOf, Paged, Paging};
use shared::{ApiError, ApiResult, AppState, db};
use uuid::Uuid;

use super::shift::{OPEN_COLUMNS, OpenShift, SignupStatus};
use super::signups::{Joining, cancel as cancel_signup, commit, notice, sign_up as join};

/// An upcoming shift and the caller's place on it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct UpcomingShift {
    #[serde(flatten)]
    pub shift: OpenShift,
    /// The caller's sign-up, if any.
    pub my_status: Option<SignupStatus>,
}

/// The upcoming shifts, soonest first, each with the caller's place.
#[utoipa::path(get, path = "/api/shifts/upcoming", tag = "shifts", security(("bearer" = [])),
    params(Paging),
    responses((status = 200, description = "A page of upcoming shifts", body = PageOf<UpcomingShift>)))]
pub async fn upcoming(
    user: AuthUser,
    State(state): State<AppState>,
    Paging(page): Paging,
) -> ApiResult<Paged<UpcomingShift>> {
    let client = db::client(&state.db).await?;
    let rows = paging::fetch(
        &client,
        &format!(
            "{OPEN_COLUMNS}, (select s.status from shift_signups s
                 where s.shift_id = h.id and s.user_id = $1 and s.status <> 'cancelled') as my_status"
        ),
        "from shifts h where h.starts_at > now()",
        "h.starts_at, h.id",
        &[&user.id],
        page,
    )
    .await?;
    Paged::from_rows(rows, page, |row| {
        let status: Option<String> = row.try_get("my_status")?;
        Ok(UpcomingShift {
            shift: OpenShift::from_row(row)?,
            my_status: status.as_deref().map(SignupStatus::parse).transpose()?,
        })
    })
}

/// The caller's sign-up for a shift.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct MySignup {
    pub id: Uuid,
    pub shift_id: Uuid,
    pub status: SignupStatus,
}

/// Signs the caller up: confirmed while places are left, else waitlisted.
/// Signing up again answers the sign-up there is.
#[utoipa::path(post, path = "/api/shifts/{id}/signup", tag = "shifts", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Shift id")),
    responses((status = 201, description = "Signed up or waitlisted", body = DataOf<MySignup>),
              (status = 404, description = "No such shift"),
              (status = 409, description = "The shift has started (SHIFT_STARTED)")))]
pub async fn sign_up(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Created<MySignup>> {
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    let name: String = tx
        .query_one(
            "select coalesce(nullif(display_name, ''), username) from users where id = $1",
            &[&user.id],
        )
        .await?
        .try_get(0)?;
    let signed = join(
        &tx,
        id,
        Joining {
            user_id: user.id,
            name: &name,
            phone: "",
            source: "account",
        },
    )
    .await?;
    let jobs = if signed.new {
        vec![notice(signed.signup_id, ShiftNotice::SignedUp)]
    } else {
        Vec::new()
    };
    commit(&state, tx, &jobs).await?;
    Ok(Created(MySignup {
        id: signed.signup_id,
        shift_id: id,
        status: signed.status,
    }))
}

/// Cancels the caller's sign-up for a shift; their place goes to the waitlist.
#[utoipa::path(delete, path = "/api/shifts/{id}/signup", tag = "shifts", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Shift id")),
    responses((status = 204, description = "Cancelled"),
              (status = 404, description = "The caller is not signed up for this shift")))]
pub async fn cancel(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<axum::http::StatusCode> {
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    let signup_id: Uuid = tx
        .query_opt(
            "select id from shift_signups
             where shift_id = $1 and user_id = $2 and status <> 'cancelled'",
            &[&id, &user.id],
        )
        .await?
        .ok_or_else(|| ApiError::not_found("Sign-up"))?
        .try_get(0)?;
    let jobs = cancel_signup(&tx, signup_id).await?;
    commit(&state, tx, &jobs).await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}

/// One of the caller's shifts.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct MyShift {
    pub signup_id: Uuid,
    pub status: SignupStatus,
    pub shift: OpenShift,
}

/// The caller's shifts and whether they have a calendar feed.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct MyShifts {
    /// Upcoming shifts the caller is confirmed or waitlisted on, soonest first.
    pub shifts: Vec<MyShift>,
    /// When the caller's current feed link was made, if they have one.
    pub feed_created_at: Option<DateTime<Utc>>,
}

/// The caller's upcoming shifts.
#[utoipa::path(get, path = "/api/shifts/mine", tag = "shifts", security(("bearer" = [])),
    responses((status = 200, description = "The caller's shifts", body = DataOf<MyShifts>)))]
pub async fn mine(user: AuthUser, State(state): State<AppState>) -> ApiResult<Data<MyShifts>> {
    let client = db::client(&state.db).await?;
    let shifts = client
        .query(
            &format!(
                "select s.id as signup_id, s.status, {OPEN_COLUMNS}
                 from shift_signups s join shifts h on h.id = s.shift_id
                 where s.user_id = $1 and s.status <> 'cancelled' and h.ends_at > now()
                 order by h.starts_at, h.id"
            ),
            &[&user.id],
        )
        .await?
        .iter()
        .map(|row| {
            let status: String = row.try_get("status")?;
            Ok(MyShift {
                signup_id: row.try_get("signup_id")?,
                status: SignupStatus::parse(&status)?,
                shift: OpenShift::from_row(row)?,
            })
        })
        .collect::<ApiResult<_>>()?;
    let feed_created_at = client
        .query_opt(
            "select created_at from shift_feeds where user_id = $1",
            &[&user.id],
        )
        .await?
        .map(|r| r.try_get(0))
        .transpose()?;
    Ok(Data(MyShifts {
        shifts,
        feed_created_at,
    }))
}
