//! `migrate`: applies `migrations/` to the database. Invoked once per deploy
//! (`infra/deploy.sh`); safe to run again, it applies only what is pending and
//! refuses to run when an applied migration was edited. It connects with the
//! same TLS rules as every function (`sslmode` in `DATABASE_URL`, see
//! `shared::db::tls`).

use serde::Serialize;
use shared::db::{self, ConnectError};
use shared::migrations::{self, MigrationError};

/// What a run did.
#[derive(Debug, Serialize)]
pub struct Report {
    pub applied: Vec<i32>,
    pub latest: Option<i32>,
}

/// Why a run failed.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error(transparent)]
    Connect(#[from] ConnectError),
    #[error(transparent)]
    Migration(#[from] MigrationError),
}

/// Connects to `database_url` and applies every pending migration.
pub async fn run(database_url: &str) -> Result<Report, RunError> {
    let (mut client, driver) = db::connect(database_url).await?;
    let applied = migrations::run(&mut client).await;
    drop(client);
    let _ = driver.await;
    let applied = applied?;
    Ok(Report {
        latest: migrations::all().last().map(|m| m.version),
        applied,
    })
}
