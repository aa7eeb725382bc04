//! `migrate`: applies `migrations/` to the database. Invoked once per deploy
//! (`infra/deploy.sh`); safe to run again, it applies only what is pending and
//! refuses to run when an applied migration was edited.

use serde::Serialize;
use shared::migrations::{self, MigrationError};

/// What a run did.
#[derive(Debug, Serialize)]
pub struct Report {
    pub applied: Vec<i32>,
    pub latest: Option<i32>,
}

/// Connects to `database_url` and applies every pending migration.
pub async fn run(database_url: &str) -> Result<Report, MigrationError> {
    let (mut client, connection) =
        tokio_postgres::connect(database_url, tokio_postgres::NoTls).await?;
    let driver = tokio::spawn(async move {
        if let Err(e) = connection.await {
            tracing::error!(error = %e, "migration connection failed");
        }
    });
    let applied = migrations::run(&mut client).await;
    drop(client);
    let _ = driver.await;
    let applied = applied?;
    Ok(Report {
        latest: migrations::all().last().map(|m| m.version),
        applied,
    })
}
