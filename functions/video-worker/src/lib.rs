//! `video-worker`: consumes the SQS video queue (`video-jobs`, with its
//! dead-letter queue). For each uploaded video of the Media module it:
//!
//! 1. probes the stored object with ffprobe through a presigned GET URL
//!    (range reads of the header and index; never a download of the file):
//!    container, duration, displayed width × height, orientation, quality
//!    tier, video and audio codecs;
//! 2. takes a thumbnail with ffmpeg through the same URL (it seeks, then
//!    decodes a few frames) and stores it at `videos/<id>/thumbnail.jpg`;
//! 3. streams the object once through SHA-256 for de-duplication (see
//!    `functions/media` for why the hash is computed here);
//! 4. records `ready` with the facts, or `failed` with a reason a producer
//!    can act on ("not a video we can read", "no video track", "the same file
//!    as …"). A file that is not a usable video ends `failed` and its job is
//!    done: it never comes back. Only trouble on our side (ffmpeg missing,
//!    storage unreachable) fails the message, which SQS retries and after five
//!    receives moves to the dead-letter queue.
//!
//! Redelivery: only a video still `processing` is worked on, and the result is
//! written `where status = 'processing'`, so two copies of one job write once;
//! the thumbnail's key is fixed, so a repeat overwrites the same object.
//! AWS: the media bucket (read the video, write the thumbnail), the video queue.

mod probe;
mod thumbnail;
mod tools;

use std::time::Duration;

use sha2::{Digest, Sha256};
use shared::jobs::VideoJob;
use shared::jobs::worker::{self, JobError, Worker};
use shared::lambda::{SqsBatchResponse, SqsEvent};
use shared::storage::{self, Storage};
use shared::{ApiError, AppState, db};
use uuid::Uuid;

use probe::{Probe, Unusable};
pub use probe::{container, orientation, quality};
use thumbnail::Grab;

/// Probes the videos of the video queue.
struct VideoWorker;

/// How processing a video ended.
pub enum Outcome {
    Ready {
        probe: Probe,
        thumbnail_key: String,
        sha256: Vec<u8>,
    },
    Failed(String),
}

/// How long the URL ffprobe and ffmpeg read through stays valid.
const READ_WINDOW: Duration = Duration::from_secs(3600);

impl Worker for VideoWorker {
    type Job = VideoJob;
    /// `None` when the video is gone or no longer processing.
    type Done = Option<Outcome>;

    async fn run(
        &self,
        state: &AppState,
        _: Uuid,
        &VideoJob { video_id }: &VideoJob,
    ) -> Result<Option<Outcome>, JobError> {
        let Some(key) = pending(state, video_id).await? else {
            tracing::info!(%video_id, "video gone or already processed");
            return Ok(None);
        };
        Ok(Some(process(state, video_id, &key).await?))
    }

    async fn record(
        &self,
        tx: &db::Transaction<'_>,
        &VideoJob { video_id }: &VideoJob,
        done: Option<Outcome>,
    ) -> Result<(), JobError> {
        match done {
            Some(outcome) => finish(tx, video_id, outcome).await,
            None => Ok(()),
        }
    }
}

/// Handles one SQS batch; answers the ids of the messages that failed.
pub async fn handle(state: &AppState, event: SqsEvent) -> SqsBatchResponse {
    worker::handle(state, &VideoWorker, event).await
}

/// The object key of video `id` while it waits to be processed.
async fn pending(state: &AppState, id: Uuid) -> Result<Option<String>, JobError> {
    let row = db::client(&state.db)
        .await?
        .query_opt(
            "select object_key from videos where id = $1 and status = 'processing'",
            &[&id],
        )
        .await?;
    Ok(row.map(|row| row.try_get(0)).transpose()?)
}

