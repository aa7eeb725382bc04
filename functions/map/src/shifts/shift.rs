//! A shift as the API shows it: to admins (everything, with its counts) and to
//! volunteers and the public (no one's personal data, the places left).

use chrono::{DateTime, Utc};
use serde::Serialize;
use shared::auth::{AuthUser, Role};
use shared::{ApiError, ApiResult};
use tokio_postgres::Row;
use uuid::Uuid;

/// Map admins (and SUPER_ADMIN) govern shifts.
pub fn admin(user: &AuthUser) -> ApiResult<()> {
    user.require(Role::MapAdmin)
}

/// The columns of [`Shift::from_row`], over `shifts h`.
pub const COLUMNS: &str = "h.id, h.series_id, h.title, h.description, h.location, h.cut_id,
    h.starts_at, h.ends_at, h.time_zone, h.capacity, h.confirmed_count,
    (select count(*) from shift_signups w where w.shift_id = h.id and w.status = 'waitlisted')
        as waitlisted_count,
    h.created_at, h.updated_at";

/// A shift, as its admins see it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Shift {
    pub id: Uuid,
    /// The recurring series it belongs to, if any.
    pub series_id: Option<Uuid>,
    pub title: String,
    pub description: String,
    /// Where volunteers meet.
    pub location: String,
    /// The canvassing area it works, if any.
    pub cut_id: Option<Uuid>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// The organiser's zone (IANA name): wall-clock times are kept in it.
    pub time_zone: String,
    pub capacity: i32,
    pub confirmed_count: i32,
    pub waitlisted_count: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Shift {
    pub fn from_row(row: &Row) -> ApiResult<Self> {
        Ok(Self {
            id: row.try_get("id")?,
            series_id: row.try_get("series_id")?,
            title: row.try_get("title")?,
            description: row.try_get("description")?,
            location: row.try_get("location")?,
            cut_id: row.try_get("cut_id")?,
            starts_at: row.try_get("starts_at")?,
            ends_at: row.try_get("ends_at")?,
            time_zone: row.try_get("time_zone")?,
            capacity: row.try_get("capacity")?,
            confirmed_count: row.try_get("confirmed_count")?,
            waitlisted_count: row.try_get("waitlisted_count")?,
            created_at: row.try_get("created_at")?,
            updated_at: row.try_get("updated_at")?,
        })
    }
}

/// The columns of [`OpenShift::from_row`], over `shifts h`.
pub const OPEN_COLUMNS: &str = "h.id, h.title, h.description, h.location, h.starts_at,
    h.ends_at, h.time_zone, h.capacity, h.confirmed_count";

/// A shift as volunteers and the public see it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OpenShift {
    pub id: Uuid,
    pub title: String,
    pub description: String,
    pub location: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub time_zone: String,
    pub capacity: i32,
    /// Places left; at 0 a sign-up joins the waitlist.
    pub spots_left: i32,
}

impl OpenShift {
    pub fn from_row(row: &Row) -> ApiResult<Self> {
        let capacity: i32 = row.try_get("capacity")?;
        let confirmed: i32 = row.try_get("confirmed_count")?;
        Ok(Self {
            id: row.try_get("id")?,
            title: row.try_get("title")?,
            description: row.try_get("description")?,
            location: row.try_get("location")?,
            starts_at: row.try_get("starts_at")?,
            ends_at: row.try_get("ends_at")?,
            time_zone: row.try_get("time_zone")?,
            capacity,
            spots_left: (capacity - confirmed).max(0),
        })
    }
}

/// Where a sign-up stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SignupStatus {
    Confirmed,
    Waitlisted,
    Cancelled,
}

impl SignupStatus {
    pub fn parse(raw: &str) -> ApiResult<Self> {
        match raw {
            "confirmed" => Ok(Self::Confirmed),
            "waitlisted" => Ok(Self::Waitlisted),
            "cancelled" => Ok(Self::Cancelled),
            other => Err(ApiError::internal(format!("sign-up status {other:?}"))),
        }
    }
}
