//! Renders each email of the platform as subject, plain text and HTML.

use shared::jobs::EmailMessage;

/// A rendered email.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
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

/// Renders one email.
pub fn render(message: &EmailMessage) -> Rendered {
    match message {
        EmailMessage::PasswordReset {
            username,
            reset_url,
            expires_minutes,
        } => {
            let lines = vec![
                format!("Hello {username},"),
                "Someone asked to reset the password of your account. If it was you, choose a new password with the link below.".to_string(),
                format!("The link works once, for {expires_minutes} minutes. If you did not ask for this, ignore this email: your password stays as it is."),
            ];
            Rendered {
                subject: "Reset your password".into(),
                text: format!("{}\n\n{reset_url}\n", lines.join("\n\n")),
                html: page(&lines, Some(("Choose a new password", reset_url))),
            }
        }
        EmailMessage::PasswordChanged { username } => {
            let lines = vec![
                format!("Hello {username},"),
                "The password of your account was just changed, and every device was signed out."
                    .to_string(),
                "If this was not you, reset your password at once and tell your administrator."
                    .to_string(),
            ];
            Rendered {
                subject: "Your password was changed".into(),
                text: lines.join("\n\n"),
                html: page(&lines, None),
            }
        }
        EmailMessage::RegistrationInvite {
            invited_by,
            register_url,
            expires_days,
        } => {
            let lines = vec![
                "Hello,".to_string(),
                format!("{invited_by} invites you to create an account."),
                format!(
                    "The invitation works once, for {expires_days} days, with this email address."
                ),
            ];
            Rendered {
                subject: format!("{invited_by} invites you to join"),
                text: format!("{}\n\n{register_url}\n", lines.join("\n\n")),
                html: page(&lines, Some(("Create your account", register_url))),
            }
        }
        EmailMessage::FamilyInvite {
            family_name,
            invited_by,
            role,
            invite_url,
            expires_days,
        } => {
            let access = if role == "read_only" {
                "see"
            } else {
                "see and update"
            };
            let lines = vec![
                "Hello,".to_string(),
                format!(
                    "{invited_by} invites you to join the family \"{family_name}\" on Trajectory, where you can {access} the children's health records."
                ),
                format!(
                    "The invitation works once, for {expires_days} days. Sign in or create an account, then accept it."
                ),
            ];
            Rendered {
                subject: format!("{invited_by} invites you to the family {family_name}"),
                text: format!("{}\n\n{invite_url}\n", lines.join("\n\n")),
                html: page(&lines, Some(("Accept the invitation", invite_url))),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reset_email_carries_the_link_in_both_bodies() {
        let rendered = render(&EmailMessage::PasswordReset {
            username: "ada".into(),
            reset_url: "http://127.0.0.1:3000/reset-password?token=abc&x=1".into(),
            expires_minutes: 30,
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
        let rendered = render(&EmailMessage::RegistrationInvite {
            invited_by: "<script>alert(1)</script>".into(),
            register_url: "http://x/register?invite=t".into(),
            expires_days: 7,
        });
        assert!(!rendered.html.contains("<script>"));
        assert!(rendered.html.contains("&lt;script&gt;"));
    }
}
