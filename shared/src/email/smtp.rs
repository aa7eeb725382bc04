//! `SMTP_URL`: where an SMTP relay is and how to talk to it, as one URL:
//! `smtp://[user:password@]host[:port][?tls=starttls|tls|none]`.
//!
//! - `starttls` (the default; port 587): plain connection upgraded with STARTTLS,
//!   which the relay must offer;
//! - `tls` (port 465): TLS from the first byte ("implicit TLS", SMTPS);
//! - `none` (port 25): no encryption; for a catcher on loopback (Mailpit, MailHog).
//!
//! Certificates are checked against the system's roots and, for a relay whose
//! certificate comes from a private CA, the PEM certificates of `SMTP_CA_FILE`.
//! User and password are percent-decoded, so `@`, `:` or `/` in them are written
//! `%40`, `%3A`, `%2F`.

use std::str::FromStr;
use std::time::Duration;

use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, Tokio1Executor};
use url::Url;

/// How long one SMTP exchange may take before the send fails (and is retried).
const TIMEOUT: Duration = Duration::from_secs(10);

/// A parsed `SMTP_URL`.
#[derive(Clone, PartialEq, Eq)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub tls: SmtpTls,
    /// User and password for SMTP AUTH, when the relay wants them.
    pub credentials: Option<(String, String)>,
    /// PEM certificates of CAs to trust besides the system's (`SMTP_CA_FILE`).
    pub extra_roots: Option<Vec<u8>>,
}

/// How the connection to the relay is encrypted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmtpTls {
    StartTls,
    Tls,
    None,
}

impl SmtpTls {
    fn default_port(self) -> u16 {
        match self {
            Self::StartTls => 587,
            Self::Tls => 465,
            Self::None => 25,
        }
    }
}

impl std::fmt::Debug for SmtpSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The password is deliberately left out.
        f.debug_struct("SmtpSettings")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("tls", &self.tls)
            .field("user", &self.credentials.as_ref().map(|(user, _)| user))
            .field("extra_roots", &self.extra_roots.is_some())
            .finish()
    }
}

impl FromStr for SmtpSettings {
    /// Why the URL is not one, without echoing it (it may hold a password).
    type Err = String;

    fn from_str(raw: &str) -> Result<Self, String> {
        let url = Url::parse(raw).map_err(|e| format!("not a URL: {e}"))?;
        if url.scheme() != "smtp" {
            return Err(format!(
                "expected smtp://[user:password@]host[:port][?tls=starttls|tls|none], got scheme {:?}",
                url.scheme()
            ));
        }
        let host = url
            .host_str()
            .filter(|h| !h.is_empty())
            .ok_or("names no host")?
            // An IPv6 literal comes bracketed; the resolver wants it bare.
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_string();
        if !matches!(url.path(), "" | "/") {
            return Err("takes no path".into());
        }
        let mut tls = SmtpTls::StartTls;
        for (key, value) in url.query_pairs() {
            tls = match (key.as_ref(), value.as_ref()) {
                ("tls", "starttls") => SmtpTls::StartTls,
                ("tls", "tls") => SmtpTls::Tls,
                ("tls", "none") => SmtpTls::None,
                ("tls", other) => {
                    return Err(format!("tls must be starttls, tls or none, got {other:?}"));
                }
                (other, _) => return Err(format!("unknown parameter {other:?}; only tls is")),
            };
        }
        let credentials = match (url.username(), url.password()) {
            ("", None) => None,
            (user, Some(password)) if !user.is_empty() => {
                Some((decode(user, "user")?, decode(password, "password")?))
            }
            _ => return Err("a user needs a password, and a password a user".into()),
        };
        Ok(Self {
            port: url.port().unwrap_or(tls.default_port()),
            host,
            tls,
            credentials,
            extra_roots: None,
        })
    }
}

fn decode(raw: &str, what: &str) -> Result<String, String> {
    percent_encoding::percent_decode_str(raw)
        .decode_utf8()
        .map(|s| s.into_owned())
        .map_err(|_| format!("the {what} is not UTF-8 once decoded"))
}

