//! `/api/representatives`: the admins' list, search and edit of representatives.
//! One added by hand (`manual`) is left alone by imports; an edit of an imported
//! one lasts until the next import of its level.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use shared::audit::{self, Subject};
use shared::auth::AuthUser;
use shared::db::GenericClient;
use shared::domain::{Email, Line, Name};
use shared::error::FieldErrors;
use shared::http::{ApiJson, ApiPath, ApiQuery, Created, Data, DataOf};
use shared::paging::{self, PageOf, Paged, Paging};
use shared::records::{Patch, check_fresh};
use shared::{ApiError, ApiResult, AppState, db};
use uuid::Uuid;

use influence::Level;

use crate::campaign::admin;
use crate::campaigns::search_pattern;
use crate::representative::{
    LEVEL_ORDER, RECORD_COLUMNS, RepresentativeOffice, RepresentativeRecord,
};

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RepresentativeQuery {
    /// Matches the name, the district, the office or the email.
    q: Option<String>,
    level: Option<Level>,
}

/// Lists representatives by level, district and name, with search (admins).
#[utoipa::path(get, path = "/api/representatives", tag = "representatives", security(("bearer" = [])),
    params(RepresentativeQuery, Paging),
    responses((status = 200, description = "A page of representatives", body = PageOf<RepresentativeRecord>),
              (status = 403, description = "Not an Influence admin")))]
pub async fn list(
    user: AuthUser,
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<RepresentativeQuery>,
    Paging(page): Paging,
) -> ApiResult<Paged<RepresentativeRecord>> {
    admin(&user)?;
    let pattern = search_pattern("q", query.q.as_deref())?;
    let client = db::client(&state.db).await?;
    let rows = paging::fetch(
        &client,
        RECORD_COLUMNS,
        "from representatives r
         where ($1::text is null or r.name ilike $1 or r.district ilike $1
                or r.elected_office ilike $1 or r.email ilike $1)
           and ($2::text is null or r.level = $2)",
        &format!("array_position({LEVEL_ORDER}, r.level), lower(r.district), r.name, r.id"),
        &[&pattern, &query.level.map(Level::as_str)],
        page,
    )
    .await?;
    Paged::from_rows(rows, page, RepresentativeRecord::from_row)
}

/// A representative's own fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RepresentativeFields {
    pub name: String,
    #[serde(default)]
    pub email: String,
    pub elected_office: String,
    pub level: Level,
    pub district: String,
    #[serde(default)]
    pub party: String,
    /// An `https://` address, or empty.
    #[serde(default)]
    pub photo_url: String,
    #[serde(default)]
    pub offices: Vec<RepresentativeOffice>,
}

impl RepresentativeFields {
    fn check(&mut self) -> ApiResult<()> {
        let mut errors = FieldErrors::new();
        errors.tidy::<Name>("name", &mut self.name);
        errors.tidy::<Line<100>>("elected_office", &mut self.elected_office);
        errors.tidy::<Line<200>>("district", &mut self.district);
        errors.tidy::<Line<100, 0>>("party", &mut self.party);
        errors.tidy::<Line<500, 0>>("photo_url", &mut self.photo_url);
        self.email = self.email.trim().to_string();
        if !self.email.is_empty() {
            errors.take("email", Email::parse(&self.email));
        }
        if !self.photo_url.is_empty() && !self.photo_url.starts_with("https://") {
            errors.add("photo_url", "Must be an https:// address");
        }
        if self.offices.len() > 10 {
            errors.add("offices", "At most 10 offices");
        }
        for office in &mut self.offices {
            errors.tidy::<Line<50, 0>>("offices", &mut office.kind);
            errors.tidy::<shared::domain::Text<500>>("offices", &mut office.postal);
            errors.tidy::<Line<50, 0>>("offices", &mut office.tel);
        }
        errors.finish()
    }

    fn of(record: &RepresentativeRecord) -> Self {
        let r = &record.representative;
        Self {
            name: r.name.clone(),
            email: r.email.clone(),
            elected_office: r.elected_office.clone(),
            level: r.level,
            district: r.district.clone(),
            party: r.party.clone(),
            photo_url: r.photo_url.clone(),
            offices: r.offices.clone(),
        }
    }
}

#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RepresentativePatch {
    name: Option<String>,
    email: Option<String>,
    elected_office: Option<String>,
    level: Option<Level>,
    district: Option<String>,
    party: Option<String>,
    photo_url: Option<String>,
    offices: Option<Vec<RepresentativeOffice>>,
    /// The `updated_at` last seen (or send `If-Match`): 409 `STALE` if it changed since.
    updated_at: Option<DateTime<Utc>>,
}

shared::patch!(RepresentativePatch => RepresentativeFields {
    name, email, elected_office, level, district, party, photo_url, offices,
});

