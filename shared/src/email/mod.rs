//! Email on the wire: how a rendered email becomes a MIME message, and how that
//! message leaves. One builder (lettre's) makes every message: `multipart/alternative`
//! text and HTML, Reply-To, attachments, headers encoded per RFC 2047. One
//! [`Mailer`], chosen once at cold start by `EMAIL_TRANSPORT`, sends it:
//! - `ses`: the message's bytes through SES `SendRawEmail` (AWS, LocalStack, moto);
//! - `smtp`: through the relay of `SMTP_URL` (any mail server, Mailpit, MailHog).
//!
//! What an email says is the email worker's business; this module only carries it.

mod compose;
mod smtp;

use lettre::AsyncTransport;
use lettre::message::Mailbox;
use uuid::Uuid;

use crate::config::{Config, ConfigError};
use crate::state::AwsClients;

pub use compose::compose;
pub use smtp::{SmtpSettings, SmtpTls};

type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// One email to send, as rendered.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OutgoingEmail {
    /// The recipient's address.
    pub to: String,
    pub subject: String,
    /// The plain-text alternative.
    pub text: String,
    /// The HTML alternative.
    pub html: String,
    /// Where replies go, when not to the sender.
    pub reply_to: Option<String>,
    pub attachments: Vec<Attachment>,
    /// The job the email comes from: its `Message-ID` is derived from it, so a
    /// copy sent again after a redelivery is recognisably the same email (where
    /// the transport keeps the header: SMTP relays do, SES sets its own).
    pub job_id: Option<Uuid>,
}

/// A file attached to an email (an `.ics` invitation, a PDF).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    /// The name the recipient sees; any Unicode.
    pub filename: String,
    /// A MIME type, with parameters if any (`text/calendar; method=REQUEST`).
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// How email leaves: the value of `EMAIL_TRANSPORT` (and `SMTP_URL`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EmailTransport {
    /// SES `SendRawEmail`, with the AWS SDK's endpoint and credentials.
    Ses,
    /// An SMTP relay.
    Smtp(SmtpSettings),
}

impl EmailTransport {
    /// Reads `EMAIL_TRANSPORT` (`ses` when unset) and, for `smtp`, `SMTP_URL` and
    /// the file `SMTP_CA_FILE` names, if any.
    pub fn from_vars(
        transport: Option<&str>,
        smtp_url: Option<&str>,
        smtp_ca_file: Option<&str>,
    ) -> Result<Self, ConfigError> {
        match transport {
            None | Some("ses") => Ok(Self::Ses),
            Some("smtp") => {
                let url = smtp_url.ok_or(ConfigError::Missing("SMTP_URL"))?;
                let mut settings: SmtpSettings =
                    url.parse().map_err(|reason| ConfigError::Invalid {
                        name: "SMTP_URL",
                        reason,
                    })?;
                if let Some(path) = smtp_ca_file {
                    let pem = std::fs::read(path).map_err(|e| ConfigError::Invalid {
                        name: "SMTP_CA_FILE",
                        reason: format!("cannot read {path}: {e}"),
                    })?;
                    settings.extra_roots = Some(pem);
                }
                Ok(Self::Smtp(settings))
            }
            Some(other) => Err(ConfigError::Invalid {
                name: "EMAIL_TRANSPORT",
                reason: format!("expected ses or smtp, got {other:?}"),
            }),
        }
    }
}

/// Sending an email failed; the job comes back and tries again.
#[derive(Debug, thiserror::Error)]
#[error("{context}")]
pub struct MailError {
    context: &'static str,
    #[source]
    source: BoxError,
}

impl MailError {
    fn new(context: &'static str, source: impl Into<BoxError>) -> Self {
        Self {
            context,
            source: source.into(),
        }
    }
}

/// Sends emails from `EMAIL_FROM` by the configured transport. Cheap to clone;
/// built once per cold start (SMTP connections are pooled across sends).
#[derive(Clone)]
pub struct Mailer {
    from: Mailbox,
    transport: Transport,
}

