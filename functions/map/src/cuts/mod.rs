//! Cuts: turf drawn on the map (MAP_ADMIN). List, create, read, change,
//! delete; the locations inside one, its stats and its walk sheet are in
//! [`inside`]. Shapes are checked by [`geometry`] and stored as MultiPolygons.

pub mod geometry;
pub mod inside;
mod pdf;
pub mod walk;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use shared::audit::{self, Subject};
use shared::auth::{AuthUser, Role};
use shared::db::GenericClient;
use shared::domain::{Line, Text};
use shared::error::FieldErrors;
use shared::http::{ApiJson, ApiPath, ApiQuery, Created, Data, DataOf};
use shared::paging::{self, PageOf, Paged, Paging};
use shared::records::{check_fresh, lock};
use shared::{ApiError, ApiResult, AppState, db};
use tokio_postgres::Row;
use uuid::Uuid;

/// What kind of turf a cut is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CutCategory {
    Custom,
    Ward,
    Neighbourhood,
    District,
}

impl CutCategory {
    pub fn as_str(self) -> &'static str {
        match self {
            CutCategory::Custom => "custom",
            CutCategory::Ward => "ward",
            CutCategory::Neighbourhood => "neighbourhood",
            CutCategory::District => "district",
        }
    }

    fn parse(raw: &str) -> Result<Self, ApiError> {
        serde_json::from_value(Value::from(raw)).map_err(ApiError::internal)
    }
}

/// A cut as organisers see it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Cut {
    pub id: Uuid,
    pub name: String,
    pub category: CutCategory,
    /// `#rrggbb`.
    pub colour: String,
    pub description: String,
    /// A GeoJSON MultiPolygon.
    #[schema(value_type = Object)]
    pub geometry: Value,
    /// Its area in square metres.
    pub area_m2: f64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The columns every read selects, for [`from_row`].
pub const COLUMNS: &str = "c.id, c.name, c.category, c.colour, c.description,
    ST_AsGeoJSON(c.geom, 7)::jsonb as geometry, ST_Area(c.geom::geography) as area_m2,
    c.created_at, c.updated_at";

fn from_row(row: &Row) -> Result<Cut, ApiError> {
    Ok(Cut {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        category: CutCategory::parse(row.try_get("category")?)?,
        colour: row.try_get("colour")?,
        description: row.try_get("description")?,
        geometry: row.try_get("geometry")?,
        area_m2: row.try_get("area_m2")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

/// One cut; 404 when there is none.
pub async fn load(client: &impl GenericClient, id: Uuid) -> Result<Cut, ApiError> {
    let sql = format!("select {COLUMNS} from cuts c where c.id = $1");
    let row = client
        .query_opt(&sql, &[&id])
        .await?
        .ok_or_else(|| ApiError::not_found("Cut"))?;
    from_row(&row)
}

/// A cut's fields, new or changed.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CutFields {
    /// 1 to 120 characters.
    name: String,
    #[serde(default = "custom")]
    category: CutCategory,
    /// `#rrggbb`; default `#3388ff`.
    #[serde(default = "blue")]
    colour: String,
    #[serde(default)]
    description: String,
    /// A GeoJSON Polygon or MultiPolygon in longitude/latitude: closed rings,
    /// not self-intersecting, 10 m² to 5,000 km².
    #[schema(value_type = Object)]
    geometry: Value,
}

fn custom() -> CutCategory {
    CutCategory::Custom
}

fn blue() -> String {
    "#3388ff".into()
}

/// The fields to change; absent ones stay.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CutPatch {
    name: Option<String>,
    category: Option<CutCategory>,
    colour: Option<String>,
    description: Option<String>,
    #[schema(value_type = Option<Object>)]
    geometry: Option<Value>,
    /// The `updated_at` the client last saw; a newer one answers 409 `STALE`.
    updated_at: Option<DateTime<Utc>>,
}

/// Checks the fields; the geometry's GeoJSON text for PostGIS.
async fn check(client: &impl GenericClient, f: &mut CutFields) -> Result<String, ApiError> {
    let mut errors = FieldErrors::new();
    errors.tidy::<Line<120>>("name", &mut f.name);
    errors.tidy::<Text<2000>>("description", &mut f.description);
    f.colour = f.colour.trim().to_ascii_lowercase();
    let hex = f.colour.strip_prefix('#').unwrap_or_default();
    if hex.len() != 6 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        errors.add("colour", "Must be a colour like #3388ff");
    }
    errors.finish()?;
    let geojson = geometry::parse(&f.geometry)?;
    geometry::check(client, &geojson).await?;
    Ok(geojson)
}

fn subject(user: &AuthUser, id: Uuid) -> Subject<'static> {
    Subject {
        actor_id: user.id,
        entity_type: "cut",
        entity_id: id,
        scope_id: None,
    }
}

async fn save(
    client: &impl GenericClient,
    id: Uuid,
    f: &CutFields,
    geojson: &str,
    actor: Uuid,
) -> Result<(), ApiError> {
    client
        .execute(
            "insert into cuts (id, name, category, colour, description, geom, created_by, updated_by)
             values ($1, $2, $3, $4, $5, ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($6::text), 4326)), $7, $7)
             on conflict (id) do update set name = excluded.name, category = excluded.category,
                 colour = excluded.colour, description = excluded.description,
                 geom = excluded.geom, updated_by = excluded.updated_by",
            &[&id, &f.name, &f.category.as_str(), &f.colour, &f.description, &geojson, &actor],
        )
        .await?;
    Ok(())
}

