//! Renders each email of the platform from its template (`shared::email_templates`):
//! the [`Message`] the worker composed when it sent the email (`letters`) names
//! its built-in template and fills its variables.

use chrono::Duration;
use shared::db::GenericClient;
use shared::email_templates::{self, RenderError, Rendered, Values, values};
use uuid::Uuid;

/// The emails the platform sends, with what each says. Names and texts come
/// from users (display names, family names) and are escaped in HTML by the
/// template engine; links are built by the worker and carry a token minted for
/// this one email.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    PasswordReset {
        username: String,
        reset_url: String,
        expires_in: Duration,
    },
    PasswordChanged {
        username: String,
    },
    RegistrationInvite {
        invited_by: String,
        register_url: String,
        expires_in: Duration,
    },
    FamilyInvite {
        family_name: String,
        invited_by: String,
        role: String,
        invite_url: String,
        expires_in: Duration,
    },
    /// A link that creates the account `username` once its address confirms.
    ConfirmRegistration {
        username: String,
        confirm_url: String,
        expires_in: Duration,
    },
    /// A link that confirms the address of the existing account `username`.
    VerifyEmail {
        username: String,
        confirm_url: String,
        expires_in: Duration,
    },
    /// To the new address of `username`: the change takes effect once confirmed.
    ConfirmNewEmail {
        username: String,
        confirm_url: String,
        expires_in: Duration,
    },
    /// To the current address of `username`: someone asked to move the account
    /// to `new_email`.
    EmailChangeRequested {
        username: String,
        new_email: String,
    },
    /// To the address of `username`: someone tried to register with it.
    AccountExists {
        username: String,
        login_url: String,
        reset_url: String,
    },
    /// A visitor's message from the contact form of a landing page.
    ContactMessage {
        page_title: String,
        page_url: String,
        contact_name: String,
        contact_email: String,
        message: String,
    },
    /// A version of a template, rendered with sample values.
    TemplateTest {
        version_id: Uuid,
    },
    /// A supporter's letter to a representative: the campaign's subject and
    /// body already filled in for this representative (`influence::letter`),
    /// wrapped in the `campaign_email` template with who sent it and why.
    CampaignEmail {
        campaign_title: String,
        campaign_url: String,
        representative_name: String,
        representative_office: String,
        representative_district: String,
        supporter_name: String,
        supporter_email: String,
        supporter_postal_code: String,
        subject: String,
        message: String,
    },
    /// To a representative: a supporter posted their response to a campaign on
    /// its public wall; is it theirs?
    ResponseVerification {
        representative_name: String,
        campaign_title: String,
        response_text: String,
        verify_url: String,
        report_url: String,
        expires_in: Duration,
    },
    /// To a volunteer about their sign-up for a shift; `cancel_url` is empty
    /// for the notice that it is cancelled.
    Shift {
        email: ShiftEmail,
        volunteer_name: String,
        shift: ShiftDetails,
        cancel_url: String,
    },
}

/// Which email about a shift.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShiftEmail {
    /// Signed up: confirmed, or on the waitlist.
    SignedUp {
        waitlisted: bool,
    },
    Promoted,
    Reminder,
    Cancelled,
}

/// A shift as its emails describe it, in the shift's zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShiftDetails {
    pub title: String,
    pub date: String,
    pub time: String,
    pub location: String,
}

/// How long a link works, as the email says it: "30 minutes", "24 hours",
/// "7 days" (rounded to the nearest unit; at least 1).
pub fn lasting(duration: Duration) -> String {
    let minutes = (duration.num_seconds() + 30) / 60;
    let (amount, unit) = if minutes < 120 {
        (minutes, "minute")
    } else if minutes < 48 * 60 {
        ((minutes + 30) / 60, "hour")
    } else {
        ((minutes + 12 * 60) / (24 * 60), "day")
    };
    let amount = amount.max(1);
    format!("{amount} {unit}{}", if amount == 1 { "" } else { "s" })
}