async fn process(state: &AppState, id: Uuid, key: &str) -> Result<Outcome, JobError> {
    let storage = Storage::new(state);
    let url = storage.presign_get(key, None, READ_WINDOW).await?.url;
    let probe = match probe::probe(&state.config, &url).await {
        Ok(Ok(probe)) => probe,
        Ok(Err(Unusable(reason))) => return Ok(Outcome::Failed(reason)),
        Err(e) => return Err(JobError::failed("probing the video", e)),
    };
    let at = thumbnail::moment(probe.duration_seconds);
    let frame = match thumbnail::grab(&state.config, &url, at).await {
        Ok(Grab::Frame(jpeg)) => jpeg,
        Ok(Grab::Undecodable) => {
            return Ok(Outcome::Failed(
                "The video's pictures could not be decoded: the file may be damaged.".into(),
            ));
        }
        Ok(Grab::Connection(trouble)) => return Err(JobError::Retry(trouble)),
        Err(e) => return Err(JobError::failed("taking the thumbnail", e)),
    };
    let thumbnail_key = format!("videos/{id}/thumbnail.jpg");
    storage.put(&thumbnail_key, "image/jpeg", frame).await?;
    let sha256 = digest(&storage, key).await?;
    tracing::info!(video_id = %id, duration = probe.duration_seconds, quality = probe.quality, "video processed");
    Ok(Outcome::Ready {
        probe,
        thumbnail_key,
        sha256,
    })
}

/// The SHA-256 of the stored object, read once as a stream (memory holds one
/// chunk at a time).
async fn digest(storage: &Storage<'_>, key: &str) -> Result<Vec<u8>, ApiError> {
    let mut reader = storage
        .open(key)
        .await?
        .ok_or_else(|| ApiError::internal("the video's object is missing"))?;
    let mut hasher = Sha256::new();
    while let Some(chunk) = reader.next_chunk().await? {
        hasher.update(&chunk);
    }
    Ok(hasher.finalize().to_vec())
}

/// Writes the outcome, unless another copy of the job already did.
async fn finish(tx: &db::Transaction<'_>, id: Uuid, outcome: Outcome) -> Result<(), JobError> {
    match outcome {
        Outcome::Ready {
            probe,
            thumbnail_key,
            sha256,
        } => {
            let earlier = tx
                .query_opt(
                    "select id, title from videos where sha256 = $1 and status = 'ready' and id <> $2",
                    &[&sha256, &id],
                )
                .await?;
            if let Some(earlier) = earlier {
                let (first, title): (Uuid, String) = (earlier.try_get(0)?, earlier.try_get(1)?);
                let reason = format!(
                    "This file is already in the library as “{title}”; this copy was not kept."
                );
                let done = tx
                    .query_opt(
                        "update videos set status = 'failed', failure_reason = $2, duplicate_of = $3,
                             sha256 = $4, processed_at = now()
                         where id = $1 and status = 'processing' returning object_key",
                        &[&id, &reason, &first, &sha256],
                    )
                    .await?;
                if let Some(row) = done {
                    let key: String = row.try_get(0)?;
                    storage::delete_later(tx, &[key, thumbnail_key]).await?;
                }
                return Ok(());
            }
            tx.execute(
                "update videos set status = 'ready', failure_reason = null, container = $2,
                     duration_seconds = $3, width = $4, height = $5, orientation = $6,
                     quality = $7, video_codec = $8, audio_codec = $9, has_audio = $10,
                     thumbnail_key = $11, sha256 = $12, processed_at = now()
                 where id = $1 and status = 'processing'",
                &[
                    &id,
                    &probe.container,
                    &probe.duration_seconds,
                    &probe.width,
                    &probe.height,
                    &probe.orientation,
                    &probe.quality,
                    &probe.video_codec,
                    &probe.audio_codec,
                    &probe.audio_codec.is_some(),
                    &thumbnail_key,
                    &sha256,
                ],
            )
            .await?;
        }
        Outcome::Failed(reason) => {
            tracing::info!(video_id = %id, %reason, "video refused");
            tx.execute(
                "update videos set status = 'failed', failure_reason = $2, processed_at = now()
                 where id = $1 and status = 'processing'",
                &[&id, &reason],
            )
            .await?;
        }
    }
    Ok(())
}
