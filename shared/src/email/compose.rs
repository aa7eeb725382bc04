//! The one MIME builder: an [`OutgoingEmail`] as a lettre [`Message`], the same
//! bytes whichever transport carries them.

use lettre::Message;
use lettre::message::header::ContentType;
use lettre::message::{Attachment as AttachmentPart, Mailbox, MultiPart};

use super::{MailError, OutgoingEmail};

/// Builds the message `from` sends: text and HTML as `multipart/alternative`,
/// wrapped in `multipart/mixed` with the attachments when there are any. Headers
/// with non-ASCII text (subject, display names, file names) are encoded.
pub fn compose(from: &Mailbox, email: &OutgoingEmail) -> Result<Message, MailError> {
    let address = |raw: &str| {
        raw.parse::<Mailbox>()
            .map_err(|e| MailError::new("the email has an invalid address", e))
    };
    let mut builder = Message::builder()
        .from(from.clone())
        .to(address(&email.to)?)
        .subject(&email.subject);
    if let Some(reply_to) = &email.reply_to {
        builder = builder.reply_to(address(reply_to)?);
    }
    if let Some(id) = email.job_id {
        builder = builder.message_id(Some(format!("<{id}@{}>", from.email.domain())));
    }
    let alternative = MultiPart::alternative_plain_html(email.text.clone(), email.html.clone());
    let body = if email.attachments.is_empty() {
        alternative
    } else {
        email.attachments.iter().try_fold(
            MultiPart::mixed().multipart(alternative),
            |mixed, file| {
                let content_type = ContentType::parse(&file.content_type)
                    .map_err(|e| MailError::new("an attachment has an invalid type", e))?;
                Ok::<_, MailError>(
                    mixed.singlepart(
                        AttachmentPart::new(file.filename.clone())
                            .body(file.bytes.clone(), content_type),
                    ),
                )
            },
        )?
    };
    builder
        .multipart(body)
        .map_err(|e| MailError::new("building the email", e))
}

#[cfg(test)]
mod tests {
    use mail_parser::{MessageParser, MimeHeaders};

    use super::super::Attachment;
    use super::*;

    fn from() -> Mailbox {
        "Fleet Team <noreply@fleet.test>".parse().unwrap()
    }

    fn email() -> OutgoingEmail {
        OutgoingEmail {
            to: "ada@example.org".into(),
            subject: "Reset your password".into(),
            text: "Hello Ada,\n\nhttp://127.0.0.1:3000/reset-password?token=abc".into(),
            html: "<p>Hello Ada,</p>".into(),
            ..Default::default()
        }
    }

    fn parsed(email: &OutgoingEmail) -> Vec<u8> {
        compose(&from(), email).unwrap().formatted()
    }

    #[test]
    fn text_and_html_travel_as_alternatives() {
        let raw = parsed(&email());
        let message = MessageParser::default().parse(&raw).unwrap();
        assert_eq!(message.subject(), Some("Reset your password"));
        let to = message.to().unwrap().first().unwrap();
        assert_eq!(to.address(), Some("ada@example.org"));
        let sender = message.from().unwrap().first().unwrap();
        assert_eq!(sender.name(), Some("Fleet Team"));
        // Text travels with CRLF line ends, as MIME wants.
        assert_eq!(
            message.body_text(0).unwrap().trim_end(),
            "Hello Ada,\r\n\r\nhttp://127.0.0.1:3000/reset-password?token=abc"
        );
        assert_eq!(message.body_html(0).unwrap(), "<p>Hello Ada,</p>");
        let content_type = message.content_type().unwrap();
        assert_eq!(
            (content_type.ctype(), content_type.subtype()),
            ("multipart", Some("alternative"))
        );
        assert!(message.reply_to().is_none());
        assert_eq!(message.attachment_count(), 0);
    }

    #[test]
    fn utf8_headers_are_encoded_and_read_back() {
        let from: Mailbox = "Équipe Fleet <noreply@fleet.test>".parse().unwrap();
        let email = OutgoingEmail {
            subject: "Zoë vous invite à la famille « Müller » 👪".into(),
            text: "Bonjour Zoë".into(),
            ..email()
        };
        let raw = compose(&from, &email).unwrap().formatted();
        let headers = String::from_utf8_lossy(&raw);
        let headers = headers.split("\r\n\r\n").next().unwrap();
        assert!(headers.is_ascii(), "headers are 7-bit: {headers}");
        assert!(headers.contains("=?utf-8?"), "RFC 2047 words: {headers}");
        let message = MessageParser::default().parse(&raw).unwrap();
        assert_eq!(message.subject(), Some(email.subject.as_str()));
        assert_eq!(
            message.from().unwrap().first().unwrap().name(),
            Some("Équipe Fleet")
        );
        assert_eq!(message.body_text(0).unwrap().trim_end(), "Bonjour Zoë");
    }

    #[test]
    fn reply_to_attachments_and_message_id_are_carried() {
        let job = uuid::Uuid::new_v4();
        let invite = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n";
        let email = OutgoingEmail {
            reply_to: Some("Coordinator <shifts@example.org>".into()),
            attachments: vec![Attachment {
                filename: "Schicht am Dienstag.ics".into(),
                content_type: "text/calendar; method=REQUEST; charset=utf-8".into(),
                bytes: invite.as_bytes().to_vec(),
            }],
            job_id: Some(job),
            ..email()
        };
        let raw = parsed(&email);
        let message = MessageParser::default().parse(&raw).unwrap();
        let reply_to = message.reply_to().unwrap().first().unwrap();
        assert_eq!(reply_to.address(), Some("shifts@example.org"));
        assert_eq!(
            message.message_id(),
            Some(format!("{job}@fleet.test").as_str())
        );
        let content_type = message.content_type().unwrap();
        assert_eq!(content_type.subtype(), Some("mixed"));
        assert_eq!(message.body_html(0).unwrap(), "<p>Hello Ada,</p>");
        assert_eq!(message.attachment_count(), 1);
        let attachment = message.attachment(0).unwrap();
        assert_eq!(
            attachment.attachment_name(),
            Some("Schicht am Dienstag.ics")
        );
        let ctype = attachment.content_type().unwrap();
        assert_eq!((ctype.ctype(), ctype.subtype()), ("text", Some("calendar")));
        assert_eq!(ctype.attribute("method"), Some("REQUEST"));
        assert_eq!(attachment.contents(), invite.as_bytes());
    }

    #[test]
    fn a_bad_address_or_type_fails_the_email_not_the_process() {
        let cases = [
            OutgoingEmail {
                to: "not an address".into(),
                ..email()
            },
            OutgoingEmail {
                reply_to: Some("nobody@".into()),
                ..email()
            },
            OutgoingEmail {
                attachments: vec![Attachment {
                    filename: "x".into(),
                    content_type: "no type".into(),
                    bytes: Vec::new(),
                }],
                ..email()
            },
        ];
        for email in cases {
            assert!(compose(&from(), &email).is_err(), "{email:?}");
        }
    }
}