impl Message {
    /// The built-in template of this email and its values; `None` for a test
    /// email, which names a version instead.
    pub fn template(&self) -> Option<(&'static str, Values)> {
        let template = match self {
            Message::PasswordReset {
                username,
                reset_url,
                expires_in,
            } => (
                "password_reset",
                values([
                    ("USERNAME", username.as_str()),
                    ("RESET_URL", reset_url),
                    ("EXPIRES_IN", &lasting(*expires_in)),
                ]),
            ),
            Message::PasswordChanged { username } => (
                "password_changed",
                values([("USERNAME", username.as_str())]),
            ),
            Message::RegistrationInvite {
                invited_by,
                register_url,
                expires_in,
            } => (
                "registration_invite",
                values([
                    ("INVITED_BY", invited_by.as_str()),
                    ("REGISTER_URL", register_url),
                    ("EXPIRES_IN", &lasting(*expires_in)),
                ]),
            ),
            Message::FamilyInvite {
                family_name,
                invited_by,
                role,
                invite_url,
                expires_in,
            } => (
                "family_invite",
                values([
                    ("FAMILY_NAME", family_name.as_str()),
                    ("INVITED_BY", invited_by),
                    // Empty is "not set" for {{#if READ_ONLY}}.
                    ("READ_ONLY", if role == "read_only" { "yes" } else { "" }),
                    ("INVITE_URL", invite_url),
                    ("EXPIRES_IN", &lasting(*expires_in)),
                ]),
            ),
            Message::ConfirmRegistration {
                username,
                confirm_url,
                expires_in,
            } => (
                "confirm_registration",
                link_values(username, confirm_url, *expires_in),
            ),
            Message::VerifyEmail {
                username,
                confirm_url,
                expires_in,
            } => (
                "verify_email",
                link_values(username, confirm_url, *expires_in),
            ),
            Message::ConfirmNewEmail {
                username,
                confirm_url,
                expires_in,
            } => (
                "confirm_new_email",
                link_values(username, confirm_url, *expires_in),
            ),
            Message::EmailChangeRequested {
                username,
                new_email,
            } => (
                "email_change_requested",
                values([("USERNAME", username.as_str()), ("NEW_EMAIL", new_email)]),
            ),
            Message::AccountExists {
                username,
                login_url,
                reset_url,
            } => (
                "account_exists",
                values([
                    ("USERNAME", username.as_str()),
                    ("LOGIN_URL", login_url),
                    ("RESET_URL", reset_url),
                ]),
            ),
            Message::ContactMessage {
                page_title,
                page_url,
                contact_name,
                contact_email,
                message,
            } => (
                "contact_message",
                values([
                    ("PAGE_TITLE", page_title.as_str()),
                    ("PAGE_URL", page_url),
                    ("CONTACT_NAME", contact_name),
                    ("CONTACT_EMAIL", contact_email),
                    ("MESSAGE", message),
                ]),
            ),
            Message::CampaignEmail {
                campaign_title,
                campaign_url,
                representative_name,
                representative_office,
                representative_district,
                supporter_name,
                supporter_email,
                supporter_postal_code,
                subject,
                message,
            } => (
                "campaign_email",
                values([
                    ("CAMPAIGN_TITLE", campaign_title.as_str()),
                    ("CAMPAIGN_URL", campaign_url),
                    ("REPRESENTATIVE_NAME", representative_name),
                    ("REPRESENTATIVE_OFFICE", representative_office),
                    ("REPRESENTATIVE_DISTRICT", representative_district),
                    ("SUPPORTER_NAME", supporter_name),
                    ("SUPPORTER_EMAIL", supporter_email),
                    ("SUPPORTER_POSTAL_CODE", supporter_postal_code),
                    ("SUBJECT", subject),
                    ("MESSAGE", message),
                ]),
            ),
            Message::ResponseVerification {
                representative_name,
                campaign_title,
                response_text,
                verify_url,
                report_url,
                expires_in,
            } => (
                "response_verification",
                values([
                    ("REPRESENTATIVE_NAME", representative_name.as_str()),
                    ("CAMPAIGN_TITLE", campaign_title),
                    ("RESPONSE_TEXT", response_text),
                    ("VERIFY_URL", verify_url),
                    ("REPORT_URL", report_url),
                    ("EXPIRES_IN", &lasting(*expires_in)),
                ]),
            ),
            Message::Shift {
                email,
                volunteer_name,
                shift,
                cancel_url,
            } => {
                let mut filled = values([
                    ("VOLUNTEER_NAME", volunteer_name.as_str()),
                    ("SHIFT_TITLE", &shift.title),
                    ("SHIFT_DATE", &shift.date),
                    ("SHIFT_TIME", &shift.time),
                    ("SHIFT_LOCATION", &shift.location),
                ]);
                let key = match email {
                    ShiftEmail::SignedUp { waitlisted: false } => "shift_confirmation",
                    ShiftEmail::SignedUp { waitlisted: true } => "shift_waitlisted",
                    ShiftEmail::Promoted => "shift_promoted",
                    ShiftEmail::Reminder => "shift_day_before",
                    ShiftEmail::Cancelled => "shift_cancelled",
                };
                if *email != ShiftEmail::Cancelled {
                    filled.insert("CANCEL_URL".into(), cancel_url.clone());
                }
                (key, filled)
            }
            Message::TemplateTest { .. } => return None,
        };
        Some(template)
    }
}

/// The values of an email about `username` with a link that expires.
fn link_values(username: &str, url: &str, expires_in: Duration) -> Values {
    values([
        ("USERNAME", username),
        ("CONFIRM_URL", url),
        ("EXPIRES_IN", &lasting(expires_in)),
    ])
}