/// Filters of the list.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListFilter {
    /// Only cuts of this category.
    category: Option<CutCategory>,
}

/// The cuts, by name.
#[utoipa::path(get, path = "/api/cuts", tag = "map", security(("bearer" = [])),
    params(Paging<50>, ListFilter),
    responses((status = 200, description = "The cuts", body = PageOf<Cut>),
              (status = 403, description = "Not MAP_ADMIN")))]
pub async fn list(
    user: AuthUser,
    State(state): State<AppState>,
    Paging(page): Paging,
    ApiQuery(filter): ApiQuery<ListFilter>,
) -> ApiResult<Paged<Cut>> {
    user.require(Role::MapAdmin)?;
    let category = filter.category.map(CutCategory::as_str);
    let client = db::client(&state.db).await?;
    let rows = paging::fetch(
        &client,
        COLUMNS,
        "from cuts c where ($1::text is null or c.category = $1)",
        "c.name, c.id",
        &[&category],
        page,
    )
    .await?;
    Paged::from_rows(rows, page, from_row)
}

/// Draws a cut. A shape that is not closed, crosses itself or has an
/// unreasonable size answers 422 with the reason under `geometry`.
#[utoipa::path(post, path = "/api/cuts", tag = "map", security(("bearer" = [])),
    request_body = CutFields,
    responses((status = 201, description = "Created", body = DataOf<Cut>),
              (status = 403, description = "Not MAP_ADMIN"),
              (status = 422, description = "A field or the shape is invalid, named in details")))]
pub async fn create(
    user: AuthUser,
    State(state): State<AppState>,
    ApiJson(mut input): ApiJson<CutFields>,
) -> ApiResult<Created<Cut>> {
    user.require(Role::MapAdmin)?;
    let mut client = db::client(&state.db).await?;
    let geojson = check(&client, &mut input).await?;
    let tx = client.transaction().await?;
    let id = Uuid::new_v4();
    save(&tx, id, &input, &geojson, user.id).await?;
    let cut = load(&tx, id).await?;
    audit::change(&tx, subject(&user, id), None, Some(&cut)).await?;
    tx.commit().await?;
    Ok(Created(cut))
}

/// One cut.
#[utoipa::path(get, path = "/api/cuts/{id}", tag = "map", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Cut id")),
    responses((status = 200, description = "The cut", body = DataOf<Cut>),
              (status = 403, description = "Not MAP_ADMIN"),
              (status = 404, description = "No such cut")))]
pub async fn get(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Data<Cut>> {
    user.require(Role::MapAdmin)?;
    let client = db::client(&state.db).await?;
    Ok(Data(load(&client, id).await?))
}

/// Changes a cut: its fields, or its shape (checked as on creation).
#[utoipa::path(patch, path = "/api/cuts/{id}", tag = "map", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Cut id")),
    request_body = CutPatch,
    responses((status = 200, description = "Changed", body = DataOf<Cut>),
              (status = 403, description = "Not MAP_ADMIN"),
              (status = 404, description = "No such cut"),
              (status = 409, description = "Changed since it was loaded"),
              (status = 422, description = "A field or the shape is invalid, named in details")))]
pub async fn update(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
    headers: HeaderMap,
    ApiJson(patch): ApiJson<CutPatch>,
) -> ApiResult<Data<Cut>> {
    user.require(Role::MapAdmin)?;
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    lock(&tx, "cuts", id, "Cut").await?;
    let before = load(&tx, id).await?;
    check_fresh(patch.updated_at, &headers, before.updated_at)?;
    let mut fields = CutFields {
        name: patch.name.unwrap_or_else(|| before.name.clone()),
        category: patch.category.unwrap_or(before.category),
        colour: patch.colour.unwrap_or_else(|| before.colour.clone()),
        description: patch
            .description
            .unwrap_or_else(|| before.description.clone()),
        geometry: patch.geometry.unwrap_or_else(|| before.geometry.clone()),
    };
    let geojson = check(&tx, &mut fields).await?;
    save(&tx, id, &fields, &geojson, user.id).await?;
    let after = load(&tx, id).await?;
    audit::change(&tx, subject(&user, id), Some(&before), Some(&after)).await?;
    tx.commit().await?;
    Ok(Data(after))
}

/// Deletes a cut; the locations inside it stay. A cut that was canvassed
/// stays too (409 `CUT_IN_USE`): its sessions' visits and distances would lose
/// the turf they were walked in.
#[utoipa::path(delete, path = "/api/cuts/{id}", tag = "map", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Cut id")),
    responses((status = 204, description = "Deleted"),
              (status = 403, description = "Not MAP_ADMIN"),
              (status = 404, description = "No such cut"),
              (status = 409, description = "`CUT_IN_USE`: canvass sessions were walked in it")))]
pub async fn delete(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<StatusCode> {
    user.require(Role::MapAdmin)?;
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    lock(&tx, "cuts", id, "Cut").await?;
    let before = load(&tx, id).await?;
    tx.execute("delete from cuts where id = $1", &[&id])
        .await
        .map_err(|e| match db::violated_constraint(&e) {
            Some("canvass_sessions_cut_fk") => ApiError::conflict(
                "CUT_IN_USE",
                "Volunteers have canvassed this cut: its sessions keep it",
            ),
            _ => e.into(),
        })?;
    audit::change::<Cut>(&tx, subject(&user, id), Some(&before), None).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}
