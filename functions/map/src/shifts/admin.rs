//! `/api/shifts` for map admins: the calendar's list, new shifts (single or a
//! recurring series, created in one transaction), one shift with its sign-ups
//! and waitlist, and taking someone off a shift.

use axum::extract::State;
use chrono::{DateTime, Utc};
use serde::Serialize;
use shared::auth::AuthUser;
use shared::db::GenericClient;
use shared::http::{ApiJson, ApiPath, Created, Data, DataOf};
use shared::paging::{self, DateRange, PageOf, Paged, Paging};
use shared::{ApiError, ApiResult, AppState, db};
use uuid::Uuid;
use volunteering::{Slot, occurrences, slot};

use super::fields::ShiftRequest;
use super::shift::{COLUMNS, Shift, SignupStatus, admin};
use super::signups::{cancel, commit};

/// Shifts by start time, optionally between two dates (UTC), for the calendar.
#[utoipa::path(get, path = "/api/shifts", tag = "shifts", security(("bearer" = [])),
    params(DateRange, Paging),
    responses((status = 200, description = "A page of shifts", body = PageOf<Shift>),
              (status = 403, description = "Not a map admin")))]
pub async fn list(
    user: AuthUser,
    State(state): State<AppState>,
    range: DateRange,
    Paging(page): Paging<200>,
) -> ApiResult<Paged<Shift>> {
    admin(&user)?;
    let client = db::client(&state.db).await?;
    let rows = paging::fetch(
        &client,
        COLUMNS,
        "from shifts h
         where ($1::date is null or h.starts_at >= $1::date)
           and ($2::date is null or h.starts_at < $2::date + 1)",
        "h.starts_at, h.id",
        &[&range.from, &range.to],
        page,
    )
    .await?;
    Paged::from_rows(rows, page, Shift::from_row)
}

/// The shifts one request made.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CreatedShifts {
    /// The series, when the request made one.
    pub series_id: Option<Uuid>,
    pub shifts: Vec<Shift>,
}

/// Creates a shift, or a recurring series of at most 100 (map admins).
#[utoipa::path(post, path = "/api/shifts", tag = "shifts", security(("bearer" = [])),
    request_body = ShiftRequest,
    responses((status = 201, description = "The shifts made", body = DataOf<CreatedShifts>),
              (status = 403, description = "Not a map admin"),
              (status = 422, description = "Invalid fields, or a series without an end or longer than 100")))]
pub async fn create(
    user: AuthUser,
    State(state): State<AppState>,
    ApiJson(input): ApiJson<ShiftRequest>,
) -> ApiResult<Created<CreatedShifts>> {
    admin(&user)?;
    let (fields, recurrence) = input.check()?;
    let slots: Vec<Slot> = match &recurrence {
        None => vec![slot(fields.zone, fields.date, fields.start, fields.end)],
        Some(rule) => occurrences(fields.zone, fields.date, fields.start, fields.end, rule)
            .map_err(|e| ApiError::invalid_field(e.field(), e.message()))?,
    };
    if slots.is_empty() {
        return Err(ApiError::invalid_field(
            "recurrence",
            "The rule gives no date from the first one on",
        ));
    }
    let zone = fields.zone.name();
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    let series_id: Option<Uuid> = match &recurrence {
        None => None,
        Some(rule) => Some(
            tx.query_one(
                "insert into shift_series (recurrence, time_zone, created_by)
                 values ($1, $2, $3) returning id",
                &[
                    &serde_json::to_value(rule).map_err(ApiError::internal)?,
                    &zone,
                    &user.id,
                ],
            )
            .await?
            .try_get(0)?,
        ),
    };
    let starts: Vec<DateTime<Utc>> = slots.iter().map(|s| s.starts_at).collect();
    let ends: Vec<DateTime<Utc>> = slots.iter().map(|s| s.ends_at).collect();
    let ids: Vec<Uuid> = tx
        .query(
            "insert into shifts (series_id, title, description, location, cut_id, starts_at,
                 ends_at, time_zone, capacity, created_by)
             select $1, $2, $3, $4, $5, s, e, $8, $9, $10
             from unnest($6::timestamptz[], $7::timestamptz[]) as t(s, e)
             returning id",
            &[
                &series_id,
                &fields.title,
                &fields.description,
                &fields.location,
                &fields.cut_id,
                &starts,
                &ends,
                &zone,
                &fields.capacity,
                &user.id,
            ],
        )
        .await?
        .iter()
        .map(|r| r.try_get(0))
        .collect::<Result<_, _>>()?;
    let shifts = load_many(&tx, &ids).await?;
    tx.commit().await?;
    Ok(Created(CreatedShifts { series_id, shifts }))
}

