//! Renders each email of the platform as subject, plain text and HTML, from the
//! [`Message`] the worker composed when it sent the email (`letters`).

use chrono::Duration;

/// A rendered email.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// The emails the platform sends, with what each says. Names and texts come
/// from users (display names, family names) and are escaped in HTML; links are
/// built by the worker and carry a token minted for this one email.
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
}

/// Escapes text for HTML element and attribute content.
fn escape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn page(paragraphs: &[String], link: Option<(&str, &str)>) -> String {
    let mut html = String::from(
        "<!doctype html><html><body style=\"font-family:sans-serif;line-height:1.5;color:#222\">",
    );
    for p in paragraphs {
        html.push_str(&format!("<p>{}</p>", escape(p)));
    }
    if let Some((label, url)) = link {
        html.push_str(&format!(
            "<p><a href=\"{url}\" style=\"display:inline-block;padding:10px 16px;background:#2457c5;color:#fff;border-radius:6px;text-decoration:none\">{label}</a></p><p style=\"font-size:12px;color:#666\">{url}</p>",
            url = escape(url),
            label = escape(label)
        ));
    }
    html.push_str("</body></html>");
    html
}

/// An email of `lines` with one button to `url`, and the URL in the text body.
fn with_link(subject: String, lines: &[String], label: &str, url: &str) -> Rendered {
    Rendered {
        subject,
        text: format!("{}\n\n{url}\n", lines.join("\n\n")),
        html: page(lines, Some((label, url))),
    }
}

