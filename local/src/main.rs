//! `local`: the whole platform on one machine. `local/run.sh` provisions
//! PostgreSQL and the AWS emulator, then starts this binary; on a self-hosted
//! box (`FLEET_ENV=production`, see `infra/README.md`) systemd or compose does.
//! SIGTERM and Ctrl-C drain it: the process exits 0 once in-flight requests and
//! queue batches are done, 1 when `DRAIN_TIMEOUT_SECS` cut them off.

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use local::launch::{Launch, Mode};
use local::{Drained, Options, provision};
use shared::config::Config;
use shared::email::EmailTransport;
use shared::state::AwsClients;

#[tokio::main]
async fn main() -> ExitCode {
    let vars: HashMap<String, String> = std::env::vars().collect();
    let launch = match Launch::from_vars(&vars) {
        Ok(launch) => launch,
        Err(problems) => {
            eprintln!("local: {problems}");
            return ExitCode::FAILURE;
        }
    };
    shared::telemetry::init(launch.log_format);
    match run(launch, vars).await {
        Ok(Drained::Completely) => ExitCode::SUCCESS,
        Ok(Drained::TimedOut) => {
            tracing::warn!("the drain timeout cut off requests or queue batches still running");
            ExitCode::FAILURE
        }
        Err(e) => {
            tracing::error!(error = %e, "local: cannot start");
            eprintln!("local: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(
    launch: Launch,
    mut vars: HashMap<String, String>,
) -> Result<Drained, Box<dyn std::error::Error>> {
    let Launch {
        host,
        port,
        drain_timeout,
        mode,
        ..
    } = launch;
    vars.entry("PUBLIC_BASE_URL".into())
        .or_insert_with(|| format!("http://{host}:{port}"));
    let aws = AwsClients::from_env().await;
    let transport = shared::config::email_transport(&vars)?;

    if !vars.contains_key("EMAIL_QUEUE_URL") {
        let spec = provision::Spec {
            bucket: vars
                .get("MEDIA_BUCKET")
                .cloned()
                .unwrap_or_else(|| "fleet-media".into()),
            queue_prefix: vars.get("QUEUE_PREFIX").cloned().unwrap_or_default(),
            visibility_timeout_secs: 30,
            max_receive_count: 5,
            ses_sender: (transport == EmailTransport::Ses).then(|| {
                vars.get("EMAIL_FROM")
                    .cloned()
                    .unwrap_or_else(|| "noreply@fleet.local".into())
            }),
            site_origin: vars["PUBLIC_BASE_URL"].clone(),
        };
        let resources = provision::ensure(&aws, &spec).await?;
        vars.insert("EMAIL_QUEUE_URL".into(), resources.email_queue_url);
        vars.insert("EMAIL_DLQ_URL".into(), resources.email_dlq_url);
        vars.insert("EXPORT_QUEUE_URL".into(), resources.export_queue_url);
        vars.insert("GEOCODE_QUEUE_URL".into(), resources.geocode_queue_url);
        vars.insert("VIDEO_QUEUE_URL".into(), resources.video_queue_url);
    }
    let config = Config::from_vars(vars)?;
    let report = migrate::run(&config.database_url).await?;
    tracing::info!(applied = ?report.applied, "database migrated");

    let spa_dir = std::env::var("SPA_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from("frontend/dist"));
    let state = shared::AppState::new(config, aws)?;
    let listener = tokio::net::TcpListener::bind((host.as_str(), port)).await?;
    let server = local::start(
        listener,
        state,
        Options {
            spa_dir: Some(spa_dir),
            storage_origin: Some(storage_origin()),
            poll_wait_secs: 5,
            scheduler_every: Some(Duration::from_secs(60)),
        },
        stop_signal(),
    )?;
    match mode {
        Mode::Development => println!(
            "\n  Fleet is running at http://{}\n  API docs: http://{}/api/openapi.json\n",
            server.addr, server.addr
        ),
        Mode::Production => tracing::info!(addr = %server.addr, "fleet is running"),
    }
    Ok(server.wait(drain_timeout).await)
}

/// Resolves on Ctrl-C or SIGTERM (what systemd and compose send to stop).
async fn stop_signal() {
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut term) => {
                term.recv().await;
            }
            Err(e) => {
                tracing::warn!(error = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        () = term => {}
    }
}

/// Where presigned URLs point: the emulator's origin, or S3's.
fn storage_origin() -> String {
    std::env::var("AWS_ENDPOINT_URL_S3")
        .or_else(|_| std::env::var("AWS_ENDPOINT_URL"))
        .ok()
        .and_then(|url| {
            let (scheme, rest) = url.split_once("://")?;
            let host = rest.split('/').next()?;
            Some(format!("{scheme}://{host}"))
        })
        .unwrap_or_else(|| "https://*.amazonaws.com".to_string())
}
