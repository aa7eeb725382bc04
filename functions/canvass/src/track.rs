//! A session's GPS track: batches of points from the phone, stored once per
//! `recorded_at` (a replayed batch adds nothing), and the distance walked,
//! recomputed over the whole track in the transaction that stores a batch.

use axum::extract::State;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use shared::db::Transaction;
use shared::error::FieldErrors;
use shared::http::{ApiJson, ApiPath, Data, DataOf};
use shared::{ApiError, ApiResult, AppState, db};
use uuid::Uuid;

use crate::access::Canvasser;
use crate::sessions;

/// Points per batch.
pub const MAX_POINTS: usize = 1000;

/// Points less accurate than this (metres) are kept but not walked.
pub const COUNTED_ACCURACY_M: f64 = 100.0;

/// One GPS fix.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TrackPoint {
    /// -90 to 90.
    pub lat: f64,
    /// -180 to 180.
    pub lng: f64,
    /// The fix's accuracy radius in metres (0 to 100,000); over 100 m the
    /// point is not counted in the distance.
    #[serde(default)]
    pub accuracy_m: Option<f64>,
    pub recorded_at: DateTime<Utc>,
}

/// A batch of points.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TrackBatch {
    /// 1 to 1,000 points.
    pub points: Vec<TrackPoint>,
}

/// Checks a batch of points; problems are named under `{prefix}points...`.
pub fn check_points(points: &[TrackPoint], prefix: &str, errors: &mut FieldErrors) {
    if points.is_empty() || points.len() > MAX_POINTS {
        errors.add(
            &format!("{prefix}points"),
            format!("Send 1 to {MAX_POINTS} points"),
        );
    }
    for (n, p) in points.iter().enumerate() {
        let field = |name: &str| format!("{prefix}points[{n}].{name}");
        errors.range(&field("lat"), Some(p.lat), -90.0, 90.0, "degrees");
        errors.range(&field("lng"), Some(p.lng), -180.0, 180.0, "degrees");
        errors.range(&field("accuracy_m"), p.accuracy_m, 0.0, 100_000.0, "metres");
    }
}

/// What a batch did.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TrackAccepted {
    /// Points stored now (a point already stored for its time is not counted).
    pub accepted: i64,
    /// The session's distance walked after this batch, in metres.
    pub distance_m: f64,
}

/// Stores `points` into session `id` (locked by the caller) and recomputes its
/// distance; answers what was stored.
pub async fn store(
    tx: &Transaction<'_>,
    id: Uuid,
    points: &[TrackPoint],
) -> Result<TrackAccepted, ApiError> {
    let lng: Vec<f64> = points.iter().map(|p| p.lng).collect();
    let lat: Vec<f64> = points.iter().map(|p| p.lat).collect();
    let accuracy: Vec<Option<f64>> = points.iter().map(|p| p.accuracy_m).collect();
    let at: Vec<DateTime<Utc>> = points.iter().map(|p| p.recorded_at).collect();
    let accepted = tx
        .execute(
            "insert into canvass_track_points (session_id, point, accuracy_m, recorded_at)
             select $1, ST_SetSRID(ST_MakePoint(p.lng, p.lat), 4326), p.accuracy, p.at
             from unnest($2::float8[], $3::float8[], $4::float8[], $5::timestamptz[])
                 as p(lng, lat, accuracy, at)
             on conflict (session_id, recorded_at) do nothing",
            &[&id, &lng, &lat, &accuracy, &at],
        )
        .await?;
    let distance_m: f64 = tx
        .query_one(
            "update canvass_sessions s set distance_m = coalesce((
                 select ST_Length(ST_MakeLine(p.point order by p.recorded_at)::geography)
                 from canvass_track_points p
                 where p.session_id = s.id and (p.accuracy_m is null or p.accuracy_m <= $2::float8)), 0)
             where s.id = $1
             returning s.distance_m",
            &[&id, &COUNTED_ACCURACY_M],
        )
        .await?
        .try_get(0)?;
    if let Some(latest) = at.iter().max() {
        sessions::touch(tx, id, *latest).await?;
    }
    Ok(TrackAccepted {
        accepted: accepted as i64,
        distance_m,
    })
}

/// Adds a batch of GPS points to an active session.
#[utoipa::path(post, path = "/api/canvass/sessions/{id}/track", tag = "canvass", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Session id")),
    request_body = TrackBatch,
    responses((status = 200, description = "Stored", body = DataOf<TrackAccepted>),
              (status = 403, description = "A TEMP account"),
              (status = 404, description = "No such session, or another canvasser's"),
              (status = 409, description = "`SESSION_NOT_ACTIVE`: completed or abandoned"),
              (status = 422, description = "A point is out of range, named in details")))]
pub async fn add(
    who: Canvasser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(batch): ApiJson<TrackBatch>,
) -> ApiResult<Data<TrackAccepted>> {
    let mut errors = FieldErrors::new();
    check_points(&batch.points, "", &mut errors);
    errors.finish()?;
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    sessions::lock(&tx, id, who, false)
        .await?
        .require_active()?;
    let accepted = store(&tx, id, &batch.points).await?;
    tx.commit().await?;
    Ok(Data(accepted))
}

/// A session's track.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Track {
    /// In time order.
    pub points: Vec<TrackPoint>,
    pub distance_m: f64,
}

/// A session's track, for its volunteer or an admin.
#[utoipa::path(get, path = "/api/canvass/sessions/{id}/track", tag = "canvass", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Session id")),
    responses((status = 200, description = "The track", body = DataOf<Track>),
              (status = 403, description = "A TEMP account"),
              (status = 404, description = "No such session, or another canvasser's")))]
pub async fn get(
    who: Canvasser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Data<Track>> {
    let client = db::client(&state.db).await?;
    let session = sessions::load(&client, id, who).await?;
    let rows = client
        .query(
            "select ST_Y(point) as lat, ST_X(point) as lng, accuracy_m::float8 as accuracy_m, recorded_at
             from canvass_track_points where session_id = $1 order by recorded_at",
            &[&id],
        )
        .await?;
    let points = rows
        .iter()
        .map(|row| {
            Ok(TrackPoint {
                lat: row.try_get("lat")?,
                lng: row.try_get("lng")?,
                accuracy_m: row.try_get("accuracy_m")?,
                recorded_at: row.try_get("recorded_at")?,
            })
        })
        .collect::<Result<_, ApiError>>()?;
    Ok(Data(Track {
        points,
        distance_m: session.distance_m,
    }))
}
