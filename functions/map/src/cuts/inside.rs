//! What a cut holds: the locations inside it (`ST_Covers`, so a household on
//! the boundary counts, and one in a hole does not), and its stats. Both go
//! through the GiST index on `locations.point`.

use axum::extract::State;
use serde::Serialize;
use shared::auth::{AuthUser, Role};
use shared::http::{ApiPath, Data, DataOf};
use shared::paging::{self, PageOf, Paged, Paging};
use shared::{ApiError, ApiResult, AppState, db};
use uuid::Uuid;

use crate::locations::model::{self as location, Location};

/// The join that finds a cut's locations; `$1` is the cut's id.
pub const INSIDE: &str =
    "from cuts c join locations l on ST_Covers(c.geom, l.point) where c.id = $1";

/// The locations inside a cut, by address.
#[utoipa::path(get, path = "/api/cuts/{id}/locations", tag = "map", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Cut id"), Paging<50>),
    responses((status = 200, description = "Its locations", body = PageOf<Location>),
              (status = 403, description = "Not MAP_ADMIN"),
              (status = 404, description = "No such cut")))]
pub async fn locations(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
    Paging(page): Paging,
) -> ApiResult<Paged<Location>> {
    user.require(Role::MapAdmin)?;
    let client = db::client(&state.db).await?;
    super::load(&client, id).await?;
    let rows = paging::fetch(
        &client,
        location::COLUMNS,
        INSIDE,
        "l.address, l.unit, l.id",
        &[&id],
        page,
    )
    .await?;
    let keys = state.config.data_keys.as_deref();
    Paged::from_rows(rows, page, |row| location::from_row(keys, row))
}

/// How many locations have each support level.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SupportDistribution {
    pub level_1: i64,
    pub level_2: i64,
    pub level_3: i64,
    pub level_4: i64,
    /// Not known yet.
    pub unknown: i64,
}

/// A cut's progress.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CutStats {
    pub cut_id: Uuid,
    /// Locations inside.
    pub addresses: i64,
    /// Of those, visited at least once by a canvasser.
    pub visited: i64,
    /// `visited / addresses` in percent, one decimal; 0 for an empty cut.
    pub coverage_percent: f64,
    pub support: SupportDistribution,
    /// Locations with a lawn sign.
    pub lawn_signs: i64,
}

/// A cut's stats.
#[utoipa::path(get, path = "/api/cuts/{id}/stats", tag = "map", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Cut id")),
    responses((status = 200, description = "Its stats", body = DataOf<CutStats>),
              (status = 403, description = "Not MAP_ADMIN"),
              (status = 404, description = "No such cut")))]
pub async fn stats(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Data<CutStats>> {
    user.require(Role::MapAdmin)?;
    let client = db::client(&state.db).await?;
    let sql = "select count(l.id) as addresses, count(l.last_visited_at) as visited,
                count(*) filter (where l.support_level = 1) as level_1,
                count(*) filter (where l.support_level = 2) as level_2,
                count(*) filter (where l.support_level = 3) as level_3,
                count(*) filter (where l.support_level = 4) as level_4,
                count(*) filter (where l.id is not null and l.support_level is null) as unknown,
                count(*) filter (where l.lawn_sign) as lawn_signs
         from cuts c left join locations l on ST_Covers(c.geom, l.point) where c.id = $1
         group by c.id";
    let row = client
        .query_opt(sql, &[&id])
        .await?
        .ok_or_else(|| ApiError::not_found("Cut"))?;
    let addresses: i64 = row.try_get("addresses")?;
    let visited: i64 = row.try_get("visited")?;
    Ok(Data(CutStats {
        cut_id: id,
        addresses,
        visited,
        coverage_percent: coverage(visited, addresses),
        support: SupportDistribution {
            level_1: row.try_get("level_1")?,
            level_2: row.try_get("level_2")?,
            level_3: row.try_get("level_3")?,
            level_4: row.try_get("level_4")?,
            unknown: row.try_get("unknown")?,
        },
        lawn_signs: row.try_get("lawn_signs")?,
    }))
}

/// `visited / addresses` in percent, rounded to one decimal.
pub fn coverage(visited: i64, addresses: i64) -> f64 {
    if addresses == 0 {
        return 0.0;
    }
    (visited as f64 * 1000.0 / addresses as f64).round() / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coverage_is_a_rounded_percentage() {
        assert_eq!(coverage(0, 0), 0.0);
        assert_eq!(coverage(1, 3), 33.3);
        assert_eq!(coverage(2, 3), 66.7);
        assert_eq!(coverage(5, 5), 100.0);
    }
}