/// Renders one email from the current version of its template (a test email
/// from the version it names, with sample values, its subject marked as a test).
pub async fn render(
    client: &impl GenericClient,
    message: &Message,
) -> Result<Rendered, RenderError> {
    match (message, message.template()) {
        (_, Some((key, values))) => email_templates::render(client, key, &values).await,
        (Message::TemplateTest { version_id }, None) => {
            let mut rendered = email_templates::render_sample(client, *version_id)
                .await?
                .ok_or_else(|| RenderError::Missing(version_id.to_string()))?;
            rendered.subject = format!("[Test] {}", rendered.subject);
            Ok(rendered)
        }
        (_, None) => Err(RenderError::Missing(format!("{message:?}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::email_templates::built_in_named;

    fn every_message() -> Vec<Message> {
        let (u, url, d) = (
            "ada".to_string(),
            "http://x/?t=1".to_string(),
            Duration::days(1),
        );
        vec![
            Message::PasswordReset {
                username: u.clone(),
                reset_url: url.clone(),
                expires_in: d,
            },
            Message::PasswordChanged {
                username: u.clone(),
            },
            Message::RegistrationInvite {
                invited_by: u.clone(),
                register_url: url.clone(),
                expires_in: d,
            },
            Message::FamilyInvite {
                family_name: u.clone(),
                invited_by: u.clone(),
                role: "parent".into(),
                invite_url: url.clone(),
                expires_in: d,
            },
            Message::ConfirmRegistration {
                username: u.clone(),
                confirm_url: url.clone(),
                expires_in: d,
            },
            Message::VerifyEmail {
                username: u.clone(),
                confirm_url: url.clone(),
                expires_in: d,
            },
            Message::ConfirmNewEmail {
                username: u.clone(),
                confirm_url: url.clone(),
                expires_in: d,
            },
            Message::EmailChangeRequested {
                username: u.clone(),
                new_email: url.clone(),
            },
            Message::AccountExists {
                username: u.clone(),
                login_url: url.clone(),
                reset_url: url.clone(),
            },
            Message::ContactMessage {
                page_title: u.clone(),
                page_url: url.clone(),
                contact_name: u.clone(),
                contact_email: u.clone(),
                message: u.clone(),
            },
            Message::CampaignEmail {
                campaign_title: u.clone(),
                campaign_url: url.clone(),
                representative_name: u.clone(),
                representative_office: u.clone(),
                representative_district: u.clone(),
                supporter_name: u.clone(),
                supporter_email: u.clone(),
                supporter_postal_code: u.clone(),
                subject: u.clone(),
                message: u.clone(),
            },
            Message::ResponseVerification {
                representative_name: u.clone(),
                campaign_title: u.clone(),
                response_text: u,
                verify_url: url.clone(),
                report_url: url,
                expires_in: d,
            },
        ]
        .into_iter()
        .chain(
            [
                ShiftEmail::SignedUp { waitlisted: false },
                ShiftEmail::SignedUp { waitlisted: true },
                ShiftEmail::Promoted,
                ShiftEmail::Reminder,
                ShiftEmail::Cancelled,
            ]
            .map(|email| Message::Shift {
                email,
                volunteer_name: "Sam".into(),
                shift: ShiftDetails {
                    title: "Canvass".into(),
                    date: "Saturday, June 13, 2026".into(),
                    time: "10:00–13:00 MDT".into(),
                    location: "Hall".into(),
                },
                cancel_url: "http://x/shifts/cancel?token=1".into(),
            }),
        )
        .collect()
    }

    #[test]
    fn each_email_fills_exactly_the_variables_of_its_built_in_template() {
        for message in every_message() {
            let (key, values) = message.template().expect("a built-in template");
            let built_in = built_in_named(key).expect("a built-in key");
            let mut expected = built_in.variables.to_vec();
            expected.sort_unstable();
            let given: Vec<&str> = values.keys().map(String::as_str).collect();
            assert_eq!(given, expected, "{key}");
        }
    }

    #[test]
    fn a_read_only_invitation_sets_read_only() {
        let invite = |role: &str| Message::FamilyInvite {
            family_name: "f".into(),
            invited_by: "i".into(),
            role: role.into(),
            invite_url: "u".into(),
            expires_in: Duration::days(7),
        };
        assert_eq!(
            invite("read_only").template().unwrap().1["READ_ONLY"],
            "yes"
        );
        assert_eq!(invite("parent").template().unwrap().1["READ_ONLY"], "");
        assert_eq!(
            invite("parent").template().unwrap().1["EXPIRES_IN"],
            "7 days"
        );
    }

    #[test]
    fn link_lifetimes_read_in_the_nearest_unit() {
        let cases = [
            (Duration::minutes(30) - Duration::seconds(2), "30 minutes"),
            (Duration::seconds(20), "1 minute"),
            (Duration::hours(24) - Duration::seconds(5), "24 hours"),
            (Duration::days(7) - Duration::seconds(5), "7 days"),
            (Duration::days(1) + Duration::hours(23), "47 hours"),
            (Duration::days(2), "2 days"),
        ];
        for (duration, text) in cases {
            assert_eq!(lasting(duration), text, "{duration}");
        }
    }
}
