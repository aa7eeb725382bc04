//! The one way to run SQL: a pooled connection and its transactions whose query
//! methods always go through the connection's statement cache.
//!
//! A statement is parsed and planned by PostgreSQL once per connection; every
//! later call sends only its parameters (one round trip instead of two, and no
//! parse or plan on the server). There is no uncached query method to forget,
//! so a handler cannot fall back to the simple path by accident. SQL built at
//! run time is cached per text, so it must come from a small set of shapes
//! (column lists, optional filters), never from values: values are parameters.

use std::future::Future;

use deadpool_postgres::Object;
use tokio_postgres::types::ToSql;
use tokio_postgres::{Error, IsolationLevel, Row};

/// The parameters of one statement.
pub type Params<'a> = &'a [&'a (dyn ToSql + Sync)];

/// What both a connection and a transaction can run. Functions that work inside
/// or outside a transaction take `&impl GenericClient`.
pub trait GenericClient: Sync {
    /// The rows of a statement.
    fn query(
        &self,
        sql: &str,
        params: Params<'_>,
    ) -> impl Future<Output = Result<Vec<Row>, Error>> + Send;

    /// The one row of a statement; an error when it returns none or several.
    fn query_one(
        &self,
        sql: &str,
        params: Params<'_>,
    ) -> impl Future<Output = Result<Row, Error>> + Send;

    /// The row of a statement, if any; an error when it returns several.
    fn query_opt(
        &self,
        sql: &str,
        params: Params<'_>,
    ) -> impl Future<Output = Result<Option<Row>, Error>> + Send;

    /// Runs a statement; answers how many rows it changed.
    fn execute(
        &self,
        sql: &str,
        params: Params<'_>,
    ) -> impl Future<Output = Result<u64, Error>> + Send;
}

/// Gives a wrapper whose field `.0` has deadpool's `prepare_cached` and
/// tokio-postgres' query methods the cached query methods, both as its own (no
/// import needed) and as [`GenericClient`].
macro_rules! cached_queries {
    ($type:ty) => {
        impl $type {
            /// The rows of a statement.
            pub async fn query(&self, sql: &str, params: Params<'_>) -> Result<Vec<Row>, Error> {
                let statement = self.0.prepare_cached(sql).await?;
                self.0.query(&statement, params).await
            }

            /// The one row of a statement; an error when it returns none or several.
            pub async fn query_one(&self, sql: &str, params: Params<'_>) -> Result<Row, Error> {
                let statement = self.0.prepare_cached(sql).await?;
                self.0.query_one(&statement, params).await
            }

            /// The row of a statement, if any; an error when it returns several.
            pub async fn query_opt(
                &self,
                sql: &str,
                params: Params<'_>,
            ) -> Result<Option<Row>, Error> {
                let statement = self.0.prepare_cached(sql).await?;
                self.0.query_opt(&statement, params).await
            }

            /// Runs a statement; answers how many rows it changed.
            pub async fn execute(&self, sql: &str, params: Params<'_>) -> Result<u64, Error> {
                let statement = self.0.prepare_cached(sql).await?;
                self.0.execute(&statement, params).await
            }
        }

        impl GenericClient for $type {
            fn query(
                &self,
                sql: &str,
                params: Params<'_>,
            ) -> impl Future<Output = Result<Vec<Row>, Error>> + Send {
                <$type>::query(self, sql, params)
            }

            fn query_one(
                &self,
                sql: &str,
                params: Params<'_>,
            ) -> impl Future<Output = Result<Row, Error>> + Send {
                <$type>::query_one(self, sql, params)
            }

            fn query_opt(
                &self,
                sql: &str,
                params: Params<'_>,
            ) -> impl Future<Output = Result<Option<Row>, Error>> + Send {
                <$type>::query_opt(self, sql, params)
            }

            fn execute(
                &self,
                sql: &str,
                params: Params<'_>,
            ) -> impl Future<Output = Result<u64, Error>> + Send {
                <$type>::execute(self, sql, params)
            }
        }
    };
}

/// A connection taken from the pool; it goes back when dropped.
pub struct Client(Object);

/// A transaction on a [`Client`]: rolled back when dropped without
/// [`Transaction::commit`].
pub struct Transaction<'a>(deadpool_postgres::Transaction<'a>);

cached_queries!(Client);
cached_queries!(Transaction<'_>);

impl Client {
    pub(crate) fn new(object: Object) -> Self {
        Self(object)
    }

    /// Starts a transaction (read committed).
    pub async fn transaction(&mut self) -> Result<Transaction<'_>, Error> {
        self.0.transaction().await.map(Transaction)
    }

    /// Starts a read-only transaction that sees one consistent state of the
    /// database throughout (repeatable read), whatever is written meanwhile.
    pub async fn snapshot(&mut self) -> Result<Transaction<'_>, Error> {
        self.0
            .build_transaction()
            .isolation_level(IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()
            .await
            .map(Transaction)
    }

    /// Runs statements without parameters through the simple protocol, uncached:
    /// for health checks and maintenance, never for a request's data.
    pub async fn batch_execute(&self, sql: &str) -> Result<(), Error> {
        self.0.batch_execute(sql).await
    }

    /// How many statements this connection has prepared and kept.
    pub fn cached_statements(&self) -> usize {
        self.0.statement_cache.size()
    }
}

impl Transaction<'_> {
    /// Makes the transaction's writes permanent.
    pub async fn commit(self) -> Result<(), Error> {
        self.0.commit().await
    }

    /// Undoes the transaction's writes (dropping it does the same).
    pub async fn rollback(self) -> Result<(), Error> {
        self.0.rollback().await
    }
}
