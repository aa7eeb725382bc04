//! Households on the map, for organisers (MAP_ADMIN): list, create, read,
//! change, delete, and each one's history. Contacts are sealed at rest; a new
//! address without a point is sent to the geocoder through the outbox.

pub mod address_points;
pub mod export;
pub mod fields;
pub mod history;
pub mod import;
pub mod model;
pub mod points;
pub mod rotate;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use serde::Deserialize;
use shared::auth::{AuthUser, Role};
use shared::http::{ApiJson, ApiPath, ApiQuery, Created, Data, DataOf};
use shared::paging::{self, PageOf, Paged, Paging};
use shared::records::{Patch, check_fresh, lock};
use shared::{ApiResult, AppState, db};
use uuid::Uuid;

use crate::geocode;
use fields::{LocationFields, LocationPatch};
use model::{Location, Placement};

/// Filters of the list.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListFilter {
    /// Only locations with this support level (1–4).
    support_level: Option<i16>,
    /// Only locations with this geocoding status.
    geocode_status: Option<String>,
    /// Only locations whose address contains this text (any case).
    q: Option<String>,
}

/// The locations, most recently changed first.
#[utoipa::path(get, path = "/api/locations", tag = "map", security(("bearer" = [])),
    params(Paging<50>, ListFilter),
    responses((status = 200, description = "The locations", body = PageOf<Location>),
              (status = 403, description = "Not MAP_ADMIN")))]
pub async fn list(
    user: AuthUser,
    State(state): State<AppState>,
    Paging(page): Paging,
    ApiQuery(filter): ApiQuery<ListFilter>,
) -> ApiResult<Paged<Location>> {
    user.require(Role::MapAdmin)?;
    let q = filter
        .q
        .map(|q| q.trim().to_lowercase())
        .filter(|q| !q.is_empty());
    let client = db::client(&state.db).await?;
    let rows = paging::fetch(
        &client,
        model::COLUMNS,
        "from locations l
         where ($1::int2 is null or l.support_level = $1)
           and ($2::text is null or l.geocode_status = $2)
           and ($3::text is null or strpos(lower(l.address), $3) > 0)",
        "l.updated_at desc, l.id",
        &[&filter.support_level, &filter.geocode_status, &q],
        page,
    )
    .await?;
    let keys = state.config.data_keys.as_deref();
    Paged::from_rows(rows, page, |row| model::from_row(keys, row))
}

/// Adds a household. A duplicate (the same unit at the same address, or within
/// the configured radius) answers 409 `DUPLICATE_LOCATION` naming it.
#[utoipa::path(post, path = "/api/locations", tag = "map", security(("bearer" = [])),
    request_body = LocationFields,
    responses((status = 201, description = "Created", body = DataOf<Location>),
              (status = 403, description = "Not MAP_ADMIN"),
              (status = 409, description = "The household is already on the map"),
              (status = 422, description = "A field is invalid, named in details"),
              (status = 503, description = "No encryption key is configured")))]
pub async fn create(
    user: AuthUser,
    State(state): State<AppState>,
    ApiJson(input): ApiJson<LocationFields>,
) -> ApiResult<Created<Location>> {
    user.require(Role::MapAdmin)?;
    let fields = fields::check(input)?;
    let keys = state.config.data_keys.as_deref();
    let id = Uuid::new_v4();
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    if let Some(existing) =
        model::duplicate_of(&tx, id, &fields, state.config.map.dedup_radius_m).await?
    {
        return Err(model::duplicate(existing));
    }
    let placement = Placement::of(&fields);
    model::save(&tx, keys, id, &fields, &placement, user.id).await?;
    let job = geocode::request_if_pending(&tx, id, placement.status).await?;
    let location = model::load(&tx, keys, id).await?;
    model::record(
        &tx,
        id,
        Some(user.id),
        "create",
        model::changes(None, Some(&location)),
    )
    .await?;
    tx.commit().await?;
    geocode::dispatch(&state, job).await;
    Ok(Created(location))
}

/// One location, its contacts opened.
#[utoipa::path(get, path = "/api/locations/{id}", tag = "map", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Location id")),
    responses((status = 200, description = "The location", body = DataOf<Location>),
              (status = 403, description = "Not MAP_ADMIN"),
              (status = 404, description = "No such location")))]
pub async fn get(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Data<Location>> {
    user.require(Role::MapAdmin)?;
    let client = db::client(&state.db).await?;
    let keys = state.config.data_keys.as_deref();
    Ok(Data(model::load(&client, keys, id).await?))
}

/// Changes a location. A new address without a point is geocoded again; a
/// point given places it by hand.
#[utoipa::path(patch, path = "/api/locations/{id}", tag = "map", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Location id")),
    request_body = LocationPatch,
    responses((status = 200, description = "Changed", body = DataOf<Location>),
              (status = 403, description = "Not MAP_ADMIN"),
              (status = 404, description = "No such location"),
              (status = 409, description = "A duplicate, or changed since it was loaded"),
              (status = 422, description = "A field is invalid, named in details"),
              (status = 503, description = "No encryption key is configured")))]
pub async fn update(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
    headers: HeaderMap,
    ApiJson(patch): ApiJson<LocationPatch>,
) -> ApiResult<Data<Location>> {
    user.require(Role::MapAdmin)?;
    let keys = state.config.data_keys.as_deref();
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    lock(&tx, "locations", id, "Location").await?;
    let before = model::load(&tx, keys, id).await?;
    check_fresh(patch.seen(), &headers, before.updated_at)?;
    let readdressed = patch.readdresses();
    let moved_by_hand = patch.places();
    let mut fields = fields::check(patch.apply(before.fields.clone()))?;
    if readdressed {
        // The old point belongs to the old address until the geocoder answers.
        fields.point = None;
    }
    if let Some(existing) =
        model::duplicate_of(&tx, id, &fields, state.config.map.dedup_radius_m).await?
    {
        return Err(model::duplicate(existing));
    }
    let placement = if readdressed || moved_by_hand {
        Placement::of(&fields)
    } else {
        Placement {
            status: &before.geocode_status,
            provider: None,
            confidence: None,
        }
    };
    model::save(&tx, keys, id, &fields, &placement, user.id).await?;
    let job = match readdressed {
        true => geocode::request_if_pending(&tx, id, placement.status).await?,
        false => None,
    };
    let after = model::load(&tx, keys, id).await?;
    let changes = model::changes(Some(&before), Some(&after));
    if !changes.is_empty() {
        model::record(&tx, id, Some(user.id), "update", changes).await?;
    }
    tx.commit().await?;
    geocode::dispatch(&state, job).await;
    Ok(Data(after))
}

/// Deletes a location; its history keeps the deletion.
#[utoipa::path(delete, path = "/api/locations/{id}", tag = "map", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Location id")),
    responses((status = 204, description = "Deleted"),
              (status = 403, description = "Not MAP_ADMIN"),
              (status = 404, description = "No such location")))]
pub async fn delete(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<StatusCode> {
    user.require(Role::MapAdmin)?;
    let keys = state.config.data_keys.as_deref();
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    lock(&tx, "locations", id, "Location").await?;
    let before = model::load(&tx, keys, id).await?;
    tx.execute("delete from locations where id = $1", &[&id])
        .await?;
    model::record(
        &tx,
        id,
        Some(user.id),
        "delete",
        model::changes(Some(&before), None),
    )
    .await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}
