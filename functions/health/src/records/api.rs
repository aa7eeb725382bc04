//! The routes of a kind of child record and their OpenAPI description, written
//! once for every kind:
//!
//! - `GET|POST /api/children/{id}/<kind>`: a page of the child's records (date
//!   range, paging, the kind's filter), and creation (owner or parent);
//! - `GET|PATCH|DELETE /api/<kind>/{id}`: one record, its update (409 `STALE` when
//!   changed since the client read it), its deletion with its files;
//! - `GET /api/<kind>/{id}/history`: its audit trail.

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::get;
use shared::auth::AuthUser;
use shared::http::{ApiJson, ApiPath, ApiQuery, Created, Data, DataOf};
use shared::paging::{DateRange, PageOf, Paged, Paging};
use shared::routing::{ApiRouter, Docs};
use shared::{ApiResult, AppState};
use tokio_postgres::types::ToSql;
use utoipa::openapi::path::{
    HttpMethod, Operation, OperationBuilder, ParameterBuilder, ParameterIn, PathItem,
};
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::security::SecurityRequirement;
use utoipa::openapi::{
    ComponentsBuilder, ContentBuilder, KnownFormat, ObjectBuilder, OpenApi, OpenApiBuilder,
    PathsBuilder, Ref, RefOr, Required, ResponseBuilder, Schema, SchemaFormat, Type,
};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::{ChildRecord, ops};
use crate::history::{self, HistoryEntry};

/// `/api/children/{id}/<kind>`
fn collection<R: ChildRecord>() -> String {
    format!("/api/children/{{id}}/{}", R::PATH)
}

/// `/api/<kind>/{id}`
fn item<R: ChildRecord>() -> String {
    format!("/api/{}/{{id}}", R::PATH)
}

/// The kind's routes and their description.
pub fn api<R: ChildRecord>() -> ApiRouter<impl Docs> {
    let router = Router::new()
        .route(&collection::<R>(), get(list::<R>).post(create::<R>))
        .route(
            &item::<R>(),
            get(read::<R>).patch(update::<R>).delete(delete::<R>),
        )
        .route(
            &format!("{}/history", item::<R>()),
            get(record_history::<R>),
        );
    ApiRouter::new().described(router, describe::<R>)
}

async fn list<R: ChildRecord>(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(child_id): ApiPath<Uuid>,
    range: DateRange,
    Paging(page): Paging,
    ApiQuery(filter): ApiQuery<R::Filter>,
) -> ApiResult<Paged<R::Shown>> {
    let values = R::filter_values(&filter);
    let filters: Vec<&(dyn ToSql + Sync)> = values
        .iter()
        .map(|v| v.as_ref() as &(dyn ToSql + Sync))
        .collect();
    ops::list::<R>(&state, &user, child_id, range, page, &filters).await
}

