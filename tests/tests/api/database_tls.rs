//! TLS to PostgreSQL, against the local cluster with TLS turned on by
//! `local/scripts/services.sh` (its own certificate authority; the server
//! certificate names `localhost` only).

use std::path::PathBuf;

use shared::config::Config;

use crate::helpers::*;

/// The local cluster's certificate authority, when the test script made one.
fn cluster_ca() -> Option<PathBuf> {
    std::env::var_os("TEST_DATABASE_TLS_CA")
        .map(PathBuf::from)
        .or_else(|| {
            let conventional =
                PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../.local/pg-tls/ca.crt");
            conventional.is_file().then_some(conventional)
        })
}

/// The app's database URL with another host and these TLS parameters.
fn url(app: &TestApp, host: &str, params: &str) -> String {
    let base = app.state.config.database_url.replacen("127.0.0.1", host, 1);
    format!("{base}?{params}")
}

/// Whether a pool built from `url` reaches the database, and over TLS.
async fn pool_connects(app: &TestApp, url: &str) -> Result<bool, String> {
    let mut vars = std::collections::HashMap::new();
    for (name, value) in [
        ("DATABASE_URL", url),
        (
            "JWT_SECRET",
            "test-jwt-secret-that-is-long-enough-0123456789",
        ),
        ("MEDIA_BUCKET", "test-media"),
        ("EMAIL_QUEUE_URL", app.resources.email_queue_url.as_str()),
        ("EXPORT_QUEUE_URL", app.resources.export_queue_url.as_str()),
        (
            "GEOCODE_QUEUE_URL",
            app.resources.geocode_queue_url.as_str(),
        ),
        ("VIDEO_QUEUE_URL", app.resources.video_queue_url.as_str()),
        ("EMAIL_FROM", "noreply@fleet.test"),
        ("DB_TIMEOUT_MS", "3000"),
    ] {
        vars.insert(name.to_string(), value.to_string());
    }
    let config = Config::from_vars(vars).map_err(|e| e.to_string())?;
    let pool = shared::db::pool(&config).map_err(|e| e.to_string())?;
    let client = pool
        .get()
        .await
        .map_err(|e| shared::error::cause_chain(&e))?;
    let row = client
        .query_one(
            "select ssl from pg_stat_ssl where pid = pg_backend_pid()",
            &[],
        )
        .await
        .map_err(|e| e.to_string())?;
    Ok(row.get(0))
}

#[tokio::test]
async fn require_and_verify_full_connect_over_tls_and_verify_full_checks_the_name() {
    let Some(ca) = cluster_ca() else {
        eprintln!("skipped: the local cluster has no TLS (run through local/test.sh)");
        return;
    };
    let app = spawn_app().await;
    let ca = ca.display().to_string();

    // verify-full: the certificate chains to the cluster's authority and names localhost.
    let full = url(
        &app,
        "localhost",
        &format!("sslmode=verify-full&sslrootcert={ca}"),
    );
    assert_eq!(pool_connects(&app, &full).await, Ok(true));
    // require: TLS, the chain checked, the name not.
    let require = url(
        &app,
        "127.0.0.1",
        &format!("sslmode=require&sslrootcert={ca}"),
    );
    assert_eq!(pool_connects(&app, &require).await, Ok(true));

    // verify-full refuses a host the certificate does not name...
    let wrong_name = url(
        &app,
        "127.0.0.1",
        &format!("sslmode=verify-full&sslrootcert={ca}"),
    );
    let err = pool_connects(&app, &wrong_name).await.unwrap_err();
    assert!(err.to_lowercase().contains("name"), "{err}");
    // ...and require a certificate from an authority nobody trusts.
    let unknown_ca = url(&app, "localhost", "sslmode=require");
    let err = pool_connects(&app, &unknown_ca).await.unwrap_err();
    assert!(err.to_lowercase().contains("issuer"), "{err}");

    // prefer encrypts when it can; disable does not.
    assert_eq!(
        pool_connects(&app, &url(&app, "127.0.0.1", "sslmode=prefer")).await,
        Ok(true)
    );
    assert_eq!(
        pool_connects(&app, &url(&app, "127.0.0.1", "sslmode=disable")).await,
        Ok(false)
    );

    // Migrations connect the same way.
    let report = migrate::run(&full)
        .await
        .expect("migrations over verify-full");
    assert!(report.applied.is_empty());
    assert!(migrate::run(&wrong_name).await.is_err());
}