#[derive(Clone)]
enum Transport {
    Ses(AwsClients),
    Smtp(lettre::AsyncSmtpTransport<lettre::Tokio1Executor>),
}

impl Mailer {
    /// The mailer `config` asks for; SES calls go through `aws`. Connects to
    /// nothing; inside a Tokio runtime (the SMTP pool starts its clean-up task).
    pub fn new(config: &Config, aws: &AwsClients) -> Result<Self, ConfigError> {
        let from = config
            .email_from
            .parse::<Mailbox>()
            .map_err(|e| ConfigError::Invalid {
                name: "EMAIL_FROM",
                reason: format!("not an address or \"Name <address>\": {e}"),
            })?;
        let transport = match &config.email_transport {
            EmailTransport::Ses => Transport::Ses(aws.clone()),
            EmailTransport::Smtp(settings) => Transport::Smtp(
                settings
                    .transport()
                    .map_err(|(name, reason)| ConfigError::Invalid { name, reason })?,
            ),
        };
        Ok(Self { from, transport })
    }

    /// Builds the message and hands it to the transport.
    pub async fn send(&self, email: &OutgoingEmail) -> Result<(), MailError> {
        let message = compose(&self.from, email)?;
        match &self.transport {
            Transport::Ses(aws) => send_raw(aws.ses(), &message).await,
            Transport::Smtp(smtp) => smtp
                .send(message)
                .await
                .map(|_| ())
                .map_err(|e| MailError::new("the SMTP relay did not take the email", e)),
        }
    }
}

/// SES `SendRawEmail`: the formatted message, with the envelope made explicit so
/// SES neither guesses recipients from the headers nor bounces to another address.
async fn send_raw(ses: &aws_sdk_ses::Client, message: &lettre::Message) -> Result<(), MailError> {
    use aws_sdk_ses::primitives::Blob;
    use aws_sdk_ses::types::RawMessage;

    let envelope = message.envelope();
    let raw = RawMessage::builder()
        .data(Blob::new(message.formatted()))
        .build()
        .map_err(|e| MailError::new("building the SES request", e))?;
    ses.send_raw_email()
        .set_source(envelope.from().map(ToString::to_string))
        .set_destinations(Some(
            envelope.to().iter().map(ToString::to_string).collect(),
        ))
        .raw_message(raw)
        .send()
        .await
        .map_err(|e| {
            MailError::new(
                "SES did not take the email",
                aws_sdk_ses::error::DisplayErrorContext(e).to_string(),
            )
        })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_transport_is_ses_unless_smtp_is_asked_for() {
        assert_eq!(
            EmailTransport::from_vars(None, None, None).unwrap(),
            EmailTransport::Ses
        );
        assert_eq!(
            EmailTransport::from_vars(Some("ses"), Some("smtp://ignored"), None).unwrap(),
            EmailTransport::Ses
        );
        let smtp = EmailTransport::from_vars(Some("smtp"), Some("smtp://mail.example.org"), None);
        assert!(matches!(smtp, Ok(EmailTransport::Smtp(_))));
    }

    #[test]
    fn a_wrong_transport_names_its_variable() {
        let url = Some("smtp://mail.example.org");
        let cases = [
            (Some("sendgrid"), None, None, "EMAIL_TRANSPORT"),
            (Some("SES"), None, None, "EMAIL_TRANSPORT"),
            (Some("smtp"), None, None, "SMTP_URL"),
            (
                Some("smtp"),
                Some("http://mail.example.org"),
                None,
                "SMTP_URL",
            ),
            (
                Some("smtp"),
                url,
                Some("/nonexistent/ca.pem"),
                "SMTP_CA_FILE",
            ),
        ];
        for (transport, url, ca, name) in cases {
            let err = EmailTransport::from_vars(transport, url, ca).unwrap_err();
            assert!(
                err.to_string().contains(name),
                "{transport:?} {url:?}: {err}"
            );
        }
    }
}
