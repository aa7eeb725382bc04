//! Backs up and restores one box (see `local::backup` and `infra/README.md`):
//!
//! ```text
//! backup create DIR    the database and every object of the media bucket into DIR
//! backup restore DIR   DIR into an empty database and an empty (or new) bucket
//! ```
//!
//! Both read `DATABASE_URL`, `MEDIA_BUCKET` and the standard `AWS_*` variables,
//! the same environment file as the server.

use std::path::PathBuf;
use std::process::ExitCode;

use local::backup::{self, Site};
use shared::state::AwsClients;

const USAGE: &str = "usage: backup create DIR | backup restore DIR";

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (command, dir) = match args.as_slice() {
        [command, dir] if command == "create" || command == "restore" => {
            (command.as_str(), PathBuf::from(dir))
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let site = match site().await {
        Ok(site) => site,
        Err(missing) => {
            eprintln!("backup: environment variable {missing} is required but not set");
            return ExitCode::FAILURE;
        }
    };
    let done = if command == "create" {
        backup::create(&site, &dir).await
    } else {
        backup::restore(&dir, &site).await
    };
    match done {
        Ok(manifest) => {
            println!(
                "{command}: database ({} bytes) and {} objects, checksums verified, in {}",
                manifest.database.bytes,
                manifest.objects.len(),
                dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("backup {command}: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn site() -> Result<Site, &'static str> {
    let var = |name: &'static str| std::env::var(name).map_err(|_| name);
    Ok(Site {
        database_url: var("DATABASE_URL")?,
        bucket: var("MEDIA_BUCKET")?,
        s3: AwsClients::from_env().await.s3().clone(),
    })
}
