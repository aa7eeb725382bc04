//! `geocode-worker`: consumes the SQS geocode queue and places each pending
//! location at its address's point, through the configured [`provider`]
//! (`GEOCODER`: the imported address points offline, or a Nominatim server).
//!
//! The batch loop is `shared::jobs::worker`'s. The provider is asked with no
//! transaction open; the point is written only while the location is still
//! pending at the same address (an organiser may have placed it by hand or
//! changed its address meanwhile), with a `geocode` entry in its history. An
//! address no provider knows marks the location `failed` for an organiser to
//! place; a provider that does not answer fails the job, which is retried and
//! after five receives lands in the dead-letter queue.

pub mod provider;

use serde_json::json;
use shared::config::Geocoder;
use shared::jobs::GeocodeJob;
use shared::jobs::worker::{self, JobError, Worker};
use shared::lambda::{SqsBatchResponse, SqsEvent};
use shared::{AppState, db};
use uuid::Uuid;

use provider::{Found, Nominatim, Offline, Provider};

/// What the provider said about one pending location.
pub struct Answer {
    /// The address it was asked, to write only if it still stands.
    address: String,
    unit: String,
    provider: &'static str,
    found: Option<Found>,
}

struct GeocodeWorker;

impl Worker for GeocodeWorker {
    type Job = GeocodeJob;
    /// `None` when the location is gone or no longer pending.
    type Done = Option<Answer>;

    async fn run(
        &self,
        state: &AppState,
        _: Uuid,
        job: &GeocodeJob,
    ) -> Result<Option<Answer>, JobError> {
        let client = db::client(&state.db).await?;
        let row = client
            .query_opt(
                "select address, unit from locations where id = $1 and geocode_status = 'pending'",
                &[&job.location_id],
            )
            .await?;
        drop(client);
        let Some(row) = row else { return Ok(None) };
        let (address, unit): (String, String) = (row.try_get(0)?, row.try_get(1)?);
        let asked = match &state.config.map.geocoder {
            Geocoder::Offline => {
                locate(
                    &Offline {
                        state: state.clone(),
                    },
                    &address,
                )
                .await
            }
            Geocoder::Nominatim { base_url } => {
                locate(
                    &Nominatim {
                        base: base_url.clone(),
                    },
                    &address,
                )
                .await
            }
        };
        let (provider, found) = asked.map_err(|e| JobError::failed("asking the geocoder", e))?;
        Ok(Some(Answer {
            address,
            unit,
            provider,
            found,
        }))
    }

    async fn record(
        &self,
        tx: &db::Transaction<'_>,
        job: &GeocodeJob,
        done: Option<Answer>,
    ) -> Result<(), JobError> {
        let Some(answer) = done else { return Ok(()) };
        let (lng, lat) = (answer.found.map(|f| f.lng), answer.found.map(|f| f.lat));
        let confidence = answer.found.map(|f| f.confidence);
        let status = if answer.found.is_some() {
            "geocoded"
        } else {
            "failed"
        };
        let changed = tx
            .execute(
                "update locations set
                     point = case when $5::float8 is null then point
                                  else ST_SetSRID(ST_MakePoint($5, $6), 4326) end,
                     geocode_status = $4, geocode_provider = $7, geocode_confidence = $8,
                     geocoded_at = now()
                 where id = $1 and geocode_status = 'pending' and address = $2 and unit = $3",
                &[
                    &job.location_id,
                    &answer.address,
                    &answer.unit,
                    &status,
                    &lng,
                    &lat,
                    &answer.provider,
                    &confidence,
                ],
            )
            .await?;
        if changed == 1 {
            let changes = json!({
                "geocode_status": {"before": "pending", "after": status},
                "geocode_provider": {"before": null, "after": answer.provider},
                "point": {"before": null, "after": answer.found.map(|f| json!({"lng": f.lng, "lat": f.lat}))},
            });
            tx.execute(
                "insert into location_history (location_id, actor_id, action, changes) values ($1, null, 'geocode', $2)",
                &[&job.location_id, &changes],
            )
            .await?;
        }
        Ok(())
    }
}

async fn locate(
    provider: &impl Provider,
    address: &str,
) -> Result<(&'static str, Option<Found>), provider::ProviderError> {
    Ok((provider.name(), provider.locate(address).await?))
}

/// Handles one SQS batch of geocoding jobs.
pub async fn handle(state: &AppState, event: SqsEvent) -> SqsBatchResponse {
    worker::handle(state, &GeocodeWorker, event).await
}
