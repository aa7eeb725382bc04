//! Lists: the `?page=&limit=` extractor that validates itself, the one windowed
//! query that reads a page and the total in one round trip, and the
//! `{"data": [...], "meta": {"page", "limit", "total"}}` answer.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::json;
use tokio_postgres::Row;
use tokio_postgres::types::ToSql;
use utoipa::openapi::path::{Parameter, ParameterBuilder, ParameterIn};
use utoipa::openapi::{ObjectBuilder, Required, Type};

use crate::db::GenericClient;
use crate::error::ApiError;
use crate::http::ApiQuery;

/// The largest page a list answers.
pub const MAX_LIMIT: i64 = 200;
/// The last page number a list accepts (so no offset can overflow).
pub const MAX_PAGE: i64 = 100_000;

/// A checked page request: `page` from 1, `limit` from 1 to 200.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub page: i64,
    pub limit: i64,
}

impl Page {
    /// Checks the bounds: 422 naming `page` or `limit`.
    pub fn new(page: i64, limit: i64) -> Result<Self, ApiError> {
        if !(1..=MAX_PAGE).contains(&page) {
            return Err(ApiError::invalid_field(
                "page",
                format!("page must be between 1 and {MAX_PAGE}"),
            ));
        }
        if !(1..=MAX_LIMIT).contains(&limit) {
            return Err(ApiError::invalid_field(
                "limit",
                format!("limit must be between 1 and {MAX_LIMIT}"),
            ));
        }
        Ok(Self { page, limit })
    }

    pub fn offset(&self) -> i64 {
        (self.page - 1) * self.limit
    }
}

/// The `?page=&limit=` of a list, checked on extraction, so a handler cannot
/// forget to. `DEFAULT_LIMIT` is the page size when `limit` is absent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging<const DEFAULT_LIMIT: i64 = 50>(pub Page);

#[derive(Deserialize)]
struct RawPage {
    page: Option<i64>,
    limit: Option<i64>,
}

impl<S: Send + Sync, const DEFAULT_LIMIT: i64> FromRequestParts<S> for Paging<DEFAULT_LIMIT> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let ApiQuery(raw) = ApiQuery::<RawPage>::from_request_parts(parts, state).await?;
        Page::new(raw.page.unwrap_or(1), raw.limit.unwrap_or(DEFAULT_LIMIT)).map(Self)
    }
}

impl<const DEFAULT_LIMIT: i64> utoipa::IntoParams for Paging<DEFAULT_LIMIT> {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        let param = |name: &str, description: String, default: i64, max: i64| {
            ParameterBuilder::new()
                .name(name)
                .parameter_in(ParameterIn::Query)
                .required(Required::False)
                .description(Some(description))
                .schema(Some(
                    ObjectBuilder::new()
                        .schema_type(Type::Integer)
                        .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(
                            utoipa::openapi::KnownFormat::Int64,
                        )))
                        .minimum(Some(1))
                        .maximum(Some(max))
                        .default(Some(json!(default))),
                ))
                .build()
        };
        vec![
            param("page", "Page, from 1".into(), 1, MAX_PAGE),
            param(
                "limit",
                format!("Records per page, 1 to {MAX_LIMIT} (default {DEFAULT_LIMIT})"),
                DEFAULT_LIMIT,
                MAX_LIMIT,
            ),
        ]
    }
}

/// `?from=&to=` of a list filtered by date (`YYYY-MM-DD`, both optional), checked on
/// extraction: each between 1900 and 2200 (wide enough for any record, well inside
/// what the database stores) and `to` not before `from`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DateRange {
    /// Only records on or after this date (YYYY-MM-DD).
    pub from: Option<NaiveDate>,
    /// Only records on or before this date (YYYY-MM-DD).
    pub to: Option<NaiveDate>,
}

impl DateRange {
    pub const EARLIEST: NaiveDate = NaiveDate::from_ymd_opt(1900, 1, 1).expect("a valid date");
    pub const LATEST: NaiveDate = NaiveDate::from_ymd_opt(2200, 12, 31).expect("a valid date");

