//! Applies the SQL files of `migrations/` in order, each in its own transaction,
//! and refuses to run when an applied file was edited afterwards.

use sha2::{Digest, Sha256};

/// One migration file embedded at build time.
#[derive(Debug, Clone, Copy)]
pub struct Migration {
    pub version: i32,
    pub name: &'static str,
    pub sql: &'static str,
}

include!(concat!(env!("OUT_DIR"), "/migrations.rs"));

/// Every migration of the repository, ordered by version.
pub fn all() -> &'static [Migration] {
    MIGRATIONS
}

/// A migration could not be applied.
#[derive(Debug, thiserror::Error)]
pub enum MigrationError {
    #[error("database error while migrating: {0}")]
    Database(#[from] tokio_postgres::Error),
    #[error("migration {version} ({name}) was edited after it was applied")]
    Edited { version: i32, name: String },
    #[error("the database has migration {0}, which this build does not know: deploy a newer build")]
    Unknown(i32),
}

/// Applies every pending migration; returns the versions applied now.
pub async fn run(client: &mut tokio_postgres::Client) -> Result<Vec<i32>, MigrationError> {
    client
        .batch_execute(
            "create table if not exists schema_migrations (
                version integer primary key,
                name text not null,
                checksum text not null,
                applied_at timestamptz not null default now()
            )",
        )
        .await?;
    let tx = client.transaction().await?;
    // One migrator at a time, across every instance that starts together.
    tx.execute("select pg_advisory_xact_lock(727274)", &[])
        .await?;
    let applied = tx
        .query(
            "select version, name, checksum from schema_migrations order by version",
            &[],
        )
        .await?;
    for row in &applied {
        let version: i32 = row.get(0);
        let checksum: String = row.get(2);
        match MIGRATIONS.iter().find(|m| m.version == version) {
            None => return Err(MigrationError::Unknown(version)),
            Some(m) if checksum_of(m.sql) != checksum => {
                return Err(MigrationError::Edited {
                    version,
                    name: m.name.to_string(),
                });
            }
            Some(_) => {}
        }
    }
    let mut done = Vec::new();
    for migration in MIGRATIONS {
        if applied
            .iter()
            .any(|r| r.get::<_, i32>(0) == migration.version)
        {
            continue;
        }
        tx.batch_execute(migration.sql).await?;
        tx.execute(
            "insert into schema_migrations (version, name, checksum) values ($1, $2, $3)",
            &[
                &migration.version,
                &migration.name,
                &checksum_of(migration.sql),
            ],
        )
        .await?;
        done.push(migration.version);
    }
    tx.commit().await?;
    Ok(done)
}

fn checksum_of(sql: &str) -> String {
    hex::encode(Sha256::digest(sql.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_embedded_in_strictly_increasing_order() {
        assert!(!all().is_empty());
        for pair in all().windows(2) {
            assert!(pair[0].version < pair[1].version, "{pair:?}");
        }
        assert!(all().iter().all(|m| !m.sql.trim().is_empty()));
    }
}
