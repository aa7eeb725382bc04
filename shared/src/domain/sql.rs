//! Domain types go to and come from PostgreSQL as the values they wrap, so a query
//! takes `&name` or `&date` directly and a row reads straight into the type.

use std::error::Error;

use bytes::BytesMut;
use chrono::NaiveDate;
use tokio_postgres::types::{FromSql, IsNull, ToSql, Type, accepts, to_sql_checked};

use super::{Date, Email, Filename, Line, PostalCode, Sex, Text};

type BoxError = Box<dyn Error + Sync + Send>;

macro_rules! text_to_sql {
    () => {
        fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
            self.as_str().to_sql(ty, out)
        }

        fn accepts(ty: &Type) -> bool {
            <&str as ToSql>::accepts(ty)
        }

        to_sql_checked!();
    };
}

impl<const MAX: usize, const MIN: usize> ToSql for Line<MAX, MIN> {
    text_to_sql!();
}

impl<const MAX: usize> ToSql for Text<MAX> {
    text_to_sql!();
}

impl ToSql for Email {
    text_to_sql!();
}

impl ToSql for Filename {
    text_to_sql!();
}

impl ToSql for Sex {
    text_to_sql!();
}

impl ToSql for PostalCode {
    text_to_sql!();
}

impl ToSql for Date {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        self.get().to_sql(ty, out)
    }

    accepts!(DATE);
    to_sql_checked!();
}

impl<'a> FromSql<'a> for Date {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<Self, BoxError> {
        Ok(Date::new(NaiveDate::from_sql(ty, raw)?)?)
    }

    accepts!(DATE);
}
