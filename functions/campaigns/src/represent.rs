//! Representatives from a provider, for postal codes the imported data does not
//! know. [`Provider`] is what a lookup needs; [`Represent`] is its adapter for
//! Open North's Represent API (`GET {base}/postcodes/{CODE}/`), asked only when
//! `REPRESENT_API_URL` is set.
//!
//! Represent answers two lists: `representatives_centroid` (whose boundary holds
//! the postal code's centre) and `representatives_concordance` (from Statistics
//! Canada's concordance of postal codes to districts, which is right more often
//! for codes that straddle a boundary). For each representative set (a
//! legislature, a council) the concordance is preferred; the centroid list
//! fills in the sets the concordance does not cover.

use std::collections::BTreeSet;
use std::future::Future;
use std::time::Duration;

use bytes::Bytes;
use serde::Deserialize;
use shared::domain::PostalCode;
use shared::outbound::{self, Limits};

use influence::Level;

use crate::representative::RepresentativeOffice;

/// A representative as a provider found them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Stable across lookups: the set, the district and the person.
    pub key: String,
    pub name: String,
    pub email: String,
    pub elected_office: String,
    pub level: Level,
    pub district: String,
    pub party: String,
    pub photo_url: String,
    pub offices: Vec<RepresentativeOffice>,
}

/// The provider could not answer.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ProviderError(String);

/// Where representatives come from when the imported data has none.
pub trait Provider: Send + Sync {
    /// The representatives of `code`, every level; empty for a code the
    /// provider does not know.
    fn representatives(
        &self,
        code: &PostalCode,
    ) -> impl Future<Output = Result<Vec<Found>, ProviderError>> + Send;
}

/// The Represent API at `base` (`https://represent.opennorth.ca`).
#[derive(Debug, Clone)]
pub struct Represent {
    base: String,
}

impl Represent {
    pub fn new(base: &str) -> Self {
        Self {
            base: base.trim_end_matches('/').to_string(),
        }
    }
}

/// How long the provider may take to answer, and the largest answer read.
const LIMITS: Limits = Limits {
    timeout: Duration::from_secs(5),
    max_bytes: 2 * 1024 * 1024,
};

/// `GET url`: the status and the body.
async fn get(url: &str) -> Result<(u16, Bytes), ProviderError> {
    outbound::get_json(
        url,
        "changemaker-lite (representative lookup)",
        "Represent",
        LIMITS,
    )
    .await
    .map_err(|e| ProviderError(e.to_string()))
}

impl Provider for Represent {
    async fn representatives(&self, code: &PostalCode) -> Result<Vec<Found>, ProviderError> {
        let (status, body) = get(&format!("{}/postcodes/{}/", self.base, code.compact())).await?;
        match status {
            // Represent answers 404 for a postal code it does not know.
            404 => Ok(Vec::new()),
            200 => parse(&body),
            status => Err(ProviderError(format!("Represent answered {status}"))),
        }
    }
}

#[derive(Debug, Deserialize)]
struct Postcode {
    #[serde(default)]
    representatives_centroid: Vec<Rep>,
    #[serde(default)]
    representatives_concordance: Vec<Rep>,
}

/// A representative in Represent's answer; any field may be missing or null.
#[derive(Debug, Deserialize)]
struct Rep {
    name: Option<String>,
    email: Option<String>,
    elected_office: Option<String>,
    district_name: Option<String>,
    party_name: Option<String>,
    photo_url: Option<String>,
    representative_set_name: Option<String>,
    #[serde(default)]
    offices: Vec<RepOffice>,
}

#[derive(Debug, Deserialize)]
struct RepOffice {
    #[serde(rename = "type")]
    kind: Option<String>,
    postal: Option<String>,
    tel: Option<String>,
}

/// Reads a `/postcodes/{code}/` answer: the concordance's representatives, then
/// the centroid's of the sets the concordance lacks. Entries without a name or
/// a district are dropped; so are repeats.
pub fn parse(body: &[u8]) -> Result<Vec<Found>, ProviderError> {
    let postcode: Postcode = serde_json::from_slice(body)
        .map_err(|e| ProviderError(format!("Represent's answer is not what it documents: {e}")))?;
    let covered: BTreeSet<String> = postcode
        .representatives_concordance
        .iter()
        .filter_map(|rep| rep.representative_set_name.clone())
        .collect();
    let centroid = postcode.representatives_centroid.into_iter().filter(|rep| {
        rep.representative_set_name
            .as_ref()
            .is_none_or(|set| !covered.contains(set))
    });
    let mut found: Vec<Found> = Vec::new();
    for rep in postcode
        .representatives_concordance
        .into_iter()
        .chain(centroid)
    {
        if let Some(one) = found_of(rep)
            && !found.iter().any(|f| f.key == one.key)
        {
            found.push(one);
        }
    }
    found.sort_by_key(|f| f.level);
    Ok(found)
}