    fn checked(self) -> Result<Self, ApiError> {
        for (field, date) in [("from", self.from), ("to", self.to)] {
            if date.is_some_and(|d| !(Self::EARLIEST..=Self::LATEST).contains(&d)) {
                let message = format!("{field} must be between 1900 and 2200");
                return Err(ApiError::invalid_field(field, message));
            }
        }
        match (self.from, self.to) {
            (Some(from), Some(to)) if from > to => {
                Err(ApiError::invalid_field("to", "to must not be before from"))
            }
            _ => Ok(self),
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for DateRange {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let ApiQuery(range) = ApiQuery::<DateRange>::from_request_parts(parts, state).await?;
        range.checked()
    }
}

/// A page of a list and the total number of items: answered as
/// `{"data": [...], "meta": {"page", "limit", "total"}}`.
#[derive(Debug)]
pub struct Paged<T> {
    pub items: Vec<T>,
    pub page: Page,
    pub total: i64,
}

impl<T> Paged<T> {
    /// Builds the page from rows read by [`fetch`].
    pub fn from_rows(
        (rows, total): (Vec<Row>, i64),
        page: Page,
        item: impl FnMut(&Row) -> Result<T, ApiError>,
    ) -> Result<Self, ApiError> {
        Ok(Self {
            items: rows.iter().map(item).collect::<Result<_, _>>()?,
            page,
            total,
        })
    }
}

/// The documented shape of a [`Paged`] answer, for `body = PageOf<T>` in an
/// operation's responses. Never built.
#[derive(Debug, utoipa::ToSchema)]
pub struct PageOf<T> {
    pub data: Vec<T>,
    pub meta: PageMeta,
}

/// The `meta` of a page.
#[derive(Debug, Clone, Copy, Serialize, utoipa::ToSchema)]
pub struct PageMeta {
    pub page: i64,
    pub limit: i64,
    /// Items in the whole list.
    pub total: i64,
}

impl<T: Serialize> IntoResponse for Paged<T> {
    fn into_response(self) -> Response {
        #[derive(Serialize)]
        struct Body<T> {
            data: Vec<T>,
            meta: PageMeta,
        }
        axum::Json(Body {
            data: self.items,
            meta: PageMeta {
                page: self.page.page,
                limit: self.page.limit,
                total: self.total,
            },
        })
        .into_response()
    }
}

/// One page of `select {columns} {from_where} order by {order}` and the total count
/// in one prepared statement (`count(*) over ()`); a second statement runs only for
/// a page past the end, where no row carries the total. `filters` are `$1..$n` of
/// `from_where`; the limit and offset follow them.
pub async fn fetch(
    client: &impl GenericClient,
    columns: &str,
    from_where: &str,
    order: &str,
    filters: &[&(dyn ToSql + Sync)],
    page: Page,
) -> Result<(Vec<Row>, i64), ApiError> {
    let n = filters.len();
    let sql = format!(
        "select {columns}, count(*) over () as total {from_where} order by {order} limit ${} offset ${}",
        n + 1,
        n + 2
    );
    let offset = page.offset();
    let mut params = filters.to_vec();
    params.push(&page.limit);
    params.push(&offset);
    let rows = client.query(&sql, &params).await?;
    let total = match rows.first() {
        Some(row) => row.try_get("total")?,
        None if offset > 0 => {
            // The columns are kept: a filter may be used only there (`$1` in a
            // column's subquery), and every parameter must be typed by the query.
            let count =
                format!("select count(*) from (select {columns} {from_where}) as past_the_end");
            client.query_one(&count, filters).await?.try_get(0)?
        }
        None => 0,
    };
    Ok((rows, total))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_bounds() {
        assert_eq!(Page::new(1, 50).unwrap().offset(), 0);
        assert_eq!(Page::new(3, 20).unwrap().offset(), 40);
        for (page, limit, field) in [
            (0, 20, "page"),
            (i64::MAX, 200, "page"),
            (1, 201, "limit"),
            (1, 0, "limit"),
        ] {
            let err = Page::new(page, limit).unwrap_err();
            assert_eq!(err.status().as_u16(), 422);
            assert!(err.details()[field].is_string(), "{page} {limit}");
        }
    }

    #[tokio::test]
    async fn paging_reads_the_query_and_its_defaults() {
        async fn extract<const D: i64>(uri: &str) -> Result<Page, ApiError> {
            let (mut parts, ()) = axum::http::Request::get(uri).body(()).unwrap().into_parts();
            Paging::<D>::from_request_parts(&mut parts, &())
                .await
                .map(|p| p.0)
        }
        assert_eq!(
            extract::<50>("/x").await.unwrap(),
            Page { page: 1, limit: 50 }
        );
        assert_eq!(
            extract::<20>("/x").await.unwrap(),
            Page { page: 1, limit: 20 }
        );
        assert_eq!(
            extract::<50>("/x?page=2&limit=5&other=1").await.unwrap(),
            Page { page: 2, limit: 5 }
        );
        assert_eq!(
            extract::<50>("/x?page=0")
                .await
                .unwrap_err()
                .status()
                .as_u16(),
            422
        );
        assert_eq!(
            extract::<50>("/x?limit=abc")
                .await
                .unwrap_err()
                .status()
                .as_u16(),
            400
        );
    }

    #[tokio::test]
    async fn date_ranges_are_checked_on_extraction() {
        async fn extract(uri: &str) -> Result<DateRange, ApiError> {
            let (mut parts, ()) = axum::http::Request::get(uri).body(()).unwrap().into_parts();
            DateRange::from_request_parts(&mut parts, &()).await
        }
        let range = extract("/x?from=2024-02-01&to=2024-02-29").await.unwrap();
        assert_eq!(range.to, NaiveDate::from_ymd_opt(2024, 2, 29));
        assert_eq!(extract("/x").await.unwrap(), DateRange::default());
        for (bad, status) in [
            ("from=2024-03-01&to=2024-02-01", 422),
            ("from=1800-01-01", 422),
            ("to=9999-12-31", 422),
            ("from=soon", 400),
        ] {
            let err = extract(&format!("/x?{bad}")).await.unwrap_err();
            assert_eq!(err.status().as_u16(), status, "{bad}");
        }
    }
}