impl SmtpSettings {
    /// A pooled transport to the relay. Reads the trusted roots; connects only
    /// when the first email goes out. Fails naming the variable at fault.
    pub(super) fn transport(
        &self,
    ) -> Result<AsyncSmtpTransport<Tokio1Executor>, (&'static str, String)> {
        let tls_parameters = || {
            let mut builder = TlsParameters::builder(self.host.clone());
            if let Some(pem) = &self.extra_roots {
                // lettre reads a file without any certificate as an empty list.
                let marker = b"-----BEGIN CERTIFICATE-----";
                if !pem.windows(marker.len()).any(|w| w == marker) {
                    return Err(("SMTP_CA_FILE", "holds no PEM certificate".to_string()));
                }
                let roots = Certificate::from_pem(pem)
                    .map_err(|e| ("SMTP_CA_FILE", format!("not PEM certificates: {e}")))?;
                builder = builder.add_root_certificate(roots);
            }
            builder.build().map_err(|e| {
                (
                    "SMTP_URL",
                    format!("cannot set up TLS for {}: {e}", self.host),
                )
            })
        };
        let tls = match self.tls {
            SmtpTls::StartTls => Tls::Required(tls_parameters()?),
            SmtpTls::Tls => Tls::Wrapper(tls_parameters()?),
            SmtpTls::None => Tls::None,
        };
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&self.host)
            .port(self.port)
            .tls(tls)
            .timeout(Some(TIMEOUT));
        if let Some((user, password)) = &self.credentials {
            builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
        }
        Ok(builder.build())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(raw: &str) -> SmtpSettings {
        raw.parse().unwrap_or_else(|e| panic!("{raw}: {e}"))
    }

    #[test]
    fn starttls_on_the_submission_port_is_the_default() {
        let settings = parse("smtp://mail.example.org");
        assert_eq!(settings.host, "mail.example.org");
        assert_eq!(settings.port, 587);
        assert_eq!(settings.tls, SmtpTls::StartTls);
        assert_eq!(settings.credentials, None);
    }

    #[test]
    fn each_tls_mode_has_its_port_unless_one_is_given() {
        let cases = [
            ("smtp://h?tls=starttls", SmtpTls::StartTls, 587),
            ("smtp://h?tls=tls", SmtpTls::Tls, 465),
            ("smtp://h?tls=none", SmtpTls::None, 25),
            ("smtp://h:2525?tls=none", SmtpTls::None, 2525),
            ("smtp://h:1465/?tls=tls", SmtpTls::Tls, 1465),
        ];
        for (raw, tls, port) in cases {
            let settings = parse(raw);
            assert_eq!((settings.tls, settings.port), (tls, port), "{raw}");
        }
    }

    #[test]
    fn credentials_are_percent_decoded() {
        let settings = parse("smtp://apikey:p%40ss%3Aw%2Frd@smtp.example.org:587");
        assert_eq!(
            settings.credentials,
            Some(("apikey".to_string(), "p@ss:w/rd".to_string()))
        );
        assert_eq!(parse("smtp://[::1]:25?tls=none").host, "::1");
    }

    #[test]
    fn malformed_urls_say_why() {
        let cases = [
            ("mail.example.org", "not a URL"),
            ("smtps://mail.example.org", "scheme"),
            ("http://mail.example.org", "scheme"),
            ("smtp://mail.example.org?tls=yes", "tls must be"),
            ("smtp://mail.example.org?security=tls", "unknown parameter"),
            ("smtp://mail.example.org/inbox", "no path"),
            ("smtp://user@mail.example.org", "needs a password"),
            ("smtp://:secret@mail.example.org", "needs a password"),
        ];
        for (raw, reason) in cases {
            let err = raw.parse::<SmtpSettings>().unwrap_err();
            assert!(err.contains(reason), "{raw}: {err}");
        }
    }

    #[test]
    fn debug_output_hides_the_password() {
        let shown = format!("{:?}", parse("smtp://me:hunter2-secret@mail.example.org"));
        assert!(shown.contains("me"));
        assert!(!shown.contains("hunter2-secret"));
    }

    // The pool's clean-up task needs a runtime, as at a cold start.
    #[tokio::test]
    async fn a_transport_is_built_for_every_mode_without_connecting() {
        for raw in [
            "smtp://mail.example.org",
            "smtp://u:p@mail.example.org?tls=tls",
            "smtp://127.0.0.1:2525?tls=none",
        ] {
            assert!(parse(raw).transport().is_ok(), "{raw}");
        }
    }

    #[tokio::test]
    async fn a_ca_file_without_certificates_is_refused_naming_it() {
        for pem in [
            &b"not a certificate"[..],
            b"-----BEGIN CERTIFICATE-----\nnope\n",
        ] {
            let mut settings = parse("smtp://mail.example.org");
            settings.extra_roots = Some(pem.to_vec());
            let (name, _) = settings.transport().map(|_| ()).unwrap_err();
            assert_eq!(name, "SMTP_CA_FILE");
        }
    }
}