fn found_of(rep: Rep) -> Option<Found> {
    let text = |value: Option<String>| value.unwrap_or_default().trim().to_string();
    let name = text(rep.name);
    let district = text(rep.district_name);
    if name.is_empty() || district.is_empty() {
        return None;
    }
    let set = text(rep.representative_set_name);
    let elected_office = text(rep.elected_office);
    let level = level_of(&set, &elected_office);
    // Only images served over HTTPS: the SPA's pages never load mixed content.
    let photo_url = Some(text(rep.photo_url))
        .filter(|url| url.starts_with("https://"))
        .unwrap_or_default();
    Some(Found {
        key: format!("represent:{set}:{district}:{name}").to_lowercase(),
        email: text(rep.email),
        party: text(rep.party_name),
        photo_url,
        offices: rep
            .offices
            .into_iter()
            .map(|office| RepresentativeOffice {
                kind: text(office.kind),
                postal: text(office.postal),
                tel: text(office.tel),
            })
            .collect(),
        name,
        district,
        elected_office,
        level,
    })
}

/// The level of a representative set: Represent does not say it, but the
/// legislature's name and the office do.
fn level_of(set: &str, office: &str) -> Level {
    let set = set.to_lowercase();
    let office = office.to_lowercase();
    if office == "mp" || set.contains("house of commons") {
        Level::Federal
    } else if ["mla", "mpp", "mna", "mha"].contains(&office.as_str())
        || [
            "legislative assembly",
            "assemblée nationale",
            "house of assembly",
            "legislature",
        ]
        .iter()
        .any(|name| set.contains(name))
    {
        Level::Provincial
    } else if office.contains("trustee") || set.contains("school") {
        Level::SchoolBoard
    } else {
        Level::Municipal
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RECORDED: &str = include_str!("../fixtures/represent/K0H9Z0.json");

    #[test]
    fn concordance_is_preferred_over_centroid_set_by_set() {
        let found = parse(RECORDED.as_bytes()).unwrap();
        let names: Vec<(&str, Level)> = found.iter().map(|f| (f.name.as_str(), f.level)).collect();
        assert_eq!(
            names,
            [
                ("Robin Concordia", Level::Federal),
                ("Morgan Provincial", Level::Provincial),
                ("Casey Council", Level::Municipal),
                ("Jordan Trustee", Level::SchoolBoard),
            ],
            "the centroid's MP is replaced by the concordance's"
        );
        let mp = &found[0];
        assert_eq!(mp.district, "Lakeshore—Fictional Heights");
        assert_eq!(mp.email, "robin.concordia@example.org");
        assert_eq!(mp.offices[0].tel, "1 613 555-0101");
        assert_eq!(
            mp.key,
            "represent:house of commons:lakeshore—fictional heights:robin concordia"
        );
    }

    #[test]
    fn nulls_and_missing_fields_are_tolerated() {
        let body = br#"{"representatives_centroid": [
            {"name": "A. Person", "district_name": "Somewhere", "elected_office": "Mayor",
             "email": null, "party_name": null, "photo_url": "http://insecure.example.org/a.jpg",
             "representative_set_name": "Town council", "offices": [{"type": null}]},
            {"name": "", "district_name": "Nowhere"},
            {"district_name": "No name"}
        ]}"#;
        let found = parse(body).unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].level, Level::Municipal);
        assert_eq!(
            (found[0].email.as_str(), found[0].photo_url.as_str()),
            ("", "")
        );
        assert!(parse(b"42").is_err());
        assert!(parse(b"not json").is_err());
    }

    #[test]
    fn levels_are_read_from_the_set_and_office() {
        assert_eq!(level_of("House of Commons", "MP"), Level::Federal);
        assert_eq!(
            level_of("Legislative Assembly of Ontario", "MPP"),
            Level::Provincial
        );
        assert_eq!(
            level_of("Assemblée nationale du Québec", "MNA"),
            Level::Provincial
        );
        assert_eq!(
            level_of("Ottawa City Council", "Councillor"),
            Level::Municipal
        );
        assert_eq!(
            level_of("Ottawa-Carleton District School Board", "Trustee"),
            Level::SchoolBoard
        );
    }
}
