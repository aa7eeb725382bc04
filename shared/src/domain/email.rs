//! Email addresses, parsed by the `email_address` crate with the strict options:
//! a bare address (no display name), a domain with a top-level part, no address
//! literal. What passes is what a mail service accepts as a recipient.

use std::fmt;

use email_address::{EmailAddress, Options};

/// An email address as a person types it, trimmed; at most 254 characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let raw = raw.trim();
        let options = Options::default()
            .with_required_tld()
            .without_display_text()
            .without_domain_literal();
        match EmailAddress::parse_with_options(raw, options) {
            Ok(_) if raw.len() <= 254 => Ok(Self(raw.to_string())),
            _ => Err("Enter a valid email address"),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plausible_addresses_pass() {
        for ok in ["a@b.co", "first.last+tag@sub.example.org", "zoë@bücher.de"] {
            assert!(Email::parse(ok).is_ok(), "{ok}");
        }
        assert_eq!(Email::parse(" a@b.co ").unwrap().as_str(), "a@b.co");
    }

    #[test]
    fn what_a_mail_service_would_refuse_does_not() {
        for bad in [
            "",
            "plain",
            "@b.co",
            "a@b",
            "a@@b.co",
            "a b@c.de",
            "a@.b.co",
            "a@b.co.",
            "a@b..co",
            "bait,x@example.org",
            "x@-bad-.org",
            "Ada <ada@example.org>",
            "x@[127.0.0.1]",
            "x..y@example.org",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad:?}");
        }
        let long = format!("{}@{}.org", "a".repeat(64), "b".repeat(200));
        assert!(Email::parse(&long).is_err());
    }
}
