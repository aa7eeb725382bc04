//! Sign-ups, with the capacity exact under any number of parallel requests:
//! every change of a shift's sign-ups first locks the shift's row, so they run
//! one at a time per shift, and `confirmed_count` moves in the same
//! transaction (its check constraint is the backstop). A sign-up past capacity
//! joins the waitlist; a place that opens goes to the longest-waiting person,
//! who is emailed. Each step returns the email jobs it implies; the caller
//! enqueues them in its transaction and dispatches them after commit.

use shared::db::Transaction;
use shared::jobs::{EmailJob, Job, ShiftNotice};
use shared::{ApiError, ApiResult, AppState};
use uuid::Uuid;

use super::shift::SignupStatus;

/// Who signs up, and how.
#[derive(Debug, Clone, Copy)]
pub struct Joining<'a> {
    pub user_id: Uuid,
    pub name: &'a str,
    pub phone: &'a str,
    /// `public`, `account` or `admin`.
    pub source: &'static str,
}

/// A sign-up: new, or the volunteer's live one when they had signed up already.
#[derive(Debug, Clone, Copy)]
pub struct Signed {
    pub signup_id: Uuid,
    pub status: SignupStatus,
    pub new: bool,
}

/// The email job about `signup_id`.
pub fn notice(signup_id: Uuid, notice: ShiftNotice) -> Job {
    Job::email(EmailJob::Shift { signup_id, notice })
}

/// Locks shift `shift_id` for a change of its sign-ups; 404 when it is gone,
/// 409 `SHIFT_STARTED` when `upcoming` and it has started.
async fn lock_shift(tx: &Transaction<'_>, shift_id: Uuid, upcoming: bool) -> ApiResult<(i32, i32)> {
    let row = tx
        .query_opt(
            "select capacity, confirmed_count, starts_at <= now() from shifts
             where id = $1 for update",
            &[&shift_id],
        )
        .await?
        .ok_or_else(|| ApiError::not_found("Shift"))?;
    let started: bool = row.try_get(2)?;
    if upcoming && started {
        return Err(ApiError::conflict(
            "SHIFT_STARTED",
            "This shift has already started",
        ));
    }
    Ok((row.try_get(0)?, row.try_get(1)?))
}

/// Signs `who` up for `shift_id`: confirmed while places are left, else
/// waitlisted. Signing up again answers the live sign-up unchanged.
pub async fn sign_up(tx: &Transaction<'_>, shift_id: Uuid, who: Joining<'_>) -> ApiResult<Signed> {
    let (capacity, confirmed) = lock_shift(tx, shift_id, true).await?;
    if let Some(row) = tx
        .query_opt(
            "select id, status from shift_signups
             where shift_id = $1 and user_id = $2 and status <> 'cancelled'",
            &[&shift_id, &who.user_id],
        )
        .await?
    {
        let status: String = row.try_get(1)?;
        return Ok(Signed {
            signup_id: row.try_get(0)?,
            status: SignupStatus::parse(&status)?,
            new: false,
        });
    }
    let status = if confirmed < capacity {
        SignupStatus::Confirmed
    } else {
        SignupStatus::Waitlisted
    };
    let waitlisted = status == SignupStatus::Waitlisted;
    let signup_id: Uuid = tx
        .query_one(
            "insert into shift_signups (shift_id, user_id, status, name, phone, source, waitlisted_at)
             values ($1, $2, $3, $4, $5, $6, case when $7 then clock_timestamp() end)
             returning id",
            &[
                &shift_id,
                &who.user_id,
                &if waitlisted { "waitlisted" } else { "confirmed" },
                &who.name,
                &who.phone,
                &who.source,
                &waitlisted,
            ],
        )
        .await?
        .try_get(0)?;
    if !waitlisted {
        tx.execute(
            "update shifts set confirmed_count = confirmed_count + 1 where id = $1",
            &[&shift_id],
        )
        .await?;
    }
    Ok(Signed {
        signup_id,
        status,
        new: true,
    })
}

/// Cancels sign-up `signup_id` (nothing when it is already cancelled) and, when
/// it held a place, gives the place to the waitlist. Answers the email jobs:
/// the cancellation notice and each promotion.
pub async fn cancel(tx: &Transaction<'_>, signup_id: Uuid) -> ApiResult<Vec<Job>> {
    let shift_id: Uuid = tx
        .query_opt(
            "select shift_id from shift_signups where id = $1",
            &[&signup_id],
        )
        .await?
        .ok_or_else(|| ApiError::not_found("Sign-up"))?
        .try_get(0)?;
    lock_shift(tx, shift_id, false).await?;
    let Some(row) = tx
        .query_opt(
            "update shift_signups n set status = 'cancelled', cancelled_at = now()
             from shift_signups o
             where n.id = $1 and o.id = n.id and o.status <> 'cancelled'
             returning o.status",
            &[&signup_id],
        )
        .await?
    else {
        return Ok(Vec::new());
    };
    let was: String = row.try_get(0)?;
    let mut jobs = vec![notice(signup_id, ShiftNotice::Cancelled)];
    if was == "confirmed" {
        tx.execute(
            "update shifts set confirmed_count = confirmed_count - 1 where id = $1",
            &[&shift_id],
        )
        .await?;
        jobs.extend(promote(tx, shift_id).await?);
    }
    Ok(jobs)
}

/// Fills the places left on a locked shift from its waitlist, longest waiting
/// first; answers the promotion emails.
pub async fn promote(tx: &Transaction<'_>, shift_id: Uuid) -> ApiResult<Vec<Job>> {
    let rows = tx
        .query(
            "with next as (
                 select s.id from shift_signups s, shifts h
                 where h.id = $1 and s.shift_id = h.id and s.status = 'waitlisted'
                 order by s.waitlisted_at, s.id
                 limit (select greatest(capacity - confirmed_count, 0) from shifts where id = $1)
             )
             update shift_signups s set status = 'confirmed', promoted_at = now()
             from next where s.id = next.id
             returning s.id",
            &[&shift_id],
        )
        .await?;
    let promoted = rows
        .iter()
        .map(|r| r.try_get(0))
        .collect::<Result<Vec<Uuid>, _>>()?;
    if !promoted.is_empty() {
        let n = i32::try_from(promoted.len()).map_err(ApiError::internal)?;
        tx.execute(
            "update shifts set confirmed_count = confirmed_count + $2 where id = $1",
            &[&shift_id, &n],
        )
        .await?;
    }
    Ok(promoted
        .into_iter()
        .map(|id| notice(id, ShiftNotice::Promoted))
        .collect())
}

/// Writes `jobs` to the outbox in `tx`, commits, and pushes them to their
/// queue (the scheduler relays any the queue did not take).
pub async fn commit(state: &AppState, tx: Transaction<'_>, jobs: &[Job]) -> ApiResult<()> {
    for job in jobs {
        shared::jobs::enqueue(&tx, job).await?;
    }
    tx.commit().await?;
    shared::jobs::dispatch(state, jobs).await;
    Ok(())
}
