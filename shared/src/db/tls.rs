//! TLS to PostgreSQL through rustls, with `sslmode` read from the URL:
//!
//! - `disable`: no TLS.
//! - `prefer` (the default, as in libpq): TLS when the server offers it, without
//!   checking its certificate; plain otherwise. Protects only from eavesdroppers.
//! - `require` (and `verify-ca`): TLS or no connection, and the certificate must
//!   chain to a trusted root. libpq checks the chain only when it has a root
//!   certificate file; here trusted roots always exist (below), so it always does.
//! - `verify-full`: as `require`, and the certificate must name the host connected to.
//!
//! Trusted roots: the RDS and RDS Proxy authorities (`certs/aws-rds-ca-bundle.pem`,
//! built in), the system's roots, and the file named by `sslrootcert` when given.

use std::sync::Arc;

use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{
    CertificateError, ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme,
};
use tokio_postgres_rustls::MakeRustlsConnect;

use super::DbSetupError;

/// The RDS and RDS Proxy certificate authorities.
const AWS_RDS_CA_BUNDLE: &[u8] = include_bytes!("../../certs/aws-rds-ca-bundle.pem");

/// How a connection uses TLS (libpq's `sslmode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SslMode {
    Disable,
    Prefer,
    Require,
    VerifyFull,
}

impl SslMode {
    fn parse(value: &str) -> Result<Self, DbSetupError> {
        match value {
            "disable" => Ok(Self::Disable),
            "allow" | "prefer" => Ok(Self::Prefer),
            "require" | "verify-ca" => Ok(Self::Require),
            "verify-full" => Ok(Self::VerifyFull),
            other => Err(DbSetupError(format!(
                "DATABASE_URL has sslmode={other}; expected disable, prefer, require, verify-ca or verify-full"
            ))),
        }
    }
}

/// A parsed database URL: what tokio-postgres needs, and how to secure it.
pub struct Target {
    pub config: tokio_postgres::Config,
    pub mode: SslMode,
    pub tls: MakeRustlsConnect,
}

/// Reads a `postgres://` URL. The TLS options tokio-postgres does not know
/// (`sslmode` beyond `require`, `sslrootcert`) are taken out and applied here.
pub fn target(url: &str) -> Result<Target, DbSetupError> {
    let (base, query) = url.split_once('?').unwrap_or((url, ""));
    let mut mode = SslMode::Prefer;
    let mut root_file = None;
    let mut rest = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        match key {
            "sslmode" => mode = SslMode::parse(&percent_decode(value))?,
            "sslrootcert" => root_file = Some(percent_decode(value)),
            _ => rest.push(pair),
        }
    }
    let url = if rest.is_empty() {
        base.to_string()
    } else {
        format!("{base}?{}", rest.join("&"))
    };
    let mut config: tokio_postgres::Config = url
        .parse()
        .map_err(|e| DbSetupError(format!("DATABASE_URL is not a valid PostgreSQL URL: {e}")))?;
    config.ssl_mode(match mode {
        SslMode::Disable => tokio_postgres::config::SslMode::Disable,
        SslMode::Prefer => tokio_postgres::config::SslMode::Prefer,
        SslMode::Require | SslMode::VerifyFull => tokio_postgres::config::SslMode::Require,
    });
    let tls = MakeRustlsConnect::new(client_config(mode, root_file.as_deref())?);
    Ok(Target { config, mode, tls })
}

fn client_config(mode: SslMode, root_file: Option<&str>) -> Result<ClientConfig, DbSetupError> {
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let setup = |e: &dyn std::fmt::Display| DbSetupError(format!("cannot set up TLS: {e}"));
    let webpki = WebPkiServerVerifier::builder_with_provider(
        Arc::new(roots(mode, root_file)?),
        provider.clone(),
    )
    .build()
    .map_err(|e| setup(&e))?;
    Ok(ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| setup(&e))?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(ModeVerifier { mode, webpki }))
        .with_no_client_auth())
}

