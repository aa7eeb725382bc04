//! Where the tests read the emails the app sent: the AWS emulator's record of SES
//! (moto's `/moto-api/data.json`, LocalStack's `/_aws/ses`) or, with the `smtp`
//! transport, the mail catcher's `/messages` (`local/scripts/smtp-sink.py`).
//! Each holds the raw MIME message; `mail-parser` reads it as a mail client would.

use mail_parser::{Address, MessageParser, MimeHeaders};
use serde_json::Value;

/// The AWS emulator the tests run against (`AWS_EMULATOR`, moto unless set).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Emulator {
    Moto,
    LocalStack,
}

impl Emulator {
    pub fn current() -> Self {
        match std::env::var("AWS_EMULATOR").as_deref() {
            Ok("localstack") => Self::LocalStack,
            _ => Self::Moto,
        }
    }
}

/// The emulator's address: where the AWS SDK's calls go.
pub fn emulator_url() -> String {
    std::env::var("AWS_ENDPOINT_URL").unwrap_or_else(|_| {
        panic!("AWS_ENDPOINT_URL is not set: run the tests through local/test.sh, which starts the emulator")
    })
}

/// Whether the app sends through SMTP (`EMAIL_TRANSPORT=smtp`) rather than SES.
pub fn smtp() -> bool {
    std::env::var("EMAIL_TRANSPORT").is_ok_and(|t| t == "smtp")
}

/// An email as its recipient's mail client shows it.
#[derive(Debug, Clone)]
pub struct SentEmail {
    /// The sender's address.
    pub from: String,
    pub to: Vec<String>,
    pub reply_to: Option<String>,
    pub subject: String,
    /// The plain-text alternative.
    pub body: String,
    /// The HTML alternative.
    pub html: String,
    /// The file names of the attachments.
    pub attachments: Vec<String>,
    /// The attachments' contents, in the same order.
    pub attachment_contents: Vec<Vec<u8>>,
}

impl SentEmail {
    /// The value of `name=` in the first link of the body.
    pub fn link_param(&self, name: &str) -> String {
        let start = self
            .body
            .find(&format!("{name}="))
            .expect("the email has the link")
            + name.len()
            + 1;
        self.body[start..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect()
    }
}

/// Every email sent so far, oldest first, as raw MIME messages.
async fn raw_messages() -> Vec<String> {
    let (url, list, raw) = if smtp() {
        let sink = std::env::var("SMTP_SINK_URL")
            .expect("SMTP_SINK_URL is not set: local/test.sh starts the mail catcher for smtp");
        (format!("{sink}/messages"), "/messages", "raw")
    } else {
        match Emulator::current() {
            Emulator::Moto => (
                format!("{}/moto-api/data.json", emulator_url()),
                "/ses/RawMessage",
                "raw_data",
            ),
            Emulator::LocalStack => (
                format!("{}/_aws/ses", emulator_url()),
                "/messages",
                "RawData",
            ),
        }
    };
    read_json(&url)
        .await
        .pointer(list)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|m| m[raw].as_str().map(str::to_string))
        .collect()
}

/// The mail service's listing at `url`. The emulator builds it while other tests
/// send, and now and then fails to (a dictionary changed while it was read): a
/// few tries get a whole one.
async fn read_json(url: &str) -> Value {
    let mut failure = String::new();
    for _ in 0..5 {
        match reqwest::get(url).await {
            Ok(response) if response.status().is_success() => match response.json().await {
                Ok(data) => return data,
                Err(e) => failure = e.to_string(),
            },
            Ok(response) => failure = format!("status {}", response.status()),
            Err(e) => failure = e.to_string(),
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("{url} cannot be read: {failure}");
}

/// The emails sent so far to `to`.
pub async fn sent_to(to: &str) -> Vec<SentEmail> {
    raw_messages()
        .await
        .iter()
        .filter_map(|raw| parse(raw))
        .filter(|email| email.to.iter().any(|t| t.eq_ignore_ascii_case(to)))
        .collect()
}

fn addresses(address: Option<&Address>) -> Vec<String> {
    address
        .into_iter()
        .flat_map(|a| a.iter())
        .filter_map(|a| a.address().map(str::to_string))
        .collect()
}

/// Reads a raw message; `None` for one that is not an email at all.
pub fn parse(raw: &str) -> Option<SentEmail> {
    let message = MessageParser::default().parse(raw.as_bytes())?;
    Some(SentEmail {
        from: addresses(message.from())
            .into_iter()
            .next()
            .unwrap_or_default(),
        to: addresses(message.to()),
        reply_to: addresses(message.reply_to()).into_iter().next(),
        subject: message.subject().unwrap_or_default().to_string(),
        body: message.body_text(0).unwrap_or_default().into_owned(),
        html: message.body_html(0).unwrap_or_default().into_owned(),
        attachments: message
            .attachments()
            .filter_map(|part| part.attachment_name().map(str::to_string))
            .collect(),
        attachment_contents: message
            .attachments()
            .filter(|part| part.attachment_name().is_some())
            .map(|part| part.contents().to_vec())
            .collect(),
    })
}
