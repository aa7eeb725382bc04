//! Who represents a postal code. Imported mappings answer first: a postal code
//! (or its forward sortation area, when no row names the whole code at that
//! level) maps to districts, and a district to its representatives. A postal
//! code nobody imported is asked of the provider when one is configured
//! (`represent`); what it answers is stored like an import and trusted for
//! [`CACHE_DAYS`], so the provider is asked once per code and month.

use axum::extract::State;
use serde::{Deserialize, Serialize};
use shared::db::GenericClient;
use shared::domain::PostalCode;
use shared::http::{ApiJson, ClientIp, Data, DataOf};
use shared::{ApiError, ApiResult, AppState, db, rate_limit};

use influence::Level;

use crate::public;
use crate::represent::{Found, Provider, Represent};
use crate::representative::{COLUMNS, LEVEL_ORDER, Representative};

/// How long a provider's answer is trusted.
pub const CACHE_DAYS: i32 = 30;

/// Lookups one address may make per minute.
const LOOKUPS_PER_MINUTE: u32 = 60;

/// The representatives of `code` at `levels`, in level order.
pub async fn find(
    state: &AppState,
    code: &PostalCode,
    levels: &[Level],
) -> ApiResult<Vec<Representative>> {
    let client = db::client(&state.db).await?;
    if let Some(base) = &state.config.represent_api_url
        && needs_provider(&client, code).await?
    {
        drop(client);
        refresh(state, &Represent::new(base), code).await?;
        let client = db::client(&state.db).await?;
        return local(&client, code, levels).await;
    }
    local(&client, code, levels).await
}

/// The representatives the stored mappings give `code` at `levels`.
async fn local(
    client: &impl GenericClient,
    code: &PostalCode,
    levels: &[Level],
) -> ApiResult<Vec<Representative>> {
    let levels: Vec<&str> = levels.iter().map(|l| l.as_str()).collect();
    let rows = client
        .query(
            &format!(
                "with m as (select code, level, district from postal_code_districts
                            where code in ($1, $2) and level = any($3)),
                      best as (select level, district from m
                               where code = $1
                                  or not exists (select 1 from m whole
                                                 where whole.code = $1 and whole.level = m.level))
                 select distinct {COLUMNS}, array_position({LEVEL_ORDER}, r.level) as rank
                 from representatives r
                 join best on best.level = r.level and lower(best.district) = lower(r.district)
                 order by rank, r.district, r.name"
            ),
            &[&code.as_str(), &code.area(), &levels],
        )
        .await?;
    rows.iter().map(Representative::from_row).collect()
}

/// Whether the provider must be asked: nobody imported this code or its area,
/// and no answer of the provider's for it is still fresh.
async fn needs_provider(client: &impl GenericClient, code: &PostalCode) -> ApiResult<bool> {
    let row = client
        .query_one(
            "select not exists (select 1 from postal_code_districts
                                where code in ($1, $2) and source = 'csv')
                and not exists (select 1 from representative_lookups
                                where postal_code = $1 and expires_at > now())",
            &[&code.as_str(), &code.area()],
        )
        .await?;
    Ok(row.try_get(0)?)
}

/// Asks the provider and stores its answer. When the provider fails, whatever
/// it answered before (even expired) is used, and a code it never answered
/// is a 503.
async fn refresh(state: &AppState, provider: &impl Provider, code: &PostalCode) -> ApiResult<()> {
    let found = match provider.representatives(code).await {
        Ok(found) => found,
        Err(e) => {
            tracing::warn!(error = %e, "the representative provider failed");
            let client = db::client(&state.db).await?;
            let known = client
                .query_opt(
                    "select 1 from representative_lookups where postal_code = $1",
                    &[&code.as_str()],
                )
                .await?;
            return match known {
                Some(_) => Ok(()),
                None => Err(ApiError::unavailable(e)),
            };
        }
    };
    store(state, code, &found).await
}

