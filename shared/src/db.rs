//! The PostgreSQL pool, its connections whose queries always use the statement
//! cache (see [`Client`]), TLS to the database (see [`tls`]), and the translation
//! of database failures into API errors.

mod client;
pub mod tls;

use deadpool_postgres::{Manager, ManagerConfig, Pool, PoolError, RecyclingMethod, Timeouts};
use tokio_postgres::error::SqlState;

use crate::config::Config;
use crate::error::ApiError;

pub use client::{Client, GenericClient, Params, Transaction};

/// Builds the pool: small (one request at a time per Lambda instance) and with
/// explicit timeouts so a dead database answers 503 instead of hanging.
pub fn pool(config: &Config) -> Result<Pool, DbSetupError> {
    let tls::Target {
        config: mut pg_config,
        tls,
        ..
    } = tls::target(&config.database_url)?;
    pg_config.connect_timeout(config.db_timeout);
    let manager = Manager::from_config(
        pg_config,
        tls,
        ManagerConfig {
            recycling_method: RecyclingMethod::Fast,
        },
    );
    Pool::builder(manager)
        .max_size(config.db_pool_max_size)
        .timeouts(Timeouts {
            wait: Some(config.db_timeout),
            create: Some(config.db_timeout),
            recycle: Some(config.db_timeout),
        })
        .runtime(deadpool_postgres::Runtime::Tokio1)
        .build()
        .map_err(|e| DbSetupError(format!("cannot build the database pool: {e}")))
}

/// The pool could not be built.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct DbSetupError(String);

/// One connection outside the pool (migrations), with the same TLS rules. The
/// returned task drives the connection; it ends when the client is dropped.
pub async fn connect(
    database_url: &str,
) -> Result<(tokio_postgres::Client, tokio::task::JoinHandle<()>), ConnectError> {
    let target = tls::target(database_url)?;
    let (client, connection) = target.config.connect(target.tls).await?;
    let driver = tokio::spawn(async move {
        if let Err(e) = connection.await {
            tracing::error!(error = %e, "database connection failed");
        }
    });
    Ok((client, driver))
}

/// A single connection could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error(transparent)]
    Setup(#[from] DbSetupError),
    #[error("cannot connect to the database: {}", crate::error::cause_chain(.0))]
    Database(#[from] tokio_postgres::Error),
}

/// Takes a connection from the pool, answering 503 when the database is down.
pub async fn client(pool: &Pool) -> Result<Client, ApiError> {
    pool.get().await.map(Client::new).map_err(ApiError::from)
}

impl From<PoolError> for ApiError {
    fn from(err: PoolError) -> Self {
        // Every pool failure means no usable connection: the database is down,
        // refusing connections, or too slow to answer.
        ApiError::unavailable(err)
    }
}

impl From<tokio_postgres::Error> for ApiError {
    fn from(err: tokio_postgres::Error) -> Self {
        let Some(db) = err.as_db_error() else {
            // No server answer at all: the connection failed or closed.
            return if err.is_closed() || err.to_string().contains("connect") {
                ApiError::unavailable(err)
            } else {
                ApiError::internal(err)
            };
        };
        let code = db.code();
        if *code == SqlState::UNIQUE_VIOLATION {
            ApiError::conflict("CONFLICT", "This record already exists")
        } else if *code == SqlState::FOREIGN_KEY_VIOLATION {
            ApiError::new(
                axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                "INVALID_REFERENCE",
                "A referenced record does not exist",
            )
        } else if *code == SqlState::T_R_SERIALIZATION_FAILURE
            || *code == SqlState::T_R_DEADLOCK_DETECTED
        {
            ApiError::retry()
        } else if *code == SqlState::CHECK_VIOLATION {
            ApiError::new(
                axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                "VALIDATION_FAILED",
                "A value is out of its allowed range",
            )
        } else if [
            SqlState::CHARACTER_NOT_IN_REPERTOIRE,
            SqlState::DATETIME_FIELD_OVERFLOW,
            SqlState::INVALID_TEXT_REPRESENTATION,
            SqlState::NUMERIC_VALUE_OUT_OF_RANGE,
        ]
        .contains(code)
        {
            // Domain types keep such values out; this is the net under them, so a
            // value the database cannot store is never answered as our fault. The
            // SQLSTATE is logged (never the value), as it means an input escaped its type.
            tracing::warn!(
                sqlstate = code.code(),
                "a value reached the database that it cannot store"
            );
            ApiError::new(
                axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                "INVALID_VALUE",
                "A value is not one the database can store",
            )
        } else if *code == SqlState::ADMIN_SHUTDOWN
            || *code == SqlState::CANNOT_CONNECT_NOW
            || *code == SqlState::TOO_MANY_CONNECTIONS
        {
            ApiError::unavailable(err)
        } else {
            ApiError::internal(err)
        }
    }
}

/// The name of the constraint a database error violated, to map it at the call site.
pub fn violated_constraint(err: &tokio_postgres::Error) -> Option<&str> {
    err.as_db_error().and_then(|db| db.constraint())
}

/// Checks that the database answers.
pub async fn ping(pool: &Pool) -> Result<(), ApiError> {
    let client = client(pool).await?;
    client.batch_execute("select 1").await?;
    Ok(())
}