/// The built-in AWS authorities, the system's roots (when certificates are
/// checked) and `sslrootcert`'s.
fn roots(mode: SslMode, root_file: Option<&str>) -> Result<RootCertStore, DbSetupError> {
    let mut roots = RootCertStore::empty();
    let bundled = CertificateDer::pem_slice_iter(AWS_RDS_CA_BUNDLE).filter_map(Result::ok);
    roots.add_parsable_certificates(bundled);
    if matches!(mode, SslMode::Require | SslMode::VerifyFull) {
        // A missing or partly unreadable system store leaves the other roots usable.
        roots.add_parsable_certificates(rustls_native_certs::load_native_certs().certs);
    }
    if let Some(path) = root_file {
        let certs = CertificateDer::pem_file_iter(path)
            .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
            .map_err(|e| DbSetupError(format!("DATABASE_URL's sslrootcert {path:?}: {e}")))?;
        let (added, _) = roots.add_parsable_certificates(certs);
        if added == 0 {
            return Err(DbSetupError(format!(
                "DATABASE_URL's sslrootcert {path:?} holds no usable certificate"
            )));
        }
    }
    Ok(roots)
}

/// `%XX` escapes in a URL parameter value.
fn percent_decode(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%')
            .then(|| value.get(i + 1..i + 3))
            .flatten()
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escaped {
            Some(byte) => {
                out.push(byte);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Checks the server's certificate as `mode` asks: not at all (`prefer`; never
/// used with `disable`), its chain but not its name (`require`), or both
/// (`verify-full`). Handshake signatures are always checked.
#[derive(Debug)]
struct ModeVerifier {
    mode: SslMode,
    webpki: Arc<WebPkiServerVerifier>,
}

impl ServerCertVerifier for ModeVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        if matches!(self.mode, SslMode::Disable | SslMode::Prefer) {
            return Ok(ServerCertVerified::assertion());
        }
        let verified = self.webpki.verify_server_cert(
            end_entity,
            intermediates,
            server_name,
            ocsp_response,
            now,
        );
        match verified {
            // The name is checked after the chain, so a name error means the chain verified.
            Err(rustls::Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) if self.mode == SslMode::Require => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.webpki.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.webpki.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.webpki.supported_verify_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundle_holds_every_aws_authority() {
        let certs: Vec<_> = CertificateDer::pem_slice_iter(AWS_RDS_CA_BUNDLE)
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(certs.len(), 92);
        let mut roots = RootCertStore::empty();
        assert_eq!(roots.add_parsable_certificates(certs), (92, 0));
    }

    #[test]
    fn sslmode_and_sslrootcert_are_read_and_the_rest_passed_on() {
        let t = target(
            "postgres://app:pw@db.internal:5432/fleet?sslmode=verify-full&application_name=fleet",
        )
        .unwrap();
        assert_eq!(t.mode, SslMode::VerifyFull);
        assert_eq!(t.config.get_application_name(), Some("fleet"));
        assert_eq!(
            t.config.get_ssl_mode(),
            tokio_postgres::config::SslMode::Require
        );
        for (query, mode) in [
            ("", SslMode::Prefer),
            ("?sslmode=disable", SslMode::Disable),
            ("?sslmode=prefer", SslMode::Prefer),
            ("?sslmode=require", SslMode::Require),
            ("?sslmode=verify-ca", SslMode::Require),
        ] {
            assert_eq!(
                target(&format!("postgres://h/db{query}")).unwrap().mode,
                mode,
                "{query}"
            );
        }
        assert!(target("postgres://h/db?sslmode=sometimes").is_err());
        let missing = target("postgres://h/db?sslmode=require&sslrootcert=%2Fno%2Fsuch.pem");
        let err = missing.err().unwrap().to_string();
        assert!(err.contains("/no/such.pem"), "{err}");
    }

    #[test]
    fn percent_escapes_decode() {
        assert_eq!(percent_decode("%2Fetc%2Fca.pem"), "/etc/ca.pem");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("a%zzb"), "a%zzb");
    }
}