/// Shifts `ids`, by start time.
pub async fn load_many(client: &impl GenericClient, ids: &[Uuid]) -> ApiResult<Vec<Shift>> {
    client
        .query(
            &format!(
                "select {COLUMNS} from shifts h where h.id = any($1) order by h.starts_at, h.id"
            ),
            &[&ids],
        )
        .await?
        .iter()
        .map(Shift::from_row)
        .collect()
}

/// One person on a shift, as its admins see them.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[schema(as = ShiftSignup)]
pub struct Signup {
    pub id: Uuid,
    pub user_id: Uuid,
    /// The name given at sign-up.
    pub name: String,
    pub email: String,
    pub phone: String,
    /// The account's role: `TEMP` for an account made by a public sign-up.
    pub role: String,
    pub status: SignupStatus,
    /// `public`, `account` or `admin`.
    pub source: String,
    pub waitlisted_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

/// A shift with its sign-ups: the confirmed, then the waitlist in order.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ShiftDetail {
    pub shift: Shift,
    pub signups: Vec<Signup>,
}

/// One shift with who signed up and who waits (map admins).
#[utoipa::path(get, path = "/api/shifts/{id}", tag = "shifts", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Shift id")),
    responses((status = 200, description = "The shift and its sign-ups", body = DataOf<ShiftDetail>),
              (status = 403, description = "Not a map admin"),
              (status = 404, description = "No such shift")))]
pub async fn get(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Data<ShiftDetail>> {
    admin(&user)?;
    let client = db::client(&state.db).await?;
    let shift = load_many(&client, &[id])
        .await?
        .pop()
        .ok_or_else(|| ApiError::not_found("Shift"))?;
    let signups = client
        .query(
            "select s.id, s.user_id, s.name, u.email, s.phone, u.role, s.status, s.source,
                 s.waitlisted_at, s.created_at
             from shift_signups s join users u on u.id = s.user_id
             where s.shift_id = $1 and s.status <> 'cancelled'
             order by s.status = 'waitlisted', coalesce(s.waitlisted_at, s.created_at), s.id",
            &[&id],
        )
        .await?
        .iter()
        .map(|row| {
            let status: String = row.try_get(6)?;
            Ok(Signup {
                id: row.try_get(0)?,
                user_id: row.try_get(1)?,
                name: row.try_get(2)?,
                email: row.try_get(3)?,
                phone: row.try_get(4)?,
                role: row.try_get(5)?,
                status: SignupStatus::parse(&status)?,
                source: row.try_get(7)?,
                waitlisted_at: row.try_get(8)?,
                created_at: row.try_get(9)?,
            })
        })
        .collect::<ApiResult<_>>()?;
    Ok(Data(ShiftDetail { shift, signups }))
}

/// Takes someone off a shift (map admins); their place goes to the waitlist.
#[utoipa::path(delete, path = "/api/shifts/{id}/signups/{signup_id}", tag = "shifts", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Shift id"), ("signup_id" = Uuid, Path, description = "Sign-up id")),
    responses((status = 204, description = "Cancelled, and the next person promoted"),
              (status = 403, description = "Not a map admin"),
              (status = 404, description = "No such sign-up on this shift")))]
pub async fn remove_signup(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath((id, signup_id)): ApiPath<(Uuid, Uuid)>,
) -> ApiResult<axum::http::StatusCode> {
    admin(&user)?;
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    tx.query_opt(
        "select 1 from shift_signups where id = $1 and shift_id = $2",
        &[&signup_id, &id],
    )
    .await?
    .ok_or_else(|| ApiError::not_found("Sign-up"))?;
    let jobs = cancel(&tx, signup_id).await?;
    commit(&state, tx, &jobs).await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}