async fn create<R: ChildRecord>(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(child_id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<R::Fields>,
) -> ApiResult<Created<R::Shown>> {
    ops::create::<R>(&state, &user, child_id, input)
        .await
        .map(Created)
}

async fn read<R: ChildRecord>(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Data<R::Shown>> {
    ops::get::<R>(&state, &user, id).await.map(Data)
}

async fn update<R: ChildRecord>(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
    headers: HeaderMap,
    ApiJson(patch): ApiJson<R::Patch>,
) -> ApiResult<Data<R::Shown>> {
    ops::update::<R>(&state, &user, id, &headers, patch)
        .await
        .map(Data)
}

async fn delete<R: ChildRecord>(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<StatusCode> {
    ops::delete::<R>(&state, &user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn record_history<R: ChildRecord>(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
    Paging(page): Paging,
) -> ApiResult<Paged<HistoryEntry>> {
    history::record(state, user, R::KIND, id, page).await
}

/// The OpenAPI description of the kind's routes, as `#[utoipa::path]` would write it.
fn describe<R: ChildRecord>() -> OpenApi {
    let noun = R::KIND.noun();
    let lower = noun.to_lowercase();
    let child_id = || id_param("Child id");
    let record_id = || id_param(&format!("{noun} id"));
    let missing_child = "No such child, or not in the caller's families";
    let missing = format!("No such {lower}, or not in the caller's families");
    let shown = || schema::<DataOf<R::Shown>>();

    let mut list_params = vec![child_id()];
    list_params.extend(DateRange::into_params(|| Some(ParameterIn::Query)));
    list_params.extend(Paging::<50>::into_params(|| Some(ParameterIn::Query)));
    list_params.extend(R::Filter::into_params(|| Some(ParameterIn::Query)));
    let list = operation(R::DOCS.list)
        .parameters(Some(list_params))
        .response(
            "200",
            json(
                &format!("A page of {lower} records"),
                schema::<PageOf<R::Shown>>(),
            ),
        )
        .response("404", plain(missing_child));
    let create = operation(R::DOCS.create)
        .parameter(child_id())
        .request_body(Some(body(schema::<R::Fields>())))
        .response("201", json("Created", shown()))
        .response("403", plain("Read-only member"))
        .response("404", plain(missing_child))
        .response("422", plain("Invalid fields"));
    let read = operation(R::DOCS.get)
        .parameter(record_id())
        .response("200", json(&format!("The {lower}"), shown()))
        .response("404", plain(&missing));
    let update = operation(R::DOCS.update)
        .parameter(record_id())
        .request_body(Some(body(schema::<R::Patch>())))
        .response("200", json("Updated", shown()))
        .response("403", plain("Read-only member"))
        .response("404", plain(&missing))
        .response("409", plain("Changed by someone else (STALE)"))
        .response("422", plain("Invalid fields"));
    let delete = operation(R::DOCS.delete)
        .parameter(record_id())
        .response("204", plain("Deleted"))
        .response("403", plain("Read-only member"))
        .response("404", plain(&missing));
    let mut history_params = vec![record_id()];
    history_params.extend(Paging::<50>::into_params(|| Some(ParameterIn::Query)));
    let history = operation(&format!("Everything that happened to a {lower}."))
        .parameters(Some(history_params))
        .response(
            "200",
            json(
                "Audit events, newest first",
                schema::<PageOf<HistoryEntry>>(),
            ),
        )
        .response("404", plain(&missing));

    let mut one = PathItem::new(HttpMethod::Get, read.build());
    one.merge_operations(PathItem::new(HttpMethod::Patch, update.build()));
    one.merge_operations(PathItem::new(HttpMethod::Delete, delete.build()));
    let mut many = PathItem::new(HttpMethod::Get, list.build());
    many.merge_operations(PathItem::new(HttpMethod::Post, create.build()));
    let paths = PathsBuilder::new()
        .path(collection::<R>(), many)
        .path(item::<R>(), one)
        .path(
            format!("{}/history", item::<R>()),
            PathItem::new(HttpMethod::Get, Operation::from(history)),
        );

    let mut schemas = Vec::new();
    named::<DataOf<R::Shown>>(&mut schemas);
    named::<PageOf<R::Shown>>(&mut schemas);
    named::<PageOf<HistoryEntry>>(&mut schemas);
    named::<R::Fields>(&mut schemas);
    named::<R::Patch>(&mut schemas);
    named::<R::Shown>(&mut schemas);
    OpenApiBuilder::new()
        .paths(paths)
        .components(Some(
            ComponentsBuilder::new().schemas_from_iter(schemas).build(),
        ))
        .build()
}

/// An operation of the `health` tag that needs a signed-in caller.
fn operation(summary: &str) -> OperationBuilder {
    OperationBuilder::new()
        .tag("health")
        .summary(Some(summary))
        .security(SecurityRequirement::new("bearer", Vec::<String>::new()))
}

fn id_param(description: &str) -> utoipa::openapi::path::Parameter {
    ParameterBuilder::new()
        .name("id")
        .parameter_in(ParameterIn::Path)
        .required(Required::True)
        .description(Some(description))
        .schema(Some(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .format(Some(SchemaFormat::KnownFormat(KnownFormat::Uuid))),
        ))
        .build()
}

/// A reference to the component of `T` (registered by [`named`]).
fn schema<T: ToSchema>() -> RefOr<Schema> {
    RefOr::Ref(Ref::from_schema_name(composed_name::<T>()))
}

/// The component name utoipa gives a type: generics joined by `_` (`DataOf_Visit`).
fn composed_name<T: ToSchema>() -> String {
    let full = std::any::type_name::<T>();
    full.split(['<', '>', ',', ' '])
        .filter(|part| !part.is_empty())
        .map(|part| part.rsplit("::").next().unwrap_or(part))
        .collect::<Vec<_>>()
        .join("_")
}

/// Registers the component of `T` and those it refers to.
fn named<T: ToSchema>(schemas: &mut Vec<(String, RefOr<Schema>)>) {
    schemas.push((composed_name::<T>(), T::schema()));
    T::schemas(schemas);
}

fn json(description: &str, schema: RefOr<Schema>) -> ResponseBuilder {
    ResponseBuilder::new().description(description).content(
        "application/json",
        ContentBuilder::new().schema(Some(schema)).build(),
    )
}

fn plain(description: &str) -> ResponseBuilder {
    ResponseBuilder::new().description(description)
}

fn body(schema: RefOr<Schema>) -> utoipa::openapi::request_body::RequestBody {
    RequestBodyBuilder::new()
        .required(Some(Required::True))
        .content(
            "application/json",
            ContentBuilder::new().schema(Some(schema)).build(),
        )
        .build()
}
