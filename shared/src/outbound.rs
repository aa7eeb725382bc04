//! Calls to outside HTTP APIs (a geocoder): one client per process, rustls on
//! the aws-lc-rs provider the AWS SDK already builds and the system's roots,
//! and every call bounded in time and in the size of the answer read.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Empty, Limited};
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;

type HttpClient = Client<HttpsConnector<HttpConnector>, Empty<Bytes>>;

/// The outside API could not be asked, or did not answer.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct OutboundError(String);

/// How a call is bounded.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// For the answer's head, and again for its body.
    pub timeout: Duration,
    /// The largest body read.
    pub max_bytes: usize,
}

fn client() -> Result<&'static HttpClient, OutboundError> {
    static CLIENT: OnceLock<Result<HttpClient, String>> = OnceLock::new();
    CLIENT
        .get_or_init(|| {
            let mut roots = rustls::RootCertStore::empty();
            roots.add_parsable_certificates(rustls_native_certs::load_native_certs().certs);
            let tls = rustls::ClientConfig::builder_with_provider(Arc::new(
                rustls::crypto::aws_lc_rs::default_provider(),
            ))
            .with_safe_default_protocol_versions()
            .map_err(|e| e.to_string())?
            .with_root_certificates(roots)
            .with_no_client_auth();
            let https = hyper_rustls::HttpsConnectorBuilder::new()
                .with_tls_config(tls)
                .https_or_http()
                .enable_http1()
                .build();
            Ok(Client::builder(TokioExecutor::new()).build(https))
        })
        .as_ref()
        .map_err(|e| OutboundError(format!("the HTTP client cannot be built: {e}")))
}

/// `GET url` asking for JSON as `user_agent` (`who` names the API in errors):
/// the status and the body.
pub async fn get_json(
    url: &str,
    user_agent: &str,
    who: &str,
    limits: Limits,
) -> Result<(u16, Bytes), OutboundError> {
    let failed = |what: &str, e: &dyn std::fmt::Display| OutboundError(format!("{what}: {e}"));
    let request = http::Request::get(url)
        .header(http::header::USER_AGENT, user_agent)
        .header(http::header::ACCEPT, "application/json")
        .body(Empty::new())
        .map_err(|e| failed("the request cannot be built", &e))?;
    let response = tokio::time::timeout(limits.timeout, client()?.request(request))
        .await
        .map_err(|e| failed(&format!("{who} did not answer in time"), &e))?
        .map_err(|e| failed(&format!("{who} did not answer"), &e))?;
    let status = response.status().as_u16();
    let body = tokio::time::timeout(
        limits.timeout,
        Limited::new(response.into_body(), limits.max_bytes).collect(),
    )
    .await
    .map_err(|e| failed(&format!("{who}'s answer took too long"), &e))?
    .map_err(|e| failed(&format!("{who}'s answer broke off"), &e))?;
    Ok((status, body.to_bytes()))
}