/// Replaces what the provider said of `code` before: its representatives
/// (never changing an imported or hand-made one), the code's districts and the
/// cache row, in one transaction.
async fn store(state: &AppState, code: &PostalCode, found: &[Found]) -> ApiResult<()> {
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    tx.execute(
        "delete from postal_code_districts where code = $1 and source = 'represent'",
        &[&code.as_str()],
    )
    .await?;
    for rep in found {
        let offices = serde_json::to_value(&rep.offices).map_err(ApiError::internal)?;
        tx.execute(
            "insert into representatives (key, source, name, email, elected_office, level, district,
                                          party, photo_url, offices)
             values ($1, 'represent', $2, $3, $4, $5, $6, $7, $8, $9)
             on conflict on constraint representatives_key_key do update
                 set name = excluded.name, email = excluded.email,
                     elected_office = excluded.elected_office, level = excluded.level,
                     district = excluded.district, party = excluded.party,
                     photo_url = excluded.photo_url, offices = excluded.offices
                 where representatives.source = 'represent'",
            &[
                &rep.key,
                &rep.name,
                &rep.email,
                &rep.elected_office,
                &rep.level.as_str(),
                &rep.district,
                &rep.party,
                &rep.photo_url,
                &offices,
            ],
        )
        .await?;
        tx.execute(
            "insert into postal_code_districts (code, level, district, source)
             values ($1, $2, $3, 'represent') on conflict do nothing",
            &[&code.as_str(), &rep.level.as_str(), &rep.district],
        )
        .await?;
    }
    let count = i32::try_from(found.len()).unwrap_or(i32::MAX);
    tx.execute(
        "insert into representative_lookups (postal_code, found, fetched_at, expires_at)
         values ($1, $2, now(), now() + make_interval(days => $3))
         on conflict (postal_code) do update
             set found = excluded.found, fetched_at = excluded.fetched_at,
                 expires_at = excluded.expires_at",
        &[&code.as_str(), &count, &CACHE_DAYS],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LookupRequest {
    /// A Canadian postal code, however typed: `a1a1a1`, `A1A 1A1`, ` a1a-1a1 `.
    postal_code: String,
    /// The campaign's slug: its levels decide who is answered.
    campaign: String,
}

/// Who a supporter would write to.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct LookupResult {
    /// The postal code as written by Canada Post (`K1A 0B1`).
    pub postal_code: String,
    pub representatives: Vec<Representative>,
}

/// Parses a postal code field: 422 naming `field` when it is not a Canadian
/// postal code.
pub fn postal_code(field: &str, raw: &str) -> ApiResult<PostalCode> {
    PostalCode::parse(raw).map_err(|message| ApiError::invalid_field(field, message))
}

/// Counts one request of the client against `key`'s per-minute limit.
pub async fn limit(state: &AppState, ip: ClientIp, key: &str, per_minute: u32) -> ApiResult<()> {
    rate_limit::hit(state, &format!("{key}:{}", ip.key()), per_minute, 60).await
}

/// The representatives of a postal code at a campaign's levels (public).
#[utoipa::path(post, path = "/api/public/representatives/lookup", tag = "public",
    request_body = LookupRequest,
    responses((status = 200, description = "The representatives", body = DataOf<LookupResult>),
              (status = 404, description = "No such campaign, or not public"),
              (status = 422, description = "Not a Canadian postal code"),
              (status = 429, description = "Too many lookups from this address")))]
pub async fn lookup(
    State(state): State<AppState>,
    ip: ClientIp,
    ApiJson(input): ApiJson<LookupRequest>,
) -> ApiResult<Data<LookupResult>> {
    let code = postal_code("postal_code", &input.postal_code)?;
    limit(&state, ip, "lookup", LOOKUPS_PER_MINUTE).await?;
    let campaign = {
        let client = db::client(&state.db).await?;
        public::live(&client, &input.campaign).await?
    };
    let representatives = find(&state, &code, &campaign.target_levels).await?;
    Ok(Data(LookupResult {
        postal_code: code.to_string(),
        representatives,
    }))
}
