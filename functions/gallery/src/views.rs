//! Viewer analytics from the player (public). A view is a play: the player
//! reports one when playback starts, and a play by the same viewer within an
//! hour of their last counted play of the video is not a new view (its watch
//! time goes to that view). While playing, the player sends what was watched
//! in batches of segments; a view whose watched time reaches 90 % of the video
//! is complete. Viewers are known by a hash (the account's, or the anonymous
//! visitor's daily-salted address hash), never by their address.

use axum::extract::State;
use serde::{Deserialize, Serialize};
use shared::auth::AuthUser;
use shared::error::FieldErrors;
use shared::http::{ApiJson, ApiPath, ClientIp, Data, DataOf};
use shared::{ApiError, ApiResult, AppState, db, visitors};
use uuid::Uuid;

use crate::model;

/// The view a play belongs to.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Play {
    /// Where to send the watched segments.
    pub view_id: Uuid,
    /// False when this play repeats one of the last hour.
    pub counted: bool,
}

/// Records a play of a published video (public).
#[utoipa::path(post, path = "/api/gallery/videos/{id}/plays", tag = "gallery",
    params(("id" = Uuid, Path, description = "Video id")),
    responses((status = 200, description = "The view", body = DataOf<Play>),
              (status = 404, description = "No such published video")))]
pub async fn play(
    user: Option<AuthUser>,
    State(state): State<AppState>,
    ip: ClientIp,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Data<Play>> {
    let (mut client, viewer) = model::viewer_of(&state, user, ip, id).await?;
    let tx = client.transaction().await?;
    // Two plays of one viewer at once: the second waits, then finds the first.
    tx.execute(
        "select pg_advisory_xact_lock(hashtextextended($1::text || encode($2, 'hex'), 0))",
        &[&id.to_string(), &viewer],
    )
    .await?;
    let recent = tx
        .query_opt(
            "select id from video_views
             where video_id = $1 and viewer_hash = $2 and created_at > now() - interval '1 hour'
             order by created_at desc limit 1",
            &[&id, &viewer],
        )
        .await?;
    let play = match recent {
        Some(row) => Play {
            view_id: row.try_get(0)?,
            counted: false,
        },
        None => Play {
            view_id: tx
                .query_one(
                    "insert into video_views (video_id, viewer_hash) values ($1, $2) returning id",
                    &[&id, &viewer],
                )
                .await?
                .try_get(0)?,
            counted: true,
        },
    };
    tx.commit().await?;
    Ok(Data(play))
}

/// One stretch of the video that played, in seconds from its start.
#[derive(Debug, Clone, Copy, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Segment {
    from: f64,
    to: f64,
}

/// A batch of watched segments.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Progress {
    /// At most 100, each at most five minutes long.
    segments: Vec<Segment>,
}

/// A view's totals after a batch.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ViewTotals {
    pub watched_seconds: f64,
    /// Watched time reached 90 % of the video.
    pub completed: bool,
}

const MAX_SEGMENTS: usize = 100;
const MAX_SEGMENT_SECONDS: f64 = 300.0;

/// The seconds a batch adds; 422 naming the first bad segment.
fn watched(segments: &[Segment], duration: f64) -> ApiResult<f64> {
    let mut errors = FieldErrors::new();
    if segments.is_empty() || segments.len() > MAX_SEGMENTS {
        errors.add("segments", format!("Send 1 to {MAX_SEGMENTS} segments"));
    }
    for (i, s) in segments.iter().enumerate() {
        let ok = s.from.is_finite()
            && s.to.is_finite()
            && s.from >= 0.0
            && s.to > s.from
            && s.to <= duration + 1.0
            && s.to - s.from <= MAX_SEGMENT_SECONDS;
        if !ok {
            errors.add(
                &format!("segments[{i}]"),
                "A segment runs forward within the video, five minutes at most",
            );
        }
    }
    errors.finish()?;
    Ok(segments
        .iter()
        .map(|s| (s.to.min(duration) - s.from).max(0.0))
        .sum())
}

/// Adds watched segments to a view of the last day (public; the same viewer
/// that started it).
#[utoipa::path(post, path = "/api/gallery/views/{id}/progress", tag = "gallery",
    params(("id" = Uuid, Path, description = "View id")),
    request_body = Progress,
    responses((status = 200, description = "The view's totals", body = DataOf<ViewTotals>),
              (status = 404, description = "No such view of this viewer in the last day"),
              (status = 422, description = "A segment is invalid, named in details")))]
pub async fn progress(
    user: Option<AuthUser>,
    State(state): State<AppState>,
    ip: ClientIp,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<Progress>,
) -> ApiResult<Data<ViewTotals>> {
    let client = db::client(&state.db).await?;
    let viewer = visitors::viewer(&client, user.map(|u| u.id), ip).await?;
    let not_found = || ApiError::not_found("View");
    let duration: f64 = client
        .query_opt(
            "select coalesce(v.duration_seconds, 0) from video_views w join videos v on v.id = w.video_id
             where w.id = $1 and w.viewer_hash = $2 and w.created_at > now() - interval '1 day'",
            &[&id, &viewer],
        )
        .await?
        .ok_or_else(not_found)?
        .try_get(0)?;
    let seconds = watched(&input.segments, duration)?;
    let row = client
        .query_one(
            "update video_views set watched_seconds = watched_seconds + $2,
                 completed = completed or watched_seconds + $2 >= 0.9 * $3::float8
             where id = $1 returning watched_seconds, completed",
            &[&id, &seconds, &duration],
        )
        .await?;
    Ok(Data(ViewTotals {
        watched_seconds: row.try_get(0)?,
        completed: row.try_get(1)?,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(from: f64, to: f64) -> Segment {
        Segment { from, to }
    }

    #[test]
    fn a_batch_adds_what_played() {
        let s = watched(&[seg(0.0, 4.5), seg(10.0, 12.0)], 60.0).unwrap();
        assert!((s - 6.5).abs() < 1e-9);
        // The last frame may report a little past the probed duration.
        let s = watched(&[seg(59.0, 60.5)], 60.0).unwrap();
        assert!((s - 1.0).abs() < 1e-9);
    }

    #[test]
    fn bad_segments_are_named() {
        // In a video of an hour, so only the segment itself is wrong.
        for (case, bad) in [
            ("backwards", vec![seg(5.0, 4.0)]),
            ("negative", vec![seg(-1.0, 4.0)]),
            ("past the end", vec![seg(3590.0, 3700.0)]),
            ("longer than five minutes", vec![seg(0.0, 301.0)]),
            ("not a number", vec![seg(f64::NAN, 1.0)]),
            ("empty", vec![]),
        ] {
            let err = watched(&bad, 3600.0).unwrap_err();
            assert_eq!(err.status(), 422, "{case}");
        }
    }
}
