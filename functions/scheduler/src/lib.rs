//! `scheduler`: runs every minute (EventBridge `rate(1 minute)`). It relays
//! outbox jobs that were not pushed to their queue, and purges expired refresh
//! tokens, reset tokens, invites, address confirmations, rate-limit windows, old
//! processed job ids and upload slots, expires export archives past their time,
//! and deletes stored objects whose records are gone. It also queues the
//! reminders of tomorrow's volunteer shifts, and for the Media module aborts
//! multipart uploads nobody finished (and forgets their videos), publishes
//! and withdraws videos whose scheduled times have come, forgets expired
//! preview links, and abandons canvass sessions idle for 12 hours.
//! AWS: the email, export and video queues (relay), the media bucket
//! (deletions, aborted uploads).

use serde::Serialize;
use shared::jobs::{self, EmailJob, Job, RelayReport, ShiftNotice};
use shared::{ApiError, AppState, db};

/// What one tick did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TickReport {
    pub relayed: RelayReport,
    pub purged_refresh_tokens: u64,
    pub purged_password_resets: u64,
    pub purged_invites: u64,
    pub purged_email_confirmations: u64,
    pub purged_rate_limits: u64,
    pub purged_login_throttles: u64,
    pub purged_processed_jobs: u64,
    pub purged_outbox: u64,
    pub purged_upload_slots: u64,
    pub expired_exports: u64,
    pub deleted_objects: u64,
    pub queued_shift_reminders: u64,
    pub aborted_uploads: u64,
    pub forgotten_videos: u64,
    pub videos: media::schedule::Applied,
    pub purged_video_views: u64,
    pub abandoned_canvass_sessions: u64,
    pub purged_preview_links: u64,
}

/// One scheduler run.
pub async fn tick(state: &AppState) -> Result<TickReport, ApiError> {
    let relayed = jobs::relay(state, 500).await?;
    let aborted_uploads = shared::uploads::abort_abandoned(state, 100).await?;
    let mut client = db::client(&state.db).await?;
    let purge = |sql: &'static str| {
        let client = &client;
        async move { client.execute(sql, &[]).await.map_err(ApiError::from) }
    };
    let report = TickReport {
        relayed,
        // Kept a day past expiry so that reuse of a just-expired token is still recognised.
        purged_refresh_tokens: purge(
            "delete from refresh_tokens where expires_at < now() - interval '1 day'",
        )
        .await?,
        purged_password_resets: purge(
            "delete from password_resets where expires_at < now() - interval '1 day'",
        )
        .await?,
        purged_invites: purge(
            "delete from registration_invites where expires_at < now() - interval '30 days'",
        )
        .await?,
        // Pending registrations hold a password hash: gone a day after expiry.
        purged_email_confirmations: purge(
            "delete from email_confirmations where expires_at < now() - interval '1 day'",
        )
        .await?,
        // Sign-in throttles, past every wait and every "known client" period.
        purged_login_throttles: purge(
            "delete from login_throttles where updated_at < now() - interval '31 days'",
        )
        .await?,
        purged_rate_limits: purge("delete from rate_limits where expires_at < now()").await?,
        // The dead-letter queue keeps messages 14 days; ids are kept as long.
        purged_processed_jobs: purge(
            "delete from processed_jobs where processed_at < now() - interval '15 days'",
        )
        .await?,
        purged_outbox: purge("delete from outbox where sent_at < now() - interval '7 days'")
            .await?,
        // With the objects uploaded for them that nothing uses.
        purged_upload_slots: shared::uploads::purge_expired(&client).await?,
        expired_exports: expire_exports(&mut client).await?,
        deleted_objects: shared::storage::drain_deletions(state, None).await?,
        queued_shift_reminders: shift_reminders(state, &mut client).await?,
        aborted_uploads,
        forgotten_videos: media::uploads::forget_abandoned(&client).await?,
        videos: media::schedule::apply_due(&client).await?,
        // Viewer analytics are kept 90 days.
        purged_video_views: media::analytics::purge_old_views(&client).await?,
        purged_preview_links: media::previews::purge_expired(&client).await?,
        abandoned_canvass_sessions: canvass::abandon_idle(&client).await?,
    };
    tracing::info!(?report, "scheduler tick");
    Ok(report)
}

/// Marks ready exports past `expires_at` as expired and queues their archives
/// for deletion, in one transaction; this tick's deletion pass then deletes
/// them. (The bucket's lifecycle rule on `exports/` is the backstop.)
async fn expire_exports(client: &mut db::Client) -> Result<u64, ApiError> {
    let tx = client.transaction().await?;
    let rows = tx
        .query(
            "update exports set status = 'expired'
             where status = 'ready' and expires_at <= now()
             returning object_key",
            &[],
        )
        .await?;
    let keys = rows
        .iter()
        .map(|row| row.try_get::<_, Option<String>>(0))
        .filter_map(Result::transpose)
        .collect::<Result<Vec<String>, _>>()?;
    shared::storage::delete_later(&tx, &keys).await?;
    tx.commit().await?;
    Ok(rows.len() as u64)
}

/// Queues a reminder for each confirmed volunteer whose shift starts within a
/// day, once (`reminded_at`), in one transaction with the outbox rows; then
/// pushes them. Someone who signed up within the day before the shift has just
/// had their confirmation and gets no reminder.
async fn shift_reminders(state: &AppState, client: &mut db::Client) -> Result<u64, ApiError> {
    let tx = client.transaction().await?;
    let rows = tx
        .query(
            "update shift_signups s set reminded_at = now()
             from shifts h
             where h.id = s.shift_id and s.status = 'confirmed' and s.reminded_at is null
               and h.starts_at > now() and h.starts_at <= now() + interval '24 hours'
               and coalesce(s.promoted_at, s.created_at) < h.starts_at - interval '24 hours'
             returning s.id",
            &[],
        )
        .await?;
    let mut queued = Vec::with_capacity(rows.len());
    for row in &rows {
        let job = Job::email(EmailJob::Shift {
            signup_id: row.try_get(0)?,
            notice: ShiftNotice::Reminder,
        });
        jobs::enqueue(&tx, &job).await?;
        queued.push(job);
    }
    tx.commit().await?;
    jobs::dispatch(state, &queued).await;
    Ok(queued.len() as u64)
}
