//! Where addresses become points. [`Provider`] is what the worker needs;
//! [`Offline`] reads the address points imported into the database, and
//! [`Nominatim`] asks a Nominatim server (`/search?format=jsonv2`).

use std::future::Future;
use std::time::Duration;

use serde::Deserialize;
use shared::outbound::{self, Limits};
use shared::{AppState, db};

/// A point found for an address.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Found {
    pub lng: f64,
    pub lat: f64,
    /// 0 to 1.
    pub confidence: f32,
}

/// The provider could not answer (the job is retried).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ProviderError(pub String);

/// A geocoder.
pub trait Provider: Send + Sync {
    /// Its name, stored as the location's `geocode_provider`.
    fn name(&self) -> &'static str;

    /// The point of `address`; `None` when the provider knows no such address.
    fn locate(
        &self,
        address: &str,
    ) -> impl Future<Output = Result<Option<Found>, ProviderError>> + Send;
}

/// The imported address points (`address_points`), matched by the normalised
/// address: exact, so its confidence is 1.
pub struct Offline {
    pub state: AppState,
}

impl Provider for Offline {
    fn name(&self) -> &'static str {
        "offline"
    }

    async fn locate(&self, address: &str) -> Result<Option<Found>, ProviderError> {
        let failed = |e: shared::ApiError| ProviderError(e.to_string());
        let client = db::client(&self.state.db).await.map_err(failed)?;
        let row = client
            .query_opt(
                "select ST_X(point) as lng, ST_Y(point) as lat from address_points
                 where address_key = map_address_key($1, '') order by source, id limit 1",
                &[&address],
            )
            .await
            .map_err(|e| failed(e.into()))?;
        Ok(row.map(|r| Found {
            lng: r.get("lng"),
            lat: r.get("lat"),
            confidence: 1.0,
        }))
    }
}

/// A Nominatim server at `base` (`https://nominatim.openstreetmap.org`).
pub struct Nominatim {
    pub base: String,
}

const LIMITS: Limits = Limits {
    timeout: Duration::from_secs(10),
    max_bytes: 512 * 1024,
};

/// One result of `/search?format=jsonv2`; Nominatim sends coordinates as strings.
#[derive(Debug, Deserialize)]
struct Place {
    lat: String,
    lon: String,
    /// 0 to 1; missing on some servers.
    importance: Option<f64>,
}

/// Reads a `/search?format=jsonv2` answer: its first result.
pub fn parse(body: &[u8]) -> Result<Option<Found>, ProviderError> {
    let places: Vec<Place> = serde_json::from_slice(body)
        .map_err(|e| ProviderError(format!("Nominatim's answer is not a list of places: {e}")))?;
    let Some(place) = places.first() else {
        return Ok(None);
    };
    let number = |raw: &str| raw.trim().parse::<f64>().ok().filter(|v| v.is_finite());
    match (number(&place.lon), number(&place.lat)) {
        (Some(lng), Some(lat))
            if (-180.0..=180.0).contains(&lng) && (-90.0..=90.0).contains(&lat) =>
        {
            Ok(Some(Found {
                lng,
                lat,
                confidence: place.importance.unwrap_or(0.5).clamp(0.0, 1.0) as f32,
            }))
        }
        _ => Err(ProviderError(
            "Nominatim answered a place without valid coordinates".into(),
        )),
    }
}

impl Provider for Nominatim {
    fn name(&self) -> &'static str {
        "nominatim"
    }

    async fn locate(&self, address: &str) -> Result<Option<Found>, ProviderError> {
        let mut url = url::Url::parse(&format!("{}/search", self.base))
            .map_err(|e| ProviderError(format!("GEOCODER_URL is not a base URL: {e}")))?;
        url.query_pairs_mut()
            .append_pair("q", address)
            .append_pair("format", "jsonv2")
            .append_pair("limit", "1");
        let (status, body) = outbound::get_json(
            url.as_str(),
            "changemaker-lite (geocoder)",
            "Nominatim",
            LIMITS,
        )
        .await
        .map_err(|e| ProviderError(e.to_string()))?;
        match status {
            200 => parse(&body),
            status => Err(ProviderError(format!("Nominatim answered {status}"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_place_of_a_jsonv2_answer() {
        let body = br#"[{"place_id":1,"lat":"45.4215","lon":"-75.6972","importance":0.62,"display_name":"x"},
                        {"place_id":2,"lat":"0","lon":"0"}]"#;
        let found = parse(body).unwrap().unwrap();
        assert_eq!((found.lng, found.lat), (-75.6972, 45.4215));
        assert!((found.confidence - 0.62).abs() < 1e-6);
        assert_eq!(parse(b"[]").unwrap(), None);
        assert!(parse(b"{\"error\":\"x\"}").is_err());
        assert!(parse(br#"[{"lat":"north","lon":"1"}]"#).is_err());
    }
}
