//! The offline sync: visits (and track points) the phone queued while it had
//! no signal, sent in one batch when it is back online. Each visit is judged
//! alone in its own transaction, with the rules of [`visits::record`], so one
//! refused visit does not hold back the others; the phone drops every id that
//! comes back, whatever its status. A replayed batch changes nothing. Sessions
//! completed or abandoned since are accepted, as long as they are the caller's.
//! A server-side failure answers the whole request as an error (the phone keeps
//! the batch and sends it again), never as a refusal of a visit.

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use shared::error::FieldErrors;
use shared::http::{ApiJson, Data, DataOf};
use shared::{ApiError, ApiResult, AppState, db};
use uuid::Uuid;

use crate::access::Canvasser;
use crate::sessions;
use crate::track::{self, TrackPoint};
use crate::visits::{self, Recorded, Source, VisitInput};

/// Visits per batch.
pub const MAX_VISITS: usize = 500;
/// Sessions' tracks per batch.
pub const MAX_TRACKS: usize = 20;

/// What the phone queued.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SyncBatch {
    /// At most 500.
    pub visits: Vec<VisitInput>,
    /// Track points by session (at most 20 sessions, 1 to 1,000 points each).
    #[serde(default)]
    pub track: Vec<SessionTrack>,
}

/// Track points of one session.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SessionTrack {
    pub session_id: Uuid,
    pub points: Vec<TrackPoint>,
}

/// How a visit of the batch fared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SyncStatus {
    /// Stored now.
    Recorded,
    /// Already stored: nothing changed.
    Duplicate,
    /// Refused for a reason in `code` and `error`; show it to the volunteer.
    Rejected,
}

/// One visit's result.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SyncResult {
    pub id: Uuid,
    pub status: SyncStatus,
    /// Why it was rejected (`RATE_LIMITED`, `CONFLICT`, `NOT_FOUND`,
    /// `VALIDATION_FAILED`, ...); null otherwise.
    pub code: Option<String>,
    /// A message for the volunteer; null unless rejected.
    pub error: Option<String>,
}

/// What the sync did.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SyncOutcome {
    /// One per visit sent, in the same order.
    pub results: Vec<SyncResult>,
    /// Track points stored now.
    pub track_accepted: i64,
}

impl SyncResult {
    fn ok(id: Uuid, status: SyncStatus) -> Self {
        Self {
            id,
            status,
            code: None,
            error: None,
        }
    }

    fn rejected(id: Uuid, e: &ApiError) -> Self {
        // A 422 names its fields in details: say which in the message.
        let fields: Vec<String> = e
            .details()
            .as_object()
            .filter(|_| e.status() == StatusCode::UNPROCESSABLE_ENTITY)
            .map(|d| {
                d.iter()
                    .map(|(field, why)| format!("{field}: {}", why.as_str().unwrap_or_default()))
                    .collect()
            })
            .unwrap_or_default();
        let error = if fields.is_empty() {
            e.message().to_string()
        } else {
            fields.join("; ")
        };
        Self {
            id,
            status: SyncStatus::Rejected,
            code: Some(e.code().to_owned()),
            error: Some(error),
        }
    }
}

/// Sends what the phone recorded offline.
#[utoipa::path(post, path = "/api/canvass/sync", tag = "canvass", security(("bearer" = [])),
    request_body = SyncBatch,
    responses((status = 200, description = "Each visit's result", body = DataOf<SyncOutcome>),
              (status = 403, description = "A TEMP account"),
              (status = 422, description = "Too many visits or tracks, or a track point out of range: nothing stored")))]
pub async fn sync(
    who: Canvasser,
    State(state): State<AppState>,
    ApiJson(batch): ApiJson<SyncBatch>,
) -> ApiResult<Data<SyncOutcome>> {
    let mut errors = FieldErrors::new();
    if batch.visits.len() > MAX_VISITS {
        errors.add(
            "visits",
            format!("Send at most {MAX_VISITS} visits at once"),
        );
    }
    if batch.track.len() > MAX_TRACKS {
        errors.add(
            "track",
            format!("Send at most {MAX_TRACKS} sessions' tracks at once"),
        );
    }
    for (n, t) in batch.track.iter().enumerate() {
        track::check_points(&t.points, &format!("track[{n}]."), &mut errors);
    }
    errors.finish()?;
    let mut client = db::client(&state.db).await?;
    let mut track_accepted = 0;
    for t in &batch.track {
        let tx = client.transaction().await?;
        match sessions::lock(&tx, t.session_id, who, false).await {
            Ok(_) => {
                track_accepted += track::store(&tx, t.session_id, &t.points).await?.accepted;
                tx.commit().await?;
            }
            // Not the caller's: nothing to store, and nothing to tell.
            Err(e) if e.status() == StatusCode::NOT_FOUND => tx.rollback().await?,
            Err(e) => return Err(e),
        }
    }
    let mut results = Vec::with_capacity(batch.visits.len());
    for visit in batch.visits {
        let id = visit.id;
        let tx = client.transaction().await?;
        match visits::record(&tx, who, visit, Source::Sync).await {
            Ok(Recorded::New) => {
                tx.commit().await?;
                results.push(SyncResult::ok(id, SyncStatus::Recorded));
            }
            Ok(Recorded::Duplicate) => {
                tx.rollback().await?;
                results.push(SyncResult::ok(id, SyncStatus::Duplicate));
            }
            Err(e) if e.status().is_client_error() => {
                tx.rollback().await?;
                results.push(SyncResult::rejected(id, &e));
            }
            Err(e) => return Err(e),
        }
    }
    Ok(Data(SyncOutcome {
        results,
        track_accepted,
    }))
}