fn subject(user: &AuthUser, id: Uuid) -> Subject<'static> {
    Subject {
        actor_id: user.id,
        entity_type: "representative",
        entity_id: id,
        scope_id: None,
    }
}

async fn load(
    client: &impl GenericClient,
    id: Uuid,
    lock: bool,
) -> ApiResult<RepresentativeRecord> {
    let sql = format!(
        "select {RECORD_COLUMNS} from representatives r where r.id = $1{}",
        if lock { " for update" } else { "" }
    );
    let row = client
        .query_opt(&sql, &[&id])
        .await?
        .ok_or_else(|| ApiError::not_found("Representative"))?;
    RepresentativeRecord::from_row(&row)
}

/// Adds a representative by hand (admins): imports leave them alone.
#[utoipa::path(post, path = "/api/representatives", tag = "representatives", security(("bearer" = [])),
    request_body = RepresentativeFields,
    responses((status = 201, description = "Added", body = DataOf<RepresentativeRecord>),
              (status = 403, description = "Not an Influence admin"),
              (status = 422, description = "Invalid fields")))]
pub async fn create(
    user: AuthUser,
    State(state): State<AppState>,
    ApiJson(mut fields): ApiJson<RepresentativeFields>,
) -> ApiResult<Created<RepresentativeRecord>> {
    admin(&user)?;
    fields.check()?;
    let offices = serde_json::to_value(&fields.offices).map_err(ApiError::internal)?;
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    let id: Uuid = tx
        .query_one(
            "insert into representatives (key, source, name, email, elected_office, level, district,
                                          party, photo_url, offices)
             values ('manual:' || gen_random_uuid(), 'manual', $1, $2, $3, $4, $5, $6, $7, $8)
             returning id",
            &[
                &fields.name,
                &fields.email,
                &fields.elected_office,
                &fields.level.as_str(),
                &fields.district,
                &fields.party,
                &fields.photo_url,
                &offices,
            ],
        )
        .await?
        .try_get(0)?;
    audit::change(&tx, subject(&user, id), None, Some(&fields)).await?;
    let record = load(&tx, id, false).await?;
    tx.commit().await?;
    Ok(Created(record))
}

/// One representative (admins).
#[utoipa::path(get, path = "/api/representatives/{id}", tag = "representatives", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Representative id")),
    responses((status = 200, description = "The representative", body = DataOf<RepresentativeRecord>),
              (status = 403, description = "Not an Influence admin"),
              (status = 404, description = "No such representative")))]
pub async fn get(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Data<RepresentativeRecord>> {
    admin(&user)?;
    let client = db::client(&state.db).await?;
    load(&client, id, false).await.map(Data)
}

/// Changes a representative (admins).
#[utoipa::path(patch, path = "/api/representatives/{id}", tag = "representatives", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Representative id")),
    request_body = RepresentativePatch,
    responses((status = 200, description = "Updated", body = DataOf<RepresentativeRecord>),
              (status = 403, description = "Not an Influence admin"),
              (status = 404, description = "No such representative"),
              (status = 409, description = "Changed since it was read (STALE)"),
              (status = 422, description = "Invalid fields")))]
pub async fn update(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
    headers: HeaderMap,
    ApiJson(patch): ApiJson<RepresentativePatch>,
) -> ApiResult<Data<RepresentativeRecord>> {
    admin(&user)?;
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    let current = load(&tx, id, true).await?;
    check_fresh(patch.seen(), &headers, current.updated_at)?;
    let before = RepresentativeFields::of(&current);
    let mut after = patch.apply(before.clone());
    after.check()?;
    let offices = serde_json::to_value(&after.offices).map_err(ApiError::internal)?;
    tx.execute(
        "update representatives set name = $2, email = $3, elected_office = $4, level = $5,
             district = $6, party = $7, photo_url = $8, offices = $9
         where id = $1",
        &[
            &id,
            &after.name,
            &after.email,
            &after.elected_office,
            &after.level.as_str(),
            &after.district,
            &after.party,
            &after.photo_url,
            &offices,
        ],
    )
    .await?;
    audit::change(&tx, subject(&user, id), Some(&before), Some(&after)).await?;
    let record = load(&tx, id, false).await?;
    tx.commit().await?;
    Ok(Data(record))
}

/// Removes a representative (admins). The emails sent to them keep their copy
/// of the name and address.
#[utoipa::path(delete, path = "/api/representatives/{id}", tag = "representatives", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Representative id")),
    responses((status = 204, description = "Removed"),
              (status = 403, description = "Not an Influence admin"),
              (status = 404, description = "No such representative")))]
pub async fn delete(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<StatusCode> {
    admin(&user)?;
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    let current = load(&tx, id, true).await?;
    tx.execute("delete from representatives where id = $1", &[&id])
        .await?;
    audit::change(
        &tx,
        subject(&user, id),
        Some(&RepresentativeFields::of(&current)),
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}
