//! The PostgreSQL side of a backup: `pg_dump` and `pg_restore` run as child
//! processes, the password passed in `PGPASSWORD` rather than on a command line
//! any user of the box could read.

use std::path::{Path, PathBuf};

use super::{BackupError, file_error};

/// Parts of a dump only an extension's owner (a superuser) may write: the
/// comment on the extension, and PostGIS's spatial reference systems, which
/// `create extension postgis` installs itself (the fleet adds none).
const EXTENSION_ENTRIES: [&str; 2] = [
    " COMMENT - EXTENSION ",
    " TABLE DATA public spatial_ref_sys ",
];

/// Loads the dump in one transaction, without [`EXTENSION_ENTRIES`], so the
/// database's owner can restore it once PostGIS is there.
pub(super) async fn restore_database(dump: &Path, database_url: &str) -> Result<(), BackupError> {
    let contents = pg_tool("pg_restore", None, &["--list"], dump).await?;
    let kept: String = String::from_utf8_lossy(&contents)
        .lines()
        .filter(|line| !EXTENSION_ENTRIES.iter().any(|entry| line.contains(entry)))
        .map(|line| format!("{line}\n"))
        .collect();
    let list = std::env::temp_dir().join(format!(
        "fleet-restore-{}-{}.list",
        std::process::id(),
        chrono::Utc::now().timestamp_nanos_opt().unwrap_or_default()
    ));
    tokio::fs::write(&list, kept)
        .await
        .map_err(file_error(&list))?;
    let list_arg = list.to_string_lossy().into_owned();
    let restored = pg_tool(
        "pg_restore",
        Some(database_url),
        &[
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            "--use-list",
            &list_arg,
        ],
        dump,
    )
    .await;
    let _ = tokio::fs::remove_file(&list).await;
    restored.map(drop)
}

/// Runs `pg_dump` or `pg_restore` (from `PG_BIN_DIR`, else `PATH`) on `file`,
/// answering what it printed.
pub(super) async fn pg_tool(
    tool: &str,
    database_url: Option<&str>,
    args: &[&str],
    file: &Path,
) -> Result<Vec<u8>, BackupError> {
    let program = std::env::var_os("PG_BIN_DIR")
        .map(|dir| PathBuf::from(dir).join(tool))
        .unwrap_or_else(|| PathBuf::from(tool));
    let mut command = tokio::process::Command::new(&program);
    command.args(args).arg(file);
    if let Some(database_url) = database_url {
        let (url, password) = split_password(database_url)?;
        command.arg("--dbname").arg(url);
        if let Some(password) = password {
            command.env("PGPASSWORD", password);
        }
    }
    let output = command
        .output()
        .await
        .map_err(|e| BackupError::Tool(format!("{}: {e}", program.display())))?;
    if output.status.success() {
        Ok(output.stdout)
    } else {
        Err(BackupError::Tool(format!(
            "{tool} failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        )))
    }
}

/// The URL without its password, and the password.
fn split_password(database_url: &str) -> Result<(String, Option<String>), BackupError> {
    let mut url = url::Url::parse(database_url)
        .map_err(|_| BackupError::Refused("DATABASE_URL is not a URL".into()))?;
    let password = url.password().map(percent_decode);
    let _ = url.set_password(None);
    Ok((url.to_string(), password))
}

/// Decodes `%XX` escapes (a URL's userinfo); anything else is kept as it is.
fn percent_decode(raw: &str) -> String {
    let bytes = raw.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|pair| std::str::from_utf8(pair).ok())
            .and_then(|pair| u8::from_str_radix(pair, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                decoded.push(byte);
                i += 3;
            }
            (byte, _) => {
                decoded.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&decoded).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_leaves_the_url() {
        let (url, password) =
            split_password("postgres://fleet:s%40c+ret@db.internal:5432/fleet?sslmode=require")
                .unwrap();
        assert_eq!(
            url,
            "postgres://fleet@db.internal:5432/fleet?sslmode=require"
        );
        assert_eq!(password.as_deref(), Some("s@c+ret"));
        let (url, password) = split_password("postgres://fleet@127.0.0.1/fleet").unwrap();
        assert_eq!(
            (url.as_str(), password),
            ("postgres://fleet@127.0.0.1/fleet", None)
        );
    }
}