/// An email of `lines` and no link.
fn notice(subject: &str, lines: &[String]) -> Rendered {
    Rendered {
        subject: subject.into(),
        text: lines.join("\n\n"),
        html: page(lines, None),
    }
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

/// Renders one email.
pub fn render(message: &Message) -> Rendered {
    match message {
        Message::PasswordReset {
            username,
            reset_url,
            expires_in,
        } => with_link(
            "Reset your password".into(),
            &[
                format!("Hello {username},"),
                "Someone asked to reset the password of your account. If it was you, choose a new password with the link below.".to_string(),
                format!("The link works once, for {}. If you did not ask for this, ignore this email: your password stays as it is.", lasting(*expires_in)),
            ],
            "Choose a new password",
            reset_url,
        ),
        Message::PasswordChanged { username } => notice(
            "Your password was changed",
            &[
                format!("Hello {username},"),
                "The password of your account was just changed, and every device was signed out."
                    .to_string(),
                "If this was not you, reset your password at once and tell your administrator."
                    .to_string(),
            ],
        ),
        Message::RegistrationInvite {
            invited_by,
            register_url,
            expires_in,
        } => with_link(
            format!("{invited_by} invites you to join"),
            &[
                "Hello,".to_string(),
                format!("{invited_by} invites you to create an account."),
                format!(
                    "The invitation works once, for {}, with this email address.",
                    lasting(*expires_in)
                ),
            ],
            "Create your account",
            register_url,
        ),
        Message::FamilyInvite {
            family_name,
            invited_by,
            role,
            invite_url,
            expires_in,
        } => {
            let access = if role == "read_only" {
                "see"
            } else {
                "see and update"
            };
            with_link(
                format!("{invited_by} invites you to the family {family_name}"),
                &[
                    "Hello,".to_string(),
                    format!(
                        "{invited_by} invites you to join the family \"{family_name}\" on Trajectory, where you can {access} the children's health records."
                    ),
                    format!(
                        "The invitation works once, for {}, for the account that uses this email address. Sign in or create an account with it, then accept.",
                        lasting(*expires_in)
                    ),
                ],
                "Accept the invitation",
                invite_url,
            )
        }
        Message::ConfirmRegistration {
            username,
            confirm_url,
            expires_in,
        } => with_link(
            "Confirm your email address".into(),
            &[
                "Hello,".to_string(),
                format!(
                    "Someone, hopefully you, asked to create the account \"{username}\" with this email address. Open the link below to confirm the address and create the account."
                ),
                format!(
                    "The link works once, for {}. If you did not ask for this, ignore this email: no account is created.",
                    lasting(*expires_in)
                ),
            ],
            "Confirm and create the account",
            confirm_url,
        ),
        Message::VerifyEmail {
            username,
            confirm_url,
            expires_in,
        } => with_link(
            "Confirm your email address".into(),
            &[
                format!("Hello {username},"),
                "Open the link below to confirm that this address belongs to your account."
                    .to_string(),
                format!("The link works once, for {}.", lasting(*expires_in)),
            ],
            "Confirm the address",
            confirm_url,
        ),
        Message::ConfirmNewEmail {
            username,
            confirm_url,
            expires_in,
        } => with_link(
            "Confirm your new email address".into(),
            &[
                format!("Hello {username},"),
                "You asked to use this address for your account. It takes the place of the old one once you open the link below.".to_string(),
                format!(
                    "The link works once, for {}. If you did not ask for this, ignore this email: nothing changes.",
                    lasting(*expires_in)
                ),
            ],
            "Use this address",
            confirm_url,
        ),
        Message::EmailChangeRequested {
            username,
            new_email,
        } => notice(
            "A change of your email address was asked for",
            &[
                format!("Hello {username},"),
                format!(
                    "Someone signed in to your account with its password and asked to use {new_email} as its email address instead of this one. The change takes effect only once that address confirms it."
                ),
                "If this was not you, change your password at once: whoever asked knows it."
                    .to_string(),
            ],
        ),
        Message::AccountExists {
            username,
            login_url,
            reset_url,
        } => notice(
            "Someone tried to register with your email address",
            &[
                format!("Hello {username},"),
                "Someone just tried to create a new account with this email address. It already belongs to your account, so no second account was created.".to_string(),
                format!("If it was you, sign in at {login_url} (or choose a new password at {reset_url} if you forgot it)."),
                "If it was not you, ignore this email: nothing changed.".to_string(),
            ],
        ),
        Message::ResponseVerification {
            representative_name,
            campaign_title,
            response_text,
            verify_url,
            report_url,
            expires_in,
        } => with_link(
            format!("Is this your response about \"{campaign_title}\"?"),
            &[
                format!("Hello {representative_name},"),
                format!(
                    "A constituent posted the response below, attributed to you, on the public page of the campaign \"{campaign_title}\"."
                ),
                response_text.clone(),
                format!("If it is yours, confirm it and it is shown with a verified badge: {verify_url}"),
                format!("If it is not, report it and it is taken down for review: {report_url}"),
                format!("Both links work for {}.", lasting(*expires_in)),
            ],
            "Confirm this response",
            verify_url,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reset_email_carries_the_link_in_both_bodies() {
        let rendered = render(&Message::PasswordReset {
            username: "ada".into(),
            reset_url: "http://127.0.0.1:3000/reset-password?token=abc&x=1".into(),
            expires_in: Duration::minutes(30),
        });
        assert_eq!(rendered.subject, "Reset your password");
        assert!(
            rendered
                .text
                .contains("http://127.0.0.1:3000/reset-password?token=abc&x=1")
        );
        assert!(
            rendered
                .html
                .contains("href=\"http://127.0.0.1:3000/reset-password?token=abc&amp;x=1\"")
        );
        assert!(rendered.text.contains("30 minutes"));
    }

    #[test]
    fn user_supplied_text_is_escaped_in_html() {
        let rendered = render(&Message::RegistrationInvite {
            invited_by: "<script>alert(1)</script>".into(),
            register_url: "http://x/register?invite=t".into(),
            expires_in: Duration::days(7),
        });
        assert!(!rendered.html.contains("<script>"));
        assert!(rendered.html.contains("&lt;script&gt;"));
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

    #[test]
    fn notices_carry_no_link_button() {
        let rendered = render(&Message::EmailChangeRequested {
            username: "ada".into(),
            new_email: "new@example.org".into(),
        });
        assert!(rendered.text.contains("new@example.org"));
        assert!(!rendered.html.contains("<a "));
    }
}
